//! `backbrief show`: one decision in full.

use crate::cli::log::DecisionView;
use crate::cli::{Context, print, print_json};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::repo::git_error;
use crate::history::settlement::read_decision_or_settlement;
use crate::history::trail::changes_of;
use crate::history::{PlansRepo, short_id};
use crate::i18n::{HistoryMsg, LogMsg, Message};
use crate::plan::dates::day_display;

/// Show one decision in full.
///
/// Who decided what and when, at which meeting, who recorded it, whether it
/// is signed, the rationale, and every change it made to the plan.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The decision's commit (full or short id, as `backbrief log` shows it).
    pub commit: String,
    /// Print the decision as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
}

pub fn cmd_show(context: &Context, args: ShowArgs) -> CommandResult {
    let lang = context.lang();
    let repo = PlansRepo::open(&context.cwd, lang)?;
    let oid = repo.resolve_commit(&args.commit, lang)?;
    let commit = repo.git.find_commit(oid).map_err(|e| git_error(&e, lang))?;
    let Some(decision) = read_decision_or_settlement(&commit) else {
        return Err(CommandError::data(
            HistoryMsg::NotADecision.fill(lang, &[("commit", &short_id(oid))]),
        ));
    };
    let changes = changes_of(&repo, &decision);
    let lang = context
        .lang
        .or(changes.after.as_ref().map(|p| p.language()))
        .unwrap_or(lang);
    let described = changes.described(lang);
    if args.json {
        print_json(&DecisionView {
            decision: &decision,
            changes: &changes.changes,
            described,
        });
        return Ok(Outcome::Success);
    }
    let signed = repo.git.extract_signature(&oid, None).is_ok();
    let mut rows: Vec<(LogMsg, String)> = vec![
        (LogMsg::LabelPlan, decision.plan.clone()),
        (
            LogMsg::LabelDecided,
            LogMsg::LabelDecidedValue.fill(
                lang,
                &[
                    ("date", &day_display(decision.decided_on, lang)),
                    ("by", &decision.decided_by),
                ],
            ),
        ),
    ];
    if let Some(meeting) = &decision.meeting {
        rows.push((LogMsg::LabelMeeting, meeting.clone()));
    }
    rows.push((
        LogMsg::LabelRecorded,
        format!(
            "{} {}",
            decision.recorded_at.format("%Y-%m-%d %H:%M %:z"),
            decision.recorded_by
        ),
    ));
    rows.push((
        LogMsg::LabelSigned,
        if signed {
            LogMsg::Signed
        } else {
            LogMsg::Unsigned
        }
        .get(lang),
    ));
    if let Some(reverts) = &decision.reverts {
        rows.push((LogMsg::LabelReverts, reverts.clone()));
    }
    if let Some(to) = &decision.reported_to {
        rows.push((LogMsg::LabelReportedTo, to.clone()));
    }
    rows.push((LogMsg::LabelSummary, decision.summary.clone()));
    let labels: Vec<String> = rows.iter().map(|(label, _)| label.get(lang)).collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 1;
    let mut out = format!(
        "{}\n",
        LogMsg::DecisionHeading.fill(lang, &[("commit", &decision.commit)])
    );
    for (label, (_, value)) in labels.iter().zip(&rows) {
        out.push_str(&format!("{:width$} {value}\n", format!("{label}:")));
    }
    if let Some(body) = &decision.body {
        out.push_str(&format!("\n{}:\n{body}\n", LogMsg::LabelBody.get(lang)));
    }
    out.push_str(&format!(
        "\n{}\n",
        crate::i18n::DecideMsg::Changes.get(lang)
    ));
    if described.is_empty() {
        out.push_str(&format!("  {}\n", LogMsg::NoChanges.get(lang)));
    }
    for line in described {
        out.push_str(&format!("  - {line}\n"));
    }
    print(&out);
    Ok(Outcome::Success)
}
