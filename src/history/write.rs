//! Writing a decision the door ([`crate::history::door`]) has checked:
//! objects first, the hooks, the commit, then the branch moved only if it
//! still points where the decision started, then the work tree (only if the
//! file is still what was read) and the index.
//!
//! A journal (`.git/backbrief/pending`) is written before the branch moves
//! and removed after the work tree is updated, so [`recover`] can finish or
//! roll back a decision whose command was killed at any moment.

use std::path::{Path, PathBuf};

use git2::{FileMode, Oid};
use serde::{Deserialize, Serialize};

use crate::error::CommandError;
use crate::history::decision::{DecisionText, identities};
use crate::history::hooks::Hooks;
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::history::sign::SigningSetup;
use crate::i18n::{HistoryMsg, Lang, Message};

/// A decision in flight, as written to the journal.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    branch: String,
    old: String,
    new: String,
    path: String,
    /// The git hash of the work-tree file as the decision read it (None:
    /// there was none). Recovery puts the decision in the work tree only
    /// over that file, never over a later save.
    #[serde(default)]
    read: Option<String>,
    /// The git hash of the bytes the work tree is to hold.
    #[serde(default)]
    wanted: Option<String>,
}

fn journal_path(repo: &PlansRepo) -> PathBuf {
    repo.git_dir().join("backbrief").join("pending")
}

/// The bytes of a file in the work tree, never read through a symbolic link
/// (a link, or a file larger than a plan may be, reads as an error).
pub fn read_unfollowed(path: &Path) -> std::io::Result<Vec<u8>> {
    match crate::plan::source::read_bytes(path) {
        Ok(bytes) => Ok(bytes),
        Err(crate::plan::source::ReadProblem::Io(error)) => Err(error),
        Err(_) => Err(std::io::Error::other("not an ordinary plan file")),
    }
}

/// Writes `bytes` to `path` completely or not at all (see
/// [`crate::atomic_file`]), making its folder first (`.git/backbrief/`).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic_file::write(path, bytes)
}

/// What [`WriteSession::write`] did.
#[derive(Debug)]
pub struct Written {
    /// The new commit.
    pub commit: Oid,
    /// The work-tree file was saved again after the decision read it, and
    /// was left as it is.
    pub later_edits: bool,
    /// What the hooks printed, each labelled with its hook.
    pub hook_output: Vec<String>,
}

/// One decision to write: the plan file's path (`plans/x.json`), the bytes
/// the work tree is to hold, the plan as recorded at the parent, the file
/// as the decision read it from the work tree, and the decision's text.
struct Request<'a> {
    path: &'a str,
    content: &'a [u8],
    recorded: Option<&'a [u8]>,
    read: Option<&'a [u8]>,
    text: &'a DecisionText,
    run_hooks: bool,
}

