//! Moving the branch, and the work tree with it, so that a command killed at
//! any moment leaves the repository before or after the move — one journal
//! and one recovery for a decision and for a sync alike.
//!
//! The new commit exists first. A journal (`.git/backbrief/pending`) is
//! written before the branch moves (only if it still points where the
//! writer started) and removed once the work tree and index hold the new
//! files; the next writing command finishes or forgets what a killed one
//! left ([`recover`]). A work-tree file is replaced only if it still holds
//! what the writer read: an editor's later save is kept, and the index then
//! holds the recorded version, so git shows the save as a change.

use std::path::{Path, PathBuf};

use git2::{FileMode, ObjectType, Oid};
use serde::{Deserialize, Serialize};

use crate::error::CommandError;
use crate::history::files::{io_failure, read_unfollowed, write_atomically};
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::i18n::{HistoryMsg, Lang, Message, SyncMsg};

/// Who moves the branch: what to say when an interrupted move is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mover {
    /// A decision (decide, revert, new, report --record, the browser).
    Decision,
    /// A sync.
    Sync,
}

/// One file the move brings into the work tree.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileMove {
    /// The path in the repository (`plans/x.json`).
    pub path: String,
    /// The git hash of the file as the writer read it; `None` when there
    /// was none. The file is replaced only over that.
    pub read: Option<String>,
    /// The git hash of the bytes the work tree is to hold (for a decision
    /// of hand edits with CRLF, these differ from the stored blob).
    pub wanted: Option<String>,
    /// Those bytes, while the writer is alive (recovery uses the blob).
    #[serde(skip)]
    pub content: Option<Vec<u8>>,
    /// The bytes as read, while the writer is alive: what a failed move
    /// puts back.
    #[serde(skip)]
    pub before: Option<Vec<u8>>,
}

impl FileMove {
    /// A file to bring to `content` (None: the commit's blob), over the
    /// work-tree file as it was read (`read`, None: there was none).
    pub fn new(path: &str, read: Option<&[u8]>, content: Option<Vec<u8>>) -> FileMove {
        FileMove {
            path: path.to_string(),
            read: read.and_then(git_hash),
            wanted: content.as_deref().and_then(git_hash),
            content,
            before: read.map(<[u8]>::to_vec),
        }
    }

    /// A file to bring to the commit's version, over whatever the work tree
    /// holds at this moment.
    pub fn as_it_is_now(repo: &PlansRepo, path: &str) -> FileMove {
        let now = read_unfollowed(&repo.root.join(path)).ok();
        FileMove::new(path, now.as_deref(), None)
    }
}

/// A move of the branch in flight, as written to the journal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BranchMove {
    /// Who moves it.
    pub mover: Mover,
    /// The branch (`refs/heads/main`).
    pub branch: String,
    /// Where it points now.
    pub old: String,
    /// Where it is to point.
    pub new: String,
    /// The files that change.
    pub files: Vec<FileMove>,
}

/// The hash git gives these bytes as a blob.
pub fn git_hash(bytes: &[u8]) -> Option<String> {
    Oid::hash_object(ObjectType::Blob, bytes)
        .ok()
        .map(|oid| oid.to_string())
}

fn journal_path(repo: &PlansRepo) -> PathBuf {
    scratch_folder(repo).join("pending")
}

/// The folder for temporary files: in the git folder, so a process killed
/// before a rename leaves nothing in the work tree.
pub fn scratch_folder(repo: &PlansRepo) -> PathBuf {
    repo.git_dir().join("backbrief")
}

/// Moves the branch (only if it still points at `old`) and brings the work
/// tree and index along. Returns the paths that were saved again meanwhile
/// and left as they are. On a failure after the branch moved, the branch
/// goes back and the work tree is as it was; only when the branch cannot go
/// back does the journal stay, for the next command to finish the move.
pub fn move_branch(
    repo: &PlansRepo,
    movement: &BranchMove,
    reflog: &str,
    lang: Lang,
) -> Result<Vec<String>, CommandError> {
    let git = &repo.git;
    let old = Oid::from_str(&movement.old).map_err(|e| git_error(&e, lang))?;
    let new = Oid::from_str(&movement.new).map_err(|e| git_error(&e, lang))?;
    let journal = journal_path(repo);
    let text = serde_json::to_vec(movement).unwrap_or_default();
    write_atomically(&journal, &text).map_err(|e| io_failure(&journal, &e, lang))?;
    if let Err(error) = git.reference_matching(&movement.branch, new, true, old, reflog) {
        let _ = std::fs::remove_file(&journal);
        let moved = git
            .refname_to_id(&movement.branch)
            .is_ok_and(|now| now != old);
        return Err(if moved {
            CommandError::environment(HistoryMsg::BranchMoved.fill(
                lang,
                &[("branch", &movement.branch.trim_start_matches("refs/heads/"))],
            ))
            .hinted(HistoryMsg::BranchMovedHint.get(lang))
        } else {
            git_error(&error, lang)
        });
    }
    match update_work_tree(repo, new, &movement.files, lang) {
        Ok(later) => {
            let _ = std::fs::remove_file(&journal);
            Ok(later)
        }
        Err(error) => {
            // A failed command changes nothing (a full disk, a read-only
            // plans/): the branch goes back, then the files it wrote.
            let undo = format!("backbrief: undo {}", short_id(new));
            if git
                .reference_matching(&movement.branch, old, true, new, &undo)
                .is_ok()
            {
                let _ = update_work_tree(repo, old, &back(repo, movement, old), lang);
                let _ = std::fs::remove_file(&journal);
            }
            Err(error)
        }
    }
}

