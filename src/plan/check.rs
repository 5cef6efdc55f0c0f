//! The validation pipeline: bytes → text → JSON → schema → typed plan → rules.
//!
//! Every stage reports everything it finds; a later stage runs whenever the
//! earlier ones left it something to look at. Positions are looked up only
//! when there is something to report.

use std::path::Path;

use serde_json::Value;

use crate::i18n::{Lang, Message, SyntaxMsg, ValidateMsg};
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

/// Checks the bytes of a plan file (as read from the work tree or from
/// history): a file that is not UTF-8 is a finding at its first bad byte.
pub fn check_bytes(
    bytes: Vec<u8>,
    shown: &str,
    stem: Option<&str>,
    lang: Option<Lang>,
) -> CheckedPlan {
    match source::text_from_bytes(bytes) {
        Ok(text) => check_text(&text, shown, stem, lang),
        Err(problem) => {
            let lang = lang.unwrap_or_default();
            CheckedPlan {
                plan: None,
                findings: check_problem(problem, shown, lang),
                lang,
            }
        }
    }
}

/// The finding for a plan file that could not be read.
pub fn check_problem(problem: ReadProblem, shown: &str, lang: Lang) -> Vec<Finding> {
    vec![Finding {
        file: shown.into(),
        ..read_finding(problem, lang)
    }]
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
    if let Some(plan) = valid_plan(text, stem, lang) {
        return CheckedPlan {
            lang: lang.unwrap_or_else(|| plan.language()),
            plan: Some(plan),
            findings: Vec::new(),
        };
    }
    check_text_fully(text, shown, stem, lang)
}

/// The plan in `text` when it is plainly valid, read straight into the
/// typed model: the way most files are read, without building a JSON tree,
/// running the schema validator or keeping anything for findings. None
/// when anything at all is amiss or unusual; then [`check_text_fully`]
/// runs, which finds and words every problem. Whatever passes here passes
/// there without findings (a test and the `plan_check` fuzz target hold
/// the two to that).
pub fn valid_plan(text: &str, stem: Option<&str>, lang: Option<Lang>) -> Option<Plan> {
    // The schema forbids null, which the typed model would read as absent;
    // serde reads an array where an object belongs as that object.
    if text.contains("null") || arrays_where_objects_belong(text) {
        return None;
    }
    // Unknown fields, duplicate fields, wrong types and enum values, missing
    // fields and trailing text are errors of the typed reading already.
    let plan: Plan = serde_json::from_str(text).ok()?;
    if !schema_constraints_hold(&plan) || stem.is_some_and(|stem| stem != plan.id) {
        return None;
    }
    let mut findings = Vec::new();
    rules::check(
        &plan,
        lang.unwrap_or_else(|| plan.language()),
        &mut findings,
    );
    findings.is_empty().then_some(plan)
}

/// Whether `text` has an array where a plan has an object: an array inside
/// an array (items, milestones, reporting, phases are objects; other lists
/// hold strings or numbers), or as the value of `core_task`, `period`,
/// `start` or `end`. serde's typed reading accepts `[…]` for a struct, so
/// such a file must take the full check, whose schema refuses it.
fn arrays_where_objects_belong(text: &str) -> bool {
    let bytes = text.as_bytes();
    // What each open container is; for objects, the last key read.
    let mut stack: Vec<u8> = Vec::new();
    let mut last_string: (usize, usize) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                last_string = (start, i.min(bytes.len()));
            }
            b'[' => {
                if stack.last() == Some(&b'[') {
                    return true;
                }
                if stack.last() == Some(&b'{') {
                    let key = &bytes[last_string.0..last_string.1];
                    if matches!(key, b"core_task" | b"period" | b"start" | b"end") {
                        return true;
                    }
                }
                stack.push(b'[');
            }
            b'{' => stack.push(b'{'),
            b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// What the schema asks of a plan beyond its types: the format version, id
/// patterns, non-empty texts and phase list, distinct communities and
/// imbalances in range. Periods are left to the rules, which accept only
/// periods matching the schema's pattern.
fn schema_constraints_hold(plan: &Plan) -> bool {
    use crate::plan::id::is_valid_id as id;
    let filled = |text: &str| !text.is_empty();
    plan.format == FORMAT_VERSION
        && id(&plan.id)
        && filled(&plan.title)
        && filled(&plan.main_task)
        && !plan.phases.is_empty()
        && plan.phases.iter().all(|phase| {
            id(&phase.id)
                && filled(&phase.title)
                && phase.depends_on.iter().all(|d| id(&d.0))
                && phase.subtasks.iter().all(|subtask| {
                    id(&subtask.id)
                        && filled(&subtask.title)
                        && distinct(&subtask.communities)
                        && distinct(&subtask.imbalances)
                        && subtask.imbalances.iter().all(|i| (1..=12).contains(&i.0))
                })
        })
        && plan
            .milestones
            .iter()
            .all(|milestone| id(&milestone.id) && filled(&milestone.title))
        && plan.reporting.iter().all(|reporting| {
            id(&reporting.id)
                && filled(&reporting.what)
                && filled(&reporting.to)
                && reporting.after.as_ref().is_none_or(|after| id(&after.0))
        })
}

/// Whether no two items of the list are equal.
fn distinct<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .all(|(i, item)| !items[..i].contains(item))
}

