//! Plan files edited and not recorded as decisions: the one status query
//! that `sync` and `verify` ask.

use git2::{Status, StatusOptions};

use crate::history::repo::{PLANS_DIR, PlansRepo};

/// Plan files (`plans/<id>.json`) with edits that are not recorded, in the
/// work tree or the index, new files included: each with its status, sorted
/// by path.
pub fn unrecorded_plan_files(repo: &PlansRepo) -> Result<Vec<(String, Status)>, git2::Error> {
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .pathspec(PLANS_DIR);
    let mut found: Vec<(String, Status)> = repo
        .git
        .statuses(Some(&mut options))?
        .iter()
        .filter(|entry| !entry.status().is_empty() && entry.status() != Status::IGNORED)
        .filter_map(|entry| Some((entry.path().ok()?.to_string(), entry.status())))
        .filter(|(path, _)| plan_id_of(path).is_some())
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// The plan id of a path `plans/<id>.json` (none for a file in a folder
/// below it).
pub fn plan_id_of(path: &str) -> Option<&str> {
    path.strip_prefix(&format!("{PLANS_DIR}/"))
        .and_then(|name| name.strip_suffix(".json"))
        .filter(|stem| !stem.contains('/'))
}
