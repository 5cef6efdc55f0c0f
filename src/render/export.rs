//! Exports of one plan: its timeline as a calendar (iCalendar, RFC 5545), its
//! items as a spreadsheet (CSV), and the whole plan for scripts (JSON).
//!
//! All three are drawn from one view, [`PlanExport`], which is built from the
//! derived detail that `status` shows ([`plan_detail`]): nothing is computed
//! twice, so the calendar, the spreadsheet and the status table agree.

use chrono::{Days, NaiveDate, NaiveTime};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};
use serde::Serialize;

use crate::i18n::{ExportMsg, Lang, Message, StatusMsg};
use crate::plan::dates::day_display;
use crate::plan::model::{Community, Id, Imbalance, Plan, Status};
use crate::plan::progress::{CommunityBalance, DueKind, PhaseState, Progress, due_items};
use crate::render::status::{PeriodView, plan_detail};
use crate::render::{Style, community_name, status_word};

/// The version of the JSON shape written by `export --format json`. Fields
/// may be added without changing it; it changes when a field is removed or
/// changes meaning.
pub const EXPORT_FORMAT: u32 = 1;

/// A plan as `export --format json` writes it: every field of the plan file,
/// with optional fields that are absent written as `null` (texts) or `[]`
/// (lists), every period resolved to its first and last day, and what is
/// derived on the day `at` (phase state and progress, overdue).
#[derive(Debug, Serialize)]
pub struct PlanExport {
    /// The version of this shape: [`EXPORT_FORMAT`].
    pub export_format: u32,
    /// The day status and overdue are computed for.
    pub at: NaiveDate,
    /// The plan's id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The plan's language, `"da"` when the file does not say.
    pub language: Lang,
    /// The workplace or unit.
    pub unit: Option<String>,
    /// The body that owns the plan.
    pub owner: Option<String>,
    /// The starting point.
    pub situation: Option<String>,
    /// The main task.
    pub main_task: String,
    /// How we will achieve it.
    pub intent: Option<String>,
    /// The three perspectives on the core task (each `null` when absent).
    pub core_task: CoreTaskExport,
    /// Free notes about the plan.
    pub notes: Option<String>,
    /// The id of the current phase (`null` when every phase is done).
    pub current_phase: Option<String>,
    /// Subtasks done of those that count (all but cancelled), across the plan.
    pub progress: Progress,
    /// The phases, in order, with their subtasks.
    pub phases: Vec<PhaseExport>,
    /// The milestones.
    pub milestones: Vec<MilestoneExport>,
    /// The reporting obligations.
    pub reporting: Vec<ReportingExport>,
    /// Subtasks open and done per working community.
    pub communities: Vec<CommunityBalance>,
}

/// The three perspectives on the core task.
#[derive(Debug, Serialize)]
pub struct CoreTaskExport {
    /// The formal core task.
    pub formal: Option<String>,
    /// The performed core task.
    pub performed: Option<String>,
    /// The experienced core task.
    pub experienced: Option<String>,
}

/// A phase in the export.
#[derive(Debug, Serialize)]
pub struct PhaseExport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it should achieve.
    pub goal: Option<String>,
    /// Who plans it.
    pub planned_by: Option<String>,
    /// When it runs: as written (a span as `start/end`), in words, and its
    /// first and last day.
    pub period: Option<PeriodView>,
    /// Ids of phases that must come first.
    pub depends_on: Vec<Id>,
    /// Derived from its subtasks and the date.
    pub state: PhaseState,
    /// Subtasks done of those that count.
    pub progress: Progress,
    /// Its subtasks.
    pub subtasks: Vec<SubtaskExport>,
}

/// A subtask in the export.
#[derive(Debug, Serialize)]
pub struct SubtaskExport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub status: Status,
    /// Who holds the threads.
    pub owner: Option<String>,
    /// When it is due.
    pub due: Option<PeriodView>,
    /// Whether it is overdue on `at`.
    pub overdue: bool,
    /// Free notes.
    pub notes: Option<String>,
    /// The discussion questions.
    pub questions: Vec<String>,
    /// The working communities it strengthens.
    pub communities: Vec<Community>,
    /// The imbalances (1–12) it addresses.
    pub imbalances: Vec<Imbalance>,
}

/// A milestone in the export.
#[derive(Debug, Serialize)]
pub struct MilestoneExport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its date.
    pub date: Option<PeriodView>,
    /// `done` once its day has passed, else `planned`.
    pub status: Status,
}

