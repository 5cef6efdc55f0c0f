//! Moving the branch to the synced commit, and the work tree with it, as a
//! decision moves it ([`crate::history::journal`]): the commit exists
//! first, the journal makes a killed sync finish or roll back, and a plan
//! saved in an editor meanwhile is kept.

use std::path::Path;

use git2::{Delta, DiffOptions, Oid, Status, StatusOptions};

use crate::error::CommandError;
use crate::history::journal::{self, BranchMove, FileMove, Mover};
use crate::history::repo::{PlansRepo, git_error};
use crate::history::unrecorded::unrecorded_plan_files;
use crate::i18n::Lang;

/// The paths whose content differs between the trees of two commits.
pub fn changed_paths(repo: &PlansRepo, old: Oid, new: Oid) -> Result<Vec<String>, git2::Error> {
    let old_tree = repo.git.find_commit(old)?.tree()?;
    let new_tree = repo.git.find_commit(new)?.tree()?;
    let mut options = DiffOptions::new();
    options.include_typechange(true);
    let diff = repo
        .git
        .diff_tree_to_tree(Some(&old_tree), Some(&new_tree), Some(&mut options))?;
    let mut paths = Vec::new();
    for delta in diff.deltas() {
        if delta.status() == Delta::Unmodified {
            continue;
        }
        for file in [delta.old_file(), delta.new_file()] {
            if let Some(path) = file.path().and_then(Path::to_str)
                && !paths.iter().any(|p| p == path)
            {
                paths.push(path.to_string());
            }
        }
    }
    Ok(paths)
}

/// Plan files with edits that are not recorded as decisions (in the work
/// tree or the index, new files included), as `plans/<id>.json`.
pub fn undecided_plan_edits(repo: &PlansRepo) -> Result<Vec<String>, git2::Error> {
    Ok(unrecorded_plan_files(repo)?
        .into_iter()
        .map(|(path, _)| path)
        .collect())
}

/// Of `paths`, those with local changes (work tree or index) that moving to
/// another commit would overwrite.
pub fn locally_changed(repo: &PlansRepo, paths: &[String]) -> Result<Vec<String>, git2::Error> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .include_ignored(false)
        .disable_pathspec_match(true);
    for path in paths {
        options.pathspec(path);
    }
    let mut found: Vec<String> = repo
        .git
        .statuses(Some(&mut options))?
        .iter()
        .filter(|entry| !entry.status().is_empty() && entry.status() != Status::IGNORED)
        .filter_map(|entry| entry.path().ok().map(str::to_string))
        .collect();
    found.sort();
    found.dedup();
    Ok(found)
}

/// Moves `branch` from `old` to `new` (only if it still points at `old`)
/// and brings the work tree and index along for every path that differs,
/// through the one journal ([`crate::history::journal`]). Returns the paths
/// that were saved again meanwhile and left as they are.
pub fn move_branch(
    repo: &PlansRepo,
    branch: &str,
    old: Oid,
    new: Oid,
    reflog: &str,
    lang: Lang,
) -> Result<Vec<String>, CommandError> {
    let paths = changed_paths(repo, old, new).map_err(|e| git_error(&e, lang))?;
    let movement = BranchMove {
        mover: Mover::Sync,
        branch: branch.to_string(),
        old: old.to_string(),
        new: new.to_string(),
        files: paths
            .iter()
            .map(|path| FileMove::as_it_is_now(repo, path))
            .collect(),
    };
    journal::move_branch(repo, &movement, reflog, lang)
}
