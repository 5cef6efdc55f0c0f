//! Checking a merge commit afterwards (for `verify`): its plans must equal
//! the semantic merge of its parents plus the resolutions its trailers
//! record, exactly as `sync` (or the merge driver, for a plain `git pull`)
//! makes them.

use std::collections::BTreeSet;

use git2::{Commit, Oid};

use super::commit_merge::{CommitMerge, Resolutions, ResolveError, blob_of, parse, plan_blobs};
use crate::history::repo::PlansRepo;

/// The plans of a merge commit that differ from the semantic merge of its
/// parents plus the resolutions its trailers record, as `plans/<id>.json`.
/// An empty list: the merge is what `sync` (or the merge driver) makes.
///
/// A plan one side brought in invalid cannot be merged; the merge commit
/// must then hold one side's file unchanged. A merge of more than two
/// parents is compared with neither: each plan must equal one parent's.
pub fn check_merge_commit(
    repo: &PlansRepo,
    commit: &Commit<'_>,
) -> Result<Vec<String>, git2::Error> {
    let parents: Vec<Oid> = commit.parent_ids().collect();
    let actual = plan_blobs(repo, commit.id())?;
    let equals_a_parent = |id: &str| -> Result<bool, git2::Error> {
        let mine = blob_of(&actual, id);
        for parent in &parents {
            if blob_of(&plan_blobs(repo, *parent)?, id) == mine {
                return Ok(true);
            }
        }
        Ok(false)
    };
    let unrelated_or_octopus = |parents: &[Oid]| -> Result<Vec<String>, git2::Error> {
        let mut ids: BTreeSet<String> = actual.iter().map(|(id, _)| id.clone()).collect();
        for parent in parents {
            ids.extend(plan_blobs(repo, *parent)?.into_iter().map(|(id, _)| id));
        }
        let mut differing = Vec::new();
        for id in ids {
            if !equals_a_parent(&id)? {
                differing.push(PlansRepo::plan_path(&id));
            }
        }
        Ok(differing)
    };
    let [ours, theirs] = parents.as_slice() else {
        return unrelated_or_octopus(&parents);
    };
    let Ok(base) = repo.git.merge_base(*ours, *theirs) else {
        return unrelated_or_octopus(&parents);
    };
    let merge = CommitMerge::compute(repo, base, *ours, *theirs, None)?;
    let message = commit.message().unwrap_or_default();
    let resolutions = Resolutions::from_message(message);
    let mut differing = BTreeSet::new();
    for invalid in &merge.invalid {
        if !equals_a_parent(&invalid.id)? {
            differing.insert(PlansRepo::plan_path(&invalid.id));
        }
    }
    match merge.resolve(&resolutions) {
        Ok(expected) => {
            for (id, bytes) in expected {
                let mine = blob_of(&actual, &id)
                    .map(|oid| repo.git.find_blob(oid).map(|b| b.content().to_vec()))
                    .transpose()?;
                if !same_plan(mine.as_deref(), bytes.as_deref()) {
                    differing.insert(PlansRepo::plan_path(&id));
                }
            }
        }
        Err(ResolveError::Apply { plan, .. } | ResolveError::Setter { plan, .. }) => {
            differing.insert(PlansRepo::plan_path(&plan));
        }
    }
    // Plans only one side changed: git's merge takes that side.
    let merged_ids: BTreeSet<&str> = merge
        .plans
        .iter()
        .map(|p| p.files.id.as_str())
        .chain(merge.invalid.iter().map(|p| p.id.as_str()))
        .collect();
    let lists = [
        plan_blobs(repo, merge.base)?,
        plan_blobs(repo, *ours)?,
        plan_blobs(repo, *theirs)?,
    ];
    let mut ids: BTreeSet<String> = actual.iter().map(|(id, _)| id.clone()).collect();
    ids.extend(lists.iter().flatten().map(|(id, _)| id.clone()));
    for id in ids.iter().filter(|id| !merged_ids.contains(id.as_str())) {
        let [b, o, t] = [0, 1, 2].map(|i| blob_of(&lists[i], id));
        let expected = if o == b { t } else { o };
        if blob_of(&actual, id) != expected {
            differing.insert(PlansRepo::plan_path(id));
        }
    }
    Ok(differing.into_iter().collect())
}

/// Whether two plan files say the same: equal as plans, or byte for byte.
fn same_plan(one: Option<&[u8]>, other: Option<&[u8]>) -> bool {
    match (one, other) {
        (Some(one), Some(other)) => {
            one == other
                || matches!((parse(Some(one)), parse(Some(other))), (Some(a), Some(b)) if a == b)
        }
        (None, None) => true,
        _ => false,
    }
}
