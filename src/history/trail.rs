//! Reading the audit trail: decisions from newest to oldest, the plan as it
//! stood at any commit, and what each decision changed.

use git2::{Oid, Sort};

use crate::history::decision::{Decision, read_decision};
use crate::history::repo::PlansRepo;
use crate::plan::Plan;
use crate::plan::diff::{Change, diff};

/// Every commit reachable from `head`, newest first, read lazily.
pub fn commits(repo: &PlansRepo, head: Oid) -> Result<impl Iterator<Item = Oid> + '_, git2::Error> {
    let mut walk = repo.git.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    walk.push(head)?;
    Ok(walk.filter_map(Result::ok))
}

/// Every decision reachable from `head`, newest first, read lazily
/// (only commit messages are read).
pub fn decisions(
    repo: &PlansRepo,
    head: Oid,
) -> Result<impl Iterator<Item = Decision> + '_, git2::Error> {
    Ok(commits(repo, head)?.filter_map(|oid| {
        repo.git
            .find_commit(oid)
            .ok()
            .as_ref()
            .and_then(read_decision)
    }))
}

/// The plan `id` as it stood at `commit`, when it existed and could be read.
pub fn plan_at(repo: &PlansRepo, commit: Oid, id: &str) -> Option<Plan> {
    let bytes = repo.file_at(commit, &PlansRepo::plan_path(id)).ok()??;
    plan_from_bytes(&bytes)
}

/// A plan from the bytes of its file (byte-order mark allowed), when it is one.
pub fn plan_from_bytes(bytes: &[u8]) -> Option<Plan> {
    let text = crate::plan::source::text_from_bytes(bytes.to_vec()).ok()?;
    serde_json::from_str(&text).ok()
}

/// What a decision changed in its plan, with the plan before and after.
pub struct DecisionChanges {
    /// The plan before the decision (None when it created the plan).
    pub before: Option<Plan>,
    /// The plan after it.
    pub after: Option<Plan>,
    /// The changes, item by item.
    pub changes: Vec<Change>,
}

/// Computes what `decision` changed, comparing its plan with its first parent's.
pub fn changes_of(repo: &PlansRepo, decision: &Decision) -> DecisionChanges {
    let after = plan_at(repo, decision.commit, &decision.plan);
    let before = repo
        .git
        .find_commit(decision.commit)
        .ok()
        .and_then(|commit| commit.parent_id(0).ok())
        .and_then(|parent| plan_at(repo, parent, &decision.plan));
    let changes = diff(before.as_ref(), after.as_ref());
    DecisionChanges {
        before,
        after,
        changes,
    }
}

/// A plan file read from history: its id and its bytes.
pub type PlanFile = (String, Vec<u8>);

/// Every plan file in the tree of `commit`, sorted by id.
pub fn plan_files_at(repo: &PlansRepo, commit: Oid) -> Result<Vec<PlanFile>, git2::Error> {
    let tree = repo.git.find_commit(commit)?.tree()?;
    let Ok(entry) = tree.get_path(std::path::Path::new(crate::history::repo::PLANS_DIR)) else {
        return Ok(Vec::new());
    };
    let plans = repo.git.find_tree(entry.id())?;
    let mut files = Vec::new();
    for entry in plans.iter() {
        let Some(id) = entry
            .name()
            .ok()
            .and_then(|name| name.strip_suffix(".json"))
        else {
            continue;
        };
        if entry.kind() == Some(git2::ObjectType::Blob) {
            files.push((
                id.to_string(),
                repo.git.find_blob(entry.id())?.content().to_vec(),
            ));
        }
    }
    files.sort();
    Ok(files)
}

/// Where to read plans from for `status --as-of`: a day (the plans as
/// recorded by the end of that day) or a commit.
pub enum AsOf {
    /// The plans as they stood after the decisions of this day.
    Day(chrono::NaiveDate),
    /// The plans as they stood at this commit.
    Commit(String),
}

impl AsOf {
    /// A day when the text is YYYY-MM-DD, else a commit.
    pub fn parse(text: &str) -> AsOf {
        match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => AsOf::Day(day),
            Err(_) => AsOf::Commit(text.to_string()),
        }
    }
}

/// The plan files as they stood at `as_of` (only `only`, when given), with
/// the day that counts as "today" then.
pub fn plans_as_of(
    repo: &PlansRepo,
    head: Oid,
    as_of: &AsOf,
    only: Option<&str>,
) -> Result<(Vec<PlanFile>, Option<chrono::NaiveDate>), git2::Error> {
    match as_of {
        AsOf::Commit(spec) => {
            let commit = repo.git.revparse_single(spec)?.peel_to_commit()?;
            // The day it was recorded, as for a day given to --as-of.
            let day = crate::history::decision::git_time(commit.author().when()).date_naive();
            let mut files = plan_files_at(repo, commit.id())?;
            files.retain(|(id, _)| only.is_none_or(|only| only == id));
            Ok((files, Some(day)))
        }
        AsOf::Day(day) => {
            let mut newest: std::collections::BTreeMap<String, Oid> =
                std::collections::BTreeMap::new();
            for decision in decisions(repo, head)? {
                if decision.recorded_at.date_naive() <= *day
                    && only.is_none_or(|only| only == decision.plan)
                {
                    newest
                        .entry(decision.plan.clone())
                        .or_insert(decision.commit);
                }
            }
            let mut files = Vec::new();
            for (id, commit) in newest {
                if let Some(bytes) = repo.file_at(commit, &PlansRepo::plan_path(&id))? {
                    files.push((id, bytes));
                }
            }
            Ok((files, Some(*day)))
        }
    }
}
