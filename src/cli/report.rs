//! `backbrief report`: the report upward, and recording that it was delivered.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::{Context, parse_date, print, print_recorded, today};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::PlansRepo;
use crate::history::covered::{Since, covered_decisions, plan_on};
use crate::history::decision::REPORTED_TO;
use crate::history::door::{
    self, Candidate, DecisionField, DecisionInput, DecisionProblem, Draft, FieldProblem, Recorded,
};
use crate::history::recorded::{recorded_plan, unrecorded_note};
use crate::history::repo::git_error;
use crate::history::trail::plan_from_bytes;
use crate::history::write::WriteSession;
use crate::i18n::{Common, Lang, Message, ReportMsg};
use crate::plan::Severity;
use crate::plan::dates::day_display;
use crate::plan::model::{Plan, Status};
use crate::render::covered::{Covered, covered};
use crate::render::report_document::{Document, ReportForm, ReportRequest, report_document};

/// The kinds of report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown (GitHub and GitLab flavour), the timeline as a Mermaid chart.
    Md,
    /// One self-contained HTML file, for the screen, a phone, or print (A4).
    Html,
    /// A Word document (.docx) on A4, for Word and LibreOffice; needs --out
    /// (or a redirection) since it is not text.
    Docx,
    /// Only the timeline, as an SVG picture.
    Svg,
}

/// Make the report upward: where the plan stands, what was decided since
/// the last report, and what comes next.
///
/// The report has a header (title, unit, owner, report date, the decisions
/// it covers); the starting point, the main task and intent; the status of
/// each phase; what is overdue and due in the next 30 days; the decisions
/// since (--since), each as its summary with who decided, when and at which
/// meeting; the reporting obligations; the timeline; the balance across the
/// four working communities; and an appendix with what each decision
/// changed and its commit, for the auditor. With --at, nothing decided after
/// that day is in it. It speaks the plan's language (or --lang). As a Word
/// document (--format docx, or --out FILE.docx) it is ready to send upward.
///
/// With --record --by WHO, the delivery of the report is recorded as a
/// decision with the trailer `Reported-to:` (and any --set changes, such as
/// `--set konklusioner-til-chef.status=done`; --on the day, --meeting
/// where), so that `--since last` starts there next time.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The plan (its id, the file name without .json).
    pub plan: String,
    /// md (Markdown), html (one file to open, share or print), docx (a Word
    /// document) or svg (only the timeline) [default: from the --out file's
    /// extension, else md].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to FILE (completely or not at all) instead of to
    /// standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Which decisions to list: those decided on or after a day
    /// (YYYY-MM-DD), those recorded after a commit, or `last`: those since
    /// the last recorded report on this plan [default: all].
    #[arg(long, value_name = "DATE|COMMIT|last")]
    pub since: Option<String>,
    /// The report date, as YYYY-MM-DD: what is overdue and due is computed
    /// for that day, and nothing decided after it is reported (default:
    /// today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    /// Record that the report was delivered, as a decision (needs --by).
    #[arg(long, requires = "by")]
    pub record: bool,
    /// Who delivered the report (with --record).
    #[arg(long, value_name = "WHO", requires = "record")]
    pub by: Option<String>,
    /// A change to record with it: ID.FIELD=VALUE (repeatable), such as
    /// konklusioner-til-chef.status=done.
    #[arg(long = "set", value_name = "ID.FIELD=VALUE", requires = "record")]
    pub set: Vec<String>,
    /// The summary of the recorded decision [default: "Report delivered to …"].
    #[arg(
        short = 'm',
        long = "message",
        value_name = "SUMMARY",
        requires = "record"
    )]
    pub message: Option<String>,
    /// To whom the report was delivered [default: the `to` of the reporting
    /// obligations --set marks done, else "Nærmeste chef"].
    #[arg(long, value_name = "WHOM", requires = "record")]
    pub to: Option<String>,
    /// With --record: skip the repository's pre-commit and commit-msg hooks.
    #[arg(long = "no-verify", requires = "record")]
    pub no_verify: bool,
    /// The day the report was delivered, as YYYY-MM-DD (with --record;
    /// default: the day it is recorded).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "record")]
    pub on: Option<NaiveDate>,
    /// The meeting where the report was delivered, e.g. "Møde med chefen
    /// 10. december 2024" (with --record).
    #[arg(long, value_name = "TEXT", requires = "record")]
    pub meeting: Option<String>,
}

/// The delivery to record, prepared before anything is written.
struct Prepared {
    draft: Draft,
}

