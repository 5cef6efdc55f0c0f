use super::*;
use proptest::prelude::*;
use serde_json::json;

use crate::plan::fixtures::EXAMPLE;

fn plan() -> Value {
    serde_json::from_str(EXAMPLE).expect("the example plan is JSON")
}

fn setter(text: &str) -> Setter {
    Setter::parse(text, Lang::En).unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn apply_all(texts: &[&str]) -> Value {
    let setters: Vec<Setter> = texts.iter().map(|text| setter(text)).collect();
    apply_setters(&plan(), &setters, Lang::En).unwrap_or_else(|error| panic!("{error}"))
}

fn error(text: &str, lang: Lang) -> SetterError {
    let parsed = match Setter::parse(text, lang) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    match apply_setters(&plan(), &[parsed], lang) {
        Ok(_) => panic!("{text} should fail"),
        Err(error) => error,
    }
}

fn subtask<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["phases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|phase| phase["subtasks"].as_array().into_iter().flatten())
        .find(|subtask| subtask["id"] == id)
        .unwrap_or_else(|| panic!("no subtask {id}"))
}

fn is_valid(plan: &Value) -> bool {
    crate::plan::schema::validator().is_valid(plan)
}

// ---- parsing ----

#[test]
fn parses_every_form() {
    let cases: &[(&str, &[&str], SetOp)] = &[
        (
            "workshop-i-teams.status=done",
            &["workshop-i-teams", "status"],
            SetOp::Set("done".into()),
        ),
        ("title=Ny titel", &["title"], SetOp::Set("Ny titel".into())),
        (
            "fase-2.period.start=2025-03",
            &["fase-2", "period", "start"],
            SetOp::Set("2025-03".into()),
        ),
        (
            "fase-1.subtasks+={\"id\":\"x\"}",
            &["fase-1", "subtasks"],
            SetOp::Append("{\"id\":\"x\"}".into()),
        ),
        ("gaa-hjem-moede=", &["gaa-hjem-moede"], SetOp::Remove),
        (
            "workshop-i-teams.owner=",
            &["workshop-i-teams", "owner"],
            SetOp::Remove,
        ),
        // Only the first `=` separates; the value may hold more.
        ("notes=a=b", &["notes"], SetOp::Set("a=b".into())),
        ("notes=+=x", &["notes"], SetOp::Set("+=x".into())),
        // Spaces around the operator, when the whole thing was quoted.
        (
            "workshop-i-teams.owner = Teamleder Anna",
            &["workshop-i-teams", "owner"],
            SetOp::Set("Teamleder Anna".into()),
        ),
        (
            "fase-1.depends_on += fase-2",
            &["fase-1", "depends_on"],
            SetOp::Append("fase-2".into()),
        ),
    ];
    for (text, target, op) in cases {
        let parsed = setter(text);
        assert_eq!(parsed.target, *target, "{text}");
        assert_eq!(parsed.op, *op, "{text}");
        assert_eq!(parsed.raw, *text);
    }
}

#[test]
fn from_str_parses_and_display_is_canonical() {
    let parsed: Setter = "workshop-i-teams.owner=Teamleder Anna".parse().unwrap();
    assert_eq!(parsed.to_string(), "workshop-i-teams.owner=Teamleder Anna");
    let parsed: Setter = "x.questions+=Hvorfor?".parse().unwrap();
    assert_eq!(parsed.to_string(), "x.questions+=Hvorfor?");
    let parsed: Setter = "x=".parse().unwrap();
    assert_eq!(parsed.to_string(), "x=");
}

#[test]
fn a_plus_before_the_equals_sign_is_refused_with_the_fix() {
    let error = Setter::parse("fase-1.subtasks + = {}", Lang::En).unwrap_err();
    assert_eq!(error.code, "plus_before_equals");
    let hint = error.hint.unwrap_or_default();
    assert!(hint.contains("`--set fase-1.subtasks+={}`"), "{hint}");
    assert!(hint.contains("`--set fase-1.subtasks={}`"), "{hint}");
    let error = Setter::parse("x+ =", Lang::Da).unwrap_err();
    let hint = error.hint.unwrap_or_default();
    assert!(hint.contains("`--set x=`"), "{hint}");
}

#[test]
fn parse_errors_name_the_setter_in_both_languages() {
    let cases = [
        ("workshop-i-teams.status", "no_equals"),
        ("workshop-i-teams.status:done", "no_equals"),
        ("", "no_equals"),
        ("=done", "empty_target"),
        ("  =done", "empty_target"),
        ("+=done", "empty_target"),
        ("fase-1..title=x", "empty_segment"),
        (".title=x", "empty_segment"),
        ("fase-1.=x", "empty_segment"),
        ("fase-1.subtasks+=", "empty_append"),
        ("+\u{b}=", "empty_target"),
        ("fase-1.subtasks+ ={}", "plus_before_equals"),
        ("title+\t=x", "plus_before_equals"),
        ("x.questions++=y", "plus_before_equals"),
        ("x+ =", "plus_before_equals"),
    ];
    for (text, code) in cases {
        for lang in [Lang::Da, Lang::En] {
            let error = Setter::parse(text, lang).expect_err(text);
            assert_eq!(error.code, code, "{text}");
            assert_eq!(error.setter, text);
            assert!(
                error.message.contains(&format!("`--set {text}`")),
                "{text}: {}",
                error.message
            );
            assert!(error.hint.is_some(), "{text}");
        }
    }
    let da = Setter::parse("title", Lang::Da).unwrap_err();
    assert!(da.message.contains("lighedstegn"), "{}", da.message);
    assert!(da.hint.as_deref().unwrap().contains("ID.FELT=VÆRDI"));
    let en = Setter::parse("title", Lang::En).unwrap_err();
    assert!(en.message.contains("equals sign"), "{}", en.message);
    assert!(en.hint.as_deref().unwrap().contains("ID.FIELD=VALUE"));
}

#[test]
fn from_str_speaks_danish_and_can_be_reworded() {
    let error = "title".parse::<Setter>().unwrap_err();
    assert!(error.message.contains("lighedstegn"));
    let english = error.in_lang(Lang::En);
    assert!(english.message.contains("equals sign"));
    assert_eq!(english.code, error.code);
    assert_eq!(english.setter, error.setter);
    assert_eq!(english.to_string(), english.message);
}

// ---- applying ----

#[test]
fn sets_a_field_of_a_subtask() {
    let plan = apply_all(&["workshop-i-teams.status=done"]);
    assert_eq!(subtask(&plan, "workshop-i-teams")["status"], "done");
    assert!(is_valid(&plan));
}

#[test]
fn statuses_periods_and_days_in_words_are_stored_canonically() {
    let plan = apply_all(&[
        "workshop-i-teams.status=udført",
        "workshop-i-teams.due=2. kvartal 2025",
        "fase-2.period=2025-02/2025-07",
        "fase-1.period=efterår 2024",
    ]);
    assert_eq!(subtask(&plan, "workshop-i-teams")["status"], "done");
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "2025-Q2");
    assert_eq!(
        plan["phases"][1]["period"],
        json!({"start": "2025-02", "end": "2025-07"})
    );
    assert_eq!(plan["phases"][0]["period"], "2024-autumn");
    let plan = apply_all(&[
        "fase-2.period.start=marts 2025",
        "workshop-i-teams.status=I gang",
    ]);
    assert_eq!(plan["phases"][1]["period"]["start"], "2025-03");
    assert_eq!(subtask(&plan, "workshop-i-teams")["status"], "in_progress");
    // Not a status: kept as typed, for validation to report with a hint.
    let plan = apply_all(&[
        "workshop-i-teams.status=færdig",
        "workshop-i-teams.title=udført",
    ]);
    assert_eq!(subtask(&plan, "workshop-i-teams")["status"], "færdig");
    assert_eq!(subtask(&plan, "workshop-i-teams")["title"], "udført");
}

