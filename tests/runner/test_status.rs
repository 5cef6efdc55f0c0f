//! `backbrief status`: the overview of every plan and the detail of one, in
//! Danish and English, as tables that fit 80 columns, and as JSON.
//!
//! Most runs use the real example plan `plans/arbejdsplads-1.json` at
//! 21 November 2024: phase 1 (autumn 2024) is under way, the workshop due in
//! October is overdue, and the wrap-up is due on 28 November.

use crate::common::{Output, TestEnv, minimal_plan};

const AT: &str = "2024-11-21";

fn env_with_example() -> TestEnv {
    let env = TestEnv::new();
    env.example_plan("arbejdsplads-1");
    env
}

/// Asserts that no line of the output is wider than 80 characters.
#[track_caller]
fn assert_fits_80_columns(output: &Output) {
    assert_lines_fit(output, |_| true);
}

/// Asserts that no line of a table in the output is wider than 80 characters.
#[track_caller]
fn assert_tables_fit_80_columns(output: &Output) {
    let box_drawing = |c: char| ('\u{2500}'..='\u{257f}').contains(&c);
    assert_lines_fit(output, |line| line.starts_with(box_drawing));
}

#[track_caller]
fn assert_lines_fit(output: &Output, which: impl Fn(&str) -> bool) {
    for line in output.stdout.lines().filter(|line| which(line)) {
        let width = line.chars().count();
        assert!(
            width <= 80,
            "line of {width} characters:\n{line}\n\n{output}"
        );
    }
}

