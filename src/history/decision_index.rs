//! The decisions of a repository by plan, in the trail's order, kept in
//! memory and brought up to date as the branch moves.
//!
//! A server shows one plan's decisions, and who set what in it, many times
//! a minute; walking 100,000 commits for each page was most of those pages'
//! time. The index reads every commit's message once (in the order of
//! [`crate::history::trail::decisions_by_date`]), and afterwards only the
//! commits new since: when they follow the last head one after another,
//! each is added in front and the plan files it changed are noted; any
//! other move (a merge, a history that is not a continuation) reads the
//! whole history again, so the order is always the trail's own.
//!
//! A [`Stamp`] says what a page's result was made from: a page's result is
//! still true while the stamp of its plan is unchanged. A plan whose
//! decisions and file a new reading finds as they were keeps its stamp.

use std::collections::HashMap;

use git2::Oid;

use crate::history::repo::PlansRepo;
use crate::history::settlement::read_decision_or_settlement;

/// What a result was made from: the index's reading of the whole history,
/// and the last update that changed the plan (or any plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    reading: u64,
    change: u64,
}

impl Stamp {
    /// Whether both were made from the same reading of the history (the
    /// decisions then are the oldest of the decisions now).
    pub fn same_reading(&self, other: &Stamp) -> bool {
        self.reading == other.reading
    }
}

/// A new reading of the whole history gets the next number (process-wide,
/// so that two indexes never share a stamp).
static READINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The decisions reachable from a head, by plan.
pub struct DecisionIndex {
    head: Oid,
    reading: u64,
    /// Updates since the history was read.
    updates: u64,
    /// No commit reachable from the head has two parents.
    linear: bool,
    /// Every decision (settled conflicts included), oldest first.
    decisions: Vec<Oid>,
    /// Positions in `decisions` of each plan's, oldest first.
    by_plan: HashMap<String, Vec<usize>>,
    /// The update that last changed each plan (its file, or a decision
    /// about it); a plan not named changed at the reading.
    changed: HashMap<String, u64>,
    /// The heads the index was at before, since it was read: a page that
    /// read one of them is answered from the newer head.
    earlier: std::collections::HashSet<Oid>,
    /// The stamps of plans the last reading left as they were (their
    /// decisions and file the same), so that their results stay in use.
    carried: HashMap<String, Stamp>,
}

/// How many new commits an update follows before reading the whole
/// history instead.
const LONGEST_UPDATE: usize = 1_000;

impl DecisionIndex {
    /// Reads the history reachable from `head`.
    pub fn read(repo: &PlansRepo, head: Oid) -> Result<DecisionIndex, git2::Error> {
        let mut index = DecisionIndex {
            head,
            reading: READINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            updates: 0,
            linear: true,
            decisions: Vec::new(),
            by_plan: HashMap::new(),
            changed: HashMap::new(),
            earlier: std::collections::HashSet::new(),
            carried: HashMap::new(),
        };
        let mut newest_first: Vec<(Oid, String)> = Vec::new();
        for commit in crate::history::trail::commits_by_date(repo, head)? {
            if commit.parent_count() > 1 {
                index.linear = false;
            }
            if let Some(decision) = read_decision_or_settlement(&commit) {
                newest_first.push((commit.id(), decision.plan));
            }
        }
        for (oid, plan) in newest_first.into_iter().rev() {
            index.push(oid, plan);
        }
        Ok(index)
    }

    fn push(&mut self, oid: Oid, plan: String) {
        self.by_plan
            .entry(plan)
            .or_default()
            .push(self.decisions.len());
        self.decisions.push(oid);
    }

    /// Brings the index to `head`: the new commits when they follow the
    /// index's head one after another, else the whole history again. A
    /// head the index has passed already leaves it as it is (a page that
    /// read the head just before a decision was recorded is answered at the
    /// newer one: see [`DecisionIndex::head`]).
    pub fn update(&mut self, repo: &PlansRepo, head: Oid) -> Result<(), git2::Error> {
        if head == self.head {
            return Ok(());
        }
        // A head passed already: a page that read it just before the index
        // moved on, unless the branch really went back to it.
        let branch = repo.git.head().ok().and_then(|branch| branch.target());
        if self.earlier.contains(&head) && branch != Some(head) {
            return Ok(());
        }
        match self.continuation(repo, head) {
            Some(new) => {
                self.updates += 1;
                let update = self.updates;
                for (oid, decision, files) in new.into_iter().rev() {
                    for plan in files {
                        self.changed.insert(plan, update);
                    }
                    if let Some(plan) = decision {
                        self.changed.insert(plan.clone(), update);
                        self.push(oid, plan);
                    }
                }
                self.earlier.insert(self.head);
                self.head = head;
                Ok(())
            }
            None => {
                let mut fresh = DecisionIndex::read(repo, head)?;
                fresh.carry(self, repo);
                *self = fresh;
                Ok(())
            }
        }
    }