#[test]
fn weeks_and_phrases_are_read_against_the_phase_and_today() {
    let on = |today: NaiveDate, texts: &[&str]| {
        let setters: Vec<Setter> = texts.iter().map(|text| setter(text)).collect();
        apply_setters_on(&plan(), &setters, Some(today), Lang::En)
            .unwrap_or_else(|error| panic!("{error}"))
    };
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
    // Phase 1 runs in the autumn of 2024: its week 40 is that year's,
    // whatever today is.
    let plan = on(day(2030, 1, 1), &["workshop-i-teams.due=uge 40"]);
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "2024-W40");
    // A week the phase does not hold: the next one from today.
    let plan = on(day(2024, 12, 5), &["workshop-i-teams.due=uge 12"]);
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "2025-W12");
    let plan = on(
        day(2024, 9, 1),
        &[
            "workshop-i-teams.due=ultimo oktober 2024",
            "fase-2.period=primo 2025",
            "fase-1.period.start=medio august 2024",
        ],
    );
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "2024-10-31");
    assert_eq!(
        plan["phases"][1]["period"],
        json!({"start": "2025-01", "end": "2025-04"})
    );
    assert_eq!(plan["phases"][0]["period"]["start"], "2024-08-11");
    // Without today and a phase holding it, the week is kept as typed,
    // for validation to report.
    let plan = apply_all(&["workshop-i-teams.due=uge 12"]);
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "uge 12");
    // One setter at a time (as the browser's forms set a field), the
    // phase still gives the year.
    let mut plan = plan;
    apply_setter(&mut plan, &setter("workshop-i-teams.due=uge 40"), Lang::Da)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "2024-W40");
}

