//! The committee's git server as the source of truth.
//!
//! Each repository the server serves is a clone of the committee's
//! repository on a git server (Gitea, Forgejo, GitLab with backbrief's
//! pre-receive hook). A decision recorded in the clone is pushed at once, as
//! `backbrief sync` pushes it ([`Upstream::after_record`]); decisions others
//! pushed are fetched and merged when a page finds the last fetch older
//! than a few seconds ([`Upstream::refresh_if_stale`]) and on a schedule
//! ([`Upstream::spawn_schedule`]), without a restart.
//!
//! Nothing here can lose a decision: a sync moves the clone's branch only
//! once the git server has what it moves to, so a refused or failed push
//! leaves the decision recorded in the clone, and the next sync (a page's,
//! the schedule's or the sync page's) sends it. Conflicts are left as
//! `sync` leaves them: nothing changes until a secretary settles them on
//! the sync page.
//!
//! A git server that hangs never holds a page: the fetch runs on a thread
//! of its own, the page waits for it a bounded time and goes on with what
//! is there, and only one fetch runs at a time (a page that finds one
//! running does not wait for it).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::CommandError;
use crate::history::sync::{SyncOutcome, SyncRequest, sync};
use crate::i18n::{Lang, Message, UpstreamMsg};
use crate::render::terminal::visible;

/// How long a page waits for a fetch it started before it goes on with
/// what the clone holds.
pub const PAGE_WAIT: Duration = Duration::from_secs(2);

/// How long [`Upstream::after_record`] waits for the git server's answer.
pub const RECORD_WAIT: Duration = Duration::from_secs(30);

/// Settings that make git give up on an HTTP(S) git server that stops
/// sending (fewer than `http.lowSpeedLimit` bytes a second for
/// `http.lowSpeedTime` seconds), so that a fetch never hangs for ever.
/// Set in the clone only where the clone does not say otherwise.
const HTTP_STALL: [(&str, i64); 2] = [("http.lowSpeedLimit", 1), ("http.lowSpeedTime", 60)];

/// What the threads of one repository share.
struct Shared {
    /// The clone's folder.
    root: PathBuf,
    /// The remote to sync with (None: the branch's upstream, else origin).
    remote: Option<String>,
    /// The language of the errors and the log.
    lang: Lang,
    /// When the last sync ended (successful or not).
    last_fetch: Mutex<Option<Instant>>,
    /// A sync started by a page or the schedule is running.
    running: AtomicBool,
}

/// The git server behind one clone: pushes after a decision, fetches when
/// stale and on a schedule.
pub struct Upstream {
    shared: Arc<Shared>,
    stale_after: Duration,
    page_wait: Duration,
    record_wait: Duration,
}

/// Clears the running flag when the fetch ends, however it ends.
struct Running(Arc<Shared>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::Release);
    }
}

impl Upstream {
    /// The git server of the clone at `root`, reached through `remote`
    /// (None: the branch's upstream, else `origin`, as `backbrief sync`
    /// chooses). A page fetches first when the last fetch is older than
    /// `stale_after`. Makes git give up on an HTTP git server that stops
    /// answering (see [`HTTP_STALL`]), where the clone says nothing else.
    pub fn new(
        root: PathBuf,
        remote: Option<String>,
        stale_after: Duration,
        lang: Lang,
    ) -> Upstream {
        if let Ok(repo) = git2::Repository::open(&root) {
            let _ = limit_stalls(&repo);
        }
        Upstream {
            shared: Arc::new(Shared {
                root,
                remote,
                lang,
                last_fetch: Mutex::new(None),
                running: AtomicBool::new(false),
            }),
            stale_after,
            page_wait: PAGE_WAIT,
            record_wait: RECORD_WAIT,
        }
    }

    /// The same, waiting `page` for a fetch a page started and `record`
    /// for the push after a decision (instead of [`PAGE_WAIT`] and
    /// [`RECORD_WAIT`]).
    pub fn with_waits(mut self, page: Duration, record: Duration) -> Upstream {
        self.page_wait = page;
        self.record_wait = record;
        self
    }

