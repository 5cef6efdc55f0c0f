//! The timeline as an SVG picture for the HTML report and the Word report.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::i18n::{Message, ReportMsg, StatusMsg, month_name};
use crate::plan::dates::day_display;
use crate::plan::progress::PhaseState;

use super::{Marker, Shape, Timeline, wrap};
/// The picture's width in pixels (it scales to its container).
pub(super) const SVG_WIDTH: i64 = 960;
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
pub(super) fn label_chars(label_x: i64, bold: bool) -> usize {
    let width = if bold { BOLD_CHAR_WIDTH } else { CHAR_WIDTH };
    usize::try_from((CHART_X - 12 - label_x) / width)
        .unwrap_or(1)
        .max(1)
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

/// The narrowest column that holds a month's short name ("okt") legibly.
const MONTH_LABEL_WIDTH: i64 = 40;
/// The narrowest column that holds a quarter's name ("K4") legibly.
const QUARTER_LABEL_WIDTH: i64 = 24;
/// The room a year's number needs (four bold digits and a gap).
const YEAR_LABEL_WIDTH: i64 = 46;

/// The header's columns under the years: the months, named, when their
/// names fit; else the quarters ("K1" … "K4"); else the years alone, each
/// column unlabelled (its tooltip still names it). A plan over three years
/// keeps legible labels instead of single letters.
fn header_columns(timeline: &Timeline, scale: &Scale) -> Vec<SvgMonth> {
    let lang = timeline.lang;
    let count = i64::try_from(timeline.months.len())
        .unwrap_or(i64::MAX)
        .max(1);
    let month_width = (CHART_RIGHT - CHART_X) / count;
    if month_width >= MONTH_LABEL_WIDTH {
        return timeline
            .months
            .iter()
            .enumerate()
            .map(|(index, month)| {
                let x = scale.x(month.first);
                let width = scale.x_end(month.last) - x;
                SvgMonth {
                    x,
                    width,
                    label: month.short_name(lang),
                    label_x: x + width / 2,
                    shaded: index % 2 == 1,
                    tooltip: crate::i18n::PeriodMsg::ShowMonth.fill(
                        lang,
                        &[
                            ("month", &month_name(month.month, lang)),
                            ("year", &month.year),
                        ],
                    ),
                }
            })
            .collect();
    }
    // Quarters (or years): the months grouped.
    let by_quarter = month_width * 3 >= QUARTER_LABEL_WIDTH;
    let mut groups: Vec<(i32, u32, NaiveDate, NaiveDate)> = Vec::new();
    for month in &timeline.months {
        let key = if by_quarter {
            (month.month - 1) / 3 + 1
        } else {
            0
        };
        match groups.last_mut() {
            Some(group) if group.0 == month.year && group.1 == key => group.3 = month.last,
            _ => groups.push((month.year, key, month.first, month.last)),
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(index, (year, quarter, first, last))| {
            let x = scale.x(first);
            let width = scale.x_end(last) - x;
            let (label, tooltip) = if by_quarter {
                (
                    // A quarter cut short by the plan's first or last month
                    // may be too narrow for its name.
                    if width >= QUARTER_LABEL_WIDTH {
                        ReportMsg::QuarterShort.fill(lang, &[("number", &quarter)])
                    } else {
                        String::new()
                    },
                    crate::i18n::PeriodMsg::ShowQuarter
                        .fill(lang, &[("number", &quarter), ("year", &year)]),
                )
            } else {
                (String::new(), year.to_string())
            };
            SvgMonth {
                x,
                width,
                label,
                label_x: x + width / 2,
                shaded: index % 2 == 1,
                tooltip,
            }
        })
        .collect()
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

    let mut years: Vec<SvgText> = Vec::new();
    for (index, month) in timeline.months.iter().enumerate() {
        if index == 0 || month.month == 1 {
            years.push(SvgText {
                x: scale.x(month.first) + 3,
                text: month.year.to_string(),
            });
        }
    }
    // A year with too little room before the next (a plan starting in
    // December) is left to the tooltips rather than printed over the next.
    let starts: Vec<i64> = years.iter().skip(1).map(|year| year.x).collect();
    let mut index = 0;
    years.retain(|year| {
        let next = starts.get(index).copied().unwrap_or(CHART_RIGHT);
        index += 1;
        next - year.x >= YEAR_LABEL_WIDTH
    });
    let months = header_columns(timeline, &scale);
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
    crate::render::templates::render_template(
        "timeline.svg",
        minijinja::context! { r => minijinja::Value::from(minijinja::value::Serde(&view)) },
    )
}
