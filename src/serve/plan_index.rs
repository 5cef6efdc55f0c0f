//! The recorded plans' titles and items, kept by the blob each was read
//! from. The trail's filter and the committee's overview list every plan;
//! reading and parsing each of 1,000 plans again on every visit was most of
//! those pages' time, and under load it held the other pages back. A plan
//! is read again only when its recorded file changed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use git2::Oid;
use serde::Serialize;

use crate::history::PlansRepo;
use crate::history::plan_file::plan_from_bytes;

/// A plan as the lists show it: its id, its title, and its items by title
/// (an item's key is `PLAN:ITEM`).
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct PlanChoice {
    /// The plan's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its items: (`PLAN:ITEM`, title).
    pub items: Vec<(String, String)>,
}

/// The plans as last read, by id, with the blob each was read from.
#[derive(Default)]
pub struct PlanIndex {
    by_id: Mutex<HashMap<String, (Oid, Arc<PlanChoice>)>>,
}

impl PlanIndex {
    /// The plans `ids` as recorded at `head`, in that order; a plan not
    /// recorded there (or not readable) is left out.
    pub fn at(&self, repo: &PlansRepo, head: Oid, ids: &[String]) -> Vec<Arc<PlanChoice>> {
        // The plans folder's tree, read once (looking each path up from the
        // root reads and checks that tree again for every plan).
        let Some(folder) = repo
            .git
            .find_commit(head)
            .and_then(|commit| commit.tree())
            .ok()
            .and_then(|tree| {
                tree.get_name(crate::history::repo::PLANS_DIR)
                    .map(|e| e.id())
            })
            .and_then(|id| repo.git.find_tree(id).ok())
        else {
            return Vec::new();
        };
        let mut known = match self.by_id.lock() {
            Ok(known) => known,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut shown = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(entry) = folder.get_name(&format!("{id}.json")) else {
                continue;
            };
            let blob = entry.id();
            if let Some((read_from, choice)) = known.get(id)
                && *read_from == blob
            {
                shown.push(choice.clone());
                continue;
            }
            let Some(plan) = repo
                .git
                .find_blob(blob)
                .ok()
                .and_then(|blob| plan_from_bytes(blob.content()))
            else {
                continue;
            };
            let items = crate::plan::rules::ids(&plan)
                .into_iter()
                .map(|(item, _, title)| (format!("{id}:{item}"), title.to_string()))
                .collect();
            let choice = Arc::new(PlanChoice {
                id: id.clone(),
                title: plan.title.clone(),
                items,
            });
            known.insert(id.clone(), (blob, choice.clone()));
            shown.push(choice);
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::plan::fixtures::EXAMPLE;

    /// Commits the files `(path, text)` in `repo` and returns the commit.
    fn commit(repo: &git2::Repository, files: &[(&str, &str)]) -> Oid {
        let root = repo.workdir().expect("a work tree").to_path_buf();
        let mut index = repo.index().expect("the index");
        for (path, text) in files {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().expect("a folder")).expect("the folder");
            std::fs::write(&full, text).expect("the file");
            index.add_path(std::path::Path::new(path)).expect("added");
        }
        index.write().expect("index written");
        let tree = repo
            .find_tree(index.write_tree().expect("a tree"))
            .expect("the tree");
        let who = git2::Signature::now("Sara", "sara@example.dk").expect("a signature");
        let parent = repo.head().ok().and_then(|head| head.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some("HEAD"), &who, &who, "plan", &tree, &parents)
            .expect("a commit")
    }

    #[test]
    fn a_plan_is_read_again_only_when_its_recorded_file_changed() {
        let dir = tempfile::tempdir().expect("a folder");
        let git = git2::Repository::init(dir.path()).expect("a repository");
        let first = commit(
            &git,
            &[("plans/a.json", EXAMPLE), ("plans/b.json", EXAMPLE)],
        );
        let repo = PlansRepo::open(dir.path(), Lang::Da).expect("the plans repository");
        let index = PlanIndex::default();
        let ids = ["a".to_string(), "b".to_string(), "not-recorded".to_string()];
        let before = index.at(&repo, first, &ids);
        assert_eq!(
            before.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(before[0].items.iter().any(|(key, _)| key.starts_with("a:")));
        let renamed = EXAMPLE.replacen(&before[0].title, "Ny titel", 1);
        let second = commit(&git, &[("plans/a.json", &renamed)]);
        let after = index.at(&repo, second, &ids);
        assert_eq!(after[0].title, "Ny titel");
        // b's file did not change: the same reading, not a new one.
        assert!(Arc::ptr_eq(&before[1], &after[1]));
        // Asked for the older commit, a is read as it was there.
        assert_eq!(index.at(&repo, first, &ids)[0].title, before[0].title);
    }
}
