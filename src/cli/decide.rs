//! `backbrief decide`: record a decision that changes a plan.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Context, decision_day, parse_date, print, require_decision_text};
use crate::error::{CommandError, CommandResult};
use crate::history::trail::plan_from_bytes;
use crate::history::write::WriteSession;
use crate::history::{DecisionText, PlansRepo, short_id};
use crate::i18n::{DecideMsg, HistoryMsg, Lang, Message, ValidateMsg};
use crate::plan::diff::{describe_all, diff};
use crate::plan::setter::{Setter, apply_setters};
use crate::plan::{Severity, check, source};

/// Record a decision that changes a plan, as one git commit.
///
/// With --set, apply those changes to the plan as last recorded; without,
/// take the hand edits of plans/<PLAN>.json in the work tree. The full
/// validation runs first: when the result is invalid nothing is recorded and
/// the file is left exactly as it was. Only that plan's file is committed,
/// even when other files have changes.
///
/// Setters: `--set workshop.status=done`, `--set fase-2.period=2025-spring`,
/// `--set fase-2.period.start=2025-03`, `--set workshop.owner="Teamleder Anna"`,
/// `--set title=...` (plan-level fields take no id),
/// `--set fase-1.subtasks+={"id":"x","title":"...","status":"planned"}` to add,
/// `--set x=` (empty) to remove an item. Values are read as JSON when they are
/// JSON, else as text.
#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// The plan (its id).
    pub plan: String,
    /// What was decided, in one line.
    #[arg(short = 'm', long = "message", value_name = "SUMMARY")]
    pub message: String,
    /// Who decided (a person or a body, such as "Lokal-MED").
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// A change to make: ID.FIELD=VALUE (repeatable). A status, period or
    /// date may be written as the tool shows it (udført, "i gang",
    /// "efterår 2024", "2. kvartal 2025", 2025-02/2025-07, 12.9.2024); the
    /// file keeps the canonical value (done, 2024-autumn, 2025-Q2, …).
    #[arg(long = "set", value_name = "ID.FIELD=VALUE")]
    pub set: Vec<String>,
    /// The day it was decided, as 2024-09-12, 12.9.2024 or "12. september
    /// 2024" (default: the day it is recorded).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// The meeting where it was decided, e.g. "MED-møde 12. september 2024".
    #[arg(long, value_name = "TEXT")]
    pub meeting: Option<String>,
    /// The rationale, recorded in the commit message body.
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
}