fn write_decision(
    repo: &PlansRepo,
    branch: &str,
    parent: Oid,
    request: &Request<'_>,
    lang: Lang,
) -> Result<Written, CommandError> {
    let git_err = |e: git2::Error| git_error(&e, lang);
    let git = &repo.git;
    let path = request.path;
    let parent_commit = git.find_commit(parent).map_err(git_err)?;
    // The blob holds what git itself would store for this file (line
    // endings cleaned as core.autocrlf and .gitattributes say).
    let stored = crate::history::eol::as_stored(git, path, request.content, request.recorded);
    let blob = git.blob(&stored).map_err(git_err)?;
    let tree = tree_with_file(repo, &parent_commit.tree().map_err(git_err)?, path, blob)
        .map_err(git_err)?;
    let tree = git.find_tree(tree).map_err(git_err)?;

    let hooks = Hooks::of(repo);
    let mut hook_output = Vec::new();
    let mut message = request.text.message();
    if request.run_hooks {
        message = run_commit_hooks(
            repo,
            &hooks,
            &tree,
            message,
            request.text,
            &mut hook_output,
            lang,
        )?;
    }

    let (author, committer) = identities(git, lang)?;
    let config = git.config().map_err(git_err)?;
    let signing =
        SigningSetup::from_config(&config).map_err(|detail| signing_error(&detail, lang))?;
    let commit = match signing {
        None => git
            .commit(
                None,
                &author,
                &committer,
                &message,
                &tree,
                &[&parent_commit],
            )
            .map_err(git_err)?,
        Some(setup) => {
            let buffer = git
                .commit_create_buffer(&author, &committer, &message, &tree, &[&parent_commit])
                .map_err(git_err)?;
            let committer_id = format!(
                "{} <{}>",
                committer.name().unwrap_or(""),
                committer.email().unwrap_or("")
            );
            let signature = setup
                .sign(&buffer, &committer_id)
                .map_err(|detail| signing_error(&detail, lang))?;
            let buffer =
                std::str::from_utf8(&buffer).map_err(|e| signing_error(&e.to_string(), lang))?;
            git.commit_signed(buffer, &signature, None)
                .map_err(git_err)?
        }
    };

    let hash = |bytes: &[u8]| {
        Oid::hash_object(git2::ObjectType::Blob, bytes)
            .map(|oid| oid.to_string())
            .ok()
    };
    let pending = Pending {
        branch: branch.to_string(),
        old: parent.to_string(),
        new: commit.to_string(),
        path: path.to_string(),
        read: request.read.and_then(hash),
        wanted: hash(request.content),
    };
    let journal = journal_path(repo);
    let journal_text = serde_json::to_vec(&pending).unwrap_or_default();
    write_atomically(&journal, &journal_text).map_err(|e| io_failure(&journal, &e, lang))?;

    let reflog = format!(
        "backbrief: {}",
        request.text.summary.lines().next().unwrap_or_default()
    );
    if let Err(error) = git.reference_matching(branch, commit, true, parent, &reflog) {
        let _ = std::fs::remove_file(&journal);
        let moved = git
            .refname_to_id(branch)
            .map(|now| now != parent)
            .unwrap_or(false);
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
    let later_edits = match update_work_tree(repo, path, request.content, blob, request.read, lang)
    {
        Ok(later_edits) => later_edits,
        Err(error) => {
            // A failed command changes nothing (a full disk, a read-only
            // plans/): the branch goes back; the work tree was not touched.
            // Only when the branch cannot go back does the journal stay,
            // for the next writing command to finish the decision.
            let undo = format!("backbrief: undo {}", short_id(commit));
            if git
                .reference_matching(branch, parent, true, commit, &undo)
                .is_ok()
            {
                let full = repo.root.join(path);
                if let Some(read) = request.read
                    && read_unfollowed(&full).is_ok_and(|now| now == request.content && now != read)
                {
                    let _ = write_atomically(&full, read);
                }
                let _ = std::fs::remove_file(&journal);
            }
            return Err(error);
        }
    };
    let _ = std::fs::remove_file(&journal);
    // As with git, post-commit cannot undo the commit; what it says is told.
    if let Ok(Some(output))
    | Err(CommandError {
        message: output, ..
    }) = hooks.run("post-commit", &[], None, lang)
    {
        hook_output.push(labelled("post-commit", &output, lang));
    }
    Ok(Written {
        commit,
        later_edits,
        hook_output,
    })
}

/// Runs `pre-commit` against an index holding the decision's tree, then
/// `commit-msg` on the message; returns the message as the hook left it,
/// which must still be a decision on the same plan.
fn run_commit_hooks(
    repo: &PlansRepo,
    hooks: &Hooks,
    tree: &git2::Tree<'_>,
    message: String,
    text: &DecisionText,
    hook_output: &mut Vec<String>,
    lang: Lang,
) -> Result<String, CommandError> {
    let folder = journal_path(repo)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.git_dir().to_path_buf());
    std::fs::create_dir_all(&folder).map_err(|e| io_failure(&folder, &e, lang))?;
    if !hooks.has("pre-commit") && !hooks.has("commit-msg") {
        return Ok(message);
    }
    // As `git commit <path>` does: the hooks see a temporary index with the
    // commit's content, not the user's own index.
    let index_path = TemporaryFile(folder.join(format!("hook-index.{}.tmp", std::process::id())));
    let _ = std::fs::remove_file(&index_path.0);
    let mut index = git2::Index::open(&index_path.0).map_err(|e| git_error(&e, lang))?;
    index
        .read_tree(tree)
        .and_then(|()| index.write())
        .map_err(|e| git_error(&e, lang))?;
    let index_path = &index_path.0;
    if let Some(output) = hooks.run("pre-commit", &[], Some(index_path), lang)? {
        hook_output.push(labelled("pre-commit", &output, lang));
    }
    let message_file = repo.git_dir().join("COMMIT_EDITMSG");
    write_atomically(&message_file, message.as_bytes())
        .map_err(|e| io_failure(&message_file, &e, lang))?;
    if let Some(output) = hooks.run("commit-msg", &[&message_file], Some(index_path), lang)? {
        hook_output.push(labelled("commit-msg", &output, lang));
    }
    let edited = std::fs::read_to_string(&message_file).unwrap_or_else(|_| message.clone());
    if edited == message {
        return Ok(message);
    }
    let trailers = crate::history::decision::trailers(&edited);
    let says = |key: &str, value: Option<&str>| {
        trailers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case(key) && value.is_none_or(|value| v == value) && !v.is_empty()
        })
    };
    if says("Plan", Some(&text.plan)) && says("Decided-by", None) {
        Ok(edited)
    } else {
        Err(CommandError::data(
            HistoryMsg::HookBrokeMessage.fill(lang, &[("plan", &text.plan)]),
        ))
    }
}

