//! Which decisions a report covers, read from the audit trail: those chosen
//! by `--since`, decided on or before the report date, in the order they
//! were decided; the plan's creation apart from them; and the plan as it
//! stood on the report date. The words for them are the view's
//! ([`crate::render::covered`]).

use chrono::NaiveDate;
use git2::{Oid, Sort};

use crate::error::CommandError;
use crate::history::repo::git_error;
use crate::history::settlement::read_decision_or_settlement;
use crate::history::trail::{DecisionChanges, changes_of, decisions, plan_at};
use crate::history::{Decision, PlansRepo};
use crate::i18n::{Lang, Message, ReportMsg};
use crate::plan::model::Plan;

/// Which decisions the report lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// Every decision on the plan.
    All,
    /// Those decided on or after a day.
    Day(NaiveDate),
    /// Those recorded after a commit.
    Commit(String),
    /// Those since the last recorded report on the plan.
    LastReport,
}

impl Since {
    /// Reads --since: a malformed date or an empty value is a usage error.
    pub fn parse(text: Option<&str>, lang: Lang) -> Result<Since, CommandError> {
        let Some(text) = text else {
            return Ok(Since::All);
        };
        let text = text.trim();
        let malformed = || {
            CommandError::usage(ReportMsg::SinceMalformed.fill(lang, &[("text", &text)]))
                .hinted(ReportMsg::SinceHint.get(lang))
        };
        if text.is_empty() {
            return Err(malformed());
        }
        if text.eq_ignore_ascii_case("last") {
            return Ok(Since::LastReport);
        }
        let date_like = text.len() <= 10
            && text.chars().next().is_some_and(|c| c.is_ascii_digit())
            && text.contains('-')
            && text.chars().all(|c| c.is_ascii_digit() || c == '-');
        // Any way of writing a day the tool accepts (12.9.2024, "12.
        // september 2024"); something date-like that is none is a mistake.
        if let Ok(day) = crate::plan::input::day(text) {
            return Ok(Since::Day(day));
        }
        if date_like {
            return Err(malformed());
        }
        Ok(Since::Commit(text.to_string()))
    }
}

/// The decisions a report covers, with what each changed.
#[derive(Debug, Default)]
pub struct CoveredDecisions {
    /// The decisions listed, in the order they were decided (the plan's
    /// creation is not one of them).
    pub decisions: Vec<(Decision, DecisionChanges)>,
    /// The decision that created the plan, when it lies in the period.
    pub creation: Option<(Decision, DecisionChanges)>,
    /// With `--since COMMIT`: that commit.
    pub after_commit: Option<Oid>,
    /// With `--since last`: the last recorded report before the report date.
    pub last_report: Option<Decision>,
}

/// The decisions on plan `id` that `since` selects and that were decided
/// on or before `day`.
pub fn covered_decisions(
    repo: &PlansRepo,
    id: &str,
    since: &Since,
    day: NaiveDate,
    lang: Lang,
) -> Result<CoveredDecisions, CommandError> {
    let Ok(head) = repo.head_commit(lang) else {
        if let Since::Commit(spec) = since {
            return Err(unknown_commit(spec, lang));
        }
        return Ok(CoveredDecisions::default());
    };
    let git_err = |e: git2::Error| git_error(&e, lang);
    let mut hide: Option<Oid> = None;
    let mut from_day: Option<NaiveDate> = None;
    let mut last_report = None;
    match since {
        Since::All => {}
        Since::Day(day) => from_day = Some(*day),
        Since::Commit(spec) => {
            let oid = repo
                .git
                .revparse_single(spec)
                .and_then(|object| object.peel_to_commit())
                .map(|commit| commit.id())
                .map_err(|_| unknown_commit(spec, lang))?;
            hide = Some(oid);
        }
        Since::LastReport => {
            last_report = decisions(repo, head)
                .map_err(git_err)?
                .find(|d| d.plan == id && d.reported_to.is_some() && d.decided_on <= day);
            hide = last_report.as_ref().map(|d| d.commit);
        }
    }

    let mut walk = repo.git.revwalk().map_err(git_err)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(git_err)?;
    walk.push(head).map_err(git_err)?;
    if let Some(oid) = hide {
        walk.hide(oid).map_err(git_err)?;
    }
    let mut found: Vec<Decision> = walk
        .filter_map(Result::ok)
        .filter_map(|oid| repo.git.find_commit(oid).ok())
        .filter_map(|commit| read_decision_or_settlement(&commit))
        .filter(|d| d.plan == id)
        .filter(|d| from_day.is_none_or(|from| d.decided_on >= from))
        .filter(|d| d.decided_on <= day)
        .collect();
    // Oldest first in history, then in the order they were decided (a
    // decision may be recorded after a later one).
    found.reverse();
    found.sort_by_key(|d| d.decided_on);

    let mut covered = CoveredDecisions {
        after_commit: hide.filter(|_| matches!(since, Since::Commit(_))),
        last_report,
        ..CoveredDecisions::default()
    };
    for decision in found {
        let changes = changes_of(repo, &decision);
        if changes.before.is_none() && changes.after.is_some() && covered.creation.is_none() {
            covered.creation = Some((decision, changes));
        } else {
            covered.decisions.push((decision, changes));
        }
    }
    Ok(covered)
}

/// The plan as it stood on `day`, when decisions on it were made after that
/// day: as recorded by the last commit before the first decision decided
/// after `day` (in history order), so that nothing decided later shows.
/// `None` when nothing on the plan was decided after `day` (the plan as it
/// is then stands), or when the plan did not exist yet.
pub fn plan_on(repo: &PlansRepo, id: &str, day: NaiveDate, lang: Lang) -> Option<Plan> {
    let head = repo.head_commit(lang).ok()?;
    let mut on_plan: Vec<Decision> = decisions(repo, head)
        .ok()?
        .filter(|d| d.plan == id)
        .collect();
    on_plan.reverse();
    let first_later = on_plan.iter().position(|d| d.decided_on > day)?;
    let standing = first_later.checked_sub(1).map(|i| on_plan[i].commit)?;
    plan_at(repo, standing, id)
}

fn unknown_commit(spec: &str, lang: Lang) -> CommandError {
    CommandError::data(ReportMsg::SinceUnknownCommit.fill(lang, &[("commit", &spec)]))
        .hinted(ReportMsg::SinceHint.get(lang))
}
