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
use serde::Serialize;

use crate::i18n::{Lang, Message, ReportMsg, StatusMsg, month_name};
use crate::plan::dates::{Span, day_display};
use crate::plan::model::{Plan, Status};
use crate::plan::progress::{DueKind, PhaseState, Progress, due_items};
use crate::render::status::PlanDetail;
use crate::render::{Style, status_word};

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

// ---------------------------------------------------------------------------
// SVG

/// The picture's width in pixels (it scales to its container).
const SVG_WIDTH: i64 = 960;
/// The size of its text. Printed on A4 (182 mm between the margins of
/// report.css, 688 CSS pixels), the picture is scaled by 688/960, so its
/// text prints at 16 × 688/960 px = 8.6 pt: legible.
pub const SVG_FONT_SIZE: i64 = 16;
/// The distance between the lines of a wrapped label.
const LINE_HEIGHT: i64 = 20;
/// The width of an average character of the text, for wrapping (about
/// 0.56 em of a system sans-serif; bold a little wider).
const CHAR_WIDTH: i64 = 9;
const BOLD_CHAR_WIDTH: i64 = 10;
/// Where the chart starts, right of the labels.
const CHART_X: i64 = 360;
/// Where the chart ends.
const CHART_RIGHT: i64 = 944;
/// The bottom of the header (years and months).
const HEADER_BOTTOM: i64 = 52;
/// The top of the first row.
const ROWS_TOP: i64 = 58;
/// The space a row has above and below its label.
const ROW_PADDING: i64 = 6;