pub fn cmd_decide(context: &Context, args: DecideArgs) -> CommandResult {
    let lang = context.lang();
    require_decision_text(&args.message, &args.by, lang)?;
    let session = WriteSession::begin(&context.cwd, lang)?;
    let workspace = crate::workspace::Workspace {
        root: session.repo.root.clone(),
    };
    let id = args.plan.as_str();
    let path = PlansRepo::plan_path(id);
    let recorded = if crate::workspace::is_valid_id(id) {
        session.repo.file_at(session.head, &path).ok().flatten()
    } else {
        None
    };
    // Only a valid id names a file, and always one in plans/; of it, never
    // more than a plan may hold (a 200 MB file is refused, not read), and
    // never through a symbolic link.
    let on_disk = if crate::workspace::is_valid_id(id) {
        match source::read_bytes(&session.repo.root.join(&path)) {
            Ok(bytes) => Some(bytes),
            Err(source::ReadProblem::TooLarge { size }) => {
                let mb = |bytes: u64| bytes.div_ceil(1024 * 1024);
                let message = ValidateMsg::TooLarge.fill(
                    lang,
                    &[("size", &mb(size)), ("limit", &mb(source::MAX_PLAN_BYTES))],
                );
                return Err(CommandError::data(format!("{path}: {message}"))
                    .hinted(ValidateMsg::TooLargeHint.get(lang)));
            }
            Err(source::ReadProblem::SymbolicLink) => {
                return Err(crate::workspace::linked_plan_error(&path, lang));
            }
            // (read_bytes leaves UTF-8 to the validation below.)
            Err(source::ReadProblem::Io(_) | source::ReadProblem::NotUtf8 { .. }) => None,
        }
    } else {
        None
    };
    if recorded.is_none() && on_disk.is_none() {
        workspace.existing_plan(id, lang)?;
    }
    let plan_lang = context
        .lang
        .or_else(|| {
            recorded
                .as_deref()
                .or(on_disk.as_deref())
                .and_then(plan_from_bytes)
                .map(|p| p.language())
        })
        .unwrap_or(lang);

    let new_bytes = if args.set.is_empty() {
        let Some(bytes) = on_disk else {
            return Err(workspace
                .existing_plan(id, plan_lang)
                .err()
                .unwrap_or_else(|| nothing_to_decide(id, plan_lang)));
        };
        if Some(&bytes) == recorded.as_ref() {
            return Err(nothing_to_decide(id, plan_lang));
        }
        bytes
    } else {
        let Some(base) = recorded.as_ref() else {
            return Err(CommandError::data(
                DecideMsg::PlanNotInHistory.fill(plan_lang, &[("plan", &id)]),
            )
            .hinted(DecideMsg::PlanNotInHistoryHint.fill(plan_lang, &[("plan", &id)])));
        };
        if on_disk.as_ref() != Some(base) {
            return Err(CommandError::data(
                DecideMsg::HandEditsPresent.fill(plan_lang, &[("plan", &id)]),
            )
            .hinted(DecideMsg::HandEditsPresentHint.fill(plan_lang, &[("plan", &id)])));
        }
        let changed = apply_to(base, &args.set, plan_lang)?;
        let same = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
        if same(&changed).is_some() && same(&changed) == same(base) {
            return Err(nothing_to_decide(id, plan_lang));
        }
        changed
    };

    let text = source::text_from_bytes(new_bytes.clone()).unwrap_or_default();
    let checked = check::check_text(&text, &path, Some(id), context.lang);
    if checked.count(Severity::Error) > 0 || checked.plan.is_none() {
        let mut findings = String::new();
        for finding in &checked.findings {
            findings.push_str(&finding.render(checked.lang));
        }
        eprint!("{findings}");
        return Err(CommandError::data(
            DecideMsg::InvalidResult.fill(checked.lang, &[("plan", &id)]),
        ));
    }

    let decision = DecisionText {
        plan: id.to_string(),
        summary: args.message.clone(),
        body: args.body.clone(),
        decided_by: args.by.clone(),
        decided_on: decision_day(args.on, &session, plan_lang)?,
        meeting: args.meeting.clone(),
        extra: Vec::new(),
    };
    let commit = session.record(&path, &new_bytes, &decision, plan_lang)?;

    let before = recorded.as_deref().and_then(plan_from_bytes);
    let changes = diff(before.as_ref(), checked.plan.as_ref());
    let mut out = HistoryMsg::Recorded.fill(
        plan_lang,
        &[
            ("commit", &short_id(commit)),
            ("plan", &id),
            ("summary", &decision.summary),
        ],
    );
    out.push('\n');
    for line in describe_all(&changes, before.as_ref(), checked.plan.as_ref(), plan_lang) {
        out.push_str(&format!("  - {line}\n"));
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

fn nothing_to_decide(id: &str, lang: Lang) -> CommandError {
    CommandError::data(DecideMsg::NothingToDecide.fill(lang, &[("plan", &id)]))
        .hinted(DecideMsg::NothingToDecideHint.fill(lang, &[("plan", &id)]))
}

/// Applies the setters to the recorded plan; returns the new file's bytes.
fn apply_to(base: &[u8], set: &[String], lang: Lang) -> Result<Vec<u8>, CommandError> {
    let text = source::text_from_bytes(base.to_vec()).unwrap_or_default();
    let value = source::parse_json(&text)
        .map_err(|problem| CommandError::data(problem.detail))?
        .value;
    let mut setters = Vec::with_capacity(set.len());
    for raw in set {
        let setter = Setter::parse(raw, lang).map_err(|error| setter_error(&error, lang, true))?;
        setters.push(setter);
    }
    let value =
        apply_setters(&value, &setters, lang).map_err(|error| setter_error(&error, lang, false))?;
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    Ok(text.into_bytes())
}

fn setter_error(
    error: &crate::plan::setter::SetterError,
    lang: Lang,
    syntax: bool,
) -> CommandError {
    let _ = lang;
    let message = error.message.clone();
    let mut command_error = if syntax {
        CommandError::usage(message)
    } else {
        CommandError::data(message)
    };
    if let Some(hint) = &error.hint {
        command_error = command_error.hinted(hint.clone());
    }
    command_error
}
