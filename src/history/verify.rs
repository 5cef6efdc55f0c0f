//! Verifying the history: can the record of decisions be trusted?
//!
//! [`verify_history`] walks every commit reachable from HEAD and reports
//! plan changes that are not decisions, decisions that change another plan
//! than they name (or several), plans that were invalid at a decision,
//! merges whose plans are not the semantic merge of their parents (plus the
//! resolutions a sync recorded), unsigned or badly signed decisions
//! when the repository requires signatures, history rewritten since the last
//! verified point, unreadable objects, and uncommitted edits to plans.

mod objects;
mod signatures;
mod verified_point;
mod work_tree;

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use git2::{Commit, ErrorCode, ObjectType, Oid, Tree};
use serde::Serialize;

use crate::error::CommandError;
use crate::history::decision::{Decision, git_time, read_decision};
use crate::history::repo::{PLANS_DIR, PlansRepo};
use crate::i18n::{Lang, Message, ValidateMsg, VerifyMsg};
use crate::plan::{Severity, check_text, source};

pub use verified_point::{VERIFIED_REF, record_verified};

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
    let mut verifier = Verifier {
        repo,
        lang,
        report: VerifyReport {
            commits: 0,
            decisions: 0,
            findings: Vec::new(),
        },
        read_objects: HashSet::new(),
        reported_objects: HashSet::new(),
        checked_plans: HashMap::new(),
        signers: None,
    };
    verifier.check_verified_point(head);
    verifier.signers = verifier.allowed_signers(head)?;
    for oid in verifier.commits_in_order(head) {
        verifier.check_commit(oid)?;
    }
    verifier.check_work_tree();
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
        }
    }
}

/// The plan files of one tree: file name (`x.json`) → blob id.
type PlanEntries = BTreeMap<String, Oid>;

struct Verifier<'r> {
    repo: &'r PlansRepo,
    lang: Lang,
    report: VerifyReport,
    /// Objects read (and so checked against their hash) already.
    read_objects: HashSet<Oid>,
    /// Unreadable objects reported already.
    reported_objects: HashSet<Oid>,
    /// (plan blob, plan id) → the invalid-plan message, None when valid.
    checked_plans: HashMap<(Oid, String), Option<(usize, String)>>,
    /// The allowed signers, when the repository requires signatures.
    signers: Option<AllowedSigners>,
}

impl<'r> Verifier<'r> {
    fn push(&mut self, finding: HistoryFinding) {
        self.report.findings.push(finding);
    }

    fn error(&mut self, place: &Place, code: &'static str, message: String) {
        self.push(place.finding(Severity::Error, code, message));
    }

