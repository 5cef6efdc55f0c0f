//! Recording a decision: objects first, then the branch moved only if it
//! still points where the decision started, then the work tree and index.
//!
//! A journal (`.git/backbrief/pending`) is written before the branch moves
//! and removed after the work tree is updated, so [`recover`] can finish or
//! roll back a decision whose command was killed at any moment.

use std::io::Write;
use std::path::{Path, PathBuf};

use git2::{FileMode, Oid};
use serde::{Deserialize, Serialize};

use crate::error::CommandError;
use crate::history::decision::{DecisionText, identities};
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

/// Writes `bytes` to `path` completely or not at all: a temporary file in
/// the same folder, synced, then renamed over the target. Neither is written
/// through a symbolic link: the temporary file is created new (a leftover
/// of a killed run is removed first), and the rename replaces a link at
/// `path` instead of following it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Records `content` as the new text of the plan file `path` (e.g.
/// `plans/x.json`) in one decision commit whose parent is `parent` (the
/// branch head the decision was computed from). Returns the new commit.
pub fn record_decision(
    repo: &PlansRepo,
    branch: &str,
    parent: Oid,
    path: &str,
    content: &[u8],
    text: &DecisionText,
    lang: Lang,
) -> Result<Oid, CommandError> {
    let git_err = |e: git2::Error| git_error(&e, lang);
    let git = &repo.git;
    let parent_commit = git.find_commit(parent).map_err(git_err)?;
    let tree = tree_with_file(repo, &parent_commit.tree().map_err(git_err)?, path, content)
        .map_err(git_err)?;
    let tree = git.find_tree(tree).map_err(git_err)?;
    let (author, committer) = identities(git, lang)?;
    let message = text.message();
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

    let pending = Pending {
        branch: branch.to_string(),
        old: parent.to_string(),
        new: commit.to_string(),
        path: path.to_string(),
    };
    let journal = journal_path(repo);
    let journal_text = serde_json::to_vec(&pending).unwrap_or_default();
    write_atomically(&journal, &journal_text).map_err(|e| io_failure(&journal, &e, lang))?;

    let reflog = format!(
        "backbrief: {}",
        text.summary.lines().next().unwrap_or_default()
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
    let full = repo.root.join(path);
    let before = read_unfollowed(&full);
    if let Err(error) = update_work_tree(repo, path, content, lang) {
        // A failed command changes nothing (a full disk, a read-only plans/):
        // the branch goes back, then the file as it was. Only when the branch
        // cannot go back does the journal stay, for the next writing command
        // to finish the decision.
        let undo = format!("backbrief: undo {}", short_id(commit));
        if git
            .reference_matching(branch, parent, true, commit, &undo)
            .is_ok()
        {
            match before {
                Ok(before) if read_unfollowed(&full).is_ok_and(|now| now != before) => {
                    let _ = write_atomically(&full, &before);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let _ = std::fs::remove_file(&full);
                }
                _ => {}
            }
            let _ = std::fs::remove_file(&journal);
        }
        return Err(error);
    }
    let _ = std::fs::remove_file(&journal);
    Ok(commit)
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
    content: &[u8],
) -> Result<Oid, git2::Error> {
    let git = &repo.git;
    let (folder, name) = path.split_once('/').unwrap_or(("", path));
    let blob = git.blob(content)?;
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

/// Puts `content` at `path` in the work tree (atomically) and in the index.
fn update_work_tree(
    repo: &PlansRepo,
    path: &str,
    content: &[u8],
    lang: Lang,
) -> Result<(), CommandError> {
    let full = repo.root.join(path);
    let unchanged = read_unfollowed(&full).is_ok_and(|current| current == content);
    if !unchanged {
        // The temporary file lives in the git folder, so a process killed
        // before the rename leaves nothing in the work tree.
        let temporary =
            journal_path(repo).with_file_name(format!("work-tree.{}.tmp", std::process::id()));
        let written =
            write_atomically(&temporary, content).and_then(|()| std::fs::rename(&temporary, &full));
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(io_failure(&full, &error, lang));
        }
    }
    let mut index = repo.git.index().map_err(|e| git_error(&e, lang))?;
    index
        .add_path(Path::new(path))
        .and_then(|()| index.write())
        .map_err(|e| git_error(&e, lang))
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
        let content = repo
            .file_at(commit, &pending.path)
            .map_err(|e| git_error(&e, lang))?
            .unwrap_or_default();
        update_work_tree(repo, &pending.path, &content, lang)?;
        HistoryMsg::RecoveredCompleted.fill(lang, &[("commit", &short_id(commit))])
    } else {
        HistoryMsg::RecoveredRolledBack.get(lang)
    };
    let _ = std::fs::remove_file(&journal);
    Ok(Some(message))
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
        if let Some(note) = recover(&repo, lang)? {
            eprintln!("{note}");
        }
        // A sync interrupted after moving the branch: finish its work tree first.
        if let Some(note) = crate::history::sync::recover(&repo, lang)? {
            eprintln!("{note}");
        }
        let head = repo.head_commit(lang)?;
        Ok(WriteSession {
            repo,
            branch,
            head,
            _lock: lock,
        })
    }

    /// Records one decision (see [`record_decision`]).
    pub fn record(
        &self,
        path: &str,
        content: &[u8],
        text: &DecisionText,
        lang: Lang,
    ) -> Result<Oid, CommandError> {
        record_decision(
            &self.repo,
            &self.branch,
            self.head,
            path,
            content,
            text,
            lang,
        )
    }

    /// The day the decision is recorded on: the author date's day.
    pub fn recording_day(&self, lang: Lang) -> Result<chrono::NaiveDate, CommandError> {
        let (author, _) = identities(&self.repo.git, lang)?;
        Ok(crate::history::decision::git_time(author.when()).date_naive())
    }
}