/// Checks plan text through every stage, finding and wording every problem.
pub fn check_text_fully(
    text: &str,
    shown: &str,
    stem: Option<&str>,
    lang: Option<Lang>,
) -> CheckedPlan {
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
            .with_hint(Some(if crate::plan::id::is_valid_id(&plan.id) {
                ValidateMsg::IdNotFileNameHint.fill(lang, &[("id", &plan.id), ("stem", &stem)])
            } else {
                ValidateMsg::IdToFileNameHint.fill(lang, &[("stem", &stem)])
            })),
        );
    }
    Some(plan)
}

/// A JSON syntax problem in plain words, with a hint: never the parser's own
/// (English) wording.
pub fn syntax_message(problem: &source::SyntaxProblem, lang: Lang) -> (String, Option<String>) {
    let plain = |message: SyntaxMsg, hint: SyntaxMsg| (message.get(lang), Some(hint.get(lang)));
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
        SyntaxKind::MissingComma => {
            let line = [("line", &problem.at.line as &dyn std::fmt::Display)];
            (
                SyntaxMsg::MissingComma.fill(lang, &line),
                Some(SyntaxMsg::MissingCommaHint.fill(lang, &line)),
            )
        }
        SyntaxKind::MissingColon => plain(SyntaxMsg::MissingColon, SyntaxMsg::MissingColonHint),
        SyntaxKind::CurlyQuotes => plain(SyntaxMsg::CurlyQuotes, SyntaxMsg::CurlyQuotesHint),
        SyntaxKind::KeyNotQuoted => plain(SyntaxMsg::KeyNotQuoted, SyntaxMsg::KeyNotQuotedHint),
        SyntaxKind::ExpectedValue => plain(SyntaxMsg::ExpectedValue, SyntaxMsg::ExpectedValueHint),
        SyntaxKind::ControlCharacter => {
            plain(SyntaxMsg::ControlCharacter, SyntaxMsg::ControlCharacterHint)
        }
        SyntaxKind::InvalidEscape => plain(SyntaxMsg::InvalidEscape, SyntaxMsg::InvalidEscapeHint),
        SyntaxKind::Other => plain(SyntaxMsg::NotJson, SyntaxMsg::NotJsonHint),
    }
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

#[cfg(test)]
mod fast_path_tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::{check_text_fully, valid_plan};

    use crate::plan::fixtures::EXAMPLE;

    /// The law of the fast path: what it accepts, the full check accepts
    /// without a finding, as the same plan.
    fn holds(text: &str, stem: Option<&str>) {
        if let Some(plan) = valid_plan(text, stem, None) {
            let full = check_text_fully(text, "plan.json", stem, None);
            assert!(
                full.findings.is_empty(),
                "the fast path accepted what the full check finds wrong: {:?}\n{text}",
                full.findings
            );
            assert_eq!(full.plan.as_ref(), Some(&plan));
        }
    }

    #[test]
    fn the_example_the_templates_and_the_fixtures_keep_the_law() {
        assert!(valid_plan(EXAMPLE, Some("arbejdsplads-1"), None).is_some());
        holds(EXAMPLE, Some("arbejdsplads-1"));
        holds(EXAMPLE, Some("another-name"));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["templates", "tests/fixtures/invalid"] {
            let entries = std::fs::read_dir(root.join(folder)).expect("the folder");
            for entry in entries.filter_map(Result::ok) {
                let Ok(bytes) = std::fs::read(entry.path()) else {
                    continue; // a folder
                };
                let text = String::from_utf8_lossy(&bytes);
                holds(&text, None);
                holds(&text, entry.path().file_stem().and_then(|s| s.to_str()));
            }
        }
    }

    /// Values that break one rule of the schema or another, or none.
    fn odd_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            Just(json!("")),
            Just(json!("x")),
            Just(json!("Fase-1")),
            Just(json!("-fase")),
            Just(json!("fase-9")),
            Just(json!("fase-1")),
            Just(json!("a".repeat(65))),
            Just(json!("2024-autumn")),
            Just(json!("2024-13")),
            Just(json!("efterår 2024")),
            Just(json!("done")),
            Just(json!("Done")),
            Just(json!("task")),
            Just(json!("en")),
            Just(json!(0)),
            Just(json!(1)),
            Just(json!(2)),
            Just(json!(12)),
            Just(json!(13)),
            Just(json!(-1)),
            Just(json!(1.0)),
            Just(json!([])),
            Just(json!(["task", "task"])),
            Just(json!([3, 3])),
            Just(json!([0])),
            Just(json!({})),
            Just(json!({"start": "2024-autumn", "end": "2025-spring"})),
            Just(json!({"start": "2025-spring", "end": "2024-autumn"})),
        ]
    }

    /// Every place in a JSON document, as pointers.
    fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let next = format!("{here}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push(next.clone());
                    pointers(item, next, out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let next = format!("{here}/{i}");
                    out.push(next.clone());
                    pointers(item, next, out);
                }
            }
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn a_changed_example_keeps_the_law(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), odd_value(), 0..3u8), 1..4)
        ) {
            let mut plan: Value = serde_json::from_str(EXAMPLE).expect("the example parses");
            for (at, value, how) in edits {
                let mut all = Vec::new();
                pointers(&plan, String::new(), &mut all);
                let pointer = at.get(&all).clone();
                let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
                match (how, plan.pointer_mut(parent)) {
                    (0, Some(Value::Object(map))) => {
                        map.shift_remove(key);
                    }
                    (1, Some(Value::Object(map))) => {
                        map.insert(format!("{key}x"), value);
                    }
                    _ => {
                        if let Some(place) = plan.pointer_mut(&pointer) {
                            *place = value;
                        }
                    }
                }
            }
            let text = serde_json::to_string_pretty(&plan).expect("JSON");
            holds(&text, Some("arbejdsplads-1"));
        }
    }
}
