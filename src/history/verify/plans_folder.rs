//! The `plans/` folder of a commit, read once, and the rule for what it may
//! hold: only plain plan files, a regular, non-executable `plans/<id>.json`
//! (and the empty `plans/.gitkeep` that `init` makes). Anything else a commit
//! brings there (another file, a sub-folder, an executable file, a symbolic
//! link, a submodule, or `plans` itself turned into one of these) would be
//! read by no check, or by a tool the wrong way.

use std::cmp::Ordering;
use std::path::Path;
use std::rc::Rc;

use git2::{FileMode, Oid, Tree, TreeEntry};

use super::{Place, Verifier};
use crate::history::repo::PLANS_DIR;
use crate::i18n::{Message, VerifyMsg};
use crate::plan::Severity;
use crate::workspace::is_valid_id;

/// The file `init` puts in the empty plans folder.
const KEEP_FILE: &str = ".gitkeep";

/// One entry of a tree: name, mode, object.
pub(super) type Entry<'f> = (&'f [u8], i32, Oid);

/// A `plans/` folder as read once (libgit2 checked its hash then): every
/// entry in the tree's order, and the plan files sorted by name. The names
/// share one buffer: a commit's folder of a thousand plans is one read and
/// three allocations, not two thousand.
#[derive(Default)]
pub(super) struct Folder {
    names: Vec<u8>,
    /// Where each name is in `names`, its mode and its object.
    entries: Vec<(u32, u32, i32, Oid)>,
    /// The entries that are plan files (names ending `.json`), by name.
    plans: Vec<usize>,
}

impl Folder {
    pub(super) fn read(tree: &Tree<'_>) -> Folder {
        let mut folder = Folder::default();
        for entry in tree.iter() {
            let start = folder.names.len();
            folder.names.extend_from_slice(entry.name_bytes());
            let end = folder.names.len();
            // Names over 4 GB cannot be in a tree git reads.
            let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) else {
                break;
            };
            folder
                .entries
                .push((start, end, entry.filemode(), entry.id()));
        }
        let mut plans: Vec<usize> = (0..folder.entries.len())
            .filter(|index| {
                let (name, _, _) = folder.entry(*index);
                name.ends_with(b".json") && std::str::from_utf8(name).is_ok()
            })
            .collect();
        // Already in order but for a folder named like a plan, which a tree
        // sorts as if its name ended in `/`.
        plans.sort_by(|a, b| folder.entry(*a).0.cmp(folder.entry(*b).0));
        folder.plans = plans;
        folder
    }

    fn entry(&self, index: usize) -> Entry<'_> {
        let (start, end, mode, id) = self.entries[index];
        (&self.names[start as usize..end as usize], mode, id)
    }

    /// Every entry, in the tree's order.
    pub(super) fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.entries.len()).map(|index| self.entry(index))
    }

    /// The plan files (`x.json`, names in UTF-8) and their blobs, sorted
    /// by name.
    pub(super) fn plans(&self) -> impl Iterator<Item = (&[u8], Oid)> {
        self.plans.iter().map(|index| {
            let (name, _, id) = self.entry(*index);
            (name, id)
        })
    }

    /// The blob of the plan file `name` (`x.json`).
    pub(super) fn plan(&self, name: &str) -> Option<Oid> {
        let found = self
            .plans
            .binary_search_by(|index| self.entry(*index).0.cmp(name.as_bytes()))
            .ok()?;
        Some(self.entry(self.plans[found]).2)
    }

    /// The entries no folder of `others` has as they are (name, mode and
    /// object), walking each beside this one in the tree's order. A tree out
    /// of git's order (which git never writes) only makes more entries new.
    pub(super) fn new_entries<'f>(&'f self, others: &[Rc<Folder>]) -> Vec<Entry<'f>> {
        let mut known = vec![false; self.entries.len()];
        for other in others {
            let mut theirs = other.entries().peekable();
            for (index, entry) in self.entries().enumerate() {
                while let Some(other) = theirs.peek() {
                    if same(other, &entry) {
                        known[index] = true;
                        theirs.next();
                        break;
                    }
                    if tree_order(other, &entry) != Ordering::Less {
                        break;
                    }
                    theirs.next();
                }
            }
        }
        self.entries()
            .zip(known)
            .filter(|(_, known)| !known)
            .map(|(entry, _)| entry)
            .collect()
    }
}

