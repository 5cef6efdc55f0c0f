//! The blobs of the history: each read once (libgit2 checks its hash as it
//! reads it) and each decision's plan checked. On a long history this runs
//! on a second thread beside the walk over commits and folders, with its own
//! handle on the repository; its findings are put in their place in the
//! history afterwards, so the report reads as if all ran in turn.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::SyncSender;

use git2::{Blob, Oid, Repository};

use super::{HistoryFinding, Place, Verifier};
use crate::history::repo::PLANS_DIR;
use crate::i18n::{Lang, Message, ValidateMsg, VerifyMsg};
use crate::plan::{Severity, check_text, source};

/// Histories shorter than this are checked on one thread.
const SECOND_THREAD_FROM: usize = 32;

/// Jobs waiting for the second thread at most: memory stays flat however
/// far the walk runs ahead.
const QUEUE: usize = 4096;

/// What to do with a blob.
pub(super) enum Job {
    /// Read it: it is the file at `path` (spelled out for a finding).
    Read { blob: Oid, path: String },
    /// Check it as the plan `plan` after a decision (errors only).
    Plan { blob: Oid, plan: String },
}

/// The blob checks of one walk, and what they remember.
pub(super) struct BlobChecker<'g> {
    git: &'g Repository,
    lang: Lang,
    /// (plan blob, plan id) → its error count and first error, None when valid.
    checked_plans: HashMap<(Oid, String), Option<(usize, String)>>,
    /// The last few blobs read: a decision's plan is read once to check its
    /// hash and again to check the plan.
    recent: VecDeque<Blob<'g>>,
}

impl<'g> BlobChecker<'g> {
    pub(super) fn new(git: &'g Repository, lang: Lang) -> BlobChecker<'g> {
        BlobChecker {
            git,
            lang,
            checked_plans: HashMap::new(),
            recent: VecDeque::new(),
        }
    }

    /// Does the job; what it found, in the place of the commit concerned.
    pub(super) fn run(&mut self, place: &Place, job: Job) -> Option<HistoryFinding> {
        match job {
            Job::Read { blob, path } => match self.git.find_blob(blob) {
                Ok(read) => {
                    if self.recent.len() == 4 {
                        self.recent.pop_front();
                    }
                    self.recent.push_back(read);
                    None
                }
                Err(error) => Some(unreadable(
                    self.lang,
                    place,
                    VerifyMsg::CorruptBlob,
                    blob,
                    &path,
                    &error,
                )),
            },
            Job::Plan { blob, plan } => {
                let key = (blob, plan);
                let problem = match self.checked_plans.get(&key) {
                    Some(problem) => problem.clone(),
                    None => {
                        let content = match self.recent.iter().find(|read| read.id() == blob) {
                            Some(read) => read.clone(),
                            // An unreadable blob was reported when it was read.
                            None => self.git.find_blob(blob).ok()?,
                        };
                        let shown = format!("{PLANS_DIR}/{}.json", key.1);
                        let problem = first_error(content.content(), &shown, &key.1, self.lang);
                        self.checked_plans.insert(key.clone(), problem.clone());
                        problem
                    }
                };
                let (count, first) = problem?;
                let text = VerifyMsg::InvalidPlan.fill(
                    self.lang,
                    &[("plan", &key.1), ("count", &count), ("problem", &first)],
                );
                Some(place.finding(Severity::Error, "invalid-plan", text))
            }
        }
    }
}

/// The finding for an object that cannot be read.
pub(super) fn unreadable(
    lang: Lang,
    place: &Place,
    message: VerifyMsg,
    object: Oid,
    path: &str,
    error: &git2::Error,
) -> HistoryFinding {
    let text = message.fill(
        lang,
        &[
            ("object", &object),
            ("path", &path),
            ("detail", &error.message().trim_end_matches('.')),
        ],
    );
    place.finding(Severity::Error, "corrupt-object", text)
}

/// The number of errors in a plan's text and the first, as
/// `file:line:column: sentence`; None when it has no errors.
fn first_error(bytes: &[u8], shown: &str, id: &str, lang: Lang) -> Option<(usize, String)> {
    let text = match source::text_from_bytes(bytes.to_vec()) {
        Ok(text) => text,
        Err(_) => return Some((1, format!("{shown}: {}", ValidateMsg::NotUtf8.get(lang)))),
    };
    let checked = check_text(&text, shown, Some(id), Some(lang));
    let mut errors = checked
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error);
    let first = errors.next()?;
    Some((
        1 + errors.count(),
        format!("{}:{}: {}", first.file, first.at, first.message),
    ))
}

/// The queue to the second thread, and where in the report each job's
/// finding belongs (the number of findings made before it).
pub(super) struct Beside {
    jobs: SyncSender<(Place, Job)>,
    positions: Vec<usize>,
}

impl Verifier<'_> {
    /// Has a blob checked: on the second thread when there is one, else now.
    pub(super) fn check_blob(&mut self, place: &Place, job: Job) {
        match &mut self.beside {
            Some(beside) => {
                beside.positions.push(self.report.findings.len());
                // A second thread that is gone has panicked; its join says so.
                let _ = beside.jobs.send((place.clone(), job));
            }
            None => {
                if let Some(finding) = self.blobs.run(place, job) {
                    self.report.findings.push(finding);
                }
            }
        }
    }

    /// Runs `walk` with the blob checks on a second thread (a long history,
    /// more than one core, and the repository opened again), then puts
    /// their findings in place.
    pub(super) fn with_blob_thread<T>(
        &mut self,
        commits: usize,
        walk: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let second = (commits >= SECOND_THREAD_FROM && cores > 1)
            .then(|| self.repo.reopen().ok())
            .flatten();
        let Some(git) = second else {
            return walk(self);
        };
        let lang = self.lang;
        std::thread::scope(|scope| {
            let (jobs, queue) = std::sync::mpsc::sync_channel::<(Place, Job)>(QUEUE);
            let worker = scope.spawn(move || {
                let mut checker = BlobChecker::new(&git, lang);
                queue
                    .iter()
                    .enumerate()
                    .filter_map(|(index, (place, job))| Some((index, checker.run(&place, job)?)))
                    .collect::<Vec<_>>()
            });
            self.beside = Some(Beside {
                jobs,
                positions: Vec::new(),
            });
            let result = walk(self);
            // Dropping the queue ends the second thread's work.
            let positions = self.beside.take().map(|b| b.positions).unwrap_or_default();
            let found = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            self.place_findings(&positions, found);
            result
        })
    }

    /// Puts each finding of the second thread where it would have been made
    /// had the checks run in turn.
    fn place_findings(&mut self, positions: &[usize], found: Vec<(usize, HistoryFinding)>) {
        if found.is_empty() {
            return;
        }
        let made = std::mem::take(&mut self.report.findings);
        let mut merged = Vec::with_capacity(made.len() + found.len());
        let mut made = made.into_iter().enumerate().peekable();
        for (job, finding) in found {
            let at = positions.get(job).copied().unwrap_or(usize::MAX);
            while let Some((_, before)) = made.next_if(|(index, _)| *index < at) {
                merged.push(before);
            }
            merged.push(finding);
        }
        merged.extend(made.map(|(_, finding)| finding));
        self.report.findings = merged;
    }
}
