//! Verifying the history: can the record of decisions be trusted?
//!
//! [`verify_history`] walks every commit reachable from HEAD and reports
//! plan changes that are not decisions, decisions that change another plan
//! than they name (or several), plans that were invalid at a decision,
//! merges whose plans are not the semantic merge of their parents (plus the
//! resolutions a sync recorded, which must name exactly the conflicts),
//! merges of more than two parents, anything under `plans/` that is not a
//! plain plan file, commits whose decision trailers are repeated or blank,
//! unsigned or badly signed decisions when the repository requires
//! signatures (the signer list checked as a chain, and what a merge brings
//! in checked against the list in force after it), decisions dated
//! before their parent, history rewritten since the last verified point,
//! replaced objects, grafts and a shallow history, unreadable objects, and
//! uncommitted edits to plans.
//!
//! The history is read as the commit objects record it: parents come from
//! each commit's own header, so neither `git replace` (which libgit2 does
//! not apply) nor grafts change what is checked; both are reported.
//! [`verify_new_commits`] checks only the commits a push brings (the
//! server's `pre-receive` hook), or a sync fetches.

mod blobs;
mod decisions;
mod merges;
mod objects;
mod plans_folder;
mod repository;
pub mod server;
mod signatures;
mod verified_point;
mod work_tree;

use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use git2::{Commit, ErrorCode, ObjectType, Oid, Tree};
use serde::Serialize;

use crate::error::CommandError;
use crate::history::decision::{commit_trailer_problem, git_time};
use crate::history::repo::{PLANS_DIR, PlansRepo};
use crate::i18n::{Lang, Message, VerifyMsg};
use crate::plan::Severity;

use plans_folder::Folder;
pub use verified_point::{VERIFIED_LOG, VERIFIED_REF, record_verified, verified_points};

use signatures::AllowedSigners;

/// The committed file that makes the repository require signed decisions:
/// the allowed signers, in the format of git's `gpg.ssh.allowedSignersFile`.
pub const ALLOWED_SIGNERS: &str = ".backbrief/allowed_signers";

/// One thing wrong with the history, or with the work tree.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryFinding {
    /// The commit concerned (None for the work tree).
    #[serde(serialize_with = "serialize_oid")]
    pub commit: Option<Oid>,
    /// The commit's author date, when it could be read.
    pub date: Option<DateTime<FixedOffset>>,
    /// The commit's author, "Name <email>", when it could be read.
    pub author: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// A stable name of the kind of finding, for scripts.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The plan whose file in the work tree is concerned (for the pages,
    /// which say what to do with a link rather than a command).
    #[serde(skip)]
    pub plan: Option<String>,
}

impl HistoryFinding {
    /// Whether the finding is about the work tree rather than a commit.
    pub fn in_work_tree(&self) -> bool {
        self.code.starts_with("uncommitted-") || self.code == "work-tree-unchecked"
    }
}

fn serialize_oid<S: serde::Serializer>(
    oid: &Option<Oid>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match oid {
        Some(oid) => serializer.serialize_str(&oid.to_string()),
        None => serializer.serialize_none(),
    }
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// Commits checked.
    pub commits: usize,
    /// Decisions among them.
    pub decisions: usize,
    /// Everything found, in the order of the history (newest first).
    pub findings: Vec<HistoryFinding>,
    /// When only what came since the last `verify --record` was checked:
    /// that verified point.
    #[serde(
        serialize_with = "serialize_oid",
        skip_serializing_if = "Option::is_none"
    )]
    pub since: Option<Oid>,
}

