//! Time the way Danish workplaces plan it: ISO weeks ("uge 12 2027"),
//! primo/medio/ultimo, quarters in words and short dates, typed, stored
//! canonically and shown in the plan's language everywhere; and dates that
//! make sense: no decision before its plan, a late entry warned of, and
//! "the next 30 days" counted by each item's deadline.

use crate::common::TestEnv;

const PLAN: &str = "arbejdsplads-1";
const PLAN_FILE: &str = "plans/arbejdsplads-1.json";

fn plan(env: &TestEnv) -> serde_json::Value {
    serde_json::from_slice(&env.read(PLAN_FILE)).expect("the plan is JSON")
}

fn due(plan: &serde_json::Value, id: &str) -> String {
    plan["phases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|phase| phase["subtasks"].as_array().into_iter().flatten())
        .find(|subtask| subtask["id"] == id)
        .map(|subtask| subtask["due"].as_str().unwrap_or_default().to_string())
        .expect("the subtask exists")
}

/// The example plan, with its workshop due in week 42 of 2024 (14–20
/// October), decided on 1 October 2024.
fn with_a_week() -> TestEnv {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "Workshoppen i uge 42",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.due=uge 42 2024",
        ],
    )
    .expect_code(0);
    env
}

#[test]
fn decide_set_due_in_a_week_is_stored_as_an_iso_week() {
    let env = TestEnv::repo_with_example_plan();
    let output = env
        .run_on(
            "2024-10-01",
            &[
                "decide",
                PLAN,
                "-m",
                "Datoer i uger",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.due=uge 42 2024",
                "--set",
                "planlaegning-fase-2.due=Uge 10, 2025",
                "--set",
                "internt-samarbejde.due=uge 15",
                "--set",
                "samarbejde-med-borgerne.due=2025-w20",
            ],
        )
        .expect_code(0);
    insta::assert_snapshot!(output.redact_commits(), @"
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Datoer i uger
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: frist oktober 2024 → uge 42 2024
      - Planlægning af implementeringsfasen i MED: frist marts 2025 → uge 10 2025
      - Gennemgang af ydelsestyperne: det interne samarbejde: frist april 2025 → uge 15 2025
      - Gennemgang af ydelsestyperne: samarbejdet med borgerne og forventningsafstemning: frist maj 2025 → uge 20 2025
    [exit status: 0]
    ");
    let plan = plan(&env);
    assert_eq!(due(&plan, "workshop-i-teams"), "2024-W42");
    assert_eq!(due(&plan, "planlaegning-fase-2"), "2025-W10");
    // No year: phase 2 (spring 2025) holds one week 15.
    assert_eq!(due(&plan, "internt-samarbejde"), "2025-W15");
    assert_eq!(due(&plan, "samarbejde-med-borgerne"), "2025-W20");
    env.run(&["validate"]).expect_code(0);
}

#[test]
fn a_week_without_a_year_outside_its_phase_is_the_next_one_from_today() {
    let env = TestEnv::repo_with_example_plan();
    // Phase 1 (autumn 2024) holds no week 12: the next week 12 from
    // 1 October 2024 is in 2025 (and a warning says it is outside the phase).
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.due=uge 12",
        ],
    )
    .expect_code(0);
    assert_eq!(due(&plan(&env), "workshop-i-teams"), "2025-W12");
}

#[test]
fn weeks_are_shown_in_the_plans_language_and_overdue_after_their_sunday() {
    let env = with_a_week();
    let sunday = env
        .run(&["status", PLAN, "--at", "2024-10-20"])
        .expect_code(0)
        .to_string();
    let workshop = |text: &str| {
        text.lines()
            .skip_while(|line| !line.contains("Workshop, hvor"))
            .take(1)
            .collect::<String>()
    };
    assert!(workshop(&sunday).contains("uge 42 2024"), "{sunday}");
    assert!(!workshop(&sunday).contains('⚠'), "{sunday}");
    let monday = env
        .run(&["status", PLAN, "--at", "2024-10-21"])
        .expect_code(0)
        .to_string();
    assert!(workshop(&monday).contains('⚠'), "{monday}");
    let english = env
        .run(&["status", PLAN, "--at", "2024-10-20", "--lang", "en"])
        .expect_code(0)
        .to_string();
    assert!(english.contains("week 42 2024"), "{english}");
    let report = env
        .run(&["report", PLAN, "--at", "2024-10-21"])
        .expect_code(0)
        .to_string();
    assert!(
        report.contains("| uge 42 2024 | Workshop, hvor"),
        "{report}"
    );
    let svg = env
        .run(&["report", PLAN, "--format", "svg", "--at", "2024-10-21"])
        .expect_code(0)
        .to_string();
    assert!(svg.contains("uge 42 2024"), "{svg}");
}