    /// Every readable commit reachable from `head`, children before parents
    /// and newest first; unreadable commits are reported on the way.
    fn commits_in_order(&mut self, head: Oid) -> Vec<Oid> {
        let mut nodes: HashMap<Oid, (i64, Vec<Oid>)> = HashMap::new();
        let mut stack = vec![head];
        let mut seen = HashSet::from([head]);
        while let Some(oid) = stack.pop() {
            match self.repo.git.find_commit(oid) {
                Ok(commit) => {
                    let parents: Vec<Oid> = commit.parent_ids().collect();
                    stack.extend(parents.iter().filter(|p| seen.insert(**p)));
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
        let decision = read_decision(&commit);
        if decision.is_some() {
            self.report.decisions += 1;
        }
        let Some(tree) = self.check_objects(&commit, &place) else {
            return Ok(());
        };
        self.check_signers_kept(&commit, &tree, &place);
        let plans = self.plan_entries(&tree);
        // An unreadable parent (reported on its own) leaves nothing to compare with.
        let parents: Option<Vec<PlanEntries>> = commit
            .parent_ids()
            .map(|parent| {
                let parent = self.repo.git.find_commit(parent).ok()?;
                self.plan_entries(&parent.tree().ok()?)
            })
            .collect();
        let mut changed = BTreeSet::new();
        if let (Some(plans), Some(parents)) = (&plans, &parents) {
            if parents.len() > 1 {
                self.check_merge(&commit, &place);
            } else {
                let empty = PlanEntries::new();
                changed = changed_files(plans, parents.first().unwrap_or(&empty));
                match &decision {
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
            if let Some(plans) = &plans {
                self.check_plan_valid(decision, plans, &changed, &place);
            }
            self.check_signature(&commit, &tree, &place)?;
        }
        Ok(())
    }

    /// The plan files (`plans/*.json`) of a tree; None when unreadable.
    fn plan_entries(&self, tree: &Tree<'_>) -> Option<PlanEntries> {
        let entry = match tree.get_path(Path::new(PLANS_DIR)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Tree) => entry,
            Ok(_) => return Some(PlanEntries::new()),
            Err(error) if error.code() == ErrorCode::NotFound => return Some(PlanEntries::new()),
            Err(_) => return None,
        };
        let plans = self.repo.git.find_tree(entry.id()).ok()?;
        Some(
            plans
                .iter()
                .filter_map(|entry| {
                    let name = entry.name().ok()?;
                    name.ends_with(".json")
                        .then(|| (name.to_string(), entry.id()))
                })
                .collect(),
        )
    }

    /// A decision may change only the plan its `Plan` trailer names.
    fn check_decision_scope(
        &mut self,
        decision: &Decision,
        changed: &BTreeSet<String>,
        place: &Place,
    ) {
        let named = format!("{}.json", decision.plan);
        if changed.iter().all(|file| *file == named) {
            return;
        }
        let files = file_list(changed);
        let (code, message) = if changed.len() > 1 {
            ("several-plans", VerifyMsg::SeveralPlans)
        } else {
            ("wrong-plan", VerifyMsg::WrongPlan)
        };
        let text = message.fill(self.lang, &[("plan", &decision.plan), ("files", &files)]);
        self.error(place, code, text);
    }

    /// A merge's plans must be the semantic merge of its parents plus the
    /// resolutions its trailers record (see [`crate::history::sync`]).
    fn check_merge(&mut self, commit: &Commit<'_>, place: &Place) {
        // Unreadable objects are reported on their own.
        let Ok(changed) = crate::history::sync::check_merge_commit(self.repo, commit) else {
            return;
        };
        if !changed.is_empty() {
            let files = changed.join(", ");
            self.error(
                place,
                "merge-changes-plans",
                VerifyMsg::MergeChangesPlans.fill(self.lang, &[("files", &files)]),
            );
        }
    }

    /// The plan a decision names must be valid after it (errors only).
    fn check_plan_valid(
        &mut self,
        decision: &Decision,
        plans: &PlanEntries,
        changed: &BTreeSet<String>,
        place: &Place,
    ) {
        let name = format!("{}.json", decision.plan);
        let shown = format!("{PLANS_DIR}/{name}");
        let Some(blob) = plans.get(&name) else {
            // A decision that removes its plan leaves nothing to check.
            if !changed.contains(&name) {
                let text = VerifyMsg::PlanMissing
                    .fill(self.lang, &[("plan", &decision.plan), ("file", &shown)]);
                self.push(place.finding(Severity::Warning, "plan-missing", text));
            }
            return;
        };
        let key = (*blob, decision.plan.clone());
        let problem = match self.checked_plans.get(&key) {
            Some(problem) => problem.clone(),
            None => {
                // An unreadable blob was reported by `check_objects`.
                let Ok(content) = self.repo.git.find_blob(*blob) else {
                    return;
                };
                let problem = first_error(content.content(), &shown, &decision.plan, self.lang);
                self.checked_plans.insert(key, problem.clone());
                problem
            }
        };
        if let Some((count, first)) = problem {
            let text = VerifyMsg::InvalidPlan.fill(
                self.lang,
                &[
                    ("plan", &decision.plan),
                    ("count", &count),
                    ("problem", &first),
                ],
            );
            self.error(place, "invalid-plan", text);
        }
    }
}

/// The plan files whose blob differs between two trees.
fn changed_files(now: &PlanEntries, before: &PlanEntries) -> BTreeSet<String> {
    now.keys()
        .chain(before.keys())
        .filter(|name| now.get(*name) != before.get(*name))
        .cloned()
        .collect()
}

/// `plans/a.json, plans/b.json`.
fn file_list(files: &BTreeSet<String>) -> String {
    files
        .iter()
        .map(|name| format!("{PLANS_DIR}/{name}"))
        .collect::<Vec<_>>()
        .join(", ")
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
