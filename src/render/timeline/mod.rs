//! The timeline of a plan on a day: one model, three pictures.
//!
//! [`Timeline::build`] derives the model from a plan and its detail view
//! ([`crate::render::status::plan_detail`]): the months from the first to the
//! last day of every period that parses, the phases as bars, the due periods
//! of subtasks, the milestones and the reporting obligations as markers,
//! today, and what is overdue. Three renderers draw it:
//!
//! - [`svg`]: a picture for the HTML report (months across, phases as bars,
//!   markers, a line for today; overdue shown by shape and colour; real text
//!   with `<title>`s), through the template `templates/report/timeline.svg`;
//! - [`mermaid`]: a ```` ```mermaid ```` `gantt` chart for the Markdown report;
//! - [`text_gantt`]: a Gantt chart in text for `status PLAN --timeline`, months
//!   as columns, fitting the terminal's width.

use chrono::{Datelike, NaiveDate};

use crate::i18n::{Lang, Message, ReportMsg, StatusMsg, month_name};
use crate::plan::dates::{Span, day_display};
use crate::plan::model::{Plan, Status};
use crate::plan::progress::{DueKind, PhaseState, Progress, due_items};
use crate::render::status::PlanDetail;
use crate::render::status_word;

/// What a marker stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// The due period of a subtask.
    Subtask,
    /// A milestone.
    Milestone,
    /// A reporting obligation.
    Reporting,
}

/// How a marker is drawn. Overdue has a shape of its own, so that it is
/// never told by colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A subtask that is done: a filled circle.
    Done,
    /// A subtask still to do: an open circle.
    Open,
    /// Anything overdue: a warning triangle.
    Overdue,
    /// A cancelled subtask: a cross.
    Cancelled,
    /// A milestone: a diamond.
    Milestone,
    /// A reporting obligation still to deliver: an open square.
    Reporting,
    /// A reporting obligation delivered: a filled square.
    ReportingDone,
}

/// A point (or short span) on the timeline.
#[derive(Debug, Clone)]
pub struct Marker {
    /// What it stands for.
    pub kind: MarkerKind,
    /// The item's id.
    pub id: String,
    /// The item's title (reporting: what, to whom).
    pub title: String,
    /// Its period in words.
    pub when: String,
    /// The days of its period; the marker stands on the last.
    pub span: Span,
    /// Its status (milestones: done once their day has passed).
    pub status: Status,
    /// Whether it is overdue.
    pub overdue: bool,
}

impl Marker {
    /// How to draw it.
    pub fn shape(&self) -> Shape {
        if self.overdue {
            return Shape::Overdue;
        }
        match (self.kind, self.status) {
            (MarkerKind::Milestone, _) => Shape::Milestone,
            (MarkerKind::Reporting, Status::Done | Status::Cancelled) => Shape::ReportingDone,
            (MarkerKind::Reporting, _) => Shape::Reporting,
            (MarkerKind::Subtask, Status::Done) => Shape::Done,
            (MarkerKind::Subtask, Status::Cancelled) => Shape::Cancelled,
            (MarkerKind::Subtask, _) => Shape::Open,
        }
    }

    /// The status in words, marked when overdue.
    fn status_text(&self, lang: Lang) -> String {
        let word = match self.kind {
            MarkerKind::Milestone => StatusMsg::KindMilestone.get(lang),
            _ => status_word(self.status, lang),
        };
        if self.overdue {
            format!("{word} {}", StatusMsg::OverdueMark.get(lang))
        } else {
            word
        }
    }

    /// The sentence a picture shows when pointed at: title, period, status.
    pub fn tooltip(&self, lang: Lang) -> String {
        ReportMsg::ItemTitle.fill(
            lang,
            &[
                ("title", &self.title),
                ("when", &self.when),
                ("status", &self.status_text(lang)),
            ],
        )
    }
}