#[test]
fn export_ics_and_csv_give_a_week_monday_to_sunday() {
    let env = with_a_week();
    let ics = env
        .run(&["export", PLAN, "--format", "ics", "--at", "2024-10-01"])
        .expect_code(0)
        .to_string();
    let event: Vec<&str> = ics
        .split("BEGIN:VEVENT")
        .find(|event| event.contains("UID:workshop-i-teams."))
        .expect("the workshop's event")
        .lines()
        .filter(|line| line.starts_with("DTSTART") || line.starts_with("DTEND"))
        .collect();
    // An all-day event ends the day after its last day.
    assert_eq!(
        event,
        ["DTEND;VALUE=DATE:20241021", "DTSTART;VALUE=DATE:20241014"]
    );
    let csv = env
        .run(&["export", PLAN, "--format", "csv", "--at", "2024-10-01"])
        .expect_code(0)
        .to_string();
    let row = csv
        .lines()
        .find(|line| line.contains(";workshop-i-teams;"))
        .expect("the workshop's row");
    assert!(row.contains(";2024-10-14;2024-10-20;"), "{row}");
}

#[test]
fn validate_week_53_in_a_year_without_one() {
    let env = TestEnv::new();
    env.plan(
        "uger",
        &crate::common::minimal_plan("uger")
            .replace("\"due\": \"2024-10\"", "\"due\": \"2027-W53\""),
    );
    let output = env.run(&["validate"]).expect_code(1);
    insta::assert_snapshot!(output, @r#"
    plans/uger.json:16:18: fejl: "2027-W53" er ikke en uge: 2027 har 52 uger. [/phases/0/subtasks/0/due]
      tip: Den sidste uge i 2027 er 2027-W52; ugen efter er 2028-W01.
    Tjekkede 1 plan: 1 fejl og 0 advarsler.
    [exit status: 1]
    "#);
    // 2026 has a week 53.
    env.plan(
        "uger",
        &crate::common::minimal_plan("uger")
            .replace("\"due\": \"2024-10\"", "\"due\": \"2026-W53\""),
    );
    let output = env.run(&["validate"]).expect_code(0).to_string();
    assert!(output.contains("advarsel"), "outside its phase: {output}");
}

#[test]
fn primo_medio_ultimo_and_short_dates_keep_their_meaning() {
    let env = TestEnv::repo_with_example_plan();
    let output = env
        .run_on(
            "2024-10-01",
            &[
                "decide",
                PLAN,
                "-m",
                "Nye frister",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.due=ultimo oktober 2024",
                "--set",
                "opsamling-og-procesevaluering.due=15.11.24",
                "--set",
                "planlaegning-fase-2.due=første kvartal 2025",
                "--set",
                "internt-samarbejde.due=15/4-2025",
                "--set",
                "fase-2.period=primo 2025",
            ],
        )
        .expect_code(0);
    insta::assert_snapshot!(output.redact_commits(), @r#"
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Nye frister
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: frist oktober 2024 → 31. oktober 2024
      - Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven: frist 28. november 2024 → 15. november 2024
      - Fase 2: periode forår 2025 → januar 2025 – april 2025
      - Planlægning af implementeringsfasen i MED: frist marts 2025 → 1. kvartal 2025
      - Gennemgang af ydelsestyperne: det interne samarbejde: frist april 2025 → 15. april 2025
    ------- stderr -------
    Planen har advarsler efter beslutningen (de forhindrer den ikke; --strict gør):
    plans/arbejdsplads-1.json:128:18: advarsel: "Gennemgang af ydelsestyperne: samarbejdet med borgerne og forventningsafstemning" har frist maj 2025, uden for fasen "Fase 2: Implementering af kerneopgaven" (januar 2025 – april 2025). [/phases/1/subtasks/2/due]
      tip: Ret fristen, eller flyt aktiviteten til den fase, den hører til.
    [exit status: 0]
    "#);
    let plan = plan(&env);
    assert_eq!(due(&plan, "workshop-i-teams"), "2024-10-31");
    assert_eq!(due(&plan, "opsamling-og-procesevaluering"), "2024-11-15");
    assert_eq!(due(&plan, "planlaegning-fase-2"), "2025-Q1");
    assert_eq!(due(&plan, "internt-samarbejde"), "2025-04-15");
    assert_eq!(
        plan["phases"][1]["period"],
        serde_json::json!({"start": "2025-01", "end": "2025-04"})
    );
}

#[test]
fn a_week_number_no_year_has_is_refused_and_nothing_changes() {
    let env = TestEnv::repo_with_example_plan();
    let before = env.read(PLAN_FILE);
    // Phase 1 runs in the autumn of 2024; week 60 does not exist at all.
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
                "workshop-i-teams.due=uge 60",
            ],
        )
        .expect_code(1)
        .to_string();
    assert!(output.contains("\"uge 60\" er ikke en periode"), "{output}");
    // The words to type, in Danish, not the file's forms.
    assert!(
        output.contains("tip: Fx 15.10.2026, uge 42 2026, oktober 2026"),
        "{output}"
    );
    assert!(!output.contains("engelsk"), "{output}");
    assert_eq!(env.read(PLAN_FILE), before);
}

