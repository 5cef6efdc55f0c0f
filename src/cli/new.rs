//! `backbrief new`: create a plan from a template.

use chrono::{Datelike, NaiveDate};

use crate::cli::{Context, DecisionWhen, parse_date, print, print_recorded, today};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::PlansRepo;
use crate::history::door::{self, Candidate, DecisionField, DecisionInput, Draft};
use crate::i18n::{HistoryMsg, Lang, Message, NewMsg};
use crate::plan::{Severity, check};
use crate::template::{self, DEFAULT_TEMPLATE, Template};
use crate::workspace::is_valid_id;

/// Create plans/<ID>.json from a template.
///
/// The template's periods are moved to start in --year (default: this year).
/// An existing plan is never overwritten. `--template` with no value lists the
/// templates.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The new plan's id: lower-case letters, digits and hyphens (it becomes the file name).
    pub id: Option<String>,
    /// The template to start from (default: backbrief); with no value, list the templates.
    #[arg(long, value_name = "T", num_args = 0..=1, default_missing_value = "")]
    pub template: Option<String>,
    /// The plan's title (default: the template's).
    #[arg(long)]
    pub title: Option<String>,
    /// The year the plan starts (default: the year of --at, or this year).
    #[arg(long)]
    pub year: Option<i32>,
    /// The day that counts as today, as 2024-09-12, 12.9.2024 or "12.
    /// september 2024".
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    /// Who decided to create the plan (required in a plans repository, where
    /// the creation is recorded as a decision).
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    /// The decision's summary (default: "Opret planen <ID>").
    #[arg(short = 'm', long = "message", value_name = "SUMMARY")]
    pub message: Option<String>,
    #[command(flatten)]
    pub when: DecisionWhen,
}

pub fn cmd_new(context: &Context, args: NewArgs) -> CommandResult {
    let lang = context.lang();
    let name = args.template.as_deref().unwrap_or(DEFAULT_TEMPLATE);
    if name.is_empty() {
        print(&template_list(lang));
        return Ok(Outcome::Success);
    }
    let Some(template) = template::find(name) else {
        return Err(
            CommandError::usage(NewMsg::UnknownTemplate.fill(lang, &[("name", &name)]))
                .hinted(template_list(lang).trim_end().to_string()),
        );
    };
    let Some(id) = args.id.as_deref() else {
        return Err(CommandError::usage(NewMsg::MissingId.get(lang))
            .hinted(NewMsg::MissingIdHint.get(lang)));
    };
    if !is_valid_id(id) || crate::workspace::is_reserved_name(id) {
        let suggestion = crate::plan::schema_findings::slug(id);
        let mut error = CommandError::usage(NewMsg::BadId.fill(lang, &[("id", &id)]));
        if is_valid_id(&suggestion) {
            error = error.hinted(NewMsg::TryId.fill(lang, &[("id", &suggestion)]));
        }
        return Err(error);
    }
    let workspace = context.workspace();
    let plans_dir = workspace.plans_dir();
    workspace.plan_files(lang)?;
    let path = plans_dir.join(format!("{id}.json"));
    let shown = workspace.shown(&path);
    crate::workspace::ensure_not_linked(&path, &shown, lang)?;
    if path.exists() {
        return Err(
            CommandError::data(NewMsg::Exists.fill(lang, &[("file", &shown)]))
                .hinted(NewMsg::ExistsHint.get(lang)),
        );
    }
    let year = args.year.unwrap_or_else(|| today(args.at).year());
    // The plan spans a few years from `year`; periods run to 9999.
    if !(1000..=9990).contains(&year) {
        return Err(
            CommandError::usage(NewMsg::YearOutOfRange.fill(lang, &[("year", &year)]))
                .hinted(NewMsg::YearOutOfRangeHint.get(lang)),
        );
    }
    let plan = instantiate(&template, id, args.title.as_deref(), year)?;
    let text = template::plan_file_text(&plan);
    let checked = check::check_text(&text, &shown, Some(id), context.lang);
    if checked.count(Severity::Error) > 0 {
        let mut error =
            CommandError::data(NewMsg::TemplateInvalid.fill(lang, &[("name", &template.name)]));
        for finding in &checked.findings {
            error = error.hinted(finding.render(lang).trim_end().to_string());
        }
        return Err(error);
    }
    if let Ok(repo) = PlansRepo::open(&workspace.root, lang) {
        return record_creation(repo, &args, id, text.as_bytes(), lang);
    }
    crate::workspace::write_new_file(&path, text.as_bytes()).map_err(|error| {
        CommandError::environment(crate::i18n::Common::CannotWrite.fill(
            lang,
            &[
                ("path", &shown),
                ("reason", &crate::io_reason(&error, lang)),
            ],
        ))
    })?;
    print(&format!(
        "{}\n",
        NewMsg::Created.fill(
            lang,
            &[
                ("file", &shown),
                ("template", &template.name),
                ("year", &year)
            ]
        )
    ));
    Ok(Outcome::Success)
}

/// In a plans repository, a new plan is a decision like any other.
fn record_creation(
    repo: PlansRepo,
    args: &NewArgs,
    id: &str,
    content: &[u8],
    lang: Lang,
) -> CommandResult {
    let by = args.by.as_deref().unwrap_or_default();
    let decision = DecisionInput {
        summary: args
            .message
            .clone()
            .unwrap_or_else(|| HistoryMsg::NewDecisionSummary.fill(lang, &[("id", &id)])),
        decided_by: by.to_string(),
        decided_on: args.when.on,
        meeting: args.when.meeting.clone(),
        ..DecisionInput::default()
    };
    let draft = Draft {
        run_hooks: !args.when.no_verify,
        ..Draft::new(id, Candidate::Creation(content.to_vec()), decision)
    };
    // A creation says who decided it: `--by` is required here.
    let recorded = door::record(&repo.root, draft, Some(lang), lang).map_err(|refusal| {
        refusal.or_words(|problem, lang| match problem.field {
            DecisionField::DecidedBy => CommandError::usage(HistoryMsg::ByRequired.get(lang)),
            _ => crate::cli::decision_problem(problem, lang),
        })
    })?;
    print_recorded(&recorded, false);
    Ok(Outcome::Success)
}

fn instantiate(
    template: &Template,
    id: &str,
    title: Option<&str>,
    year: i32,
) -> Result<crate::plan::Plan, CommandError> {
    template
        .instantiate(id, title, year)
        .map_err(|error| CommandError::data(format!("{}: {error}", template.name)))
}

/// One line per template: its name and what it is for.
pub fn template_list(lang: Lang) -> String {
    let templates = template::templates();
    let width = templates.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut out = format!("{}\n", NewMsg::TemplatesHeading.get(lang));
    let indent = width + 4;
    let room = 80usize.saturating_sub(indent).max(30);
    for template in templates {
        let description = crate::render::wrap(template.description.get(lang), room)
            .replace('\n', &format!("\n{}", " ".repeat(indent)));
        out.push_str(&format!("  {:width$}  {description}\n", template.name));
    }
    out
}