    /// The same, with `name <email>` as the author and committer of the
    /// commits the server makes itself (a sync's merge commit, when others
    /// pushed decisions meanwhile): written as the clone's own `user.name`
    /// and `user.email` where the clone names no one.
    pub fn with_identity(self, name: &str, email: &str) -> Upstream {
        if let Ok(repo) = git2::Repository::open(&self.shared.root) {
            let _ = set_where_unset(&repo, &[("user.name", name), ("user.email", email)]);
        }
        self
    }

    /// The remote configured to sync with (None: the branch's upstream,
    /// else origin).
    pub fn remote(&self) -> Option<String> {
        self.shared.remote.clone()
    }

    /// Whether the clone has a git server to sync with: the remote named in
    /// the configuration, or any remote of the clone's own.
    pub fn has_remote(&self) -> bool {
        self.shared.remote.is_some()
            || git2::Repository::open(&self.shared.root)
                .and_then(|repo| repo.remotes().map(|names| !names.is_empty()))
                .unwrap_or(false)
    }

    /// When the last sync with the git server ended, if one did.
    pub fn last_fetch(&self) -> Option<Instant> {
        *lock(&self.shared.last_fetch)
    }

    /// Whether a fetch started by a page or the schedule is running.
    pub fn fetching(&self) -> bool {
        self.shared.running.load(Ordering::Acquire)
    }

    /// Sends the decision just recorded in the clone to the git server, as
    /// `backbrief sync` would (fetch, merge when others pushed meanwhile,
    /// push). The error says in words why it was not sent: the git
    /// server's refusal (its hook's reason), no rights, unreachable, no
    /// answer in time, conflicts to settle. The decision stays recorded in
    /// the clone either way, and a later sync sends it. A clone without a
    /// remote has nothing to send to: Ok. Blocks (at most the record wait):
    /// call it where blocking is allowed (`tokio::task::spawn_blocking`).
    pub fn after_record(&self) -> Result<(), CommandError> {
        if !self.has_remote() {
            return Ok(());
        }
        let lang = self.shared.lang;
        let shared = Arc::clone(&self.shared);
        let answer = bounded(self.record_wait, move || run_sync(&shared));
        match answer {
            Some(Ok(SyncOutcome::Done(_))) => {
                tracing::info!(
                    repository = %self.shared.root.display(),
                    "{}",
                    UpstreamMsg::Pushed.fill(lang, &[("repository", &self.shared.root.display())])
                );
                Ok(())
            }
            Some(Ok(SyncOutcome::Conflicts { count, .. })) => {
                let error =
                    CommandError::data(UpstreamMsg::Conflicts.fill(lang, &[("count", &count)]))
                        .hinted(UpstreamMsg::ConflictsHint.get(lang));
                self.warn(&error.message);
                Err(error)
            }
            Some(Err(error)) => {
                // The sync's own hints (what to check) come first.
                let mut not_sent = CommandError::environment(
                    UpstreamMsg::NotSent.fill(lang, &[("reason", &error.message)]),
                );
                for hint in error.hints {
                    not_sent = not_sent.hinted(hint);
                }
                let not_sent = not_sent.hinted(UpstreamMsg::NotSentHint.get(lang));
                self.warn(&not_sent.message);
                Err(not_sent)
            }
            None => {
                let seconds = self.record_wait.as_secs_f64();
                let error = CommandError::environment(
                    UpstreamMsg::NoAnswer.fill(lang, &[("seconds", &seconds)]),
                )
                .hinted(UpstreamMsg::NotSentHint.get(lang));
                self.warn(&error.message);
                Err(error)
            }
        }
    }

