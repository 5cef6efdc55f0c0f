//! What the history pages keep between visits: the decisions by plan (see
//! [`DecisionIndex`]), each decision's changes in words, and the pages'
//! results with the [`Stamp`] they were made from. A result is shown again
//! only while its plan's stamp is unchanged, so a decision recorded here or
//! fetched from the git server shows at once.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use git2::Oid;

use crate::history::PlansRepo;
use crate::history::blame::DecisionBlobs;
use crate::history::decision_index::{DecisionIndex, Stamp};
use crate::history::settlement::read_decision_or_settlement;
use crate::history::trail::ChangeReader;
use crate::i18n::Lang;

/// How many results of one kind are kept; more, and all are let go (a
/// municipality's server has a few thousand plans; the memory stays flat).
const KEPT: usize = 4_096;
/// How many decisions' words are kept.
const WORDS_KEPT: usize = 100_000;
/// How many decisions' plan files (before and after) are kept: 60 bytes
/// each, a municipality's whole history.
const BLOBS_KEPT: usize = 2_000_000;
/// How many decisions' plan files are read between looks at the lock.
const BATCH: usize = 256;

/// A plan file's blob before and after a decision.
pub type Blobs = (Option<Oid>, Option<Oid>);

/// The plan file before and after the decision `commit` (None: no decision,
/// or a merge).
fn read_blobs(repo: &PlansRepo, reader: &mut ChangeReader<'_>, commit: Oid) -> Option<Blobs> {
    let decision = repo
        .git
        .find_commit(commit)
        .ok()
        .as_ref()
        .and_then(read_decision_or_settlement)?;
    reader.blobs(&decision)
}

/// Results of one kind, by key, with the stamp each was made from.
pub struct Remembered<K, V> {
    kept: Mutex<HashMap<K, (Stamp, Arc<V>)>>,
}

