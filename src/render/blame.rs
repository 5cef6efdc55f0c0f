//! `blame` for people: one short table per item — each field as the status
//! table names it, its value in words, and when and by whom it was last
//! decided — and the decisions named once, below.

use crate::history::blame::BlameLine;
use crate::history::decision::Decision;
use crate::history::short_id;
use crate::i18n::{AuditMsg, LogMsg, Message};
use crate::plan::Plan;
use crate::plan::dates::day_display;
use crate::plan::diff::ItemKind;
use crate::render::Style;
use crate::render::describe::field_in_words;

/// How many characters of a value a row shows (`--json` has them all).
const VALUE_CHARS: usize = 50;
/// How many characters of a summary the list of decisions shows.
const SUMMARY_CHARS: usize = 80;

/// The blame of `plan` as tables, one per item, in the order of the file.
pub fn blame_tables(plan: &Plan, lines: &[BlameLine], style: &Style) -> String {
    let lang = style.lang;
    // The decisions, numbered from the earliest, so a row can name one briefly.
    let mut decisions: Vec<&Decision> = Vec::new();
    for decision in lines.iter().filter_map(|line| line.decision.as_ref()) {
        if !decisions
            .iter()
            .any(|known| known.commit == decision.commit)
        {
            decisions.push(decision);
        }
    }
    decisions.sort_by_key(|decision| (decision.decided_on, decision.recorded_at));
    let number = |decision: &Decision| {
        decisions
            .iter()
            .position(|known| known.commit == decision.commit)
            .map_or(0, |index| index + 1)
    };
    let mut out = String::new();
    let mut never_set = false;
    let mut start = 0;
    while start < lines.len() {
        let item = &lines[start].item;
        let end = lines[start..]
            .iter()
            .position(|line| line.item != *item)
            .map_or(lines.len(), |offset| start + offset);
        let (kind, heading) = heading(plan, item.as_deref(), style);
        let mut table = style.table(&[]);
        table.set_header(vec![
            style.bold(LogMsg::ColField.get(lang)),
            style.bold(LogMsg::ColValue.get(lang)),
            style.bold(AuditMsg::ColLastSet.get(lang)),
        ]);
        for line in &lines[start..end] {
            let technical = match kind {
                ItemKind::Plan => ["$schema", "format"].contains(&line.field.as_str()),
                _ => line.field == "id",
            };
            if technical {
                continue;
            }
            let (label, value) =
                field_in_words(plan, kind, &line.field, &line.value, lang, VALUE_CHARS);
            let set = match &line.decision {
                Some(decision) => AuditMsg::LastSet.fill(
                    lang,
                    &[
                        ("date", &short_date(decision.decided_on, style)),
                        ("by", &visible(&decision.decided_by)),
                        ("number", &number(decision)),
                    ],
                ),
                None => {
                    never_set = true;
                    LogMsg::NeverSet.get(lang)
                }
            };
            table.add_row(vec![visible(&label), visible(&value), set]);
        }
        out.push_str(&style.heading(&heading));
        out.push('\n');
        out.push_str(&table.to_string());
        out.push_str("\n\n");
        start = end;
    }
    if !decisions.is_empty() {
        out.push_str(&style.heading(&AuditMsg::DecisionsHeading.get(lang)));
        out.push('\n');
        let mut table = style.table(&[]);
        table.set_header(vec![
            style.bold(AuditMsg::ColNumber.get(lang)),
            style.bold(AuditMsg::ColDecided.get(lang)),
            style.bold(AuditMsg::ColBy.get(lang)),
            style.bold(AuditMsg::ColSummary.get(lang)),
            style.bold(AuditMsg::ColCommit.get(lang)),
        ]);
        for decision in &decisions {
            table.add_row(vec![
                number(decision).to_string(),
                day_display(decision.decided_on, lang),
                visible(&decision.decided_by),
                visible(&cut(&decision.summary, SUMMARY_CHARS)),
                short_id(decision.commit),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    if never_set {
        out.push_str(&AuditMsg::NeverSetNote.get(lang));
        out.push('\n');
    }
    out
}

/// A day in few characters: 12.09.2024 / 2024-09-12.
fn short_date(day: chrono::NaiveDate, style: &Style) -> String {
    use chrono::Datelike;
    AuditMsg::ShortDate.fill(
        style.lang,
        &[
            ("day", &format!("{:02}", day.day())),
            ("month", &format!("{:02}", day.month())),
            ("year", &day.year()),
        ],
    )
}

/// The kind of the item `id` (the plan itself for `None`) and its heading.
fn heading(plan: &Plan, id: Option<&str>, style: &Style) -> (ItemKind, String) {
    let lang = style.lang;
    let named = |message: AuditMsg, title: &str, id: &str| {
        message.fill(lang, &[("title", &visible(title)), ("id", &id)])
    };
    let Some(id) = id else {
        return (
            ItemKind::Plan,
            AuditMsg::PlanHeading.fill(lang, &[("title", &visible(&plan.title))]),
        );
    };
    for phase in &plan.phases {
        if phase.id == id {
            return (
                ItemKind::Phase,
                named(AuditMsg::PhaseHeading, &phase.title, id),
            );
        }
        if let Some(subtask) = phase.subtasks.iter().find(|subtask| subtask.id == id) {
            return (
                ItemKind::Subtask,
                named(AuditMsg::SubtaskHeading, &subtask.title, id),
            );
        }
    }
    if let Some(milestone) = plan.milestones.iter().find(|m| m.id == id) {
        return (
            ItemKind::Milestone,
            named(AuditMsg::MilestoneHeading, &milestone.title, id),
        );
    }
    let what = plan
        .reporting
        .iter()
        .find(|reporting| reporting.id == id)
        .map_or(id, |reporting| reporting.what.as_str());
    (
        ItemKind::Reporting,
        named(AuditMsg::ReportingHeading, what, id),
    )
}

/// Text from a plan or a commit, with control characters made visible
/// before the table measures it.
fn visible(text: &str) -> String {
    crate::render::terminal::visible(text).into_owned()
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
