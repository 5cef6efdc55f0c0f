//! The audit trail read back: `log` (table, `--json`, filters), `show`,
//! `blame`, `revert` and `status --as-of`, on a history of decisions made on
//! pinned days by two recorders, with a commit that is not a decision in
//! between.

use crate::common::{Recorder, SECRETARY, TestEnv};

const PLAN: &str = "arbejdsplads-1";
const PLAN_FILE: &str = "plans/arbejdsplads-1.json";

/// The committee's minute taker, who records some of the decisions.
const REFERENT: Recorder = Recorder {
    name: "Referent Rasmus",
    email: "rasmus@example.dk",
};

/// The commits of the history, oldest first.
struct History {
    env: TestEnv,
    /// 2024-09-02: arbejdsplads-1 recorded as it is (Lokal-MED).
    created: String,
    /// 2024-09-26: workshop owner → "Teamleder Anna" (meeting, body).
    owner: String,
    /// 2024-10-01: README.md changed with plain git: not a decision.
    readme: String,
    /// 2024-10-10: arbejdsplads-2 created by `new` (Ledelsen; Rasmus records).
    second_plan: String,
    /// 2024-10-31 (decided 2024-10-30): workshop status → done (Rasmus records).
    workshop_done: String,
    /// 2024-11-28: opsamling status → done.
    evaluated: String,
    /// 2025-01-16: fase-2 period → 2025-H1 (Nærmeste chef).
    phase_moved: String,
    /// 2025-02-06: subtask "temadag" added to fase-2.
    theme_day: String,
}

fn decide(env: &TestEnv, who: Recorder, when: &str, args: &[&str]) -> String {
    let mut full = vec!["decide"];
    full.extend_from_slice(args);
    env.run_as(who, when, &full).expect_code(0);
    env.head()
}

