//! Statuses, periods and dates typed the way the tool prints them, in Danish
//! or English: accepted everywhere a value is typed, stored canonically.

use crate::common::TestEnv;

const PLAN: &str = "arbejdsplads-1";
const PLAN_FILE: &str = "plans/arbejdsplads-1.json";

fn plan(env: &TestEnv) -> serde_json::Value {
    serde_json::from_slice(&env.read(PLAN_FILE)).expect("the plan is JSON")
}

fn subtask<'a>(plan: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    plan["phases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|phase| phase["subtasks"].as_array().into_iter().flatten())
        .find(|subtask| subtask["id"] == id)
        .expect("the subtask exists")
}

#[test]
fn set_status_in_danish_is_stored_as_the_code() {
    let env = TestEnv::repo_with_example_plan();
    let output = env
        .run_on(
            "2024-10-01",
            &[
                "decide",
                PLAN,
                "-m",
                "Workshoppen er holdt",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.status=udført",
                "--set",
                "opsamling-og-procesevaluering.status=I gang",
                "--set",
                "opsamling-og-procesevaluering.due=2. kvartal 2025",
            ],
        )
        .expect_code(0);
    insta::assert_snapshot!(output.redact_commits(), @r#"
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Workshoppen er holdt
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status i gang → udført
      - Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven: status planlagt → i gang
      - Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven: frist 28. november 2024 → 2. kvartal 2025
    ------- stderr -------
    Planen har advarsler efter beslutningen (de forhindrer den ikke; --strict gør):
    plans/arbejdsplads-1.json:68:18: advarsel: "Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven" har frist 2. kvartal 2025, uden for fasen "Fase 1: Bredt kendskab til kerneopgaven" (efterår 2024). [/phases/0/subtasks/3/due]
      tip: Ret fristen, eller flyt aktiviteten til den fase, den hører til.
    [exit status: 0]
    "#);
    let plan = plan(&env);
    assert_eq!(subtask(&plan, "workshop-i-teams")["status"], "done");
    assert_eq!(
        subtask(&plan, "opsamling-og-procesevaluering")["status"],
        "in_progress"
    );
    assert_eq!(
        subtask(&plan, "opsamling-og-procesevaluering")["due"],
        "2025-Q2"
    );
}

#[test]
fn a_span_as_export_prints_it_is_a_phase_period() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "Fase 2 flyttes",
            "--by",
            "Lokal-MED",
            "--set",
            "fase-2.period=2025-02/2025-07",
        ],
    )
    .expect_code(0);
    assert_eq!(
        plan(&env)["phases"][1]["period"],
        serde_json::json!({"start": "2025-02", "end": "2025-07"})
    );
    // What export prints reads back as the same period.
    let exported = env
        .run(&["export", PLAN, "--format", "json", "--at", "2024-10-01"])
        .expect_code(0)
        .json();
    let text = exported["phases"][1]["period"]["text"]
        .as_str()
        .expect("the period's text")
        .to_string();
    assert_eq!(text, "2025-02/2025-07");
    let shown = exported["phases"][1]["period"]["shown"]
        .as_str()
        .expect("the period in words")
        .to_string();
    env.run_on(
        "2024-10-02",
        &[
            "decide",
            PLAN,
            "-m",
            "Fase 2 som før",
            "--by",
            "Lokal-MED",
            "--set",
            "fase-2.period=2025-spring",
        ],
    )
    .expect_code(0);
    env.run_on(
        "2024-10-03",
        &[
            "decide",
            PLAN,
            "-m",
            "Fase 2 flyttes igen",
            "--by",
            "Lokal-MED",
            "--set",
            &format!("fase-2.period={shown}"),
        ],
    )
    .expect_code(0);
    assert_eq!(
        plan(&env)["phases"][1]["period"],
        serde_json::json!({"start": "2025-02", "end": "2025-07"})
    );
}

#[test]
fn on_in_danish_forms() {
    for (on, decided) in [
        ("12.9.2024", "2024-09-12"),
        ("12. september 2024", "2024-09-12"),
        ("13-09-2024", "2024-09-13"),
        ("14 September 2024", "2024-09-14"),
    ] {
        let env = TestEnv::repo_with_example_plan();
        env.run_on(
            "2024-10-01",
            &[
                "decide",
                PLAN,
                "-m",
                "Workshoppen er holdt",
                "--by",
                "Lokal-MED",
                "--on",
                on,
                "--set",
                "workshop-i-teams.status=udført",
            ],
        )
        .expect_code(0);
        let trailers = env.trailers("HEAD");
        assert!(
            trailers.contains(&format!("Decided-on: {decided}")),
            "{on}: {trailers}"
        );
    }
}

#[test]
fn since_until_at_and_as_of_in_danish_forms() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "Workshoppen er holdt",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=udført",
        ],
    )
    .expect_code(0);
    let log = env
        .run(&["log", "--since", "1.10.2024", "--until", "1. oktober 2024"])
        .expect_code(0);
    assert!(log.stdout.contains("Workshoppen er holdt"), "{log}");
    assert!(!log.stdout.contains("vedtaget"), "{log}");
    let then = env
        .run(&["status", PLAN, "--as-of", "15.9.2024", "--json"])
        .expect_code(0)
        .json();
    let now = env
        .run(&["status", PLAN, "--at", "1. oktober 2024", "--json"])
        .expect_code(0)
        .json();
    assert_ne!(then, now);
    assert_eq!(
        env.run(&["status", PLAN, "--at", "2024-10-01", "--json"])
            .expect_code(0)
            .json(),
        now
    );
}

#[test]
fn a_word_that_is_no_status_is_refused_with_the_words_that_are() {
    let env = TestEnv::repo_with_example_plan();
    let output = env
        .run_on(
            "2024-10-01",
            &[
                "decide",
                PLAN,
                "-m",
                "x",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.status=færdig",
            ],
        )
        .expect_code(1);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    plans/arbejdsplads-1.json:51:21: fejl: "status" har den ukendte værdi "færdig". [/phases/0/subtasks/2/status]
      tip: Mente du "done"?
    fejl: Beslutningen ville gøre planen arbejdsplads-1 ugyldig; intet er registreret, og filen er uændret.
    [exit status: 1]
    "#);
}
