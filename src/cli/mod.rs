//! The command line: global flags, one module per command, and dispatch.

mod blame;
mod completions;
mod decide;
mod export;
mod hook;
mod init;
mod localise;
mod log;
mod merge_driver;
mod new;
mod pager;
pub(crate) mod report;
mod revert;
mod schema;
mod serve;
mod show;
mod status;
mod sync;
mod validate;
mod verify;

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::error::{CommandError, CommandResult};
use crate::i18n::{Common, Lang, Message};
use crate::render::Style;
use crate::workspace::Workspace;

pub use localise::{BadValue, Stop, chosen_lang, command as localised_command, locale_lang, parse};

/// Keep backbrief plans as JSON files in a git repository: validate them, see
/// where every phase and activity stands, and record every decision.
#[derive(Debug, Parser)]
#[command(name = "backbrief", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Run as if started in <DIR> (like git -C).
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,
    /// The language to speak: da or en (default: BACKBRIEF_LANG, else the
    /// plan's language, else da).
    #[arg(long, value_enum, global = true, env = "BACKBRIEF_LANG")]
    pub lang: Option<LangArg>,
    /// When to colour output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

/// `--lang` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Danish.
    Da,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::Da => Lang::Da,
            LangArg::En => Lang::En,
        }
    }
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::InitArgs),
    New(new::NewArgs),
    Validate(validate::ValidateArgs),
    Status(status::StatusArgs),
    Decide(decide::DecideArgs),
    Log(log::LogArgs),
    Show(show::ShowArgs),
    Blame(blame::BlameArgs),
    Revert(revert::RevertArgs),
    Verify(verify::VerifyArgs),
    Sync(sync::SyncArgs),
    Hook(hook::HookArgs),
    #[command(hide = true)]
    MergeDriver(merge_driver::MergeDriverArgs),
    Report(report::ReportArgs),
    Export(export::ExportArgs),
    Serve(serve::ServeArgs),
    Schema(schema::SchemaArgs),
    Completions(completions::CompletionsArgs),
    Man(completions::ManArgs),
}

/// What every command gets: where it runs and how it speaks.
#[derive(Debug, Clone)]
pub struct Context {
    /// The folder the command runs in (after `-C`).
    pub cwd: PathBuf,
    /// The language the user asked for (`--lang`, `BACKBRIEF_LANG`), if any.
    pub lang: Option<Lang>,
    /// The language for messages not about one plan when none was asked
    /// for: the locale's, else Danish.
    pub fallback: Lang,
    /// Colour choice.
    pub color: ColorChoice,
}

impl Context {
    /// The language for messages not about one plan.
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or(self.fallback)
    }

    /// The plans workspace around the current folder.
    pub fn workspace(&self) -> Workspace {
        Workspace::discover(&self.cwd)
    }

    /// The output style for `lang`.
    pub fn style(&self, lang: Lang) -> Style {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
            .filter(|w| *w >= 40)
            .unwrap_or(80);
        Style { color, width, lang }
    }
}

/// Parses a typed date (`--on`, `--at`, `--since`, …) in any form the tool
/// prints one: `2024-09-12`, `12.9.2024`, `12-09-2024`, `12. september 2024`.
pub fn parse_date(text: &str) -> Result<NaiveDate, crate::plan::input::InputError> {
    crate::plan::input::day(text)
}