#[test]
fn due_in_the_next_30_days_means_the_deadline_falls_within_them() {
    // "Frister de næste 30 dage" listed "1. kvartal 2027", which runs to
    // 31 March, on 5 December 2026.
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "planlaegning-fase-2.due=1. kvartal 2025",
        ],
    )
    .expect_code(0);
    let soon = |at: &str| {
        let json = env
            .run(&["status", PLAN, "--at", at, "--json"])
            .expect_code(0)
            .json();
        let ids: Vec<String> = json["due_soon"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| item["id"].as_str().unwrap_or_default().to_string())
            .collect();
        let overview = env
            .run(&["status", "--at", at, "--json"])
            .expect_code(0)
            .json();
        let next = overview["plans"][0]["next_due"]["id"]
            .as_str()
            .map(str::to_string);
        (ids, next)
    };
    let (ids, next) = soon("2024-12-05");
    assert!(!ids.contains(&"planlaegning-fase-2".to_string()), "{ids:?}");
    // "Næste frist" is the first deadline, and it is among them.
    assert_eq!(next.as_deref(), Some("konklusioner-til-chef"));
    assert!(
        ids.contains(&"konklusioner-til-chef".to_string()),
        "{ids:?}"
    );
    let (ids, next) = soon("2025-03-01");
    assert!(ids.contains(&"planlaegning-fase-2".to_string()), "{ids:?}");
    // The milestone on 4 March comes before the quarter's 31 March.
    assert_eq!(next.as_deref(), Some("opstart-fase-2"));
    let text = env
        .run(&["status", PLAN, "--at", "2024-12-05"])
        .expect_code(0)
        .to_string();
    let section = text
        .split("Frister de næste 30 dage")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").nth(1))
        .unwrap_or_default();
    assert!(!section.contains("1. kvartal 2025"), "{text}");
}

#[test]
fn a_decision_dated_before_the_plan_existed_is_refused() {
    let env = TestEnv::repo_with_example_plan();
    let head = env.head();
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
                "--on",
                "1. januar 1999",
                "--set",
                "workshop-i-teams.status=done",
            ],
        )
        .expect_code(1);
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Datoen 1. januar 1999 ligger før planen arbejdsplads-1 blev oprettet (2. september 2024); en beslutning om planen kan ikke være truffet, før planen fandtes.
    tip: Skriv den dag, beslutningen blev truffet: 2. september 2024 eller senere.
    [exit status: 1]
    ");
    assert_eq!(env.head(), head, "nothing is recorded");
    // The day the plan was created is fine.
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--on",
            "2.9.2024",
            "--set",
            "workshop-i-teams.status=done",
        ],
    )
    .expect_code(0);
}

#[test]
fn a_decision_dated_before_the_one_it_follows_is_a_late_entry() {
    let env = TestEnv::repo_with_example_plan();
    let decide = |on: &str, summary: &str, set: &str| {
        env.run_on(
            "2024-10-10",
            &[
                "decide",
                PLAN,
                "-m",
                summary,
                "--by",
                "Lokal-MED",
                "--on",
                on,
                "--set",
                set,
            ],
        )
    };
    let output = decide(
        "2024-10-08",
        "Møde 8. oktober",
        "workshop-i-teams.status=done",
    )
    .expect_code(0)
    .to_string();
    assert!(!output.contains("sen indførsel"), "{output}");
    let output = decide(
        "2024-10-01",
        "Glemt fra mødet 1. oktober",
        "gaa-hjem-moede.owner=Bo",
    )
    .expect_code(0);
    insta::assert_snapshot!(output.redact_commits(), @r#"
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Glemt fra mødet 1. oktober
      - Gå-hjem-møde for medarbejderne, hvor kerneopgaven præsenteres: ansvarlig Enhedens leder → Bo
    ------- stderr -------
    Beslutningen er dateret 1. oktober 2024, før den beslutning, den følger efter ("Møde 8. oktober", 8. oktober 2024): den er registreret som en sen indførsel.
    [exit status: 0]
    "#);
    assert!(env.trailers("HEAD").contains("Decided-on: 2024-10-01"));
}

#[test]
fn a_decision_dated_after_today_says_so_in_plain_words() {
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
                "--on",
                "1. juni 2031",
                "--set",
                "workshop-i-teams.status=done",
                "--lang",
                "en",
            ],
        )
        .expect_code(1)
        .to_string();
    assert!(
        output.contains("error: The date 1 June 2031 is after today (1 October 2024)"),
        "{output}"
    );
    assert!(!output.contains("--on"), "{output}");
}