#[test]
fn text_with_spaces_is_text() {
    let plan = apply_all(&["workshop-i-teams.owner=Teamleder Anna"]);
    assert_eq!(
        subtask(&plan, "workshop-i-teams")["owner"],
        "Teamleder Anna"
    );
}

#[test]
fn sets_a_phase_period() {
    let plan = apply_all(&["fase-2.period=2025-summer"]);
    assert_eq!(plan["phases"][1]["period"], "2025-summer");
    let plan = apply_all(&["fase-2.period={\"start\":\"2025-03\",\"end\":\"2025-06\"}"]);
    assert_eq!(
        plan["phases"][1]["period"],
        json!({"start": "2025-03", "end": "2025-06"})
    );
    assert!(is_valid(&plan));
}

#[test]
fn text_fields_keep_numbers_and_booleans_as_text_and_null_removes() {
    let plan = apply_all(&[
        "fase-2.period=2025",
        "workshop-i-teams.owner=true",
        "workshop-i-teams.notes=null",
        "workshop-i-teams.due=2024",
        "opstart-fase-2.date=2025",
        "procesevaluering.by=42",
        "title=2025",
    ]);
    assert_eq!(plan["phases"][1]["period"], "2025");
    assert_eq!(subtask(&plan, "workshop-i-teams")["owner"], "true");
    assert!(subtask(&plan, "workshop-i-teams").get("notes").is_none());
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "2024");
    assert_eq!(plan["milestones"][0]["date"], "2025");
    assert_eq!(plan["reporting"][0]["by"], "42");
    assert_eq!(plan["title"], "2025");
    assert!(is_valid(&plan));
}

#[test]
fn json_values_are_json() {
    let plan = apply_all(&[
        "workshop-i-teams.owner=\"\\\"Anna\\\"\"",
        "workshop-i-teams.due=\"2025\"",
        "workshop-i-teams.imbalances=[2,3]",
        "format=2",
    ]);
    assert_eq!(subtask(&plan, "workshop-i-teams")["owner"], "\"Anna\"");
    assert_eq!(subtask(&plan, "workshop-i-teams")["due"], "2025");
    assert_eq!(
        subtask(&plan, "workshop-i-teams")["imbalances"],
        json!([2, 3])
    );
    // Wrong values are left for validation to report.
    assert_eq!(plan["format"], 2);
    assert!(!is_valid(&plan));
    let plan = apply_all(&["workshop-i-teams.status=7"]);
    // A status is text, so 7 stays text (and validation names the allowed values).
    assert_eq!(subtask(&plan, "workshop-i-teams")["status"], "7");
}