/// A file removed when dropped.
struct TemporaryFile(std::path::PathBuf);

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn labelled(hook: &str, output: &str, lang: Lang) -> String {
    format!(
        "{}\n{}",
        HistoryMsg::HookPrinted.fill(lang, &[("hook", &hook)]),
        output
    )
}

fn signing_error(detail: &str, lang: Lang) -> CommandError {
    CommandError::environment(HistoryMsg::SigningFailed.fill(lang, &[("detail", &detail)]))
        .hinted(HistoryMsg::SigningFailedHint.get(lang))
}

fn io_failure(path: &Path, error: &std::io::Error, lang: Lang) -> CommandError {
    CommandError::environment(crate::i18n::Common::CannotWrite.fill(
        lang,
        &[
            ("path", &path.display()),
            ("reason", &crate::io_reason(error, lang)),
        ],
    ))
}

/// The tree of `base` with the file at `path` (one folder deep: `plans/x.json`)
/// replaced by `content`.
fn tree_with_file(
    repo: &PlansRepo,
    base: &git2::Tree<'_>,
    path: &str,
    blob: Oid,
) -> Result<Oid, git2::Error> {
    let git = &repo.git;
    let (folder, name) = path.split_once('/').unwrap_or(("", path));
    if folder.is_empty() {
        let mut root = git.treebuilder(Some(base))?;
        root.insert(name, blob, FileMode::Blob.into())?;
        return root.write();
    }
    let existing = match base.get_name(folder) {
        Some(entry) if entry.kind() == Some(git2::ObjectType::Tree) => {
            Some(git.find_tree(entry.id())?)
        }
        _ => None,
    };
    let mut inner = git.treebuilder(existing.as_ref())?;
    inner.insert(name, blob, FileMode::Blob.into())?;
    let inner = inner.write()?;
    let mut root = git.treebuilder(Some(base))?;
    root.insert(folder, inner, FileMode::Tree.into())?;
    root.write()
}