impl VerifyReport {
    /// Number of findings of this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The commit HEAD points at (a branch or a detached HEAD).
pub fn head(repo: &PlansRepo, lang: Lang) -> Result<Oid, CommandError> {
    match repo.git.head().ok().and_then(|head| head.target()) {
        Some(oid) => Ok(oid),
        // Unborn branch: let the repository say it in its words.
        None => repo.head_commit(lang),
    }
}

/// Checks the history reachable from `head`, and the work tree. Errs only
/// when the check cannot run (ssh-keygen missing when signatures are required).
pub fn verify_history(
    repo: &PlansRepo,
    head: Oid,
    lang: Lang,
) -> Result<VerifyReport, CommandError> {
    let mut verifier = Verifier::new(repo, lang, None);
    verifier.check_repository();
    verifier.check_verified_point(head);
    verifier.check_history(head)?;
    if !repo.git.is_bare() {
        verifier.check_work_tree();
    }
    Ok(verifier.report)
}

/// Checks what came since this clone's last `verify --record` (its log and
/// its ref agreeing), when the history still leads through that point and
/// the signer list in force at the head is the one in force there; else the
/// whole history ([`verify_history`]). The report says which (`since`).
pub fn verify_since_record(
    repo: &PlansRepo,
    head: Oid,
    lang: Lang,
) -> Result<VerifyReport, CommandError> {
    let logged = verified_points(repo).last().copied();
    let in_ref = repo.git.refname_to_id(VERIFIED_REF).ok();
    let point = logged.filter(|point| {
        Some(*point) == in_ref
            && (head == *point || repo.git.graph_descendant_of(head, *point).unwrap_or(false))
    });
    let Some(point) = point else {
        return verify_history(repo, head, lang);
    };
    let git_err = |e: git2::Error| crate::history::repo::git_error(&e, lang);
    let mut walk = repo.git.revwalk().map_err(git_err)?;
    walk.push(head).map_err(git_err)?;
    walk.hide(point).map_err(git_err)?;
    let new: HashSet<Oid> = walk.filter_map(Result::ok).collect();
    let mut verifier = Verifier::new(repo, lang, Some(new));
    verifier.check_repository();
    verifier.check_verified_point(head);
    verifier.check_history(head)?;
    // A signer list changed since: decisions before must hold against it too.
    if verifier.signers_at(head) != verifier.recorded_signers(point) {
        return verify_history(repo, head, lang);
    }
    if !repo.git.is_bare() {
        verifier.check_work_tree();
    }
    verifier.report.since = Some(point);
    Ok(verifier.report)
}

/// Checks only the commits reachable from `tip` and from none of `known`
/// (what a push brings to a server that has `known`): each as a full verify
/// would, taking the history before them as it is. Errs when the check
/// cannot run.
pub fn verify_new_commits(
    repo: &PlansRepo,
    tip: Oid,
    known: &[Oid],
    lang: Lang,
) -> Result<VerifyReport, CommandError> {
    let git_err = |e: git2::Error| crate::history::repo::git_error(&e, lang);
    let mut walk = repo.git.revwalk().map_err(git_err)?;
    walk.push(tip).map_err(git_err)?;
    for oid in known {
        // A known commit the server cannot read hides nothing.
        let _ = walk.hide(*oid);
    }
    let new: HashSet<Oid> = walk.filter_map(Result::ok).collect();
    let mut verifier = Verifier::new(repo, lang, Some(new));
    verifier.check_repository();
    verifier.check_history(tip)?;
    Ok(verifier.report)
}

/// Where a finding is: a commit with its date and author, or the work tree.
#[derive(Debug, Clone, Default)]
struct Place {
    commit: Option<Oid>,
    date: Option<DateTime<FixedOffset>>,
    author: Option<String>,
}

impl Place {
    fn of(commit: &Commit<'_>) -> Place {
        let author = commit.author();
        Place {
            commit: Some(commit.id()),
            date: Some(git_time(author.when())),
            author: Some(format!(
                "{} <{}>",
                author.name().unwrap_or("?"),
                author.email().unwrap_or("?")
            )),
        }
    }

