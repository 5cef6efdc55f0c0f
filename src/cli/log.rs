//! `backbrief log`: the audit trail, one row per decision.

use std::cell::RefCell;
use std::io::IsTerminal;
use std::rc::Rc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::{Context, parse_date};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::audit::{self, TrailFilter};
use crate::history::change_cache::{ChangeCache, Remembered};
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
    /// Print the decisions as JSON (for scripts): one array, written
    /// element by element as the history is read, so a reader may start on
    /// the first while the rest comes.
    #[arg(long)]
    pub json: bool,
    /// Print straight to the terminal, not through the pager
    /// (`BACKBRIEF_PAGER`, else `PAGER`, else `less`; the command is started
    /// as a program with its arguments, never through a shell).
    #[arg(long)]
    pub no_pager: bool,
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
    crate::history::object_checks::trust_the_object_store();
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
    // What earlier runs worked out is read back rather than computed again
    // (not with --item, which must see the plan versions to choose).
    let cache = ChangeCache::open(repo.git.commondir()).map(|cache| Rc::new(RefCell::new(cache)));
    let cache_lang = format!("{:?}/{lang:?}", context.lang);
    let known = cache.as_ref().map(|cache| {
        let (cache, cache_lang) = (Rc::clone(cache), cache_lang.clone());
        Box::new(move |decision: &Decision| {
            let remembered =
                cache
                    .borrow_mut()
                    .get(decision.commit, &decision.plan, &cache_lang)?;
            Some((remembered.changes, remembered.described))
        }) as audit::Known<'_>
    });
    let remember = |entry: &audit::TrailEntry| {
        if let Some(cache) = cache.as_ref().filter(|_| entry.fresh) {
            cache.borrow_mut().put(
                entry.decision.commit,
                &entry.decision.plan,
                &cache_lang,
                &Remembered {
                    changes: entry.changes.clone(),
                    described: entry.described.clone(),
                },
            );
        }
    };
    let matching = audit::matching_known(&repo, head, &filter, context.lang, lang, known)
        .map_err(|e| git_error(&e, lang))?
        .inspect(remember)
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

    let mut out = crate::cli::pager::Output::start(args.no_pager);
    if args.json {
        // A JSON array written element by element as the history is read:
        // never the whole history in memory, and valid JSON once ended.
        let mut first = true;
        let mut open = out.json("[");
        for (decision, summary) in matching {
            if !open {
                break;
            }
            let view = DecisionView {
                decision: &decision,
                changes: &summary.changes,
                described: summary.described,
            };
            let text = serde_json::to_string_pretty(&view).unwrap_or_default();
            open = out.json(&format!("{}\n{text}", if first { "" } else { "," }));
            first = false;
        }
        out.json("\n]\n");
        out.finish();
        finish_cache(cache);
        return Ok(Outcome::Success);
    }

    let style = context.style(lang);
    let widths = column_widths(log_width(&style), longest_plan_id(&repo, head));
    let mut count = 0;
    let mut bottom = String::new();
    // Each row is laid out on its own in columns fixed by the terminal's
    // width, and printed as soon as it is read: the rows read as one table.
    for (decision, Summary { described, .. }) in matching {
        let mut table = log_table(&style, count == 0, &widths);
        add_row(&mut table, &decision, &described, &style);
        fix_widths(&mut table, &widths);
        let text = table.to_string();
        let (rows, last) = text.rsplit_once('\n').unwrap_or((&text, ""));
        bottom = last.to_string();
        let rows = if count == 0 {
            rows
        } else {
            rows.split_once('\n').map_or("", |(_, rest)| rest)
        };
        count += 1;
        if !out.text(&format!("{rows}\n")) {
            break;
        }
    }
    if count == 0 {
        out.text(&format!("{}\n", LogMsg::NoDecisions.get(lang)));
    } else {
        out.text(&format!(
            "{bottom}\n{}\n",
            match count {
                1 => LogMsg::CountOne.get(lang),
                _ => LogMsg::Count.fill(lang, &[("count", &count)]),
            }
        ));
    }
    out.finish();
    finish_cache(cache);
    Ok(Outcome::Success)
}

/// Writes what this run added to the cache.
fn finish_cache(cache: Option<Rc<RefCell<ChangeCache>>>) {
    if let Some(cache) = cache.and_then(|cache| Rc::try_unwrap(cache).ok()) {
        cache.into_inner().finish();
    }
}

/// What the log shows of a decision's changes, made on a worker.
struct Summary {
    /// The changes, item by item.
    changes: Vec<Change>,
    /// Each change in words.
    described: Vec<String>,
}

/// The width the log fits: `COLUMNS`, else the terminal's, else 80.
fn log_width(style: &Style) -> u16 {
    if std::env::var_os("COLUMNS").is_some() || !std::io::stdout().is_terminal() {
        return style.width;
    }
    comfy_table::Table::new()
        .width()
        .filter(|width| *width >= 40)
        .unwrap_or(style.width)
}

/// The length of the longest plan id in the plans folder at `head` (the
/// plan column's width, however long the history).
fn longest_plan_id(repo: &PlansRepo, head: git2::Oid) -> usize {
    let folder = repo
        .git
        .find_commit(head)
        .and_then(|commit| commit.tree())
        .ok()
        .and_then(|tree| {
            let entry = tree.get_name(crate::history::repo::PLANS_DIR)?;
            repo.git.find_tree(entry.id()).ok()
        });
    folder.map_or(0, |folder| {
        folder
            .iter()
            .filter_map(|entry| entry.name().ok()?.strip_suffix(".json").map(str::len))
            .max()
            .unwrap_or(0)
    })
}

/// The width of each column of the log (padding included) in a table
/// `width` wide: the decision column takes what the others leave.
fn column_widths(width: u16, longest_plan: usize) -> [u16; 4] {
    let (decided, recorded) = match width {
        0..60 => (10, 10),
        60..100 => (11, 11),
        _ => (18, 16),
    };
    let plan = (longest_plan as u16).clamp(4, 30).min(width / 5);
    let taken = decided + recorded + plan + 6 + 5;
    let decision = width.saturating_sub(taken).max(12);
    [decided + 2, recorded + 2, plan + 2, decision]
}

/// A table of one row of the log, with the header when `header`.
fn log_table(style: &Style, header: bool, widths: &[u16; 4]) -> comfy_table::Table {
    let lang = style.lang;
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .force_no_tty()
        .set_width(widths.iter().sum::<u16>() + 5);
    if header {
        table.set_header(vec![
            style.bold(LogMsg::ColDecided.get(lang)),
            style.bold(LogMsg::ColRecorded.get(lang)),
            style.bold(LogMsg::ColPlan.get(lang)),
            style.bold(LogMsg::ColDecision.get(lang)),
        ]);
    }
    if style.color {
        table.enforce_styling();
    }
    table
}

/// Fixes the columns of a table to `widths` (its columns exist only once
/// it has a row or a header, so this comes after them).
fn fix_widths(table: &mut comfy_table::Table, widths: &[u16; 4]) {
    table.set_constraints(
        widths.iter().map(|width| {
            comfy_table::ColumnConstraint::Absolute(comfy_table::Width::Fixed(*width))
        }),
    );
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