#[test]
fn overview_in_danish() {
    let env = env_with_example();
    let output = env.run(&["status", "--at", AT]).expect_code(0);
    assert_fits_80_columns(&output);
    insta::assert_snapshot!(output, @r"
    Planer pr. 21. november 2024
    ┌──────────────────┬─────────────────┬───────────┬───────────┬─────────────────┐
    │ Plan             ┆ Aktuel fase     ┆ Fremdrift ┆ Forsinket ┆ Næste frist     │
    ╞══════════════════╪═════════════════╪═══════════╪═══════════╪═════════════════╡
    │ Backbrief fra    ┆ Fase 1: Bredt   ┆ █░░░░ 2/7 ┆ 1 ⚠       ┆ 28. november    │
    │ arbejdsplads 1   ┆ kendskab til    ┆           ┆           ┆ 2024            │
    │ arbejdsplads-1   ┆ kerneopgaven    ┆           ┆           ┆ Opsamling og    │
    │                  ┆                 ┆           ┆           ┆ procesevaluerin │
    │                  ┆                 ┆           ┆           ┆ g i MED og med  │
    │                  ┆                 ┆           ┆           ┆ drøftelse af    │
    │                  ┆                 ┆           ┆           ┆ det videre      │
    │                  ┆                 ┆           ┆           ┆ arbejde med     │
    │                  ┆                 ┆           ┆           ┆ kerneopgaven    │
    └──────────────────┴─────────────────┴───────────┴───────────┴─────────────────┘
    [exit status: 0]
    ");
}

#[test]
fn overview_in_english() {
    let env = env_with_example();
    let output = env
        .run(&["--lang", "en", "status", "--at", AT])
        .expect_code(0);
    assert_fits_80_columns(&output);
    insta::assert_snapshot!(output, @"
    Plans as of 21 November 2024
    ┌────────────────┬───────────────┬───────────┬─────────┬───────────────────────┐
    │ Plan           ┆ Current phase ┆ Progress  ┆ Overdue ┆ Next due              │
    ╞════════════════╪═══════════════╪═══════════╪═════════╪═══════════════════════╡
    │ Backbrief fra  ┆ Fase 1: Bredt ┆ █░░░░ 2/7 ┆ 1 ⚠     ┆ 28 November 2024      │
    │ arbejdsplads 1 ┆ kendskab til  ┆           ┆         ┆ Opsamling og          │
    │ arbejdsplads-1 ┆ kerneopgaven  ┆           ┆         ┆ procesevaluering i    │
    │                ┆               ┆           ┆         ┆ MED og med drøftelse  │
    │                ┆               ┆           ┆         ┆ af det videre arbejde │
    │                ┆               ┆           ┆         ┆ med kerneopgaven      │
    └────────────────┴───────────────┴───────────┴─────────┴───────────────────────┘
    [exit status: 0]
    ");
}

#[test]
fn detail_in_danish() {
    let env = env_with_example();
    let output = env
        .run(&["status", "arbejdsplads-1", "--at", AT])
        .expect_code(0);
    assert_fits_80_columns(&output);
    insta::assert_snapshot!(output, @r"
    Backbrief fra arbejdsplads 1
    Arbejdsplads 1 · Lokal-MED · Status pr. 21. november 2024

    Hovedopgave: Vores hovedopgave er derfor nu at sikre, at kerneopgaven er kendt i
    hele enheden, og at skabe en arbejdskultur, hvor vi alle – ledere og
    medarbejdere – taler om, hvad kerneopgaven betyder for vores opgaveløsning og
    samarbejde.

    Faser
    ┌────────────────────────────┬──────────────┬──────────────┬──────────┐
    │ Fase                       ┆ Periode      ┆ Fremdrift    ┆ Status   │
    ╞════════════════════════════╪══════════════╪══════════════╪══════════╡
    │ Fase 1: Bredt kendskab til ┆ efterår 2024 ┆ ████░░░░ 2/4 ┆ i gang   │
    │ kerneopgaven               ┆              ┆              ┆          │
    │ Fase 2: Implementering af  ┆ forår 2025   ┆ ░░░░░░░░ 0/3 ┆ planlagt │
    │ kerneopgaven               ┆              ┆              ┆          │
    └────────────────────────────┴──────────────┴──────────────┴──────────┘

    Aktiviteter: Fase 1: Bredt kendskab til kerneopgaven
    ┌─────────────────────────────────┬────────────────┬───────────────┬───────────┐
    │ Aktivitet                       ┆ Ansvarlig      ┆ Frist         ┆ Status    │
    ╞═════════════════════════════════╪════════════════╪═══════════════╪═══════════╡
    │ Planlægningsmøder i MED         ┆ MED-formand    ┆ september     ┆ udført    │
    │ (planlaegningsmoeder)           ┆                ┆ 2024          ┆           │
    │ Gå-hjem-møde for medarbejderne, ┆ Enhedens leder ┆ 3. oktober    ┆ udført    │
    │ hvor kerneopgaven præsenteres   ┆                ┆ 2024          ┆           │
    │ (gaa-hjem-moede)                ┆                ┆               ┆           │
    │ Workshop, hvor de enkelte teams ┆ Teamledere     ┆ oktober 2024  ┆ i gang ⚠  │
    │ arbejder med konkretisering af  ┆                ┆               ┆ forsinket │
    │ kerneopgaven i forhold til      ┆                ┆               ┆           │
    │ teamets ydelser                 ┆                ┆               ┆           │
    │ (workshop-i-teams)              ┆                ┆               ┆           │
    │ Opsamling og procesevaluering i ┆ HR-konsulent   ┆ 28. november  ┆ planlagt  │
    │ MED og med drøftelse af det     ┆                ┆ 2024          ┆           │
    │ videre arbejde med kerneopgaven ┆                ┆               ┆           │
    │ (opsamling-og-procesevaluering) ┆                ┆               ┆           │
    └─────────────────────────────────┴────────────────┴───────────────┴───────────┘

    Aktiviteter: Fase 2: Implementering af kerneopgaven
    ┌───────────────────────────┬─────────────┬────────────┬──────────┐
    │ Aktivitet                 ┆ Ansvarlig   ┆ Frist      ┆ Status   │
    ╞═══════════════════════════╪═════════════╪════════════╪══════════╡
    │ Planlægning af            ┆ MED-formand ┆ marts 2025 ┆ planlagt │
    │ implementeringsfasen i    ┆             ┆            ┆          │
    │ MED                       ┆             ┆            ┆          │
    │ (planlaegning-fase-2)     ┆             ┆            ┆          │
    │ Gennemgang af             ┆ Teamledere  ┆ april 2025 ┆ planlagt │
    │ ydelsestyperne: det       ┆             ┆            ┆          │
    │ interne samarbejde        ┆             ┆            ┆          │
    │ (internt-samarbejde)      ┆             ┆            ┆          │
    │ Gennemgang af             ┆ Teamledere  ┆ maj 2025   ┆ planlagt │
    │ ydelsestyperne:           ┆             ┆            ┆          │
    │ samarbejdet med borgerne  ┆             ┆            ┆          │
    │ og forventningsafstemning ┆             ┆            ┆          │
    │ (samarbejde-med-borgerne) ┆             ┆            ┆          │
    └───────────────────────────┴─────────────┴────────────┴──────────┘

    Forsinket
    ┌──────────────┬──────────────────────────────┬───────────┬────────────────────┐
    │ Frist        ┆ Hvad                         ┆ Type      ┆ Status             │
    ╞══════════════╪══════════════════════════════╪═══════════╪════════════════════╡
    │ oktober 2024 ┆ Workshop, hvor de enkelte    ┆ aktivitet ┆ i gang ⚠ forsinket │
    │              ┆ teams arbejder med           ┆           ┆                    │
    │              ┆ konkretisering af            ┆           ┆                    │
    │              ┆ kerneopgaven i forhold til   ┆           ┆                    │
    │              ┆ teamets ydelser              ┆           ┆                    │
    └──────────────┴──────────────────────────────┴───────────┴────────────────────┘

    Frister de næste 30 dage
    ┌───────────────────┬──────────────────────────────┬────────────────┬──────────┐
    │ Frist             ┆ Hvad                         ┆ Type           ┆ Status   │
    ╞═══════════════════╪══════════════════════════════╪════════════════╪══════════╡
    │ 28. november 2024 ┆ Opsamling og                 ┆ aktivitet      ┆ planlagt │
    │                   ┆ procesevaluering i MED og    ┆                ┆          │
    │                   ┆ med drøftelse af det videre  ┆                ┆          │
    │                   ┆ arbejde med kerneopgaven     ┆                ┆          │
    │ november 2024     ┆ Procesevaluering af fase 1 i ┆ afrapportering ┆ planlagt │
    │                   ┆ MED                          ┆                ┆          │
    └───────────────────┴──────────────────────────────┴────────────────┴──────────┘

    Afrapportering
    ┌────────────────────────────┬──────────────────────┬───────────────┬──────────┐
    │ Hvad                       ┆ Til                  ┆ Frist         ┆ Status   │
    ╞════════════════════════════╪══════════════════════╪═══════════════╪══════════╡
    │ Procesevaluering af fase 1 ┆ Lokal-MED            ┆ november 2024 ┆ planlagt │
    │ i MED                      ┆ (Hvem: HR-konsulent) ┆               ┆          │
    │ Konklusioner fra           ┆ Nærmeste chef        ┆ december 2024 ┆ planlagt │
    │ procesevalueringen og en   ┆ (Hvem: Lokal-MED)    ┆               ┆          │
    │ skitseplan for fase 2      ┆                      ┆               ┆          │
    └────────────────────────────┴──────────────────────┴───────────────┴──────────┘

    Balancen mellem de fire fællesskaber
    ┌────────────────┬────────┬─────────┐
    │ Fællesskab     ┆ Åbne   ┆ Udførte │
    ╞════════════════╪════════╪═════════╡
    │ organisatorisk ┆  3 ■■■ ┆  2 ■■   │
    │ opgaverettet   ┆  3 ■■■ ┆  0      │
    │ fagligt        ┆  1 ■   ┆  0      │
    │ kollegialt     ┆  1 ■   ┆  0      │
    └────────────────┴────────┴─────────┘
    [exit status: 0]
    ");
}

#[test]
fn detail_in_english() {
    let env = env_with_example();
    let output = env
        .run(&["--lang", "en", "status", "arbejdsplads-1", "--at", AT])
        .expect_code(0);
    assert_fits_80_columns(&output);
    insta::assert_snapshot!(output, @r"
    Backbrief fra arbejdsplads 1
    Arbejdsplads 1 · Lokal-MED · Status as of 21 November 2024

    Main task: Vores hovedopgave er derfor nu at sikre, at kerneopgaven er kendt i
    hele enheden, og at skabe en arbejdskultur, hvor vi alle – ledere og
    medarbejdere – taler om, hvad kerneopgaven betyder for vores opgaveløsning og
    samarbejde.

    Phases
    ┌────────────────────────────┬─────────────┬──────────────┬─────────────┐
    │ Phase                      ┆ Period      ┆ Progress     ┆ Status      │
    ╞════════════════════════════╪═════════════╪══════════════╪═════════════╡
    │ Fase 1: Bredt kendskab til ┆ autumn 2024 ┆ ████░░░░ 2/4 ┆ in progress │
    │ kerneopgaven               ┆             ┆              ┆             │
    │ Fase 2: Implementering af  ┆ spring 2025 ┆ ░░░░░░░░ 0/3 ┆ planned     │
    │ kerneopgaven               ┆             ┆              ┆             │
    └────────────────────────────┴─────────────┴──────────────┴─────────────┘

    Activities: Fase 1: Bredt kendskab til kerneopgaven
    ┌─────────────────────────────────┬──────────────┬──────────────┬──────────────┐
    │ Activity                        ┆ Owner        ┆ Due          ┆ Status       │
    ╞═════════════════════════════════╪══════════════╪══════════════╪══════════════╡
    │ Planlægningsmøder i MED         ┆ MED-formand  ┆ September    ┆ done         │
    │ (planlaegningsmoeder)           ┆              ┆ 2024         ┆              │
    │ Gå-hjem-møde for medarbejderne, ┆ Enhedens     ┆ 3 October    ┆ done         │
    │ hvor kerneopgaven præsenteres   ┆ leder        ┆ 2024         ┆              │
    │ (gaa-hjem-moede)                ┆              ┆              ┆              │
    │ Workshop, hvor de enkelte teams ┆ Teamledere   ┆ October 2024 ┆ in progress  │
    │ arbejder med konkretisering af  ┆              ┆              ┆ ⚠ overdue    │
    │ kerneopgaven i forhold til      ┆              ┆              ┆              │
    │ teamets ydelser                 ┆              ┆              ┆              │
    │ (workshop-i-teams)              ┆              ┆              ┆              │
    │ Opsamling og procesevaluering i ┆ HR-konsulent ┆ 28 November  ┆ planned      │
    │ MED og med drøftelse af det     ┆              ┆ 2024         ┆              │
    │ videre arbejde med kerneopgaven ┆              ┆              ┆              │
    │ (opsamling-og-procesevaluering) ┆              ┆              ┆              │
    └─────────────────────────────────┴──────────────┴──────────────┴──────────────┘

    Activities: Fase 2: Implementering af kerneopgaven
    ┌───────────────────────────┬─────────────┬────────────┬─────────┐
    │ Activity                  ┆ Owner       ┆ Due        ┆ Status  │
    ╞═══════════════════════════╪═════════════╪════════════╪═════════╡
    │ Planlægning af            ┆ MED-formand ┆ March 2025 ┆ planned │
    │ implementeringsfasen i    ┆             ┆            ┆         │
    │ MED                       ┆             ┆            ┆         │
    │ (planlaegning-fase-2)     ┆             ┆            ┆         │
    │ Gennemgang af             ┆ Teamledere  ┆ April 2025 ┆ planned │
    │ ydelsestyperne: det       ┆             ┆            ┆         │
    │ interne samarbejde        ┆             ┆            ┆         │
    │ (internt-samarbejde)      ┆             ┆            ┆         │
    │ Gennemgang af             ┆ Teamledere  ┆ May 2025   ┆ planned │
    │ ydelsestyperne:           ┆             ┆            ┆         │
    │ samarbejdet med borgerne  ┆             ┆            ┆         │
    │ og forventningsafstemning ┆             ┆            ┆         │
    │ (samarbejde-med-borgerne) ┆             ┆            ┆         │
    └───────────────────────────┴─────────────┴────────────┴─────────┘

    Overdue
    ┌──────────────┬────────────────────────────┬──────────┬───────────────────────┐
    │ Due          ┆ What                       ┆ Kind     ┆ Status                │
    ╞══════════════╪════════════════════════════╪══════════╪═══════════════════════╡
    │ October 2024 ┆ Workshop, hvor de enkelte  ┆ activity ┆ in progress ⚠ overdue │
    │              ┆ teams arbejder med         ┆          ┆                       │
    │              ┆ konkretisering af          ┆          ┆                       │
    │              ┆ kerneopgaven i forhold til ┆          ┆                       │
    │              ┆ teamets ydelser            ┆          ┆                       │
    └──────────────┴────────────────────────────┴──────────┴───────────────────────┘

    Due in the next 30 days
    ┌──────────────────┬─────────────────────────────────────┬───────────┬─────────┐
    │ Due              ┆ What                                ┆ Kind      ┆ Status  │
    ╞══════════════════╪═════════════════════════════════════╪═══════════╪═════════╡
    │ 28 November 2024 ┆ Opsamling og procesevaluering i MED ┆ activity  ┆ planned │
    │                  ┆ og med drøftelse af det videre      ┆           ┆         │
    │                  ┆ arbejde med kerneopgaven            ┆           ┆         │
    │ November 2024    ┆ Procesevaluering af fase 1 i MED    ┆ reporting ┆ planned │
    └──────────────────┴─────────────────────────────────────┴───────────┴─────────┘

    Reporting
    ┌───────────────────────────────┬────────────────────┬───────────────┬─────────┐
    │ What                          ┆ To                 ┆ Due           ┆ Status  │
    ╞═══════════════════════════════╪════════════════════╪═══════════════╪═════════╡
    │ Procesevaluering af fase 1 i  ┆ Lokal-MED          ┆ November 2024 ┆ planned │
    │ MED                           ┆ (By: HR-konsulent) ┆               ┆         │
    │ Konklusioner fra              ┆ Nærmeste chef      ┆ December 2024 ┆ planned │
    │ procesevalueringen og en      ┆ (By: Lokal-MED)    ┆               ┆         │
    │ skitseplan for fase 2         ┆                    ┆               ┆         │
    └───────────────────────────────┴────────────────────┴───────────────┴─────────┘

    Balance across the four communities
    ┌────────────────┬────────┬───────┐
    │ Community      ┆ Open   ┆ Done  │
    ╞════════════════╪════════╪═══════╡
    │ organisational ┆  3 ■■■ ┆  2 ■■ │
    │ task-oriented  ┆  3 ■■■ ┆  0    │
    │ professional   ┆  1 ■   ┆  0    │
    │ collegial      ┆  1 ■   ┆  0    │
    └────────────────┴────────┴───────┘
    [exit status: 0]
    ");
}

#[test]
fn overview_as_json() {
    let env = env_with_example();
    let output = env.run(&["status", "--at", AT, "--json"]).expect_code(0);
    assert_eq!(output.stderr, "");
    let json = output.json();
    assert_eq!(json["at"], "2024-11-21");
    let plans = json["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 1);
    let plan = &plans[0];
    assert_eq!(plan["id"], "arbejdsplads-1");
    assert_eq!(plan["title"], "Backbrief fra arbejdsplads 1");
    assert_eq!(plan["file"], "plans/arbejdsplads-1.json");
    assert_eq!(plan["valid"], true);
    assert_eq!(plan["current_phase"]["id"], "fase-1");
    assert_eq!(plan["progress"]["done"], 2);
    assert_eq!(plan["progress"]["total"], 7);
    assert_eq!(plan["overdue"], 1);
    assert_eq!(plan["next_due"]["id"], "opsamling-og-procesevaluering");
    assert_eq!(plan["next_due"]["due"]["first_day"], "2024-11-28");
}

#[test]
fn detail_as_json() {
    let env = env_with_example();
    let output = env
        .run(&["status", "arbejdsplads-1", "--at", AT, "--json"])
        .expect_code(0);
    assert_eq!(output.stderr, "");
    let json = output.json();
    assert_eq!(json["id"], "arbejdsplads-1");
    assert_eq!(json["at"], "2024-11-21");
    assert_eq!(json["current_phase"], "fase-1");
    assert_eq!(json["progress"]["done"], 2);
    assert_eq!(json["progress"]["total"], 7);

    let phases = json["phases"].as_array().expect("phases");
    let summary: Vec<String> = phases
        .iter()
        .map(|phase| {
            format!(
                "{} {} {}–{} {}/{}",
                phase["id"].as_str().unwrap(),
                phase["state"].as_str().unwrap(),
                phase["period"]["first_day"].as_str().unwrap(),
                phase["period"]["last_day"].as_str().unwrap(),
                phase["progress"]["done"],
                phase["progress"]["total"],
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "fase-1 in_progress 2024-09-01–2024-11-30 2/4",
            "fase-2 planned 2025-03-01–2025-05-31 0/3",
        ]
    );

    let overdue: Vec<(&str, &str)> = phases
        .iter()
        .flat_map(|phase| phase["subtasks"].as_array().unwrap())
        .filter(|subtask| subtask["overdue"] == true)
        .map(|subtask| {
            (
                subtask["id"].as_str().unwrap(),
                subtask["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(overdue, [("workshop-i-teams", "in_progress")]);

    let overdue_list: Vec<&str> = json["overdue"]
        .as_array()
        .expect("overdue")
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    assert_eq!(overdue_list, ["workshop-i-teams"]);

    let due_soon: Vec<&str> = json["due_soon"]
        .as_array()
        .expect("due_soon")
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    assert!(
        due_soon.contains(&"opsamling-og-procesevaluering"),
        "{due_soon:?}"
    );
    assert!(json["reporting"].as_array().is_some_and(|r| r.len() == 2));
}

#[test]
fn json_does_not_depend_on_the_language() {
    let env = env_with_example();
    let danish = env
        .run(&["status", "arbejdsplads-1", "--at", AT, "--json"])
        .expect_code(0)
        .json();
    let english = env
        .run(&[
            "--lang",
            "en",
            "status",
            "arbejdsplads-1",
            "--at",
            AT,
            "--json",
        ])
        .expect_code(0)
        .json();
    // Stable fields for scripts: ids, statuses, dates and counts are the same.
    assert_eq!(danish["phases"][0]["state"], english["phases"][0]["state"]);
    assert_eq!(danish["progress"], english["progress"]);
    assert_eq!(danish["overdue"].as_array().map(Vec::len), Some(1));
    assert_eq!(english["overdue"].as_array().map(Vec::len), Some(1));
}

#[test]
fn overdue_starts_the_day_after_the_due_period_ends() {
    // The subtask is due October 2024: not overdue on 31 October, overdue on
    // 1 November; done or cancelled, it is never overdue.
    let env = TestEnv::new();
    env.plan("lille", &minimal_plan("lille"));
    let overdue_on = |at: &str| {
        env.run(&["status", "lille", "--at", at, "--json"])
            .expect_code(0)
            .json()["phases"][0]["subtasks"][0]["overdue"]
            .clone()
    };
    assert_eq!(overdue_on("2024-10-31"), false);
    assert_eq!(overdue_on("2024-11-01"), true);

    for status in ["done", "cancelled"] {
        env.plan(
            "lille",
            &minimal_plan("lille").replace("\"planned\"", &format!("\"{status}\"")),
        );
        assert_eq!(overdue_on("2024-11-01"), false, "{status}");
    }
}

#[test]
fn overdue_is_marked_in_the_tables() {
    let env = TestEnv::new();
    env.plan("lille", &minimal_plan("lille"));
    let output = env
        .run(&["status", "lille", "--at", "2024-11-01"])
        .expect_code(0);
    insta::assert_snapshot!(output, @r#"
    Lille plan
    Status pr. 1. november 2024

    Hovedopgave: At prøve validate af.

    Faser
    ┌────────┬──────────────┬──────────────┬────────┐
    │ Fase   ┆ Periode      ┆ Fremdrift    ┆ Status │
    ╞════════╪══════════════╪══════════════╪════════╡
    │ Fase 1 ┆ efterår 2024 ┆ ░░░░░░░░ 0/1 ┆ i gang │
    └────────┴──────────────┴──────────────┴────────┘

    Aktiviteter: Fase 1
    ┌────────────┬───────────┬──────────────┬──────────────────────┐
    │ Aktivitet  ┆ Ansvarlig ┆ Frist        ┆ Status               │
    ╞════════════╪═══════════╪══════════════╪══════════════════════╡
    │ Møde i MED ┆ –         ┆ oktober 2024 ┆ planlagt ⚠ forsinket │
    │ (moede)    ┆           ┆              ┆                      │
    └────────────┴───────────┴──────────────┴──────────────────────┘

    Forsinket
    ┌──────────────┬────────────┬───────────┬──────────────────────┐
    │ Frist        ┆ Hvad       ┆ Type      ┆ Status               │
    ╞══════════════╪════════════╪═══════════╪══════════════════════╡
    │ oktober 2024 ┆ Møde i MED ┆ aktivitet ┆ planlagt ⚠ forsinket │
    └──────────────┴────────────┴───────────┴──────────────────────┘

    Frister de næste 30 dage
    Ingen frister de næste 30 dage.

    Afrapportering
    Ingen afrapportering planlagt.

    Balancen mellem de fire fællesskaber
    Ingen aktiviteter er knyttet til et fællesskab endnu (felt "communities").
    [exit status: 0]
    "#);
    let overview = env.run(&["status", "--at", "2024-11-01"]).expect_code(0);
    insta::assert_snapshot!(overview, @"
    Planer pr. 1. november 2024
    ┌────────────┬─────────────┬───────────┬───────────┬─────────────┐
    │ Plan       ┆ Aktuel fase ┆ Fremdrift ┆ Forsinket ┆ Næste frist │
    ╞════════════╪═════════════╪═══════════╪═══════════╪═════════════╡
    │ Lille plan ┆ Fase 1      ┆ ░░░░░ 0/1 ┆ 1 ⚠       ┆ –           │
    │ lille      ┆             ┆           ┆           ┆             │
    └────────────┴─────────────┴───────────┴───────────┴─────────────┘
    [exit status: 0]
    ");
}

/// A plan whose title, phase title, subtask title and owner are too long for
/// one line of a table.
fn plan_with_long_titles(env: &TestEnv) {
    let long = "Meget lang titel på en underopgave, der bliver ved og ved, \
                så den aldrig kan stå på én linje i en tabel på 80 tegn, \
                Ærø-Østerbro-Ålborg-Sønderjylland-Æbeltoft-Øresund";
    env.plan(
        "lang",
        &minimal_plan("lang")
            .replace("\"Lille plan\"", &format!("\"{long}\""))
            .replace("\"Fase 1\"", &format!("\"{long}\""))
            .replace("\"Møde i MED\"", &format!("\"{long}\""))
            .replace(
                "\"status\": \"planned\",",
                "\"status\": \"planned\",\n          \"owner\": \"Teamlederen for Område Nord og Syd og Øst og Vest\",",
            ),
    );
    env.run(&["validate"]).expect_code(0);
}

#[test]
fn long_titles_wrap_within_80_columns_in_tables() {
    let env = TestEnv::new();
    plan_with_long_titles(&env);
    for lang in ["da", "en"] {
        for args in [
            vec!["--lang", lang, "status", "--at", AT],
            vec!["--lang", lang, "status", "lang", "--at", AT],
        ] {
            let output = env.run(&args).expect_code(0);
            assert_tables_fit_80_columns(&output);
            assert!(output.stdout.contains("Øresund"), "{output}");
        }
    }
}

#[test]
fn long_titles_wrap_within_80_columns_everywhere() {
    let env = TestEnv::new();
    plan_with_long_titles(&env);
    for lang in ["da", "en"] {
        let output = env
            .run(&["--lang", lang, "status", "lang", "--at", AT])
            .expect_code(0);
        assert_fits_80_columns(&output);
    }
}

#[test]
fn unknown_plan_gets_did_you_mean() {
    let env = env_with_example();
    insta::assert_snapshot!(env.run(&["status", "arbejdsplads1", "--at", AT]).expect_code(1), @r#"
    ------- stderr -------
    fejl: Der er ingen plan med id'et "arbejdsplads1" i plans/.
    tip: Mente du "arbejdsplads-1"?
    [exit status: 1]
    "#);
}

#[test]
fn unknown_plan_in_english() {
    let env = env_with_example();
    let output = env
        .run(&["--lang", "en", "status", "arbejdsplads-2", "--at", AT])
        .expect_code(1);
    assert!(output.stderr.contains("arbejdsplads-1"), "{output}");
    assert_eq!(output.stdout, "");
}

#[test]
fn no_plans_folder() {
    let env = TestEnv::without_plans();
    insta::assert_snapshot!(env.run(&["status", "--at", AT]).expect_code(3), @r"
    ------- stderr -------
    fejl: Der er ingen mappe plans/ i [ROOT].
    tip: Gå til plan-repositoriet (eller brug -C <mappe>), eller opret et med `backbrief init`.
    [exit status: 3]
    ");
    let english = env
        .run(&["--lang", "en", "status", "--at", AT])
        .expect_code(3);
    assert!(english.stderr.contains("`backbrief init`"), "{english}");
}

#[test]
fn an_invalid_plan_among_valid_ones_is_listed_as_invalid() {
    let env = env_with_example();
    env.invalid_fixture("unknown-status");
    let output = env.run(&["status", "--at", AT]).expect_code(1);
    assert_fits_80_columns(&output);
    insta::assert_snapshot!(output, @"
    Planer pr. 21. november 2024
    ┌──────────────────┬─────────────────┬───────────┬───────────┬─────────────────┐
    │ Plan             ┆ Aktuel fase     ┆ Fremdrift ┆ Forsinket ┆ Næste frist     │
    ╞══════════════════╪═════════════════╪═══════════╪═══════════╪═════════════════╡
    │ Backbrief fra    ┆ Fase 1: Bredt   ┆ █░░░░ 2/7 ┆ 1 ⚠       ┆ 28. november    │
    │ arbejdsplads 1   ┆ kendskab til    ┆           ┆           ┆ 2024            │
    │ arbejdsplads-1   ┆ kerneopgaven    ┆           ┆           ┆ Opsamling og    │
    │                  ┆                 ┆           ┆           ┆ procesevaluerin │
    │                  ┆                 ┆           ┆           ┆ g i MED og med  │
    │                  ┆                 ┆           ┆           ┆ drøftelse af    │
    │                  ┆                 ┆           ┆           ┆ det videre      │
    │                  ┆                 ┆           ┆           ┆ arbejde med     │
    │                  ┆                 ┆           ┆           ┆ kerneopgaven    │
    │ unknown-status   ┆ ugyldig: kør    ┆           ┆           ┆                 │
    │                  ┆ backbrief       ┆           ┆           ┆                 │
    │                  ┆ validate        ┆           ┆           ┆                 │
    └──────────────────┴─────────────────┴───────────┴───────────┴─────────────────┘
    1 plan(er) er ugyldige og vises ikke fuldt ud; kør `backbrief validate`.
    [exit status: 1]
    ");
    let json = env
        .run(&["status", "--at", AT, "--json"])
        .expect_code(1)
        .json();
    let validity: Vec<(&str, bool)> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|plan| {
            (
                plan["id"].as_str().unwrap(),
                plan["valid"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        validity,
        [("arbejdsplads-1", true), ("unknown-status", false)]
    );
}

#[test]
fn detail_of_an_invalid_plan_points_to_validate() {
    let env = env_with_example();
    env.invalid_fixture("format-2");
    insta::assert_snapshot!(env.run(&["status", "format-2", "--at", AT]).expect_code(1), @r#"
    ------- stderr -------
    fejl: Planen "format-2" er ugyldig (1 fejl).
    tip: Kør `backbrief validate plans/format-2.json` for at se hvad der er galt og hvordan det rettes.
    [exit status: 1]
    "#);
}

#[test]
fn color_always_colours_and_no_color_with_auto_does_not() {
    let env = env_with_example();

    let mut always = env.command();
    always.env_remove("NO_COLOR").args([
        "--color",
        "always",
        "status",
        "arbejdsplads-1",
        "--at",
        AT,
    ]);
    let always = env.run_command(always).expect_code(0);
    assert!(
        always.stdout.contains('\u{1b}'),
        "no ANSI escapes:\n{always}"
    );

    // NO_COLOR=1 is set by TestEnv; the default is --color auto.
    for args in [
        vec!["status", "--at", AT],
        vec!["status", "arbejdsplads-1", "--at", AT],
    ] {
        let output = env.run(&args).expect_code(0);
        assert!(!output.stdout.contains('\u{1b}'), "ANSI escapes:\n{output}");
    }
    let never = env
        .run(&["--color", "never", "status", "arbejdsplads-1", "--at", AT])
        .expect_code(0);
    assert!(!never.stdout.contains('\u{1b}'));

    // Coloured or not, the text is the same.
    let plain = env
        .run(&["status", "arbejdsplads-1", "--at", AT])
        .expect_code(0);
    assert_eq!(strip_ansi(&always.stdout), plain.stdout);
}

/// Runs `backbrief -C <folder> <args>` on a pseudo-terminal (through
/// `script`, as a user's terminal would), so `--color auto` sees a terminal.
#[cfg(target_os = "linux")]
fn run_on_a_terminal(env: &TestEnv, no_color: Option<&str>, args: &[&str]) -> String {
    let quote = |text: &str| format!("'{}'", text.replace('\'', r"'\''"));
    let mut line = quote(env!("CARGO_BIN_EXE_backbrief"));
    line.push_str(" -C ");
    line.push_str(&quote(&env.root().to_string_lossy()));
    for arg in args {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    let mut command = std::process::Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env("LANG", "C")
        .env("TZ", "UTC")
        .env("HOME", env.root());
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    let output = command.output().expect("run script(1)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{stdout}");
    stdout
}

#[test]
#[cfg(target_os = "linux")]
fn on_a_terminal_auto_colours_unless_no_color_is_set() {
    let env = env_with_example();
    let args = ["status", "arbejdsplads-1", "--at", AT];
    let coloured = run_on_a_terminal(&env, None, &args);
    assert!(
        coloured.contains('\u{1b}'),
        "no colour on a terminal:\n{coloured}"
    );
    let plain = run_on_a_terminal(&env, Some("1"), &args);
    assert!(
        !plain.contains('\u{1b}'),
        "NO_COLOR=1 not honoured:\n{plain}"
    );
    assert!(plain.contains("Faser"), "{plain}");
    // An empty NO_COLOR does not count (no-color.org).
    let empty = run_on_a_terminal(&env, Some(""), &args);
    assert!(empty.contains('\u{1b}'), "{empty}");
}

/// Removes ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn columns_env_is_honoured_and_tables_still_fit() {
    let env = env_with_example();
    let mut command = env.command();
    command
        .env("COLUMNS", "60")
        .args(["status", "arbejdsplads-1", "--at", AT]);
    let output = env.run_command(command).expect_code(0);
    for line in output.stdout.lines() {
        assert!(line.chars().count() <= 60, "{line}\n\n{output}");
    }
}

#[test]
fn empty_plans_folder() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["status", "--at", AT]), @"
    Planer pr. 21. november 2024
    Der er ingen planer i plans/ endnu.
    [exit status: 0]
    ");
}