pub fn cmd_report(context: &Context, args: ReportArgs) -> CommandResult {
    let asked = context.lang();
    // The delivery's words are checked before anything is read (its
    // summary, when not given, is made from the plan later).
    if args.record {
        let words = DecisionInput {
            summary: args.message.clone().unwrap_or_else(|| "-".to_string()),
            decided_by: args.by.clone().unwrap_or_default(),
            ..DecisionInput::default()
        };
        if let Err(mut problems) = words.check(None) {
            problems.sort_by_key(|problem| problem.field != DecisionField::DecidedBy);
            return Err(delivery_problem(&problems[0], asked));
        }
    }
    let since = Since::parse(args.since.as_deref(), asked)?;
    let format = args.format.unwrap_or_else(|| {
        match args
            .out
            .as_ref()
            .and_then(|out| out.extension())
            .and_then(|ext| ext.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("html" | "htm") => ReportFormat::Html,
            Some("docx") => ReportFormat::Docx,
            Some("svg") => ReportFormat::Svg,
            _ => ReportFormat::Md,
        }
    });
    let day = today(args.at);
    // A Word document is not text: refused on a terminal before anything
    // is read or written.
    if format == ReportFormat::Docx && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(CommandError::usage(ReportMsg::BinaryToTerminal.get(asked))
            .hinted(ReportMsg::BinaryToTerminalHint.get(asked)));
    }

    // The plan as recorded (changes not recorded are named, never
    // reported); an invalid plan gets its findings.
    let workspace = context.workspace();
    let reader = recorded_plan(&workspace, &args.plan, asked)?;
    let shown = reader.file.clone();
    let checked = reader.check(context.lang);
    let lang = checked.lang;
    let unrecorded = unrecorded_note(&reader, lang);
    let plan = match checked.plan {
        Some(plan) if checked.count(Severity::Error) == 0 => plan,
        _ => {
            let errors = checked.count(Severity::Error);
            return Err(CommandError::invalid(
                Common::PlanInvalid.fill(lang, &[("id", &args.plan), ("errors", &errors)]),
                checked.findings,
            )
            .hinted(Common::PlanInvalidHint.fill(lang, &[("file", &shown)])));
        }
    };
    if let Since::Day(since) = since
        && since > day
    {
        return Err(CommandError::data(ReportMsg::SinceAfterAt.fill(
            lang,
            &[
                ("since", &day_display(since, lang)),
                ("at", &day_display(day, lang)),
            ],
        ))
        .hinted(ReportMsg::SinceAfterAtHint.get(lang)));
    }

    // With --record: lock the repository and prepare the decision first, so
    // that a problem with it leaves nothing behind.
    let session = if args.record {
        Some(WriteSession::begin(&context.cwd, lang)?)
    } else {
        None
    };
    let prepared = match &session {
        Some(session) => Some(prepare(session, &args, &plan, lang)?),
        None => None,
    };

    // The decisions the report covers, from the audit trail.
    let opened;
    let repo = match &session {
        Some(session) => Some(&session.repo),
        None if since == Since::All => {
            opened = PlansRepo::open(&context.cwd, lang).ok();
            opened.as_ref()
        }
        None => {
            opened = Some(PlansRepo::open(&context.cwd, lang)?);
            opened.as_ref()
        }
    };
    let covered = match repo {
        Some(repo) => covered(
            &covered_decisions(repo, &plan.id, &since, day, lang)?,
            &since,
            lang,
        ),
        None => Covered {
            words: ReportMsg::CoveredNoHistory.get(lang),
            ..Covered::default()
        },
    };
    // With --at: the plan as it stood that day, so that nothing decided
    // later shows.
    let plan = match (args.at, repo) {
        (Some(at), Some(repo)) => plan_on(repo, &plan.id, at, lang).unwrap_or(plan),
        _ => plan,
    };

    // The report.
    let style = context.style(lang);
    let form = match format {
        ReportFormat::Md => ReportForm::Markdown,
        ReportFormat::Html => ReportForm::Html,
        ReportFormat::Svg => ReportForm::Svg,
        ReportFormat::Docx => ReportForm::Docx,
    };
    let request = ReportRequest {
        plan: &plan,
        covered: &covered,
        day,
        style: &style,
        unrecorded,
        lang,
    };
    let document = report_document(request, form)?;

    // Out: the file is written to a temporary file first, the decision is
    // recorded, and only then does the file take its name.
    match &args.out {
        Some(out) => {
            let target = context.cwd.join(out);
            let pending = PendingFile::write(&target, document.bytes(), lang)?;
            let recorded = match (&session, prepared) {
                (Some(session), Some(prepared)) => {
                    Some(record(session, prepared, context.lang, lang)?)
                }
                _ => None,
            };
            pending.finish(lang)?;
            let mut message = ReportMsg::Written.fill(lang, &[("path", &out.display())]);
            message.push('\n');
            print(&message);
            if let Some(recorded) = recorded {
                print_recorded(&recorded, false);
            }
        }
        None => {
            if let (Some(session), Some(prepared)) = (&session, prepared) {
                let recorded = record(session, prepared, context.lang, lang)?;
                print_report(&document);
                print_recorded(&recorded, true);
            } else {
                print_report(&document);
            }
        }
    }
    Ok(Outcome::Success)
}

