//! The checks of a merge: its plans are the semantic merge of its parents
//! plus the resolutions its trailers record, and those trailers name exactly
//! the conflicts and who settled them.

use git2::{Commit, Oid};

use super::{Place, Verifier};
use crate::i18n::{Message, VerifyMsg};
use crate::plan::Severity;

impl Verifier<'_> {
    /// A merge's plans must be the semantic merge of its parents plus the
    /// resolutions its trailers record (see [`crate::history::sync`]), and
    /// those must name exactly the conflicts, and who settled them.
    pub(super) fn check_merge(&mut self, commit: &Commit<'_>, parents: &[Oid], place: &Place) {
        // Unreadable objects are reported on their own.
        let Ok(check) = crate::history::sync::check::check_merge_commit(self.repo, commit, parents)
        else {
            return;
        };
        let lang = self.lang;
        if !check.differing.is_empty() {
            let files = check.differing.join(", ");
            self.error(
                place,
                "merge-changes-plans",
                VerifyMsg::MergeChangesPlans.fill(lang, &[("files", &files)]),
            );
        }
        let settle_hint = VerifyMsg::SettleHint.get(lang);
        if !check.unsettled.is_empty() {
            let conflicts = check.unsettled.join(", ");
            let text = VerifyMsg::SettledByHand.fill(lang, &[("conflicts", &conflicts)]);
            let mut finding = place.finding(Severity::Error, "conflict-settled-by-hand", text);
            finding.hint = Some(settle_hint.clone());
            self.push(finding);
        }
        if !check.not_conflicts.is_empty() {
            let resolved = check.not_conflicts.join("; ");
            let text = VerifyMsg::ResolvedNotAConflict.fill(lang, &[("resolved", &resolved)]);
            let mut finding = place.finding(Severity::Error, "resolved-not-a-conflict", text);
            finding.hint = Some(VerifyMsg::ResolvedNotAConflictHint.get(lang));
            self.push(finding);
        }
        if check.settled_by_nobody {
            let mut finding = place.finding(
                Severity::Error,
                "resolved-by-missing",
                VerifyMsg::ResolvedByMissing.get(lang),
            );
            finding.hint = Some(settle_hint);
            self.push(finding);
        }
    }
}
