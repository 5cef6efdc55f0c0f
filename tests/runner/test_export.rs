//! `backbrief export`: the timeline to calendars (ics), the items to
//! spreadsheets (csv) and the plan to scripts (json).
//!
//! Most runs export the real example plan `plans/arbejdsplads-1.json` on
//! 21 November 2024: phase 1 (autumn 2024) is under way and the workshop due
//! in October is overdue.

use std::collections::BTreeSet;

use crate::common::{TestEnv, minimal_plan};

const AT: &str = "2024-11-21";
const BOM: char = '\u{feff}';

fn env_with_example() -> TestEnv {
    let env = TestEnv::new();
    env.example_plan("arbejdsplads-1");
    env
}

/// The CSV as a reader sees it: the byte-order mark shown as `[BOM]`, and
/// the record ends (CRLF, checked here) as plain line breaks.
#[track_caller]
fn readable_csv(text: &str) -> String {
    let body = text.replace("\r\n", "");
    assert!(
        !body.contains('\n') && !body.contains('\r'),
        "every record must end in CRLF:\n{text}"
    );
    text.replace("\r\n", "\n").replace(BOM, "[BOM]")
}

#[test]
fn csv_for_danish_excel_has_a_byte_order_mark_and_semicolons() {
    let env = env_with_example();
    let output = env
        .run(&["export", "arbejdsplads-1", "--format", "csv", "--at", AT])
        .expect_code(0);
    assert!(output.stdout.starts_with(BOM), "{output}");
    insta::assert_snapshot!(readable_csv(&output.stdout), @r"
    [BOM]Type;Id;Titel;Fase;Ansvarlig;Første dag;Sidste dag;Status;Forsinket;Fællesskaber
    fase;fase-1;Fase 1: Bredt kendskab til kerneopgaven;Fase 1: Bredt kendskab til kerneopgaven;Lokal-MED;2024-09-01;2024-11-30;i gang;nej;
    aktivitet;planlaegningsmoeder;Planlægningsmøder i MED;Fase 1: Bredt kendskab til kerneopgaven;MED-formand;2024-09-01;2024-09-30;udført;nej;organisatorisk
    aktivitet;gaa-hjem-moede;Gå-hjem-møde for medarbejderne, hvor kerneopgaven præsenteres;Fase 1: Bredt kendskab til kerneopgaven;Enhedens leder;2024-10-03;2024-10-03;udført;nej;organisatorisk
    aktivitet;workshop-i-teams;Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser;Fase 1: Bredt kendskab til kerneopgaven;Teamledere;2024-10-01;2024-10-31;i gang;ja;opgaverettet, organisatorisk
    aktivitet;opsamling-og-procesevaluering;Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven;Fase 1: Bredt kendskab til kerneopgaven;HR-konsulent;2024-11-28;2024-11-28;planlagt;nej;organisatorisk
    fase;fase-2;Fase 2: Implementering af kerneopgaven;Fase 2: Implementering af kerneopgaven;Lokal-MED;2025-03-01;2025-05-31;planlagt;nej;
    aktivitet;planlaegning-fase-2;Planlægning af implementeringsfasen i MED;Fase 2: Implementering af kerneopgaven;MED-formand;2025-03-01;2025-03-31;planlagt;nej;organisatorisk
    aktivitet;internt-samarbejde;Gennemgang af ydelsestyperne: det interne samarbejde;Fase 2: Implementering af kerneopgaven;Teamledere;2025-04-01;2025-04-30;planlagt;nej;opgaverettet, kollegialt
    aktivitet;samarbejde-med-borgerne;Gennemgang af ydelsestyperne: samarbejdet med borgerne og forventningsafstemning;Fase 2: Implementering af kerneopgaven;Teamledere;2025-05-01;2025-05-31;planlagt;nej;opgaverettet, fagligt
    milepæl;opstart-fase-2;Opstart af fase 2: implementering af kerneopgaven;;;2025-03-04;2025-03-04;planlagt;nej;
    afrapportering;procesevaluering;Procesevaluering af fase 1 i MED → Lokal-MED;Fase 1: Bredt kendskab til kerneopgaven;HR-konsulent;2024-11-01;2024-11-30;planlagt;nej;
    afrapportering;konklusioner-til-chef;Konklusioner fra procesevalueringen og en skitseplan for fase 2 → Nærmeste chef;Fase 1: Bredt kendskab til kerneopgaven;Lokal-MED;2024-12-01;2024-12-31;planlagt;nej;
    ");
}

#[test]
fn csv_with_comma_delimiter_in_english_quotes_texts_holding_commas() {
    let env = env_with_example();
    let output = env
        .run(&[
            "--lang",
            "en",
            "export",
            "arbejdsplads-1",
            "--format",
            "csv",
            "--delimiter",
            ",",
            "--at",
            AT,
        ])
        .expect_code(0);
    insta::assert_snapshot!(readable_csv(&output.stdout), @r#"
    [BOM]Kind,Id,Title,Phase,Owner,First day,Last day,Status,Overdue,Communities
    phase,fase-1,Fase 1: Bredt kendskab til kerneopgaven,Fase 1: Bredt kendskab til kerneopgaven,Lokal-MED,2024-09-01,2024-11-30,in progress,no,
    activity,planlaegningsmoeder,Planlægningsmøder i MED,Fase 1: Bredt kendskab til kerneopgaven,MED-formand,2024-09-01,2024-09-30,done,no,organisational
    activity,gaa-hjem-moede,"Gå-hjem-møde for medarbejderne, hvor kerneopgaven præsenteres",Fase 1: Bredt kendskab til kerneopgaven,Enhedens leder,2024-10-03,2024-10-03,done,no,organisational
    activity,workshop-i-teams,"Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser",Fase 1: Bredt kendskab til kerneopgaven,Teamledere,2024-10-01,2024-10-31,in progress,yes,"task-oriented, organisational"
    activity,opsamling-og-procesevaluering,Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven,Fase 1: Bredt kendskab til kerneopgaven,HR-konsulent,2024-11-28,2024-11-28,planned,no,organisational
    phase,fase-2,Fase 2: Implementering af kerneopgaven,Fase 2: Implementering af kerneopgaven,Lokal-MED,2025-03-01,2025-05-31,planned,no,
    activity,planlaegning-fase-2,Planlægning af implementeringsfasen i MED,Fase 2: Implementering af kerneopgaven,MED-formand,2025-03-01,2025-03-31,planned,no,organisational
    activity,internt-samarbejde,Gennemgang af ydelsestyperne: det interne samarbejde,Fase 2: Implementering af kerneopgaven,Teamledere,2025-04-01,2025-04-30,planned,no,"task-oriented, collegial"
    activity,samarbejde-med-borgerne,Gennemgang af ydelsestyperne: samarbejdet med borgerne og forventningsafstemning,Fase 2: Implementering af kerneopgaven,Teamledere,2025-05-01,2025-05-31,planned,no,"task-oriented, professional"
    milestone,opstart-fase-2,Opstart af fase 2: implementering af kerneopgaven,,,2025-03-04,2025-03-04,planned,no,
    reporting,procesevaluering,Procesevaluering af fase 1 i MED → Lokal-MED,Fase 1: Bredt kendskab til kerneopgaven,HR-konsulent,2024-11-01,2024-11-30,planned,no,
    reporting,konklusioner-til-chef,Konklusioner fra procesevalueringen og en skitseplan for fase 2 → Nærmeste chef,Fase 1: Bredt kendskab til kerneopgaven,Lokal-MED,2024-12-01,2024-12-31,planned,no,
    "#);
}

#[test]
fn csv_without_byte_order_mark() {
    let env = env_with_example();
    let output = env
        .run(&[
            "export",
            "arbejdsplads-1",
            "--format",
            "csv",
            "--no-bom",
            "--at",
            AT,
        ])
        .expect_code(0);
    assert!(output.stdout.starts_with("Type;Id;"), "{output}");
}

/// A plan whose texts hold the delimiter, quotes and line breaks.
fn awkward_plan(env: &TestEnv) -> &'static str {
    let plan = minimal_plan("svaer")
        .replace(
            r#""title": "Møde i MED""#,
            r#""title": "Møde; \"status\" og\nopfølgning, del 2", "owner": "Anna; Bo""#,
        )
        .replace(
            r#""title": "Lille plan""#,
            r#""title": "Plan; \"svær\", med\nlinjeskift""#,
        );
    env.plan("svaer", &plan);
    "Møde; \"status\" og\nopfølgning, del 2"
}

#[test]
fn csv_texts_with_delimiters_quotes_and_line_breaks_read_back_unchanged() {
    let env = TestEnv::new();
    let title = awkward_plan(&env);
    for delimiter in [";", ",", "\t"] {
        let output = env
            .run(&[
                "export",
                "svaer",
                "--format",
                "csv",
                "--delimiter",
                delimiter,
                "--at",
                AT,
            ])
            .expect_code(0);
        let text = output.stdout.strip_prefix(BOM).expect("a byte-order mark");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter.as_bytes()[0])
            .from_reader(text.as_bytes());
        let headers = reader.headers().expect("a header").clone();
        assert_eq!(headers.len(), 10, "{output}");
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|error| panic!("{error}:\n{output}"));
        let row = rows
            .iter()
            .find(|row| &row[1] == "moede")
            .expect("the subtask's row");
        assert_eq!(&row[2], title, "delimiter {delimiter:?}:\n{output}");
        assert_eq!(&row[4], "Anna; Bo");
        assert_eq!(rows.len(), 2, "a phase and its subtask");
    }
}

