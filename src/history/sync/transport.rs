//! Fetch and push through the installed `git`, so that the user's own setup
//! works unchanged: https with its credential helper, ssh with its agent
//! and `~/.ssh/config`, `file://` URLs and paths on a shared drive. Git is
//! started directly (never through a shell) and only for these two steps;
//! everything else is done with libgit2.
//!
//! Fetched branches land under `refs/backbrief/fetched/`, never in the
//! user's remote-tracking branches, so a sync that stops changes nothing
//! the user sees. `refs/backbrief/synced/` remembers where the remote stood
//! after the last sync, to notice a history rewritten by a force-push.

use std::io::IsTerminal;
use std::path::Path;
use std::process::{Command, Stdio};

use git2::Oid;

use crate::error::CommandError;
use crate::history::repo::{PlansRepo, git_error};
use crate::i18n::{Lang, Message, SyncMsg};

/// The remote a sync talks to.
#[derive(Debug, Clone)]
pub struct Remote {
    /// What git is given: a configured remote's name, or a URL or path.
    pub spec: String,
    /// Whether `spec` names a configured remote.
    pub named: bool,
    /// The branch on the remote.
    pub branch: String,
}

impl Remote {
    /// A name usable inside a ref: the remote's name, or `url-<hash>`.
    fn key(&self) -> String {
        if self.named && git2::Reference::is_valid_name(&format!("refs/x/{}", self.spec)) {
            return self.spec.clone();
        }
        // FNV-1a: stable across versions and platforms.
        let hash = self
            .spec
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        format!("url-{hash:016x}")
    }

    /// Where fetched branches of this remote are kept.
    fn fetched_prefix(&self) -> String {
        format!("refs/backbrief/fetched/{}/", self.key())
    }

    /// Where the remote's verified point (its `refs/backbrief/verified`) is
    /// kept after a fetch.
    pub fn fetched_verified(&self) -> String {
        format!("refs/backbrief/fetched-verified/{}/verified", self.key())
    }

    /// The remembered position of the remote branch after the last sync.
    pub fn synced_ref(&self) -> String {
        format!("refs/backbrief/synced/{}/{}", self.key(), self.branch)
    }
}