/// The files of `movement` as they were before it (as read, else as in
/// `old`): each put back over what the move wrote, never over anything else.
fn back(repo: &PlansRepo, movement: &BranchMove, old: Oid) -> Vec<FileMove> {
    movement
        .files
        .iter()
        .map(|file| {
            let before = file
                .before
                .clone()
                .or_else(|| repo.file_at(old, &file.path).ok().flatten());
            FileMove {
                path: file.path.clone(),
                read: file.wanted.clone(),
                wanted: before.as_deref().and_then(git_hash),
                content: before.clone(),
                before,
            }
        })
        .collect()
}

/// Brings each of `files` to what it is to hold in `commit`, in the work
/// tree and the index; a path not in the commit is removed. Returns the
/// paths left as they were because they were saved again meanwhile.
fn update_work_tree(
    repo: &PlansRepo,
    commit: Oid,
    files: &[FileMove],
    lang: Lang,
) -> Result<Vec<String>, CommandError> {
    let git_err = |e: git2::Error| git_error(&e, lang);
    let tree = repo
        .git
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(git_err)?;
    let mut index = repo.git.index().map_err(git_err)?;
    let mut later = Vec::new();
    for file in files {
        let full = repo.root.join(&file.path);
        let failed = |error: std::io::Error| io_failure(&full, &error, lang);
        let current = || match read_unfollowed(&full) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        };
        let now = current().map_err(failed)?;
        let now_hash = now.as_deref().and_then(git_hash);
        let entry = tree
            .get_path(Path::new(&file.path))
            .ok()
            .filter(|entry| entry.kind() == Some(ObjectType::Blob));
        let Some(entry) = entry else {
            // Not in the commit: removed, unless saved again meanwhile.
            if now_hash.is_some() && now_hash != file.read && now_hash != file.wanted {
                later.push(file.path.clone());
            } else {
                match std::fs::remove_file(&full) {
                    Ok(()) => {}
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(error) => return Err(failed(error)),
                }
            }
            let _ = index.remove_path(Path::new(&file.path));
            continue;
        };
        let executable = entry.filemode() == i32::from(FileMode::BlobExecutable);
        let in_place = now_hash.is_some() && now_hash == file.wanted;
        let untouched = now_hash == file.read;
        // Saved again meanwhile: the file is left as it is, and the index
        // holds what the decision wrote.
        let keep_saved = |index: &mut git2::Index, later: &mut Vec<String>| {
            later.push(file.path.clone());
            let recorded = index_entry(&full, &file.path, entry.id(), None, executable);
            index.add(&recorded).map_err(git_err)
        };
        if !in_place && !untouched {
            keep_saved(&mut index, &mut later)?;
            continue;
        }
        let content = match (&file.content, in_place) {
            (_, true) => now.clone().unwrap_or_default(),
            (Some(content), false) => content.clone(),
            (None, false) => repo
                .git
                .find_blob(entry.id())
                .map(|blob| blob.content().to_vec())
                .map_err(git_err)?,
        };
        if now.as_deref() != Some(content.as_slice()) {
            let folder = scratch_folder(repo);
            std::fs::create_dir_all(&folder).map_err(failed)?;
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).map_err(failed)?;
            }
            let staged = crate::atomic_file::stage(&folder, &full, &content).map_err(failed)?;
            // Compared once more just before the rename, under the lock: an
            // editor's save in between is kept, not renamed over.
            if current().map_err(failed)?.as_deref() == now.as_deref() {
                staged.put_in_place().map_err(failed)?;
            } else {
                keep_saved(&mut index, &mut later)?;
                continue;
            }
        }
        set_executable(&full, executable);
        index
            .add(&index_entry(
                &full,
                &file.path,
                entry.id(),
                Some(&content),
                executable,
            ))
            .map_err(git_err)?;
    }
    index.write().map_err(git_err)?;
    Ok(later)
}

