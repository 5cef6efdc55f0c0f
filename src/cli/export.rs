//! `backbrief export`: one plan to a calendar, a spreadsheet or a script.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::ValueEnum;

use crate::cli::{Context, parse_date, print, today};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::recorded::{recorded_plan, unrecorded_words};
use crate::i18n::{Common, DraftMsg, ExportMsg, Lang, Message};
use crate::plan::{CheckedPlan, Plan, Severity};
use crate::render::export::{CsvOptions, calendar, json, plan_export, spreadsheet};

/// Export a plan to a calendar (ics), a spreadsheet (csv) or a script (json).
///
/// --format ics writes an iCalendar file (RFC 5545) that Outlook, Google
/// Calendar and Apple Calendar import: an all-day event for each phase, each
/// activity's due period, each milestone and each reporting date, described
/// with owner and status. Every event's id is made from the plan's and the
/// item's id, so importing a newer export updates the events instead of
/// adding copies.
///
/// --format csv writes one row per item (phase, activity, milestone,
/// reporting): kind, id, title, phase, owner, first and last day, status,
/// overdue and communities, with the header in the plan's language. Columns
/// are separated by semicolons and the file starts with a UTF-8 byte-order
/// mark, so Excel with Danish settings opens it as it is; use --delimiter ,
/// for other programs.
///
/// --format json writes the plan for scripts: every field, each period
/// resolved to its first and last day, and the derived phase state, progress
/// and overdue marks.
///
/// Status and overdue are computed for --at (default: today). Exit code 1
/// when the plan is invalid (its problems are listed), 3 when --out cannot be
/// written (nothing is left behind).
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The plan to export (its id, the file name without .json).
    pub plan: String,
    /// What to make: ics (calendar), csv (spreadsheet) or json (scripts).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Write to FILE instead of standard output. The file is replaced whole,
    /// or not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The character between the columns of --format csv (default: ;).
    #[arg(long, value_name = "C", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Leave out the byte-order mark at the start of --format csv (Excel
    /// needs it; some other programs do not want it).
    #[arg(long)]
    pub no_bom: bool,
    /// The day to compute status and overdue for, as 2024-09-12 or 12.9.2024 (default:
    /// today). Calendar events are stamped with it, so exports of the same
    /// plan for the same day are identical.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// iCalendar (RFC 5545), for Outlook, Google Calendar, Apple Calendar.
    Ics,
    /// Comma-separated values (semicolons by default), for Excel.
    Csv,
    /// The plan with derived fields, for scripts.
    Json,
}

impl ExportFormat {
    /// The usual file name extension.
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Ics => "ics",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// Parses `--delimiter`: one ASCII character that can separate columns.
fn parse_delimiter(text: &str) -> Result<u8, crate::cli::BadValue> {
    match text.as_bytes() {
        [byte] if byte.is_ascii() && !matches!(byte, b'"' | b'\n' | b'\r') => Ok(*byte),
        _ => Err(crate::cli::BadValue::new(|lang| {
            ExportMsg::BadDelimiter.fill(lang, &[("text", &text)])
        })),
    }
}

pub fn cmd_export(context: &Context, args: ExportArgs) -> CommandResult {
    csv_flags_only_with_csv(&args, context.lang())?;
    let (plan, path, lang) = valid_plan(context, &args.plan)?;
    let target = args.out.as_ref().map(|out| context.cwd.join(out));
    if let (Some(out), Some(target)) = (&args.out, &target)
        && is_same_file(target, &path)
    {
        let suggestion = format!("{}-export.{}", plan.id, args.format.extension());
        return Err(CommandError::usage(
            ExportMsg::OutIsPlan.fill(lang, &[("path", &out.display())]),
        )
        .hinted(ExportMsg::OutIsPlanHint.fill(lang, &[("suggestion", &suggestion)])));
    }
    let export = plan_export(&plan, today(args.at), &context.style(lang));
    let (text, what) = match args.format {
        ExportFormat::Ics => {
            let calendar = calendar(&export, lang);
            let what = ExportMsg::WhatIcs.fill(lang, &[("count", &calendar.count)]);
            (calendar.text, what)
        }
        ExportFormat::Csv => {
            let options = CsvOptions {
                delimiter: args.delimiter.unwrap_or(CsvOptions::default().delimiter),
                bom: !args.no_bom,
            };
            let sheet =
                spreadsheet(&export, lang, options).map_err(|error| render_error(&error, lang))?;
            let what = ExportMsg::WhatCsv.fill(lang, &[("count", &sheet.count)]);
            (sheet.text, what)
        }
        ExportFormat::Json => (
            json(&export).map_err(|error| render_error(&error, lang))?,
            ExportMsg::WhatJson.get(lang),
        ),
    };
    match (&args.out, &target) {
        (Some(out), Some(target)) => {
            crate::atomic_file::write(target, text.as_bytes()).map_err(|error| {
                CommandError::environment(Common::CannotWrite.fill(
                    lang,
                    &[
                        ("path", &out.display()),
                        ("reason", &crate::io_reason(&error, lang)),
                    ],
                ))
            })?;
            print(&format!(
                "{}\n",
                ExportMsg::Written.fill(lang, &[("path", &out.display()), ("what", &what)])
            ));
        }
        _ => crate::cli::print_document(&text),
    }
    Ok(Outcome::Success)
}

/// `--delimiter` and `--no-bom` shape a spreadsheet; with another format
/// they are a mistake worth pointing out.
fn csv_flags_only_with_csv(args: &ExportArgs, lang: Lang) -> Result<(), CommandError> {
    if args.format == ExportFormat::Csv {
        return Ok(());
    }
    let flag = match (args.delimiter.is_some(), args.no_bom) {
        (true, _) => "--delimiter",
        (false, true) => "--no-bom",
        (false, false) => return Ok(()),
    };
    Err(
        CommandError::usage(ExportMsg::CsvOnly.fill(lang, &[("flag", &flag)]))
            .hinted(ExportMsg::CsvOnlyHint.fill(lang, &[("flag", &flag)])),
    )
}

/// The plan, when it is valid, its file, and the language to speak about it. An
/// invalid plan's findings go to standard error (standard output may be a
/// file being made), and the command fails with exit code 1.
fn valid_plan(context: &Context, id: &str) -> Result<(Plan, PathBuf, Lang), CommandError> {
    let workspace = context.workspace();
    // The plan as recorded: changes not recorded are named, never exported.
    let reader = recorded_plan(&workspace, id, context.lang())?;
    let path = workspace.root.join(&reader.file);
    let CheckedPlan {
        plan,
        findings,
        lang,
    } = reader.check(context.lang);
    let errors = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .count();
    match plan {
        Some(plan) if errors == 0 => {
            if !reader.unrecorded.is_empty() {
                crate::cli::eprint(&format!(
                    "{}\n",
                    DraftMsg::ExportNote.fill(
                        lang,
                        &[
                            ("plan", &id),
                            ("sources", &unrecorded_words(&reader.unrecorded, lang)),
                        ],
                    )
                ));
            }
            Ok((plan, path, lang))
        }
        _ => Err(CommandError::invalid(
            Common::PlanInvalid.fill(lang, &[("id", &id), ("errors", &errors)]),
            findings,
        )),
    }
}

/// Whether two paths name the same existing file.
fn is_same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn render_error(error: &dyn std::fmt::Display, lang: Lang) -> CommandError {
    CommandError::environment(ExportMsg::CannotRender.fill(lang, &[("reason", error)]))
}
