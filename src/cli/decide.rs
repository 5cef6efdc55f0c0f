//! `backbrief decide`: record a decision that changes a plan.

use chrono::NaiveDate;

use crate::cli::{Context, parse_date, print_recorded, require_decision_text};
use crate::error::{CommandResult, Outcome};
use crate::history::door::{self, Candidate, DecisionInput, Draft};
use crate::history::drafts::{self, Person};
use crate::history::write::WriteSession;

/// Record a decision that changes a plan, as one git commit.
///
/// With --set, apply those changes to the plan as last recorded; without,
/// take the hand edits of plans/<PLAN>.json in the work tree, or, when the
/// file has none, your draft from the browser (`backbrief serve`, kept in
/// .git/backbrief/drafts/), which is then removed. The full
/// validation runs first: when the result is invalid nothing is recorded and
/// the file is left exactly as it was. A result with warnings is recorded
/// and the warnings are shown (--strict refuses it). Only that plan's file
/// is committed, even when other files have changes.
///
/// The repository's pre-commit and commit-msg hooks run as with git commit
/// (--no-verify skips them), and post-commit afterwards. If the file is
/// saved again in an editor while the decision is recorded, that later save
/// is kept in the file, not overwritten, and is left to be recorded next.
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
    /// date may be written as the tool shows it or a workplace writes it
    /// (udført, "i gang", "efterår 2024", "2. kvartal 2025", "uge 12 2027",
    /// "uge 12" (the year from the phase or today), "ultimo marts 2027",
    /// 2025-02/2025-07, 12.9.2024, 15.3.27); the file keeps the canonical
    /// value (done, 2024-autumn, 2025-Q2, 2027-W12, 2027-03-31, …).
    #[arg(long = "set", value_name = "ID.FIELD=VALUE")]
    pub set: Vec<String>,
    /// The day it was decided, as 2024-09-12, 12.9.2024 or "12. september
    /// 2024" (default: the day it is recorded). Not after that day, nor
    /// before the plan was created; one before the plan's previous decision
    /// is recorded as a late entry, with a warning.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// The meeting where it was decided, e.g. "MED-møde 12. september 2024".
    #[arg(long, value_name = "TEXT")]
    pub meeting: Option<String>,
    /// The rationale, recorded in the commit message body.
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
    /// Refuse the decision when the plan would have warnings, too.
    #[arg(long)]
    pub strict: bool,
    /// Skip the repository's pre-commit and commit-msg hooks, as git commit --no-verify.
    #[arg(long = "no-verify")]
    pub no_verify: bool,
}

pub fn cmd_decide(context: &Context, args: DecideArgs) -> CommandResult {
    let lang = context.lang();
    require_decision_text(&args.message, &args.by, lang)?;
    let from_set = !args.set.is_empty();
    let candidate = if args.set.is_empty() {
        Candidate::HandEdits
    } else {
        Candidate::Setters(args.set)
    };
    let decision = DecisionInput {
        summary: args.message,
        body: args.body,
        decided_by: args.by,
        decided_on: args.on,
        meeting: args.meeting,
        extra: Vec::new(),
    };
    let mut draft = Draft {
        strict: args.strict,
        run_hooks: !args.no_verify,
        ..Draft::new(&args.plan, candidate, decision)
    };
    let session = WriteSession::begin(&context.cwd, lang)?;
    // No hand edits, but a draft made in the browser: that is recorded.
    let person = Person::local(&session.repo.git);
    let stored = (!from_set)
        .then(|| drafts::for_decide(&session, &args.plan, &person))
        .flatten();
    if let Some(stored) = &stored {
        draft.candidate = Candidate::Draft(stored.text.clone().into_bytes());
        draft.from = stored.base_commit();
    }
    let recorded = door::record(&session, draft, context.lang, lang)?;
    if stored.is_some() {
        // Recorded: the draft is no more (left behind, it equals the plan
        // and is shown as none).
        let _ = drafts::remove(session.repo.git_dir(), &args.plan, &person);
    }
    print_recorded(&recorded, false);
    Ok(Outcome::Success)
}