#[test]
fn setting_start_of_a_one_string_period_keeps_the_other_end() {
    let plan = apply_all(&["fase-2.period.start=2025-03"]);
    assert_eq!(
        plan["phases"][1]["period"],
        json!({"start": "2025-03", "end": "2025-spring"})
    );
    assert!(is_valid(&plan));
    let plan = apply_all(&["fase-1.period.end=2024-12"]);
    assert_eq!(
        plan["phases"][0]["period"],
        json!({"start": "2024-autumn", "end": "2024-12"})
    );
    let plan = apply_all(&["fase-2.period.start=2025-03", "fase-2.period.end=2025"]);
    assert_eq!(
        plan["phases"][1]["period"],
        json!({"start": "2025-03", "end": "2025"})
    );
}

#[test]
fn sets_plan_level_fields() {
    let plan = apply_all(&[
        "title=Backbrief, revideret",
        "owner=Hoved-MED",
        "language=en",
        "core_task.formal=Det Byrådet har besluttet",
    ]);
    assert_eq!(plan["title"], "Backbrief, revideret");
    assert_eq!(plan["owner"], "Hoved-MED");
    assert_eq!(plan["language"], "en");
    assert_eq!(
        plan["core_task"],
        json!({"formal": "Det Byrådet har besluttet"})
    );
    assert!(is_valid(&plan));
}

#[test]
fn appends_to_lists() {
    let plan = apply_all(&[
        "fase-1.subtasks+={\"id\":\"x\",\"title\":\"Ny aktivitet\",\"status\":\"planned\"}",
        "x.status=in_progress",
        "x.questions+=Hvad virker?",
        "x.questions+=2025",
        "x.communities+=task",
        "x.imbalances+=3",
        "x.imbalances+=[6,7]",
        "fase-1.depends_on+=fase-2",
        "milestones+={\"id\":\"m2\",\"title\":\"Byrådet\",\"date\":\"2025-06-01\"}",
        "reporting+={\"id\":\"r3\",\"what\":\"Status\",\"to\":\"Chef\",\"due\":\"2025-06\",\"status\":\"planned\"}",
        "phases+={\"id\":\"fase-3\",\"title\":\"Fase 3\",\"period\":\"2025-autumn\",\"subtasks\":[]}",
        "fase-3.depends_on+=[\"fase-2\"]",
    ]);
    let added = subtask(&plan, "x");
    assert_eq!(added["status"], "in_progress");
    assert_eq!(added["questions"], json!(["Hvad virker?", "2025"]));
    assert_eq!(added["communities"], json!(["task"]));
    assert_eq!(added["imbalances"], json!([3, 6, 7]));
    assert_eq!(plan["phases"][0]["subtasks"][4]["id"], "x");
    assert_eq!(plan["phases"][0]["depends_on"], json!(["fase-2"]));
    assert_eq!(plan["milestones"][1]["id"], "m2");
    assert_eq!(plan["reporting"][2]["id"], "r3");
    assert_eq!(plan["phases"][2]["depends_on"], json!(["fase-2"]));
    // Applying is not validating: fase-1 now depends on fase-2 (a cycle),
    // which the rules report; the schema is satisfied.
    assert!(is_valid(&plan));
}

#[test]
fn appends_to_a_plan_without_milestones() {
    let mut bare = plan();
    bare.as_object_mut().unwrap().remove("milestones");
    let setters = [setter(
        "milestones+={\"id\":\"m\",\"title\":\"T\",\"date\":\"2025\"}",
    )];
    let changed = apply_setters(&bare, &setters, Lang::Da).unwrap();
    assert_eq!(changed["milestones"][0]["id"], "m");
}