#[test]
fn the_browser_refuses_a_decision_dated_before_the_plan_existed() {
    use crate::test_serve::{Server, hidden};
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-10-01", &[]);
    let cookie = server.session();
    let added = server.post(
        "/plan/arbejdsplads-1/add",
        &cookie,
        &[
            ("kind", "subtask"),
            ("phase", "fase-1"),
            ("field.title", "Møde med ledelsen"),
            ("field.due", "uge 42 2024"),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    let base = env.head();
    let page = server.get("/plan/arbejdsplads-1", Some(&cookie)).body;
    let record = |on: &str| {
        server.post(
            "/plan/arbejdsplads-1/record",
            &cookie,
            &[
                ("base", &hidden(&page, "base")),
                ("draft", &hidden(&page, "draft")),
                ("summary", "Møde med ledelsen"),
                ("decided_by", "Lokal-MED"),
                ("decided_on", on),
                ("meeting", ""),
                ("rationale", ""),
            ],
        )
    };
    let refused = record("1. januar 1999");
    assert_ne!(refused.status, 303, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("Datoen 1. januar 1999 ligger før planen arbejdsplads-1 blev oprettet"),
        "{}",
        refused.body
    );
    assert_eq!(env.head(), base, "nothing is recorded");
    let future = record("1. juni 2031");
    assert!(
        future
            .body
            .contains("Datoen 1. juni 2031 ligger efter i dag (1. oktober 2024)"),
        "{}",
        future.body
    );
    assert!(!future.body.contains("--on"), "{}", future.body);
    let recorded = record("15.9.24");
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let plan = plan(&env);
    assert_eq!(plan["phases"][0]["subtasks"][4]["due"], "2024-W42");
    assert!(env.trailers("HEAD").contains("Decided-on: 2024-09-15"));
}

#[test]
fn the_browser_reads_a_week_without_its_year_in_its_phase() {
    use crate::test_serve::{Server, hidden};
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    let item = "opsamling-og-procesevaluering";
    let edit = |due: &str| {
        let form = server
            .get(
                &format!("/plan/arbejdsplads-1/edit?item={item}"),
                Some(&cookie),
            )
            .body;
        let was = hidden(&form, "was.due").replace("&quot;", "\"");
        server.post(
            "/plan/arbejdsplads-1/edit",
            &cookie,
            &[
                ("item", item),
                ("action", "save"),
                ("field.due", due),
                ("was.due", &was),
            ],
        )
    };
    // Phase 1 runs in the autumn of 2024, which holds one week 40.
    let saved = edit("uge 40");
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = server.get("/plan/arbejdsplads-1", Some(&cookie)).body;
    assert!(page.contains("uge 40 2024"), "{page}");
    // It holds no week 12: the page asks for the year, at the field.
    let refused = edit("uge 12");
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("&quot;uge 12&quot; siger ikke, hvilket år ugen ligger i."),
        "{}",
        refused.body
    );
}

/// The plan page's "Tilføj aktivitet" in phase 1 with `due` typed, and the
/// page after it (for its form's hidden fields).
fn add_in_phase_1(
    server: &crate::test_serve::Server,
    cookie: &str,
    due: &str,
) -> crate::test_serve::Response {
    server.post(
        "/plan/arbejdsplads-1/add",
        cookie,
        &[
            ("kind", "subtask"),
            ("phase", "fase-1"),
            ("field.title", "Møde med ledelsen"),
            ("field.due", due),
        ],
    )
}

/// `serve` on `day`, its session cookie, and the plan page with a draft
/// (an activity added in phase 1).
fn a_draft_in_the_browser(env: &TestEnv, day: &str) -> (crate::test_serve::Server, String, String) {
    let server = crate::test_serve::Server::start(env, day, &[]);
    let cookie = server.session();
    let added = add_in_phase_1(&server, &cookie, "uge 42 2024");
    assert_eq!(added.status, 303, "{}", added.body);
    let page = server.get("/plan/arbejdsplads-1", Some(&cookie)).body;
    (server, cookie, page)
}

/// The plan page's decision form as `page` shows it, sent with `summary`
/// and the day typed as `on`.
fn record_in_browser(
    server: &crate::test_serve::Server,
    cookie: &str,
    page: &str,
    summary: &str,
    on: &str,
) -> crate::test_serve::Response {
    use crate::test_serve::hidden;
    server.post(
        "/plan/arbejdsplads-1/record",
        cookie,
        &[
            ("base", &hidden(page, "base")),
            ("draft", &hidden(page, "draft")),
            ("summary", summary),
            ("decided_by", "Lokal-MED"),
            ("decided_on", on),
            ("meeting", ""),
            ("rationale", ""),
        ],
    )
}

#[test]
fn the_browser_reads_a_week_without_its_year_in_an_add_form_against_its_phase() {
    use crate::test_serve::Server;
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    // Phase 1 runs in the autumn of 2024, which holds one week 40.
    let added = add_in_phase_1(&server, &cookie, "uge 40");
    assert_eq!(added.status, 303, "{}", added.body);
    let draft: serde_json::Value =
        serde_json::from_str(&crate::test_serve::draft_text(&env, PLAN)).expect("JSON");
    assert_eq!(due(&draft, "moede-med-ledelsen"), "2024-W40");
    // It holds no week 12: the panel asks for the year, and nothing is added.
    let refused = add_in_phase_1(&server, &cookie, "uge 12");
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("&quot;uge 12&quot; siger ikke, hvilket år ugen ligger i."),
        "{}",
        refused.body
    );
}

