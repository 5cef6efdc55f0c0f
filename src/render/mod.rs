//! Views of a plan for people: tables, words for statuses, progress bars.

pub mod blame;
pub mod covered;
pub mod docx;
pub mod export;
pub mod recorded;
pub mod report;
pub mod report_document;
pub mod status;
pub mod templates;
pub mod terminal;
pub mod timeline;

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use crate::i18n::{Lang, Message, StatusMsg};
pub use crate::plan::describe;
use crate::plan::model::Status;
use crate::plan::progress::{PhaseState, Progress};
pub use crate::plan::words::{community_name, status_word};

/// How output looks: colours on or off, and the width to fit.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether to colour the output.
    pub color: bool,
    /// The width tables must fit in.
    pub width: u16,
    /// The language to speak.
    pub lang: Lang,
}

impl Style {
    /// An empty table in the house style, fitting [`Style::width`].
    pub fn table(&self, header: &[StatusMsg]) -> Table {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .force_no_tty()
            .set_width(self.width);
        if self.color {
            table.enforce_styling();
        }
        table.set_header(header.iter().map(|column| self.bold(column.get(self.lang))));
        table
    }

    /// A bold cell when colours are on.
    pub fn bold(&self, text: impl Into<String>) -> Cell {
        let cell = Cell::new(text.into());
        if self.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }

    /// A cell coloured `color` when colours are on.
    pub fn colored(&self, text: impl Into<String>, color: Color) -> Cell {
        let cell = Cell::new(text.into());
        if self.color { cell.fg(color) } else { cell }
    }

    /// A status, in words and colour, marked when overdue.
    pub fn status_cell(&self, status: Status, overdue: bool) -> Cell {
        let mut text = status_word(status, self.lang);
        if overdue {
            text = format!("{text} {}", StatusMsg::OverdueMark.get(self.lang));
        }
        let color = if overdue {
            Color::Red
        } else {
            match status {
                Status::Done => Color::Green,
                Status::InProgress => Color::Cyan,
                Status::Blocked => Color::Red,
                Status::Cancelled => Color::DarkGrey,
                Status::Planned => Color::Reset,
            }
        };
        self.colored(text, color)
    }

    /// A phase state, in words and colour, marked when the phase is late
    /// (its period is over and it is not done).
    pub fn phase_state_cell(&self, state: PhaseState, late: bool) -> Cell {
        let (word, color) = match state {
            PhaseState::Done => (StatusMsg::PhaseStateDone, Color::Green),
            PhaseState::InProgress => (StatusMsg::PhaseStateInProgress, Color::Cyan),
            PhaseState::Planned => (StatusMsg::PhaseStatePlanned, Color::Reset),
            PhaseState::Blocked => (StatusMsg::PhaseStateBlocked, Color::Red),
        };
        if late {
            let text = format!(
                "{} {}",
                word.get(self.lang),
                StatusMsg::OverdueMark.get(self.lang)
            );
            return self.colored(text, Color::Red);
        }
        self.colored(word.get(self.lang), color)
    }

    /// A heading line above a table.
    pub fn heading(&self, text: &str) -> String {
        let text = wrap(text, usize::from(self.width));
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// "██████░░░░ 3/5" — a bar of `cells` cells and the count.
pub fn progress_bar(progress: Progress, cells: usize) -> String {
    let filled = (progress.done * cells + progress.total / 2)
        .checked_div(progress.total)
        .unwrap_or(0);
    format!(
        "{}{} {}/{}",
        "█".repeat(filled),
        "░".repeat(cells - filled.min(cells)),
        progress.done,
        progress.total
    )
}

/// Wraps `text` at word boundaries to lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

/// A bar of `count` blocks, for small counts.
pub fn count_bar(count: usize, max_cells: usize) -> String {
    "■".repeat(count.min(max_cells))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_words() {
        assert_eq!(wrap("en to tre fire", 7), "en to\ntre\nfire");
        assert_eq!(wrap("", 7), "");
    }

    #[test]
    fn progress_bars_round_and_handle_nothing_to_do() {
        assert_eq!(
            progress_bar(Progress { done: 1, total: 3 }, 6),
            "██░░░░ 1/3"
        );
        assert_eq!(progress_bar(Progress { done: 0, total: 0 }, 4), "░░░░ 0/0");
        assert_eq!(progress_bar(Progress { done: 5, total: 5 }, 4), "████ 5/5");
    }
}
