//! A plan file that is not JSON is explained in plain words, at the place to
//! fix, with a hint — never with the parser's own English.

use crate::common::{TestEnv, minimal_plan};

/// `validate` on the minimal plan with `from` replaced by `to` (once).
fn validate_edited(from: &str, to: &str, lang: &str) -> crate::common::Output {
    let env = TestEnv::new();
    let plan = minimal_plan("lille");
    assert!(plan.contains(from), "{from}");
    env.plan("lille", &plan.replacen(from, to, 1));
    env.run(&["--lang", lang, "validate"]).expect_code(1)
}

#[test]
fn a_missing_comma_is_placed_after_the_line_that_lacks_it() {
    // serde_json notices only at the next field, on line 4.
    let output = validate_edited("\"format\": 1,", "\"format\": 1", "da");
    insta::assert_snapshot!(output, @"
    plans/lille.json:2:14: fejl: Der mangler et komma efter linje 2.
      tip: Sæt et komma efter det sidste tegn på linje 2: mellem to felter eller to elementer står der altid et komma.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ");
    let output = validate_edited("\"format\": 1,", "\"format\": 1", "en");
    insta::assert_snapshot!(output, @"
    plans/lille.json:2:14: error: A comma is missing after line 2.
      hint: Put a comma after the last character of line 2: two fields or two elements are always separated by a comma.
    Checked 1 plan: 1 error and 0 warnings.
    [exit status: 1]
    ");
}

#[test]
fn a_missing_comma_between_elements_on_one_line() {
    let output = validate_edited("\"reporting\": []", "\"reporting\": [1 2]", "da");
    insta::assert_snapshot!(output, @"
    plans/lille.json:21:18: fejl: Der mangler et komma efter linje 21.
      tip: Sæt et komma efter det sidste tegn på linje 21: mellem to felter eller to elementer står der altid et komma.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    ");
}

#[test]
fn curly_quotes_from_word_get_a_plain_hint() {
    let output = validate_edited("\"title\": \"Lille plan\"", "“title”: “Lille plan”", "da");
    insta::assert_snapshot!(output, @r#"
    plans/lille.json:4:3: fejl: Her står krøllede anførselstegn (“ ” eller ‘ ’), som et tekstbehandlingsprogram skriver dem; JSON kender kun lige anførselstegn.
      tip: Brug lige anførselstegn (") i stedet for krøllede. Rediger planen i en teksteditor (fx Notesblok), ikke i Word.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    "#);
    let output = validate_edited("\"title\": \"Lille plan\"", "\"title\": “Lille plan”", "en");
    insta::assert_snapshot!(output, @r#"
    plans/lille.json:4:12: error: There are curly quotes here (“ ” or ‘ ’), as a word processor writes them; JSON knows only straight quotes.
      hint: Use straight quotes (") instead of curly ones. Edit the plan in a text editor (such as Notepad), not in Word.
    Checked 1 plan: 1 error and 0 warnings.
    [exit status: 1]
    "#);
}

#[test]
fn other_slips_in_plain_words() {
    for (from, to) in [
        ("\"title\": \"Lille plan\"", "\"title\" \"Lille plan\""),
        ("\"title\": \"Lille plan\"", "'title': 'Lille plan'"),
        ("\"title\": \"Lille plan\"", "title: \"Lille plan\""),
        ("\"title\": \"Lille plan\"", "\"title\": Lille plan"),
        ("\"title\": \"Lille plan\"", "\"title\": \"Lille\tplan\""),
        ("\"title\": \"Lille plan\"", "\"title\": \"C:\\Planer\""),
        ("\"format\": 1,", "\"format\": -,"),
    ] {
        let output = validate_edited(from, to, "da");
        let text = output.to_string();
        for english in [
            "expected",
            "key must",
            "control character",
            "invalid",
            "at line",
        ] {
            assert!(!text.contains(english), "{to}: {text}");
        }
        assert!(text.contains("tip: "), "{to}: {text}");
    }
    let output = validate_edited(
        "\"title\": \"Lille plan\"",
        "\"title\" \"Lille plan\"",
        "da",
    );
    insta::assert_snapshot!(output, @r#"
    plans/lille.json:4:11: fejl: Der mangler et kolon mellem feltets navn og dets værdi.
      tip: Skriv fx "title": "Min plan".
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    "#);
    let output = validate_edited("\"title\": \"Lille plan\"", "'title': 'Lille plan'", "da");
    insta::assert_snapshot!(output, @r#"
    plans/lille.json:4:3: fejl: Et feltnavn skal stå i dobbelte anførselstegn.
      tip: Skriv fx "title" – med lige, dobbelte anførselstegn ("), ikke ' eller ingen.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    "#);
}