/// Today, unless `--at` said otherwise.
pub fn today(at: Option<NaiveDate>) -> NaiveDate {
    at.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The decision's own words on the command line: the same flags for
/// every command that records a decision with a summary and a decider.
#[derive(Debug, clap::Args)]
pub struct DecisionArgs {
    /// What was decided, in one line.
    #[arg(short = 'm', long = "message", value_name = "SUMMARY")]
    pub message: String,
    /// Who decided (a person or a body, such as "Lokal-MED").
    #[arg(long, value_name = "WHO")]
    pub by: String,
    #[command(flatten)]
    pub when: DecisionWhen,
}

/// When and where a decision was made, and whether the hooks run: the same
/// flags for every command that records one.
#[derive(Debug, clap::Args)]
pub struct DecisionWhen {
    /// The day it was decided, as 2024-09-12, 12.9.2024 or "12. september
    /// 2024" (default: the day it is recorded). Not after that day, nor
    /// before the plan was created; one before the plan's previous decision
    /// is recorded as a late entry, with a warning.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// The meeting where it was decided, e.g. "MED-møde 12. september 2024".
    #[arg(long, value_name = "TEXT")]
    pub meeting: Option<String>,
    /// Skip the repository's pre-commit and commit-msg hooks, as git commit --no-verify.
    #[arg(long = "no-verify")]
    pub no_verify: bool,
}

impl DecisionArgs {
    /// The decision's words, with the rationale `body`; the door checks them.
    pub fn input(&self, body: Option<String>) -> crate::history::door::DecisionInput {
        crate::history::door::DecisionInput {
            summary: self.message.clone(),
            body,
            decided_by: self.by.clone(),
            decided_on: self.when.on,
            meeting: self.when.meeting.clone(),
            ..Default::default()
        }
    }
}

/// A problem with a decision's words as the command line says it: an
/// empty `-m` or `--by` is a usage error (exit 2), a day that makes no
/// sense a data problem (exit 1).
pub fn decision_problem(problem: &crate::history::door::FieldProblem, lang: Lang) -> CommandError {
    use crate::history::door::DecisionField;
    use crate::i18n::DecideMsg;
    if let Some(error) = problem.day_error(lang) {
        return error;
    }
    match problem.field {
        DecisionField::Summary => CommandError::usage(DecideMsg::EmptySummary.get(lang)),
        DecisionField::DecidedBy => CommandError::usage(DecideMsg::EmptyBy.get(lang)),
        DecisionField::DecidedOn => CommandError::usage(crate::i18n::ServeMsg::BadDay.fill(
            lang,
            &[(
                "text",
                &match &problem.problem {
                    crate::history::door::DecisionProblem::NotADay(text) => text.clone(),
                    _ => String::new(),
                },
            )],
        )),
    }
}

/// Records `draft` through the door, its refusal in the command line's
/// words (the decision's own as [`decision_problem`] says them).
pub fn record(
    context: &Context,
    dir: &std::path::Path,
    draft: crate::history::door::Draft,
    asked: Option<Lang>,
) -> Result<crate::history::door::Recorded, CommandError> {
    crate::history::door::record(dir, draft, asked, context.lang())
        .map_err(|refusal| refusal.or_words(decision_problem))
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> CommandResult {
    let lang = cli.global.lang.map(Lang::from);
    let speak = lang.unwrap_or_else(locale_lang);
    let base = std::env::current_dir().map_err(|error| {
        CommandError::environment(Common::CannotChangeDirectory.fill(
            speak,
            &[("dir", &"."), ("reason", &crate::io_reason(&error, speak))],
        ))
    })?;
    let cwd = match &cli.global.directory {
        Some(dir) => {
            let dir = base.join(dir);
            if !dir.is_dir() {
                let error = std::io::Error::from(std::io::ErrorKind::NotFound);
                return Err(CommandError::environment(
                    Common::CannotChangeDirectory.fill(
                        speak,
                        &[
                            ("dir", &dir.display()),
                            ("reason", &crate::io_reason(&error, speak)),
                        ],
                    ),
                ));
            }
            dir
        }
        None => base,
    };
    let context = Context {
        cwd,
        lang,
        fallback: locale_lang(),
        color: cli.global.color,
    };
    crate::render::terminal::set_colors(context.style(Lang::default()).color);
    match cli.command {
        Command::Init(args) => init::cmd_init(&context, args),
        Command::New(args) => new::cmd_new(&context, args),
        Command::Decide(args) => decide::cmd_decide(&context, args),
        Command::Export(args) => export::cmd_export(&context, args),
        Command::Serve(args) => serve::cmd_serve(&context, args),
        Command::Log(args) => log::cmd_log(&context, args),
        Command::Show(args) => show::cmd_show(&context, args),
        Command::Blame(args) => blame::cmd_blame(&context, args),
        Command::Revert(args) => revert::cmd_revert(&context, args),
        Command::Verify(args) => verify::cmd_verify(&context, args),
        Command::Sync(args) => sync::cmd_sync(&context, args),
        Command::Hook(args) => hook::cmd_hook(&context, args),
        Command::MergeDriver(args) => merge_driver::cmd_merge_driver(&context, args),
        Command::Report(args) => report::cmd_report(&context, args),
        Command::Validate(args) => validate::cmd_validate(&context, args),
        Command::Status(args) => status::cmd_status(&context, args),
        Command::Schema(args) => schema::cmd_schema(&context, args),
        Command::Completions(args) => completions::cmd_completions(&context, args),
        Command::Man(args) => completions::cmd_man(&context, args),
    }
}

/// Tells the user about a recorded decision: what changed on standard
/// output (on standard error when standard output carries something else,
/// such as a report), notes and warnings on standard error.
pub fn print_recorded(recorded: &crate::history::door::Recorded, out_is_taken: bool) {
    let text = crate::render::recorded::recorded(recorded);
    if out_is_taken {
        eprint(&text.out);
    } else {
        print(&text.out);
    }
    eprint(&text.err);
}

/// Writes `text` to standard error, its control characters made visible.
pub fn eprint(text: &str) {
    use std::io::Write;
    let text = crate::render::terminal::visible(text);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

/// Writes `text` to standard output, its control characters made visible;
/// a closed pipe (`| head`) is not an error.
pub fn print(text: &str) {
    write_out(&crate::render::terminal::visible(text));
}

/// Writes a document (a report, an export, a schema) to standard output:
/// as it is into a file or a pipe, with its control characters made visible
/// on a terminal.
pub fn print_document(text: &str) {
    if std::io::stdout().is_terminal() {
        print(text);
    } else {
        write_out(text);
    }
}

fn write_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Writes `value` as pretty JSON to standard output (controls a terminal
/// would act on escaped, so the value is the same).
pub fn print_json(value: &impl serde::Serialize) {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    write_out(&crate::render::terminal::json_visible(&text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