    fn finding(&self, severity: Severity, code: &'static str, message: String) -> HistoryFinding {
        HistoryFinding {
            commit: self.commit,
            date: self.date,
            author: self.author.clone(),
            severity,
            code,
            message,
            hint: None,
            plan: None,
        }
    }
}

/// A set of object ids, hashed fast: an id is a hash already, and a full
/// verify looks up every object of the history.
type OidSet = HashSet<Oid, foldhash::fast::RandomState>;

struct Verifier<'r> {
    repo: &'r PlansRepo,
    lang: Lang,
    report: VerifyReport,
    /// Objects read (and so checked against their hash) already.
    read_objects: OidSet,
    /// Unreadable objects reported already.
    reported_objects: OidSet,
    /// The blob checks, when they run on this thread.
    blobs: blobs::BlobChecker<'r>,
    /// The queue to the second thread, when the blob checks run there.
    beside: Option<blobs::Beside>,
    /// Each commit's parents, as its own object records them.
    parents: HashMap<Oid, Vec<Oid>>,
    /// The commits to check, when only some are (a push); None for all.
    limit: Option<HashSet<Oid>>,
    /// The commits a shallow clone has without their parents.
    shallow: HashSet<Oid>,
    /// The signer list in force at each checked commit (its blob), when the
    /// repository requires signatures there.
    trusted_signers: HashMap<Oid, Option<Oid>>,
    /// Signer lists written out for ssh-keygen, by blob.
    signer_files: HashMap<Oid, AllowedSigners>,
    /// The signer list in force at the head.
    head_signers: Option<Oid>,
    /// The lineage of each checked commit's signer list: the commit where
    /// its first list was trusted (see `trace_signers`).
    lineage: HashMap<Oid, Oid>,
    /// The lineage of the list in force at the head.
    head_lineage: Oid,
    /// Findings made before the walk (the signer chain), by commit, to be
    /// reported in the commit's place in the history.
    pending: HashMap<Oid, Vec<HistoryFinding>>,
    /// The `plans/` folders read for the last few commits, by tree id: a
    /// commit's folder is compared with its parent's, which is the next
    /// commit checked.
    folders: HashMap<Oid, Rc<Folder>, foldhash::fast::RandomState>,
    /// Every object read is checked against its hash while verifying, also
    /// in a process that otherwise trusts its object store (a server).
    _checking: crate::history::object_checks::Checking,
}

