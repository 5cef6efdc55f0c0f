//! The last verified point: `verify --record` remembers HEAD in a ref, and
//! appends it to a log in the git folder; a later `verify` checks that the
//! history still leads through both. Deleting the ref (`git update-ref -d`)
//! does not erase the log, so it does not hide a rewrite.

use std::io::Write;
use std::path::PathBuf;

use git2::{ErrorCode, Oid};

use super::{Place, Verifier};
use crate::error::CommandError;
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::i18n::{Lang, Message, VerifyMsg};
use crate::plan::Severity;

/// The ref `verify --record` stores the last verified head in.
pub const VERIFIED_REF: &str = "refs/backbrief/verified";

/// The log of verified points, inside the git folder: one line per
/// `verify --record`, `<commit> <seconds since 1970>`, only ever appended to.
pub const VERIFIED_LOG: &str = "backbrief/verified.log";

fn log_path(repo: &PlansRepo) -> PathBuf {
    repo.git_dir().join(VERIFIED_LOG)
}

/// The verified points in the log, oldest first (unreadable lines left out).
pub fn verified_points(repo: &PlansRepo) -> Vec<Oid> {
    let text = std::fs::read_to_string(log_path(repo)).unwrap_or_default();
    text.lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter_map(|hex| Oid::from_str(hex).ok())
        .collect()
}

/// Remembers `head` as the last verified point: in [`VERIFIED_REF`], and
/// appended to [`VERIFIED_LOG`].
pub fn record_verified(repo: &PlansRepo, head: Oid, lang: Lang) -> Result<(), CommandError> {
    if verified_points(repo).last() != Some(&head) {
        let path = log_path(repo);
        let written = (|| -> std::io::Result<()> {
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)?;
            }
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?;
            file.write_all(format!("{head} {seconds}\n").as_bytes())?;
            file.sync_all()
        })();
        written.map_err(|error| {
            CommandError::environment(VerifyMsg::LogNotWritten.fill(
                lang,
                &[
                    ("file", &path.display()),
                    ("reason", &crate::io_reason(&error, lang)),
                ],
            ))
        })?;
    }
    repo.git
        .reference(VERIFIED_REF, head, true, "backbrief verify --record")
        .map(|_| ())
        .map_err(|e| git_error(&e, lang))
}

impl Verifier<'_> {
    /// The head recorded by `verify --record` (in the ref, and last in the
    /// log) must still be in the history.
    pub(super) fn check_verified_point(&mut self, head: Oid) {
        let lang = self.lang;
        let logged = verified_points(self.repo).last().copied();
        let in_ref = match self.repo.git.refname_to_id(VERIFIED_REF) {
            Ok(verified) => Some(verified),
            Err(error) if error.code() == ErrorCode::NotFound => None,
            Err(error) => {
                let text = VerifyMsg::VerifiedUnchecked.fill(
                    lang,
                    &[("commit", &VERIFIED_REF), ("detail", &error.message())],
                );
                self.error(&Place::default(), "verified-point-unchecked", text);
                None
            }
        };
        if let Some(logged) = logged
            && in_ref.is_none()
        {
            let text = VerifyMsg::VerifiedRefGone.fill(
                lang,
                &[
                    ("reference", &VERIFIED_REF),
                    ("log", &format!(".git/{VERIFIED_LOG}")),
                    ("commit", &short_id(logged)),
                ],
            );
            let mut finding =
                Place::default().finding(Severity::Warning, "verified-ref-missing", text);
            finding.hint = Some(VerifyMsg::VerifiedRefGoneHint.get(lang));
            self.push(finding);
        }
        let mut points = vec![];
        points.extend(in_ref);
        points.extend(logged.filter(|logged| Some(*logged) != in_ref));
        for verified in points {
            self.check_leads_through(head, verified);
        }
    }

    fn check_leads_through(&mut self, head: Oid, verified: Oid) {
        let lang = self.lang;
        if verified == head {
            return;
        }
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
