//! `backbrief revert`: a new decision that undoes an earlier one.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Context, decision_day, parse_date, print};
use crate::error::{CommandError, CommandResult};
use crate::history::decision::REVERTS;
use crate::history::repo::git_error;
use crate::history::trail::{changes_of, plan_from_bytes};
use crate::history::write::{WriteSession, read_unfollowed};
use crate::history::{DecisionText, PlansRepo, read_decision, short_id};
use crate::i18n::{DecideMsg, HistoryMsg, Message, RevertMsg};
use crate::plan::diff::{apply, describe_all, diff, invert};
use crate::plan::{Severity, check, source};

/// Record a new decision that undoes an earlier one.
///
/// History is never rewritten: the earlier decision stays, and the revert is
/// a decision of its own (with a `Reverts:` trailer naming it).
///
/// When a later decision changed the same fields, the revert is refused with
/// an explanation (exit 1); decide what the plan should say with
/// `backbrief decide` instead.
#[derive(Debug, clap::Args)]
pub struct RevertArgs {
    /// The decision to undo (its commit id, as `backbrief log` shows it).
    pub commit: String,
    /// Why it is undone, in one line.
    #[arg(short = 'm', long = "message", value_name = "SUMMARY")]
    pub message: String,
    /// Who decided to undo it.
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// The day it was decided, as 2024-09-12, 12.9.2024 or "12. september
    /// 2024" (default: the day it is recorded).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// The meeting where it was decided.
    #[arg(long, value_name = "TEXT")]
    pub meeting: Option<String>,
}

pub fn cmd_revert(context: &Context, args: RevertArgs) -> CommandResult {
    let lang = context.lang();
    crate::cli::require_decision_text(&args.message, &args.by, lang)?;
    let session = WriteSession::begin(&context.cwd, lang)?;
    let repo = &session.repo;
    let oid = repo.resolve_commit(&args.commit, lang)?;
    let commit = repo.git.find_commit(oid).map_err(|e| git_error(&e, lang))?;
    let Some(decision) = read_decision(&commit) else {
        return Err(CommandError::data(
            HistoryMsg::NotADecision.fill(lang, &[("commit", &short_id(oid))]),
        ));
    };
    let path = PlansRepo::plan_path(&decision.plan);
    let undone = changes_of(repo, &decision);
    let lang = context
        .lang
        .or(undone.after.as_ref().map(|p| p.language()))
        .unwrap_or(lang);
    if undone.before.is_none() {
        return Err(CommandError::data(
            RevertMsg::CannotRevertCreation.fill(lang, &[("plan", &decision.plan)]),
        )
        .hinted(RevertMsg::CannotRevertCreationHint.get(lang)));
    }
    let Some(current) = repo.file_at(session.head, &path).ok().flatten() else {
        return Err(CommandError::data(
            DecideMsg::PlanNotInHistory.fill(lang, &[("plan", &decision.plan)]),
        ));
    };
    let full = repo.root.join(&path);
    crate::workspace::ensure_not_linked(&full, &path, lang)?;
    if read_unfollowed(&full).ok().as_ref() != Some(&current) {
        return Err(CommandError::data(
            DecideMsg::HandEditsPresent.fill(lang, &[("plan", &decision.plan)]),
        )
        .hinted(DecideMsg::HandEditsPresentHint.fill(lang, &[("plan", &decision.plan)])));
    }
    let text = source::text_from_bytes(current.clone()).unwrap_or_default();
    let value = source::parse_json(&text)
        .map_err(|p| CommandError::data(p.detail))?
        .value;
    let reverted = apply(&value, &invert(&undone.changes)).map_err(|conflict| {
        CommandError::data(RevertMsg::Conflict.fill(
            lang,
            &[
                ("commit", &short_id(oid)),
                ("problem", &conflict.message(lang)),
            ],
        ))
        .hinted(RevertMsg::ConflictHint.fill(lang, &[("plan", &decision.plan)]))
    })?;
    let mut new_text = serde_json::to_string_pretty(&reverted).unwrap_or_default();
    new_text.push('\n');
    if new_text.as_bytes() == current.as_slice() {
        return Err(CommandError::data(
            RevertMsg::NothingToRevert.fill(lang, &[("commit", &short_id(oid))]),
        ));
    }
    let checked = check::check_text(&new_text, &path, Some(&decision.plan), context.lang);
    if checked.count(Severity::Error) > 0 || checked.plan.is_none() {
        let mut findings = String::new();
        for finding in &checked.findings {
            findings.push_str(&finding.render(checked.lang));
        }
        eprint!("{findings}");
        return Err(CommandError::data(
            DecideMsg::InvalidResult.fill(lang, &[("plan", &decision.plan)]),
        ));
    }
    let record = DecisionText {
        plan: decision.plan.clone(),
        summary: args.message.clone(),
        body: Some(RevertMsg::Body.fill(lang, &[("commit", &oid), ("summary", &decision.summary)])),
        decided_by: args.by.clone(),
        decided_on: decision_day(args.on, &session, lang)?,
        meeting: args.meeting.clone(),
        extra: vec![(REVERTS, oid.to_string())],
    };
    let new_commit = session.record(&path, new_text.as_bytes(), &record, lang)?;
    let before = plan_from_bytes(&current);
    let changes = diff(before.as_ref(), checked.plan.as_ref());
    let mut out = HistoryMsg::Recorded.fill(
        lang,
        &[
            ("commit", &short_id(new_commit)),
            ("plan", &decision.plan),
            ("summary", &record.summary),
        ],
    );
    out.push('\n');
    for line in describe_all(&changes, before.as_ref(), checked.plan.as_ref(), lang) {
        out.push_str(&format!("  - {line}\n"));
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}