impl<'r> Verifier<'r> {
    fn new(repo: &'r PlansRepo, lang: Lang, limit: Option<HashSet<Oid>>) -> Verifier<'r> {
        Verifier {
            repo,
            lang,
            report: VerifyReport {
                commits: 0,
                decisions: 0,
                findings: Vec::new(),
                since: None,
            },
            read_objects: OidSet::default(),
            reported_objects: OidSet::default(),
            blobs: blobs::BlobChecker::new(&repo.git, lang),
            beside: None,
            parents: HashMap::new(),
            limit,
            shallow: HashSet::new(),
            trusted_signers: HashMap::new(),
            signer_files: HashMap::new(),
            head_signers: None,
            lineage: HashMap::new(),
            head_lineage: Oid::ZERO_SHA1,
            pending: HashMap::new(),
            folders: HashMap::default(),
            _checking: crate::history::object_checks::Checking::start(),
        }
    }

    /// Checks every commit from `head` down (to the limit, when there is one).
    fn check_history(&mut self, head: Oid) -> Result<(), CommandError> {
        let order = self.commits_in_order(head);
        self.known_from_parents_outside(&order);
        self.trace_signers(&order)?;
        self.head_signers = self.trusted_signers.get(&head).copied().flatten();
        self.head_lineage = self.lineage_at(head);
        self.with_blob_thread(order.len(), |verifier| {
            order.iter().try_for_each(|oid| verifier.check_commit(*oid))
        })
    }

    /// The parents of a commit as its object records them (not as grafts
    /// or a shallow file would have them).
    fn parents_of(&self, commit: &Commit<'_>) -> Vec<Oid> {
        if let Some(parents) = self.parents.get(&commit.id()) {
            return parents.clone();
        }
        recorded_parents(commit)
    }

    fn push(&mut self, finding: HistoryFinding) {
        self.report.findings.push(finding);
    }

    fn error(&mut self, place: &Place, code: &'static str, message: String) {
        self.push(place.finding(Severity::Error, code, message));
    }

    /// Every readable commit reachable from `head`, children before parents
    /// and newest first; unreadable commits are reported on the way, and
    /// so is where a shallow clone's history stops.
    fn commits_in_order(&mut self, head: Oid) -> Vec<Oid> {
        let mut nodes: HashMap<Oid, (i64, Vec<Oid>)> = HashMap::new();
        let mut stack = vec![head];
        let mut seen = HashSet::from([head]);
        while let Some(oid) = stack.pop() {
            if self
                .limit
                .as_ref()
                .is_some_and(|limit| !limit.contains(&oid))
            {
                continue;
            }
            match self.repo.git.find_commit(oid) {
                Ok(commit) => {
                    let parents = recorded_parents(&commit);
                    self.parents.insert(oid, parents.clone());
                    if self.shallow.contains(&oid) {
                        self.history_missing(&commit);
                    } else {
                        stack.extend(parents.iter().filter(|p| seen.insert(**p)));
                    }
                    nodes.insert(oid, (commit.time().seconds(), parents));
                }
                Err(error) => {
                    let place = Place {
                        commit: Some(oid),
                        ..Place::default()
                    };
                    self.unreadable(&place, VerifyMsg::CorruptCommit, oid, "", &error);
                }
            }
        }
        let mut children: HashMap<Oid, usize> = HashMap::new();
        for (_, parents) in nodes.values() {
            for parent in parents.iter().filter(|p| nodes.contains_key(p)) {
                *children.entry(*parent).or_default() += 1;
            }
        }
        let mut ready: BinaryHeap<(i64, Oid)> = nodes
            .iter()
            .filter(|(oid, _)| !children.contains_key(oid))
            .map(|(oid, (time, _))| (*time, *oid))
            .collect();
        let mut order = Vec::with_capacity(nodes.len());
        while let Some((_, oid)) = ready.pop() {
            order.push(oid);
            for parent in &nodes[&oid].1 {
                if let Some(count) = children.get_mut(parent) {
                    *count -= 1;
                    if *count == 0 {
                        ready.push((nodes[parent].0, *parent));
                    }
                }
            }
        }
        order
    }

    fn check_commit(&mut self, oid: Oid) -> Result<(), CommandError> {
        let Ok(commit) = self.repo.git.find_commit(oid) else {
            return Ok(());
        };
        self.report.commits += 1;
        let place = Place::of(&commit);
        let pending = self.pending.remove(&oid).unwrap_or_default();
        self.report.findings.extend(pending);
        // A settled conflict is a decision too: counted, and signed when required.
        let decision = crate::history::settlement::read_decision_or_settlement(&commit);
        if decision.is_some() {
            self.report.decisions += 1;
        }
        let trailer_problem = decision
            .is_none()
            .then(|| commit_trailer_problem(&commit))
            .flatten();
        if let Some(problem) = &trailer_problem {
            self.trailer_finding(problem, &place);
        }
        let Some(tree) = self.check_objects(&commit, &place) else {
            return Ok(());
        };
        let parent_ids = self.parents_of(&commit);
        // An unreadable parent (reported on its own) leaves nothing to compare with.
        let parent_trees: Option<Vec<Tree<'_>>> = parent_ids
            .iter()
            .map(|parent| self.repo.git.find_commit(*parent).ok()?.tree().ok())
            .collect();
        if let Some(parent_trees) = &parent_trees {
            self.check_plans_folder(&tree, parent_trees, &place);
        }
        let plans = self.plan_entries(&tree);
        let parents: Option<Vec<Rc<Folder>>> = parent_trees
            .as_ref()
            .and_then(|trees| trees.iter().map(|tree| self.plan_entries(tree)).collect());
        let mut changed = BTreeSet::new();
        if parent_ids.len() > 2 {
            let text = VerifyMsg::Octopus.fill(self.lang, &[("count", &parent_ids.len())]);
            let mut finding = place.finding(Severity::Error, "octopus-merge", text);
            finding.hint = Some(VerifyMsg::OctopusHint.get(self.lang));
            self.push(finding);
        }
        if let (Some(plans), Some(parents)) = (&plans, &parents) {
            if parents.len() > 1 {
                self.check_merge(&commit, &parent_ids, &place);
            } else {
                let empty = Folder::default();
                let before = parents.first().map_or(&empty, |folder| folder);
                changed = changed_files(plans.plans(), before.plans());
                match &decision {
                    // Reported as what it is, below.
                    None if trailer_problem.is_some() => {}
                    None if !changed.is_empty() => {
                        let files = file_list(&changed);
                        self.error(
                            &place,
                            "not-a-decision",
                            VerifyMsg::NotADecision.fill(self.lang, &[("files", &files)]),
                        );
                    }
                    None => {}
                    Some(decision) => self.check_decision_scope(decision, &changed, &place),
                }
            }
        }
        if let Some(decision) = &decision {
            // A settlement that removed its plan leaves nothing to check.
            if let Some(plans) = &plans
                && (parent_ids.len() < 2
                    || plans.plan(&format!("{}.json", decision.plan)).is_some())
            {
                self.check_plan_valid(decision, plans, &changed, &place);
            }
            if parent_ids.len() < 2 {
                self.check_backdated(&commit, &parent_ids, &place);
            }
            self.check_signature(&commit, &place)?;
        }
        Ok(())
    }

    /// The `plans/` folder of a tree (empty when it has none); None when
    /// unreadable.
    fn plan_entries(&mut self, tree: &Tree<'_>) -> Option<Rc<Folder>> {
        match tree.get_path(Path::new(PLANS_DIR)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Tree) => self.folder(entry.id()),
            Ok(_) => Some(Rc::default()),
            Err(error) if error.code() == ErrorCode::NotFound => Some(Rc::default()),
            Err(_) => None,
        }
    }

