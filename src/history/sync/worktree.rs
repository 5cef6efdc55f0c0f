//! Moving the branch to the synced commit, and the work tree with it.
//!
//! As with a decision ([`crate::history::write`]): the commit exists first;
//! a journal (`.git/backbrief/sync-pending`) is written before the branch
//! moves (only if it still points where the sync started) and removed once
//! the work tree and index hold the new files, so [`recover`] can finish a
//! sync that was killed at any moment.

use std::path::Path;

use git2::{Delta, DiffOptions, ObjectType, Oid, Status, StatusOptions};
use serde::{Deserialize, Serialize};

use crate::error::CommandError;
use crate::history::repo::{PLANS_DIR, PlansRepo, git_error, short_id};
use crate::history::write::{read_unfollowed, write_atomically};
use crate::i18n::{HistoryMsg, Lang, Message, SyncMsg};

/// A sync in flight, as written to the journal.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    branch: String,
    old: String,
    new: String,
    paths: Vec<String>,
}

fn journal_path(repo: &PlansRepo) -> std::path::PathBuf {
    repo.git_dir().join("backbrief").join("sync-pending")
}

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
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .pathspec(PLANS_DIR);
    let mut found: Vec<String> = repo
        .git
        .statuses(Some(&mut options))?
        .iter()
        .filter(|entry| !entry.status().is_empty() && entry.status() != Status::IGNORED)
        .filter_map(|entry| entry.path().ok().map(str::to_string))
        .filter(|path| {
            path.strip_prefix(&format!("{PLANS_DIR}/"))
                .is_some_and(|name| name.ends_with(".json") && !name.contains('/'))
        })
        .collect();
    found.sort();
    Ok(found)
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
/// and brings the work tree and index along for every path that differs.
pub fn move_branch(
    repo: &PlansRepo,
    branch: &str,
    old: Oid,
    new: Oid,
    reflog: &str,
    lang: Lang,
) -> Result<(), CommandError> {
    let git_err = |e: git2::Error| git_error(&e, lang);
    let paths = changed_paths(repo, old, new).map_err(git_err)?;
    let pending = Pending {
        branch: branch.to_string(),
        old: old.to_string(),
        new: new.to_string(),
        paths: paths.clone(),
    };
    let journal = journal_path(repo);
    let text = serde_json::to_vec(&pending).unwrap_or_default();
    write_atomically(&journal, &text).map_err(|e| io_failure(&journal, &e, lang))?;
    if let Err(error) = repo.git.reference_matching(branch, new, true, old, reflog) {
        let _ = std::fs::remove_file(&journal);
        let moved = repo.git.refname_to_id(branch).is_ok_and(|now| now != old);
        return Err(if moved {
            CommandError::environment(HistoryMsg::BranchMoved.fill(
                lang,
                &[("branch", &branch.trim_start_matches("refs/heads/"))],
            ))
            .hinted(HistoryMsg::BranchMovedHint.get(lang))
        } else {
            git_error(&error, lang)
        });
    }
    update_work_tree(repo, new, &paths, lang)?;
    let _ = std::fs::remove_file(&journal);
    Ok(())
}

/// Writes `paths` as they are in `commit` to the work tree (atomically, one
/// by one) and the index; a path not in the commit is removed.
fn update_work_tree(
    repo: &PlansRepo,
    commit: Oid,
    paths: &[String],
    lang: Lang,
) -> Result<(), CommandError> {
    let git_err = |e: git2::Error| git_error(&e, lang);
    let tree = repo
        .git
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(git_err)?;
    let mut index = repo.git.index().map_err(git_err)?;
    for path in paths {
        let full = repo.root.join(path);
        match tree.get_path(Path::new(path)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Blob) => {
                let blob = repo.git.find_blob(entry.id()).map_err(git_err)?;
                // A link in its place is replaced, never written through.
                let unchanged = read_unfollowed(&full).is_ok_and(|now| now == blob.content());
                if !unchanged {
                    // Written in the git folder first, so a process killed
                    // before the rename leaves nothing in the work tree.
                    let temporary = journal_path(repo)
                        .with_file_name(format!("sync-work-tree.{}.tmp", std::process::id()));
                    let written = write_atomically(&temporary, blob.content()).and_then(|()| {
                        if let Some(folder) = full.parent() {
                            std::fs::create_dir_all(folder)?;
                        }
                        std::fs::rename(&temporary, &full)
                    });
                    if let Err(error) = written {
                        let _ = std::fs::remove_file(&temporary);
                        return Err(io_failure(&full, &error, lang));
                    }
                }
                set_executable(
                    &full,
                    entry.filemode() == i32::from(git2::FileMode::BlobExecutable),
                );
                index.add_path(Path::new(path)).map_err(git_err)?;
            }
            _ => {
                match std::fs::remove_file(&full) {
                    Ok(()) => {}
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(error) => return Err(io_failure(&full, &error, lang)),
                }
                let _ = index.remove_path(Path::new(path));
            }
        }
    }
    index.write().map_err(git_err)
}

#[cfg(unix)]
fn set_executable(path: &Path, executable: bool) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(metadata) = std::fs::metadata(path) {
        let mut permissions = metadata.permissions();
        let mode = permissions.mode();
        let wanted = if executable {
            mode | 0o111
        } else {
            mode & !0o111
        };
        if wanted != mode {
            permissions.set_mode(wanted);
            let _ = std::fs::set_permissions(path, permissions);
        }
    }
}

#[cfg(not(unix))]
fn set_executable(_path: &Path, _executable: bool) {}

fn io_failure(path: &Path, error: &std::io::Error, lang: Lang) -> CommandError {
    CommandError::environment(crate::i18n::Common::CannotWrite.fill(
        lang,
        &[
            ("path", &path.display()),
            ("reason", &crate::io_reason(error, lang)),
        ],
    ))
}

/// Finishes a sync whose command was interrupted after the branch moved, or
/// forgets one interrupted before. Returns a sentence saying what was done,
/// or None when there was nothing to do.
pub fn recover(repo: &PlansRepo, lang: Lang) -> Result<Option<String>, CommandError> {
    let journal = journal_path(repo);
    let Ok(text) = std::fs::read(&journal) else {
        return Ok(None);
    };
    // The interrupted sync held the repository lock (which the caller holds
    // now): an index lock or a temporary file left behind is its own.
    let _ = std::fs::remove_file(repo.git_dir().join("index.lock"));
    if let Ok(entries) = std::fs::read_dir(repo.git_dir().join("backbrief")) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("sync-work-tree.") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let pending = serde_json::from_slice::<Pending>(&text).ok();
    // Likewise the branch's lock file, when libgit2 was killed moving it.
    if let Some(pending) = &pending
        && git2::Reference::is_valid_name(&pending.branch)
    {
        let _ = std::fs::remove_file(repo.git_dir().join(format!("{}.lock", pending.branch)));
    }
    let finished = pending.as_ref().and_then(|pending| {
        let now = repo.git.refname_to_id(&pending.branch).ok()?;
        (now.to_string() == pending.new).then_some((now, pending))
    });
    let message = match finished {
        Some((commit, pending)) => {
            update_work_tree(repo, commit, &pending.paths, lang)?;
            SyncMsg::RecoveredCompleted.fill(lang, &[("commit", &short_id(commit))])
        }
        None => SyncMsg::RecoveredRolledBack.get(lang),
    };
    let _ = std::fs::remove_file(&journal);
    Ok(Some(message))
}