#[test]
fn removes_items_wherever_they_are() {
    let plan = apply_all(&[
        "gaa-hjem-moede=",
        "procesevaluering=",
        "opstart-fase-2=",
        "fase-2=",
    ]);
    let ids = item_ids(&plan);
    for gone in [
        "gaa-hjem-moede",
        "procesevaluering",
        "opstart-fase-2",
        "fase-2",
    ] {
        assert!(!ids.iter().any(|id| id == gone), "{gone} still there");
    }
    assert!(ids.iter().any(|id| id == "konklusioner-til-chef"));
    assert!(!ids.iter().any(|id| id == "internt-samarbejde"));
    assert_eq!(plan["phases"][0]["subtasks"].as_array().unwrap().len(), 3);
    assert_eq!(plan["milestones"], json!([]));
    assert!(is_valid(&plan));
}

#[test]
fn removes_optional_fields() {
    let plan = apply_all(&[
        "workshop-i-teams.owner=",
        "workshop-i-teams.communities=",
        "fase-2.depends_on=",
        "notes=",
        "konklusioner-til-chef.after=",
        // Removing what is not there changes nothing.
        "workshop-i-teams.questions=",
    ]);
    let workshop = subtask(&plan, "workshop-i-teams");
    assert!(workshop.get("owner").is_none());
    assert!(workshop.get("communities").is_none());
    assert!(plan["phases"][1].get("depends_on").is_none());
    assert!(plan.get("notes").is_none());
    assert!(plan["reporting"][1].get("after").is_none());
    assert!(is_valid(&plan));
}

#[test]
fn setters_apply_in_order_and_leave_the_input_alone() {
    let original = plan();
    let setters = [
        setter("workshop-i-teams.status=blocked"),
        setter("workshop-i-teams.status=done"),
    ];
    let changed = apply_setters(&original, &setters, Lang::Da).unwrap();
    assert_eq!(subtask(&changed, "workshop-i-teams")["status"], "done");
    assert_eq!(original, plan());
    assert_eq!(apply_setters(&original, &[], Lang::Da).unwrap(), original);
}

#[test]
fn a_failing_setter_stops_the_lot() {
    let setters = [
        setter("workshop-i-teams.status=done"),
        setter("nope.status=done"),
    ];
    let error = apply_setters(&plan(), &setters, Lang::En).unwrap_err();
    assert_eq!(error.setter, "nope.status=done");
    let mut one = plan();
    assert!(apply_setter(&mut one, &setters[1], Lang::En).is_err());
    // Fails after turning the period into a span: nothing is kept.
    assert!(apply_setter(&mut one, &setter("fase-2.period.begin=2025"), Lang::En).is_err());
    assert_eq!(one, plan());
    assert!(apply_setter(&mut one, &setters[0], Lang::En).is_ok());
    assert_eq!(subtask(&one, "workshop-i-teams")["status"], "done");
}

// ---- errors ----

fn assert_error(text: &str, code: &str, en: &[&str], da: &[&str]) {
    for (lang, words) in [(Lang::En, en), (Lang::Da, da)] {
        let error = error(text, lang);
        assert_eq!(error.code, code, "{text} ({lang}): {}", error.message);
        assert_eq!(error.setter, text);
        let all = format!(
            "{} {}",
            error.message,
            error.hint.clone().unwrap_or_default()
        );
        assert!(
            error.message.contains(&format!("`--set {text}`")),
            "{text}: {}",
            error.message
        );
        for word in words {
            assert!(
                all.contains(word),
                "{text} ({lang}): {word:?} not in {all:?}"
            );
        }
    }
}

#[test]
fn unknown_item_suggests_a_close_id() {
    assert_error(
        "workshop.status=done",
        "unknown_item",
        &[
            "no item with the id \"workshop\"",
            "Did you mean \"workshop-i-teams\"?",
        ],
        &[
            "intet punkt med id'et \"workshop\"",
            "Mente du \"workshop-i-teams\"?",
        ],
    );
    assert_error(
        "core-task.formal=x",
        "unknown_item",
        &["Did you mean \"core_task\"?"],
        &["Mente du \"core_task\"?"],
    );
}