    /// Fetches and merges what others pushed when the last fetch is older
    /// than the stale time, and sends what the clone has that the git
    /// server lacks. Never two at once: a page that finds a fetch running
    /// goes on with what is there. Waits for the fetch it starts at most
    /// the page wait; the fetch then goes on by itself. Failures are
    /// logged, never returned: the pages show what the clone holds. Blocks
    /// at most the page wait: call it where blocking is allowed.
    pub fn refresh_if_stale(&self) {
        if !self.stale(self.stale_after) || !self.has_remote() {
            return;
        }
        let Some(running) = self.claim() else {
            return;
        };
        let (done, finished) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("backbrief-fetch".to_string())
            .spawn(move || {
                fetch_and_log(&running.0);
                drop(running);
                let _ = done.send(());
            });
        match spawned {
            Ok(_) => {
                if finished.recv_timeout(self.page_wait).is_err() {
                    let seconds = self.page_wait.as_secs_f64();
                    tracing::info!(
                        repository = %self.shared.root.display(),
                        "{}",
                        UpstreamMsg::StillFetching.fill(
                            self.shared.lang,
                            &[("repository", &self.shared.root.display()), ("seconds", &seconds)]
                        )
                    );
                }
            }
            Err(error) => self.warn(&UpstreamMsg::ScheduleFailed.fill(
                self.shared.lang,
                &[("reason", &crate::io_reason(&error, self.shared.lang))],
            )),
        }
    }

    /// Starts a thread that fetches every `every` (when no page has
    /// fetched within that time), beginning at once. It runs as long as
    /// the process; its failures are logged and never stop the server.
    pub fn spawn_schedule(self: Arc<Self>, every: Duration) {
        let lang = self.shared.lang;
        if !self.has_remote() {
            tracing::info!(
                repository = %self.shared.root.display(),
                "{}",
                UpstreamMsg::NoRemote.fill(lang, &[("repository", &self.shared.root.display())])
            );
        }
        let every = every.max(Duration::from_secs(1));
        let upstream = Arc::clone(&self);
        let spawned = std::thread::Builder::new()
            .name("backbrief-schedule".to_string())
            .spawn(move || {
                // What was fetched is quick to read in log, blame and the
                // pages, whoever last maintained the clone.
                crate::history::maintenance::keep_current(&upstream.shared.root);
                loop {
                    if upstream.stale(every)
                        && upstream.has_remote()
                        && let Some(running) = upstream.claim()
                    {
                        fetch_and_log(&running.0);
                    }
                    std::thread::sleep(every.min(Duration::from_secs(5)));
                }
            });
        if let Err(error) = spawned {
            self.warn(
                &UpstreamMsg::ScheduleFailed
                    .fill(lang, &[("reason", &crate::io_reason(&error, lang))]),
            );
        }
    }

    /// Whether the last sync ended longer than `after` ago (or none did).
    fn stale(&self, after: Duration) -> bool {
        lock(&self.shared.last_fetch).is_none_or(|last| last.elapsed() >= after)
    }

    /// Takes the running flag, unless a fetch is running.
    fn claim(&self) -> Option<Running> {
        self.shared
            .running
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| Running(Arc::clone(&self.shared)))
    }

    fn warn(&self, message: &str) {
        tracing::warn!(repository = %self.shared.root.display(), "{}", visible(message));
    }
}

/// The lock's value, also when a thread panicked holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `work` on a thread of its own and waits at most `wait` for its
/// result (None: not in time; the work goes on). When no thread can be
/// started, runs it here.
fn bounded<T: Send + 'static>(
    wait: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (done, result) = mpsc::channel();
    let work = Arc::new(Mutex::new(Some(work)));
    let on_thread = Arc::clone(&work);
    let spawned = std::thread::Builder::new()
        .name("backbrief-push".to_string())
        .spawn(move || {
            if let Some(work) = lock(&on_thread).take() {
                let _ = done.send(work());
            }
        });
    match spawned {
        Ok(_) => result.recv_timeout(wait).ok(),
        Err(_) => lock(&work).take().map(|work| work()),
    }
}

/// One sync with the git server, as `backbrief sync` with no arguments;
/// notes when it ended, and keeps the history quick to read after it.
fn run_sync(shared: &Shared) -> Result<SyncOutcome, CommandError> {
    let request = SyncRequest {
        cwd: &shared.root,
        remote: shared.remote.as_deref(),
        resolve: &[],
        choices: &[],
        side: None,
        by: None,
        recorder: None,
        lang: Some(shared.lang),
    };
    let outcome = sync(&request);
    *lock(&shared.last_fetch) = Some(Instant::now());
    if matches!(outcome, Ok(SyncOutcome::Done(_))) {
        crate::history::maintenance::keep_current(&shared.root);
    }
    outcome
}