/// How many characters of a label fit on a line between `label_x` and the
/// chart.
fn label_chars(label_x: i64, bold: bool) -> usize {
    let width = if bold { BOLD_CHAR_WIDTH } else { CHAR_WIDTH };
    usize::try_from((CHART_X - 12 - label_x) / width)
        .unwrap_or(1)
        .max(1)
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

const COLOR_DONE: &str = "#2e7d32";
const COLOR_OPEN: &str = "#1f5fa8";
const COLOR_OVERDUE: &str = "#c62828";
const COLOR_CANCELLED: &str = "#757575";
const COLOR_MILESTONE: &str = "#6a1b9a";
const COLOR_REPORTING: &str = "#b35900";

/// The picture as the template `timeline.svg` draws it: every position
/// computed here, every text escaped there.
#[derive(Debug, Serialize)]
struct SvgView {
    standalone: bool,
    font_size: i64,
    line_height: i64,
    id: String,
    width: i64,
    height: i64,
    title: String,
    description: String,
    no_dates: Option<String>,
    chart_x: i64,
    chart_right: i64,
    header_bottom: i64,
    body_bottom: i64,
    years: Vec<SvgText>,
    months: Vec<SvgMonth>,
    today: Option<SvgToday>,
    rows: Vec<SvgRow>,
    legend_y: i64,
    legend: Vec<SvgLegend>,
}

#[derive(Debug, Serialize)]
struct SvgText {
    x: i64,
    text: String,
}

#[derive(Debug, Serialize)]
struct SvgMonth {
    x: i64,
    width: i64,
    label: String,
    label_x: i64,
    shaded: bool,
    tooltip: String,
}

#[derive(Debug, Serialize)]
struct SvgToday {
    x: i64,
    label: String,
    label_x: i64,
    anchor: &'static str,
}

#[derive(Debug, Serialize)]
struct SvgRow {
    top: i64,
    text_y: i64,
    lines: Vec<String>,
    label_x: i64,
    heading: bool,
    overdue: bool,
    tooltip: String,
    bar: Option<SvgBar>,
    period: Option<SvgBar>,
    marker: Option<SvgMarker>,
}

#[derive(Debug, Serialize)]
struct SvgBar {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
    fill: &'static str,
    done_width: i64,
    done_fill: &'static str,
}

#[derive(Debug, Serialize)]
struct SvgMarker {
    shape: &'static str,
    cx: i64,
    cy: i64,
    fill: &'static str,
    stroke: &'static str,
}

#[derive(Debug, Serialize)]
struct SvgLegend {
    marker: SvgMarker,
    text_x: i64,
    y: i64,
    label: String,
}

fn svg_marker(shape: Shape, cx: i64, cy: i64) -> SvgMarker {
    let (name, fill, stroke) = match shape {
        Shape::Done => ("circle", COLOR_DONE, COLOR_DONE),
        Shape::Open => ("circle", "#ffffff", COLOR_OPEN),
        Shape::Overdue => ("warning", COLOR_OVERDUE, COLOR_OVERDUE),
        Shape::Cancelled => ("cross", "#ffffff", COLOR_CANCELLED),
        Shape::Milestone => ("diamond", COLOR_MILESTONE, COLOR_MILESTONE),
        Shape::Reporting => ("square", "#ffffff", COLOR_REPORTING),
        Shape::ReportingDone => ("square", COLOR_REPORTING, COLOR_REPORTING),
    };
    SvgMarker {
        shape: name,
        cx,
        cy,
        fill,
        stroke,
    }
}

/// Maps days to x positions across the chart.
struct Scale {
    first: NaiveDate,
    days: i64,
}

impl Scale {
    /// The x where `day` begins.
    fn x(&self, day: NaiveDate) -> i64 {
        let offset = (day - self.first).num_days().clamp(0, self.days);
        CHART_X + (offset * (CHART_RIGHT - CHART_X) + self.days / 2) / self.days.max(1)
    }

    /// The x where `day` ends.
    fn x_end(&self, day: NaiveDate) -> i64 {
        day.succ_opt().map_or(CHART_RIGHT, |next| self.x(next))
    }
}

fn svg_view(timeline: &Timeline, standalone: bool) -> SvgView {
    let lang = timeline.lang;
    let title = ReportMsg::TimelineTitle.fill(lang, &[("title", &timeline.title)]);
    let Some(span) = timeline.span() else {
        let message = ReportMsg::TimelineNoDates.get(lang);
        return SvgView {
            standalone,
            font_size: SVG_FONT_SIZE,
            line_height: LINE_HEIGHT,
            id: timeline.id.clone(),
            width: SVG_WIDTH,
            height: 40,
            title,
            description: message.clone(),
            no_dates: Some(message),
            chart_x: CHART_X,
            chart_right: CHART_RIGHT,
            header_bottom: 0,
            body_bottom: 0,
            years: Vec::new(),
            months: Vec::new(),
            today: None,
            rows: Vec::new(),
            legend_y: 0,
            legend: Vec::new(),
        };
    };
    let scale = Scale {
        first: span.first,
        days: (span.last - span.first).num_days() + 1,
    };
    let description = ReportMsg::TimelineDescription.fill(
        lang,
        &[
            (
                "first",
                &crate::i18n::PeriodMsg::ShowMonth.fill(
                    lang,
                    &[
                        ("month", &month_name(span.first.month(), lang)),
                        ("year", &span.first.year()),
                    ],
                ),
            ),
            (
                "last",
                &crate::i18n::PeriodMsg::ShowMonth.fill(
                    lang,
                    &[
                        ("month", &month_name(span.last.month(), lang)),
                        ("year", &span.last.year()),
                    ],
                ),
            ),
            ("today", &day_display(timeline.today, lang)),
        ],
    );

    let mut years = Vec::new();
    let mut months = Vec::new();
    for (index, month) in timeline.months.iter().enumerate() {
        let x = scale.x(month.first);
        let width = scale.x_end(month.last) - x;
        if index == 0 || month.month == 1 {
            years.push(SvgText {
                x: x + 3,
                text: month.year.to_string(),
            });
        }
        let label = if width >= 40 {
            month.short_name(lang)
        } else if width >= 14 {
            month.short_name(lang).chars().take(1).collect()
        } else {
            String::new()
        };
        months.push(SvgMonth {
            x,
            width,
            label,
            label_x: x + width / 2,
            shaded: index % 2 == 1,
            tooltip: crate::i18n::PeriodMsg::ShowMonth.fill(
                lang,
                &[
                    ("month", &month_name(month.month, lang)),
                    ("year", &month.year),
                ],
            ),
        });
    }

    // Each row is as high as its wrapped label; markers and bars stand on
    // its first line.
    let mut rows: Vec<SvgRow> = Vec::new();
    let mut top = ROWS_TOP;
    let mut next_row = |lines: &[String]| {
        let this = top;
        top += lines.len() as i64 * LINE_HEIGHT + 2 * ROW_PADDING - (LINE_HEIGHT - SVG_FONT_SIZE);
        this
    };
    let marker_row = |top: i64, lines: Vec<String>, marker: &Marker| {
        let cy = top + ROW_PADDING + SVG_FONT_SIZE / 2;
        let x = scale.x(marker.span.first);
        let end = scale.x_end(marker.span.last);
        let cx = if marker.span.first == marker.span.last {
            (x + end) / 2
        } else {
            end
        };
        SvgRow {
            top,
            text_y: top + ROW_PADDING + SVG_FONT_SIZE - 3,
            lines,
            label_x: 20,
            heading: false,
            overdue: marker.overdue,
            tooltip: marker.tooltip(lang),
            bar: None,
            period: (end - x > 8 && marker.span.first != marker.span.last).then(|| SvgBar {
                x,
                y: cy - 2,
                width: end - x,
                height: 4,
                fill: if marker.overdue { "#ef9a9a" } else { "#b0bec5" },
                done_width: 0,
                done_fill: "#b0bec5",
            }),
            marker: Some(svg_marker(marker.shape(), cx, cy)),
        }
    };
    let marker_lines = |marker: &Marker| {
        let label = if marker.overdue {
            format!("⚠ {}", marker.title)
        } else {
            marker.title.clone()
        };
        wrap(&label, label_chars(20, marker.overdue))
    };
    let heading_lines = |label: &str| wrap(label, label_chars(8, true));
    for phase in &timeline.phases {
        let lines = heading_lines(&phase.title);
        let top = next_row(&lines);
        let bar = phase.span.map(|span| {
            let x = scale.x(span.first);
            let width = scale.x_end(span.last) - x;
            let done_width = (width * phase.progress.done as i64)
                .checked_div(phase.progress.total as i64)
                .unwrap_or(0);
            let (fill, done_fill) = match phase.state {
                PhaseState::Done => ("#a5d6a7", "#66bb6a"),
                PhaseState::InProgress => ("#bbdefb", "#64b5f6"),
                PhaseState::Planned => ("#e0e0e0", "#9e9e9e"),
                PhaseState::Blocked => ("#ffcdd2", "#e57373"),
            };
            SvgBar {
                x,
                y: top + ROW_PADDING - 2,
                width,
                height: SVG_FONT_SIZE + 4,
                fill,
                done_width,
                done_fill,
            }
        });
        rows.push(SvgRow {
            top,
            text_y: top + ROW_PADDING + SVG_FONT_SIZE - 3,
            lines,
            label_x: 8,
            heading: true,
            overdue: false,
            tooltip: phase.tooltip(lang),
            bar,
            period: None,
            marker: None,
        });
        for marker in &phase.subtasks {
            let lines = marker_lines(marker);
            let top = next_row(&lines);
            rows.push(marker_row(top, lines, marker));
        }
    }
    for (heading, markers) in [
        (ReportMsg::Milestones.get(lang), &timeline.milestones),
        (StatusMsg::Reporting.get(lang), &timeline.reporting),
    ] {
        if markers.is_empty() {
            continue;
        }
        let lines = heading_lines(&heading);
        let top = next_row(&lines);
        rows.push(SvgRow {
            top,
            text_y: top + ROW_PADDING + SVG_FONT_SIZE - 3,
            tooltip: heading.clone(),
            lines,
            label_x: 8,
            heading: true,
            overdue: false,
            bar: None,
            period: None,
            marker: None,
        });
        for marker in markers {
            let lines = marker_lines(marker);
            let top = next_row(&lines);
            rows.push(marker_row(top, lines, marker));
        }
    }
    let body_bottom = next_row(&[]) + 4;

    let today = timeline.today_shown().then(|| {
        let x = (scale.x(timeline.today) + scale.x_end(timeline.today)) / 2;
        let label = format!(
            "{}, {}",
            ReportMsg::TodayLabel.get(lang),
            day_display(timeline.today, lang)
        );
        let half = label.chars().count() as i64 * CHAR_WIDTH / 2 + 8;
        let (label_x, anchor) = if x > CHART_RIGHT - half {
            (x, "end")
        } else if x < CHART_X + half {
            (x, "start")
        } else {
            (x, "middle")
        };
        SvgToday {
            x,
            label,
            label_x,
            anchor,
        }
    });

    let mut legend_y = body_bottom + if today.is_some() { 40 } else { 16 };
    let mut legend = Vec::new();
    let mut x = 14;
    let entries = [
        (Some(Shape::Done), ReportMsg::LegendDone),
        (Some(Shape::Open), ReportMsg::LegendOpen),
        (Some(Shape::Overdue), ReportMsg::LegendOverdue),
        (Some(Shape::Cancelled), ReportMsg::LegendCancelled),
        (Some(Shape::Milestone), ReportMsg::LegendMilestone),
        (Some(Shape::Reporting), ReportMsg::LegendReporting),
        (None, ReportMsg::LegendPhase),
    ];
    for (shape, label) in entries {
        let label = label.get(lang);
        let text_width = label.chars().count() as i64 * CHAR_WIDTH;
        let needed = if shape.is_some() { 12 } else { 22 } + text_width;
        if x > 14 && x + needed > SVG_WIDTH - 8 {
            // On to the next line of the legend.
            x = 14;
            legend_y += LINE_HEIGHT + 4;
        }
        let marker = match shape {
            Some(shape) => svg_marker(shape, x, legend_y),
            None => SvgMarker {
                shape: "bar",
                cx: x,
                cy: legend_y,
                fill: "#bbdefb",
                stroke: "#64b5f6",
            },
        };
        let text_x = x + if shape.is_some() { 12 } else { 22 };
        legend.push(SvgLegend {
            marker,
            text_x,
            y: legend_y,
            label: label.clone(),
        });
        x = text_x + text_width + 24;
    }
    SvgView {
        standalone,
        font_size: SVG_FONT_SIZE,
        line_height: LINE_HEIGHT,
        id: timeline.id.clone(),
        width: SVG_WIDTH,
        height: legend_y + LINE_HEIGHT,
        title,
        description,
        no_dates: None,
        chart_x: CHART_X,
        chart_right: CHART_RIGHT,
        header_bottom: HEADER_BOTTOM,
        body_bottom,
        years,
        months,
        today,
        rows,
        legend_y,
        legend,
    }
}

/// The timeline as an SVG picture. `standalone`: a file of its own (with the
/// XML declaration and namespace), else for inlining in HTML.
pub fn svg(timeline: &Timeline, standalone: bool) -> Result<String, minijinja::Error> {
    let view = svg_view(timeline, standalone);
    crate::render::report::render_template(
        "timeline.svg",
        minijinja::context! { r => minijinja::Value::from(minijinja::value::Serde(&view)) },
    )
}

// ---------------------------------------------------------------------------
// Mermaid

/// Plan text made safe for a Mermaid chart: the characters Mermaid reads as
/// syntax (`:` `;` `#` `<` `>` `&` `` ` ``, line breaks) written as its
/// entity codes, so titles show as written and cannot end the code block.
pub fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        match c {
            ':' => out.push_str("#58;"),
            ';' => out.push_str("#59;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '&' => out.push_str("#38;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            _ => out.push(c),
        }
    }
    out
}

