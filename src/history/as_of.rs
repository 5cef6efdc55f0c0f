//! The plans as they stood by a day: after every decision *decided* on or
//! before it, whenever it was recorded.
//!
//! A decision is recorded on the day it was decided or later (`--on` names an
//! earlier day). Most histories are recorded in the order decided; then the
//! plan by a day is the file at the newest decision decided by then. When a
//! decision decided by the day was recorded after one decided later, its
//! changes are applied on top of the plan as it stood before that later one,
//! as `revert` applies changes: the later decision's changes are left out.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use git2::Oid;

use crate::history::changes::changes_of;
use crate::history::decision::Decision;
use crate::history::plan_file::{PlanFile, plan_files_at};
use crate::history::repo::PlansRepo;
use crate::history::trail::decisions;
use crate::plan::diff::apply;

/// The plan files (only `only`, when given) as they stood after the
/// decisions decided on or before `day`.
pub fn plans_decided_by(
    repo: &PlansRepo,
    head: Oid,
    day: NaiveDate,
    only: Option<&str>,
) -> Result<Vec<PlanFile>, git2::Error> {
    let mut by_plan: BTreeMap<String, Vec<Decision>> = BTreeMap::new();
    for decision in decisions(repo, head)? {
        if only.is_none_or(|only| only == decision.plan) {
            by_plan
                .entry(decision.plan.clone())
                .or_default()
                .push(decision);
        }
    }
    let mut files = Vec::new();
    for (id, mut history) in by_plan {
        // Oldest first: the order they were recorded in.
        history.reverse();
        if let Some(bytes) = plan_by(repo, &id, &history, day)? {
            files.push((id, bytes));
        }
    }
    Ok(files)
}

/// The plan `id` by `day`, from its decisions in the order recorded.
fn plan_by(
    repo: &PlansRepo,
    id: &str,
    history: &[Decision],
    day: NaiveDate,
) -> Result<Option<Vec<u8>>, git2::Error> {
    let path = PlansRepo::plan_path(id);
    let in_order = history
        .iter()
        .take_while(|decision| decision.decided_on <= day)
        .count();
    let backdated: Vec<&Decision> = history[in_order..]
        .iter()
        .filter(|decision| decision.decided_on <= day)
        .collect();
    let base = match in_order {
        0 => None,
        count => repo.file_at(history[count - 1].commit, &path)?,
    };
    if backdated.is_empty() {
        return Ok(base);
    }
    let mut plan = base.and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    for decision in backdated {
        let applied = plan
            .as_ref()
            .and_then(|plan| apply(plan, &changes_of(repo, decision).changes).ok());
        plan = match applied {
            Some(applied) => Some(applied),
            // Created by it, or its changes no longer fit what was left out:
            // the plan as that decision recorded it.
            None => repo
                .file_at(decision.commit, &path)?
                .and_then(|bytes| serde_json::from_slice(&bytes).ok()),
        };
    }
    Ok(plan
        .filter(|plan| !plan.is_null())
        .and_then(|plan| serde_json::to_vec_pretty(&plan).ok()))
}
/// Where to read plans from for `status --as-of`: a day (the plans as
/// recorded by the end of that day) or a commit.
pub enum AsOf {
    /// The plans as they stood after the decisions decided by this day.
    Day(chrono::NaiveDate),
    /// The plans as they stood at this commit.
    Commit(String),
}

impl AsOf {
    /// A day when the text is a date (`2024-09-12`, `12.9.2024`,
    /// `12. september 2024`), else a commit.
    pub fn parse(text: &str) -> AsOf {
        match crate::plan::input::day(text) {
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
            // By the day decided (the Decided-on trailer), not recorded.
            let files = plans_decided_by(repo, head, *day, only)?;
            Ok((files, Some(*day)))
        }
    }
}
