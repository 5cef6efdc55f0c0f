//! What a decision changed in its plan: one decision at a time
//! ([`changes_of`]) or many in a row ([`ChangeReader`]), a settled conflict
//! included.

use std::collections::HashMap;

use git2::Oid;

use crate::history::decision::Decision;
use crate::history::plan_file::{plan_at, plan_from_bytes};
use crate::history::raw_tree::{contains, file_in_tree};
use crate::history::repo::PlansRepo;
use crate::history::settlement::{change_is_settled, settled_targets};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::plan::describe::describe_all;
use crate::plan::diff::{Change, diff};

/// What a decision changed in its plan, with the plan before and after.
#[derive(Debug)]
pub struct DecisionChanges {
    /// The plan before the decision (None when it created the plan).
    pub before: Option<Plan>,
    /// The plan after it.
    pub after: Option<Plan>,
    /// The changes, item by item.
    pub changes: Vec<Change>,
}

impl DecisionChanges {
    /// The plan's language as the decision left it: the plan after, else
    /// the plan before (None when neither could be read).
    pub fn plan_language(&self) -> Option<Lang> {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map(Plan::language)
    }

    /// Each change in a sentence, in `lang`, as `show`, `log` and the
    /// history page say them.
    pub fn described(&self, lang: Lang) -> Vec<String> {
        describe_all(
            &self.changes,
            self.before.as_ref(),
            self.after.as_ref(),
            lang,
        )
    }
}

/// Computes what `decision` changed, comparing its plan with its first
/// parent's; for a settled conflict, what the settlement decided.
pub fn changes_of(repo: &PlansRepo, decision: &Decision) -> DecisionChanges {
    if let Ok(commit) = repo.git.find_commit(decision.commit)
        && commit.parent_count() > 1
    {
        return settlement_changes(repo, &commit, &decision.plan);
    }
    let after = plan_at(repo, decision.commit, &decision.plan);
    let before = repo
        .git
        .find_commit(decision.commit)
        .ok()
        .and_then(|commit| commit.parent_id(0).ok())
        .and_then(|parent| plan_at(repo, parent, &decision.plan));
    let changes = diff(before.as_ref(), after.as_ref());
    DecisionChanges {
        before,
        after,
        changes,
    }
}

/// Computes what decisions changed, one after another from newest to
/// oldest, reusing what the decision before read: in a long history a
/// decision's parent is the commit of the decision read just before, so its
/// plans folder is read once (it holds every plan file: the largest object
/// read), and the plan as it stood before a decision is the plan after the
/// next older decision on that plan, so each plan version is parsed once.
/// Gives the same answers as [`changes_of`].
pub struct ChangeReader<'r> {
    /// The repository read.
    pub repo: &'r PlansRepo,
    /// The plans folders read last (raw tree data), by tree id, the newest last.
    folders: Vec<(Oid, Vec<u8>)>,
    /// Plans read as they stood before a decision, by blob id, until the
    /// older decision that wrote them is read.
    plans: HashMap<Oid, Plan>,
}

/// How many plans folders [`ChangeReader`] keeps.
const FOLDERS_KEPT: usize = 4;
/// How many parsed plans [`ChangeReader`] keeps at most (one per plan
/// whose older decisions are still to come).
const PLANS_KEPT: usize = 2048;