/// The timeline as a Mermaid `gantt` chart (without the code fence), which
/// GitLab, GitHub and Obsidian draw. Overdue items are `crit`, done ones
/// `done`, phases under way `active`; today is a milestone of its own.
pub fn mermaid(timeline: &Timeline) -> String {
    let lang = timeline.lang;
    let mut out = String::from("gantt\n");
    let title = ReportMsg::TimelineTitle.fill(lang, &[("title", &timeline.title)]);
    out.push_str(&format!("    title {}\n", mermaid_text(&title)));
    out.push_str("    dateFormat YYYY-MM-DD\n");
    out.push_str("    axisFormat %Y-%m-%d\n");
    out.push_str("    todayMarker off\n");
    if !timeline.has_dates() {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&ReportMsg::TimelineNoDates.get(lang))
        ));
        return out;
    }
    let task = |name: &str, tags: &[&str], span: Span| -> String {
        let days = (span.last - span.first).num_days() + 1;
        let mut meta: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        meta.push(span.first.format("%Y-%m-%d").to_string());
        meta.push(format!("{days}d"));
        format!(
            "    {} :{}\n",
            mermaid_text(&shorten(name, 70)),
            meta.join(", ")
        )
    };
    let marker_tags = |marker: &Marker| -> Vec<&'static str> {
        if marker.overdue {
            vec!["crit"]
        } else if marker.status == Status::Done || marker.status == Status::Cancelled {
            vec!["done"]
        } else if marker.status == Status::InProgress {
            vec!["active"]
        } else {
            vec![]
        }
    };
    let marker_name = |marker: &Marker| {
        if marker.overdue {
            format!("⚠ {}", marker.title)
        } else {
            marker.title.clone()
        }
    };
    for phase in &timeline.phases {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&shorten(&phase.title, 60))
        ));
        if let Some(span) = phase.span {
            let tags: &[&str] = match phase.state {
                PhaseState::Done => &["done"],
                PhaseState::InProgress => &["active"],
                PhaseState::Blocked => &["crit"],
                PhaseState::Planned => &[],
            };
            let name = format!(
                "{} ({}/{})",
                phase.title, phase.progress.done, phase.progress.total
            );
            out.push_str(&task(&name, tags, span));
        }
        for marker in &phase.subtasks {
            out.push_str(&task(
                &marker_name(marker),
                &marker_tags(marker),
                marker.span,
            ));
        }
    }
    if !timeline.milestones.is_empty() {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&ReportMsg::Milestones.get(lang))
        ));
        for marker in &timeline.milestones {
            out.push_str(&format!(
                "    {} :milestone, {}, 0d\n",
                mermaid_text(&shorten(&marker.title, 70)),
                marker.span.first.format("%Y-%m-%d")
            ));
        }
    }
    if !timeline.reporting.is_empty() {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&StatusMsg::Reporting.get(lang))
        ));
        for marker in &timeline.reporting {
            out.push_str(&task(
                &marker_name(marker),
                &marker_tags(marker),
                marker.span,
            ));
        }
    }
    if timeline.today_shown() {
        let today = ReportMsg::TodayLabel.get(lang);
        out.push_str(&format!("    section {}\n", mermaid_text(&today)));
        out.push_str(&format!(
            "    {} :milestone, {}, 0d\n",
            mermaid_text(&format!("{today}, {}", day_display(timeline.today, lang))),
            timeline.today.format("%Y-%m-%d")
        ));
    }
    out
}

