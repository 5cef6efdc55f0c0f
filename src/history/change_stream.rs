//! What a run of decisions changed, computed on every core and given back
//! in history order.
//!
//! The thread that walks the history finds, for each decision, the plan
//! file before and after it (reading each plans folder once, as
//! [`ChangeReader`] does); workers, each with its own handle on the
//! repository, read those plan versions, parse them and compute the diff.
//! Every decision of one plan goes to the same worker, so the plan version
//! one decision reads as "after" is still parsed from the newer decision
//! that read it as "before". The caller's summary of each decision (for
//! `log`, its rows' text) is made on the worker too, which then drops both
//! plan versions. At most [`IN_FLIGHT`] decisions are under way, so memory
//! stays flat however long the history.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use git2::Oid;

use crate::history::decision::Decision;
use crate::history::repo::PlansRepo;
use crate::history::trail::{ChangeReader, DecisionChanges};

/// How many decisions may be handed out and not yet given back.
const IN_FLIGHT: usize = 256;
/// How many before the first is given back: the window opens by one with
/// each decision given back, so the first rows come at once and a long
/// history still keeps every worker busy.
const FIRST_IN_FLIGHT: usize = 8;

/// The plan file's blob before and after a decision, or None when the
/// decision names no plan id and the general path must look it up.
type Blobs = Option<(Option<Oid>, Option<Oid>)>;

/// A decision for a worker.
struct Job {
    seq: usize,
    decision: Decision,
    blobs: Blobs,
}

/// What a worker gives back: the job's number, the decision, and its
/// summary (None: left out); or the panic of a worker, to be resumed where
/// the stream is read.
type Done<T> = std::thread::Result<(usize, Decision, Option<T>)>;

/// The caller's summary of a decision and what it changed; None leaves the
/// decision out.
pub type Summarize<T> = Arc<dyn Fn(&Decision, DecisionChanges) -> Option<T> + Send + Sync>;

/// The summary of what each decision of `decisions` changed, in their
/// order, leaving out those that cannot have changed the item `item` when
/// one is given (see [`ChangeReader::changes_at`]) and those the
/// summary leaves out.
pub struct ChangeStream<'r, I, T> {
    reader: ChangeReader<'r>,
    decisions: I,
    item: Option<String>,
    summarize: Summarize<T>,
    workers: Vec<Sender<Job>>,
    results: Option<Receiver<Done<T>>>,
    ready: BTreeMap<usize, (Decision, Option<T>)>,
    sent: usize,
    next: usize,
    exhausted: bool,
    known: Option<Known<'r, T>>,
    known_blobs: Option<KnownBlobs<'r>>,
}

/// Gives the plan file's blobs before and after a decision when already
/// known (a server remembers them), so its plans folders need not be read.
pub type KnownBlobs<'r> = Box<dyn FnMut(&Decision) -> Option<(Option<Oid>, Option<Oid>)> + 'r>;

/// Gives a decision's summary when it is already known (remembered), so
/// its plan versions need not be read.
pub type Known<'r, T> = Box<dyn FnMut(&Decision) -> Option<T> + 'r>;

