//! `backbrief verify`: can the history of decisions be trusted?

use std::process::ExitCode;

use crate::cli::{Context, print, print_json};
use crate::error::CommandResult;
use crate::history::lock::{RepoLock, lock_wait};
use crate::history::verify::{
    HistoryFinding, VERIFIED_REF, VerifyReport, head, record_verified, verify_history,
};
use crate::history::write::recover;
use crate::history::{PlansRepo, short_id};
use crate::i18n::{Lang, Message, VerifyMsg};
use crate::plan::Severity;

/// Check that the history of the plans can be trusted.
///
/// Reads every commit and reports: changes to plans that are not decisions;
/// decisions that change another plan than they name, or several plans;
/// plans that were invalid after a decision; merges that change plans
/// themselves; unsigned or wrongly signed decisions when the repository
/// requires signatures (a committed .backbrief/allowed_signers, in the format
/// of git's gpg.ssh.allowedSignersFile); history rewritten since the last
/// `verify --record`; damaged or missing objects; and, as warnings, edits to
/// plans that are not recorded yet. Exits with 1 when there are errors.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// When there are no errors, remember HEAD as verified (in
    /// refs/backbrief/verified), so a later verify notices if the history up
    /// to it is rewritten.
    #[arg(long)]
    pub record: bool,
    /// Print the findings as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
}

/// The JSON output: the report, and whether `--record` recorded HEAD.
#[derive(serde::Serialize)]
struct VerifyView<'a> {
    #[serde(flatten)]
    report: &'a VerifyReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    recorded: Option<bool>,
}

pub fn cmd_verify(context: &Context, args: VerifyArgs) -> CommandResult {
    let lang = context.lang();
    let repo = PlansRepo::open(&context.cwd, lang)?;
    // Finish or roll back an interrupted decision (its journal is
    // `.git/backbrief/pending`, see history::write) before reading. With none
    // in flight, reading takes no lock, so a repository we may only read (an
    // archive, a read-only share) is verified too.
    if repo.git_dir().join("backbrief").join("pending").exists() {
        let _lock = RepoLock::acquire(repo.git_dir(), lock_wait(), lang)?;
        if let Some(note) = recover(&repo, lang)? {
            crate::cli::eprint(&format!("{note}\n"));
        }
    }
    let head = head(&repo, lang)?;
    let report = verify_history(&repo, head, lang)?;
    let errors = report.count(Severity::Error);
    let recorded = if args.record {
        if errors == 0 {
            let _lock = RepoLock::acquire(repo.git_dir(), lock_wait(), lang)?;
            record_verified(&repo, head, lang)?;
        }
        Some(errors == 0)
    } else {
        None
    };
    if args.json {
        print_json(&VerifyView {
            report: &report,
            recorded,
        });
    } else {
        let mut out = String::new();
        for finding in &report.findings {
            out.push_str(&render_finding(finding, lang));
        }
        out.push_str(&summary(&report, lang));
        out.push('\n');
        match recorded {
            Some(true) => out.push_str(&format!(
                "{}\n",
                VerifyMsg::Recorded.fill(
                    lang,
                    &[("commit", &short_id(head)), ("reference", &VERIFIED_REF)]
                )
            )),
            Some(false) => out.push_str(&format!("{}\n", VerifyMsg::NotRecorded.get(lang))),
            None => {}
        }
        print(&out);
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A finding as a heading (severity, commit, date, author), the sentence
/// and the hint, followed by a blank line.
fn render_finding(finding: &HistoryFinding, lang: Lang) -> String {
    let severity = finding.severity.label(lang);
    let heading = match (finding.commit, finding.date, &finding.author) {
        (Some(commit), Some(date), Some(author)) => VerifyMsg::AtCommit.fill(
            lang,
            &[
                ("severity", &severity),
                ("commit", &short_id(commit)),
                ("date", &date.format("%Y-%m-%d %H:%M %:z")),
                ("author", author),
            ],
        ),
        (Some(commit), _, _) => VerifyMsg::AtUnreadableCommit.fill(
            lang,
            &[("severity", &severity), ("commit", &short_id(commit))],
        ),
        (None, _, _) if finding.in_work_tree() => {
            VerifyMsg::InWorkTree.fill(lang, &[("severity", &severity)])
        }
        (None, _, _) => VerifyMsg::InRepository.fill(lang, &[("severity", &severity)]),
    };
    let mut out = format!("{heading}\n  {}\n", finding.message);
    if let Some(hint) = &finding.hint {
        out.push_str(&format!("  {}: {hint}\n", VerifyMsg::HintLabel.get(lang)));
    }
    out.push('\n');
    out
}

/// "History checked: 42 commits, 40 decisions, no findings."
fn summary(report: &VerifyReport, lang: Lang) -> String {
    let counted = |count: usize, one: VerifyMsg, many: VerifyMsg| {
        if count == 1 {
            one.get(lang)
        } else {
            many.fill(lang, &[("count", &count)])
        }
    };
    let commits = counted(
        report.commits,
        VerifyMsg::CommitsOne,
        VerifyMsg::CommitsMany,
    );
    let decisions = counted(
        report.decisions,
        VerifyMsg::DecisionsOne,
        VerifyMsg::DecisionsMany,
    );
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(counted(errors, VerifyMsg::ErrorsOne, VerifyMsg::ErrorsMany));
    }
    if warnings > 0 {
        parts.push(counted(
            warnings,
            VerifyMsg::WarningsOne,
            VerifyMsg::WarningsMany,
        ));
    }
    let findings = match parts.as_slice() {
        [] => {
            return VerifyMsg::SummaryClean
                .fill(lang, &[("commits", &commits), ("decisions", &decisions)]);
        }
        [one] => one.clone(),
        [first, second, ..] => VerifyMsg::And.fill(lang, &[("first", first), ("second", second)]),
    };
    VerifyMsg::SummaryFindings.fill(
        lang,
        &[
            ("commits", &commits),
            ("decisions", &decisions),
            ("findings", &findings),
        ],
    )
}