// ---------------------------------------------------------------------------
// Text

/// One line of the text chart: characters, and which to colour.
struct Line {
    cells: Vec<char>,
    colors: Vec<Option<comfy_table::Color>>,
}

impl Line {
    fn new(width: usize) -> Line {
        Line {
            cells: vec![' '; width],
            colors: vec![None; width],
        }
    }

    fn put(&mut self, at: usize, c: char, color: Option<comfy_table::Color>) {
        if at < self.cells.len() {
            self.cells[at] = c;
            self.colors[at] = color;
        }
    }

    fn render(&self, style: &Style) -> String {
        let mut out = String::new();
        for (c, color) in self.cells.iter().zip(&self.colors) {
            match color {
                Some(color) if style.color => out.push_str(&paint(*c, *color)),
                _ => out.push(*c),
            }
        }
        out.trim_end().to_string()
    }
}

fn paint(c: char, color: comfy_table::Color) -> String {
    let code = match color {
        comfy_table::Color::Red => 31,
        comfy_table::Color::Green => 32,
        comfy_table::Color::Magenta => 35,
        comfy_table::Color::Yellow => 33,
        comfy_table::Color::DarkGrey => 90,
        _ => 36,
    };
    format!("\x1b[{code}m{c}\x1b[0m")
}

/// Equal columns across the chart: `per` months to a column of `width`
/// characters.
struct Columns<'a> {
    months: &'a [Month],
    per: usize,
    width: usize,
}