/// A phase as a bar, with the markers of its subtasks.
#[derive(Debug, Clone)]
pub struct PhaseBar {
    /// The phase's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its period in words.
    pub when: String,
    /// Its days, when its period parses.
    pub span: Option<Span>,
    /// Where it stands.
    pub state: PhaseState,
    /// Subtasks done of those that count.
    pub progress: Progress,
    /// Its subtasks that have a due period, in plan order.
    pub subtasks: Vec<Marker>,
}

impl PhaseBar {
    /// The state in words.
    pub fn state_text(&self, lang: Lang) -> String {
        match self.state {
            PhaseState::Done => StatusMsg::PhaseStateDone,
            PhaseState::InProgress => StatusMsg::PhaseStateInProgress,
            PhaseState::Planned => StatusMsg::PhaseStatePlanned,
            PhaseState::Blocked => StatusMsg::PhaseStateBlocked,
        }
        .get(lang)
    }

    /// The sentence a picture shows when pointed at.
    pub fn tooltip(&self, lang: Lang) -> String {
        ReportMsg::PhaseTitle.fill(
            lang,
            &[
                ("title", &self.title),
                ("when", &self.when),
                ("state", &self.state_text(lang)),
                (
                    "progress",
                    &ReportMsg::ProgressText.fill(
                        lang,
                        &[
                            ("done", &self.progress.done),
                            ("total", &self.progress.total),
                        ],
                    ),
                ),
            ],
        )
    }

    /// Whether a subtask of the phase is overdue.
    pub fn overdue(&self) -> bool {
        self.subtasks.iter().any(|marker| marker.overdue)
    }
}

/// A month of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// Its first day.
    pub first: NaiveDate,
    /// Its last day.
    pub last: NaiveDate,
}

impl Month {
    fn of(day: NaiveDate) -> Month {
        let first = day.with_day(1).unwrap_or(day);
        let next = if day.month() == 12 {
            NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
        };
        let last = next.and_then(|n| n.pred_opt()).unwrap_or(day);
        Month {
            year: day.year(),
            month: day.month(),
            first,
            last,
        }
    }

    /// The month's short name: "okt" / "Oct".
    pub fn short_name(&self, lang: Lang) -> String {
        month_name(self.month, lang).chars().take(3).collect()
    }
}

/// The timeline of a plan on a day.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The plan's id.
    pub id: String,
    /// The plan's title.
    pub title: String,
    /// The day it is drawn for.
    pub today: NaiveDate,
    /// The language it speaks.
    pub lang: Lang,
    /// The months from the first to the last day of every period that
    /// parses; empty when none does.
    pub months: Vec<Month>,
    /// The phases, in plan order.
    pub phases: Vec<PhaseBar>,
    /// The milestones whose date parses.
    pub milestones: Vec<Marker>,
    /// The reporting obligations whose due period parses.
    pub reporting: Vec<Marker>,
    /// Subtasks left off: no due period, or one that does not parse.
    pub undated: usize,
}