/// The same entry: object first (compared here, not through libgit2), as
/// that is what tells a changed file from its old self.
fn same(a: &Entry<'_>, b: &Entry<'_>) -> bool {
    a.2.as_bytes() == b.2.as_bytes() && a.1 == b.1 && a.0 == b.0
}

/// Git's order of tree entries: by name, a folder's as if it ended in `/`.
fn tree_order(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    let common = a.0.len().min(b.0.len());
    let order = a.0[..common].cmp(&b.0[..common]);
    if order != Ordering::Equal {
        return order;
    }
    // Past the shorter name: its end (a folder's `/`) against the other's
    // next byte.
    let next = |(name, mode, _): &Entry<'_>| {
        name.get(common)
            .copied()
            .or((*mode == i32::from(FileMode::Tree)).then_some(b'/'))
    };
    next(a).cmp(&next(b))
}

fn top_entry(tree: &Tree<'_>) -> Option<(i32, Oid)> {
    tree.get_path(Path::new(PLANS_DIR))
        .ok()
        .map(|entry: TreeEntry<'_>| (entry.filemode(), entry.id()))
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
        let mine = top_entry(tree);
        let theirs: Vec<Option<(i32, Oid)>> = parents.iter().map(top_entry).collect();
        if theirs.contains(&mine) {
            return;
        }
        let mut found: Vec<String> = Vec::new();
        let lang = self.lang;
        match mine {
            None => return,
            Some((mode, _)) if mode != i32::from(FileMode::Tree) => {
                let what = problem(b"plans", mode).unwrap_or(VerifyMsg::KindOther);
                found.push(format!("{PLANS_DIR} ({})", what.get(lang)));
            }
            Some((_, id)) => {
                let Some(folder) = self.folder(id) else {
                    // Reported as an unreadable object.
                    return;
                };
                let parent_folders: Vec<Rc<Folder>> = theirs
                    .iter()
                    .flatten()
                    .filter(|(mode, _)| *mode == i32::from(FileMode::Tree))
                    .filter_map(|(_, id)| self.folder(*id))
                    .collect();
                for (name, mode, _) in folder.new_entries(&parent_folders) {
                    if let Some(what) = problem(name, mode) {
                        found.push(format!(
                            "{PLANS_DIR}/{} ({})",
                            String::from_utf8_lossy(name).escape_debug(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// A folder of these entries, in git's tree order.
    fn folder(entries: &[(String, bool, u8)]) -> Folder {
        let mut owned: Vec<(Vec<u8>, i32, Oid)> = entries
            .iter()
            .map(|(name, is_folder, id)| {
                let mode = if *is_folder {
                    FileMode::Tree
                } else {
                    FileMode::Blob
                };
                let id = Oid::from_bytes(&[*id; 20]).unwrap_or(Oid::ZERO_SHA1);
                (name.clone().into_bytes(), i32::from(mode), id)
            })
            .collect();
        owned.sort_by(|a, b| tree_order(&(&a.0, a.1, a.2), &(&b.0, b.1, b.2)));
        owned.dedup_by(|a, b| a.0 == b.0);
        let mut folder = Folder::default();
        for (name, mode, id) in owned {
            let start = folder.names.len() as u32;
            folder.names.extend_from_slice(&name);
            folder
                .entries
                .push((start, folder.names.len() as u32, mode, id));
        }
        folder
    }

    fn entries() -> impl Strategy<Value = Vec<(String, bool, u8)>> {
        prop::collection::vec(("[a-c]{1,3}(\\.json)?", any::<bool>(), 0u8..3), 0..20)
    }

    proptest! {
        /// Walking the folders side by side finds exactly the entries that
        /// no other folder has as they are.
        #[test]
        fn new_entries_are_those_no_other_folder_has(
            mine in entries(),
            others in prop::collection::vec(entries(), 0..3),
        ) {
            let mine = folder(&mine);
            let others: Vec<Rc<Folder>> = others.iter().map(|o| Rc::new(folder(o))).collect();
            let known: HashSet<Entry<'_>> = others.iter().flat_map(|o| o.entries()).collect();
            let expected: Vec<Entry<'_>> =
                mine.entries().filter(|entry| !known.contains(entry)).collect();
            prop_assert_eq!(mine.new_entries(&others), expected);
        }
    }
}
