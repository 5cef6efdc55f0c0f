//! Only plain plan files under `plans/`: a regular, non-executable
//! `plans/<id>.json` (and the empty `plans/.gitkeep` that `init` makes).
//! Anything else a commit brings there (another file, a sub-folder, an
//! executable file, a symbolic link, a submodule, or `plans` itself turned
//! into one of these) would be read by no check, or by a tool the wrong way.

use std::collections::HashSet;
use std::path::Path;

use git2::{FileMode, Oid, Tree, TreeEntry};

use super::{Place, Verifier};
use crate::history::repo::PLANS_DIR;
use crate::i18n::{Message, VerifyMsg};
use crate::plan::Severity;
use crate::workspace::is_valid_id;

/// The file `init` puts in the empty plans folder.
const KEEP_FILE: &str = ".gitkeep";

/// One entry of a tree: name, mode, object.
pub(super) type Entry = (Vec<u8>, i32, Oid);

pub(super) fn entry_of(entry: &TreeEntry<'_>) -> Entry {
    (entry.name_bytes().to_vec(), entry.filemode(), entry.id())
}

/// What is wrong with an entry under `plans/`, when something is.
fn problem(name: &[u8], mode: i32) -> Option<VerifyMsg> {
    let kind = match mode {
        m if m == i32::from(FileMode::Tree) => return Some(VerifyMsg::KindFolder),
        m if m == i32::from(FileMode::Commit) => return Some(VerifyMsg::KindSubmodule),
        m if m == i32::from(FileMode::Link) => return Some(VerifyMsg::KindLink),
        m if m == i32::from(FileMode::BlobExecutable) => return Some(VerifyMsg::KindExecutable),
        m => m,
    };
    if kind != i32::from(FileMode::Blob) {
        return Some(VerifyMsg::KindOther);
    }
    let name = std::str::from_utf8(name).ok()?;
    let is_plan = name.strip_suffix(".json").is_some_and(is_valid_id);
    (!is_plan && name != KEEP_FILE).then_some(VerifyMsg::KindNotAPlan)
}

impl Verifier<'_> {
    /// The entries of the commit's `plans/` that no parent has as they are
    /// must each be a plain plan file.
    pub(super) fn check_plans_folder(
        &mut self,
        tree: &Tree<'_>,
        parents: &[Tree<'_>],
        place: &Place,
    ) {
        let top = |tree: &Tree<'_>| {
            tree.get_path(Path::new(PLANS_DIR))
                .ok()
                .map(|e| entry_of(&e))
        };
        let mine = top(tree);
        let theirs: Vec<Option<Entry>> = parents.iter().map(top).collect();
        if theirs.contains(&mine) {
            return;
        }
        let mut found: Vec<String> = Vec::new();
        let lang = self.lang;
        match &mine {
            None => return,
            Some((_, mode, _)) if *mode != i32::from(FileMode::Tree) => {
                let what = problem(b"plans", *mode).unwrap_or(VerifyMsg::KindOther);
                found.push(format!("{PLANS_DIR} ({})", what.get(lang)));
            }
            Some((_, _, id)) => {
                let Some(folder) = self.folder(*id) else {
                    // Reported as an unreadable object.
                    return;
                };
                let parent_folders: Vec<_> = theirs
                    .iter()
                    .flatten()
                    .filter(|(_, mode, _)| *mode == i32::from(FileMode::Tree))
                    .filter_map(|(_, _, id)| self.folder(*id))
                    .collect();
                // Looked up, not searched: a folder of a thousand plans
                // would otherwise cost a million comparisons a commit.
                let parent_entries: HashSet<&Entry> = parent_folders
                    .iter()
                    .flat_map(|folder| folder.entries.iter())
                    .collect();
                for entry in &folder.entries {
                    if parent_entries.contains(entry) {
                        continue;
                    }
                    if let Some(what) = problem(&entry.0, entry.1) {
                        found.push(format!(
                            "{PLANS_DIR}/{} ({})",
                            String::from_utf8_lossy(&entry.0).escape_debug(),
                            what.get(lang)
                        ));
                    }
                }
            }
        }
        if found.is_empty() {
            return;
        }
        let text = VerifyMsg::NotAPlanFile.fill(lang, &[("files", &found.join(", "))]);
        let mut finding = place.finding(Severity::Error, "not-a-plan-file", text);
        finding.hint = Some(VerifyMsg::NotAPlanFileHint.get(lang));
        self.push(finding);
    }
}