/// The index entry git would write for the file at `full` holding `blob`
/// (`content` the bytes the work tree holds); without the file's times and
/// size when it holds something else (a later save, `content` None), so
/// that git compares contents and shows it as changed.
fn index_entry(
    full: &Path,
    path: &str,
    blob: Oid,
    content: Option<&[u8]>,
    executable: bool,
) -> git2::IndexEntry {
    let mode = if executable {
        FileMode::BlobExecutable
    } else {
        FileMode::Blob
    };
    let mut entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: u32::from(mode),
        uid: 0,
        gid: 0,
        file_size: 0,
        id: blob,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    };
    let Some(content) = content else {
        return entry;
    };
    let Ok(meta) = std::fs::symlink_metadata(full) else {
        return entry;
    };
    if meta.len() != content.len() as u64 {
        return entry;
    }
    entry.file_size = u32::try_from(meta.len()).unwrap_or(u32::MAX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // The index keeps 32 bits of each; git truncates them the same way.
        let bits = |value: i64| value as i32;
        entry.ctime = git2::IndexTime::new(bits(meta.ctime()), meta.ctime_nsec() as u32);
        entry.mtime = git2::IndexTime::new(bits(meta.mtime()), meta.mtime_nsec() as u32);
        entry.dev = meta.dev() as u32;
        entry.ino = meta.ino() as u32;
        entry.uid = meta.uid();
        entry.gid = meta.gid();
    }
    #[cfg(not(unix))]
    {
        let time = |time: std::io::Result<std::time::SystemTime>| {
            time.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(git2::IndexTime::new(0, 0), |d| {
                    git2::IndexTime::new(d.as_secs() as i32, d.subsec_nanos())
                })
        };
        entry.mtime = time(meta.modified());
        entry.ctime = time(meta.created());
    }
    entry
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

/// Whether a move of the branch was interrupted (a journal is there).
pub fn in_flight(repo: &PlansRepo) -> bool {
    ["pending", "sync-pending"]
        .iter()
        .any(|name| scratch_folder(repo).join(name).exists())
}

/// A journal as earlier versions wrote it: a decision's (one path) in
/// `pending`, a sync's (several) in `sync-pending`.
#[derive(Debug, Deserialize)]
struct Legacy {
    branch: String,
    old: String,
    new: String,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    paths: Vec<String>,
}

/// Finishes or forgets a move of the branch whose command was interrupted.
/// Returns a sentence saying what was done, or None when there was nothing
/// to do. The caller holds the repository lock.
pub fn recover(repo: &PlansRepo, lang: Lang) -> Result<Option<String>, CommandError> {
    // Temporary files of a writer that was killed: we hold the lock, so no
    // one else is writing them.
    if let Ok(entries) = std::fs::read_dir(scratch_folder(repo)) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let mut said = None;
    for (name, mover) in [("pending", Mover::Decision), ("sync-pending", Mover::Sync)] {
        let journal = scratch_folder(repo).join(name);
        let Ok(text) = std::fs::read(&journal) else {
            continue;
        };
        // The interrupted writer may have been killed while libgit2 wrote
        // the index: its lock file would block every later index write.
        let _ = std::fs::remove_file(repo.git_dir().join("index.lock"));
        let movement = serde_json::from_slice::<BranchMove>(&text)
            .ok()
            .or_else(|| legacy(repo, &text, mover));
        let message = match movement {
            Some(movement) => finish(repo, &movement, lang)?,
            // A journal torn before it was complete: the branch was not
            // moved yet.
            None => rolled_back(mover, lang),
        };
        let _ = std::fs::remove_file(&journal);
        said = Some(message);
    }
    Ok(said)
}

fn legacy(repo: &PlansRepo, text: &[u8], mover: Mover) -> Option<BranchMove> {
    let old = serde_json::from_slice::<Legacy>(text).ok()?;
    let paths = old.path.into_iter().chain(old.paths);
    Some(BranchMove {
        mover,
        branch: old.branch,
        old: old.old,
        new: old.new,
        files: paths
            .map(|path| FileMove::as_it_is_now(repo, &path))
            .collect(),
    })
}

fn finish(repo: &PlansRepo, movement: &BranchMove, lang: Lang) -> Result<String, CommandError> {
    // Likewise the branch's lock file, when libgit2 was killed moving it:
    // it would refuse every later write.
    if git2::Reference::is_valid_name(&movement.branch) {
        let _ = std::fs::remove_file(repo.git_dir().join(format!("{}.lock", movement.branch)));
    }
    let now = repo.git.refname_to_id(&movement.branch).ok();
    let Some(commit) = now.filter(|now| now.to_string() == movement.new) else {
        return Ok(rolled_back(movement.mover, lang));
    };
    update_work_tree(repo, commit, &movement.files, lang)?;
    Ok(match movement.mover {
        Mover::Decision => {
            HistoryMsg::RecoveredCompleted.fill(lang, &[("commit", &short_id(commit))])
        }
        Mover::Sync => SyncMsg::RecoveredCompleted.fill(lang, &[("commit", &short_id(commit))]),
    })
}

fn rolled_back(mover: Mover, lang: Lang) -> String {
    match mover {
        Mover::Decision => HistoryMsg::RecoveredRolledBack.get(lang),
        Mover::Sync => SyncMsg::RecoveredRolledBack.get(lang),
    }
}
