//! `backbrief sync`: share the plans repository through a git remote.

use crate::cli::{Context, print};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::door::DecisionInput;
use crate::history::sync::{SyncOutcome, SyncRequest, sync};
use crate::i18n::{Message, SyncMsg};
use crate::plan::merge::Side;

/// Share the plans repository through a git remote, without losing anyone's
/// decision.
///
/// Fetches from the remote (default: the branch's upstream, else origin);
/// when only one side has new decisions, takes them or sends them; when
/// both have, merges every plan item by item and field by field and records
/// a merge commit that lists the decisions it combines, then pushes. Never
/// a rebase: published decisions and their signatures stay as they are.
///
/// The same field changed differently on both sides is a conflict: sync
/// explains each one (who decided what, when), changes nothing, and exits
/// with 1. Settle them with --resolve ID.FIELD=VALUE (`ID=` removes an
/// item; put `PLAN:` in front when several plans have the conflict), and
/// the rest with --ours (our side) or --theirs (the remote's); --by says who
/// settled them. The choices are recorded in the merge commit.
///
/// Fetch and push use the installed git, so https with a credential helper,
/// ssh with its agent and ~/.ssh/config, file:// URLs and shared folders
/// work as they do for git itself.
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The remote: a name (origin), an address (https://…, ssh://…,
    /// file://…) or the path of a shared folder.
    pub remote: Option<String>,
    /// Settle a conflict: [PLAN:]ID.FIELD=VALUE, or ID= to remove the item
    /// (repeatable).
    #[arg(long = "resolve", value_name = "ID.FIELD=VALUE", requires = "by")]
    pub resolve: Vec<String>,
    /// Settle every other conflict with our side's value.
    #[arg(long, conflicts_with = "theirs", requires = "by")]
    pub ours: bool,
    /// Settle every other conflict with the remote's value.
    #[arg(long, requires = "by")]
    pub theirs: bool,
    /// Who settled the conflicts (a person or a body, such as "Lokal-MED").
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
}

pub fn cmd_sync(context: &Context, args: SyncArgs) -> CommandResult {
    let lang = context.lang();
    let side = match (args.ours, args.theirs) {
        (true, _) => Some(Side::Ours),
        (_, true) => Some(Side::Theirs),
        _ => None,
    };
    // Who settles the conflicts is named as a decider is.
    let by = match args.by.as_deref().map(DecisionInput::decider) {
        Some(Err(_)) => return Err(CommandError::usage(SyncMsg::ByRequired.get(lang))),
        Some(Ok(by)) => Some(by),
        None => None,
    };
    let request = SyncRequest {
        cwd: &context.cwd,
        remote: args.remote.as_deref(),
        resolve: &args.resolve,
        choices: &[],
        side,
        by: by.as_deref(),
        recorder: None,
        lang: context.lang,
    };
    match sync(&request)? {
        SyncOutcome::Done(lines) => {
            print(
                &lines
                    .iter()
                    .map(|line| format!("{line}\n"))
                    .collect::<String>(),
            );
            // What was fetched is quick to read in log, blame and the pages.
            crate::history::maintenance::keep_quick(&context.cwd);
            Ok(Outcome::Success)
        }
        SyncOutcome::Conflicts {
            done,
            explanation,
            count,
            remote,
            ..
        } => {
            let mut out: String = done.iter().map(|line| format!("{line}\n")).collect();
            out.push_str(&explanation);
            print(&out);
            Err(CommandError::data(
                SyncMsg::ConflictsFound.fill(lang, &[("remote", &remote), ("count", &count)]),
            )
            .hinted(SyncMsg::ConflictsHint.get(lang)))
        }
    }
}
