//! `backbrief validate`: every bad input of issue 2 ("Bad input") gets exit 1,
//! a message naming the file and the place (file:line:column, JSON pointer), a
//! plain sentence, a hint where one helps, and never a panic.
//!
//! Each fixture in `tests/fixtures/invalid/` is a small plan, valid except for
//! the one problem its name says. Below each run, the "source" section shows
//! the line each finding points at, with a caret under the column, so the
//! positions can be checked by reading the snapshot.

use std::fs;

use proptest::prelude::*;

use crate::common::{Output, TestEnv, fixtures_dir, minimal_plan};

/// Validates the fixture `name` as `plans/<name>.json`: exit 1, no panic.
fn validate_fixture(name: &str) -> String {
    let env = TestEnv::new();
    env.invalid_fixture(name);
    let output = env.run(&["validate"]).expect_code(1);
    with_source(&env, &output)
}

/// The output, then the source line of each `file:line:column` it names,
/// with a caret under the column.
fn with_source(env: &TestEnv, output: &Output) -> String {
    let mut excerpts = String::new();
    for line in output.stdout.lines() {
        let Some((file, line_number, column)) = location(line) else {
            continue;
        };
        let bytes = fs::read(env.path(file)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let source_line = text
            .split('\n')
            .nth(line_number - 1)
            .unwrap_or("")
            .trim_end_matches('\r');
        let (shown, caret) = window(source_line, column);
        let place = format!("{line_number}:{column}");
        excerpts.push_str(&format!("{place:>8} | {}\n", shown.trim_end()));
        excerpts.push_str(&format!("{:>8} | {}^\n", "", " ".repeat(caret)));
    }
    if excerpts.is_empty() {
        output.to_string()
    } else {
        format!("{output}\n------- source -------\n{excerpts}")
    }
}

/// `plans/x.json:12:5: ...` → ("plans/x.json", 12, 5).
fn location(line: &str) -> Option<(&str, usize, usize)> {
    let json = line.find(".json:")? + ".json".len();
    let mut parts = line[json + 1..].splitn(3, ':');
    let line_number = parts.next()?.parse().ok()?;
    let column = parts.next()?.parse().ok()?;
    Some((&line[..json], line_number, column))
}

/// At most about 60 characters of `line` around `column` (1-based, in
/// characters), and how many characters precede the column in what is shown.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1);
    if chars.len() <= 60 {
        return (line.to_string(), at);
    }
    let start = at.saturating_sub(40).min(chars.len());
    let end = (at + 20).min(chars.len());
    let mut shown = String::new();
    let mut caret = at - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

#[test]
fn every_invalid_fixture_is_refused_without_a_panic_and_has_its_own_test() {
    let this_file = include_str!("test_validate.rs");
    let mut names = Vec::new();
    for entry in fs::read_dir(fixtures_dir().join("invalid")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            this_file.contains(&format!("validate_fixture(\"{name}\")")),
            "tests/fixtures/invalid/{name}.json has no snapshot test in test_validate.rs"
        );
        names.push(name);
    }
    assert!(names.len() >= 24, "fixtures missing: {names:?}");
    // All of them at once: every file is reported, and the run still exits 1.
    let env = TestEnv::new();
    for name in &names {
        env.invalid_fixture(name);
    }
    let output = env.run(&["validate"]).expect_code(1);
    for name in &names {
        assert!(
            output.stdout.contains(&format!("plans/{name}.json:")),
            "{name} not reported:\n{output}"
        );
    }
    assert!(
        output
            .stdout
            .contains(&format!("Tjekkede {} planer", names.len())),
        "{output}"
    );
}