#[test]
fn unknown_item_lists_some_ids_when_none_is_close() {
    assert_error(
        "zzz.status=done",
        "unknown_item",
        &["The plan's ids include: fase-1, planlaegningsmoeder"],
        &["Planens id'er er bl.a.: fase-1"],
    );
    let mut small = plan();
    small["phases"] = json!([{"id": "a", "title": "A", "period": "2025", "subtasks": []}]);
    small["milestones"] = json!([]);
    small["reporting"] = json!([]);
    let error = apply_setters(&small, &[setter("zzz.status=done")], Lang::En).unwrap_err();
    assert_eq!(error.hint.as_deref(), Some("The plan's ids: a."));
}

#[test]
fn unknown_field_suggests_a_close_field() {
    assert_error(
        "workshop-i-teams.staus=done",
        "unknown_field",
        &[
            "the activity \"workshop-i-teams\" has no field called \"staus\"",
            "Did you mean \"status\"?",
        ],
        &[
            "aktiviteten \"workshop-i-teams\" har intet felt, der hedder \"staus\"",
            "Mente du \"status\"?",
        ],
    );
    assert_error(
        "fase-1.xyzzy=1",
        "unknown_field",
        &[
            "the phase \"fase-1\"",
            "Possible fields: depends_on, goal, id, period",
        ],
        &[
            "fasen \"fase-1\"",
            "Mulige felter: depends_on, goal, id, period",
        ],
    );
    assert_error(
        "procesevaluering.status2=done",
        "unknown_field",
        &["the reporting obligation \"procesevaluering\""],
        &["afrapporteringen \"procesevaluering\""],
    );
    assert_error(
        "opstart-fase-2.dato=2025",
        "unknown_field",
        &["the milestone \"opstart-fase-2\"", "\"date\""],
        &["milepælen \"opstart-fase-2\"", "\"date\""],
    );
    assert_error(
        "fase-2.period.begin=2025-03",
        "unknown_field",
        &["the field \"fase-2.period\" has no field called \"begin\""],
        &["feltet \"fase-2.period\" har intet felt, der hedder \"begin\""],
    );
    // A subtask's field on a phase.
    assert_error(
        "fase-1.status=done",
        "unknown_field",
        &["the phase \"fase-1\" has no field called \"status\""],
        &["fasen \"fase-1\""],
    );
}

#[test]
fn unknown_plan_field() {
    assert_error(
        "titel=Ny",
        "unknown_field",
        &[
            "the plan has no field called \"titel\"",
            "Did you mean \"title\"?",
        ],
        &[
            "planen har intet felt, der hedder \"titel\"",
            "Mente du \"title\"?",
        ],
    );
}

#[test]
fn removing_something_unknown() {
    assert_error(
        "gaa-hjem-mode=",
        "unknown_target",
        &[
            "neither an item with the id \"gaa-hjem-mode\"",
            "\"gaa-hjem-moede\"",
        ],
        &[
            "hverken et punkt med id'et \"gaa-hjem-mode\"",
            "\"gaa-hjem-moede\"",
        ],
    );
}

#[test]
fn an_item_without_a_field() {
    assert_error(
        "fase-1=Fase 1",
        "item_needs_field",
        &[
            "\"fase-1\" is an item",
            "`--set fase-1.FIELD=VALUE`",
            "title",
        ],
        &[
            "\"fase-1\" er et punkt",
            "`--set fase-1.FELT=VÆRDI`",
            "title",
        ],
    );
    assert_error(
        "workshop-i-teams+=x",
        "item_needs_field",
        &["`--set workshop-i-teams=` to remove"],
        &["`--set workshop-i-teams=` for at fjerne"],
    );
}