/// A reporting obligation in the export.
#[derive(Debug, Serialize)]
pub struct ReportingExport {
    /// Its id.
    pub id: String,
    /// What is reported.
    pub what: String,
    /// To whom.
    pub to: String,
    /// Who reports.
    pub by: Option<String>,
    /// When it is due.
    pub due: Option<PeriodView>,
    /// Where it stands.
    pub status: Status,
    /// Whether it is overdue on `at`.
    pub overdue: bool,
    /// The id of the phase whose end triggers it.
    pub after: Option<Id>,
}

/// Builds the export view of a valid plan on `today`, in `style.lang`.
pub fn plan_export(plan: &Plan, today: NaiveDate, style: &Style) -> PlanExport {
    let lang = style.lang;
    let detail = plan_detail(plan, today, style);
    let phases = plan
        .phases
        .iter()
        .zip(detail.phases)
        .map(|(phase, derived)| PhaseExport {
            id: derived.id,
            title: derived.title,
            goal: phase.goal.clone(),
            planned_by: phase.planned_by.clone(),
            period: derived.period,
            depends_on: phase.depends_on.clone(),
            state: derived.state,
            progress: derived.progress,
            subtasks: phase
                .subtasks
                .iter()
                .zip(derived.subtasks)
                .map(|(subtask, derived)| SubtaskExport {
                    id: derived.id,
                    title: derived.title,
                    status: derived.status,
                    owner: derived.owner,
                    due: derived.due,
                    overdue: derived.overdue,
                    notes: subtask.notes.clone(),
                    questions: subtask.questions.clone(),
                    communities: derived.communities,
                    imbalances: subtask.imbalances.clone(),
                })
                .collect(),
        })
        .collect();
    let due = due_items(plan, today);
    let milestones = plan
        .milestones
        .iter()
        .map(|milestone| {
            let derived = due
                .iter()
                .find(|item| item.kind == DueKind::Milestone && item.id == milestone.id);
            MilestoneExport {
                id: milestone.id.clone(),
                title: milestone.title.clone(),
                date: derived.map(|item| PeriodView {
                    text: item.due.0.clone(),
                    shown: item.due.display(lang),
                    first_day: item.span.first,
                    last_day: item.span.last,
                }),
                status: derived.map_or(Status::Planned, |item| item.status),
            }
        })
        .collect();
    let reporting = plan
        .reporting
        .iter()
        .zip(detail.reporting)
        .map(|(reporting, derived)| ReportingExport {
            id: derived.id,
            what: derived.what,
            to: derived.to,
            by: derived.by,
            due: derived.due,
            status: derived.status,
            overdue: derived.overdue,
            after: reporting.after.clone(),
        })
        .collect();
    let core_task = plan.core_task.clone().unwrap_or_default();
    PlanExport {
        export_format: EXPORT_FORMAT,
        at: detail.at,
        id: detail.id,
        title: detail.title,
        language: plan.language(),
        unit: plan.unit.clone(),
        owner: plan.owner.clone(),
        situation: plan.situation.clone(),
        main_task: plan.main_task.clone(),
        intent: plan.intent.clone(),
        core_task: CoreTaskExport {
            formal: core_task.formal,
            performed: core_task.performed,
            experienced: core_task.experienced,
        },
        notes: plan.notes.clone(),
        current_phase: detail.current_phase,
        progress: detail.progress,
        phases,
        milestones,
        reporting,
        communities: detail.communities,
    }
}

/// The export as pretty JSON, ending in a newline.
pub fn json(export: &PlanExport) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(export)?;
    text.push('\n');
    Ok(text)
}

/// What kind of item a spreadsheet row or a calendar event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A phase: its period.
    Phase,
    /// A subtask: its due period.
    Subtask,
    /// A milestone: its date.
    Milestone,
    /// A reporting obligation: its due period.
    Reporting,
}

impl ItemKind {
    /// The word for the kind in `lang` ("fase", "underopgave", …).
    pub fn word(self, lang: Lang) -> String {
        match self {
            ItemKind::Phase => ExportMsg::KindPhase.get(lang),
            ItemKind::Subtask => StatusMsg::KindSubtask.get(lang),
            ItemKind::Milestone => StatusMsg::KindMilestone.get(lang),
            ItemKind::Reporting => StatusMsg::KindReporting.get(lang),
        }
    }
}

/// One item of the plan: a row of the spreadsheet and, when it has days, an
/// event of the calendar.
#[derive(Debug)]
pub struct ExportItem<'a> {
    /// What kind of item.
    pub kind: ItemKind,
    /// Its id.
    pub id: &'a str,
    /// Its title; for reporting "what → to".
    pub title: String,
    /// The title of its phase: a subtask's phase, a phase itself, the phase a
    /// reporting obligation follows.
    pub phase: Option<&'a str>,
    /// Who holds it: a subtask's owner, who plans a phase, who reports.
    pub owner: Option<&'a str>,
    /// Its days.
    pub period: Option<&'a PeriodView>,
    /// Its status (for a phase its derived state), in words.
    pub status: String,
    /// Whether it is cancelled (the calendar marks its event so).
    pub cancelled: bool,
    /// Whether it is overdue.
    pub overdue: bool,
    /// The communities a subtask strengthens.
    pub communities: &'a [Community],
    /// A phase's progress.
    pub progress: Option<Progress>,
}

