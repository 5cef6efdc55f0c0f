//! The timeline as a Gantt chart in text for `status PLAN --timeline`.

use chrono::NaiveDate;

use crate::i18n::{Message, ReportMsg, StatusMsg};
use crate::plan::dates::day_display;
use crate::plan::progress::PhaseState;
use crate::render::Style;

use super::{Marker, Month, Shape, Timeline, shorten};
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