impl<K, V> Default for Remembered<K, V> {
    fn default() -> Self {
        Remembered {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V> Remembered<K, V> {
    /// The result for `key` and the stamp it was made from, whatever it is.
    pub fn last(&self, key: &K) -> Option<(Stamp, Arc<V>)> {
        lock(&self.kept).get(key).cloned()
    }

    /// The result for `key`, when it was made from `stamp`.
    pub fn get(&self, key: &K, stamp: Stamp) -> Option<Arc<V>> {
        let kept = lock(&self.kept);
        kept.get(key)
            .filter(|(made_from, _)| *made_from == stamp)
            .map(|(_, value)| value.clone())
    }

    /// Keeps `value` for `key`, made from `stamp`.
    pub fn put(&self, key: K, stamp: Stamp, value: Arc<V>) {
        let mut kept = lock(&self.kept);
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(key, (stamp, value));
    }
}

/// A plan as recorded, and who last set each of its fields.
pub type FoundBlame = (crate::plan::Plan, Vec<crate::history::blame::BlameLine>);

/// A decision as a row of the trail.
#[derive(serde::Serialize)]
pub struct DecisionRow {
    pub commit: String,
    pub short: String,
    pub plan: String,
    pub plan_title: String,
    pub summary: String,
    pub decided_on: String,
    pub decided_by: String,
    pub meeting: String,
    pub recorded_at: String,
    pub recorded_by: String,
    pub changes: Vec<String>,
}

/// A decision's changes in words.
type Words = Arc<Vec<String>>;

/// Who set what as kept: the page's plan and lines, how many decisions the
/// plan had then and its file's blob then (the next decision's page starts
/// from it).
pub struct KeptBlame {
    pub found: Arc<FoundBlame>,
    pub decisions: usize,
    pub blob: Option<Oid>,
}

/// What the history pages of one repository keep.
#[derive(Default)]
pub struct HistoryMemory {
    index: Mutex<Option<DecisionIndex>>,
    /// The trail's pages: by filter, page and language.
    pub trails: Remembered<String, (Vec<DecisionRow>, bool)>,
    /// Who set what: by plan.
    pub blames: Remembered<String, KeptBlame>,
    /// Each decision's plan file before and after it, by commit (read
    /// once, from the newest decision back, when the index is first read).
    blobs: Mutex<HashMap<Oid, Option<Blobs>>>,
    /// Each decision's changes in words, by commit and language (a
    /// decision's changes never change once its commit exists).
    words: Mutex<HashMap<(Oid, Lang), Words>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl HistoryMemory {
    /// `read` of the index brought to `head` (read whole the first time).
    pub fn with_index<T>(
        &self,
        repo: &PlansRepo,
        head: Oid,
        read: impl FnOnce(&DecisionIndex) -> T,
    ) -> Result<T, git2::Error> {
        let mut index = lock(&self.index);
        let started = std::time::Instant::now();
        let before = index.as_ref().map(DecisionIndex::stamp_of_reading);
        match index.as_mut() {
            Some(known) => known.update(repo, head)?,
            None => *index = Some(DecisionIndex::read(repo, head)?),
        }
        if let Some(read) = index
            .as_ref()
            .filter(|read| before != Some(read.stamp_of_reading()))
        {
            tracing::info!(
                repository = %repo.root.display(),
                decisions = read.decisions().len(),
                seconds = started.elapsed().as_secs_f64(),
                "decisions index read"
            );
        }
        match index.as_ref() {
            Some(index) => Ok(read(index)),
            None => Err(git2::Error::from_str("no index")),
        }
    }

    /// Reads the index at the repository's head, ahead of the first visit
    /// (a large history takes seconds to read once).
    pub fn prepare(&self, root: &std::path::Path) {
        let Ok(repo) = PlansRepo::open(root, Lang::default()) else {
            return;
        };
        if let Ok(head) = repo.head_commit(Lang::default()) {
            let _ = self.with_index(&repo, head, |_| ());
            self.read_all_blobs(&repo, head);
        }
    }

    /// The plan file before and after each of `decisions` (None: not
    /// known, as for a merge); those not read yet are read now.
    pub fn decision_blobs(&self, repo: &PlansRepo, decisions: &[Oid]) -> Vec<DecisionBlobs> {
        let mut reader = ChangeReader::new(repo);
        decisions
            .iter()
            .map(|&commit| {
                if let Some(known) = lock(&self.blobs).get(&commit) {
                    return (commit, *known);
                }
                let blobs = read_blobs(repo, &mut reader, commit);
                self.keep_blobs(commit, blobs);
                (commit, blobs)
            })
            .collect()
    }

    /// The plan file before and after the decision `commit`, when read.
    pub fn known_blobs(&self, commit: Oid) -> Option<Blobs> {
        lock(&self.blobs).get(&commit).copied().flatten()
    }

    fn keep_blobs(&self, commit: Oid, blobs: Option<Blobs>) {
        let mut kept = lock(&self.blobs);
        if kept.len() >= BLOBS_KEPT {
            kept.clear();
        }
        kept.insert(commit, blobs);
    }

    /// Reads the plan file before and after every decision, newest first,
    /// a batch at a time (the server's upkeep, beside the pages).
    fn read_all_blobs(&self, repo: &PlansRepo, head: Oid) {
        let Ok(decisions) = self.with_index(repo, head, DecisionIndex::decisions) else {
            return;
        };
        let mut reader = ChangeReader::new(repo);
        for batch in decisions.chunks(BATCH) {
            let read: Vec<(Oid, Option<Blobs>)> = batch
                .iter()
                .filter(|commit| !lock(&self.blobs).contains_key(commit))
                .map(|&commit| (commit, read_blobs(repo, &mut reader, commit)))
                .collect();
            for (commit, blobs) in read {
                self.keep_blobs(commit, blobs);
            }
        }
    }

    /// The decision `commit`'s changes in words in `lang`, when kept.
    pub fn words(&self, commit: Oid, lang: Lang) -> Option<Words> {
        lock(&self.words).get(&(commit, lang)).cloned()
    }

    /// Keeps the decision `commit`'s changes in words in `lang`.
    pub fn keep_words(&self, commit: Oid, lang: Lang, words: Vec<String>) {
        let mut kept = lock(&self.words);
        if kept.len() >= WORDS_KEPT {
            kept.clear();
        }
        kept.insert((commit, lang), Arc::new(words));
    }
}