/// Every item of the plan in plan order: each phase followed by its
/// subtasks, then the milestones, then the reporting obligations.
pub fn items(export: &PlanExport, lang: Lang) -> Vec<ExportItem<'_>> {
    let mut items = Vec::new();
    for phase in &export.phases {
        items.push(ExportItem {
            kind: ItemKind::Phase,
            id: &phase.id,
            title: phase.title.clone(),
            phase: Some(&phase.title),
            owner: phase.planned_by.as_deref(),
            period: phase.period.as_ref(),
            status: phase_state_word(phase.state, lang),
            cancelled: false,
            overdue: false,
            communities: &[],
            progress: Some(phase.progress),
        });
        for subtask in &phase.subtasks {
            items.push(ExportItem {
                kind: ItemKind::Subtask,
                id: &subtask.id,
                title: subtask.title.clone(),
                phase: Some(&phase.title),
                owner: subtask.owner.as_deref(),
                period: subtask.due.as_ref(),
                status: status_word(subtask.status, lang),
                cancelled: subtask.status == Status::Cancelled,
                overdue: subtask.overdue,
                communities: &subtask.communities,
                progress: None,
            });
        }
    }
    for milestone in &export.milestones {
        items.push(ExportItem {
            kind: ItemKind::Milestone,
            id: &milestone.id,
            title: milestone.title.clone(),
            phase: None,
            owner: None,
            period: milestone.date.as_ref(),
            status: status_word(milestone.status, lang),
            cancelled: false,
            overdue: false,
            communities: &[],
            progress: None,
        });
    }
    for reporting in &export.reporting {
        let after = reporting.after.as_ref().and_then(|after| {
            export
                .phases
                .iter()
                .find(|phase| phase.id == after.0)
                .map(|phase| phase.title.as_str())
        });
        items.push(ExportItem {
            kind: ItemKind::Reporting,
            id: &reporting.id,
            title: ExportMsg::ReportingTitle
                .fill(lang, &[("what", &reporting.what), ("to", &reporting.to)]),
            phase: after,
            owner: reporting.by.as_deref(),
            period: reporting.due.as_ref(),
            status: status_word(reporting.status, lang),
            cancelled: reporting.status == Status::Cancelled,
            overdue: reporting.overdue,
            communities: &[],
            progress: None,
        });
    }
    items
}

fn phase_state_word(state: PhaseState, lang: Lang) -> String {
    match state {
        PhaseState::Done => StatusMsg::PhaseStateDone,
        PhaseState::InProgress => StatusMsg::PhaseStateInProgress,
        PhaseState::Planned => StatusMsg::PhaseStatePlanned,
        PhaseState::Blocked => StatusMsg::PhaseStateBlocked,
    }
    .get(lang)
}

/// An export as text, and how many events or rows it holds.
#[derive(Debug)]
pub struct Rendered {
    /// The file's content.
    pub text: String,
    /// Calendar events, or spreadsheet rows below the header.
    pub count: usize,
}

/// The calendar (RFC 5545): an all-day event for every item with days.
///
/// Each event's UID is `<item id>.<plan id>@backbrief`, so importing the file
/// again updates the events instead of adding copies. DTEND is the day after
/// the last day (it is exclusive). DTSTAMP is midnight (UTC) of `at`, so the
/// same plan exported for the same day gives the same bytes.
pub fn calendar(export: &PlanExport, lang: Lang) -> Rendered {
    let stamp = export.at.and_time(NaiveTime::MIN).and_utc();
    let as_of = day_display(export.at, lang);
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            format!(
                "-//backbrief//backbrief {}//{}",
                env!("CARGO_PKG_VERSION"),
                lang.code().to_uppercase()
            ),
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-CALNAME", ics_text(&export.title)));
    let mut count = 0;
    for item in items(export, lang) {
        let Some(period) = item.period else {
            continue;
        };
        let mut event = Event::new();
        event
            .uid(&format!("{}.{}@backbrief", item.id, export.id))
            .timestamp(stamp)
            .starts(period.first_day)
            .ends(
                period
                    .last_day
                    .checked_add_days(Days::new(1))
                    .unwrap_or(period.last_day),
            )
            .summary(&ics_text(&item.title))
            .description(&ics_text(&event_description(&item, export, &as_of, lang)))
            .categories([item.kind.word(lang)])
            .add_property("TRANSP", "TRANSPARENT")
            .add_property("X-MICROSOFT-CDO-BUSYSTATUS", "FREE");
        if item.cancelled {
            event.status(EventStatus::Cancelled);
        }
        calendar.push(event.done());
        count += 1;
    }
    Rendered {
        text: calendar.to_string(),
        count,
    }
}

