//! Uncommitted edits to plans: in the work tree or the index, or untracked.

use super::{Place, Verifier};
use crate::history::repo::PLANS_DIR;
use crate::history::unrecorded::{plan_id_of, unrecorded_plan_files};
use crate::i18n::{Message, VerifyMsg};
use crate::plan::Severity;

impl Verifier<'_> {
    /// Edits to plans that are not recorded (work tree or index): warnings.
    pub(super) fn check_work_tree(&mut self) {
        let lang = self.lang;
        let folder = self.repo.root.join(PLANS_DIR);
        if crate::plan::source::is_symlink(&folder) || !folder.is_dir() {
            // The commit that made it so is a finding; unless that is
            // not committed, there is no folder of plans to compare.
            let detail = VerifyMsg::WorkTreeNoPlansFolder.get(lang);
            let text = VerifyMsg::WorkTreeUnchecked.fill(lang, &[("detail", &detail)]);
            let finding = Place::default().finding(Severity::Warning, "work-tree-unchecked", text);
            self.push(finding);
            return;
        }
        let statuses = match unrecorded_plan_files(self.repo) {
            Ok(statuses) => statuses,
            Err(error) => {
                let text = VerifyMsg::WorkTreeUnchecked.fill(lang, &[("detail", &error.message())]);
                let finding =
                    Place::default().finding(Severity::Warning, "work-tree-unchecked", text);
                self.push(finding);
                return;
            }
        };
        let mut found = Vec::new();
        for (path, status) in &statuses {
            let Some(plan) = plan_id_of(path) else {
                continue;
            };
            let (code, message, hint) = if status.is_wt_new() || status.is_index_new() {
                (
                    "uncommitted-new",
                    VerifyMsg::UncommittedNew,
                    VerifyMsg::UncommittedNewHint,
                )
            } else if status.is_wt_deleted() || status.is_index_deleted() {
                (
                    "uncommitted-deleted",
                    VerifyMsg::UncommittedDeleted,
                    VerifyMsg::UncommittedHint,
                )
            } else {
                (
                    "uncommitted-change",
                    VerifyMsg::UncommittedChange,
                    VerifyMsg::UncommittedHint,
                )
            };
            let args: [(&str, &dyn std::fmt::Display); 2] = [("file", &path), ("plan", &plan)];
            let mut finding =
                Place::default().finding(Severity::Warning, code, message.fill(lang, &args));
            finding.hint = Some(hint.fill(lang, &args));
            finding.plan = Some(plan.to_string());
            found.push((path.to_string(), finding));
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        self.report
            .findings
            .extend(found.into_iter().map(|(_, finding)| finding));
    }
}
