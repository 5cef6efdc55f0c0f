//! Dates that make sense: the day a decision is said to be made (`--on`, the
//! browser's "Besluttet den") is checked against the plan's history before
//! it is recorded.
//!
//! - After the day it is recorded: refused (see [`crate::history::door`]).
//! - Before the plan was created: refused. The plan was created on the day
//!   the first commit holding its file was decided (its `Decided-on`), or,
//!   when that commit is not a decision, the day it was recorded.
//! - Before the decision it follows (the newest decision on the plan): a
//!   late entry, recorded with a warning, as `verify` warns of a decision
//!   recorded earlier than its parent.
//!
//! Only a day given explicitly is checked, and the plan's creation is
//! looked up only for a late entry, so that an ordinary decision reads no
//! more history than the newest decision on the plan.

use chrono::NaiveDate;
use git2::{Oid, Sort};

use crate::error::CommandError;
use crate::history::decision::git_time;
use crate::history::repo::{PlansRepo, git_error};
use crate::history::settlement::read_decision_or_settlement;
use crate::history::trail::plan_decisions_by_date;
use crate::i18n::{DecideMsg, Lang, Message};
use crate::plan::dates::day_display;

/// Where a day stands in a plan's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayInHistory {
    /// On or after the decision it follows (or the plan has none).
    InOrder,
    /// Before the decision it follows: a late entry, with its warning.
    Late(String),
    /// Before the plan was created, on this day.
    BeforePlan(NaiveDate),
}

/// Checks `day`, the day a decision on `plan` is said to be made, against
/// the history at `head`: a late entry gets its warning; a day before the
/// plan was created is named with the day it was created.
pub fn day_in_history(
    repo: &PlansRepo,
    head: Oid,
    plan: &str,
    day: NaiveDate,
    lang: Lang,
) -> Result<DayInHistory, CommandError> {
    let previous = plan_decisions_by_date(repo, head, plan)
        .map_err(|e| git_error(&e, lang))?
        .next();
    if previous
        .as_ref()
        .is_some_and(|previous| day >= previous.decided_on)
    {
        return Ok(DayInHistory::InOrder);
    }
    if let Some(created) = creation_day(repo, head, plan).map_err(|e| git_error(&e, lang))?
        && day < created
    {
        return Ok(DayInHistory::BeforePlan(created));
    }
    Ok(match previous {
        Some(previous) => DayInHistory::Late(DecideMsg::LateEntry.fill(
            lang,
            &[
                ("on", &day_display(day, lang)),
                ("previous", &previous.summary),
                ("previous_on", &day_display(previous.decided_on, lang)),
            ],
        )),
        None => DayInHistory::InOrder,
    })
}

/// The warning a decision recorded as `commit` carries as a late entry:
/// its day against the history it was recorded on (its first parent).
/// None when it is no decision, or not a late one.
pub fn late_entry_of(repo: &PlansRepo, commit: Oid, lang: Lang) -> Option<String> {
    let found = repo.git.find_commit(commit).ok()?;
    let decision = crate::history::read_decision(&found)?;
    let parent = found.parent_id(0).ok()?;
    match day_in_history(repo, parent, &decision.plan, decision.decided_on, lang).ok()? {
        DayInHistory::Late(warning) => Some(warning),
        DayInHistory::InOrder | DayInHistory::BeforePlan(_) => None,
    }
}

/// The day the plan was created: the `Decided-on` of the first commit
/// (oldest first) whose tree holds the plan's file, or the day that commit
/// was recorded when it is not a decision on the plan. None when no commit
/// holds it (the decision creates it).
pub fn creation_day(
    repo: &PlansRepo,
    head: Oid,
    plan: &str,
) -> Result<Option<NaiveDate>, git2::Error> {
    let path = std::path::PathBuf::from(PlansRepo::plan_path(plan));
    let mut walk = repo.git.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(head)?;
    for oid in walk {
        let commit = repo.git.find_commit(oid?)?;
        if repo.blob_id_at(&commit, &path).is_none() {
            continue;
        }
        let day = match read_decision_or_settlement(&commit) {
            Some(decision) if decision.plan == plan => decision.decided_on,
            _ => git_time(commit.author().when()).date_naive(),
        };
        return Ok(Some(day));
    }
    Ok(None)
}