#[test]
fn the_browser_shows_a_late_entry_s_warning_after_recording_it() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-10",
        &[
            "decide",
            PLAN,
            "-m",
            "Møde 8. oktober",
            "--by",
            "Lokal-MED",
            "--on",
            "2024-10-08",
            "--set",
            "workshop-i-teams.status=done",
        ],
    )
    .expect_code(0);
    let (server, cookie, page) = a_draft_in_the_browser(&env, "2024-10-10");
    let recorded = record_in_browser(
        &server,
        &cookie,
        &page,
        "Glemt fra mødet 1. oktober",
        "1.10.2024",
    );
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let location = recorded.header("location").expect("to the decision");
    let shown = server.get(location, Some(&cookie)).body;
    let warning = "Beslutningen er dateret 1. oktober 2024, før den beslutning, den følger efter \
                   (&quot;Møde 8. oktober&quot;, 8. oktober 2024): den er registreret som en sen \
                   indførsel.";
    let (done, rest) = shown
        .split_once("Beslutningen er registreret.")
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(rest.contains(warning), "{shown}");
    assert!(!done.contains("sen indførsel"), "{shown}");
    // Said once, right after recording: the decision's own page is as before.
    let later = location.trim_end_matches("?recorded=1");
    let again = server.get(later, Some(&cookie)).body;
    assert!(!again.contains("sen indførsel"), "{again}");
    // Nothing in the address carries the words: any other text is not shown.
    let forged = server
        .get(
            &format!("{later}?recorded=1&said=Betal%20nu"),
            Some(&cookie),
        )
        .body;
    assert!(!forged.contains("Betal nu"), "{forged}");
}

#[test]
fn the_browser_shows_a_date_problem_at_the_decided_on_field() {
    let env = TestEnv::repo_with_example_plan();
    let (server, cookie, page) = a_draft_in_the_browser(&env, "2024-10-01");
    let base = env.head();
    for (typed, words) in [
        (
            "1. januar 1999",
            "Datoen 1. januar 1999 ligger før planen arbejdsplads-1 blev oprettet",
        ),
        ("1. juni 2031", "Datoen 1. juni 2031 ligger efter i dag"),
        ("i går", "&quot;i går&quot; er ikke en dato"),
    ] {
        let refused = record_in_browser(&server, &cookie, &page, "Møde med ledelsen", typed);
        assert_eq!(refused.status, 422, "{typed}: {}", refused.body);
        let body = &refused.body;
        // Above the form, named by the field's label; at the field, itself.
        assert!(body.contains(&format!("Besluttet den: {words}")), "{body}");
        let at_field = format!("<p class=\"error\" id=\"decision-decided_on-error\">{words}");
        assert!(body.contains(&at_field), "{typed}: {body}");
        assert!(
            body.contains("Intet er registreret: beslutningen mangler noget"),
            "{body}"
        );
        assert_eq!(env.head(), base, "nothing is recorded");
    }
}
