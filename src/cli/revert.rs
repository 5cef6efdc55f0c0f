//! `backbrief revert`: a new decision that undoes an earlier one.

use crate::cli::{Context, DecisionArgs, print_recorded, record};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::decision::REVERTS;
use crate::history::door::{Candidate, DecisionInput, Draft};
use crate::history::plan_file::plan_text;
use crate::history::repo::git_error;
use crate::history::trail::changes_of;
use crate::history::{PlansRepo, read_decision, short_id};
use crate::i18n::{DecideMsg, HistoryMsg, Message, RevertMsg};
use crate::plan::diff::{apply, invert};
use crate::plan::source;

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
    #[command(flatten)]
    pub decision: DecisionArgs,
}

pub fn cmd_revert(context: &Context, args: RevertArgs) -> CommandResult {
    let lang = context.lang();
    // The revert is computed from the plan as recorded now; the door
    // merges it over anything decided before it takes the lock.
    let repo = &PlansRepo::open(&context.cwd, lang)?;
    let head = repo.head_commit(lang)?;
    let oid = repo.resolve_commit(&args.commit, lang)?;
    let commit = repo.git.find_commit(oid).map_err(|e| git_error(&e, lang))?;
    let Some(decision) = read_decision(&commit) else {
        return Err(CommandError::data(
            HistoryMsg::NotADecision.fill(lang, &[("commit", &short_id(oid))]),
        ));
    };
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
    // The plan as recorded now, with the decision's changes undone.
    let path = PlansRepo::plan_path(&decision.plan);
    let Some(current) = repo.file_at(head, &path).ok().flatten() else {
        return Err(CommandError::data(
            DecideMsg::PlanNotInHistory.fill(lang, &[("plan", &decision.plan)]),
        ));
    };
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
    let reverted = plan_text(&reverted);
    if reverted == current {
        return Err(CommandError::data(
            RevertMsg::NothingToRevert.fill(lang, &[("commit", &short_id(oid))]),
        ));
    }
    let body = RevertMsg::Body.fill(lang, &[("commit", &oid), ("summary", &decision.summary)]);
    let input = DecisionInput {
        extra: vec![(REVERTS, oid.to_string())],
        ..args.decision.input(Some(body))
    };
    let draft = Draft {
        from: Some(head),
        run_hooks: !args.decision.when.no_verify,
        ..Draft::new(&decision.plan, Candidate::Text(reverted), input)
    };
    let recorded = record(context, &context.cwd, draft, context.lang)?;
    print_recorded(&recorded, false);
    Ok(Outcome::Success)
}