/// Prints the report to standard output (a Word document only reaches
/// here redirected).
fn print_report(document: &Document) {
    match document {
        Document::Text(text) => crate::cli::print_document(text),
        Document::Binary(bytes) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
        }
    }
}

/// Prepares the decision that records the delivery: to whom (the
/// reporting obligations the --set changes mark done, unless --to says),
/// and the summary. The door checks and records it.
fn prepare(
    session: &WriteSession,
    args: &ReportArgs,
    plan: &Plan,
    lang: Lang,
) -> Result<Prepared, CommandError> {
    let id = plan.id.as_str();
    let recorded = session
        .repo
        .file_at(session.head, &PlansRepo::plan_path(id))
        .map_err(|e| git_error(&e, lang))?;
    let before = recorded.as_deref().and_then(plan_from_bytes);
    let after = match (&recorded, args.set.is_empty()) {
        (Some(recorded), false) => {
            door::with_setters(recorded, &args.set, session.recording_day(lang).ok(), lang)
                .ok()
                .and_then(|b| plan_from_bytes(&b))
        }
        _ => None,
    };
    let to = match &args.to {
        Some(to) => to.clone(),
        None => {
            let mut names: Vec<String> = Vec::new();
            for item in after.iter().flat_map(|after| &after.reporting) {
                let was_done = before
                    .as_ref()
                    .and_then(|b| b.reporting.iter().find(|r| r.id == item.id))
                    .is_some_and(|r| r.status == Status::Done);
                if item.status == Status::Done && !was_done && !names.contains(&item.to) {
                    names.push(item.to.clone());
                }
            }
            if names.is_empty() {
                ReportMsg::DefaultTo.get(lang)
            } else {
                names.join(", ")
            }
        }
    };
    let summary = args
        .message
        .clone()
        .unwrap_or_else(|| ReportMsg::DefaultSummary.fill(lang, &[("to", &to)]));
    let candidate = if args.set.is_empty() {
        Candidate::Unchanged
    } else {
        Candidate::Setters(args.set.clone())
    };
    let decision = DecisionInput {
        summary,
        decided_by: args.by.clone().unwrap_or_default(),
        decided_on: args.on,
        meeting: args.meeting.clone(),
        extra: vec![(REPORTED_TO, to)],
        ..DecisionInput::default()
    };
    Ok(Prepared {
        draft: Draft {
            run_hooks: !args.no_verify,
            ..Draft::new(id, candidate, decision)
        },
    })
}

/// Records the delivery, under the lock the report was made under.
fn record(
    session: &WriteSession,
    prepared: Prepared,
    asked: Option<Lang>,
    lang: Lang,
) -> Result<Recorded, CommandError> {
    door::record_in(session, prepared.draft, asked, lang)
        .map_err(|refusal| refusal.or_words(delivery_problem))
}

/// A problem with the delivery's words, as `report --record` says it.
fn delivery_problem(problem: &FieldProblem, lang: Lang) -> CommandError {
    match (problem.field, &problem.problem) {
        (DecisionField::DecidedBy, DecisionProblem::Blank) => {
            CommandError::usage(ReportMsg::EmptyBy.get(lang))
        }
        (DecisionField::Summary, DecisionProblem::Blank) => {
            CommandError::usage(ReportMsg::EmptySummary.get(lang))
        }
        _ => crate::cli::decision_problem(problem, lang),
    }
}

/// The report's file, written under a temporary name beside it and given
/// its name by [`PendingFile::finish`] only after the decision (if any) is
/// recorded; dropped unfinished, it leaves nothing behind.
struct PendingFile {
    staged: crate::atomic_file::Staged,
    target: PathBuf,
}

impl PendingFile {
    fn write(target: &Path, bytes: &[u8], lang: Lang) -> Result<PendingFile, CommandError> {
        if target.is_dir() {
            return Err(cannot_write(
                target,
                &std::io::Error::from(std::io::ErrorKind::IsADirectory),
                lang,
            ));
        }
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(cannot_write(
                target,
                &std::io::Error::from(std::io::ErrorKind::NotFound),
                lang,
            ));
        }
        let staged = crate::atomic_file::stage(&dir, target, bytes)
            .map_err(|error| cannot_write(target, &error, lang))?;
        Ok(PendingFile {
            staged,
            target: target.to_path_buf(),
        })
    }

    fn finish(self, lang: Lang) -> Result<(), CommandError> {
        self.staged
            .put_in_place()
            .map_err(|error| cannot_write(&self.target, &error, lang))
    }
}

fn cannot_write(target: &Path, error: &std::io::Error, lang: Lang) -> CommandError {
    CommandError::environment(Common::CannotWrite.fill(
        lang,
        &[
            ("path", &target.display()),
            ("reason", &crate::io_reason(error, lang)),
        ],
    ))
    .hinted(ReportMsg::OutHint.get(lang))
}
