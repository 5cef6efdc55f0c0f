//! The `status` views: one row per plan, or one plan in detail; as tables for
//! people and as JSON for scripts.

use chrono::NaiveDate;
use serde::Serialize;

use crate::history::recorded::Unrecorded;
use crate::i18n::{DraftMsg, Message, StatusMsg};
use crate::plan::dates::{Span, day_display};
use crate::plan::model::{Community, Plan, Status};
use crate::plan::progress::{
    self, CommunityBalance, DueItem, DueKind, PhaseState, Progress, current_phase, due_items,
    due_soon, is_phase_late, next_due, phase_state,
};
use crate::render::{Style, community_name, count_bar, progress_bar};

/// How many days ahead "due soon" looks.
pub const DUE_SOON_DAYS: u64 = 30;

/// One row of the overview.
#[derive(Debug, Serialize)]
pub struct PlanRow {
    /// The plan's id.
    pub id: String,
    /// The plan file, relative to the repository.
    pub file: String,
    /// Whether the plan is valid; an invalid plan has only `id`, `file` and `errors`.
    pub valid: bool,
    /// Number of errors when invalid.
    pub errors: usize,
    /// The title.
    pub title: Option<String>,
    /// The current phase.
    pub current_phase: Option<PhaseRef>,
    /// Subtasks done of those that count.
    pub progress: Option<Progress>,
    /// How many items are overdue.
    pub overdue: Option<usize>,
    /// The next item to fall due.
    pub next_due: Option<DueView>,
    /// Changes to the plan that are not recorded, and whose: present only
    /// when there are some (none of them is counted in this row).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unrecorded: Vec<Unrecorded>,
    /// Present (true) only for a plan file never recorded: nothing in the
    /// row is counted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub never_recorded: bool,
}

impl PlanRow {
    /// The row with the plan's unrecorded changes named; a plan never
    /// recorded keeps its title, and nothing of it is counted.
    pub fn marked(self, unrecorded: Vec<Unrecorded>, never_recorded: bool) -> PlanRow {
        let row = PlanRow {
            unrecorded,
            never_recorded,
            ..self
        };
        if !never_recorded {
            return row;
        }
        PlanRow {
            current_phase: None,
            progress: None,
            overdue: None,
            next_due: None,
            ..row
        }
    }
}

