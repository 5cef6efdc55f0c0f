//! Writing a decision the door ([`crate::history::door`]) has checked:
//! objects first, the hooks, the commit, then the branch moved only if it
//! still points where the decision started, then the work tree (only if the
//! file is still what was read) and the index.
//!
//! A journal (`.git/backbrief/pending`) is written before the branch moves
//! and removed after the work tree is updated, so [`recover`] can finish or
//! roll back a decision whose command was killed at any moment.

use std::path::Path;

use git2::{FileMode, Oid};

use crate::error::CommandError;
use crate::history::decision::{DecisionText, Recorder, identities, identities_for};
use crate::history::hooks::Hooks;
use crate::history::journal::{self, BranchMove, FileMove, Mover};
use crate::history::repo::{PlansRepo, git_error};
use crate::history::sign::SigningSetup;
use crate::i18n::{HistoryMsg, Lang, Message};

pub use crate::history::files::{io_failure, read_unfollowed, write_atomically};

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

    let commit = create_commit(
        repo,
        &[parent],
        tree.id(),
        &message,
        request.text.recorder.as_ref(),
        lang,
    )?;

    let movement = BranchMove {
        mover: Mover::Decision,
        branch: branch.to_string(),
        old: parent.to_string(),
        new: commit.to_string(),
        files: vec![FileMove::new(
            path,
            request.read,
            Some(request.content.to_vec()),
        )],
    };
    let reflog = format!(
        "backbrief: {}",
        request.text.summary.lines().next().unwrap_or_default()
    );
    let later_edits = !journal::move_branch(repo, &movement, &reflog, lang)?.is_empty();
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
    let folder = journal::scratch_folder(repo);
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

/// Writes a commit object with `parents`, `tree` and `message`, by the
/// identities git would use, signed the way git is set up to sign
/// (`commit.gpgsign`, `gpg.format`). The one place a commit is made: a
/// decision ([`WriteSession::write`]) and a sync's merge both come here.
/// Moves no branch.
pub(crate) fn create_commit(
    repo: &PlansRepo,
    parents: &[Oid],
    tree: Oid,
    message: &str,
    recorder: Option<&Recorder>,
    lang: Lang,
) -> Result<Oid, CommandError> {
    let git = &repo.git;
    let git_err = |e: git2::Error| git_error(&e, lang);
    let tree = git.find_tree(tree).map_err(git_err)?;
    let parents: Vec<git2::Commit<'_>> = parents
        .iter()
        .map(|oid| git.find_commit(*oid))
        .collect::<Result<_, _>>()
        .map_err(git_err)?;
    let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
    let (author, committer) = identities_for(git, recorder, lang)?;
    let config = git.config().map_err(git_err)?;
    match SigningSetup::from_config(&config).map_err(|detail| signing_error(&detail, lang))? {
        None => git
            .commit(None, &author, &committer, message, &tree, &parents)
            .map_err(git_err),
        Some(setup) => {
            let buffer = git
                .commit_create_buffer(&author, &committer, message, &tree, &parents)
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
            git.commit_signed(buffer, &signature, None).map_err(git_err)
        }
    }
}

fn signing_error(detail: &str, lang: Lang) -> CommandError {
    CommandError::environment(HistoryMsg::SigningFailed.fill(lang, &[("detail", &detail)]))
        .hinted(HistoryMsg::SigningFailedHint.get(lang))
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

/// Finishes or rolls back a decision or sync whose command was
/// interrupted (see [`journal::recover`]).
pub fn recover(repo: &PlansRepo, lang: Lang) -> Result<Option<String>, CommandError> {
    journal::recover(repo, lang)
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
        // A decision or sync interrupted: finish or forget it first.
        let notes: Vec<String> = recover(&repo, lang)?.into_iter().collect();
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