impl<'r, I: Iterator<Item = Decision>, T: Send + 'static> ChangeStream<'r, I, T> {
    /// A stream over `decisions` of `repo`, on as many workers as the
    /// machine has cores (none on one core: then it reads in place).
    pub fn new(
        repo: &'r PlansRepo,
        decisions: I,
        item: Option<String>,
        summarize: Summarize<T>,
    ) -> ChangeStream<'r, I, T> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let mut stream = ChangeStream {
            reader: ChangeReader::new(repo),
            decisions,
            item,
            summarize,
            workers: Vec::new(),
            results: None,
            ready: BTreeMap::new(),
            sent: 0,
            next: 0,
            exhausted: false,
            known: None,
            known_blobs: None,
        };
        if cores > 1 {
            let (done, results) = channel();
            for _ in 0..cores {
                // A worker that cannot open the repository is simply not
                // started; with none, the stream reads in place.
                let Ok(git) = repo.reopen() else {
                    break;
                };
                let worker = PlansRepo {
                    git,
                    root: repo.root.clone(),
                    from_env: repo.from_env,
                };
                let (jobs, inbox) = channel();
                let done = done.clone();
                let item = stream.item.clone();
                let summarize = Arc::clone(&stream.summarize);
                let started = std::thread::Builder::new()
                    .name("backbrief-changes".into())
                    .spawn(move || work(&worker, &inbox, &done, item.as_deref(), &*summarize));
                if started.is_ok() {
                    stream.workers.push(jobs);
                }
            }
            if !stream.workers.is_empty() {
                stream.results = Some(results);
            }
        }
        stream
    }

    /// The stream taking the summaries `known` gives as they are, and
    /// computing only the others.
    pub fn with_known(mut self, known: Known<'r, T>) -> ChangeStream<'r, I, T> {
        self.known = Some(known);
        self
    }

    /// The stream taking the blobs `known` gives as they are.
    pub fn with_blobs(mut self, known: KnownBlobs<'r>) -> ChangeStream<'r, I, T> {
        self.known_blobs = Some(known);
        self
    }

    /// Computes a job where the stream is read (no worker, or its worker is gone).
    fn in_place(&mut self, job: Job) {
        let summary = self
            .reader
            .changes_at(&job.decision, job.blobs, self.item.as_deref())
            .and_then(|changes| (self.summarize)(&job.decision, changes));
        self.ready.insert(job.seq, (job.decision, summary));
    }

    /// Hands the next decision out; false when there is none.
    fn hand_out(&mut self) -> bool {
        let Some(decision) = self.decisions.next() else {
            return false;
        };
        if let Some(summary) = self.known.as_mut().and_then(|known| known(&decision)) {
            self.ready.insert(self.sent, (decision, Some(summary)));
            self.sent += 1;
            return true;
        }
        let blobs = match self.known_blobs.as_mut().and_then(|known| known(&decision)) {
            Some(blobs) => Some(blobs),
            None => self.reader.blobs(&decision),
        };
        let job = Job {
            seq: self.sent,
            decision,
            blobs,
        };
        self.sent += 1;
        if self.workers.is_empty() {
            self.in_place(job);
        } else {
            let worker = worker_for(&job.decision.plan, self.workers.len());
            if let Err(returned) = self.workers[worker].send(job) {
                self.in_place(returned.0);
            }
        }
        true
    }
}

impl<I: Iterator<Item = Decision>, T: Send + 'static> Iterator for ChangeStream<'_, I, T> {
    type Item = (Decision, T);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((decision, changes)) = self.ready.remove(&self.next) {
                self.next += 1;
                match changes {
                    Some(changes) => return Some((decision, changes)),
                    None => continue,
                }
            }
            let window = IN_FLIGHT.min(FIRST_IN_FLIGHT + self.next);
            if !self.exhausted && self.sent - self.next < window {
                if !self.hand_out() {
                    self.exhausted = true;
                }
                continue;
            }
            if self.next == self.sent {
                return None;
            }
            match self.results.as_ref().map(Receiver::recv) {
                Some(Ok(Ok((seq, decision, changes)))) => {
                    self.ready.insert(seq, (decision, changes));
                }
                Some(Ok(Err(panic))) => std::panic::resume_unwind(panic),
                // Every worker is gone with work outstanding: cannot be, as
                // each gives back every job it took or its panic.
                Some(Err(_)) | None => return None,
            }
        }
    }
}

/// The worker (of `count`) that takes the decisions of plan `plan`.
fn worker_for(plan: &str, count: usize) -> usize {
    let hash = plan.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % count as u64) as usize
}

/// A worker: computes each job it is given until the stream is dropped.
fn work<T>(
    repo: &PlansRepo,
    inbox: &Receiver<Job>,
    done: &Sender<Done<T>>,
    item: Option<&str>,
    summarize: &(dyn Fn(&Decision, DecisionChanges) -> Option<T> + Send + Sync),
) {
    let mut reader = ChangeReader::new(repo);
    for job in inbox {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reader
                .changes_at(&job.decision, job.blobs, item)
                .and_then(|changes| summarize(&job.decision, changes))
        }));
        let sent = match outcome {
            Ok(changes) => done.send(Ok((job.seq, job.decision, changes))),
            Err(panic) => done.send(Err(panic)),
        };
        if sent.is_err() {
            return;
        }
    }
}
