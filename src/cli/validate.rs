//! `backbrief validate`: check plans against the schema and the rules.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{Context, print, print_json};
use crate::error::{CommandResult, Outcome};
use crate::i18n::{Message, ValidateMsg};
use crate::plan::{CheckedPlan, Finding, Severity, check};

/// Check plans against the schema and the rules, and report every problem.
///
/// Each problem is shown as `file:line:column: severity: sentence [JSON pointer]`,
/// with a hint where one helps. Warnings do not fail validation unless
/// `--strict` is given. Exit code 0 when every plan is valid, 1 when some plan
/// has problems.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Plan files or folders to check (default: every plan in plans/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Print the findings as JSON (for scripts).
    #[arg(long)]
    pub json: bool,
}

/// The result of `validate --json`.
#[derive(Debug, Serialize)]
struct ValidationReport<'a> {
    /// Number of plan files checked.
    files: usize,
    /// Number of errors.
    errors: usize,
    /// Number of warnings.
    warnings: usize,
    /// Whether everything passed (warnings count with --strict).
    valid: bool,
    /// Every finding, file by file, in file order.
    findings: Vec<&'a Finding>,
}

pub fn cmd_validate(context: &Context, args: ValidateArgs) -> CommandResult {
    let files = files_to_check(context, &args.paths)?;
    // Only the findings are kept: each plan is dropped where it was checked.
    let lang = context.lang;
    let checked = check::parallel_map(&files, |(path, shown)| CheckedPlan {
        plan: None,
        ..check::check_file(path, shown, lang)
    });
    let count = |severity| {
        checked
            .iter()
            .map(|c: &CheckedPlan| c.count(severity))
            .sum::<usize>()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let valid = checked.iter().all(|c| c.passes(args.strict));
    if args.json {
        print_json(&ValidationReport {
            files: checked.len(),
            errors,
            warnings,
            valid,
            findings: checked.iter().flat_map(|c| &c.findings).collect(),
        });
    } else {
        let lang = context.lang();
        let mut out = String::new();
        for plan in &checked {
            for finding in &plan.findings {
                out.push_str(&finding.render(plan.lang));
            }
        }
        let plans = counted(
            checked.len(),
            ValidateMsg::PlanOne,
            ValidateMsg::PlanMany,
            lang,
        );
        out.push_str(&if errors + warnings == 0 {
            ValidateMsg::SummaryOk.fill(lang, &[("plans", &plans)])
        } else {
            ValidateMsg::Summary.fill(
                lang,
                &[
                    ("plans", &plans),
                    (
                        "errors",
                        &counted(errors, ValidateMsg::ErrorOne, ValidateMsg::ErrorMany, lang),
                    ),
                    (
                        "warnings",
                        &counted(
                            warnings,
                            ValidateMsg::WarningOne,
                            ValidateMsg::WarningMany,
                            lang,
                        ),
                    ),
                ],
            )
        });
        out.push('\n');
        print(&out);
    }
    Ok(Outcome::problems_if(!valid))
}

/// "1 plan", "3 planer": a count with its noun in singular or plural.
fn counted(count: usize, one: ValidateMsg, many: ValidateMsg, lang: crate::i18n::Lang) -> String {
    if count == 1 { one } else { many }.fill(lang, &[("count", &count)])
}

/// The files to check, each with the name to show: the paths given (folders
/// expanded to their `.json` files), or every plan of the workspace.
fn files_to_check(
    context: &Context,
    paths: &[PathBuf],
) -> Result<Vec<(PathBuf, String)>, crate::error::CommandError> {
    if paths.is_empty() {
        let workspace = context.workspace();
        return Ok(workspace
            .plan_files(context.lang())?
            .into_iter()
            .map(|path| {
                let shown = workspace.shown(&path);
                (path, shown)
            })
            .collect());
    }
    let mut files = Vec::new();
    for given in paths {
        let path = context.cwd.join(given);
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(&path)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
                .collect();
            inside.sort();
            if inside.is_empty() {
                return Err(crate::error::CommandError::data(
                    ValidateMsg::NoPlanFilesIn.fill(context.lang(), &[("path", &given.display())]),
                ));
            }
            for file in inside {
                let shown = shown_under(given, &path, &file);
                files.push((file, shown));
            }
        } else {
            files.push((path, given.to_string_lossy().into_owned()));
        }
    }
    Ok(files)
}

fn shown_under(given: &Path, dir: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(dir).unwrap_or(file);
    given.join(relative).to_string_lossy().into_owned()
}