    /// The `plans/` folder with tree id `id`, read once for the few
    /// commits that look at it; None when unreadable.
    fn folder(&mut self, id: Oid) -> Option<Rc<Folder>> {
        if let Some(folder) = self.folders.get(&id) {
            return Some(Rc::clone(folder));
        }
        let tree = self.repo.git.find_tree(id).ok()?;
        let folder = Rc::new(Folder::read(&tree));
        // Only the last few are looked at again.
        if self.folders.len() >= 8 {
            self.folders.clear();
        }
        self.folders.insert(id, Rc::clone(&folder));
        Some(folder)
    }
}

/// The parents a commit's object records (its `parent` header lines),
/// whatever grafts or a shallow file say.
fn recorded_parents(commit: &Commit<'_>) -> Vec<Oid> {
    let recorded: Option<Vec<Oid>> = commit
        .raw_header_bytes()
        .split(|byte| *byte == b'\n')
        .filter_map(|line| line.strip_prefix(b"parent "))
        .map(|hex| {
            std::str::from_utf8(hex)
                .ok()
                .and_then(|hex| Oid::from_str(hex.trim()).ok())
        })
        .collect();
    recorded.unwrap_or_else(|| commit.parent_ids().collect())
}

/// The plan files whose blob differs between two folders, each given as its
/// plan files sorted by name.
fn changed_files<'a>(
    now: impl Iterator<Item = (&'a [u8], Oid)>,
    before: impl Iterator<Item = (&'a [u8], Oid)>,
) -> BTreeSet<String> {
    // Both are sorted by name: one pass over the two side by side.
    let mut changed = BTreeSet::new();
    let (mut now, mut before) = (now.peekable(), before.peekable());
    loop {
        let name = match (now.peek(), before.peek()) {
            (Some((a, x)), Some((b, y))) => match a.cmp(b) {
                std::cmp::Ordering::Less => now.next().map(|(name, _)| name),
                std::cmp::Ordering::Greater => before.next().map(|(name, _)| name),
                std::cmp::Ordering::Equal => {
                    let differs = x.as_bytes() != y.as_bytes();
                    before.next();
                    now.next().filter(|_| differs).map(|(name, _)| name)
                }
            },
            (Some(_), None) => now.next().map(|(name, _)| name),
            (None, Some(_)) => before.next().map(|(name, _)| name),
            (None, None) => break,
        };
        if let Some(name) = name {
            changed.insert(String::from_utf8_lossy(name).into_owned());
        }
    }
    changed
}

/// `plans/a.json, plans/b.json`.
fn file_list(files: &BTreeSet<String>) -> String {
    files
        .iter()
        .map(|name| format!("{PLANS_DIR}/{name}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn entries(names: &BTreeMap<u8, u8>) -> BTreeMap<String, Oid> {
        names
            .iter()
            .map(|(name, id)| {
                (
                    format!("p{name}.json"),
                    Oid::from_bytes(&[*id; 20]).unwrap_or(Oid::ZERO_SHA1),
                )
            })
            .collect()
    }

    proptest! {
        /// The one-pass comparison finds exactly the files whose entry is
        /// not the same on both sides.
        #[test]
        fn changed_files_are_those_not_the_same_on_both_sides(
            now in prop::collection::btree_map(0u8..40, 0u8..3, 0..30),
            before in prop::collection::btree_map(0u8..40, 0u8..3, 0..30),
        ) {
            let (now, before) = (entries(&now), entries(&before));
            let expected: BTreeSet<String> = now
                .keys()
                .chain(before.keys())
                .filter(|name| now.get(*name) != before.get(*name))
                .cloned()
                .collect();
            let plans = |map: &BTreeMap<String, Oid>| -> Vec<(Vec<u8>, Oid)> {
                map.iter().map(|(name, id)| (name.clone().into_bytes(), *id)).collect()
            };
            let (now, before) = (plans(&now), plans(&before));
            let changed = changed_files(
                now.iter().map(|(name, id)| (name.as_slice(), *id)),
                before.iter().map(|(name, id)| (name.as_slice(), *id)),
            );
            prop_assert_eq!(changed, expected);
        }
    }
}