    /// Keeps the stamp `old` had for each plan whose decisions and file
    /// this reading finds as they were (a merge of one plan's decisions
    /// leaves the other plans' pages in use).
    fn carry(&mut self, old: &DecisionIndex, repo: &PlansRepo) {
        let blobs = |head: Oid| -> HashMap<String, Oid> {
            crate::history::plan_file::plan_blobs_at(repo, head)
                .map(|files| files.into_iter().collect())
                .unwrap_or_default()
        };
        let (before, now) = (blobs(old.head), blobs(self.head));
        let plans: std::collections::HashSet<&String> = before.keys().chain(now.keys()).collect();
        for plan in plans {
            if before.get(plan) == now.get(plan)
                && old.plan_decisions(plan) == self.plan_decisions(plan)
            {
                self.carried.insert(plan.clone(), old.stamp(Some(plan)));
            }
        }
    }

    /// The commits from `head` back to the index's head, newest first, each
    /// with the plan its decision is about and the plans whose files it
    /// changed; None when they are not one commit after another from it
    /// (found by following first parents before any tree is read).
    #[allow(clippy::type_complexity)]
    fn continuation(
        &self,
        repo: &PlansRepo,
        head: Oid,
    ) -> Option<Vec<(Oid, Option<String>, Vec<String>)>> {
        let mut chain = Vec::new();
        let mut at = repo.git.find_commit(head).ok()?;
        while at.id() != self.head {
            if at.parent_count() != 1 || chain.len() >= LONGEST_UPDATE {
                return None;
            }
            let parent = at.parent(0).ok()?;
            chain.push((at, parent.clone()));
            at = parent;
        }
        chain
            .into_iter()
            .map(|(commit, parent)| {
                let files = changed_plans(repo, &parent, &commit)?;
                Some((
                    commit.id(),
                    read_decision_or_settlement(&commit).map(|d| d.plan),
                    files,
                ))
            })
            .collect()
    }

    /// The head the index is at: what a page shows.
    pub fn head(&self) -> Oid {
        self.head
    }

    /// Whether no commit in the history has two parents.
    pub fn linear(&self) -> bool {
        self.linear
    }

    /// Every decision, newest first.
    pub fn decisions(&self) -> Vec<Oid> {
        self.decisions.iter().rev().copied().collect()
    }

    /// The decisions about `plan`, newest first.
    pub fn plan_decisions(&self, plan: &str) -> Vec<Oid> {
        self.by_plan
            .get(plan)
            .map(|at| at.iter().rev().map(|&at| self.decisions[at]).collect())
            .unwrap_or_default()
    }

    /// The plans, the one decided most lately first.
    pub fn plans_newest_first(&self) -> Vec<String> {
        let mut plans: Vec<(usize, &String)> = self
            .by_plan
            .iter()
            .filter_map(|(plan, positions)| Some((*positions.last()?, plan)))
            .collect();
        plans.sort_by_key(|plan| std::cmp::Reverse(plan.0));
        plans.into_iter().map(|(_, plan)| plan.clone()).collect()
    }

    /// Which reading of the whole history the index is (a new one after
    /// every move that was not a continuation).
    pub fn stamp_of_reading(&self) -> u64 {
        self.reading
    }

    /// What a result about `plan` (None: about every plan) is made from.
    pub fn stamp(&self, plan: Option<&str>) -> Stamp {
        let change = match plan {
            Some(plan) => match (self.changed.get(plan), self.carried.get(plan)) {
                (Some(change), _) => *change,
                (None, Some(carried)) => return *carried,
                (None, None) => 0,
            },
            None => self.updates,
        };
        Stamp {
            reading: self.reading,
            change,
        }
    }
}

/// The plans whose files differ between `parent` and `commit` (None: a
/// tree could not be read).
fn changed_plans(
    repo: &PlansRepo,
    parent: &git2::Commit<'_>,
    commit: &git2::Commit<'_>,
) -> Option<Vec<String>> {
    let folder = |commit: &git2::Commit<'_>| -> Option<Option<git2::Tree<'_>>> {
        let tree = commit.tree().ok()?;
        Some(
            tree.get_name(crate::history::repo::PLANS_DIR)
                .and_then(|entry| repo.git.find_tree(entry.id()).ok()),
        )
    };
    let (before, after) = (folder(parent)?, folder(commit)?);
    if before.as_ref().map(git2::Tree::id) == after.as_ref().map(git2::Tree::id) {
        return Some(Vec::new());
    }
    let diff = repo
        .git
        .diff_tree_to_tree(before.as_ref(), after.as_ref(), None)
        .ok()?;
    Some(
        diff.deltas()
            .filter_map(|delta| {
                let path = delta.new_file().path().or(delta.old_file().path())?;
                let name = path.file_name()?.to_str()?;
                name.strip_suffix(".json").map(str::to_string)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests;
