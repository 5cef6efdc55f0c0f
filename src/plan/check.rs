//! The validation pipeline: bytes → text → JSON → schema → typed plan → rules.
//!
//! Every stage reports everything it finds; a later stage runs whenever the
//! earlier ones left it something to look at. Positions are looked up only
//! when there is something to report.

use std::path::Path;

use serde_json::Value;

use crate::i18n::{Lang, Message, ValidateMsg};
use crate::plan::diagnostic::{Finding, Severity};
use crate::plan::model::{FORMAT_VERSION, Plan};
use crate::plan::source::{self, Position, ReadProblem, SourceMap, SyntaxKind};
use crate::plan::{lenient, rules, schema_findings};

/// A plan file after validation.
#[derive(Debug)]
pub struct CheckedPlan {
    /// The typed plan, when the file could be read as one (it may still have findings).
    pub plan: Option<Plan>,
    /// Everything wrong with it, in file order.
    pub findings: Vec<Finding>,
    /// The language to speak about it.
    pub lang: Lang,
}

impl CheckedPlan {
    /// Number of findings of this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether the plan passes: no errors (and, when `strict`, no warnings).
    pub fn passes(&self, strict: bool) -> bool {
        self.count(Severity::Error) == 0 && (!strict || self.count(Severity::Warning) == 0)
    }
}

/// Reads and checks the plan file at `path`; `shown` is how to name the file
/// in findings. The plan's id must equal the file name without `.json`.
pub fn check_file(path: &Path, shown: &str, lang: Option<Lang>) -> CheckedPlan {
    let stem = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
    match source::read_text(path) {
        Ok(text) => check_text(&text, shown, stem.as_deref(), lang),
        Err(problem) => {
            let lang = lang.unwrap_or_default();
            let finding = read_finding(problem, lang);
            CheckedPlan {
                plan: None,
                findings: vec![Finding {
                    file: shown.into(),
                    ..finding
                }],
                lang,
            }
        }
    }
}

fn read_finding(problem: ReadProblem, lang: Lang) -> Finding {
    match problem {
        ReadProblem::Io(error) => Finding::error(
            "cannot-read",
            "",
            ValidateMsg::CannotRead.fill(lang, &[("reason", &crate::io_reason(&error, lang))]),
        ),
        ReadProblem::TooLarge { size } => Finding::error(
            "too-large",
            "",
            ValidateMsg::TooLarge.fill(
                lang,
                &[
                    ("size", &size.div_ceil(1024 * 1024)),
                    ("limit", &(source::MAX_PLAN_BYTES / (1024 * 1024))),
                ],
            ),
        )
        .with_hint(Some(ValidateMsg::TooLargeHint.get(lang))),
        ReadProblem::SymbolicLink => {
            Finding::error("symbolic-link", "", ValidateMsg::SymbolicLink.get(lang))
                .with_hint(Some(ValidateMsg::SymbolicLinkHint.get(lang)))
        }
        ReadProblem::NotUtf8 { at } => {
            Finding::error("not-utf8", "", ValidateMsg::NotUtf8.get(lang))
                .with_hint(Some(ValidateMsg::NotUtf8Hint.get(lang)))
                .at(at)
        }
    }
    .at_start_if_unset()
}

impl Finding {
    fn at_start_if_unset(mut self) -> Finding {
        if self.at == Position::default() {
            self.at = Position { line: 1, column: 1 };
        }
        self
    }
}

