//! `backbrief status`: where every plan, phase and activity stands.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Context, parse_date, print, print_json, today};
use crate::error::{CommandError, CommandResult};
use crate::i18n::{Common, Message, StatusMsg};
use crate::plan::{Severity, check};
use crate::render::status::{detail_tables, invalid_row, overview_table, plan_detail, plan_row};

/// Show where plans stand.
///
/// Without PLAN: one row per plan — title, current phase, progress (subtasks
/// done of those not cancelled), how many items are overdue, and what is due
/// next. With PLAN: its phases with progress, every subtask (owner, due date,
/// status; overdue marked), what is overdue and due in the next 30 days, the
/// reporting obligations, and the balance across the four working
/// communities. An item is overdue when it is not done or cancelled and its
/// due period has ended.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The plan to show in detail (its id, the file name without .json).
    pub plan: Option<String>,
    /// The day to compute status for, as YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    /// Print the status as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
}

pub fn cmd_status(context: &Context, args: StatusArgs) -> CommandResult {
    let today = today(args.at);
    let workspace = context.workspace();
    match &args.plan {
        None => {
            let files: Vec<_> = workspace
                .plan_files(context.lang())?
                .into_iter()
                .map(|path| {
                    let shown = workspace.shown(&path);
                    (path, shown)
                })
                .collect();
            let checked = check::check_files(&files, context.lang);
            let style = context.style(context.lang());
            let mut invalid = 0;
            let rows: Vec<_> = files
                .iter()
                .zip(&checked)
                .map(|((path, shown), checked)| {
                    match (&checked.plan, checked.count(Severity::Error)) {
                        (Some(plan), 0) => plan_row(plan, shown.clone(), today, &style),
                        (_, errors) => {
                            invalid += 1;
                            let id = path
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            invalid_row(id, shown.clone(), errors)
                        }
                    }
                })
                .collect();
            if args.json {
                print_json(&serde_json::json!({ "at": today, "plans": rows }));
            } else {
                let mut out = overview_table(&rows, today, &style);
                if invalid > 0 {
                    out.push_str(&StatusMsg::SomeInvalid.fill(style.lang, &[("count", &invalid)]));
                    out.push('\n');
                }
                print(&out);
            }
            Ok(if invalid > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Some(id) => {
            let path = workspace.existing_plan(id, context.lang())?;
            let shown = workspace.shown(&path);
            let checked = check::check_file(&path, &shown, context.lang);
            let lang = checked.lang;
            let plan = match checked.plan {
                Some(plan) if checked.count(Severity::Error) == 0 => plan,
                _ => {
                    return Err(CommandError::data(Common::PlanInvalid.fill(
                        lang,
                        &[("id", id), ("errors", &checked.count(Severity::Error))],
                    ))
                    .hinted(Common::PlanInvalidHint.fill(lang, &[("file", &shown)])));
                }
            };
            let style = context.style(lang);
            let detail = plan_detail(&plan, today, &style);
            if args.json {
                print_json(&detail);
            } else {
                print(&detail_tables(&plan, &detail, &style));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