/// Puts `content` at `path` in the work tree and `blob` in the index, as
/// git would after a commit; but only over the file the decision read
/// (`read`, None: there was none). When the file was saved again meanwhile
/// (an editor), it is left as it is and the index still gets the recorded
/// blob, so git shows the later save as a change. Returns whether it was.
fn update_work_tree(
    repo: &PlansRepo,
    path: &str,
    content: &[u8],
    blob: Oid,
    read: Option<&[u8]>,
    lang: Lang,
) -> Result<bool, CommandError> {
    let full = repo.root.join(path);
    let current = || match read_unfollowed(&full) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    };
    let failed = |error: std::io::Error| io_failure(&full, &error, lang);
    let now = current().map_err(failed)?;
    let mut later_edits = now.as_deref() != read;
    if !later_edits && now.as_deref() != Some(content) {
        // The temporary file lives in the git folder, so a process killed
        // before the rename leaves nothing in the work tree.
        let folder = journal_path(repo)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| repo.git_dir().to_path_buf());
        std::fs::create_dir_all(&folder).map_err(failed)?;
        let staged = crate::atomic_file::stage(&folder, &full, content).map_err(failed)?;
        // Compared once more just before the rename, under the lock: an
        // editor's save in between is kept, not renamed over.
        if current().map_err(failed)?.as_deref() == read {
            staged.put_in_place().map_err(failed)?;
        } else {
            later_edits = true;
        }
    }
    let mut index = repo.git.index().map_err(|e| git_error(&e, lang))?;
    let entry = index_entry(&full, path, blob, content, later_edits);
    index
        .add(&entry)
        .and_then(|()| index.write())
        .map_err(|e| git_error(&e, lang))?;
    Ok(later_edits)
}

/// The index entry git would write for the file at `full` holding `blob`;
/// without the file's times and size when it holds something else (a later
/// save), so that git compares contents and shows it as changed.
fn index_entry(
    full: &Path,
    path: &str,
    blob: Oid,
    content: &[u8],
    later_edits: bool,
) -> git2::IndexEntry {
    let mut entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: u32::from(FileMode::Blob),
        uid: 0,
        gid: 0,
        file_size: 0,
        id: blob,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    };
    if later_edits {
        return entry;
    }
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
        let seconds = |time: std::io::Result<std::time::SystemTime>| {
            time.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(git2::IndexTime::new(0, 0), |d| {
                    git2::IndexTime::new(d.as_secs() as i32, d.subsec_nanos())
                })
        };
        entry.mtime = seconds(meta.modified());
        entry.ctime = seconds(meta.created());
    }
    entry
}

