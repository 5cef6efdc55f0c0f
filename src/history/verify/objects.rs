//! Unreadable objects: every commit, tree and blob of the history is read
//! once, and libgit2 checks its hash as it reads it.

use git2::{Commit, FileMode, Oid, Tree};

use super::blobs::{self, Job};
use super::{Place, Verifier};
use crate::i18n::{Message, VerifyMsg};

/// A folder still to read: its tree and its path (`""` for the root,
/// else ending in `/`).
type Pending<'r> = (Tree<'r>, String);

impl<'r> Verifier<'r> {
    /// Reads the commit's tree and every object under it not read before
    /// (libgit2 checks each object's hash as it reads it).
    pub(super) fn check_objects(&mut self, commit: &Commit<'r>, place: &Place) -> Option<Tree<'r>> {
        let root_id = commit.tree_id();
        let root = match self.repo.git.find_tree(root_id) {
            Ok(tree) => tree,
            Err(error) => {
                let root_name = VerifyMsg::RootFolder.get(self.lang);
                self.unreadable(place, VerifyMsg::CorruptTree, root_id, &root_name, &error);
                return None;
            }
        };
        if !self.read_objects.insert(root_id) {
            return Some(root);
        }
        let mut stack = vec![(root.clone(), String::new())];
        while let Some((tree, folder)) = stack.pop() {
            for entry in tree.iter() {
                let (name, mode) = (entry.name_bytes(), entry.filemode());
                self.check_entry(place, entry.id(), mode, &folder, name, &mut stack);
            }
        }
        Some(root)
    }

    /// When only some commits are checked (a push, a fetch, what came since
    /// the verified point), the objects of a parent outside them were read
    /// when it was checked: its trees are listed (not its blobs read) and
    /// all taken as read, so a commit that changes one plan of a thousand
    /// reads that one.
    pub(super) fn known_from_parents_outside(&mut self, order: &[Oid]) {
        let Some(limit) = &self.limit else {
            return;
        };
        let outside: Vec<Oid> = order
            .iter()
            .filter_map(|oid| self.parents.get(oid))
            .flatten()
            .filter(|parent| !limit.contains(parent))
            .copied()
            .collect();
        for parent in outside {
            let Some(tree) = self
                .repo
                .git
                .find_commit(parent)
                .ok()
                .and_then(|parent| parent.tree().ok())
            else {
                continue;
            };
            if !self.read_objects.insert(tree.id()) {
                continue;
            }
            let mut stack = vec![tree];
            while let Some(tree) = stack.pop() {
                for entry in tree.iter() {
                    if self.read_objects.insert(entry.id())
                        && entry.filemode() == i32::from(FileMode::Tree)
                        && let Ok(subtree) = self.repo.git.find_tree(entry.id())
                    {
                        stack.push(subtree);
                    }
                }
            }
        }
    }

    /// Reads the object the entry `name` of `folder` names, unless read
    /// before; a folder's entries go on `stack`. The path is spelled out
    /// only when there is something to say, or a folder to read.
    fn check_entry(
        &mut self,
        place: &Place,
        id: Oid,
        mode: i32,
        folder: &str,
        name: &[u8],
        stack: &mut Vec<Pending<'r>>,
    ) {
        if !self.read_objects.insert(id) {
            return;
        }
        let path = || format!("{folder}{}", String::from_utf8_lossy(name));
        if mode == i32::from(FileMode::Tree) {
            // A plans/ folder read for the comparison with its parent was
            // read (and its hash checked) then: its entries are known.
            if let Some(known) = self.folders.get(&id).cloned() {
                let inside = format!("{}/", path());
                for (name, mode, child) in known.entries() {
                    self.check_entry(place, child, mode, &inside, name, stack);
                }
                return;
            }
            match self.repo.git.find_tree(id) {
                Ok(subtree) => stack.push((subtree, format!("{}/", path()))),
                Err(error) => self.unreadable(place, VerifyMsg::CorruptTree, id, &path(), &error),
            }
        } else if mode != i32::from(FileMode::Commit) {
            // Submodules point into other repositories; the rest is a blob.
            self.check_blob(
                place,
                Job::Read {
                    blob: id,
                    path: path(),
                },
            );
        }
    }

    pub(super) fn unreadable(
        &mut self,
        place: &Place,
        message: VerifyMsg,
        object: Oid,
        path: &str,
        error: &git2::Error,
    ) {
        if !self.reported_objects.insert(object) {
            return;
        }
        let finding = blobs::unreadable(self.lang, place, message, object, path, error);
        self.push(finding);
    }
}