impl Columns<'_> {
    fn count(&self) -> usize {
        self.months.len().div_ceil(self.per)
    }

    fn chars(&self) -> usize {
        self.count() * self.width
    }

    /// The first and last month of column `index`.
    fn bounds(&self, index: usize) -> Option<(Month, Month)> {
        let first = *self.months.get(index * self.per)?;
        let last = *self
            .months
            .get(((index + 1) * self.per).min(self.months.len()) - 1)?;
        Some((first, last))
    }

    /// The character `day` falls on.
    fn at(&self, day: NaiveDate) -> usize {
        let Some(index) = self
            .months
            .iter()
            .position(|m| m.first <= day && day <= m.last)
        else {
            return if self.months.first().is_some_and(|m| day < m.first) {
                0
            } else {
                self.chars().saturating_sub(1)
            };
        };
        let column = index / self.per;
        let Some((first, last)) = self.bounds(column) else {
            return 0;
        };
        let days = (last.last - first.first).num_days() + 1;
        let offset = (day - first.first).num_days();
        let within = ((offset * self.width as i64) / days.max(1)) as usize;
        column * self.width + within.min(self.width - 1)
    }
}

fn marker_char(shape: Shape) -> (char, Option<comfy_table::Color>) {
    match shape {
        Shape::Done => ('●', Some(comfy_table::Color::Green)),
        Shape::Open => ('○', None),
        Shape::Overdue => ('▲', Some(comfy_table::Color::Red)),
        Shape::Cancelled => ('×', Some(comfy_table::Color::DarkGrey)),
        Shape::Milestone => ('◆', Some(comfy_table::Color::Magenta)),
        Shape::Reporting => ('□', Some(comfy_table::Color::Yellow)),
        Shape::ReportingDone => ('■', Some(comfy_table::Color::Green)),
    }
}