#[test]
fn append_to_something_that_is_not_a_list() {
    assert_error(
        "workshop-i-teams.status+=done",
        "not_a_list",
        &[
            "\"workshop-i-teams.status\" is not a list",
            "`--set workshop-i-teams.status=…`",
        ],
        &["\"workshop-i-teams.status\" er ikke en liste"],
    );
    assert_error("title+=x", "not_a_list", &["\"title\""], &["\"title\""]);
}

#[test]
fn removing_a_required_field() {
    assert_error(
        "workshop-i-teams.title=",
        "required_field",
        &[
            "\"workshop-i-teams.title\" is required",
            "Give it a new value",
        ],
        &["skal altid have en værdi", "Giv feltet en ny værdi"],
    );
    assert_error(
        "fase-1.subtasks=",
        "required_field",
        &["`--set fase-1.subtasks=[]` to empty the list"],
        &["`--set fase-1.subtasks=[]` for at tømme listen"],
    );
    assert_error("title=", "required_field", &["\"title\""], &["\"title\""]);
    assert_error(
        "procesevaluering.due=",
        "required_field",
        &["due"],
        &["due"],
    );
    assert_error(
        "fase-2.period.start=",
        "required_field",
        &["\"fase-2.period.start\""],
        &["\"fase-2.period.start\""],
    );
}

#[test]
fn nesting_into_a_field_without_fields() {
    assert_error(
        "workshop-i-teams.status.value=done",
        "not_an_object",
        &[
            "\"workshop-i-teams.status\" has no fields of its own",
            "\"value\"",
            "`--set workshop-i-teams.status=…`",
        ],
        &["\"workshop-i-teams.status\" har ingen felter under sig"],
    );
    assert_error(
        "workshop-i-teams.questions.0=x",
        "not_an_object",
        &["questions"],
        &["questions"],
    );
    assert_error("title.x=y", "not_an_object", &["\"title\""], &["\"title\""]);
}

#[test]
fn broken_json_where_json_is_expected() {
    // What the shell leaves of `+={"id":"x",...}` without single quotes.
    assert_error(
        "fase-1.subtasks+={id:x,title:Ny,status:planned}",
        "bad_json",
        &["not valid JSON", "single quotes"],
        &["ikke gyldig JSON", "enkelte anførselstegn"],
    );
    assert_error(
        "workshop-i-teams.imbalances=[1,2",
        "bad_json",
        &["not valid JSON"],
        &["ikke gyldig JSON"],
    );
    // Text fields take such text as it is.
    let plan = apply_all(&["workshop-i-teams.notes=[udkast] {se referat"]);
    assert_eq!(
        subtask(&plan, "workshop-i-teams")["notes"],
        "[udkast] {se referat"
    );
}

#[test]
fn a_plan_that_is_not_an_object() {
    let error = apply_setters(&json!([1, 2]), &[setter("title=x")], Lang::En).unwrap_err();
    assert_eq!(error.code, "plan_not_object");
    assert!(error.message.contains("`--set title=x`"));
}

#[test]
fn hand_built_setters_are_checked_too() {
    let odd = Setter {
        target: vec![],
        op: SetOp::Set("x".into()),
        raw: String::new(),
    };
    let error = apply_setters(&plan(), &[odd], Lang::En).unwrap_err();
    assert_eq!(error.code, "empty_target");
    let odd = Setter {
        target: vec!["fase-1".into(), String::new()],
        op: SetOp::Remove,
        raw: String::new(),
    };
    let error = apply_setters(&plan(), &[odd], Lang::En).unwrap_err();
    assert_eq!(error.code, "empty_segment");
    assert_eq!(error.setter, "fase-1.=");
}

#[test]
fn every_error_has_a_hint_in_both_languages() {
    let texts = [
        "zzz.title=x",
        "zzz=",
        "titel=x",
        "fase-1=x",
        "title+=x",
        "title=",
        "title.x=y",
        "fase-1.subtasks+={x",
    ];
    for text in texts {
        for lang in [Lang::Da, Lang::En] {
            let error = error(text, lang);
            assert!(error.hint.is_some(), "{text} ({lang})");
            assert!(
                !error.message.replace(text, "").contains('{'),
                "{text}: {}",
                error.message
            );
        }
    }
}