/// Checks plan text. `stem` is the file name without `.json`, when known.
pub fn check_text(text: &str, shown: &str, stem: Option<&str>, lang: Option<Lang>) -> CheckedPlan {
    // What cannot be read back is not a plan: a decision or a merge whose
    // result outgrows the limit is refused like a file that does.
    if text.len() as u64 > source::MAX_PLAN_BYTES {
        let lang = lang.unwrap_or_default();
        let size = text.len() as u64;
        return CheckedPlan {
            plan: None,
            findings: vec![Finding {
                file: shown.into(),
                ..read_finding(ReadProblem::TooLarge { size }, lang)
            }],
            lang,
        };
    }
    let parsed = match source::parse_json(text) {
        Ok(parsed) => parsed,
        Err(problem) => {
            let lang = lang.unwrap_or_default();
            let (message, hint) = syntax_message(&problem, lang);
            let mut finding = Finding::error("syntax", "", message)
                .with_hint(hint)
                .at(problem.at);
            if problem.kind == SyntaxKind::NumberOutOfRange {
                // The text up to the number parsed, so it nests at most 128 deep.
                let prefix = &text[..source::byte_offset(text, problem.at).min(text.len())];
                let index = SourceMap::index(prefix);
                if let Some(pointer) = index.pointer_at(problem.at) {
                    finding.at = index.locate_value(&pointer);
                    finding.pointer = pointer;
                }
            }
            return CheckedPlan {
                plan: None,
                findings: vec![Finding {
                    file: shown.into(),
                    ..finding
                }],
                lang,
            };
        }
    };
    let value = parsed.value;
    let lang = lang
        .or_else(|| {
            value
                .get("language")
                .and_then(Value::as_str)
                .and_then(Lang::from_code)
        })
        .unwrap_or_default();

    let mut findings = Vec::new();
    let mut map = None;
    if parsed.has_duplicate_keys {
        let index = map.get_or_insert_with(|| SourceMap::index(text));
        for (pointer, key, at) in &index.duplicate_keys {
            findings.push(
                Finding::error(
                    "duplicate-key",
                    pointer.clone(),
                    ValidateMsg::DuplicateKey.fill(lang, &[("key", key)]),
                )
                .with_hint(Some(ValidateMsg::DuplicateKeyHint.get(lang)))
                .at(*at),
            );
        }
    }

    let plan = check_value(&value, stem, lang, &mut findings);

    if !findings.is_empty() {
        let index = map.get_or_insert_with(|| SourceMap::index(text));
        for finding in &mut findings {
            if finding.at == Position::default() {
                finding.at = if finding.at_value {
                    index.locate_value(&finding.pointer)
                } else {
                    index.locate(&finding.pointer)
                };
            }
            finding.file = shown.to_string();
        }
        findings.sort_by_key(|f| (f.at, f.severity));
        findings.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
    }
    CheckedPlan {
        plan,
        findings,
        lang,
    }
}

/// Checks a parsed document; returns the typed plan when it could be read as one.
fn check_value(
    value: &Value,
    stem: Option<&str>,
    lang: Lang,
    findings: &mut Vec<Finding>,
) -> Option<Plan> {
    let Some(object) = value.as_object() else {
        findings.push(
            Finding::error(
                "not-an-object",
                "",
                ValidateMsg::RootNotObject.fill(
                    lang,
                    &[("actual", &schema_findings::type_name(value, lang))],
                ),
            )
            .on_value(),
        );
        return None;
    };
    if let Some(format) = object.get("format")
        && format.as_u64() != Some(FORMAT_VERSION)
        && (format.is_u64() || format.is_i64())
    {
        findings.push(
            Finding::error(
                "unsupported-format",
                "/format",
                ValidateMsg::UnsupportedFormat.fill(lang, &[("found", format)]),
            )
            .with_hint(Some(ValidateMsg::UnsupportedFormatHint.get(lang))),
        );
        return None;
    }

    let schema_errors_before = findings.len();
    schema_findings::check(value, lang, findings);
    let schema_ok = findings.len() == schema_errors_before;

    let plan =
        // Read from the borrowed value: no copy of the whole document.
        match <Plan as serde::Deserialize>::deserialize(value) {
            Ok(plan) if schema_ok => {
                rules::check(&plan, lang, findings);
                plan
            }
            typed => {
                // Check the rules on a repaired copy, keeping only what is real.
                if let Some(repaired) = lenient::repair(value) {
                    let mut rule_findings = Vec::new();
                    rules::check(&repaired.plan, lang, &mut rule_findings);
                    findings.extend(rule_findings.into_iter().filter(|f| {
                        f.severity == Severity::Error && !repaired.is_touched(&f.pointer)
                    }));
                }
                match typed {
                    Ok(plan) => plan,
                    Err(error) => {
                        if schema_ok {
                            // The schema and the types disagree: still say what serde found.
                            findings.push(Finding::error(
                                "invalid",
                                "",
                                ValidateMsg::SchemaOther
                                    .fill(lang, &[("field", &""), ("detail", &error)]),
                            ));
                        }
                        return None;
                    }
                }
            }
        };
    if let Some(stem) = stem
        && stem != plan.id
    {
        findings.push(
            Finding::error(
                "id-not-file-name",
                "/id",
                ValidateMsg::IdNotFileName.fill(lang, &[("id", &plan.id), ("stem", &stem)]),
            )
            .with_hint(Some(if crate::workspace::is_valid_id(&plan.id) {
                ValidateMsg::IdNotFileNameHint.fill(lang, &[("id", &plan.id), ("stem", &stem)])
            } else {
                ValidateMsg::IdToFileNameHint.fill(lang, &[("stem", &stem)])
            })),
        );
    }
    Some(plan)
}

