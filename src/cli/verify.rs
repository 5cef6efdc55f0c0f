//! `backbrief verify`: can the history of decisions be trusted?

use std::io::Read;

use crate::cli::{Context, print, print_json};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::journal::recover;
use crate::history::lock::{RepoLock, lock_wait};
use crate::history::verify::{
    HistoryFinding, VERIFIED_REF, VerifyReport, head, record_verified, server, verify_history,
    verify_since_record,
};
use crate::history::{PlansRepo, short_id};
use crate::i18n::{HookMsg, Lang, Message, VerifyMsg};
use crate::plan::Severity;

/// Check that the history of the plans can be trusted.
///
/// Reads every commit as git stored it (not as `git replace` or grafts
/// show it) and reports: changes to plans that are not decisions; decisions
/// that change another plan than they name, or several plans; plans that
/// were invalid after a decision; merges that change plans themselves,
/// merges of more than two branches, and conflicts settled without
/// Resolved/Resolved-by trailers naming exactly the conflicts; anything
/// under plans/ that is not a plain plans/<id>.json (or plans/ itself made
/// a link or a file); a commit whose Plan, Decided-by, Decided-on or Meeting
/// trailer is repeated, or whose Plan or Decided-by is blank; unsigned or
/// wrongly signed decisions when the repository requires signatures (a
/// committed .backbrief/allowed_signers, in the format of git's
/// gpg.ssh.allowedSignersFile; each change to it must be signed by a key it
/// allowed before; a merge may bring in only decisions signed as the list in
/// force after it requires, and may not join an unrelated history with
/// another list); history rewritten since the last `verify --record`;
/// replaced objects, grafts, a shallow clone; damaged or missing objects;
/// and, as warnings, decisions dated before the one they follow and edits
/// to plans that are not recorded yet. Exits with 1 when there are errors.
///
/// What it promises: no plain git operation (a commit, a merge, a rebase, a
/// force push, git replace, a changed signer list) changes what was decided,
/// or who decided it, without a finding here. What it cannot promise: that
/// the person named really decided it (git's user.name is what the recorder
/// typed; signatures help), that someone holding a trusted signing key acts
/// honestly, or that a history rewritten before any `verify --record` (or
/// before the server's hook was installed) is the original one. A server
/// with `backbrief hook install` refuses such pushes before anyone looks.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// When there are no errors, remember HEAD as verified (in
    /// refs/backbrief/verified, and in the log .git/backbrief/verified.log),
    /// so a later verify notices if the history up to it is rewritten.
    #[arg(long)]
    pub record: bool,
    /// Print the findings as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
    /// Check the whole history, also when an earlier `verify --record` in
    /// this clone would let verify check only what came since (it does so
    /// when the history still leads through that point and the signer list
    /// is unchanged; a full check also rereads every object, as for damage
    /// on disk).
    #[arg(long)]
    pub full: bool,
    /// Run as git's pre-receive hook on a server (installed by `backbrief
    /// hook install`): read git's "<old> <new> <ref>" lines on standard
    /// input, check the commits each branch update brings that no branch
    /// held before, and refuse it (exit 1, the findings shown to the pusher)
    /// when verify would find errors, when it rewrites a branch or deletes
    /// one holding decisions no other branch holds, tags anything but a
    /// commit a branch holds, or moves a ref outside refs/heads/ and
    /// refs/tags/.
    #[arg(long, conflicts_with_all = ["record", "json", "full"])]
    pub pre_receive: bool,
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
    if args.pre_receive {
        return cmd_pre_receive(context);
    }
    let lang = context.lang();
    let repo = PlansRepo::open_to_verify(&context.cwd, lang)?;
    // Finish or roll back an interrupted decision or sync (its journal is
    // `.git/backbrief/pending`, see history::journal) before reading. With
    // none in flight, reading takes no lock, so a repository we may only
    // read (an archive, a read-only share) is verified too.
    if crate::history::journal::in_flight(&repo) {
        let _lock = RepoLock::acquire(repo.git_dir(), lock_wait(), lang)?;
        if let Some(note) = recover(&repo, lang)? {
            crate::cli::eprint(&format!("{note}\n"));
        }
    }
    let head = head(&repo, lang)?;
    let report = if args.full {
        verify_history(&repo, head, lang)?
    } else {
        verify_since_record(&repo, head, lang)?
    };
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
    Ok(Outcome::problems_if(errors > 0))
}

/// `verify --pre-receive`: what the server says to a push.
fn cmd_pre_receive(context: &Context) -> CommandResult {
    let fallback = context.lang();
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|error| CommandError::environment(crate::io_reason(&error, fallback)))?;
    let repo = server::open_for_hook(&context.cwd, fallback)?;
    let updates = server::parse_updates(&input, fallback)?;
    let lang = context
        .lang
        .unwrap_or_else(|| server::pushed_language(&repo, &updates));
    let findings = server::check_push(&repo, &updates, lang)?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let mut out = String::new();
    for finding in &findings {
        out.push_str(&render_finding(finding, lang));
    }
    if errors > 0 {
        out.push_str(&format!(
            "{}\n{}: {}\n",
            HookMsg::Refused.get(lang),
            VerifyMsg::HintLabel.get(lang),
            HookMsg::RefusedHint.get(lang)
        ));
    }
    // Git passes the hook's standard error on to the pusher.
    crate::cli::eprint(&out);
    Ok(Outcome::problems_if(errors > 0))
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
        [] => VerifyMsg::NoFindings.get(lang),
        [one] => one.clone(),
        [first, second, ..] => VerifyMsg::And.fill(lang, &[("first", first), ("second", second)]),
    };
    let clean = parts.is_empty();
    let args: [(&str, &dyn std::fmt::Display); 3] = [
        ("commits", &commits),
        ("decisions", &decisions),
        ("findings", &findings),
    ];
    match report.since {
        None if clean => VerifyMsg::SummaryClean.fill(lang, &args),
        None => VerifyMsg::SummaryFindings.fill(lang, &args),
        Some(point) => {
            let since = short_id(point);
            let args: [(&str, &dyn std::fmt::Display); 4] = [
                ("commits", &commits),
                ("decisions", &decisions),
                ("findings", &findings),
                ("commit", &since),
            ];
            let message = if clean {
                VerifyMsg::SummarySinceClean
            } else {
                VerifyMsg::SummarySince
            };
            message.fill(lang, &args)
        }
    }
}