/// Finishes or rolls back a decision whose command was interrupted. Returns
/// a sentence saying what was done, or None when there was nothing to do.
pub fn recover(repo: &PlansRepo, lang: Lang) -> Result<Option<String>, CommandError> {
    let journal = journal_path(repo);
    // Temporary files of a writer that was killed: we hold the lock, so no
    // one else is writing them.
    if let Some(folder) = journal.parent()
        && let Ok(entries) = std::fs::read_dir(folder)
    {
        for entry in entries.filter_map(Result::ok) {
            if entry.file_name().to_string_lossy().ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let Ok(text) = std::fs::read(&journal) else {
        return Ok(None);
    };
    // A decision was interrupted, possibly while libgit2 was writing the
    // index: its lock file would block every later index write. We hold the
    // repository lock, so the interrupted writer was the only one.
    let _ = std::fs::remove_file(repo.git_dir().join("index.lock"));
    let Ok(pending) = serde_json::from_slice::<Pending>(&text) else {
        // A journal torn before it was complete: the branch was not moved yet.
        let _ = std::fs::remove_file(&journal);
        return Ok(Some(HistoryMsg::RecoveredRolledBack.get(lang)));
    };
    // Likewise the branch's lock file, when libgit2 was killed moving it:
    // it would refuse every later decision.
    if git2::Reference::is_valid_name(&pending.branch) {
        let _ = std::fs::remove_file(repo.git_dir().join(format!("{}.lock", pending.branch)));
    }
    let current = repo
        .git
        .refname_to_id(&pending.branch)
        .ok()
        .map(|oid| oid.to_string());
    let message = if current.as_deref() == Some(pending.new.as_str()) {
        let commit = Oid::from_str(&pending.new).map_err(|e| git_error(&e, lang))?;
        finish_work_tree(repo, &pending, commit, lang)?;
        HistoryMsg::RecoveredCompleted.fill(lang, &[("commit", &short_id(commit))])
    } else {
        HistoryMsg::RecoveredRolledBack.get(lang)
    };
    let _ = std::fs::remove_file(&journal);
    Ok(Some(message))
}

/// Puts an interrupted decision's plan in the work tree and index, unless
/// the file was saved again after the decision read it.
fn finish_work_tree(
    repo: &PlansRepo,
    pending: &Pending,
    commit: Oid,
    lang: Lang,
) -> Result<(), CommandError> {
    let git_err = |e: git2::Error| git_error(&e, lang);
    let commit = repo.git.find_commit(commit).map_err(git_err)?;
    let Some(blob) = repo.blob_id_at(&commit, Path::new(&pending.path)) else {
        return Ok(());
    };
    let now = read_unfollowed(&repo.root.join(&pending.path)).ok();
    let hash = |bytes: &[u8]| {
        Oid::hash_object(git2::ObjectType::Blob, bytes)
            .ok()
            .map(|oid| oid.to_string())
    };
    let now_hash = now.as_deref().and_then(hash);
    if now_hash.is_some() && now_hash == pending.wanted {
        // Already in place (the rename happened): only the index is left.
        let bytes = now.unwrap_or_default();
        update_work_tree(repo, &pending.path, &bytes, blob, Some(&bytes), lang)?;
        return Ok(());
    }
    let untouched = pending.wanted.is_none() || now_hash == pending.read;
    let content = repo
        .git
        .find_blob(blob)
        .map(|b| b.content().to_vec())
        .map_err(git_err)?;
    let read = if untouched {
        now.as_deref()
    } else {
        None::<&[u8]>
    };
    if untouched {
        update_work_tree(repo, &pending.path, &content, blob, read, lang)?;
    } else {
        // A later save: kept; the index gets the decision, git shows the save.
        let mut index = repo.git.index().map_err(git_err)?;
        let entry = index_entry(Path::new(""), &pending.path, blob, &content, true);
        index
            .add(&entry)
            .and_then(|()| index.write())
            .map_err(git_err)?;
    }
    Ok(())
}

/// A repository opened for writing one decision: locked, recovered from any
/// interrupted decision, on a branch, with the head the decision starts from.
pub struct WriteSession {
    /// The repository.
    pub repo: PlansRepo,
    /// The branch HEAD points at.
    pub branch: String,
    /// The commit the decision starts from.
    pub head: Oid,
    /// What was done before it could start (an interrupted decision or sync
    /// finished or rolled back), to tell the user.
    pub notes: Vec<String>,
    _lock: crate::history::lock::RepoLock,
}

impl WriteSession {
    /// Opens the plans repository around `dir` for writing.
    pub fn begin(dir: &Path, lang: Lang) -> Result<WriteSession, CommandError> {
        let repo = PlansRepo::open(dir, lang)?;
        WriteSession::begin_in(repo, lang)
    }

    /// Like [`WriteSession::begin`], for a repository already open.
    pub fn begin_in(repo: PlansRepo, lang: Lang) -> Result<WriteSession, CommandError> {
        repo.ensure_clean_state(lang)?;
        let branch = repo.branch(lang)?;
        let lock = crate::history::lock::RepoLock::acquire(
            repo.git_dir(),
            crate::history::lock::lock_wait(),
            lang,
        )?;
        let mut notes = Vec::new();
        notes.extend(recover(&repo, lang)?);
        // A sync interrupted after moving the branch: finish its work tree first.
        notes.extend(crate::history::sync::recover(&repo, lang)?);
        let head = repo.head_commit(lang)?;
        Ok(WriteSession {
            repo,
            branch,
            head,
            notes,
            _lock: lock,
        })
    }

    /// Writes one decision the door has checked: `content` is what the work
    /// tree is to hold at `path`, `recorded` the plan at the head, `read`
    /// the work-tree file as the door read it.
    #[allow(clippy::too_many_arguments)]
    pub fn write(
        &self,
        path: &str,
        content: &[u8],
        recorded: Option<&[u8]>,
        read: Option<&[u8]>,
        text: &DecisionText,
        run_hooks: bool,
        lang: Lang,
    ) -> Result<Written, CommandError> {
        let request = Request {
            path,
            content,
            recorded,
            read,
            text,
            run_hooks,
        };
        write_decision(&self.repo, &self.branch, self.head, &request, lang)
    }

    /// The day the decision is recorded on: the author date's day.
    pub fn recording_day(&self, lang: Lang) -> Result<chrono::NaiveDate, CommandError> {
        let (author, _) = identities(&self.repo.git, lang)?;
        Ok(crate::history::decision::git_time(author.when()).date_naive())
    }
}