fn syntax_message(problem: &source::SyntaxProblem, lang: Lang) -> (String, Option<String>) {
    match problem.kind {
        SyntaxKind::Empty => (
            ValidateMsg::Empty.get(lang),
            Some(ValidateMsg::EmptyHint.get(lang)),
        ),
        SyntaxKind::Truncated => (
            ValidateMsg::Truncated.get(lang),
            Some(ValidateMsg::TruncatedHint.get(lang)),
        ),
        SyntaxKind::TrailingComma => (
            ValidateMsg::TrailingComma.get(lang),
            Some(ValidateMsg::TrailingCommaHint.get(lang)),
        ),
        SyntaxKind::TooDeep => (ValidateMsg::TooDeep.get(lang), None),
        SyntaxKind::NumberOutOfRange => (
            ValidateMsg::NumberOutOfRange.get(lang),
            Some(ValidateMsg::NumberOutOfRangeHint.get(lang)),
        ),
        SyntaxKind::TrailingCharacters => (
            ValidateMsg::TrailingCharacters.get(lang),
            Some(ValidateMsg::TrailingCharactersHint.get(lang)),
        ),
        SyntaxKind::Other => (
            ValidateMsg::SyntaxOther.fill(lang, &[("detail", &problem.detail)]),
            None,
        ),
    }
}

/// Checks many files, on every core, keeping their order.
pub fn check_files(files: &[(std::path::PathBuf, String)], lang: Option<Lang>) -> Vec<CheckedPlan> {
    parallel_map(files, |(path, shown)| check_file(path, shown, lang))
}

/// `f` of each item, computed on every core, in the order of `items`. What
/// `f` returns is all that is kept: a caller that needs a summary of each
/// plan makes (and drops) the plan inside `f`, so the plans are never held
/// all at once and their memory is freed in parallel too.
pub fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len().max(1));
    if threads <= 1 || items.len() < 16 {
        return items.iter().map(f).collect();
    }
    // Small chunks handed out in turn, so that a core that drew the larger
    // plans does not hold the others up.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let chunk = items.len().div_ceil(threads * 16).max(1);
    let f = &f;
    let next = &next;
    let mut parts: Vec<(usize, Vec<U>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(chunk, std::sync::atomic::Ordering::Relaxed);
                        let Some(part) = items.get(start..(start + chunk).min(items.len())) else {
                            break;
                        };
                        if part.is_empty() {
                            break;
                        }
                        done.push((start, part.iter().map(f).collect::<Vec<U>>()));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    parts.sort_by_key(|(start, _)| *start);
    parts.into_iter().flat_map(|(_, part)| part).collect()
}

#[cfg(test)]
mod parallel_tests {
    use super::parallel_map;

    #[test]
    fn parallel_map_keeps_the_order() {
        for count in [0, 1, 15, 16, 17, 100, 1001] {
            let items: Vec<usize> = (0..count).collect();
            let doubled = parallel_map(&items, |n| n * 2);
            assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        }
    }
}