// ---- properties ----

const IDS: &[&str] = &[
    "fase-1",
    "fase-2",
    "workshop-i-teams",
    "gaa-hjem-moede",
    "procesevaluering",
    "konklusioner-til-chef",
    "opstart-fase-2",
    "nope",
];
const FIELDS: &[&str] = &[
    "title",
    "status",
    "owner",
    "period",
    "start",
    "end",
    "subtasks",
    "questions",
    "imbalances",
    "depends_on",
    "due",
    "notes",
    "core_task",
    "formal",
    "milestones",
    "phases",
    "reporting",
    "id",
    "after",
    "x",
];

fn well_formed() -> impl Strategy<Value = Setter> {
    let segment = "[a-z0-9][a-z0-9_-]{0,12}";
    let target = prop::collection::vec(segment, 1..4);
    let op = prop_oneof![
        ".{1,30}".prop_map(SetOp::Set),
        ".{1,30}".prop_map(SetOp::Append),
        Just(SetOp::Remove),
    ];
    (target, op).prop_map(|(target, op)| {
        let mut setter = Setter {
            target,
            op,
            raw: String::new(),
        };
        setter.raw = setter.to_string();
        setter
    })
}

fn plausible() -> impl Strategy<Value = String> {
    let first = prop::sample::select(IDS.iter().chain(FIELDS).copied().collect::<Vec<_>>());
    let more = prop::collection::vec(prop::sample::select(FIELDS.to_vec()), 0..3);
    let op = prop::sample::select(vec!["=", "+="]);
    let value = prop_oneof![
        Just(String::new()),
        Just("2025".to_string()),
        Just("[1,2]".to_string()),
        Just("{\"id\":\"q\",\"title\":\"Q\",\"status\":\"planned\"}".to_string()),
        Just("{\"start\":\"2025\",\"end\":\"2026\"}".to_string()),
        ".{0,20}",
    ];
    (first, more, op, value).prop_map(|(first, more, op, value)| {
        let mut target = vec![first];
        target.extend(more);
        format!("{}{op}{value}", target.join("."))
    })
}

proptest! {
    #[test]
    fn parsing_anything_never_panics(text in ".{0,80}") {
        for lang in [Lang::Da, Lang::En] {
            if let Ok(parsed) = Setter::parse(&text, lang) {
                prop_assert_eq!(&parsed.raw, &text);
                let _ = apply_setters(&plan(), &[parsed], lang);
            }
        }
    }

    /// Whatever parses reads back as itself from its canonical text;
    /// the texts are biased to the characters of the operators.
    #[test]
    fn canonical_text_reads_back_the_same(
        text in prop_oneof!["[a+. \t\u{b}=-]{0,12}", ".{0,30}"],
    ) {
        if let Ok(parsed) = Setter::parse(&text, Lang::En) {
            let again = Setter::parse(&parsed.to_string(), Lang::En)
                .map(|again| (again.target, again.op));
            prop_assert_eq!(again, Ok((parsed.target, parsed.op)), "{:?}", text);
        }
    }

    #[test]
    fn well_formed_setters_round_trip(setter in well_formed()) {
        let parsed = Setter::parse(&setter.raw, Lang::En);
        prop_assert_eq!(parsed.as_ref(), Ok(&setter));
        prop_assert_eq!(setter.to_string().parse::<Setter>(), Ok(setter.clone()));
    }

    #[test]
    fn applying_plausible_setters_never_panics(texts in prop::collection::vec(plausible(), 1..5)) {
        let setters: Vec<Setter> = texts.iter().filter_map(|text| text.parse().ok()).collect();
        for lang in [Lang::Da, Lang::En] {
            match apply_setters(&plan(), &setters, lang) {
                Ok(changed) => prop_assert!(changed.is_object()),
                Err(error) => {
                    prop_assert!(!error.message.is_empty());
                    prop_assert!(error.message.contains(&error.setter));
                }
            }
        }
    }
}
