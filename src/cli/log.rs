//! `backbrief log`: the audit trail, one row per decision.

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::{Context, parse_date, print};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::audit::{self, TrailFilter};
use crate::history::repo::git_error;
use crate::history::{Decision, PlansRepo, short_id};
use crate::i18n::{LogMsg, Message, StatusMsg};
use crate::plan::dates::day_display;
use crate::plan::diff::Change;
use crate::render::Style;

/// Show the audit trail: who decided what, and when — newest first.
///
/// Each row shows the day it was decided and by whom, when and by whom it
/// was recorded, the plan, the summary and what changed. Decisions come in
/// the order they were recorded (commit date, as `git log` shows them); the
/// history is read as it is shown, so a long one starts at once.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Only decisions on this plan.
    pub plan: Option<String>,
    /// Only decisions decided or recorded by someone whose name contains WHO.
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    /// Only decisions decided on or after this day (2024-09-12, 12.9.2024,
    /// "12. september 2024").
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Only decisions decided on or before this day (2024-09-12, 12.9.2024,
    /// "12. september 2024").
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<NaiveDate>,
    /// Only decisions that changed the item with this id.
    #[arg(long, value_name = "ID")]
    pub item: Option<String>,
    /// At most this many decisions.
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Print the decisions as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
}

/// One decision in `log --json` and `show --json`.
#[derive(Debug, Serialize)]
pub struct DecisionView<'a> {
    #[serde(flatten)]
    pub decision: &'a Decision,
    /// What changed, item by item.
    pub changes: &'a [Change],
    /// The changes in words.
    pub described: Vec<String>,
}

pub fn cmd_log(context: &Context, args: LogArgs) -> CommandResult {
    let lang = context.lang();
    if let (Some(since), Some(until)) = (args.since, args.until)
        && since > until
    {
        return Err(CommandError::usage(
            LogMsg::SinceAfterUntil.fill(lang, &[("since", &since), ("until", &until)]),
        ));
    }
    let repo = PlansRepo::open(&context.cwd, lang)?;
    let head = repo.head_commit(lang)?;
    // Only reading: like `git log`, trust the object store rather than
    // hashing every object again (`verify` checks the hashes). On a long
    // history that is a third of the time.
    git2::opts::strict_hash_verification(false);
    // Each commit and tree is read once on the way back: libgit2's object
    // cache would only grow with the history (to 256 MB), not speed it up.
    git2::opts::enable_caching(false);
    if let Some(plan) = &args.plan
        && repo
            .file_at(head, &PlansRepo::plan_path(plan))
            .ok()
            .flatten()
            .is_none()
    {
        crate::workspace::Workspace {
            root: repo.root.clone(),
        }
        .existing_plan(plan, lang)?;
    }
    let filter = TrailFilter {
        plan: args.plan.clone(),
        by: args.by.clone(),
        since: args.since,
        until: args.until,
        item: args.item.clone(),
        grep: None,
    };
    let matching = audit::matching(&repo, head, &filter, context.lang, lang)
        .map_err(|e| git_error(&e, lang))?
        .map(|entry| {
            (
                entry.decision,
                Summary {
                    changes: entry.changes,
                    described: entry.described,
                },
            )
        })
        .take(args.limit.unwrap_or(usize::MAX));

    if args.json {
        // Stream: one element at a time, never the whole history in memory.
        let mut first = true;
        print("[");
        for (decision, summary) in matching {
            let view = DecisionView {
                decision: &decision,
                changes: &summary.changes,
                described: summary.described,
            };
            let text = serde_json::to_string_pretty(&view).unwrap_or_default();
            print(&format!("{}\n{text}", if first { "" } else { "," }));
            first = false;
        }
        print("\n]\n");
        return Ok(Outcome::Success);
    }

    let style = context.style(lang);
    let mut table = log_table(&style);
    let mut count = 0;
    // The first rows make one table, as always; a longer history streams on
    // in further tables of the same column widths, printed without the
    // borders between them, so it reads as one table and is never held whole.
    let mut widths: Option<Vec<u16>> = None;
    for (decision, Summary { described, .. }) in matching {
        if table.row_count() == ROWS_PER_TABLE {
            let text = table.to_string();
            if widths.is_none() {
                widths = Some(column_widths(&text));
            }
            print(&without_borders(&text, count == ROWS_PER_TABLE, false));
            table = continued_table(&style);
        }
        add_row(&mut table, &decision, &described, &style);
        if let (1, Some(fixed)) = (table.row_count(), &widths) {
            // The columns exist once a row does.
            table.set_constraints(fixed.iter().map(|width| {
                comfy_table::ColumnConstraint::Absolute(comfy_table::Width::Fixed(*width))
            }));
        }
        count += 1;
    }
    if count == 0 {
        print(&format!("{}\n", LogMsg::NoDecisions.get(lang)));
    } else {
        let text = table.to_string();
        let text = if widths.is_some() {
            without_borders(&text, false, true)
        } else {
            text
        };
        print(&format!(
            "{text}\n{}\n",
            match count {
                1 => LogMsg::CountOne.get(lang),
                _ => LogMsg::Count.fill(lang, &[("count", &count)]),
            }
        ));
    }
    Ok(Outcome::Success)
}

