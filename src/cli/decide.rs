//! `backbrief decide`: record a decision that changes a plan.

use crate::cli::{Context, DecisionArgs, print_recorded, record};
use crate::error::{CommandResult, Outcome};
use crate::history::door::{Candidate, Draft};

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
    #[command(flatten)]
    pub decision: DecisionArgs,
    /// A change to make: ID.FIELD=VALUE (repeatable). A status, period or
    /// date may be written as the tool shows it or a workplace writes it
    /// (udført, "i gang", "efterår 2024", "2. kvartal 2025", "uge 12 2027",
    /// "uge 12" (the year from the phase or today), "ultimo marts 2027",
    /// 2025-02/2025-07, 12.9.2024, 15.3.27); the file keeps the canonical
    /// value (done, 2024-autumn, 2025-Q2, 2027-W12, 2027-03-31, …).
    #[arg(long = "set", value_name = "ID.FIELD=VALUE")]
    pub set: Vec<String>,
    /// The rationale, recorded in the commit message body.
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
    /// Refuse the decision when the plan would have warnings, too.
    #[arg(long)]
    pub strict: bool,
}

pub fn cmd_decide(context: &Context, args: DecideArgs) -> CommandResult {
    // Without --set: the plan file's hand edits, else this person's draft
    // from the browser.
    let candidate = if args.set.is_empty() {
        Candidate::HandEditsOrDraft
    } else {
        Candidate::Setters(args.set)
    };
    let draft = Draft {
        strict: args.strict,
        run_hooks: !args.decision.when.no_verify,
        ..Draft::new(&args.plan, candidate, args.decision.input(args.body))
    };
    let recorded = record(context, &context.cwd, draft, context.lang)?;
    print_recorded(&recorded, false);
    Ok(Outcome::Success)
}
