//! The trust promise, round two: ten ways around `verify`, the server's
//! hook, `sync` and the browser's guard that an attacker with plain git
//! and a browser would try, each refused or reported, and each test named
//! after its attack.

use crate::common::TestEnv;
use crate::test_verify::{codes, git_commit_on, repo_with_decisions, short, verify};

/// Edits the title of `p1` in the work tree and stages it (no commit).
fn edit_title(env: &TestEnv, title: &str) {
    let text = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    plan["title"] = serde_json::Value::String(title.into());
    let text = serde_json::to_string_pretty(&plan).expect("JSON") + "\n";
    env.write("plans/p1.json", text);
    env.git(&["add", "plans/p1.json"]);
}

/// `backbrief show COMMIT` and `log` must not read it as a decision.
fn not_read_as_a_decision(env: &TestEnv, commit: &str) {
    let shown = env.run(&["show", commit, "--lang", "en"]);
    assert_ne!(shown.code, Some(0), "{shown}");
    let log = env.run(&["log", "--lang", "en"]).expect_code(0);
    assert!(!log.stdout.contains("Direktøren"), "{log}");
    assert!(!log.stdout.contains("Indsmuglet"), "{log}");
}

#[test]
fn duplicate_decided_by_trailers_are_a_finding_not_a_decision() {
    let env = repo_with_decisions();
    edit_title(&env, "Indsmuglet titel");
    git_commit_on(
        &env,
        "2024-10-01",
        &[
            "-m",
            "Indsmuglet titel",
            "-m",
            "Plan: p1\nDecided-by: Direktøren\nDecided-by: MED\nDecided-on: 2024-10-01",
        ],
    );
    let commit = short(&env, "HEAD");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["bad-decision-trailers"], "{output}");
    let finding = &output.json()["findings"][0];
    assert!(
        finding["commit"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&commit),
        "{finding}"
    );
    let message = finding["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Decided-by trailer more than once (\"Direktøren\", \"MED\")"),
        "{message}"
    );
    not_read_as_a_decision(&env, &commit);
    // In Danish too, the default.
    let output = verify(&env, &[]).expect_code(1);
    assert!(
        output
            .stdout
            .contains("Commit'en har traileren Decided-by mere end én gang"),
        "{output}"
    );
}

#[test]
fn a_repeated_trailer_in_any_case_is_a_finding() {
    // A lowercase key is the same trailer to git; so are Plan, Decided-on
    // and Meeting given twice.
    for (index, trailers) in [
        "Plan: p1\nplan: p2\nDecided-by: MED",
        "Plan: p1\nDecided-by: MED\ndecided-by: Direktøren",
        "Plan: p1\nDecided-by: MED\nDecided-on: 2024-10-01\nDecided-on: 2024-01-01",
        "Plan: p1\nDecided-by: MED\nMeeting: Et\nMEETING: Et andet",
    ]
    .iter()
    .enumerate()
    {
        let env = repo_with_decisions();
        edit_title(&env, &format!("Titel {index}"));
        git_commit_on(&env, "2024-10-01", &["-m", "Titel", "-m", trailers]);
        let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
        assert_eq!(
            codes(&output),
            ["bad-decision-trailers"],
            "{trailers}: {output}"
        );
    }
}

#[test]
fn an_empty_decided_by_is_a_finding_not_a_decision() {
    for trailers in [
        "Plan: p1\nDecided-by:\nDecided-on: 2024-10-01",
        "Plan: p1\nDecided-by:    \nDecided-on: 2024-10-01",
        "Plan:  \nDecided-by: MED",
    ] {
        let env = repo_with_decisions();
        edit_title(&env, "Indsmuglet titel");
        git_commit_on(
            &env,
            "2024-10-01",
            &["-m", "Indsmuglet titel", "-m", trailers],
        );
        let commit = short(&env, "HEAD");
        let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
        assert_eq!(
            codes(&output),
            ["bad-decision-trailers"],
            "{trailers}: {output}"
        );
        let finding = &output.json()["findings"][0];
        assert!(
            finding["commit"]
                .as_str()
                .unwrap_or_default()
                .starts_with(&commit),
            "{finding}"
        );
        assert!(
            finding["message"]
                .as_str()
                .unwrap_or_default()
                .contains("no filled-in"),
            "{finding}"
        );
        not_read_as_a_decision(&env, &commit);
    }
}

#[test]
fn plans_turned_into_a_symbolic_link_is_a_finding_not_a_failure() {
    let env = repo_with_decisions();
    env.git(&["mv", "plans", "elsewhere"]);
    std::os::unix::fs::symlink("elsewhere", env.path("plans")).expect("symlink");
    env.git(&["add", "plans"]);
    git_commit_on(&env, "2024-10-01", &["-m", "Flyt planerne"]);
    let commit = short(&env, "HEAD");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    let json = output.json();
    let finding = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "not-a-plan-file")
        .cloned()
        .unwrap_or_default();
    assert!(
        finding["commit"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&commit),
        "{output}"
    );
    assert!(
        finding["message"]
            .as_str()
            .unwrap_or_default()
            .contains("plans (a symbolic link)"),
        "{output}"
    );
    // The same for plans/ turned into a file.
    let env = repo_with_decisions();
    env.git(&["rm", "-r", "-q", "plans"]);
    env.write("plans", "ikke en mappe\n");
    env.git(&["add", "plans"]);
    git_commit_on(&env, "2024-10-01", &["-m", "En fil"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert!(
        codes(&output).contains(&"not-a-plan-file".to_string()),
        "{output}"
    );
}