#[test]
fn a_minimal_plan_is_valid() {
    let env = TestEnv::new();
    env.plan("minimal", &minimal_plan("minimal"));
    insta::assert_snapshot!(env.run(&["validate"]).expect_code(0), @"
    Tjekkede 1 plan: ingen problemer.
    [exit status: 0]
    ");
}

#[test]
fn byte_order_mark_and_crlf_line_ends_are_accepted() {
    // As Windows Notepad saves a file.
    let env = TestEnv::new();
    let text = minimal_plan("notesblok").replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    env.plan_bytes("notesblok", &bytes);
    insta::assert_snapshot!(env.run(&["validate"]).expect_code(0), @"
    Tjekkede 1 plan: ingen problemer.
    [exit status: 0]
    ");
}

#[test]
fn problems_after_a_byte_order_mark_and_crlf_are_located_on_the_right_line_and_column() {
    let env = TestEnv::new();
    let text = minimal_plan("notesblok")
        .replace("\"planned\"", "\"finished\"")
        .replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    env.plan_bytes("notesblok", &bytes);
    let output = env.run(&["validate"]).expect_code(1);
    insta::assert_snapshot!(with_source(&env, &output), @r#"
    plans/notesblok.json:15:21: fejl: "status" har den ukendte værdi "finished". [/phases/0/subtasks/0/status]
      tip: Mente du "done"?
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       15:21 |           "status": "finished",
             |                     ^
    "#);
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(validate_fixture("empty"), @"
    plans/empty.json:1:1: fejl: Filen er tom.
      tip: Opret en ny plan med `backbrief new <id>`.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
         1:1 | 
             | ^
    ");
}

#[test]
fn truncated_json() {
    insta::assert_snapshot!(validate_fixture("truncated"), @r#"
    plans/truncated.json:8:12: fejl: Filen slutter midt i JSON-teksten; der mangler noget (fx en `}` eller `]`).
      tip: Tjek at hver `{` og `[` lukkes, og at filen blev gemt helt.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
        8:12 |       "id":
             |            ^
    "#);
}

#[test]
fn trailing_comma() {
    insta::assert_snapshot!(validate_fixture("trailing-comma"), @r#"
    plans/trailing-comma.json:21:18: fejl: Der står et komma før en afsluttende `}` eller `]`; JSON tillader det ikke.
      tip: Slet kommaet efter det sidste element.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       21:18 |   "reporting": [],
             |                  ^
    "#);
}

#[test]
fn invalid_utf8() {
    // The minimal plan saved as Latin-1: "prøve" has the byte 0xF8 for "ø".
    insta::assert_snapshot!(validate_fixture("invalid-utf8"), @r#"
    plans/invalid-utf8.json:5:22: fejl: Filen er ikke UTF-8-tekst (første ugyldige byte her).
      tip: Gem filen som UTF-8 i din editor (i Notesblok: Gem som → Kodning: UTF-8).
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
        5:22 |   "main_task": "At pr�ve validate af.",
             |                      ^
    "#);
}

#[test]
fn duplicate_keys() {
    insta::assert_snapshot!(validate_fixture("duplicate-key"), @r#"
    plans/duplicate-key.json:5:3: fejl: Feltet "title" står to gange i samme objekt; kun det sidste ville gælde. [/title]
      tip: Slet den ene forekomst.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
         5:3 |   "title": "Lille plan igen",
             |   ^
    "#);
}

#[test]
fn root_is_an_array() {
    insta::assert_snapshot!(validate_fixture("root-array"), @"
    plans/root-array.json:1:1: fejl: En planfil skal indeholde ét JSON-objekt { … }, ikke en liste [ … ].
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
         1:1 | [
             | ^
    ");
}

#[test]
fn unknown_field_with_did_you_mean() {
    insta::assert_snapshot!(validate_fixture("unknown-field"), @r#"
    plans/unknown-field.json:11:7: fejl: Ukendt felt "subtaks". [/phases/0/subtaks]
      tip: Mente du "subtasks"?
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
        11:7 |       "subtaks": [
             |       ^
    "#);
}

#[test]
fn wrong_type_number_for_title() {
    insta::assert_snapshot!(validate_fixture("wrong-type"), @r#"
    plans/wrong-type.json:4:12: fejl: "title" skal være tekst, ikke et heltal. [/title]
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
        4:12 |   "title": 42,
             |            ^
    "#);
}

#[test]
fn null_for_main_task() {
    insta::assert_snapshot!(validate_fixture("null-main-task"), @r#"
    plans/null-main-task.json:5:16: fejl: "main_task" er null, men skal være tekst. [/main_task]
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
        5:16 |   "main_task": null,
             |                ^
    "#);
}

#[test]
fn unknown_status_with_did_you_mean() {
    insta::assert_snapshot!(validate_fixture("unknown-status"), @r#"
    plans/unknown-status.json:15:21: fejl: "status" har den ukendte værdi "finished". [/phases/0/subtasks/0/status]
      tip: Mente du "done"?
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       15:21 |           "status": "finished",
             |                     ^
    "#);
}

#[test]
fn period_in_danish_words_gets_a_hint() {
    insta::assert_snapshot!(validate_fixture("period-danish"), @r#"
    plans/period-danish.json:10:17: fejl: "efterår 2024" er ikke skrevet, som en periode skrives i planen. [/phases/0/period]
      tip: Mente du "2024-autumn"?
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       10:17 |       "period": "efterår 2024",
             |                 ^
    "#);
}

#[test]
fn period_quarter_5() {
    insta::assert_snapshot!(validate_fixture("period-q5"), @r#"
    plans/period-q5.json:10:17: fejl: "2025-Q5" er ikke en periode: et år har kvartalerne Q1 til Q4. [/phases/0/period]
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       10:17 |       "period": "2025-Q5",
             |                 ^
    "#);
}

#[test]
fn period_month_13() {
    insta::assert_snapshot!(validate_fixture("period-month-13"), @r#"
    plans/period-month-13.json:16:18: fejl: "2024-13" er ikke en periode: månederne har numrene 01 til 12. [/phases/0/subtasks/0/due]
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       16:18 |           "due": "2024-13"
             |                  ^
    "#);
}

#[test]
fn period_30_february() {
    insta::assert_snapshot!(validate_fixture("period-feb-30"), @r#"
    plans/period-feb-30.json:16:18: fejl: "2024-02-30" er ikke en dag: februar 2024 har 29 dage. [/phases/0/subtasks/0/due]
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       16:18 |           "due": "2024-02-30"
             |                  ^
    "#);
}

#[test]
fn span_ends_before_it_starts() {
    insta::assert_snapshot!(validate_fixture("end-before-start"), @r#"
    plans/end-before-start.json:12:16: fejl: Perioden slutter (oktober 2024), før den begynder (marts 2025). [/phases/0/period/end]
      tip: Byt om på periodens start og slut, eller ret en af dem.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       12:16 |         "end": "2024-10"
             |                ^
    "#);
}

#[test]
fn dependency_cycle_is_named() {
    insta::assert_snapshot!(validate_fixture("dependency-cycle"), @r#"
    plans/dependency-cycle.json:28:9: fejl: Faserne afhænger af hinanden i ring: fase-1 → fase-2 → fase-1. [/phases/1/depends_on/0]
      tip: Fjern en af afhængighederne, så der er en fase, der kommer først.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
        28:9 |         "fase-1"
             |         ^
    "#);
}

#[test]
fn duplicate_ids() {
    insta::assert_snapshot!(validate_fixture("duplicate-id"), @r#"
    plans/duplicate-id.json:29:17: fejl: Id'et "moede" bruges to gange; det er også id'et på "Møde i MED". [/phases/1/subtasks/0/id]
      tip: Alle id'er i en plan (faser, aktiviteter, milepæle og afrapporteringer) skal være forskellige; omdøb det ene.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       29:17 |           "id": "moede",
             |                 ^
    "#);
}

#[test]
fn unknown_id_in_depends_on() {
    insta::assert_snapshot!(validate_fixture("unknown-depends-on"), @r#"
    plans/unknown-depends-on.json:25:9: fejl: Afhænger af: fasen "fase1" findes ikke i planen. [/phases/1/depends_on/0]
      tip: Mente du "fase-1"?
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
        25:9 |         "fase1"
             |         ^
    "#);
}

#[test]
fn did_you_mean_for_depends_on_never_suggests_the_phase_itself() {
    // "fase-l" (letter l) is as close to "fase-1" as to "fase-2"; fase-2 is
    // the phase that has the depends_on, so only "fase-1" makes sense.
    let env = TestEnv::new();
    let text = fs::read_to_string(fixtures_dir().join("invalid/unknown-depends-on.json"))
        .unwrap()
        .replace("\"unknown-depends-on\"", "\"typo\"")
        .replace("\"fase1\"", "\"fase-l\"");
    env.plan("typo", &text);
    let output = env.run(&["validate"]).expect_code(1);
    assert!(
        output.stdout.contains("Mente du \"fase-1\"?"),
        "expected a hint for fase-1:\n{output}"
    );
}

#[test]
fn unknown_id_in_reporting_after() {
    insta::assert_snapshot!(validate_fixture("unknown-after"), @r#"
    plans/unknown-after.json:28:16: fejl: Efter fase: fasen "fase-9" findes ikke i planen. [/reporting/0/after]
      tip: Mente du "fase-1"?
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       28:16 |       "after": "fase-9"
             |                ^
    "#);
}

#[test]
fn id_differs_from_the_file_name() {
    insta::assert_snapshot!(validate_fixture("id-not-file-name"), @r#"
    plans/id-not-file-name.json:3:3: fejl: Planens id "arbejdsplads-2" er ikke det samme som filnavnet "id-not-file-name.json". [/id]
      tip: Ret "id" til "id-not-file-name", eller omdøb filen til "arbejdsplads-2.json".
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
         3:3 |   "id": "arbejdsplads-2",
             |   ^
    "#);
}

#[test]
fn id_that_is_not_a_safe_file_name() {
    // Only one way out makes sense: fix the id. Renaming the file to
    // "../x.json" would move it out of plans/.
    insta::assert_snapshot!(validate_fixture("id-not-safe"), @r#"
    plans/id-not-safe.json:3:3: fejl: Planens id "../x" er ikke det samme som filnavnet "id-not-safe.json". [/id]
      tip: Ret "id" til "id-not-safe".
    plans/id-not-safe.json:3:9: fejl: Id'et "../x" kan ikke bruges: et id består af små bogstaver (a–z), cifre og bindestreger, begynder med et bogstav eller ciffer og har højst 64 tegn. [/id]
      tip: Mente du "x"?
    Tjekkede 1 plan: 2 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
         3:3 |   "id": "../x",
             |   ^
         3:9 |   "id": "../x",
             |         ^
    "#);
}

#[test]
fn id_that_is_not_a_safe_file_name_is_refused() {
    // The part of the case above that works today: both problems are found.
    let env = TestEnv::new();
    env.invalid_fixture("id-not-safe");
    let output = env.run(&["validate"]).expect_code(1);
    assert!(
        output.stdout.contains("\"../x\" kan ikke bruges"),
        "{output}"
    );
    assert!(output.stdout.contains("Mente du \"x\"?"), "{output}");
}

#[test]
fn nesting_5000_levels_deep() {
    insta::assert_snapshot!(validate_fixture("deep-nesting"), @"
    plans/deep-nesting.json:21:142: fejl: JSON-teksten er indlejret for dybt (mere end 128 niveauer); en plan har højst nogle få.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
      21:142 | …[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[…
             |                                          ^
    ");
}

#[test]
fn number_beyond_range() {
    insta::assert_snapshot!(validate_fixture("number-out-of-range"), @r#"
    plans/number-out-of-range.json:17:26: fejl: Tallet er for stort. [/phases/0/subtasks/0/imbalances/0]
      tip: Tallene i en plan er små: "format" er 1, og ubalancerne har numrene 1 til 12.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
       17:26 |           "imbalances": [1e999]
             |                          ^
    "#);
}

#[test]
fn number_beyond_range_names_its_pointer() {
    let env = TestEnv::new();
    env.invalid_fixture("number-out-of-range");
    let output = env.run(&["validate", "--json"]).expect_code(1);
    let json = output.json();
    assert_eq!(
        json["findings"][0]["pointer"], "/phases/0/subtasks/0/imbalances/0",
        "{output}"
    );
}

#[test]
fn unsupported_format() {
    insta::assert_snapshot!(validate_fixture("format-2"), @r#"
    plans/format-2.json:2:3: fejl: Filen har format 2; denne version af backbrief kender kun format 1. [/format]
      tip: Opdatér backbrief, eller skriv "format": 1.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ------- source -------
         2:3 |   "format": 2,
             |   ^
    "#);
}

#[test]
fn a_file_of_hundreds_of_megabytes_is_refused_unread() {
    // A sparse file: 300 MiB on paper, almost nothing on disk. The tool must
    // refuse it by its size, not read it into memory.
    let env = TestEnv::new();
    let file = fs::File::create(env.path("plans/kaempe.json")).unwrap();
    file.set_len(300 * 1024 * 1024).unwrap();
    drop(file);
    insta::assert_snapshot!(env.run(&["validate"]).expect_code(1), @"
    plans/kaempe.json:1:1: fejl: Filen fylder 300 MB; en plan fylder typisk nogle få kB, og backbrief læser højst 8 MB.
      tip: Tjek at det er den rigtige fil; en plan skal være én JSON-fil pr. plan.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ");
}

#[test]
fn a_file_just_over_8_mib_is_refused() {
    let env = TestEnv::new();
    let mut text = minimal_plan("stor").into_bytes();
    text.resize(8 * 1024 * 1024 + 1, b' ');
    env.plan_bytes("stor", &text);
    let output = env.run(&["validate"]).expect_code(1);
    assert!(
        output
            .stdout
            .contains("plans/stor.json:1:1: fejl: Filen fylder"),
        "{output}"
    );
}

#[test]
fn a_file_just_over_the_limit_is_not_said_to_be_the_size_of_the_limit() {
    let env = TestEnv::new();
    let mut text = minimal_plan("stor").into_bytes();
    text.resize(8 * 1024 * 1024 + 1, b' ');
    env.plan_bytes("stor", &text);
    let output = env.run(&["validate"]).expect_code(1);
    assert!(
        !output.stdout.contains("Filen fylder 8 MB"),
        "the size must not read as the limit itself:\n{output}"
    );
}

#[test]
fn every_problem_of_a_plan_is_reported_not_just_the_first() {
    let env = TestEnv::new();
    let text = minimal_plan("mange")
        .replace("\"Lille plan\"", "42")
        .replace("\"planned\"", "\"finished\"")
        .replace("\"2024-autumn\"", "\"efterår 2024\"");
    env.plan("mange", &text);
    insta::assert_snapshot!(env.run(&["validate"]).expect_code(1), @r#"
    plans/mange.json:4:12: fejl: "title" skal være tekst, ikke et heltal. [/title]
    plans/mange.json:10:17: fejl: "efterår 2024" er ikke skrevet, som en periode skrives i planen. [/phases/0/period]
      tip: Mente du "2024-autumn"?
    plans/mange.json:15:21: fejl: "status" har den ukendte værdi "finished". [/phases/0/subtasks/0/status]
      tip: Mente du "done"?
    Tjekkede 1 plan: 3 fejl og 0 advarsler.
    [exit status: 1]
    "#);
}

#[test]
fn json_output_for_an_invalid_plan() {
    let env = TestEnv::new();
    env.invalid_fixture("unknown-field");
    let output = env.run(&["validate", "--json"]).expect_code(1);
    assert_eq!(output.stderr, "");
    insta::assert_json_snapshot!(output.json(), @r#"
    {
      "files": 1,
      "errors": 1,
      "warnings": 0,
      "valid": false,
      "findings": [
        {
          "file": "plans/unknown-field.json",
          "line": 11,
          "column": 7,
          "pointer": "/phases/0/subtaks",
          "severity": "error",
          "code": "unknown-field",
          "message": "Ukendt felt \"subtaks\".",
          "hint": "Mente du \"subtasks\"?"
        }
      ]
    }
    "#);
}

#[test]
fn english_with_lang_en() {
    let env = TestEnv::new();
    env.invalid_fixture("unknown-status");
    insta::assert_snapshot!(env.run(&["--lang", "en", "validate"]).expect_code(1), @r#"
    plans/unknown-status.json:15:21: error: "status" has the unknown value "finished". [/phases/0/subtasks/0/status]
      hint: Did you mean "done"?
    Checked 1 plan: 1 error and 0 warnings.
    [exit status: 1]
    "#);
}

#[test]
fn a_plan_in_english_is_spoken_about_in_english() {
    let env = TestEnv::new();
    let text = fs::read_to_string(fixtures_dir().join("invalid/unknown-status.json"))
        .unwrap()
        .replace("\"format\": 1,", "\"format\": 1,\n  \"language\": \"en\",");
    env.plan("unknown-status", &text);
    let output = env.run(&["validate"]).expect_code(1);
    assert!(
        output
            .stdout
            .contains("error: \"status\" has the unknown value \"finished\""),
        "{output}"
    );
}

/// The minimal plan with its subtask due in January 2025, after its phase
/// (autumn 2024) has ended: a warning, not an error.
fn plan_with_a_warning(env: &TestEnv) {
    env.plan(
        "advarsel",
        &minimal_plan("advarsel").replace("\"2024-10\"", "\"2025-01\""),
    );
}

#[test]
fn a_warning_does_not_fail_validation() {
    let env = TestEnv::new();
    plan_with_a_warning(&env);
    insta::assert_snapshot!(env.run(&["validate"]).expect_code(0), @r#"
    plans/advarsel.json:16:18: advarsel: "Møde i MED" har frist januar 2025, uden for fasen "Fase 1" (efterår 2024). [/phases/0/subtasks/0/due]
      tip: Ret fristen, eller flyt aktiviteten til den fase, den hører til.
    Tjekkede 1 plan: 0 fejl og 1 advarsel.
    [exit status: 0]
    "#);
}

#[test]
fn strict_turns_a_warning_into_a_failure() {
    let env = TestEnv::new();
    plan_with_a_warning(&env);
    insta::assert_snapshot!(env.run(&["validate", "--strict"]).expect_code(1), @r#"
    plans/advarsel.json:16:18: advarsel: "Møde i MED" har frist januar 2025, uden for fasen "Fase 1" (efterår 2024). [/phases/0/subtasks/0/due]
      tip: Ret fristen, eller flyt aktiviteten til den fase, den hører til.
    Tjekkede 1 plan: 0 fejl og 1 advarsel.
    [exit status: 1]
    "#);
}

#[test]
fn validate_named_files_and_folders() {
    let env = TestEnv::new();
    env.plan("god", &minimal_plan("god"));
    env.invalid_fixture("format-2");
    env.write("andre/god.json", minimal_plan("god"));
    let output = env
        .run(&["validate", "plans/god.json", "andre"])
        .expect_code(0);
    insta::assert_snapshot!(output, @"
    Tjekkede 2 planer: ingen problemer.
    [exit status: 0]
    ");
    env.run(&["validate", "plans/format-2.json"]).expect_code(1);
}

#[test]
fn validate_without_a_plans_folder() {
    let env = TestEnv::without_plans();
    insta::assert_snapshot!(env.run(&["validate"]).expect_code(3), @r"
    ------- stderr -------
    fejl: Der er ingen mappe plans/ i [ROOT].
    tip: Gå til plan-repositoriet (eller brug -C <mappe>), eller opret et med `backbrief init`.
    [exit status: 3]
    ");
}

#[test]
fn the_example_plan_is_valid() {
    let env = TestEnv::new();
    env.example_plan("arbejdsplads-1");
    env.run(&["validate", "--strict"]).expect_code(0);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever a hand edit does to a plan file, validate answers with exit 0
    /// or 1 and a located finding, never a panic.
    #[test]
    fn validate_never_panics_on_a_damaged_plan(
        at in 0usize..420,
        delete in 0usize..12,
        insert in proptest::collection::vec(
            prop_oneof![
                Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b'"'),
                Just(b','), Just(b':'), Just(b'\\'), Just(b'\n'), Just(b'\r'),
                Just(0xC3), Just(0xFF), Just(b'1'), Just(b'e'), Just(b'-'),
                any::<u8>(),
            ],
            0..6,
        ),
    ) {
        let env = TestEnv::new();
        let mut bytes = minimal_plan("skadet").into_bytes();
        let at = at.min(bytes.len());
        let end = (at + delete).min(bytes.len());
        bytes.splice(at..end, insert);
        env.plan_bytes("skadet", &bytes);
        let output = env.run(&["validate"]);
        prop_assert!(!output.stderr.contains("panicked"), "{}", output);
        prop_assert!(matches!(output.code, Some(0 | 1)), "{}", output);
        if output.code == Some(1) {
            prop_assert!(output.stdout.starts_with("plans/skadet.json:"), "{}", output);
        }
        let status = env.run(&["status", "--at", "2024-11-21"]);
        prop_assert!(!status.stderr.contains("panicked"), "{}", status);
        prop_assert!(matches!(status.code, Some(0 | 1)), "{}", status);
    }
}
