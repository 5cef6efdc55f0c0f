//! The last verified point: `verify --record` remembers HEAD in a ref, and a
//! later `verify` checks that the history still leads through it.

use git2::{ErrorCode, Oid};

use super::{Place, Verifier};
use crate::error::CommandError;
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::i18n::{Lang, Message, VerifyMsg};

/// The ref `verify --record` stores the last verified head in.
pub const VERIFIED_REF: &str = "refs/backbrief/verified";

/// Remembers `head` as the last verified point ([`VERIFIED_REF`]).
pub fn record_verified(repo: &PlansRepo, head: Oid, lang: Lang) -> Result<(), CommandError> {
    repo.git
        .reference(VERIFIED_REF, head, true, "backbrief verify --record")
        .map(|_| ())
        .map_err(|e| git_error(&e, lang))
}

impl Verifier<'_> {
    /// The head recorded by `verify --record` must still be in the history.
    pub(super) fn check_verified_point(&mut self, head: Oid) {
        let lang = self.lang;
        let verified = match self.repo.git.refname_to_id(VERIFIED_REF) {
            Ok(verified) if verified == head => return,
            Ok(verified) => verified,
            Err(error) if error.code() == ErrorCode::NotFound => return,
            Err(error) => {
                let text = VerifyMsg::VerifiedUnchecked.fill(
                    lang,
                    &[("commit", &VERIFIED_REF), ("detail", &error.message())],
                );
                self.error(&Place::default(), "verified-point-unchecked", text);
                return;
            }
        };
        let short = short_id(verified);
        let Ok(commit) = self.repo.git.find_commit(verified) else {
            let place = Place {
                commit: Some(verified),
                ..Place::default()
            };
            let text = VerifyMsg::VerifiedGone.fill(lang, &[("commit", &short)]);
            self.error(&place, "history-rewritten", text);
            return;
        };
        let place = Place::of(&commit);
        match self.repo.git.graph_descendant_of(head, verified) {
            Ok(true) => {}
            Ok(false) => {
                let text = VerifyMsg::HistoryRewritten.fill(lang, &[("commit", &short)]);
                self.error(&place, "history-rewritten", text);
            }
            Err(error) => {
                let text = VerifyMsg::VerifiedUnchecked
                    .fill(lang, &[("commit", &short), ("detail", &error.message())]);
                self.error(&place, "verified-point-unchecked", text);
            }
        }
    }
}