#[test]
fn csv_delimiter_must_be_one_character() {
    let env = env_with_example();
    for bad in [";;", "", "\"", "æ"] {
        let output = env
            .run(&[
                "export",
                "arbejdsplads-1",
                "--format",
                "csv",
                "--delimiter",
                bad,
            ])
            .expect_code(2);
        assert!(
            output.stderr.contains("kan ikke skille kolonner"),
            "{output}"
        );
    }
}

#[test]
fn csv_flags_with_another_format_are_refused() {
    let env = env_with_example();
    insta::assert_snapshot!(
        env.run(&["export", "arbejdsplads-1", "--format", "ics", "--delimiter", ","]).expect_code(2),
        @"
    ------- stderr -------
    fejl: --delimiter gælder kun --format csv.
    tip: Fjern --delimiter, eller eksportér med --format csv.
    [exit status: 2]
    "
    );
}

// ---------------------------------------------------------------------------
// The calendar.
// ---------------------------------------------------------------------------

fn ics(env: &TestEnv, plan: &str) -> String {
    env.run(&["export", plan, "--format", "ics", "--at", AT])
        .expect_code(0)
        .stdout
}

/// The value of the parameter `key` of a parsed property.
fn param<'a>(property: &'a icalendar::parser::Property<'_>, key: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str() == key)
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str())
}

