//! `backbrief status`: where every plan, phase and activity stands.

use chrono::NaiveDate;

use crate::cli::{Context, parse_date, print, print_json, today};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::PlansRepo;
use crate::history::as_of::{AsOf, plans_as_of};
use crate::history::recorded::{
    RecordedPlan, Recording, recorded_plan, recorded_plans, unrecorded_note, unrecorded_words,
};
use crate::i18n::{AuditMsg, Common, DecideMsg, DraftMsg, HistoryMsg, Message, StatusMsg};
use crate::plan::{Severity, check};
use crate::render::status::{detail_tables, invalid_row, overview_table, plan_detail, plan_row};
use crate::render::timeline::{Timeline, text_gantt};

/// Show where plans stand.
///
/// Without PLAN: one row per plan — title, current phase, progress (activities
/// done of those not cancelled), how many items are overdue, and what is due
/// next. With PLAN: its phases with progress, every activity (owner, due date,
/// status; overdue marked), what is overdue and due in the next 30 days, the
/// reporting obligations, and the balance across the four working
/// communities. An item is overdue when it is not done or cancelled and its
/// due period has ended.
///
/// Plans are shown as recorded: changes not recorded yet (hand edits of the
/// plan file, drafts in the browser) are named with whose they are, and
/// never counted.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The plan to show in detail (its id, the file name without .json).
    pub plan: Option<String>,
    /// The day to compute status for, as 2024-09-12, 12.9.2024 or "12.
    /// september 2024" (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    /// Show the plans as they stood then, read from history: a day
    /// (2024-09-12, 12.9.2024, "12. september 2024") or a commit.
    /// Status is computed for that day unless --at says otherwise.
    #[arg(long, value_name = "DATE|COMMIT")]
    pub as_of: Option<String>,
    /// Print the status as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
    /// Show the plan's timeline as a Gantt chart in text: months as
    /// columns, phases as bars, due dates, milestones and reporting as
    /// markers, overdue marked ▲, and today.
    #[arg(long, requires = "plan", conflicts_with = "json")]
    pub timeline: bool,
}

/// Where a plan to show is read from.
enum Source {
    /// The plan as recorded at the branch head (or its file, when it has
    /// no history), with its unrecorded changes named.
    Reader(RecordedPlan),
    /// The plan file's text as recorded in history (empty when it is not
    /// UTF-8, which the check then reports).
    Recorded(String),
}

/// A plan to show: its id, the name to show it by, and where it is read from.
struct Input {
    id: String,
    shown: String,
    source: Source,
}

impl Input {
    /// Reads and checks the plan.
    fn check(&self, lang: Option<crate::i18n::Lang>) -> crate::plan::CheckedPlan {
        match &self.source {
            Source::Reader(plan) => plan.check(lang),
            Source::Recorded(text) => check::check_text(text, &self.shown, Some(&self.id), lang),
        }
    }

    /// The plan as a reader has it (not with --as-of).
    fn reader(&self) -> Option<&RecordedPlan> {
        match &self.source {
            Source::Reader(plan) => Some(plan),
            Source::Recorded(_) => None,
        }
    }
}

/// The plans from the work tree, or from history with --as-of.
fn gather(
    context: &Context,
    args: &StatusArgs,
) -> Result<(Vec<Input>, Option<NaiveDate>), CommandError> {
    let lang = context.lang();
    let workspace = context.workspace();
    if let Some(as_of) = &args.as_of {
        let repo = PlansRepo::open(&context.cwd, lang)?;
        let head = repo.head_commit(lang)?;
        let (files, day) = plans_as_of(&repo, head, &AsOf::parse(as_of), args.plan.as_deref())
            .map_err(|_| {
                CommandError::data(HistoryMsg::UnknownCommit.fill(lang, &[("commit", as_of)]))
                    .hinted(HistoryMsg::UnknownCommitHint.get(lang))
            })?;
        if let Some(id) = &args.plan
            && files.is_empty()
        {
            workspace.existing_plan(id, lang)?;
            return Err(CommandError::data(
                DecideMsg::PlanNotInHistoryAsOf.fill(lang, &[("plan", id), ("date", as_of)]),
            ));
        }
        let inputs = files
            .into_iter()
            .map(|(id, bytes)| Input {
                shown: format!("{as_of}:{}", PlansRepo::plan_path(&id)),
                id,
                source: Source::Recorded(
                    crate::plan::source::text_from_bytes(bytes).unwrap_or_default(),
                ),
            })
            .collect();
        return Ok((inputs, day));
    }
    // Every reading view shows the plan as recorded (see
    // `history::recorded`): changes not recorded are named, never shown.
    let plans = match &args.plan {
        Some(id) => vec![recorded_plan(&workspace, id, lang)?],
        None => recorded_plans(&workspace, lang)?,
    };
    let inputs = plans
        .into_iter()
        .map(|plan| Input {
            id: plan.id.clone(),
            shown: plan.file.clone(),
            source: Source::Reader(plan),
        })
        .collect();
    Ok((inputs, None))
}

