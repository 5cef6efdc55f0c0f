//! Checking a merge commit afterwards (for `verify`): its plans must equal
//! the semantic merge of its parents plus the resolutions its trailers
//! record, exactly as `sync` (or the merge driver, for a plain `git pull`)
//! makes them.

use std::collections::BTreeSet;

use git2::{Commit, Oid};

use super::commit_merge::{
    CommitMerge, RESOLVED, RESOLVED_BY, Resolutions, ResolveError, blob_of, parse,
};
use super::settle::settles;
use crate::history::decision::trailers;
use crate::history::plan_file::plan_blobs_at;
use crate::history::repo::PlansRepo;
use crate::plan::{Severity, check_text, source};

/// What checking a merge commit found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeCheck {
    /// The plans (`plans/<id>.json`) that differ from the semantic merge of
    /// the parents plus the recorded resolutions.
    pub differing: Vec<String>,
    /// The conflicts settled without a `Resolved` trailer naming them
    /// (`PLAN TARGET`), whichever side was kept.
    pub unsettled: Vec<String>,
    /// The `Resolved` trailers that settle no conflict (as written).
    pub not_conflicts: Vec<String>,
    /// Whether conflicts were settled without a `Resolved-by` naming who.
    pub settled_by_nobody: bool,
}

impl MergeCheck {
    /// Whether the merge is exactly what `sync` records.
    pub fn is_clean(&self) -> bool {
        *self == MergeCheck::default()
    }
}

/// The conflicts of a merge, settled and unsettled, against its trailers:
/// every conflict must be named by a `Resolved` trailer, every `Resolved`
/// trailer must name a conflict (or fix a merge that would be invalid
/// otherwise, as `sync --resolve` allows), and someone must have settled them.
fn check_resolutions(merge: &CommitMerge, message: &str, check: &mut MergeCheck) {
    let resolutions = Resolutions::from_message(message);
    for (plan, _, conflict) in merge.conflicts() {
        let id = &plan.files.id;
        let by_value = resolutions
            .values
            .iter()
            .any(|(p, setter)| p == id && settles(conflict, setter));
        if resolutions.side_for(id, &conflict.target).is_none() && !by_value {
            check
                .unsettled
                .push(format!("{id} {}", conflict.target).trim_end().to_string());
        }
    }
    let trailer_values: Vec<String> = trailers(message)
        .into_iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case(RESOLVED))
        .map(|(_, value)| value.trim().to_string())
        .collect();
    // As `sync` records them: choices and values that settle conflicts,
    // then fixes, each needed because the merge without any fix is invalid.
    let mut settling = Resolutions {
        choices: resolutions.choices.clone(),
        values: Vec::new(),
    };
    let mut candidates = Vec::new();
    for value in &trailer_values {
        let one = Resolutions::from_message(&format!("-\n\n{RESOLVED}: {value}\n"));
        let names_conflict = one.choices.iter().all(|(plan, target, _)| {
            let written = target.to_string();
            merge
                .conflicts()
                .any(|(p, _, c)| p.files.id == *plan && c.target.to_string() == written)
        }) && one.values.iter().all(|(plan, setter)| {
            merge
                .conflicts()
                .any(|(p, _, c)| p.files.id == *plan && settles(c, setter))
        });
        let read = !one.choices.is_empty() || !one.values.is_empty();
        if !read || (!names_conflict && !one.choices.is_empty()) {
            check.not_conflicts.push(value.clone());
        } else if names_conflict {
            settling.values.extend(one.values);
        } else {
            candidates.push((value, one));
        }
    }
    for (value, fix) in candidates {
        if !invalid_without_fix(merge, &settling, &fix) {
            check.not_conflicts.push(value.clone());
        }
    }
    let by = trailers(message)
        .into_iter()
        .any(|(key, value)| key.eq_ignore_ascii_case(RESOLVED_BY) && !value.trim().is_empty());
    check.settled_by_nobody = !trailer_values.is_empty() && !by;
}

/// Whether the plan a `Resolved` value sets would be invalid without it:
/// then the value is a fix (`sync --resolve` on a field not in conflict).
fn invalid_without_fix(merge: &CommitMerge, before: &Resolutions, fix: &Resolutions) -> bool {
    let Ok(files) = merge.resolve(before) else {
        return false;
    };
    fix.values.iter().all(|(plan, _)| {
        files
            .iter()
            .filter(|(id, _)| id == plan)
            .any(|(id, bytes)| {
                let Some(bytes) = bytes else { return false };
                let text = source::text_from_bytes(bytes.clone()).unwrap_or_default();
                check_text(&text, &PlansRepo::plan_path(id), Some(id), None).count(Severity::Error)
                    > 0
            })
    })
}

/// Checks a merge commit with the given parents (as its object records
/// them): the plans that differ from the semantic merge of its parents plus
/// the resolutions its trailers record (as `plans/<id>.json`), and whether
/// its `Resolved` trailers name exactly the conflicts. A clean check: the
/// merge is what `sync` (or the merge driver, without conflicts) makes.
///
/// A plan one side brought in invalid cannot be merged; the merge commit
/// must then hold one side's file unchanged. A merge of more than two
/// parents is compared with neither: each plan must equal one parent's.
pub fn check_merge_commit(
    repo: &PlansRepo,
    commit: &Commit<'_>,
    parents: &[Oid],
) -> Result<MergeCheck, git2::Error> {
    let parents = parents.to_vec();
    let actual = plan_blobs_at(repo, commit.id())?;
    let equals_a_parent = |id: &str| -> Result<bool, git2::Error> {
        let mine = blob_of(&actual, id);
        for parent in &parents {
            if blob_of(&plan_blobs_at(repo, *parent)?, id) == mine {
                return Ok(true);
            }
        }
        Ok(false)
    };
    let unrelated_or_octopus = |parents: &[Oid]| -> Result<MergeCheck, git2::Error> {
        let mut ids: BTreeSet<String> = actual.iter().map(|(id, _)| id.clone()).collect();
        for parent in parents {
            ids.extend(plan_blobs_at(repo, *parent)?.into_iter().map(|(id, _)| id));
        }
        let mut differing = Vec::new();
        for id in ids {
            if !equals_a_parent(&id)? {
                differing.push(PlansRepo::plan_path(&id));
            }
        }
        Ok(MergeCheck {
            differing,
            ..MergeCheck::default()
        })
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
    let mut check = MergeCheck::default();
    check_resolutions(&merge, message, &mut check);
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
        plan_blobs_at(repo, merge.base)?,
        plan_blobs_at(repo, *ours)?,
        plan_blobs_at(repo, *theirs)?,
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
    check.differing = differing.into_iter().collect();
    Ok(check)
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
