//! The plans repository: a git repository whose work tree holds `plans/`.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, RepositoryState};

use crate::error::CommandError;
use crate::i18n::{HistoryMsg, Lang, Message};

/// The folder plans live in, inside the repository.
pub const PLANS_DIR: &str = "plans";

/// An open plans repository.
pub struct PlansRepo {
    /// The git repository.
    pub git: Repository,
    /// The root of the work tree.
    pub root: PathBuf,
    /// Opened as git's environment says (a server hook, whose pushed
    /// objects are still in quarantine), not from a folder.
    pub from_env: bool,
}

/// A git error as a command error (exit 3).
pub fn git_error(error: &git2::Error, lang: Lang) -> CommandError {
    CommandError::environment(HistoryMsg::GitError.fill(lang, &[("detail", &error.message())]))
}

impl PlansRepo {
    /// Opens the plans repository that `dir` is in.
    pub fn open(dir: &Path, lang: Lang) -> Result<PlansRepo, CommandError> {
        let repo = PlansRepo::open_to_verify(dir, lang)?;
        let root = &repo.root;
        // Never read or record plans in a folder a link leads to.
        crate::workspace::ensure_real_plans_dir(root, lang)?;
        if !root.join(PLANS_DIR).is_dir() {
            return Err(CommandError::environment(
                HistoryMsg::NoPlansFolder.fill(lang, &[("dir", &root.display())]),
            )
            .hinted(HistoryMsg::NotARepositoryHint.get(lang)));
        }
        Ok(repo)
    }

    /// Opens the repository that `dir` is in to check its history: also
    /// when its work tree's `plans/` is not a folder (a commit may have made
    /// it a link or a file, which is what the check then reports).
    pub fn open_to_verify(dir: &Path, lang: Lang) -> Result<PlansRepo, CommandError> {
        let git = Repository::discover(dir).map_err(|error| {
            if error.code() == git2::ErrorCode::Owner {
                // git refuses a repository another user owns ("dubious
                // ownership"), as on a shared drive.
                let shown = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
                return CommandError::environment(
                    HistoryMsg::NotOwned.fill(lang, &[("dir", &shown.display())]),
                )
                .hinted(HistoryMsg::NotOwnedHint.fill(lang, &[("dir", &shown.display())]));
            }
            CommandError::environment(
                HistoryMsg::NotARepository.fill(lang, &[("dir", &dir.display())]),
            )
            .hinted(HistoryMsg::NotARepositoryHint.get(lang))
        })?;
        let root = git.workdir().map(Path::to_path_buf).ok_or_else(|| {
            CommandError::environment(
                HistoryMsg::BareRepository.fill(lang, &[("dir", &git.path().display())]),
            )
            .hinted(HistoryMsg::BareRepositoryHint.fill(lang, &[("dir", &git.path().display())]))
        })?;
        Ok(PlansRepo {
            git,
            root,
            from_env: false,
        })
    }

    /// Another handle on the same repository, for a second thread: opened
    /// the way this one was, so that a hook's second thread sees the pushed
    /// objects too.
    pub fn reopen(&self) -> Result<Repository, git2::Error> {
        if self.from_env {
            Repository::open_from_env()
        } else {
            Repository::open(self.git.path())
        }
    }

    /// The path of a plan file inside the repository: `plans/<id>.json`.
    pub fn plan_path(id: &str) -> String {
        format!("{PLANS_DIR}/{id}.json")
    }

    /// The branch HEAD points at, e.g. `refs/heads/main`; errors for a
    /// detached HEAD.
    pub fn branch(&self, lang: Lang) -> Result<String, CommandError> {
        if self.git.head_detached().unwrap_or(false) {
            return Err(
                CommandError::environment(HistoryMsg::DetachedHead.get(lang))
                    .hinted(HistoryMsg::DetachedHeadHint.get(lang)),
            );
        }
        let head = self
            .git
            .find_reference("HEAD")
            .map_err(|e| git_error(&e, lang))?;
        Ok(head
            .symbolic_target()
            .ok()
            .flatten()
            .map_or_else(|| "refs/heads/main".to_string(), str::to_owned))
    }

    /// The commit the branch points at; errors for a branch with no commits.
    pub fn head_commit(&self, lang: Lang) -> Result<Oid, CommandError> {
        let branch = self.branch(lang)?;
        match self.git.refname_to_id(&branch) {
            Ok(oid) => Ok(oid),
            Err(_) => Err(CommandError::environment(HistoryMsg::UnbornBranch.fill(
                lang,
                &[("branch", &branch.trim_start_matches("refs/heads/"))],
            ))
            .hinted(HistoryMsg::UnbornBranchHint.get(lang))),
        }
    }

    /// Refuses to write while git is in the middle of a merge, rebase, …
    pub fn ensure_clean_state(&self, lang: Lang) -> Result<(), CommandError> {
        let operation = match self.git.state() {
            RepositoryState::Clean => return Ok(()),
            RepositoryState::Merge => "merge",
            RepositoryState::Revert | RepositoryState::RevertSequence => "revert",
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => "cherry-pick",
            RepositoryState::Bisect => "bisect",
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge => "rebase",
            RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => "am",
        };
        Err(CommandError::environment(
            HistoryMsg::OperationInProgress.fill(lang, &[("operation", &operation)]),
        )
        .hinted(HistoryMsg::OperationInProgressHint.get(lang)))
    }

    /// The bytes of `path` in the tree of `commit`, or None when it is not there.
    pub fn file_at(&self, commit: Oid, path: &str) -> Result<Option<Vec<u8>>, git2::Error> {
        let tree = self.git.find_commit(commit)?.tree()?;
        match tree.get_path(Path::new(path)) {
            Ok(entry) => Ok(Some(self.git.find_blob(entry.id())?.content().to_vec())),
            Err(error) if error.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The blob id of `path` in the tree of `commit`, when it is there.
    pub fn blob_id_at(&self, commit: &git2::Commit<'_>, path: &Path) -> Option<Oid> {
        commit
            .tree()
            .ok()?
            .get_path(path)
            .ok()
            .map(|entry| entry.id())
    }

    /// Resolves a commit the user named (full or short id, branch, `HEAD~2`…).
    pub fn resolve_commit(&self, spec: &str, lang: Lang) -> Result<Oid, CommandError> {
        self.git
            .revparse_single(spec)
            .and_then(|object| object.peel_to_commit())
            .map(|commit| commit.id())
            .map_err(|_| {
                CommandError::data(HistoryMsg::UnknownCommit.fill(lang, &[("commit", &spec)]))
                    .hinted(HistoryMsg::UnknownCommitHint.get(lang))
            })
    }

    /// The path of the git folder (`.git`).
    pub fn git_dir(&self) -> &Path {
        self.git.path()
    }
}

/// The first seven hex digits of a commit id.
pub fn short_id(oid: Oid) -> String {
    let mut text = oid.to_string();
    text.truncate(7);
    text
}