impl Timeline {
    /// Derives the timeline from a plan and its detail view on `detail.at`.
    pub fn build(plan: &Plan, detail: &PlanDetail, lang: Lang) -> Timeline {
        let today = detail.at;
        let mut undated = 0;
        let phases: Vec<PhaseBar> = plan
            .phases
            .iter()
            .zip(&detail.phases)
            .map(|(phase, view)| PhaseBar {
                id: view.id.clone(),
                title: view.title.clone(),
                when: view
                    .period
                    .as_ref()
                    .map_or_else(|| phase.period.display(lang), |p| p.shown.clone()),
                span: view.period.as_ref().map(|p| Span {
                    first: p.first_day,
                    last: p.last_day,
                }),
                state: view.state,
                progress: view.progress,
                subtasks: view
                    .subtasks
                    .iter()
                    .filter_map(|subtask| {
                        let Some(due) = &subtask.due else {
                            undated += 1;
                            return None;
                        };
                        Some(Marker {
                            kind: MarkerKind::Subtask,
                            id: subtask.id.clone(),
                            title: subtask.title.clone(),
                            when: due.shown.clone(),
                            span: Span {
                                first: due.first_day,
                                last: due.last_day,
                            },
                            status: subtask.status,
                            overdue: subtask.overdue,
                        })
                    })
                    .collect(),
            })
            .collect();
        let milestones = due_items(plan, today)
            .into_iter()
            .filter(|item| item.kind == DueKind::Milestone)
            .map(|item| Marker {
                kind: MarkerKind::Milestone,
                id: item.id.to_string(),
                title: item.title.to_string(),
                when: item.due.display(lang),
                span: item.span,
                status: item.status,
                overdue: false,
            })
            .collect();
        let reporting = detail
            .reporting
            .iter()
            .filter_map(|item| {
                let due = item.due.as_ref()?;
                Some(Marker {
                    kind: MarkerKind::Reporting,
                    id: item.id.clone(),
                    title: ReportMsg::ReportingTitle
                        .fill(lang, &[("what", &item.what), ("to", &item.to)]),
                    when: due.shown.clone(),
                    span: Span {
                        first: due.first_day,
                        last: due.last_day,
                    },
                    status: item.status,
                    overdue: item.overdue,
                })
            })
            .collect();
        let mut timeline = Timeline {
            id: plan.id.clone(),
            title: plan.title.clone(),
            today,
            lang,
            months: Vec::new(),
            phases,
            milestones,
            reporting,
            undated,
        };
        timeline.months = timeline.month_range();
        timeline
    }

    fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.phases
            .iter()
            .flat_map(|phase| {
                phase
                    .span
                    .into_iter()
                    .chain(phase.subtasks.iter().map(|m| m.span))
            })
            .chain(self.milestones.iter().map(|m| m.span))
            .chain(self.reporting.iter().map(|m| m.span))
    }

    fn month_range(&self) -> Vec<Month> {
        let first = self.spans().map(|span| span.first).min();
        let last = self.spans().map(|span| span.last).max();
        let (Some(first), Some(last)) = (first, last) else {
            return Vec::new();
        };
        let mut months = vec![Month::of(first)];
        while let Some(month) = months.last().copied()
            && month.last < last
        {
            match month.last.succ_opt() {
                Some(next) => months.push(Month::of(next)),
                None => break,
            }
        }
        months
    }

    /// Whether any period of the plan could be read as dates.
    pub fn has_dates(&self) -> bool {
        !self.months.is_empty()
    }

    /// The days the timeline covers: whole months.
    pub fn span(&self) -> Option<Span> {
        Some(Span {
            first: self.months.first()?.first,
            last: self.months.last()?.last,
        })
    }

    /// Whether today lies on the timeline.
    pub fn today_shown(&self) -> bool {
        self.span().is_some_and(|span| span.contains(self.today))
    }

    /// Sentences to show under a picture: no dates, today off the timeline,
    /// subtasks left off.
    pub fn notes(&self) -> Vec<String> {
        let lang = self.lang;
        let mut notes = Vec::new();
        if !self.has_dates() {
            notes.push(ReportMsg::TimelineNoDates.get(lang));
            return notes;
        }
        if !self.today_shown() {
            notes.push(
                ReportMsg::TodayOutside.fill(lang, &[("date", &day_display(self.today, lang))]),
            );
        }
        if self.undated > 0 {
            notes.push(ReportMsg::Undated.fill(lang, &[("count", &self.undated)]));
        }
        notes
    }
}

/// Cuts `text` to at most `max` characters, marking a cut with "…".
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut = cut.trim_end().to_string();
    cut.push('…');
    cut
}

/// `text` wrapped to lines of at most `max` characters, at spaces where it
/// can be (a longer word is split); nothing is cut.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let room = if used == 0 {
                max
            } else {
                max.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than a line: split it.
            let rest = word.split_off(max);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

mod mermaid;
mod svg;
mod text;

pub use mermaid::{mermaid, mermaid_text};
pub use svg::{SVG_FONT_SIZE, svg};
pub use text::text_gantt;

#[cfg(test)]
mod tests;