/// The event's description: the plan, the phase, who holds it, and its status
/// on `at` (marked when overdue).
fn event_description(
    item: &ExportItem<'_>,
    export: &PlanExport,
    as_of: &str,
    lang: Lang,
) -> String {
    let mut lines = vec![ExportMsg::DescPlan.fill(lang, &[("title", &export.title)])];
    if let Some(phase) = item.phase.filter(|_| item.kind != ItemKind::Phase) {
        lines.push(ExportMsg::DescPhase.fill(lang, &[("phase", &phase)]));
    }
    if let Some(owner) = item.owner {
        lines.push(ExportMsg::DescOwner.fill(lang, &[("owner", &owner)]));
    }
    let mut status = item.status.clone();
    if item.overdue {
        status = format!("{status} {}", StatusMsg::OverdueMark.get(lang));
    }
    lines.push(ExportMsg::DescStatus.fill(lang, &[("date", &as_of), ("status", &status)]));
    if let Some(progress) = item.progress {
        lines.push(ExportMsg::DescProgress.fill(
            lang,
            &[("done", &progress.done), ("total", &progress.total)],
        ));
    }
    lines.join("\n")
}

/// Plan text made fit for an iCalendar TEXT value: line breaks as `\n`
/// (which the calendar escapes), other control characters left out.
fn ics_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// How the spreadsheet is written.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    /// The byte between columns (an ASCII character).
    pub delimiter: u8,
    /// Whether to start with a UTF-8 byte-order mark (Excel needs it to read
    /// UTF-8).
    pub bom: bool,
}

impl Default for CsvOptions {
    /// Semicolons and a byte-order mark: what Excel with Danish settings opens.
    fn default() -> Self {
        CsvOptions {
            delimiter: b';',
            bom: true,
        }
    }
}

/// The spreadsheet: a header in `lang`, then one row per item (kind, id,
/// title, phase, owner, first day, last day, status, overdue, communities).
/// Records end in CRLF; fields holding the delimiter, quotes or line breaks
/// are quoted.
pub fn spreadsheet(
    export: &PlanExport,
    lang: Lang,
    options: CsvOptions,
) -> std::io::Result<Rendered> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(
        [
            ExportMsg::ColKind,
            ExportMsg::ColId,
            ExportMsg::ColTitle,
            ExportMsg::ColPhase,
            ExportMsg::ColOwner,
            ExportMsg::ColFirstDay,
            ExportMsg::ColLastDay,
            ExportMsg::ColStatus,
            ExportMsg::ColOverdue,
            ExportMsg::ColCommunities,
        ]
        .map(|column| column.get(lang)),
    )?;
    let items = items(export, lang);
    for item in &items {
        let day = |day: Option<NaiveDate>| day.map_or_else(String::new, |d| d.to_string());
        let communities: Vec<String> = item
            .communities
            .iter()
            .map(|&community| community_name(community, lang))
            .collect();
        writer.write_record([
            item.kind.word(lang),
            item.id.to_string(),
            inert(&item.title),
            inert(item.phase.unwrap_or_default()),
            inert(item.owner.unwrap_or_default()),
            day(item.period.map(|p| p.first_day)),
            day(item.period.map(|p| p.last_day)),
            item.status.clone(),
            if item.overdue {
                ExportMsg::Yes
            } else {
                ExportMsg::No
            }
            .get(lang),
            communities.join(", "),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|error| error.into_error())?;
    // Every field is text and the delimiter is ASCII, so the bytes are UTF-8.
    let mut text = String::from(if options.bom { "\u{feff}" } else { "" });
    text.push_str(&String::from_utf8_lossy(&bytes));
    Ok(Rendered {
        text,
        count: items.len(),
    })
}

/// A cell of text a spreadsheet will not run as a formula: text beginning
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
/// as OWASP's CSV-injection guidance says (the sheet is meant to be opened
/// in Excel with a double-click).
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_made_inert() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for start in ["+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(inert(start).starts_with('\''), "{start:?}");
        }
        assert_eq!(inert("Teamleder Anna"), "Teamleder Anna");
    }

    #[test]
    fn ics_text_keeps_line_breaks_and_drops_other_control_characters() {
        assert_eq!(ics_text("a\r\nb\rc\nd\te\u{7}f"), "a\nb\nc\nd\tef");
    }
}