/// What the log shows of a decision's changes, made on a worker.
struct Summary {
    /// The changes, item by item.
    changes: Vec<Change>,
    /// Each change in words.
    described: Vec<String>,
}

/// How many rows one table of the log holds before the next one follows.
const ROWS_PER_TABLE: usize = 256;

/// The width of each column of a rendered table, borders between them
/// excluded, read from its top border.
fn column_widths(text: &str) -> Vec<u16> {
    let top = text.lines().next().unwrap_or_default();
    let inner = top.trim_start_matches('┌').trim_end_matches('┐').split('┬');
    inner.map(|part| part.chars().count() as u16).collect()
}

/// A rendered table's lines with a newline after each, without its top
/// border (unless `keep_top`) and without its bottom border (unless
/// `keep_bottom`).
fn without_borders(text: &str, keep_top: bool, keep_bottom: bool) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = usize::from(!keep_top);
    let end = if keep_bottom {
        lines.len()
    } else {
        lines.len().saturating_sub(1)
    };
    let mut out = String::with_capacity(text.len());
    for line in lines.get(start..end).unwrap_or_default() {
        out.push_str(line);
        out.push('\n');
    }
    if keep_bottom && out.ends_with('\n') {
        out.pop();
    }
    out
}

/// A table without header to continue a log table (its column widths are
/// fixed once it has a row).
fn continued_table(style: &Style) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .force_no_tty()
        .set_width(style.width);
    if style.color {
        table.enforce_styling();
    }
    table
}

fn log_table(style: &Style) -> comfy_table::Table {
    let lang = style.lang;
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .force_no_tty()
        .set_width(style.width)
        .set_header(vec![
            style.bold(LogMsg::ColDecided.get(lang)),
            style.bold(LogMsg::ColRecorded.get(lang)),
            style.bold(LogMsg::ColPlan.get(lang)),
            style.bold(LogMsg::ColDecision.get(lang)),
        ]);
    if style.color {
        table.enforce_styling();
    }
    if let Some(column) = table.column_mut(2) {
        column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    if let Some(column) = table.column_mut(3) {
        column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
            comfy_table::Width::Percentage(45),
        ));
    }
    table
}

fn add_row(
    table: &mut comfy_table::Table,
    decision: &Decision,
    described: &[String],
    style: &Style,
) {
    let lang = style.lang;
    let recorded_by = decision.recorded_by.split(" <").next().unwrap_or_default();
    let mut text = format!("{} ({})", decision.summary, short_id(decision.commit));
    for line in described {
        text.push_str(&format!("\n- {line}"));
    }
    if described.is_empty() {
        text.push_str(&format!("\n{}", StatusMsg::Nothing.get(lang)));
    }
    table.add_row(vec![
        comfy_table::Cell::new(format!(
            "{}\n{}",
            day_display(decision.decided_on, lang),
            decision.decided_by
        )),
        comfy_table::Cell::new(format!(
            "{}\n{recorded_by}",
            decision.recorded_at.format("%Y-%m-%d %H:%M")
        )),
        comfy_table::Cell::new(decision.plan.clone()),
        comfy_table::Cell::new(text),
    ]);
}
