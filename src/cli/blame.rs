//! `backbrief blame`: which decision last set each field of a plan.

use crate::cli::{Context, print, print_json};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::PlansRepo;
use crate::history::blame::blame;
use crate::history::repo::git_error;
use crate::history::trail::plan_at;
use crate::i18n::{DecideMsg, LogMsg, Message};
use crate::plan::diagnostic::did_you_mean;
use crate::plan::rules::ids;
use crate::render::blame::blame_tables;

/// Show which decision last set each field of a plan.
///
/// For each item of the plan (or for one item) a short table: each field
/// with its value in words, and when and by whom it was last decided; below,
/// each of those decisions once, with its summary.
///
/// The plan is read as last recorded (hand edits not yet decided are not
/// shown).
#[derive(Debug, clap::Args)]
pub struct BlameArgs {
    /// The plan (its id).
    pub plan: String,
    /// Only this item (a phase, activity, milestone or reporting id).
    pub id: Option<String>,
    /// Print the result as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
}

pub fn cmd_blame(context: &Context, args: BlameArgs) -> CommandResult {
    let lang = context.lang();
    let repo = PlansRepo::open(&context.cwd, lang)?;
    let head = repo.head_commit(lang)?;
    // Only reading: trust the object store as `git log` does (`verify`
    // checks the hashes).
    crate::history::object_checks::trust_the_object_store();
    // Each commit and tree is read once on the way back: libgit2's object
    // cache would only grow with the history (to 256 MB), not speed it up.
    git2::opts::enable_caching(false);
    let Some(plan) = plan_at(&repo, head, &args.plan) else {
        crate::workspace::Workspace {
            root: repo.root.clone(),
        }
        .existing_plan(&args.plan, lang)?;
        return Err(CommandError::data(
            DecideMsg::PlanNotInHistory.fill(lang, &[("plan", &args.plan)]),
        )
        .hinted(DecideMsg::PlanNotInHistoryHint.fill(lang, &[("plan", &args.plan)])));
    };
    let lang = context.lang.unwrap_or(plan.language());
    if let Some(id) = &args.id {
        let known: Vec<(&str, String, &str)> = ids(&plan);
        if !known.iter().any(|(known, _, _)| known == id) {
            let mut error = CommandError::data(
                LogMsg::UnknownItem.fill(lang, &[("plan", &plan.id), ("id", id)]),
            );
            if let Some(hint) = did_you_mean(lang, id, known.iter().map(|(id, _, _)| *id)) {
                error = error.hinted(hint);
            }
            return Err(error);
        }
    }
    let lines = blame(&repo, head, &plan, args.id.as_deref()).map_err(|e| git_error(&e, lang))?;
    if args.json {
        print_json(&lines);
        return Ok(Outcome::Success);
    }
    let style = context.style(lang);
    print(&blame_tables(&plan, &lines, &style));
    Ok(Outcome::Success)
}