#[test]
fn ics_parses_back_with_an_all_day_event_per_dated_item() {
    let env = env_with_example();
    let text = ics(&env, "arbejdsplads-1");

    // Content lines end in CRLF and are folded to at most 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "bare line feed in {line:?}");
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
    }

    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let calendar_property = |name: &str| {
        calendar
            .properties
            .iter()
            .find(|p| p.name.as_str() == name)
            .map(|p| p.val.as_str().to_string())
    };
    assert_eq!(calendar_property("VERSION").as_deref(), Some("2.0"));
    assert_eq!(
        calendar_property("X-WR-CALNAME").as_deref(),
        Some("Backbrief fra arbejdsplads 1")
    );

    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    // 2 phases, 7 subtasks, 1 milestone, 2 reporting obligations.
    assert_eq!(events.len(), 12);
    let mut uids = BTreeSet::new();
    for event in &events {
        let uid = event.find_prop("UID").expect("UID").val.as_str();
        assert!(uid.ends_with(".arbejdsplads-1@backbrief"), "{uid}");
        assert!(uids.insert(uid.to_string()), "UID {uid} twice");
        for name in ["DTSTART", "DTEND"] {
            let property = event.find_prop(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(param(property, "VALUE"), Some("DATE"), "{uid} {name}");
            assert_eq!(property.val.as_str().len(), 8, "{uid} {name}");
        }
        assert!(
            event.find_prop("DTSTART").unwrap().val.as_str()
                < event.find_prop("DTEND").unwrap().val.as_str(),
            "{uid}: DTEND is after DTSTART"
        );
        assert!(
            !event
                .find_prop("SUMMARY")
                .expect("SUMMARY")
                .val
                .as_str()
                .is_empty()
        );
        assert_eq!(
            event.find_prop("DTSTAMP").expect("DTSTAMP").val.as_str(),
            "20241121T000000Z"
        );
    }

    // DTEND is exclusive: the workshop due in October ends on 1 November.
    let workshop = events
        .iter()
        .find(|e| {
            e.find_prop("UID").unwrap().val.as_str() == "workshop-i-teams.arbejdsplads-1@backbrief"
        })
        .expect("the workshop");
    assert_eq!(
        workshop.find_prop("DTSTART").unwrap().val.as_str(),
        "20241001"
    );
    assert_eq!(
        workshop.find_prop("DTEND").unwrap().val.as_str(),
        "20241101"
    );
    insta::assert_snapshot!(workshop.find_prop("DESCRIPTION").unwrap().val.as_str(), @"
    Plan: Backbrief fra arbejdsplads 1
    Fase: Fase 1: Bredt kendskab til kerneopgaven
    Ansvarlig: Teamledere
    Status pr. 21. november 2024: i gang ⚠ forsinket
    ");
    let reporting = events
        .iter()
        .find(|e| {
            e.find_prop("UID").unwrap().val.as_str()
                == "konklusioner-til-chef.arbejdsplads-1@backbrief"
        })
        .expect("the report to the manager");
    assert_eq!(
        reporting.find_prop("SUMMARY").unwrap().val.as_str(),
        "Konklusioner fra procesevalueringen og en skitseplan for fase 2 → Nærmeste chef"
    );
}

#[test]
fn ics_event_as_written() {
    let env = env_with_example();
    let text = ics(&env, "arbejdsplads-1");
    let start = text
        .find("BEGIN:VEVENT\r\nDESCRIPTION:Plan: Backbrief fra arbejdsplads 1\\nFase: Fase 1")
        .expect("a subtask event");
    let end = start + text[start..].find("END:VEVENT\r\n").expect("its end") + 12;
    insta::assert_snapshot!(text[start..end].replace("\r\n", "⏎\n"), @r"
    BEGIN:VEVENT⏎
    DESCRIPTION:Plan: Backbrief fra arbejdsplads 1\nFase: Fase 1: Bredt kendska⏎
     b til kerneopgaven\nAnsvarlig: MED-formand\nStatus pr. 21. november 2024: ⏎
     udført⏎
    DTEND;VALUE=DATE:20241001⏎
    DTSTAMP:20241121T000000Z⏎
    DTSTART;VALUE=DATE:20240901⏎
    SUMMARY:Planlægningsmøder i MED⏎
    TRANSP:TRANSPARENT⏎
    UID:planlaegningsmoeder.arbejdsplads-1@backbrief⏎
    X-MICROSOFT-CDO-BUSYSTATUS:FREE⏎
    CATEGORIES:aktivitet⏎
    END:VEVENT⏎
    ");
}

#[test]
fn ics_is_the_same_every_time_for_the_same_day() {
    let env = env_with_example();
    let first = ics(&env, "arbejdsplads-1");
    let second = ics(&env, "arbejdsplads-1");
    assert_eq!(first, second);
}

#[test]
fn ics_texts_are_escaped_and_read_back_unchanged() {
    let env = TestEnv::new();
    let title = awkward_plan(&env);
    let text = ics(&env, "svaer");
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let name = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str() == "X-WR-CALNAME")
        .expect("X-WR-CALNAME");
    assert_eq!(name.val.as_str(), "Plan; \"svær\", med\nlinjeskift");
    let subtask = calendar
        .components
        .iter()
        .find(|c| {
            c.find_prop("UID")
                .is_some_and(|uid| uid.val.as_str() == "moede.svaer@backbrief")
        })
        .expect("the subtask's event");
    assert_eq!(subtask.find_prop("SUMMARY").unwrap().val.as_str(), title);
}

#[test]
fn ics_marks_cancelled_items_cancelled() {
    let env = TestEnv::new();
    env.plan(
        "aflyst",
        &minimal_plan("aflyst").replace(r#""status": "planned""#, r#""status": "cancelled""#),
    );
    let text = ics(&env, "aflyst");
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let statuses: Vec<(&str, Option<&str>)> = calendar
        .components
        .iter()
        .map(|event| {
            (
                event.find_prop("UID").unwrap().val.as_str(),
                event.find_prop("STATUS").map(|status| status.val.as_str()),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("fase-1.aflyst@backbrief", None),
            ("moede.aflyst@backbrief", Some("CANCELLED"))
        ]
    );
}

// ---------------------------------------------------------------------------
// JSON for scripts.
// ---------------------------------------------------------------------------

#[test]
fn json_has_resolved_periods_and_derived_fields() {
    let env = env_with_example();
    let output = env
        .run(&["export", "arbejdsplads-1", "--format", "json", "--at", AT])
        .expect_code(0);
    let json = output.json();
    assert_eq!(json["export_format"], 1);
    assert_eq!(json["at"], AT);
    assert_eq!(json["id"], "arbejdsplads-1");
    assert_eq!(json["language"], "da");
    assert_eq!(json["current_phase"], "fase-1");
    assert_eq!(
        json["progress"],
        serde_json::json!({ "done": 2, "total": 7 })
    );
    assert_eq!(json["core_task"]["formal"], serde_json::Value::Null);

    let phase = &json["phases"][0];
    assert_eq!(phase["state"], "in_progress");
    assert_eq!(
        phase["progress"],
        serde_json::json!({ "done": 2, "total": 4 })
    );
    assert_eq!(
        phase["period"],
        serde_json::json!({
            "text": "2024-autumn",
            "shown": "efterår 2024",
            "first_day": "2024-09-01",
            "last_day": "2024-11-30"
        })
    );
    assert_eq!(
        json["phases"][1]["depends_on"],
        serde_json::json!(["fase-1"])
    );

    let workshop = &phase["subtasks"][2];
    assert_eq!(workshop["id"], "workshop-i-teams");
    assert_eq!(workshop["overdue"], true);
    assert_eq!(workshop["due"]["last_day"], "2024-10-31");
    assert_eq!(workshop["notes"], serde_json::Value::Null);

    let milestone = &json["milestones"][0];
    assert_eq!(milestone["date"]["first_day"], "2025-03-04");
    assert_eq!(milestone["status"], "planned");
    let reporting = &json["reporting"][1];
    assert_eq!(reporting["due"]["first_day"], "2024-12-01");
    assert_eq!(reporting["after"], "fase-1");
    assert_eq!(reporting["overdue"], false);

    // The shape is stable: every key is there, absent values as null or [].
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    };
    insta::assert_snapshot!(
        format!(
            "plan: {:?}\nphase: {:?}\nsubtask: {:?}\nmilestone: {:?}\nreporting: {:?}",
            keys(&json),
            keys(phase),
            keys(workshop),
            keys(milestone),
            keys(reporting)
        ),
        @r#"
    plan: ["export_format", "at", "id", "title", "language", "unit", "owner", "situation", "main_task", "intent", "core_task", "notes", "current_phase", "progress", "phases", "milestones", "reporting", "communities"]
    phase: ["id", "title", "goal", "planned_by", "period", "depends_on", "state", "progress", "subtasks"]
    subtask: ["id", "title", "status", "owner", "due", "overdue", "notes", "questions", "communities", "imbalances"]
    milestone: ["id", "title", "date", "status"]
    reporting: ["id", "what", "to", "by", "due", "status", "overdue", "after"]
    "#
    );
}

// ---------------------------------------------------------------------------
// Writing to a file, and what can go wrong.
// ---------------------------------------------------------------------------

#[test]
fn out_writes_the_same_bytes_as_standard_output() {
    let env = env_with_example();
    for format in ["ics", "csv", "json"] {
        let file = format!("eksport.{format}");
        let written = env
            .run(&[
                "export",
                "arbejdsplads-1",
                "--format",
                format,
                "--at",
                AT,
                "--out",
                &file,
            ])
            .expect_code(0);
        let printed = env
            .run(&["export", "arbejdsplads-1", "--format", format, "--at", AT])
            .expect_code(0);
        assert_eq!(String::from_utf8(env.read(&file)).unwrap(), printed.stdout);
        if format == "ics" {
            insta::assert_snapshot!(written, @"
            Skrev eksport.ics (12 begivenheder til kalenderen).
            [exit status: 0]
            ");
        }
    }
    insta::assert_snapshot!(env.files(), @"
    eksport.csv
    eksport.ics
    eksport.json
    plans/
    plans/arbejdsplads-1.json
    ");
}

#[test]
fn out_replaces_an_existing_file() {
    let env = env_with_example();
    env.write("kalender.ics", "gammel");
    env.run(&[
        "export",
        "arbejdsplads-1",
        "--format",
        "ics",
        "--at",
        AT,
        "-o",
        "kalender.ics",
    ])
    .expect_code(0);
    assert!(env.read("kalender.ics").starts_with(b"BEGIN:VCALENDAR\r\n"));
}

#[test]
fn unwritable_out_fails_with_exit_3_and_leaves_nothing_behind() {
    let env = env_with_example();
    std::fs::create_dir(env.path("mappe")).unwrap();
    let before = env.files();
    insta::assert_snapshot!(
        env.run(&["export", "arbejdsplads-1", "--format", "csv", "--out", "mappe"]).expect_code(3),
        @"
    ------- stderr -------
    fejl: mappe kan ikke skrives: det er en mappe, ikke en fil.
    [exit status: 3]
    "
    );
    // A file where the file's folder should be.
    let output = env
        .run(&[
            "export",
            "arbejdsplads-1",
            "--format",
            "csv",
            "--out",
            "plans/arbejdsplads-1.json/eksport.csv",
        ])
        .expect_code(3);
    assert!(output.stdout.is_empty(), "{output}");
    assert_eq!(env.files(), before);
}

#[test]
fn out_refuses_to_replace_the_plan_itself() {
    let env = env_with_example();
    let plan = env.read("plans/arbejdsplads-1.json");
    insta::assert_snapshot!(
        env.run(&["export", "arbejdsplads-1", "--format", "json", "--out", "plans/arbejdsplads-1.json"]).expect_code(2),
        @"
    ------- stderr -------
    fejl: --out plans/arbejdsplads-1.json er selve planfilen; eksporten ville erstatte planen.
    tip: Skriv eksporten til en anden fil, fx arbejdsplads-1-export.json.
    [exit status: 2]
    "
    );
    assert_eq!(env.read("plans/arbejdsplads-1.json"), plan);
}

#[test]
fn invalid_plan_gets_its_findings_and_no_export() {
    let env = TestEnv::new();
    env.invalid_fixture("unknown-status");
    for format in ["ics", "csv", "json"] {
        let output = env
            .run(&[
                "export",
                "unknown-status",
                "--format",
                format,
                "--out",
                "eksport",
            ])
            .expect_code(1);
        if format == "ics" {
            insta::assert_snapshot!(output, @r#"
            ------- stderr -------
            plans/unknown-status.json:15:21: fejl: "status" har den ukendte værdi "finished". [/phases/0/subtasks/0/status]
              tip: Mente du "done"?
            fejl: Planen "unknown-status" er ugyldig (1 fejl).
            [exit status: 1]
            "#);
        }
    }
    assert!(!env.path("eksport").exists());
}

#[test]
fn unknown_plan_gets_did_you_mean() {
    let env = env_with_example();
    let output = env
        .run(&["export", "arbejdsplads1", "--format", "csv"])
        .expect_code(1);
    assert!(output.stderr.contains("\"arbejdsplads-1\""), "{output}");
}

#[test]
fn format_is_required() {
    let env = env_with_example();
    env.run(&["export", "arbejdsplads-1"]).expect_code(2);
}