impl<'r> ChangeReader<'r> {
    /// A reader with nothing read yet.
    pub fn new(repo: &'r PlansRepo) -> ChangeReader<'r> {
        ChangeReader {
            repo,
            folders: Vec::with_capacity(FOLDERS_KEPT),
            plans: HashMap::new(),
        }
    }

    /// What `decision` changed (see [`changes_of`]).
    pub fn changes(&mut self, decision: &Decision) -> DecisionChanges {
        let blobs = self.blobs(decision);
        self.changes_at(decision, blobs, None)
            .unwrap_or_else(|| changes_of(self.repo, decision))
    }

    /// What `decision` changed, given its plan file's blobs (from
    /// [`ChangeReader::blobs`]). With `item`: None when neither plan version
    /// mentions the item at all, so the decision cannot have changed it;
    /// most decisions are told apart by a search of the file's bytes,
    /// without reading them as a plan.
    pub fn changes_at(
        &mut self,
        decision: &Decision,
        blobs: Option<(Option<Oid>, Option<Oid>)>,
        item: Option<&str>,
    ) -> Option<DecisionChanges> {
        let Some((before, after)) = blobs else {
            // Not a plan id, or a settled conflict: the general path.
            let changes = changes_of(self.repo, decision);
            let mentioned = item.is_none_or(|item| {
                changes
                    .changes
                    .iter()
                    .any(|change| change.item.as_deref() == Some(item))
            });
            return mentioned.then_some(changes);
        };
        if let Some(item) = item
            && !self.mentions(before, after, item)
        {
            return None;
        }
        Some(self.changes_between(before, after))
    }

    /// Whether the plan in either blob mentions the item `item` (a search
    /// of the bytes for `"item"`; a file with escapes counts as mentioning).
    fn mentions(&self, before_blob: Option<Oid>, after_blob: Option<Oid>, item: &str) -> bool {
        let needle = format!("\"{item}\"");
        let mentioned = |blob: Option<Oid>| {
            let Some(blob) = blob else {
                return false;
            };
            if self.plans.contains_key(&blob) {
                return true;
            }
            self.repo.git.find_blob(blob).is_ok_and(|blob| {
                let bytes = blob.content();
                // An id written with escapes is still the id: read those.
                contains(bytes, needle.as_bytes()) || contains(bytes, b"\\u")
            })
        };
        mentioned(before_blob) || mentioned(after_blob)
    }

    /// The blobs of the decision's plan file before and after it, or None
    /// when the decision names no plan id (see [`ChangeReader::changes_at`]).
    pub fn blobs(&mut self, decision: &Decision) -> Option<(Option<Oid>, Option<Oid>)> {
        let id = decision.plan.as_str();
        if id.contains('/') {
            return None;
        }
        let commit = self.repo.git.find_commit(decision.commit).ok();
        if commit
            .as_ref()
            .is_some_and(|commit| commit.parent_count() > 1)
        {
            return None;
        }
        let after_blob = commit.as_ref().and_then(|commit| self.blob_at(commit, id));
        let before_blob = commit
            .as_ref()
            .and_then(|commit| commit.parent(0).ok())
            .and_then(|parent| self.blob_at(&parent, id));
        Some((before_blob, after_blob))
    }

    /// The changes from the plan in one blob to the plan in another.
    fn changes_between(
        &mut self,
        before_blob: Option<Oid>,
        after_blob: Option<Oid>,
    ) -> DecisionChanges {
        let after = after_blob.and_then(|blob| self.plan(blob));
        let before = match before_blob {
            Some(blob) if Some(blob) == after_blob => after.clone(),
            Some(blob) => self.plan(blob),
            None => None,
        };
        if let (Some(blob), Some(plan)) = (before_blob, &before) {
            if self.plans.len() >= PLANS_KEPT {
                self.plans.clear();
            }
            self.plans.insert(blob, plan.clone());
        }
        let changes = diff(before.as_ref(), after.as_ref());
        DecisionChanges {
            before,
            after,
            changes,
        }
    }

    /// The blob id of `plans/<id>.json` in the tree of `commit`, when it is a file.
    fn blob_at(&mut self, commit: &git2::Commit<'_>, id: &str) -> Option<Oid> {
        let root = commit.tree().ok()?;
        let entry = root.get_name(crate::history::repo::PLANS_DIR)?;
        if entry.kind() != Some(git2::ObjectType::Tree) {
            return None;
        }
        let folder_id = entry.id();
        let index = match self.folders.iter().position(|(oid, _)| *oid == folder_id) {
            Some(index) => index,
            None => {
                // The raw tree: a plans folder holds an entry per plan, and
                // only one is wanted, so it is not parsed into a git2::Tree.
                let odb = self.repo.git.odb().ok()?;
                let object = odb.read(folder_id).ok()?;
                if object.kind() != git2::ObjectType::Tree {
                    return None;
                }
                if self.folders.len() >= FOLDERS_KEPT {
                    self.folders.remove(0);
                }
                self.folders.push((folder_id, object.data().to_vec()));
                self.folders.len() - 1
            }
        };
        file_in_tree(&self.folders[index].1, format!("{id}.json").as_bytes())
    }

    /// The plan in the blob `blob`, when it is one.
    fn plan(&mut self, blob: Oid) -> Option<Plan> {
        if let Some(plan) = self.plans.remove(&blob) {
            return Some(plan);
        }
        plan_from_bytes(self.repo.git.find_blob(blob).ok()?.content())
    }
}

/// What a settlement changed: for each settled target, the change from our
/// side to the result, or, where it kept our side, from theirs.
pub(crate) fn settlement_changes(
    repo: &PlansRepo,
    commit: &git2::Commit<'_>,
    plan: &str,
) -> DecisionChanges {
    let after = plan_at(repo, commit.id(), plan);
    let side = |index: usize| {
        commit
            .parent_id(index)
            .ok()
            .and_then(|parent| plan_at(repo, parent, plan))
    };
    let (ours, theirs) = (side(0), side(1));
    let targets = settled_targets(commit.message().unwrap_or_default(), plan);
    let from_ours = diff(ours.as_ref(), after.as_ref());
    let from_theirs = diff(theirs.as_ref(), after.as_ref());
    let mut changes = Vec::new();
    for target in &targets {
        let one = std::slice::from_ref(target);
        let mine: Vec<&Change> = from_ours
            .iter()
            .filter(|change| change_is_settled(change, one))
            .collect();
        let chosen = if mine.is_empty() {
            from_theirs
                .iter()
                .filter(|change| change_is_settled(change, one))
                .collect()
        } else {
            mine
        };
        for change in chosen {
            if !changes.contains(change) {
                changes.push(change.clone());
            }
        }
    }
    DecisionChanges {
        before: ours,
        after,
        changes,
    }
}