/// A phase named in a view.
#[derive(Debug, Serialize)]
pub struct PhaseRef {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// A period in a view: as written, in words, and its days.
#[derive(Debug, Serialize)]
pub struct PeriodView {
    /// As written in the file.
    pub text: String,
    /// In the plan's language.
    pub shown: String,
    /// The first day.
    pub first_day: NaiveDate,
    /// The last day.
    pub last_day: NaiveDate,
}

/// An item that falls due, in a view.
#[derive(Debug, Serialize)]
pub struct DueView {
    /// Subtask, reporting or milestone.
    pub kind: DueKind,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: Status,
    /// When it is due.
    pub due: PeriodView,
    /// Whether it is overdue.
    pub overdue: bool,
}

fn period_view(text: &str, shown: String, span: Span) -> PeriodView {
    PeriodView {
        text: text.to_string(),
        shown,
        first_day: span.first,
        last_day: span.last,
    }
}

fn due_view(item: &DueItem<'_>, style: &Style) -> DueView {
    DueView {
        kind: item.kind,
        id: item.id.to_string(),
        title: item.title.to_string(),
        status: item.status,
        due: period_view(&item.due.0, item.due.display(style.lang), item.span),
        overdue: item.overdue,
    }
}

/// The overview row of a valid plan.
pub fn plan_row(plan: &Plan, file: String, today: NaiveDate, style: &Style) -> PlanRow {
    let items = due_items(plan, today);
    PlanRow {
        id: plan.id.clone(),
        file,
        valid: true,
        errors: 0,
        title: Some(plan.title.clone()),
        current_phase: current_phase(plan, today).map(|phase| PhaseRef {
            id: phase.id.clone(),
            title: phase.title.clone(),
        }),
        progress: Some(Progress::of(plan.subtasks().map(|(_, s)| s.status))),
        overdue: Some(items.iter().filter(|item| item.overdue).count()),
        next_due: next_due(&items, today).map(|item| due_view(item, style)),
        unrecorded: Vec::new(),
        never_recorded: false,
    }
}

/// The overview row of an invalid plan.
pub fn invalid_row(id: String, file: String, errors: usize) -> PlanRow {
    PlanRow {
        id,
        file,
        valid: false,
        errors,
        title: None,
        current_phase: None,
        progress: None,
        overdue: None,
        next_due: None,
        unrecorded: Vec::new(),
        never_recorded: false,
    }
}

/// The overview as a table.
pub fn overview_table(rows: &[PlanRow], today: NaiveDate, style: &Style) -> String {
    let lang = style.lang;
    let mut out = style
        .heading(&StatusMsg::OverviewHeading.fill(lang, &[("date", &day_display(today, lang))]));
    out.push('\n');
    if rows.is_empty() {
        out.push_str(&StatusMsg::NoPlans.get(lang));
        out.push('\n');
        return out;
    }
    let mut table = style.table(&[
        StatusMsg::ColPlan,
        StatusMsg::ColCurrentPhase,
        StatusMsg::ColProgress,
        StatusMsg::ColOverdue,
        StatusMsg::ColNextDue,
    ]);
    let nothing = StatusMsg::Nothing.get(lang);
    for row in rows {
        if !row.valid {
            table.add_row(vec![
                style.colored(row.id.clone(), comfy_table::Color::Red),
                style.colored(StatusMsg::InvalidRow.get(lang), comfy_table::Color::Red),
            ]);
            continue;
        }
        if row.never_recorded {
            table.add_row(vec![
                style.bold(format!(
                    "{}\n{}",
                    row.title.clone().unwrap_or_default(),
                    row.id
                )),
                comfy_table::Cell::new(DraftMsg::NeverRecordedRow.get(lang)),
            ]);
            continue;
        }
        let overdue = row.overdue.unwrap_or(0);
        table.add_row(vec![
            style.bold(format!(
                "{}\n{}",
                row.title.clone().unwrap_or_default(),
                row.id
            )),
            comfy_table::Cell::new(
                row.current_phase
                    .as_ref()
                    .map_or_else(|| StatusMsg::AllPhasesDone.get(lang), |p| p.title.clone()),
            ),
            comfy_table::Cell::new(
                row.progress
                    .map_or_else(String::new, |p| progress_bar(p, 5)),
            ),
            if overdue > 0 {
                style.colored(format!("{overdue} ⚠"), comfy_table::Color::Red)
            } else {
                comfy_table::Cell::new("0")
            },
            comfy_table::Cell::new(row.next_due.as_ref().map_or_else(
                || nothing.clone(),
                |due| format!("{}\n{}", due.due.shown, due.title),
            )),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out
}

/// One plan in detail, for scripts.
#[derive(Debug, Serialize)]
pub struct PlanDetail {
    /// The plan's id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The date the status is computed for.
    pub at: NaiveDate,
    /// The current phase.
    pub current_phase: Option<String>,
    /// Subtasks done of those that count, across the plan.
    pub progress: Progress,
    /// The phases with their subtasks.
    pub phases: Vec<PhaseDetail>,
    /// Open items due within the next 30 days.
    pub due_soon: Vec<DueView>,
    /// Items overdue.
    pub overdue: Vec<DueView>,
    /// The reporting obligations.
    pub reporting: Vec<ReportingDetail>,
    /// Subtasks per community.
    pub communities: Vec<CommunityBalance>,
    /// Changes to the plan that are not recorded, and whose: present only
    /// when there are some (none of them is in this detail).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unrecorded: Vec<Unrecorded>,
    /// Present (true) only for a plan file never recorded.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub never_recorded: bool,
}

/// A phase in detail.
#[derive(Debug, Serialize)]
pub struct PhaseDetail {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// When it runs.
    pub period: Option<PeriodView>,
    /// Derived from its subtasks and the date.
    pub state: PhaseState,
    /// Its period is over and it is not done.
    pub late: bool,
    /// Subtasks done of those that count.
    pub progress: Progress,
    /// Its subtasks.
    pub subtasks: Vec<SubtaskDetail>,
}

/// A subtask in detail.
#[derive(Debug, Serialize)]
pub struct SubtaskDetail {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who holds the threads.
    pub owner: Option<String>,
    /// When it is due.
    pub due: Option<PeriodView>,
    /// Its status.
    pub status: Status,
    /// Whether it is overdue.
    pub overdue: bool,
    /// The communities it strengthens.
    pub communities: Vec<Community>,
}

/// A reporting obligation in detail.
#[derive(Debug, Serialize)]
pub struct ReportingDetail {
    /// Its id.
    pub id: String,
    /// What is reported.
    pub what: String,
    /// To whom.
    pub to: String,
    /// Who reports.
    pub by: Option<String>,
    /// When.
    pub due: Option<PeriodView>,
    /// Its status.
    pub status: Status,
    /// Whether it is overdue.
    pub overdue: bool,
}

/// Derives the detail view of a plan on `today`.
pub fn plan_detail(plan: &Plan, today: NaiveDate, style: &Style) -> PlanDetail {
    let lang = style.lang;
    let items = due_items(plan, today);
    let phases = plan
        .phases
        .iter()
        .map(|phase| PhaseDetail {
            id: phase.id.clone(),
            title: phase.title.clone(),
            period: phase.period.span().map(|span| {
                period_view(
                    &period_text(&phase.period),
                    phase.period.display(lang),
                    span,
                )
            }),
            state: phase_state(phase, today),
            late: is_phase_late(phase, today),
            progress: Progress::of(phase.subtasks.iter().map(|s| s.status)),
            subtasks: phase
                .subtasks
                .iter()
                .map(|subtask| SubtaskDetail {
                    id: subtask.id.clone(),
                    title: subtask.title.clone(),
                    owner: subtask.owner.clone(),
                    due: subtask.due.as_ref().and_then(|due| {
                        due.span()
                            .map(|span| period_view(&due.0, due.display(lang), span))
                    }),
                    status: subtask.status,
                    overdue: progress::is_overdue(subtask.status, subtask.due.as_ref(), today),
                    communities: subtask.communities.clone(),
                })
                .collect(),
        })
        .collect();
    PlanDetail {
        id: plan.id.clone(),
        title: plan.title.clone(),
        at: today,
        current_phase: current_phase(plan, today).map(|phase| phase.id.clone()),
        progress: Progress::of(plan.subtasks().map(|(_, s)| s.status)),
        phases,
        due_soon: due_soon(&items, today, DUE_SOON_DAYS)
            .into_iter()
            .map(|item| due_view(item, style))
            .collect(),
        overdue: items
            .iter()
            .filter(|item| item.overdue)
            .map(|item| due_view(item, style))
            .collect(),
        reporting: plan
            .reporting
            .iter()
            .map(|reporting| ReportingDetail {
                id: reporting.id.clone(),
                what: reporting.what.clone(),
                to: reporting.to.clone(),
                by: reporting.by.clone(),
                due: reporting
                    .due
                    .span()
                    .map(|span| period_view(&reporting.due.0, reporting.due.display(lang), span)),
                status: reporting.status,
                overdue: progress::is_overdue(reporting.status, Some(&reporting.due), today),
            })
            .collect(),
        communities: progress::community_balance(plan),
        unrecorded: Vec::new(),
        never_recorded: false,
    }
}

fn period_text(period: &crate::plan::model::PhasePeriod) -> String {
    match period {
        crate::plan::model::PhasePeriod::Single(text) => text.0.clone(),
        crate::plan::model::PhasePeriod::Span(span) => format!("{}/{}", span.start.0, span.end.0),
    }
}

/// One plan in detail, as tables.
pub fn detail_tables(plan: &Plan, detail: &PlanDetail, style: &Style) -> String {
    let lang = style.lang;
    let nothing = StatusMsg::Nothing.get(lang);
    let mut out = String::new();
    out.push_str(&style.heading(&plan.title));
    out.push('\n');
    let mut subheading: Vec<String> = [plan.unit.clone(), plan.owner.clone()]
        .into_iter()
        .flatten()
        .collect();
    subheading
        .push(StatusMsg::DetailSubheading.fill(lang, &[("date", &day_display(detail.at, lang))]));
    out.push_str(&subheading.join(" · "));
    out.push_str("\n\n");
    out.push_str(&crate::render::wrap(
        &format!("{}: {}", StatusMsg::MainTask.get(lang), plan.main_task),
        usize::from(style.width),
    ));
    out.push_str("\n\n");

    out.push_str(&style.heading(&StatusMsg::Phases.get(lang)));
    out.push('\n');
    let mut phases = style.table(&[
        StatusMsg::ColPhase,
        StatusMsg::ColPeriod,
        StatusMsg::ColProgress,
        StatusMsg::ColStatus,
    ]);
    for phase in &detail.phases {
        phases.add_row(vec![
            style.bold(phase.title.clone()),
            comfy_table::Cell::new(
                phase
                    .period
                    .as_ref()
                    .map_or_else(|| nothing.clone(), |p| p.shown.clone()),
            ),
            comfy_table::Cell::new(progress_bar(phase.progress, 8)),
            style.phase_state_cell(phase.state, phase.late),
        ]);
    }
    out.push_str(&phases.to_string());
    out.push_str("\n\n");

    for phase in &detail.phases {
        out.push_str(&style.heading(&format!(
            "{}: {}",
            StatusMsg::Subtasks.get(lang),
            phase.title
        )));
        out.push('\n');
        if phase.subtasks.is_empty() {
            out.push_str(&StatusMsg::NoSubtasks.get(lang));
            out.push_str("\n\n");
            continue;
        }
        let mut subtasks = style.table(&[
            StatusMsg::ColSubtask,
            StatusMsg::ColOwner,
            StatusMsg::ColDue,
            StatusMsg::ColStatus,
        ]);
        let longest_id = phase
            .subtasks
            .iter()
            .map(|s| s.id.chars().count())
            .max()
            .unwrap_or(0);
        if let Some(column) = subtasks.column_mut(0) {
            let width = (longest_id + 4).min(usize::from(style.width) / 2) as u16;
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(width),
            ));
        }
        for subtask in &phase.subtasks {
            subtasks.add_row(vec![
                comfy_table::Cell::new(format!("{}\n({})", subtask.title, subtask.id)),
                comfy_table::Cell::new(subtask.owner.clone().unwrap_or_else(|| nothing.clone())),
                comfy_table::Cell::new(
                    subtask
                        .due
                        .as_ref()
                        .map_or_else(|| nothing.clone(), |d| d.shown.clone()),
                ),
                style.status_cell(subtask.status, subtask.overdue),
            ]);
        }
        out.push_str(&subtasks.to_string());
        out.push_str("\n\n");
    }

    out.push_str(&due_section(
        &detail.overdue,
        StatusMsg::Overdue.get(lang),
        StatusMsg::NothingOverdue.get(lang),
        style,
    ));
    let days = DUE_SOON_DAYS;
    out.push_str(&due_section(
        &detail.due_soon,
        StatusMsg::DueSoon.fill(lang, &[("days", &days)]),
        StatusMsg::NothingDueSoon.fill(lang, &[("days", &days)]),
        style,
    ));

    out.push_str(&style.heading(&StatusMsg::Reporting.get(lang)));
    out.push('\n');
    if detail.reporting.is_empty() {
        out.push_str(&StatusMsg::NoReporting.get(lang));
        out.push_str("\n\n");
    } else {
        let mut reporting = style.table(&[
            StatusMsg::ColWhat,
            StatusMsg::ColTo,
            StatusMsg::ColDue,
            StatusMsg::ColStatus,
        ]);
        for item in &detail.reporting {
            let to = match &item.by {
                Some(by) => format!("{}\n({}: {by})", item.to, StatusMsg::ColBy.get(lang)),
                None => item.to.clone(),
            };
            reporting.add_row(vec![
                comfy_table::Cell::new(item.what.clone()),
                comfy_table::Cell::new(to),
                comfy_table::Cell::new(
                    item.due
                        .as_ref()
                        .map_or_else(|| nothing.clone(), |d| d.shown.clone()),
                ),
                style.status_cell(item.status, item.overdue),
            ]);
        }
        out.push_str(&reporting.to_string());
        out.push_str("\n\n");
    }

    out.push_str(&style.heading(&StatusMsg::Balance.get(lang)));
    out.push('\n');
    if detail.communities.iter().all(|c| c.open + c.done == 0) {
        out.push_str(&StatusMsg::BalanceNone.get(lang));
        out.push('\n');
    } else {
        let mut balance = style.table(&[
            StatusMsg::ColCommunity,
            StatusMsg::ColOpen,
            StatusMsg::ColDone,
        ]);
        for community in &detail.communities {
            balance.add_row(vec![
                comfy_table::Cell::new(community_name(community.community, lang)),
                comfy_table::Cell::new(format!(
                    "{:>2} {}",
                    community.open,
                    count_bar(community.open, 20)
                )),
                comfy_table::Cell::new(format!(
                    "{:>2} {}",
                    community.done,
                    count_bar(community.done, 20)
                )),
            ]);
        }
        out.push_str(&balance.to_string());
        out.push('\n');
    }
    out
}

fn due_section(items: &[DueView], heading: String, none: String, style: &Style) -> String {
    let lang = style.lang;
    let mut out = style.heading(&heading);
    out.push('\n');
    if items.is_empty() {
        out.push_str(&none);
        out.push_str("\n\n");
        return out;
    }
    let mut table = style.table(&[
        StatusMsg::ColDue,
        StatusMsg::ColWhat,
        StatusMsg::ColKind,
        StatusMsg::ColStatus,
    ]);
    for item in items {
        let kind = match item.kind {
            DueKind::Subtask => StatusMsg::KindSubtask,
            DueKind::Reporting => StatusMsg::KindReporting,
            DueKind::Milestone => StatusMsg::KindMilestone,
        };
        table.add_row(vec![
            comfy_table::Cell::new(item.due.shown.clone()),
            comfy_table::Cell::new(item.title.clone()),
            comfy_table::Cell::new(kind.get(lang)),
            style.status_cell(item.status, item.overdue),
        ]);
    }
    out.push_str(&table.to_string());
    out.push_str("\n\n");
    out
}