/// Which remote and branch to sync with: `arg` (a remote's name, a URL or a
/// path), else the branch's upstream, else `origin`.
pub fn resolve(
    repo: &PlansRepo,
    arg: Option<&str>,
    local_branch: &str,
    cwd: &Path,
    lang: Lang,
) -> Result<Remote, CommandError> {
    let short = local_branch.trim_start_matches("refs/heads/");
    let config = repo.git.config().map_err(|e| git_error(&e, lang))?;
    let upstream_remote = config.get_string(&format!("branch.{short}.remote")).ok();
    let upstream_branch = config
        .get_string(&format!("branch.{short}.merge"))
        .ok()
        .map(|merge| merge.trim_start_matches("refs/heads/").to_string());
    let names: Vec<String> = repo
        .git
        .remotes()
        .map(|names| {
            names
                .iter()
                .flatten()
                .flatten()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let spec = match arg {
        Some(arg) => arg.to_string(),
        None => upstream_remote
            .clone()
            .filter(|name| name != ".")
            .or_else(|| names.iter().find(|n| *n == "origin").cloned())
            .ok_or_else(|| {
                CommandError::environment(SyncMsg::NoRemote.get(lang))
                    .hinted(SyncMsg::NoRemoteHint.get(lang))
            })?,
    };
    let named = names.contains(&spec);
    // Never an option for git: `--upload-pack=…` would run through a shell.
    let spec = if named || (looks_like_url(&spec) && !spec.starts_with('-')) {
        spec
    } else if cwd.join(&spec).exists() {
        cwd.join(&spec).to_string_lossy().into_owned()
    } else {
        let known = if names.is_empty() {
            "–".to_string()
        } else {
            names.join(", ")
        };
        return Err(CommandError::environment(
            SyncMsg::UnknownRemote.fill(lang, &[("remote", &spec), ("known", &known)]),
        )
        .hinted(SyncMsg::UnknownRemoteHint.get(lang)));
    };
    let branch = match (&upstream_remote, upstream_branch) {
        (Some(remote), Some(branch)) if named && *remote == spec => branch,
        _ => short.to_string(),
    };
    Ok(Remote {
        spec,
        named,
        branch,
    })
}

/// URLs and scp-like addresses (`user@host:path`) that git understands.
fn looks_like_url(text: &str) -> bool {
    text.contains("://")
        || text.starts_with('/')
        || (text.contains(':') && !text.starts_with(':') && !text.contains('\\'))
}

/// Removes the lock files under `refs/backbrief/fetched/` and
/// `refs/backbrief/synced/` that a killed sync left (its fetch, or its own
/// update of the synced ref, killed between taking the lock file and
/// renaming it): each would make every later sync fail with "cannot lock
/// ref". Called under the sync lock, which every writer of those refs
/// holds, and whose git died with it (see [`die_with_parent`]).
pub fn clear_stale_ref_locks(repo: &PlansRepo) {
    for folder in ["fetched", "fetched-verified", "synced"] {
        let mut stack = vec![repo.git_dir().join("refs").join("backbrief").join(folder)];
        while let Some(folder) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                if kind.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|ext| ext == "lock") {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
}

/// The `git` command, run in the repository, with the variables that would
/// point it at another repository removed, and which does not outlive us.
fn git(repo: &PlansRepo) -> Command {
    let mut command = Command::new("git");
    die_with_parent(&mut command);
    command.arg("-C").arg(&repo.root);
    for name in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
    ] {
        command.env_remove(name);
    }
    command
}

/// Makes the git a sync starts die with the sync (Linux: the kernel sends it
/// SIGKILL when we exit, however we exit).
///
/// The repository lock is released when we exit; a fetch or a push left
/// running after a `kill -9` of the sync alone (or the OOM killer) would
/// then still be moving refs under `refs/backbrief/` while the next sync,
/// holding the lock, moves them too, and one of them fails. A terminal
/// closed, Ctrl-C or a stopped service reach the whole process group
/// anyway. Git's own helpers (a transport, `index-pack`) read from or write
/// to the git killed here, so they stop with it.
///
/// The signal follows the thread that started the child: git is always
/// started from the thread that runs the sync, which lives as long as the
/// command.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: the closure runs in the child between fork and exec, and only
    // makes async-signal-safe system calls (prctl, getppid); it allocates
    // nothing and touches no lock.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // We died before the prctl took effect: no signal will come, so
            // do not start git at all.
            if libc::getppid() != parent {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

/// Elsewhere a git outlives a sync killed alone; the next sync that races
/// it fails without changing anything, and the one after works.
#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}

/// What a finished git run printed.
struct Run {
    success: bool,
    stdout: String,
    /// Standard error when it was captured (not a terminal).
    stderr: String,
}

/// Runs git; its progress goes to the terminal when standard error is one.
fn run(mut command: Command, lang: Lang) -> Result<Run, CommandError> {
    let terminal = std::io::stderr().is_terminal();
    // Standard input stays the user's, for git's and ssh's own prompts.
    command
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(if terminal {
            Stdio::inherit()
        } else {
            Stdio::piped()
        });
    let output = command.output().map_err(|error| {
        CommandError::environment(
            SyncMsg::GitMissing.fill(lang, &[("reason", &crate::io_reason(&error, lang))]),
        )
        .hinted(SyncMsg::GitMissingHint.get(lang))
    })?;
    Ok(Run {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

fn progress_flag() -> &'static str {
    if std::io::stderr().is_terminal() {
        "--progress"
    } else {
        "--quiet"
    }
}

/// The last lines git wrote, for an error message.
fn detail(run: &Run) -> String {
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let tail = lines[lines.len().saturating_sub(3)..].join(" ");
    tail.trim_end_matches('.').to_string()
}

/// Fetches the remote's branches; returns the commit of the branch to sync
/// with, or None when the remote does not have it (yet).
pub fn fetch(repo: &PlansRepo, remote: &Remote, lang: Lang) -> Result<Option<Oid>, CommandError> {
    let prefix = remote.fetched_prefix();
    let mut command = git(repo);
    command
        .args(["fetch", "--no-tags", "--prune", "--no-write-fetch-head"])
        .arg("--refmap=")
        .arg(progress_flag())
        .arg(&remote.spec)
        .arg(format!("+refs/heads/*:{prefix}*"))
        // The remote's verified point, when it has one (a pattern, so that
        // a remote without one is no error).
        .arg(format!(
            "+{}*:{}*",
            crate::history::verify::VERIFIED_REF,
            remote.fetched_verified()
        ));
    let run = run(command, lang)?;
    if !run.success {
        let detail = detail(&run);
        let sentence = if detail.is_empty() {
            SyncMsg::FetchFailedNoDetail.fill(lang, &[("remote", &remote.spec)])
        } else {
            SyncMsg::FetchFailed.fill(lang, &[("remote", &remote.spec), ("detail", &detail)])
        };
        return Err(CommandError::environment(sentence).hinted(SyncMsg::FetchFailedHint.get(lang)));
    }
    Ok(repo
        .git
        .refname_to_id(&format!("{prefix}{}", remote.branch))
        .ok())
}

/// How a push ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// The remote branch now holds our commit.
    Done,
    /// Someone pushed meanwhile: fetch, merge and try again.
    Behind,
    /// The remote refused the update, for this reason (a rule on the
    /// remote, or a push that came in between and moved the branch).
    Refused(String),
}

/// Pushes `commit` to the remote's branch (only as a fast-forward).
pub fn push(
    repo: &PlansRepo,
    remote: &Remote,
    commit: Oid,
    lang: Lang,
) -> Result<Pushed, CommandError> {
    let target = format!("refs/heads/{}", remote.branch);
    let mut command = git(repo);
    command.args(["push", "--porcelain"]);
    if std::io::stderr().is_terminal() {
        command.arg("--progress");
    }
    command.arg(&remote.spec).arg(format!("{commit}:{target}"));
    let run = run(command, lang)?;
    // `<flag>\t<from>:<to>\t<summary> (<reason>)`, one line per ref.
    let status = run.stdout.lines().find_map(|line| {
        let mut fields = line.split('\t');
        let flag = fields.next()?;
        let refs = fields.next()?;
        let summary = fields.next().unwrap_or_default();
        refs.ends_with(&format!(":{target}"))
            .then(|| (flag.trim().to_string(), summary.to_string()))
    });
    match status {
        Some((flag, _)) if run.success && flag != "!" => Ok(Pushed::Done),
        Some((flag, summary)) if flag == "!" && summary.starts_with("[rejected]") => {
            Ok(Pushed::Behind)
        }
        Some((_, summary)) => Ok(Pushed::Refused(with_remote_words(summary.trim(), &run))),
        None if run.success => Ok(Pushed::Done),
        None => {
            let detail = detail(&run);
            let sentence = if detail.is_empty() {
                SyncMsg::PushFailedNoDetail.fill(lang, &[("remote", &remote.spec)])
            } else {
                SyncMsg::PushFailed.fill(lang, &[("remote", &remote.spec), ("detail", &detail)])
            };
            Err(CommandError::environment(sentence).hinted(SyncMsg::FetchFailedHint.get(lang)))
        }
    }
}

/// A refusal's summary with what the remote said about it (its hook's
/// reason, on git's `remote:` lines, when standard error was captured), so
/// that the pusher reads why and not only that.
fn with_remote_words(summary: &str, run: &Run) -> String {
    let words: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|line| line.strip_prefix("remote:"))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(12)
        .collect();
    if words.is_empty() {
        summary.to_string()
    } else {
        format!("{summary}: {}", words.join(" ").trim_end_matches('.'))
    }
}

/// Shares a verified point with the remote (its `refs/backbrief/verified`,
/// only as a fast-forward); whether the remote took it.
pub fn push_verified(
    repo: &PlansRepo,
    remote: &Remote,
    point: Oid,
    lang: Lang,
) -> Result<bool, CommandError> {
    let mut command = git(repo);
    command
        .args(["push", "--porcelain", "--quiet"])
        .arg(&remote.spec)
        .arg(format!("{point}:{}", crate::history::verify::VERIFIED_REF));
    Ok(run(command, lang)?.success)
}

/// The error for a push the remote refused. A remote in a folder (a shared
/// drive) whose branch is locked by a push that was killed there says so,
/// naming the lock files: git never removes them itself, and only someone
/// who knows no one else is pushing may.
pub fn refused(repo: &PlansRepo, remote: &Remote, reason: &str, lang: Lang) -> CommandError {
    let locks = local_remote_locks(repo, remote);
    if !locks.is_empty() {
        let files = locks
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return CommandError::environment(
            SyncMsg::RemoteLocked.fill(lang, &[("remote", &remote.spec), ("files", &files)]),
        )
        .hinted(SyncMsg::RemoteLockedHint.get(lang));
    }
    CommandError::environment(
        SyncMsg::PushRefused.fill(lang, &[("remote", &remote.spec), ("reason", &reason)]),
    )
    .hinted(SyncMsg::PushRefusedHint.get(lang))
}

/// The lock files of the remote's branch (and HEAD) when the remote is a
/// repository in a folder on this machine.
fn local_remote_locks(repo: &PlansRepo, remote: &Remote) -> Vec<std::path::PathBuf> {
    let url = if remote.named {
        repo.git
            .find_remote(&remote.spec)
            .ok()
            .and_then(|found| found.url().ok().map(str::to_string))
    } else {
        Some(remote.spec.clone())
    };
    let Some(url) = url else {
        return Vec::new();
    };
    let path = std::path::PathBuf::from(url.strip_prefix("file://").unwrap_or(&url));
    // Anything with a scheme or host (https://, ssh://, host:path) is not a folder here.
    if (url.contains("://") && !url.starts_with("file://")) || !path.is_dir() {
        return Vec::new();
    }
    let path = if path.is_absolute() {
        path
    } else {
        repo.root.join(path)
    };
    let git_dir = if path.join(".git").is_dir() {
        path.join(".git")
    } else {
        path
    };
    let branch = format!("refs/heads/{}.lock", remote.branch);
    [branch.as_str(), "HEAD.lock"]
        .iter()
        .map(|name| git_dir.join(name))
        .filter(|lock| lock.is_file())
        .collect()
}

/// After a sync: remembers where the remote branch stands, and makes it the
/// branch's upstream when it has none and the remote has a name.
pub fn remember(
    repo: &PlansRepo,
    remote: &Remote,
    local_branch: &str,
    commit: Oid,
    lang: Lang,
) -> Result<(), CommandError> {
    repo.git
        .reference(&remote.synced_ref(), commit, true, "backbrief sync")
        .map_err(|e| git_error(&e, lang))?;
    if remote.named {
        // Keep `git status` and `git log origin/main` in step, as git would.
        let tracking = format!("refs/remotes/{}/{}", remote.spec, remote.branch);
        if git2::Reference::is_valid_name(&tracking) {
            let _ = repo
                .git
                .reference(&tracking, commit, true, "backbrief sync");
        }
        let short = local_branch.trim_start_matches("refs/heads/");
        if let Ok(mut config) = repo.git.config()
            && config
                .get_string(&format!("branch.{short}.remote"))
                .is_err()
        {
            let _ = config.set_str(&format!("branch.{short}.remote"), &remote.spec);
            let _ = config.set_str(
                &format!("branch.{short}.merge"),
                &format!("refs/heads/{}", remote.branch),
            );
        }
    }
    Ok(())
}
