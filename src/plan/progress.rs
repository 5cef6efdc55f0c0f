//! What is derived from a plan and a date, never stored: progress, phase
//! status, overdue, what comes next, and the balance of the four communities.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::plan::dates::Span;
use crate::plan::model::{Community, PeriodText, Phase, Plan, Status};

/// How far a set of subtasks has come. Cancelled subtasks are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Progress {
    /// Subtasks done.
    pub done: usize,
    /// Subtasks that count (all but cancelled).
    pub total: usize,
}

impl Progress {
    /// Counts the subtasks given.
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Progress {
        let mut progress = Progress::default();
        for status in statuses {
            match status {
                Status::Cancelled => {}
                Status::Done => {
                    progress.done += 1;
                    progress.total += 1;
                }
                _ => progress.total += 1,
            }
        }
        progress
    }

    /// Whole per cent done (100 when there is nothing to do).
    pub fn percent(&self) -> u32 {
        (self.done * 100)
            .checked_div(self.total)
            .map_or(100, |p| p as u32)
    }
}

/// Where a phase stands, derived from its subtasks and the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseState {
    /// Every counted subtask is done (or none counts and the phase is over).
    Done,
    /// Some subtask is blocked.
    Blocked,
    /// Some subtask is under way or done, or the phase's period has begun.
    InProgress,
    /// Nothing has started and the period has not begun.
    Planned,
}

/// Derives a phase's state on `today`.
pub fn phase_state(phase: &Phase, today: NaiveDate) -> PhaseState {
    let progress = Progress::of(phase.subtasks.iter().map(|s| s.status));
    let span = phase.period.span();
    if progress.total > 0 && progress.done == progress.total {
        return PhaseState::Done;
    }
    if progress.total == 0 && span.is_some_and(|span| span.last < today) {
        return PhaseState::Done;
    }
    if phase.subtasks.iter().any(|s| s.status == Status::Blocked) {
        return PhaseState::Blocked;
    }
    let started = phase
        .subtasks
        .iter()
        .any(|s| matches!(s.status, Status::InProgress | Status::Done))
        || span.is_some_and(|span| span.first <= today);
    if started {
        PhaseState::InProgress
    } else {
        PhaseState::Planned
    }
}

/// Whether a phase is late on `today`: its period is over and it is not
/// done (some subtask that counts is not done).
pub fn is_phase_late(phase: &Phase, today: NaiveDate) -> bool {
    phase.period.span().is_some_and(|span| span.last < today)
        && phase_state(phase, today) != PhaseState::Done
}

/// Whether an item with this status and due period is overdue on `today`:
/// not done or cancelled, and today is after the last day of its period.
pub fn is_overdue(status: Status, due: Option<&PeriodText>, today: NaiveDate) -> bool {
    !status.is_closed()
        && due
            .and_then(PeriodText::span)
            .is_some_and(|span| today > span.last)
}

/// The kinds of items that fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// A subtask of a phase.
    Subtask,
    /// A reporting obligation.
    Reporting,
    /// A milestone (never overdue: it has no status).
    Milestone,
}

/// Something that falls due: a subtask, a reporting obligation or a milestone.
#[derive(Debug, Clone, Serialize)]
pub struct DueItem<'a> {
    /// What kind of item.
    pub kind: DueKind,
    /// Its id.
    pub id: &'a str,
    /// Its title (for reporting: what is reported).
    pub title: &'a str,
    /// Its status (milestones: planned until their day has passed).
    pub status: Status,
    /// The due period as written.
    #[serde(skip)]
    pub due: &'a PeriodText,
    /// The days of the due period.
    #[serde(skip)]
    pub span: Span,
    /// Whether it is overdue today.
    pub overdue: bool,
}

/// Every item with a due period that parses, in plan order.
pub fn due_items(plan: &Plan, today: NaiveDate) -> Vec<DueItem<'_>> {
    let mut items = Vec::new();
    for (_, subtask) in plan.subtasks() {
        if let Some(due) = &subtask.due
            && let Some(span) = due.span()
        {
            items.push(DueItem {
                kind: DueKind::Subtask,
                id: &subtask.id,
                title: &subtask.title,
                status: subtask.status,
                due,
                span,
                overdue: is_overdue(subtask.status, Some(due), today),
            });
        }
    }
    for reporting in &plan.reporting {
        if let Some(span) = reporting.due.span() {
            items.push(DueItem {
                kind: DueKind::Reporting,
                id: &reporting.id,
                title: &reporting.what,
                status: reporting.status,
                due: &reporting.due,
                span,
                overdue: is_overdue(reporting.status, Some(&reporting.due), today),
            });
        }
    }
    for milestone in &plan.milestones {
        if let Some(span) = milestone.date.span() {
            let status = if span.last < today {
                Status::Done
            } else {
                Status::Planned
            };
            items.push(DueItem {
                kind: DueKind::Milestone,
                id: &milestone.id,
                title: &milestone.title,
                status,
                due: &milestone.date,
                span,
                overdue: false,
            });
        }
    }
    items
}

/// Open items whose deadline, the last day of their due period, falls
/// within today and the `days` days after it: "1. kvartal 2027" runs to
/// 31 March, so on 5 December 2026 it is not due within 30 days.
pub fn due_soon<'a>(items: &'a [DueItem<'a>], today: NaiveDate, days: u64) -> Vec<&'a DueItem<'a>> {
    let horizon = today
        .checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX);
    let mut soon: Vec<&DueItem> = items
        .iter()
        .filter(|item| {
            !item.status.is_closed() && item.span.last >= today && item.span.last <= horizon
        })
        .collect();
    soon.sort_by_key(|item| (item.span.last, item.span.first));
    soon
}

/// The next open item to fall due on or after `today`: the one whose
/// deadline (the last day of its due period) comes first, as
/// [`due_soon`] counts it.
pub fn next_due<'a>(items: &'a [DueItem<'a>], today: NaiveDate) -> Option<&'a DueItem<'a>> {
    items
        .iter()
        .filter(|item| !item.status.is_closed() && item.span.last >= today)
        .min_by_key(|item| (item.span.last, item.span.first))
}

/// The current phase on `today`: the first unfinished phase whose period
/// contains today, else the first unfinished phase, else none (all done).
pub fn current_phase(plan: &Plan, today: NaiveDate) -> Option<&Phase> {
    let unfinished = || {
        plan.phases
            .iter()
            .filter(|p| phase_state(p, today) != PhaseState::Done)
    };
    unfinished()
        .find(|phase| phase.period.span().is_some_and(|span| span.contains(today)))
        .or_else(|| unfinished().next())
}

/// How many subtasks work on one community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CommunityBalance {
    /// The community.
    pub community: Community,
    /// Subtasks not yet done (planned, in progress, blocked).
    pub open: usize,
    /// Subtasks done.
    pub done: usize,
}

/// The balance across the four communities (cancelled subtasks left out).
pub fn community_balance(plan: &Plan) -> Vec<CommunityBalance> {
    Community::ALL
        .iter()
        .map(|&community| {
            let mut balance = CommunityBalance {
                community,
                open: 0,
                done: 0,
            };
            for (_, subtask) in plan.subtasks() {
                if subtask.communities.contains(&community) {
                    match subtask.status {
                        Status::Done => balance.done += 1,
                        Status::Cancelled => {}
                        _ => balance.open += 1,
                    }
                }
            }
            balance
        })
        .collect()
}