pub fn cmd_status(context: &Context, args: StatusArgs) -> CommandResult {
    let (plans, as_of_day) = gather(context, &args)?;
    let today = args.at.or(as_of_day).unwrap_or_else(|| today(None));
    match &args.plan {
        None => {
            let style = context.style(context.lang());
            let lang = context.lang;
            // Each plan is checked, summed up and dropped on a worker.
            let rows = check::parallel_map(&plans, |input| {
                let checked = input.check(lang);
                let row = match (&checked.plan, checked.count(Severity::Error)) {
                    (Some(plan), 0) => plan_row(plan, input.shown.clone(), today, &style),
                    (_, errors) => invalid_row(input.id.clone(), input.shown.clone(), errors),
                };
                match input.reader() {
                    Some(reader) => row.marked(
                        reader.unrecorded.clone(),
                        reader.recording == Recording::NeverRecorded,
                    ),
                    None => row,
                }
            });
            let invalid = rows.iter().filter(|row| !row.valid).count();
            if args.json {
                print_json(&serde_json::json!({ "at": today, "plans": rows }));
            } else {
                let mut out = as_of_note(&args, style.lang);
                out.push_str(&overview_table(&rows, today, &style));
                out.push_str(&unrecorded_lines(&rows, style.lang));
                if invalid > 0 {
                    out.push_str(&StatusMsg::SomeInvalid.fill(style.lang, &[("count", &invalid)]));
                    out.push('\n');
                }
                print(&out);
            }
            Ok(Outcome::problems_if(invalid > 0))
        }
        Some(id) => {
            let Some(input) = plans.first() else {
                return Err(context
                    .workspace()
                    .existing_plan(id, context.lang())
                    .err()
                    .unwrap_or_else(|| {
                        CommandError::data(
                            DecideMsg::PlanNotInHistory.fill(context.lang(), &[("plan", id)]),
                        )
                    }));
            };
            let (checked, shown) = (input.check(context.lang), &input.shown);
            let lang = checked.lang;
            let plan = match checked.plan {
                Some(plan) if checked.count(Severity::Error) == 0 => plan,
                _ => {
                    return Err(CommandError::data(Common::PlanInvalid.fill(
                        lang,
                        &[("id", id), ("errors", &checked.count(Severity::Error))],
                    ))
                    .hinted(Common::PlanInvalidHint.fill(lang, &[("file", shown)])));
                }
            };
            let style = context.style(lang);
            let mut detail = plan_detail(&plan, today, &style);
            let note = input.reader().and_then(|reader| {
                detail.unrecorded = reader.unrecorded.clone();
                detail.never_recorded = reader.recording == Recording::NeverRecorded;
                unrecorded_note(reader, lang)
            });
            let note = note.map(|note| format!("{note}\n\n")).unwrap_or_default();
            if args.timeline {
                let timeline = Timeline::build(&plan, &detail, lang);
                print(&as_of_note(&args, lang));
                print(&note);
                print(&text_gantt(&timeline, &style));
            } else if args.json {
                print_json(&detail);
            } else {
                print(&as_of_note(&args, lang));
                print(&note);
                print(&detail_tables(&plan, &detail, &style));
            }
            Ok(Outcome::Success)
        }
    }
}

/// With --as-of, a line saying which plan is shown: by the day decided, or
/// exactly as at a commit.
fn as_of_note(args: &StatusArgs, lang: crate::i18n::Lang) -> String {
    let Some(as_of) = &args.as_of else {
        return String::new();
    };
    let note = match AsOf::parse(as_of) {
        AsOf::Day(day) => AuditMsg::AsOfDay.fill(
            lang,
            &[("date", &crate::plan::dates::day_display(day, lang))],
        ),
        AsOf::Commit(commit) => {
            AuditMsg::AsOfCommit.fill(lang, &[("commit", &commit.escape_debug())])
        }
    };
    format!("{note}\n\n")
}

/// Under the overview, a line for each plan with changes not recorded (and
/// by whom) or never recorded: none of it is counted above.
fn unrecorded_lines(rows: &[crate::render::status::PlanRow], lang: crate::i18n::Lang) -> String {
    let mut out = String::new();
    for row in rows.iter().filter(|row| !row.unrecorded.is_empty()) {
        out.push_str(&DraftMsg::UnrecordedRow.fill(
            lang,
            &[
                ("plan", &row.id),
                ("sources", &unrecorded_words(&row.unrecorded, lang)),
            ],
        ));
        out.push('\n');
    }
    out
}