fn history() -> History {
    let env = TestEnv::repo_with_example_plan();
    let created = env.head();
    let owner = decide(
        &env,
        SECRETARY,
        "2024-09-26",
        &[
            PLAN,
            "-m",
            "Teamleder Anna står for workshoppen",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.owner=Teamleder Anna",
            "--meeting",
            "MED-møde 26. september 2024",
            "--body",
            "Teamlederne bad om én ansvarlig for workshoppen i alle teams.",
        ],
    );
    env.write("README.md", "Udvalgets README, rettet.\n");
    env.git(&["commit", "-q", "-a", "-m", "Ret README"]);
    let readme = env.head();
    env.run_as(
        REFERENT,
        "2024-10-10",
        &[
            "new",
            "arbejdsplads-2",
            "--by",
            "Ledelsen",
            "--at",
            "2024-10-10",
            "--title",
            "Backbrief fra arbejdsplads 2",
            "-m",
            "Arbejdsplads 2 får sin egen backbrief",
        ],
    )
    .expect_code(0);
    let second_plan = env.head();
    let workshop_done = decide(
        &env,
        REFERENT,
        "2024-10-31",
        &[
            PLAN,
            "-m",
            "Workshoppen i teams er gennemført",
            "--by",
            "Lokal-MED",
            "--on",
            "2024-10-30",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    let evaluated = decide(
        &env,
        SECRETARY,
        "2024-11-28",
        &[
            PLAN,
            "-m",
            "Fase 1 er samlet op og evalueret",
            "--by",
            "Lokal-MED",
            "--set",
            "opsamling-og-procesevaluering.status=done",
        ],
    );
    let phase_moved = decide(
        &env,
        SECRETARY,
        "2025-01-16",
        &[
            PLAN,
            "-m",
            "Fase 2 varer hele første halvår",
            "--by",
            "Nærmeste chef",
            "--set",
            "fase-2.period=2025-H1",
        ],
    );
    let theme_day = decide(
        &env,
        SECRETARY,
        "2025-02-06",
        &[
            PLAN,
            "-m",
            "Temadag om kerneopgaven føjes til fase 2",
            "--by",
            "Lokal-MED",
            "--set",
            r#"fase-2.subtasks+={"id":"temadag","title":"Temadag om kerneopgaven","status":"planned","due":"2025-04"}"#,
        ],
    );
    assert_eq!(env.porcelain(), "");
    History {
        env,
        created,
        owner,
        readme,
        second_plan,
        workshop_done,
        evaluated,
        phase_moved,
        theme_day,
    }
}

/// The commits `log --json` lists with these arguments, newest first.
fn logged(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["log", "--json"];
    full.extend_from_slice(args);
    env.run(&full)
        .expect_code(0)
        .json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["commit"].as_str().expect("commit").to_string())
        .collect()
}

/// The plan's subtask `id` in `status PLAN --json` output.
fn subtask_in_status(status: &serde_json::Value, id: &str) -> serde_json::Value {
    status["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .flat_map(|phase| phase["subtasks"].as_array().expect("subtasks"))
        .find(|s| s["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} in the status"))
}

#[test]
fn log_table() {
    let h = history();
    let output = h.env.run(&["log"]).expect_code(0).redact_commits();
    insta::assert_snapshot!(output, @r"
    ┌─────────────┬─────────────┬────────────────┬─────────────────────────────────┐
    │ Besluttet   ┆ Registreret ┆ Plan           ┆ Beslutning                      │
    ╞═════════════╪═════════════╪════════════════╪═════════════════════════════════╡
    │ 6. februar  ┆ 2025-02-06  ┆ arbejdsplads-1 ┆ Temadag om kerneopgaven føjes   │
    │ 2025        ┆ 10:00       ┆                ┆ til fase 2 ([SHORT])            │
    │ Lokal-MED   ┆ Sekretær    ┆                ┆ - Ny aktivitet i Fase 2:        │
    │             ┆ Sofie       ┆                ┆ Temadag om kerneopgaven (frist  │
    │             ┆             ┆                ┆ april 2025)                     │
    │ 16. januar  ┆ 2025-01-16  ┆ arbejdsplads-1 ┆ Fase 2 varer hele første halvår │
    │ 2025        ┆ 10:00       ┆                ┆ ([SHORT])                       │
    │ Nærmeste    ┆ Sekretær    ┆                ┆ - Fase 2: periode forår 2025 →  │
    │ chef        ┆ Sofie       ┆                ┆ 1. halvår 2025                  │
    │ 28.         ┆ 2024-11-28  ┆ arbejdsplads-1 ┆ Fase 1 er samlet op og          │
    │ november    ┆ 10:00       ┆                ┆ evalueret ([SHORT])             │
    │ 2024        ┆ Sekretær    ┆                ┆ - Opsamling og procesevaluering │
    │ Lokal-MED   ┆ Sofie       ┆                ┆ i MED og med drøftelse af det   │
    │             ┆             ┆                ┆ videre arbejde med              │
    │             ┆             ┆                ┆ kerneopgaven: status planlagt → │
    │             ┆             ┆                ┆ udført                          │
    │ 30. oktober ┆ 2024-10-31  ┆ arbejdsplads-1 ┆ Workshoppen i teams er          │
    │ 2024        ┆ 10:00       ┆                ┆ gennemført ([SHORT])            │
    │ Lokal-MED   ┆ Referent    ┆                ┆ - Workshop, hvor de enkelte     │
    │             ┆ Rasmus      ┆                ┆ teams arbejder med              │
    │             ┆             ┆                ┆ konkretisering af kerneopgaven  │
    │             ┆             ┆                ┆ i forhold til teamets ydelser:  │
    │             ┆             ┆                ┆ status i gang → udført          │
    │ 10. oktober ┆ 2024-10-10  ┆ arbejdsplads-2 ┆ Arbejdsplads 2 får sin egen     │
    │ 2024        ┆ 10:00       ┆                ┆ backbrief ([SHORT])             │
    │ Ledelsen    ┆ Referent    ┆                ┆ - Planen oprettet: Backbrief    │
    │             ┆ Rasmus      ┆                ┆ fra arbejdsplads 2              │
    │ 26.         ┆ 2024-09-26  ┆ arbejdsplads-1 ┆ Teamleder Anna står for         │
    │ september   ┆ 10:00       ┆                ┆ workshoppen ([SHORT])           │
    │ 2024        ┆ Sekretær    ┆                ┆ - Workshop, hvor de enkelte     │
    │ Lokal-MED   ┆ Sofie       ┆                ┆ teams arbejder med              │
    │             ┆             ┆                ┆ konkretisering af kerneopgaven  │
    │             ┆             ┆                ┆ i forhold til teamets ydelser:  │
    │             ┆             ┆                ┆ ansvarlig Teamledere →          │
    │             ┆             ┆                ┆ Teamleder Anna                  │
    │ 2.          ┆ 2024-09-02  ┆ arbejdsplads-1 ┆ Backbriefen fra arbejdsplads 1  │
    │ september   ┆ 10:00       ┆                ┆ vedtaget ([SHORT])              │
    │ 2024        ┆ Sekretær    ┆                ┆ - Planen oprettet: Backbrief    │
    │ Lokal-MED   ┆ Sofie       ┆                ┆ fra arbejdsplads 1              │
    └─────────────┴─────────────┴────────────────┴─────────────────────────────────┘
    7 beslutninger.
    [exit status: 0]
    ");
}

#[test]
fn log_json_has_the_stable_fields() {
    let h = history();
    let log = h.env.run(&["log", "--json"]).expect_code(0).json();
    let decisions = log.as_array().expect("a list");
    let commits: Vec<&str> = decisions
        .iter()
        .map(|d| d["commit"].as_str().expect("commit"))
        .collect();
    assert_eq!(
        commits,
        [
            h.theme_day.as_str(),
            h.phase_moved.as_str(),
            h.evaluated.as_str(),
            h.workshop_done.as_str(),
            h.second_plan.as_str(),
            h.owner.as_str(),
            h.created.as_str()
        ],
        "every decision, newest first; neither init nor the README commit"
    );
    for decision in decisions {
        for field in [
            "commit",
            "plan",
            "summary",
            "body",
            "decided_by",
            "decided_on",
            "recorded_by",
            "recorded_at",
            "meeting",
            "changes",
        ] {
            assert!(decision.get(field).is_some(), "{field} in {decision:#}");
        }
        for change in decision["changes"].as_array().expect("changes") {
            for field in ["item", "field", "before", "after"] {
                assert!(change.get(field).is_some(), "{field} in {change:#}");
            }
        }
    }

    let done = &decisions[3];
    assert_eq!(done["plan"], PLAN);
    assert_eq!(done["summary"], "Workshoppen i teams er gennemført");
    assert_eq!(done["body"], serde_json::Value::Null);
    assert_eq!(done["decided_by"], "Lokal-MED");
    assert_eq!(done["decided_on"], "2024-10-30");
    assert_eq!(done["recorded_by"], REFERENT.signature());
    assert_eq!(done["recorded_at"], "2024-10-31T10:00:00Z");
    assert_eq!(done["meeting"], serde_json::Value::Null);
    let change = &done["changes"][0];
    assert_eq!(
        (
            &change["item"],
            &change["field"],
            &change["before"],
            &change["after"]
        ),
        (
            &"workshop-i-teams".into(),
            &"status".into(),
            &"in_progress".into(),
            &"done".into()
        )
    );
    assert_eq!(done["changes"].as_array().map(Vec::len), Some(1));

    let owner = &decisions[5];
    assert_eq!(
        owner["body"],
        "Teamlederne bad om én ansvarlig for workshoppen i alle teams."
    );
    assert_eq!(owner["meeting"], "MED-møde 26. september 2024");
    assert_eq!(owner["decided_on"], "2024-09-26");
    assert_eq!(owner["recorded_by"], SECRETARY.signature());

    let second = &decisions[4];
    assert_eq!(second["plan"], "arbejdsplads-2");
    assert_eq!(second["decided_by"], "Ledelsen");

    let added = &decisions[0]["changes"][0];
    assert_eq!(added["item"], "temadag");
    assert_eq!(added["field"], serde_json::Value::Null);
    assert_eq!(added["before"], serde_json::Value::Null);
    assert_eq!(added["after"]["title"], "Temadag om kerneopgaven");
}

#[test]
fn log_filters() {
    let h = history();
    let env = &h.env;
    assert_eq!(logged(env, &["arbejdsplads-2"]), [h.second_plan.as_str()]);
    assert_eq!(
        logged(env, &[PLAN]),
        [
            h.theme_day.as_str(),
            h.phase_moved.as_str(),
            h.evaluated.as_str(),
            h.workshop_done.as_str(),
            h.owner.as_str(),
            h.created.as_str()
        ]
    );
    // --by: who decided or who recorded, any case, part of the name.
    assert_eq!(
        logged(env, &["--by", "rasmus"]),
        [h.workshop_done.as_str(), h.second_plan.as_str()]
    );
    assert_eq!(
        logged(env, &["--by", "Nærmeste chef"]),
        [h.phase_moved.as_str()]
    );
    assert_eq!(logged(env, &["--by", "ledelsen"]), [h.second_plan.as_str()]);
    assert_eq!(
        logged(env, &["--by", "lokal-med", PLAN, "-n", "2"]),
        [h.theme_day.as_str(), h.evaluated.as_str()]
    );
    // --since/--until: on the day it was decided, both days included.
    assert_eq!(
        logged(env, &["--since", "2024-10-30", "--until", "2024-11-28"]),
        [h.evaluated.as_str(), h.workshop_done.as_str()]
    );
    assert_eq!(
        logged(env, &["--until", "2024-10-29"]),
        [h.second_plan.as_str(), h.owner.as_str(), h.created.as_str()]
    );
    assert_eq!(
        logged(env, &["--since", "2025-01-16"]),
        [h.theme_day.as_str(), h.phase_moved.as_str()]
    );
    // Recorded on 2024-10-31, but decided on 2024-10-30.
    assert!(logged(env, &["--since", "2024-10-31", "--until", "2024-10-31"]).is_empty());
    // --item: decisions whose changes touch that item.
    assert_eq!(
        logged(env, &["--item", "workshop-i-teams"])[..2],
        [h.workshop_done.as_str(), h.owner.as_str()]
    );
    assert_eq!(logged(env, &["--item", "temadag"]), [h.theme_day.as_str()]);
    // Both plans were created with a fase-2: their creation counts too.
    assert_eq!(
        logged(env, &["--item", "fase-2"]),
        [
            h.theme_day.as_str(),
            h.phase_moved.as_str(),
            h.second_plan.as_str(),
            h.created.as_str()
        ]
    );
    assert_eq!(
        logged(
            env,
            &["--item", "opsamling-og-procesevaluering", "--by", "chef"]
        ),
        Vec::<&str>::new()
    );

    let none = env
        .run(&["log", "--since", "2024-10-31", "--until", "2024-10-31"])
        .expect_code(0);
    insta::assert_snapshot!(none, @"
    Ingen beslutninger matcher.
    [exit status: 0]
    ");
    let unknown = env.run(&["log", "arbejdsplads"]).expect_code(1);
    insta::assert_snapshot!(unknown, @r#"
    ------- stderr -------
    fejl: Der er ingen plan med id'et "arbejdsplads" i plans/.
    tip: Mente du "arbejdsplads-2"?
    [exit status: 1]
    "#);
    let backwards = env
        .run(&["log", "--since", "2025-01-01", "--until", "2024-01-01"])
        .expect_code(2);
    insta::assert_snapshot!(backwards, @"
    ------- stderr -------
    fejl: --since 2025-01-01 ligger efter --until 2024-01-01.
    [exit status: 2]
    ");
}

#[test]
fn log_item_includes_the_decision_that_created_the_item() {
    // `backbrief log --item workshop-i-teams` lists the decisions that
    // changed the workshop, but not the one that recorded the plan (and so
    // the workshop), although `blame arbejdsplads-1 workshop-i-teams`
    // attributes the workshop's title to that decision. An item added later
    // with `+=` is listed by the decision that added it.
    let h = history();
    assert_eq!(
        logged(&h.env, &["--item", "workshop-i-teams"]),
        [
            h.workshop_done.as_str(),
            h.owner.as_str(),
            h.created.as_str()
        ]
    );
}

#[test]
fn show_a_decision() {
    let h = history();
    let output = h
        .env
        .run(&["show", h.owner.as_str()])
        .expect_code(0)
        .redact_commits();
    insta::assert_snapshot!(output, @r"
    Beslutning [COMMIT]
    Plan:        arbejdsplads-1
    Besluttet:   26. september 2024 af Lokal-MED
    Møde:        MED-møde 26. september 2024
    Registreret: 2024-09-26 10:00 +00:00 Sekretær Sofie <sofie@example.dk>
    Signatur:    ikke signeret
    Resumé:      Teamleder Anna står for workshoppen

    Begrundelse:
    Teamlederne bad om én ansvarlig for workshoppen i alle teams.

    Ændringer:
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: ansvarlig Teamledere → Teamleder Anna
    [exit status: 0]
    ");
    let short = &h.workshop_done[..7];
    let output = h.env.run(&["show", short]).expect_code(0).redact_commits();
    insta::assert_snapshot!(output, @r"
    Beslutning [COMMIT]
    Plan:        arbejdsplads-1
    Besluttet:   30. oktober 2024 af Lokal-MED
    Registreret: 2024-10-31 10:00 +00:00 Referent Rasmus <rasmus@example.dk>
    Signatur:    ikke signeret
    Resumé:      Workshoppen i teams er gennemført

    Ændringer:
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status i gang → udført
    [exit status: 0]
    ");
    let json = h.env.run(&["show", "--json", "HEAD"]).expect_code(0).json();
    assert_eq!(json["commit"], h.theme_day.as_str());
    assert_eq!(json["summary"], "Temadag om kerneopgaven føjes til fase 2");
}

#[test]
fn show_refuses_what_is_not_a_decision() {
    let h = history();
    let output = h
        .env
        .run(&["show", h.readme.as_str()])
        .expect_code(1)
        .redact_commits();
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Commit [SHORT] er ikke en beslutning (den mangler trailerne Plan og Decided-by).
    [exit status: 1]
    ");
    let first = h.env.git(&["rev-list", "--max-parents=0", "HEAD"]);
    h.env.run(&["show", first.trim()]).expect_code(1);
    let output = h.env.run(&["show", "0123456"]).expect_code(1);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: "0123456" er ikke en commit i repositoriet.
    tip: Se commit-id'erne med `backbrief log`.
    [exit status: 1]
    "#);
    h.env.run(&["show", "ingen-commit"]).expect_code(1);
}

#[test]
fn blame_names_the_decision_that_last_set_each_field() {
    let h = history();
    let blame = h.env.run(&["blame", PLAN, "--json"]).expect_code(0).json();
    let by = |item: Option<&str>, field: &str| -> String {
        blame
            .as_array()
            .expect("a list")
            .iter()
            .find(|line| line["item"].as_str() == item && line["field"] == field)
            .unwrap_or_else(|| panic!("{item:?}.{field} in the blame"))["decision"]["commit"]
            .as_str()
            .unwrap_or("never")
            .to_string()
    };
    assert_eq!(by(None, "title"), h.created);
    assert_eq!(by(None, "main_task"), h.created);
    assert_eq!(by(Some("workshop-i-teams"), "owner"), h.owner);
    assert_eq!(by(Some("workshop-i-teams"), "status"), h.workshop_done);
    assert_eq!(by(Some("workshop-i-teams"), "title"), h.created);
    assert_eq!(
        by(Some("opsamling-og-procesevaluering"), "status"),
        h.evaluated
    );
    assert_eq!(by(Some("fase-2"), "period"), h.phase_moved);
    assert_eq!(by(Some("fase-2"), "title"), h.created);
    assert_eq!(by(Some("temadag"), "title"), h.theme_day);
    assert_eq!(by(Some("temadag"), "status"), h.theme_day);
    for line in blame.as_array().expect("a list") {
        assert_eq!(line["decision"]["plan"], PLAN, "{line:#}");
    }

    let only = h
        .env
        .run(&["blame", PLAN, "workshop-i-teams", "--json"])
        .expect_code(0)
        .json();
    assert!(
        only.as_array()
            .expect("a list")
            .iter()
            .all(|line| line["item"] == "workshop-i-teams"),
        "{only:#}"
    );
    let table = h
        .env
        .run(&["blame", PLAN, "workshop-i-teams"])
        .expect_code(0)
        .redact_commits();
    insta::assert_snapshot!(table, @r"
    Aktivitet: Workshop, hvor de enkelte teams arbejder med konkretisering af
    kerneopgaven i forhold til teamets ydelser (workshop-i-teams)
    ┌─────────────────────┬────────────────────────────┬───────────────────────────┐
    │ Felt                ┆ Værdi                      ┆ Sidst sat                 │
    ╞═════════════════════╪════════════════════════════╪═══════════════════════════╡
    │ Titel               ┆ Workshop, hvor de enkelte  ┆ 02.09.2024, Lokal-MED [1] │
    │                     ┆ teams arbejder med…        ┆                           │
    │ Status              ┆ udført                     ┆ 30.10.2024, Lokal-MED [3] │
    │ Ansvarlig           ┆ Teamleder Anna             ┆ 26.09.2024, Lokal-MED [2] │
    │ Frist               ┆ oktober 2024               ┆ 02.09.2024, Lokal-MED [1] │
    │ Arbejdsfællesskaber ┆ opgaverettet,              ┆ 02.09.2024, Lokal-MED [1] │
    │                     ┆ organisatorisk             ┆                           │
    │ Ubalancer           ┆ 1, 5                       ┆ 02.09.2024, Lokal-MED [1] │
    └─────────────────────┴────────────────────────────┴───────────────────────────┘

    Beslutningerne
    ┌─────┬────────────────────┬───────────┬─────────────────────────┬─────────┐
    │ Nr. ┆ Besluttet          ┆ Af        ┆ Resumé                  ┆ Commit  │
    ╞═════╪════════════════════╪═══════════╪═════════════════════════╪═════════╡
    │ 1   ┆ 2. september 2024  ┆ Lokal-MED ┆ Backbriefen fra         ┆ [SHORT] │
    │     ┆                    ┆           ┆ arbejdsplads 1 vedtaget ┆         │
    │ 2   ┆ 26. september 2024 ┆ Lokal-MED ┆ Teamleder Anna står for ┆ [SHORT] │
    │     ┆                    ┆           ┆ workshoppen             ┆         │
    │ 3   ┆ 30. oktober 2024   ┆ Lokal-MED ┆ Workshoppen i teams er  ┆ [SHORT] │
    │     ┆                    ┆           ┆ gennemført              ┆         │
    └─────┴────────────────────┴───────────┴─────────────────────────┴─────────┘
    [exit status: 0]
    ");

    let unknown = h
        .env
        .run(&["blame", PLAN, "workshop-i-team"])
        .expect_code(1);
    insta::assert_snapshot!(unknown, @r#"
    ------- stderr -------
    fejl: Planen arbejdsplads-1 har intet punkt med id'et "workshop-i-team".
    tip: Mente du "workshop-i-teams"?
    [exit status: 1]
    "#);
    h.env.run(&["blame", "arbejdsplads"]).expect_code(1);
}

#[test]
fn revert_restores_the_values_with_a_reverts_trailer() {
    let h = history();
    let env = &h.env;
    let parent = env.head();
    let output = env
        .run_on(
            "2025-03-06",
            &[
                "revert",
                h.workshop_done.as_str(),
                "-m",
                "Workshoppen mangler i to teams",
                "--by",
                "Lokal-MED",
                "--meeting",
                "MED-møde 6. marts 2025",
            ],
        )
        .expect_code(0)
        .redact_commits();
    insta::assert_snapshot!(output, @r"
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Workshoppen mangler i to teams
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status udført → i gang
    [exit status: 0]
    ");
    assert_eq!(env.porcelain(), "");
    assert_eq!(env.git(&["rev-parse", "HEAD^"]).trim(), parent);
    assert_eq!(
        env.trailers("HEAD"),
        format!(
            "Plan: {PLAN}\nDecided-by: Lokal-MED\nDecided-on: 2025-03-06\n\
             Meeting: MED-møde 6. marts 2025\nReverts: {}\n",
            h.workshop_done
        )
    );
    assert_eq!(
        env.git(&["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"]),
        format!("{PLAN_FILE}\n")
    );

    // The status is back; the other decisions stand.
    let status = env.run(&["status", PLAN, "--json"]).expect_code(0).json();
    let workshop = subtask_in_status(&status, "workshop-i-teams");
    assert_eq!(workshop["status"], "in_progress");
    assert_eq!(workshop["owner"], "Teamleder Anna");
    assert_eq!(
        subtask_in_status(&status, "opsamling-og-procesevaluering")["status"],
        "done"
    );
    // Only the status line changed back.
    assert_eq!(
        env.git(&["diff", "--numstat", "HEAD^", "HEAD"]),
        format!("1\t1\t{PLAN_FILE}\n")
    );
    let diff = env.git(&["diff", "-U0", "HEAD^", "HEAD"]);
    assert!(
        diff.contains("-          \"status\": \"done\",\n+          \"status\": \"in_progress\","),
        "{diff}"
    );

    let json = env.run(&["show", "--json", "HEAD"]).expect_code(0).json();
    assert_eq!(json["reverts"], h.workshop_done.as_str());
    let blame = env
        .run(&["blame", PLAN, "workshop-i-teams", "--json"])
        .expect_code(0)
        .json();
    let status_line = blame
        .as_array()
        .expect("a list")
        .iter()
        .find(|line| line["field"] == "status")
        .expect("status")
        .clone();
    assert_eq!(status_line["decision"]["commit"], env.head().as_str());
    assert_eq!(
        logged(env, &["--item", "workshop-i-teams", "-n", "1"]),
        [env.head().as_str()]
    );
    env.assert_fsck_clean();
}

#[test]
fn revert_is_refused_when_a_later_decision_changed_the_same_field() {
    let h = history();
    let env = &h.env;
    decide(
        env,
        SECRETARY,
        "2025-03-06",
        &[
            PLAN,
            "-m",
            "Teamleder Bo overtager workshoppen",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.owner=Teamleder Bo",
        ],
    );
    let before = (env.head(), env.porcelain(), env.read(PLAN_FILE));
    let output = env
        .run_on(
            "2025-03-07",
            &[
                "revert",
                h.owner.as_str(),
                "-m",
                "Fortryd",
                "--by",
                "Lokal-MED",
            ],
        )
        .expect_code(1)
        .redact_commits();
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: Beslutningen [SHORT] kan ikke fortrydes automatisk: Feltet "owner" i "workshop-i-teams" er ændret siden: forventede Teamleder Anna, men planen har Teamleder Bo.
    tip: Se hvem der ændrede det med `backbrief blame arbejdsplads-1`, og registrér det, planen skal sige, med `backbrief decide arbejdsplads-1 --set …`.
    [exit status: 1]
    "#);
    assert_eq!(
        (env.head(), env.porcelain(), env.read(PLAN_FILE)),
        before,
        "nothing committed, nothing written"
    );
}

#[test]
fn revert_refuses_what_it_cannot_undo() {
    let h = history();
    let env = &h.env;
    let before = (env.head(), env.porcelain());
    let output = env
        .run_on(
            "2025-03-06",
            &[
                "revert",
                h.readme.as_str(),
                "-m",
                "Fortryd",
                "--by",
                "Lokal-MED",
            ],
        )
        .expect_code(1)
        .redact_commits();
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Commit [SHORT] er ikke en beslutning (den mangler trailerne Plan og Decided-by).
    [exit status: 1]
    ");
    let output = env
        .run_on(
            "2025-03-06",
            &[
                "revert",
                h.created.as_str(),
                "-m",
                "Fortryd",
                "--by",
                "Lokal-MED",
            ],
        )
        .expect_code(1);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: Beslutningen oprettede planen arbejdsplads-1; oprettelsen af en plan kan ikke fortrydes med revert.
    tip: Sæt planens aktiviteter til "cancelled" med `backbrief decide`, hvis planen ikke skal bruges.
    [exit status: 1]
    "#);
    env.run_on(
        "2025-03-06",
        &["revert", "0123456", "-m", "Fortryd", "--by", "Lokal-MED"],
    )
    .expect_code(1);
    env.run_on(
        "2025-03-06",
        &["revert", h.owner.as_str(), "--by", "Lokal-MED"],
    )
    .expect_code(2);
    assert_eq!((env.head(), env.porcelain()), before);

    // Hand edits of the plan would be mixed into the revert.
    let text = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    let edited = text.replace("Teamleder Anna", "Teamleder Carl");
    env.write(PLAN_FILE, &edited);
    let before = (env.head(), env.porcelain());
    let output = env.run_on(
        "2025-03-06",
        &[
            "revert",
            h.evaluated.as_str(),
            "-m",
            "Fortryd",
            "--by",
            "Lokal-MED",
        ],
    );
    assert_eq!(output.code, Some(1), "{output}");
    assert_eq!((env.head(), env.porcelain()), before);
    assert_eq!(env.read(PLAN_FILE), edited.as_bytes());
}

#[test]
fn status_as_of_a_day_or_a_commit_shows_the_plan_as_it_stood() {
    let h = history();
    let env = &h.env;
    // Hand edits in the work tree do not count: --as-of reads history.
    let text = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    env.write(PLAN_FILE, text.replace("Teamleder Anna", "Teamleder Carl"));

    let at = |as_of: &str| {
        env.run(&["status", PLAN, "--as-of", as_of, "--json"])
            .expect_code(0)
            .json()
    };
    let before_owner = at("2024-09-25");
    assert_eq!(before_owner["at"], "2024-09-25");
    let workshop = subtask_in_status(&before_owner, "workshop-i-teams");
    assert_eq!(workshop["owner"], "Teamledere");
    assert_eq!(workshop["status"], "in_progress");

    let autumn = at("2024-10-15");
    let workshop = subtask_in_status(&autumn, "workshop-i-teams");
    assert_eq!(workshop["owner"], "Teamleder Anna");
    assert_eq!(workshop["status"], "in_progress");

    let at_commit = at(h.workshop_done.as_str());
    // Like --as-of DATE, a commit counts from the day it was recorded.
    assert_eq!(at_commit["at"], "2024-10-31", "the day it was recorded");
    let workshop = subtask_in_status(&at_commit, "workshop-i-teams");
    assert_eq!(workshop["status"], "done");
    assert_eq!(workshop["owner"], "Teamleder Anna");
    assert_eq!(
        subtask_in_status(&at_commit, "opsamling-og-procesevaluering")["status"],
        "planned"
    );

    let short = at(&h.evaluated[..7]);
    assert_eq!(
        subtask_in_status(&short, "opsamling-og-procesevaluering")["status"],
        "done"
    );
    let head = at("HEAD");
    assert_eq!(
        subtask_in_status(&head, "workshop-i-teams")["owner"],
        "Teamleder Anna",
        "not the hand edit"
    );

    let text = env
        .run(&["status", PLAN, "--as-of", "2024-10-15"])
        .expect_code(0);
    let heading: String = text.stdout.lines().take(4).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(heading, @"
    Planen som den stod efter beslutningerne truffet til og med 15. oktober 2024 (efter beslutningsdatoen, ikke registreringsdatoen).

    Backbrief fra arbejdsplads 1
    Arbejdsplads 1 · Lokal-MED · Status pr. 15. oktober 2024
    ");

    // Before the plan was recorded; and no such commit.
    let output = env
        .run(&["status", PLAN, "--as-of", "2024-08-01"])
        .expect_code(1);
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Planen arbejdsplads-1 var ikke registreret pr. 2024-08-01.
    [exit status: 1]
    ");
    let output = env
        .run(&["status", PLAN, "--as-of", "ingen-commit"])
        .expect_code(1);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: "ingen-commit" er ikke en commit i repositoriet.
    tip: Se commit-id'erne med `backbrief log`.
    [exit status: 1]
    "#);
    // Every plan as it stood: arbejdsplads-2 did not exist yet in September.
    let overview = env
        .run(&["status", "--as-of", "2024-09-30", "--json"])
        .expect_code(0)
        .json();
    let ids: Vec<&str> = overview["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, [PLAN]);
}
