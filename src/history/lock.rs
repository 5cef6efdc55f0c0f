//! The repository lock: one writer at a time, a bounded wait, and the
//! holder's process id in the error when it takes too long.
//!
//! The lock is an advisory file lock on `.git/backbrief.lock`; the operating
//! system releases it when its holder exits, even when it is killed, so a
//! crash never leaves the repository locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::CommandError;
use crate::i18n::{HistoryMsg, Lang, Message};

/// How long to wait for another writer before giving up, unless
/// `BACKBRIEF_LOCK_WAIT` (seconds) says otherwise.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The wait to use: `BACKBRIEF_LOCK_WAIT` seconds when set, else [`LOCK_WAIT`].
pub fn lock_wait() -> Duration {
    std::env::var("BACKBRIEF_LOCK_WAIT")
        .ok()
        .and_then(|seconds| seconds.trim().parse::<u64>().ok())
        .map_or(LOCK_WAIT, Duration::from_secs)
}

/// Held while a command writes; released when dropped.
pub struct RepoLock {
    _file: File,
}

impl RepoLock {
    /// Takes the lock of the repository whose git folder is `git_dir`,
    /// waiting at most `wait`.
    pub fn acquire(git_dir: &Path, wait: Duration, lang: Lang) -> Result<RepoLock, CommandError> {
        Self::acquire_file(git_dir, "backbrief.lock", wait, lang)
    }

    /// Takes the sync lock (`.git/backbrief-sync.lock`): one sync at a time,
    /// held for the whole sync, fetch and push included, which run without
    /// the repository lock (decisions are not held up by the network). The
    /// refs under `refs/backbrief/fetched/` and `refs/backbrief/synced/` are
    /// written only under it.
    pub fn acquire_sync(
        git_dir: &Path,
        wait: Duration,
        lang: Lang,
    ) -> Result<RepoLock, CommandError> {
        Self::acquire_file(git_dir, "backbrief-sync.lock", wait, lang)
    }

    fn acquire_file(
        git_dir: &Path,
        name: &str,
        wait: Duration,
        lang: Lang,
    ) -> Result<RepoLock, CommandError> {
        let path = git_dir.join(name);
        // Say which file, and why: a read-only repository is the usual cause.
        let io_error = |error: std::io::Error| {
            CommandError::environment(crate::i18n::Common::CannotWrite.fill(
                lang,
                &[
                    ("path", &path.display()),
                    ("reason", &crate::io_reason(&error, lang)),
                ],
            ))
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error)?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let pid = holder.trim();
                    return Err(CommandError::environment(HistoryMsg::LockHeld.fill(
                        lang,
                        &[
                            ("pid", &if pid.is_empty() { "?" } else { pid }),
                            ("seconds", &wait.as_secs()),
                        ],
                    ))
                    .hinted(HistoryMsg::LockHeldHint.get(lang)));
                }
                Err(TryLockError::Error(error)) => return Err(io_error(error)),
            }
        }
        // Say who holds it, for the message of anyone who waits too long.
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = write!(file, "{}", std::process::id());
        let _ = file.flush();
        Ok(RepoLock { _file: file })
    }
}
