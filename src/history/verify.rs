//! Verifying the history: can the record of decisions be trusted?
//!
//! [`verify_history`] walks every commit reachable from HEAD and reports
//! plan changes that are not decisions, decisions that change another plan
//! than they name (or several), plans that were invalid at a decision,
//! merges that change plans themselves, unsigned or badly signed decisions
//! when the repository requires signatures, history rewritten since the last
//! verified point, unreadable objects, and uncommitted edits to plans.

mod signatures;

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use git2::{Commit, ErrorCode, ObjectType, Oid, StatusOptions, Tree};
use serde::Serialize;

use crate::error::CommandError;
use crate::history::decision::{Decision, git_time, read_decision};
use crate::history::repo::{PLANS_DIR, PlansRepo, git_error, short_id};
use crate::i18n::{Lang, Message, ValidateMsg, VerifyMsg};
use crate::plan::{Severity, check_text, source};

use signatures::{AllowedSigners, Verdict};

/// The ref `verify --record` stores the last verified head in.
pub const VERIFIED_REF: &str = "refs/backbrief/verified";

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

/// Remembers `head` as the last verified point ([`VERIFIED_REF`]).
pub fn record_verified(repo: &PlansRepo, head: Oid, lang: Lang) -> Result<(), CommandError> {
    repo.git
        .reference(VERIFIED_REF, head, true, "backbrief verify --record")
        .map(|_| ())
        .map_err(|e| git_error(&e, lang))
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
                self.check_merge(plans, parents, &place);
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

    /// Reads the commit's tree and every object under it not read before
    /// (libgit2 checks each object's hash as it reads it).
    fn check_objects(&mut self, commit: &Commit<'r>, place: &Place) -> Option<Tree<'r>> {
        let root_id = commit.tree_id();
        let root = match self.repo.git.find_tree(root_id) {
            Ok(tree) => tree,
            Err(error) => {
                let root_name = VerifyMsg::RootFolder.get(self.lang);
                self.unreadable(place, VerifyMsg::CorruptTree, root_id, &root_name, &error);
                return None;
            }
        };
        if !self.read_objects.insert(root_id) {
            return Some(root);
        }
        let mut stack = vec![(root.clone(), String::new())];
        while let Some((tree, folder)) = stack.pop() {
            for entry in tree.iter() {
                let id = entry.id();
                if !self.read_objects.insert(id) {
                    continue;
                }
                let path = format!("{folder}{}", String::from_utf8_lossy(entry.name_bytes()));
                match entry.kind() {
                    Some(ObjectType::Tree) => match self.repo.git.find_tree(id) {
                        Ok(subtree) => stack.push((subtree, format!("{path}/"))),
                        Err(error) => {
                            self.unreadable(place, VerifyMsg::CorruptTree, id, &path, &error);
                        }
                    },
                    Some(ObjectType::Blob) => {
                        if let Err(error) = self.repo.git.find_blob(id) {
                            self.unreadable(place, VerifyMsg::CorruptBlob, id, &path, &error);
                        }
                    }
                    // Submodules point into other repositories.
                    _ => {}
                }
            }
        }
        Some(root)
    }

    fn unreadable(
        &mut self,
        place: &Place,
        message: VerifyMsg,
        object: Oid,
        path: &str,
        error: &git2::Error,
    ) {
        if !self.reported_objects.insert(object) {
            return;
        }
        let text = message.fill(
            self.lang,
            &[
                ("object", &object),
                ("path", &path),
                ("detail", &error.message().trim_end_matches('.')),
            ],
        );
        self.error(place, "corrupt-object", text);
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

    /// A merge may not change a plan file into something neither side had.
    fn check_merge(&mut self, plans: &PlanEntries, parents: &[PlanEntries], place: &Place) {
        let mut names: BTreeSet<&String> = plans.keys().collect();
        names.extend(parents.iter().flat_map(|p| p.keys()));
        let changed: BTreeSet<String> = names
            .into_iter()
            .filter(|name| {
                parents
                    .iter()
                    .all(|parent| parent.get(*name) != plans.get(*name))
            })
            .cloned()
            .collect();
        if !changed.is_empty() {
            let files = file_list(&changed);
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

    /// The allowed signers at `head`, when the repository requires signatures.
    fn allowed_signers(&self, head: Oid) -> Result<Option<AllowedSigners>, CommandError> {
        // An unreadable head or file is reported as an unreadable object.
        let Some(contents) = self.repo.file_at(head, ALLOWED_SIGNERS).ok().flatten() else {
            return Ok(None);
        };
        AllowedSigners::new(&contents)
            .map(Some)
            .map_err(|detail| self.signatures_unchecked(&detail))
    }

    fn signatures_unchecked(&self, detail: &str) -> CommandError {
        CommandError::environment(
            VerifyMsg::SignaturesUnchecked.fill(self.lang, &[("detail", &detail)]),
        )
        .hinted(VerifyMsg::SignaturesUncheckedHint.get(self.lang))
    }

    /// When the repository requires signatures, a decision committed with
    /// the allowed signers in its tree must be signed by an allowed signer.
    fn check_signature(
        &mut self,
        commit: &Commit<'_>,
        tree: &Tree<'_>,
        place: &Place,
    ) -> Result<(), CommandError> {
        let Some(signers) = &self.signers else {
            return Ok(());
        };
        if tree.get_path(Path::new(ALLOWED_SIGNERS)).is_err() {
            return Ok(());
        }
        let lang = self.lang;
        let signers_file = &ALLOWED_SIGNERS;
        let (signature, data) = match self.repo.git.extract_signature(&commit.id(), None) {
            Ok(found) => found,
            Err(error) if error.code() == ErrorCode::NotFound => {
                let text = VerifyMsg::Unsigned.fill(lang, &[("signers", signers_file)]);
                self.error(place, "unsigned", text);
                return Ok(());
            }
            // The commit could not be read: reported as an unreadable object.
            Err(_) => return Ok(()),
        };
        let is_ssh = signature
            .windows(b"BEGIN SSH SIGNATURE".len())
            .any(|w| w == b"BEGIN SSH SIGNATURE");
        if !is_ssh {
            let is_pgp = signature
                .windows(b"BEGIN PGP SIGNATURE".len())
                .any(|w| w == b"BEGIN PGP SIGNATURE");
            let (code, text) = if is_pgp {
                (
                    "not-ssh-signature",
                    VerifyMsg::NotSshSignature.fill(lang, &[("signers", signers_file)]),
                )
            } else {
                ("bad-signature", VerifyMsg::BadSignature.get(lang))
            };
            self.error(place, code, text);
            return Ok(());
        }
        let email = commit.author().email().unwrap_or_default().to_string();
        let verdict = signers
            .verify(&signature, &data, &email, commit.time().seconds())
            .map_err(|detail| self.signatures_unchecked(&detail))?;
        match verdict {
            Verdict::Good => {}
            Verdict::NotAllowed => {
                let text = VerifyMsg::SignerNotAllowed
                    .fill(lang, &[("signers", signers_file), ("email", &email)]);
                self.error(place, "signer-not-allowed", text);
            }
            Verdict::Bad => self.error(place, "bad-signature", VerifyMsg::BadSignature.get(lang)),
        }
        Ok(())
    }

    /// The head recorded by `verify --record` must still be in the history.
    fn check_verified_point(&mut self, head: Oid) {
        let lang = self.lang;
        let verified = match self.repo.git.refname_to_id(VERIFIED_REF) {
            Ok(verified) if verified == head => return,
            Ok(verified) => verified,
            Err(error) if error.code() == ErrorCode::NotFound => return,
            Err(error) => {
                let text = VerifyMsg::VerifiedUnchecked.fill(
                    lang,
                    &[("commit", &VERIFIED_REF), ("detail", &error.message())],
                );
                self.error(&Place::default(), "verified-point-unchecked", text);
                return;
            }
        };
        let short = short_id(verified);
        let Ok(commit) = self.repo.git.find_commit(verified) else {
            let place = Place {
                commit: Some(verified),
                ..Place::default()
            };
            let text = VerifyMsg::VerifiedGone.fill(lang, &[("commit", &short)]);
            self.error(&place, "history-rewritten", text);
            return;
        };
        let place = Place::of(&commit);
        match self.repo.git.graph_descendant_of(head, verified) {
            Ok(true) => {}
            Ok(false) => {
                let text = VerifyMsg::HistoryRewritten.fill(lang, &[("commit", &short)]);
                self.error(&place, "history-rewritten", text);
            }
            Err(error) => {
                let text = VerifyMsg::VerifiedUnchecked
                    .fill(lang, &[("commit", &short), ("detail", &error.message())]);
                self.error(&place, "verified-point-unchecked", text);
            }
        }
    }

    /// Edits to plans that are not recorded (work tree or index): warnings.
    fn check_work_tree(&mut self) {
        let lang = self.lang;
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .pathspec(PLANS_DIR);
        let statuses = match self.repo.git.statuses(Some(&mut options)) {
            Ok(statuses) => statuses,
            Err(error) => {
                let text = VerifyMsg::WorkTreeUnchecked.fill(lang, &[("detail", &error.message())]);
                let finding =
                    Place::default().finding(Severity::Warning, "work-tree-unchecked", text);
                self.push(finding);
                return;
            }
        };
        let mut found = Vec::new();
        for entry in statuses.iter() {
            let Ok(path) = entry.path() else { continue };
            let Some(plan) = path
                .strip_prefix(&format!("{PLANS_DIR}/"))
                .and_then(|name| name.strip_suffix(".json"))
                .filter(|stem| !stem.contains('/'))
            else {
                continue;
            };
            let status = entry.status();
            let (code, message, hint) = if status.is_wt_new() || status.is_index_new() {
                (
                    "uncommitted-new",
                    VerifyMsg::UncommittedNew,
                    VerifyMsg::UncommittedNewHint,
                )
            } else if status.is_wt_deleted() || status.is_index_deleted() {
                (
                    "uncommitted-deleted",
                    VerifyMsg::UncommittedDeleted,
                    VerifyMsg::UncommittedHint,
                )
            } else {
                (
                    "uncommitted-change",
                    VerifyMsg::UncommittedChange,
                    VerifyMsg::UncommittedHint,
                )
            };
            let args: [(&str, &dyn std::fmt::Display); 2] = [("file", &path), ("plan", &plan)];
            let mut finding =
                Place::default().finding(Severity::Warning, code, message.fill(lang, &args));
            finding.hint = Some(hint.fill(lang, &args));
            found.push((path.to_string(), finding));
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        self.report
            .findings
            .extend(found.into_iter().map(|(_, finding)| finding));
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