fn pad(text: &str, width: usize) -> String {
    let mut text = shorten(text, width);
    let count = text.chars().count();
    text.push_str(&" ".repeat(width.saturating_sub(count)));
    text
}

/// The timeline as a Gantt chart in text: months as columns, the phases as
/// bars (█ done part, ░ the rest), markers for due dates, milestones and
/// reporting, a column for today; fits `style.width` characters.
pub fn text_gantt(timeline: &Timeline, style: &Style) -> String {
    let lang = timeline.lang;
    let width = usize::from(style.width).max(40);
    let mut out = String::new();
    for line in crate::render::wrap(&timeline.title, width).lines() {
        out.push_str(&style.heading(line));
        out.push('\n');
    }
    out.push_str(&crate::render::wrap(
        &ReportMsg::TimelineHeading.fill(lang, &[("date", &day_display(timeline.today, lang))]),
        width,
    ));
    out.push_str("\n\n");
    if !timeline.has_dates() {
        out.push_str(&crate::render::wrap(
            &ReportMsg::TimelineNoDates.get(lang),
            width,
        ));
        out.push('\n');
        return out;
    }
    let label_width = (width * 3 / 8).min(30);
    let available = width - label_width - 1;
    let months = timeline.months.len();
    let per = months.div_ceil(available).max(1);
    let count = months.div_ceil(per);
    let columns = Columns {
        months: &timeline.months,
        per,
        width: (available / count).clamp(1, 8),
    };
    let chart = columns.chars();
    let indent = " ".repeat(label_width + 1);

    // Years, then months.
    let mut years = Line::new(chart);
    let mut names = Line::new(chart);
    let mut taken = 0;
    for index in 0..columns.count() {
        let Some((first, _)) = columns.bounds(index) else {
            continue;
        };
        let at = index * columns.width;
        let january = columns.months[index * per..]
            .iter()
            .take(per)
            .find(|month| month.month == 1);
        let year = match (index, january) {
            (_, Some(january)) => Some(january.year),
            (0, None) => Some(first.year),
            _ => None,
        };
        if let Some(year) = year
            && at >= taken
        {
            for (offset, c) in year.to_string().chars().enumerate() {
                years.put(at + offset, c, None);
            }
            taken = at + 5;
        }
        let name: String = if columns.width >= 2 {
            first
                .short_name(lang)
                .chars()
                .take(columns.width - 1)
                .collect()
        } else {
            first.short_name(lang).chars().take(1).collect()
        };
        for (offset, c) in name.chars().enumerate() {
            names.put(at + offset, c, None);
        }
    }
    let today_at = timeline.today_shown().then(|| columns.at(timeline.today));
    out.push_str(&format!("{indent}{}\n", years.render(style)));
    out.push_str(&format!("{indent}{}\n", names.render(style)));
    if let Some(at) = today_at {
        let mut line = Line::new(chart + 16);
        let label = format!("▼ {}", ReportMsg::LegendToday.get(lang));
        let label_len = label.chars().count();
        let start = if at + label_len <= chart {
            at
        } else {
            at + 1 - label_len.min(at + 1)
        };
        let text: Vec<char> = if start == at {
            label.chars().collect()
        } else {
            format!("{} ▼", ReportMsg::LegendToday.get(lang))
                .chars()
                .collect()
        };
        for (offset, c) in text.into_iter().enumerate() {
            line.put(start + offset, c, None);
        }
        out.push_str(&format!("{indent}{}\n", line.render(style)));
    }

    let today_line = |line: &mut Line| {
        if let Some(at) = today_at
            && line.cells.get(at) == Some(&' ')
        {
            line.put(at, '┊', None);
        }
    };
    let marker_line = |marker: &Marker| -> String {
        let mut line = Line::new(chart);
        let first = columns.at(marker.span.first);
        let last = columns.at(marker.span.last);
        for at in first..last {
            line.put(at, '─', None);
        }
        let (c, color) = marker_char(marker.shape());
        line.put(last, c, color);
        today_line(&mut line);
        let label = if marker.overdue {
            format!("{} {}", marker.title, StatusMsg::OverdueMark.get(lang))
        } else {
            marker.title.clone()
        };
        let label = pad(&label, label_width - 2);
        let label = if marker.overdue && style.color {
            format!("\x1b[31m{label}\x1b[0m")
        } else {
            label
        };
        format!("  {label} {}\n", line.render(style))
            .trim_end()
            .to_string()
            + "\n"
    };
    let heading_line = |title: &str| -> String {
        let mut line = Line::new(chart);
        today_line(&mut line);
        format!("{} {}", pad(title, label_width), line.render(style))
            .trim_end()
            .to_string()
            + "\n"
    };

    for phase in &timeline.phases {
        let mut line = Line::new(chart);
        if let Some(span) = phase.span {
            let first = columns.at(span.first);
            let last = columns.at(span.last);
            let cells = last + 1 - first;
            let done = (cells * phase.progress.done)
                .checked_div(phase.progress.total)
                .unwrap_or(if phase.state == PhaseState::Done {
                    cells
                } else {
                    0
                });
            for (offset, at) in (first..=last).enumerate() {
                line.put(at, if offset < done { '█' } else { '░' }, None);
            }
        }
        today_line(&mut line);
        let title = if style.color {
            format!("\x1b[1m{}\x1b[0m", pad(&phase.title, label_width))
        } else {
            pad(&phase.title, label_width)
        };
        out.push_str(format!("{title} {}", line.render(style)).trim_end());
        out.push('\n');
        for marker in &phase.subtasks {
            out.push_str(&marker_line(marker));
        }
    }
    for (heading, markers) in [
        (ReportMsg::Milestones.get(lang), &timeline.milestones),
        (StatusMsg::Reporting.get(lang), &timeline.reporting),
    ] {
        if markers.is_empty() {
            continue;
        }
        out.push_str(&heading_line(&heading));
        for marker in markers {
            out.push_str(&marker_line(marker));
        }
    }

    // The legend, wrapped to the width.
    let entries = [
        ("█░", ReportMsg::LegendPhase),
        ("●", ReportMsg::LegendDone),
        ("○", ReportMsg::LegendOpen),
        ("▲", ReportMsg::LegendOverdue),
        ("×", ReportMsg::LegendCancelled),
        ("◆", ReportMsg::LegendMilestone),
        ("□", ReportMsg::LegendReporting),
        ("┊", ReportMsg::LegendToday),
    ];
    let mut legend = String::new();
    let mut line = String::new();
    for (symbol, label) in entries {
        let item = format!("{symbol} {}", label.get(lang));
        let needed = line.chars().count() + 2 + item.chars().count();
        if !line.is_empty() && needed > width {
            legend.push_str(&line);
            legend.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(&item);
    }
    legend.push_str(&line);
    legend.push('\n');
    out.push('\n');
    out.push_str(&legend);
    for note in timeline.notes() {
        out.push_str(&crate::render::wrap(&note, width));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{PeriodText, Phase, PhasePeriod, Subtask};
    use crate::render::status::plan_detail;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    fn plan(period: &str, due: Option<&str>) -> Plan {
        Plan {
            schema: None,
            format: 1,
            id: "p".into(),
            title: "Plan <b>&</b>".into(),
            language: None,
            unit: None,
            owner: None,
            situation: None,
            main_task: "x".into(),
            intent: None,
            core_task: None,
            notes: None,
            phases: vec![Phase {
                id: "fase-1".into(),
                title: "Fase 1: <script>".into(),
                goal: None,
                planned_by: None,
                period: PhasePeriod::Single(PeriodText(period.into())),
                depends_on: vec![],
                subtasks: vec![Subtask {
                    id: "a".into(),
                    title: "A; #1 `x`".into(),
                    status: Status::Planned,
                    owner: None,
                    due: due.map(|d| PeriodText(d.into())),
                    notes: None,
                    questions: vec![],
                    communities: vec![],
                    imbalances: vec![],
                }],
            }],
            milestones: vec![],
            reporting: vec![],
        }
    }

    fn timeline(plan: &Plan, today: &str) -> Timeline {
        let style = Style {
            color: false,
            width: 80,
            lang: Lang::Da,
        };
        let detail = plan_detail(plan, day(today), &style);
        Timeline::build(plan, &detail, Lang::Da)
    }

    #[test]
    fn months_run_from_the_first_to_the_last_day_of_every_period() {
        let plan = plan("2024-autumn", Some("2025-01-15"));
        let timeline = timeline(&plan, "2024-11-21");
        let months: Vec<(i32, u32)> = timeline.months.iter().map(|m| (m.year, m.month)).collect();
        assert_eq!(
            months,
            vec![(2024, 9), (2024, 10), (2024, 11), (2024, 12), (2025, 1)]
        );
        assert!(timeline.today_shown());
        assert_eq!(timeline.phases[0].subtasks.len(), 1);
    }

    #[test]
    fn a_plan_without_dates_still_renders_and_says_so() {
        let plan = plan("efterår 2024", Some("snart"));
        let timeline = timeline(&plan, "2024-11-21");
        assert!(!timeline.has_dates());
        assert_eq!(timeline.undated, 1);
        let sentence = ReportMsg::TimelineNoDates.get(Lang::Da);
        assert_eq!(timeline.notes(), vec![sentence.clone()]);
        let style = Style {
            color: false,
            width: 80,
            lang: Lang::Da,
        };
        let text = text_gantt(&timeline, &style);
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(&sentence), "{text}");
        assert!(mermaid(&timeline).contains("gantt"));
        let svg = svg(&timeline, true).expect("svg");
        assert!(svg.contains("</svg>"));
        assert!(svg.contains(&sentence));
    }

    #[test]
    fn overdue_has_a_shape_of_its_own() {
        let plan = plan("2024-autumn", Some("2024-10"));
        let timeline = timeline(&plan, "2024-11-21");
        let marker = &timeline.phases[0].subtasks[0];
        assert!(marker.overdue);
        assert_eq!(marker.shape(), Shape::Overdue);
        let svg = svg(&timeline, false).expect("svg");
        assert!(svg.contains("data-shape=\"warning\""));
    }

    #[test]
    fn plan_text_is_escaped_in_the_svg_and_the_mermaid_chart() {
        let plan = plan("2024-autumn", Some("2024-10"));
        let timeline = timeline(&plan, "2024-09-21");
        let svg = svg(&timeline, true).expect("svg");
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;"));
        let chart = mermaid(&timeline);
        assert!(chart.contains("Fase 1#58; #60;script#62;"));
        assert!(chart.contains("A#59; #35;1 #96;x#96;"));
        assert!(!chart.contains('`'));
    }

    #[test]
    fn the_text_chart_fits_the_width_for_long_plans() {
        for (period, width) in [
            ("2024", 80u16),
            ("2024-10-15", 80),
            ("2020", 40),
            ("2024-autumn", 120),
        ] {
            let plan = plan(period, Some("2031-06"));
            let timeline = timeline(&plan, "2024-11-21");
            let style = Style {
                color: false,
                width,
                lang: Lang::En,
            };
            let text = text_gantt(&timeline, &style);
            for line in text.lines() {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{period} at {width}: {line:?}\n{text}"
                );
            }
        }
    }

    #[test]
    fn wrap_keeps_every_word() {
        assert_eq!(wrap("abc", 10), vec!["abc"]);
        assert_eq!(
            wrap("Konklusioner fra procesevalueringen og en skitseplan", 20),
            vec!["Konklusioner fra", "procesevalueringen", "og en skitseplan"]
        );
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), vec![""]);
        let text = "Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven";
        let lines = wrap(text, label_chars(20, false));
        assert_eq!(lines.join(" "), text);
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= label_chars(20, false))
        );
    }

    #[test]
    fn the_timeline_prints_at_eight_points_or_more_on_a4() {
        // A4 less report.css's margins (14 mm each side) in CSS pixels.
        let printable_px = (210.0 - 28.0) / 25.4 * 96.0;
        let printed_pt = SVG_FONT_SIZE as f64 * printable_px / SVG_WIDTH as f64 * 0.75;
        assert!(printed_pt >= 8.0, "{printed_pt:.2} pt");
    }

    #[test]
    fn shorten_cuts_at_the_limit() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(shorten(" a \n b ", 10), "a b");
    }
}