/// A fetch by a page or the schedule, its outcome logged.
fn fetch_and_log(shared: &Shared) {
    let lang = shared.lang;
    let before = head(shared);
    let repository = shared.root.display();
    match run_sync(shared) {
        Ok(SyncOutcome::Done(lines)) => {
            if head(shared) != before {
                let what = lines.join(" ");
                tracing::info!(
                    repository = %repository,
                    "{}",
                    visible(&UpstreamMsg::Fetched.fill(
                        lang,
                        &[("repository", &repository), ("what", &what)]
                    ))
                );
            }
        }
        Ok(SyncOutcome::Conflicts { count, .. }) => tracing::warn!(
            repository = %repository,
            "{}",
            UpstreamMsg::FetchConflicts.fill(lang, &[("repository", &repository), ("count", &count)])
        ),
        Err(error) => tracing::warn!(
            repository = %repository,
            "{}",
            visible(&UpstreamMsg::FetchFailed.fill(
                lang,
                &[("repository", &repository), ("reason", &error.message)]
            ))
        ),
    }
}

/// The commit the clone's HEAD points at.
fn head(shared: &Shared) -> Option<git2::Oid> {
    git2::Repository::open(&shared.root)
        .ok()?
        .head()
        .ok()?
        .target()
}

/// Sets [`HTTP_STALL`] in the clone's own configuration where it says
/// nothing of them.
fn limit_stalls(repo: &git2::Repository) -> Result<(), git2::Error> {
    let mut config = repo.config()?.open_level(git2::ConfigLevel::Local)?;
    for (name, value) in HTTP_STALL {
        if config.get_entry(name).is_err() {
            config.set_i64(name, value)?;
        }
    }
    Ok(())
}

/// Sets each (name, value) in the clone's own configuration where it says
/// nothing of it.
fn set_where_unset(repo: &git2::Repository, settings: &[(&str, &str)]) -> Result<(), git2::Error> {
    let mut config = repo.config()?.open_level(git2::ConfigLevel::Local)?;
    for (name, value) in settings {
        if config.get_entry(name).is_err() {
            config.set_str(name, value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_gives_up_in_time_and_the_work_goes_on() {
        let started = Instant::now();
        let (tx, rx) = mpsc::channel();
        let result = bounded(Duration::from_millis(50), move || {
            std::thread::sleep(Duration::from_millis(300));
            let _ = tx.send(());
            1
        });
        assert_eq!(result, None);
        assert!(started.elapsed() < Duration::from_millis(250));
        assert!(
            rx.recv_timeout(Duration::from_secs(5)).is_ok(),
            "it went on"
        );
        assert_eq!(bounded(Duration::from_secs(5), || 2), Some(2));
    }

    #[test]
    fn a_folder_that_is_no_repository_has_no_remote_and_nothing_to_send() {
        let dir = tempfile::tempdir().expect("temp");
        let upstream = Upstream::new(dir.path().to_path_buf(), None, Duration::ZERO, Lang::En);
        assert!(!upstream.has_remote());
        assert!(upstream.after_record().is_ok());
        upstream.refresh_if_stale();
        assert!(upstream.last_fetch().is_none());
    }

    #[test]
    fn the_stall_limits_keep_what_the_clone_says() {
        let dir = tempfile::tempdir().expect("temp");
        let repo = git2::Repository::init(dir.path()).expect("init");
        repo.config()
            .and_then(|mut c| c.set_i64("http.lowSpeedTime", 5))
            .expect("set");
        limit_stalls(&repo).expect("limit");
        let config = repo.config().expect("config");
        assert_eq!(config.get_i64("http.lowSpeedLimit").ok(), Some(1));
        assert_eq!(config.get_i64("http.lowSpeedTime").ok(), Some(5));
    }
}
