//! Answers an auditor reads: phases that are late, the plan as it stood by
//! the day decisions were made, how many decisions a log shows, and blame.

use crate::common::TestEnv;

const PLAN: &str = "arbejdsplads-1";

fn phase<'a>(status: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    status["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .find(|phase| phase["id"] == id)
        .unwrap_or_else(|| panic!("{id} in the status"))
}

fn subtask<'a>(status: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    status["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .flat_map(|phase| phase["subtasks"].as_array().expect("subtasks"))
        .find(|subtask| subtask["id"] == id)
        .unwrap_or_else(|| panic!("{id} in the status"))
}

#[test]
fn a_phase_whose_period_is_over_and_not_done_is_late() {
    let env = TestEnv::new();
    env.example_plan(PLAN);
    // Fase 1 runs in the autumn of 2024 (September–November).
    let during = env
        .run(&["status", PLAN, "--at", "2024-11-30", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(phase(&during, "fase-1")["late"], false);
    let after = env
        .run(&["status", PLAN, "--at", "2024-12-15", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(phase(&after, "fase-1")["late"], true);
    assert_eq!(phase(&after, "fase-1")["state"], "in_progress");
    assert_eq!(phase(&after, "fase-2")["late"], false);
    let table = env
        .run(&["status", PLAN, "--at", "2024-12-15"])
        .expect_code(0)
        .stdout;
    let phases: String = table
        .lines()
        .skip_while(|line| *line != "Faser")
        .take(7)
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(phases, @"
    Faser
    ┌───────────────────────────┬──────────────┬──────────────┬────────────────────┐
    │ Fase                      ┆ Periode      ┆ Fremdrift    ┆ Status             │
    ╞═══════════════════════════╪══════════════╪══════════════╪════════════════════╡
    │ Fase 1: Bredt kendskab    ┆ efterår 2024 ┆ ████░░░░ 2/4 ┆ i gang ⚠ forsinket │
    │ til kerneopgaven          ┆              ┆              ┆                    │
    │ Fase 2: Implementering af ┆ forår 2025   ┆ ░░░░░░░░ 0/3 ┆ planlagt           │
    ");
    let english = env
        .run(&["--lang", "en", "status", PLAN, "--at", "2024-12-15"])
        .expect_code(0)
        .stdout;
    assert!(english.contains("in progress ⚠ overdue"), "{english}");
}

/// The example plan recorded on 2024-09-02, then: the owner of the workshop
/// changed, decided and recorded on 2024-10-01; the workshop done, decided at
/// the meeting of 2024-09-20 but recorded on 2024-10-05.
fn backdated_history() -> (TestEnv, String) {
    let env = TestEnv::repo_with_example_plan();
    let decide = |recorded: &str, args: &[&str]| {
        let mut all = vec!["decide", PLAN, "--by", "Lokal-MED"];
        all.extend(args);
        env.run_on(recorded, &all).expect_code(0);
    };
    decide(
        "2024-10-01",
        &[
            "-m",
            "Anna tager workshoppen",
            "--set",
            "workshop-i-teams.owner=Teamleder Anna",
        ],
    );
    let owner_changed = env.head();
    decide(
        "2024-10-05",
        &[
            "-m",
            "Workshoppen er holdt",
            "--on",
            "20.9.2024",
            "--set",
            "workshop-i-teams.status=udført",
        ],
    );
    (env, owner_changed)
}

#[test]
fn status_as_of_a_day_counts_decisions_by_the_day_decided() {
    let (env, owner_changed) = backdated_history();
    let at = |as_of: &str| {
        env.run(&["status", PLAN, "--as-of", as_of, "--json"])
            .expect_code(0)
            .json()
    };
    // Decided on 20 September, recorded on 5 October: it counts from the 20th,
    // without the owner decided on 1 October.
    let workshop = subtask(&at("2024-09-25"), "workshop-i-teams").clone();
    assert_eq!(workshop["status"], "done");
    assert_eq!(workshop["owner"], "Teamledere");
    let workshop = subtask(&at("2024-09-19"), "workshop-i-teams").clone();
    assert_eq!(workshop["status"], "in_progress");
    let workshop = subtask(&at("2. oktober 2024"), "workshop-i-teams").clone();
    assert_eq!(workshop["status"], "done");
    assert_eq!(workshop["owner"], "Teamleder Anna");
    // A commit is still exact: the plan as that commit holds it.
    let workshop = subtask(&at(&owner_changed), "workshop-i-teams").clone();
    assert_eq!(workshop["status"], "in_progress");
    assert_eq!(workshop["owner"], "Teamleder Anna");

    let text = env
        .run(&["status", PLAN, "--as-of", "25.9.2024"])
        .expect_code(0)
        .stdout;
    insta::assert_snapshot!(text.lines().next().unwrap_or_default(), @"Planen som den stod efter beslutningerne truffet til og med 25. september 2024 (efter beslutningsdatoen, ikke registreringsdatoen).");
    let text = env
        .run(&["status", PLAN, "--as-of", &owner_changed[..7]])
        .expect_code(0)
        .stdout
        .replace(&owner_changed[..7], "[SHORT]");
    insta::assert_snapshot!(text.lines().next().unwrap_or_default(), @"Planen som den stod ved commit [SHORT].");
}

#[test]
fn log_counts_one_decision_and_several_decisions() {
    let (env, _) = backdated_history();
    let last_line = |args: &[&str]| {
        let output = env.run(args).expect_code(0).stdout;
        output.lines().last().unwrap_or_default().to_string()
    };
    assert_eq!(
        last_line(&["log", "--since", "2024-10-01"]),
        "1 beslutning."
    );
    assert_eq!(last_line(&["log"]), "3 beslutninger.");
    assert_eq!(
        last_line(&["--lang", "en", "log", "--limit", "1"]),
        "1 decision."
    );
    assert_eq!(last_line(&["--lang", "en", "log"]), "3 decisions.");
}

#[test]
fn blame_of_a_whole_plan_is_short_and_in_words() {
    let (env, _) = backdated_history();
    let blame = env.run(&["blame", PLAN]).expect_code(0).stdout;
    assert!(blame.lines().count() < 220, "{blame}");
    for words in [
        "Aktivitet: Workshop",
        "│ Status ",
        "udført",
        "Lokal-MED [3]",
        "Beslutningerne",
    ] {
        assert!(blame.contains(words), "{words}:\n{blame}");
    }
    for raw in [
        "in_progress",
        "\"done\"",
        "organisational",
        "workshop-i-teams.status",
    ] {
        assert!(!blame.contains(raw), "{raw}:\n{blame}");
    }
    let english = env
        .run(&["--lang", "en", "blame", PLAN])
        .expect_code(0)
        .stdout;
    for words in [
        "Activity: Workshop",
        "│ Due ",
        "organisational",
        "The decisions",
    ] {
        assert!(english.contains(words), "{words}:\n{english}");
    }
}
