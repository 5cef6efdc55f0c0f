//! What changes how plain git shows the history without changing the
//! history: replaced objects (`git replace`), grafts (`.git/info/grafts`),
//! and a shallow clone, whose history stops short. Verify reads the commits
//! as their objects record them, and names each of these.

use git2::Oid;

use super::{Place, Verifier};
use crate::history::repo::short_id;
use crate::i18n::{Message, VerifyMsg};
use crate::plan::Severity;

/// The refs `git replace` keeps its replacements under.
const REPLACE_REFS: &str = "refs/replace/";

/// The commit ids listed one per line in a file of the git folder.
fn ids_in(text: &str) -> Vec<Oid> {
    text.lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter_map(|hex| Oid::from_str(hex).ok())
        .collect()
}

impl Verifier<'_> {
    /// Replacements and grafts (errors), and where a shallow history stops.
    pub(super) fn check_repository(&mut self) {
        let lang = self.lang;
        if let Ok(references) = self.repo.git.references_glob(&format!("{REPLACE_REFS}*")) {
            for reference in references.flatten() {
                let Ok(name) = reference.name().map(str::to_owned) else {
                    continue;
                };
                let Some(original) = name
                    .strip_prefix(REPLACE_REFS)
                    .and_then(|hex| Oid::from_str(hex).ok())
                else {
                    continue;
                };
                let replacement = reference.target().map(short_id).unwrap_or_default();
                let place = self.place_of(original);
                let text = VerifyMsg::Replaced.fill(
                    lang,
                    &[
                        ("commit", &short_id(original)),
                        ("replacement", &replacement),
                    ],
                );
                let mut finding = place.finding(Severity::Error, "replaced-object", text);
                finding.hint =
                    Some(VerifyMsg::ReplacedHint.fill(lang, &[("commit", &short_id(original))]));
                self.push(finding);
            }
        }
        let grafts = self.repo.git_dir().join("info").join("grafts");
        if let Ok(text) = std::fs::read_to_string(&grafts) {
            let grafted = ids_in(&text);
            if !grafted.is_empty() {
                let commits: Vec<String> = grafted.iter().map(|oid| short_id(*oid)).collect();
                let text = VerifyMsg::Grafted.fill(lang, &[("commits", &commits.join(", "))]);
                let mut finding = Place::default().finding(Severity::Error, "grafted", text);
                finding.hint = Some(VerifyMsg::GraftedHint.get(lang));
                self.push(finding);
            }
        }
        if self.repo.git.is_shallow() {
            let shallow = self.repo.git_dir().join("shallow");
            let text = std::fs::read_to_string(shallow).unwrap_or_default();
            self.shallow = ids_in(&text).into_iter().collect();
        }
    }

    /// The place of a commit, or just its id when it cannot be read.
    fn place_of(&self, commit: Oid) -> Place {
        match self.repo.git.find_commit(commit) {
            Ok(found) => Place::of(&found),
            Err(_) => Place {
                commit: Some(commit),
                ..Place::default()
            },
        }
    }

    /// A shallow clone has this commit but not its parents.
    pub(super) fn history_missing(&mut self, commit: &git2::Commit<'_>) {
        let lang = self.lang;
        let text = VerifyMsg::HistoryMissing.fill(lang, &[("commit", &short_id(commit.id()))]);
        let mut finding = Place::of(commit).finding(Severity::Error, "history-incomplete", text);
        finding.hint = Some(VerifyMsg::HistoryMissingHint.get(lang));
        self.push(finding);
    }
}
