//! The pages, the report and the change lists in the committee's words:
//! field labels as the forms name them, values as the plan's page shows
//! them, no ids, no commit ids in headings, no command lines — tried over
//! HTTP on the real server, as a new user would read each page.

use crate::common::TestEnv;
use crate::test_serve::{Server, hidden};

const PLAN: &str = "/plan/arbejdsplads-1";
const LONG_TITLE: &str =
    "Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven";

/// The text a reader sees in `html`: tags dropped, entities read.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The texts of `tag` elements (`h1`, `h2`) in `html`.
fn texts_of(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    html.split(&open)
        .skip(1)
        .filter_map(|rest| {
            rest.split_once(&close)
                .map(|(inside, _)| visible(&format!("<{inside}")).trim().to_string())
        })
        .collect()
}

/// What no committee member should have to read on `page` (at `path`).
#[track_caller]
fn speaks_the_committees_words(path: &str, page: &str) {
    let text = visible(page.split_once("<main").map_or(page, |(_, main)| main));
    for word in [
        "planned_by",
        "main_task",
        "$schema",
        "communities",
        "imbalances",
        "organisational",
        "2024-autumn",
        "2025-spring",
        "(aldrig registreret)",
        "underopgave",
        "backbrief ",
        "git restore",
        "--read-only",
        "--on",
        "--by",
        " (fase-1)",
        "(opsamling-og-procesevaluering)",
    ] {
        assert!(!text.contains(word), "{path} shows {word:?}:\n{text}");
    }
    for heading in texts_of(page, "h1").into_iter().chain(texts_of(page, "h2")) {
        let hex_word = heading.split_whitespace().any(|word| {
            word.len() >= 7
                && word.chars().all(|c| c.is_ascii_hexdigit())
                && word.chars().any(|c| c.is_ascii_digit())
        });
        assert!(!hex_word, "{path}: a commit id in the heading {heading:?}");
    }
}

/// A meeting through the forms: two statuses and a new activity with an
/// owner and a due date, recorded. Returns the decision's commit and where
/// the server sent the browser.
fn a_meeting(env: &TestEnv, server: &Server, cookie: &str) -> (String, String) {
    let page = server.get(PLAN, Some(cookie)).body;
    let (base, draft) = (hidden(&page, "base"), hidden(&page, "draft"));
    let saved = server.post(
        &format!("{PLAN}/statuses"),
        cookie,
        &[
            ("base", &base),
            ("draft", &draft),
            ("status.opsamling-og-procesevaluering", "done"),
            ("was.opsamling-og-procesevaluering", "planned"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let added = server.post(
        &format!("{PLAN}/add"),
        cookie,
        &[
            ("kind", "subtask"),
            ("phase", "fase-1"),
            ("field.title", "Møde med ledelsen"),
            ("field.owner", "Teamleder Anna"),
            ("field.due", "efterår 2024"),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    let page = server.get(PLAN, Some(cookie)).body;
    let recorded = server.post(
        &format!("{PLAN}/record"),
        cookie,
        &[
            ("base", &hidden(&page, "base")),
            ("draft", &hidden(&page, "draft")),
            ("summary", "Status efter MED-mødet"),
            ("decided_by", "Lokal-MED"),
            ("decided_on", "12.9.2024"),
            ("meeting", "MED-møde 12. september 2024"),
            ("rationale", ""),
        ],
    );
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let location = recorded.header("location").unwrap_or_default().to_string();
    (env.head(), location)
}

#[test]
fn every_page_speaks_the_committees_words_not_json_git_or_commands() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    let (commit, _) = a_meeting(&env, &server, &cookie);
    // A hand edit not yet recorded: Kontrol finds it.
    let file = String::from_utf8(env.read("plans/arbejdsplads-1.json")).expect("utf-8");
    env.write(
        "plans/arbejdsplads-1.json",
        file.replace("\"MED-formand\"", "\"Næstformand\""),
    );
    for path in [
        "/".to_string(),
        PLAN.to_string(),
        format!("{PLAN}/blame"),
        format!("{PLAN}/report"),
        format!("{PLAN}/edit"),
        format!("{PLAN}/edit?item=fase-1"),
        format!("{PLAN}/edit?item=opsamling-og-procesevaluering"),
        format!("{PLAN}/edit?item=konklusioner-til-chef"),
        "/decisions".to_string(),
        format!("/decision/{commit}"),
        format!("/decision/{commit}?recorded=1"),
        "/verify".to_string(),
    ] {
        let page = server.get(&path, Some(&cookie));
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        speaks_the_committees_words(&path, &page.body);
    }
    // The report, as downloaded: the appendix tells each decision by its
    // day, who made it and the meeting, never by its commit.
    for format in ["md", "html"] {
        let report = server.get(&format!("{PLAN}/download/{format}"), Some(&cookie));
        assert_eq!(report.status, 200);
        let text = visible(&report.body);
        assert!(!text.contains("backbrief show"), "{format}: {text}");
        assert!(!text.contains("Commit"), "{format}: {text}");
        assert!(!text.contains("underopgave"), "{format}: {text}");
        assert!(
            text.contains(
                "Besluttet 12. september 2024 af Lokal-MED · Møde: MED-møde 12. september 2024"
            ),
            "{format}: {text}"
        );
        assert!(
            text.contains(&format!("{LONG_TITLE}: status planlagt → udført")),
            "a title whole in the appendix ({format}): {text}"
        );
    }
}

#[test]
fn who_set_what_names_fields_by_their_labels_and_values_in_words() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    let page = server.get(&format!("{PLAN}/blame"), Some(&cookie)).body;
    let text = visible(&page);
    for shown in [
        "Aktivitet: Planlægningsmøder i MED",
        "Fase 1: Bredt kendskab til kerneopgaven",
        "Planlagt af",
        "Periode efterår 2024",
        "Status udført",
        "Ansvarlig MED-formand",
        "Frist september 2024",
        "Arbejdsfællesskaber organisatorisk",
        "Hovedopgave",
    ] {
        assert!(text.contains(shown), "{shown:?} in:\n{text}");
    }
    for hidden_word in [
        "title ",
        "goal ",
        "due ",
        "status done",
        "$schema",
        "format 1",
        "main_task",
    ] {
        assert!(!text.contains(hidden_word), "{hidden_word:?} in:\n{text}");
    }
}

#[test]
fn the_decision_page_is_headed_by_its_summary_and_says_it_is_recorded() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    let (commit, location) = a_meeting(&env, &server, &cookie);
    assert_eq!(location, format!("/decision/{commit}?recorded=1"));
    let page = server.get(&location, Some(&cookie)).body;
    assert_eq!(texts_of(&page, "h1"), ["Status efter MED-mødet"]);
    let text = visible(&page);
    assert!(text.contains("Beslutningen er registreret."), "{text}");
    assert!(
        page.contains(
            "<a href=\"/plan/arbejdsplads-1\">Tilbage til planen Backbrief fra arbejdsplads 1</a>"
        ),
        "{page}"
    );
    // The change list: titles whole, the new activity with its owner and due.
    assert!(
        text.contains(&format!("{LONG_TITLE}: status planlagt → udført")),
        "{text}"
    );
    assert!(
        text.contains(
            "Ny aktivitet i Fase 1: Møde med ledelsen (ansvarlig Teamleder Anna, frist efterår 2024)"
        ),
        "{text}"
    );
    // The commit and the signature only in the auditor's detail.
    let (before, technical) = page
        .split_once("<details class=\"technical\">")
        .expect("Teknisk");
    let (before_words, technical_words) = (visible(before), visible(technical));
    assert!(!before_words.contains(&commit[..7]), "{before_words}");
    assert!(!before_words.contains("Signatur"), "{before_words}");
    assert!(technical_words.contains(&commit), "{technical_words}");
    assert!(
        technical.contains("<summary>Teknisk</summary>"),
        "{technical}"
    );
    assert!(technical.contains(&commit), "{technical}");
    assert!(technical.contains("ikke signeret"), "{technical}");
    // Without ?recorded it is the permanent page: no confirmation.
    let permanent = server
        .get(&format!("/decision/{commit}"), Some(&cookie))
        .body;
    assert!(!permanent.contains("Beslutningen er registreret."));
}

#[test]
fn the_trail_finds_an_activity_chosen_by_title_and_months_typed_in_danish() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    a_meeting(&env, &server, &cookie);
    let page = server.get("/decisions", Some(&cookie)).body;
    // Plan and item chosen from lists, by title.
    assert!(
        page.contains("<option value=\"arbejdsplads-1\">Backbrief fra arbejdsplads 1</option>"),
        "{page}"
    );
    let option = page
        .split("<option value=\"")
        .find(|option| option.contains(">Gå-hjem-møde"))
        .expect("the activity Gå-hjem-møde is in the list");
    let value = option.split('"').next().unwrap_or_default();
    assert_eq!(value, "arbejdsplads-1:gaa-hjem-moede");
    let found = server.get(
        &format!("/decisions?item={}", crate::test_serve::encode(value)),
        Some(&cookie),
    );
    assert_eq!(found.status, 200);
    assert!(
        found
            .body
            .contains("Backbriefen fra arbejdsplads 1 vedtaget"),
        "{}",
        found.body
    );
    assert!(
        !found.body.contains("Status efter MED-mødet"),
        "{}",
        found.body
    );
    // A month typed the Danish way: from its first day, until its last.
    let since = server.get("/decisions?since=12.9.2024", Some(&cookie)).body;
    assert!(since.contains("Status efter MED-mødet"), "{since}");
    assert!(
        !since.contains("Backbriefen fra arbejdsplads 1 vedtaget"),
        "{since}"
    );
    let until = server
        .get("/decisions?until=september+2024", Some(&cookie))
        .body;
    assert!(until.contains("Status efter MED-mødet"), "{until}");
    assert!(
        until.contains("Backbriefen fra arbejdsplads 1 vedtaget"),
        "{until}"
    );
    let later = server.get("/decisions?since=december+2026", Some(&cookie));
    assert_eq!(later.status, 200);
    assert!(later.body.contains("Ingen beslutninger matcher."));
    // What is no date is said at the field, never silently nothing.
    let wrong = server.get("/decisions?since=snart", Some(&cookie));
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("id=\"f-since-error\""),
        "{}",
        wrong.body
    );
    assert!(
        visible(&wrong.body).contains("\"snart\" er hverken en dato, en måned eller et år"),
        "{}",
        wrong.body
    );
}

#[test]
fn read_only_edit_pages_say_nothing_can_be_changed_instead_of_forms() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-10", &["--read-only"]);
    let cookie = server.session();
    let plan = server.get(PLAN, Some(&cookie)).body;
    assert!(visible(&plan).contains("Kun læsning: her kan planerne læses, men ikke ændres."));
    for path in [format!("{PLAN}/edit"), format!("{PLAN}/edit?item=fase-1")] {
        let page = server.get(&path, Some(&cookie));
        assert_eq!(page.status, 403, "{path}");
        assert!(!page.body.contains("<form"), "{path}: {}", page.body);
        assert!(!page.body.contains("<input"), "{path}: {}", page.body);
        assert!(visible(&page.body).contains("Her kan planerne kun læses: intet kan ændres."));
        speaks_the_committees_words(&path, &page.body);
    }
}

#[test]
fn kontrol_says_what_to_do_in_words_and_links_the_plan() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-10", &[]);
    let cookie = server.session();
    let file = String::from_utf8(env.read("plans/arbejdsplads-1.json")).expect("utf-8");
    env.write(
        "plans/arbejdsplads-1.json",
        file.replace("\"MED-formand\"", "\"Næstformand\""),
    );
    let page = server.get("/verify", Some(&cookie)).body;
    let text = visible(&page);
    assert!(!text.contains("backbrief decide"), "{text}");
    assert!(!text.contains("git restore"), "{text}");
    assert!(
        text.contains(
            "Åbn planen: registrér ændringerne med beslutningsformularen, eller kassér kladden."
        ),
        "{text}"
    );
    assert!(
        page.contains(
            "<a href=\"/plan/arbejdsplads-1\">Åbn planen Backbrief fra arbejdsplads 1</a>"
        ),
        "{page}"
    );
}

#[test]
fn a_conflict_names_the_item_by_title_and_the_field_by_its_label() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    let send = |status: &str| {
        server.post(
            &format!("{PLAN}/statuses"),
            &cookie,
            &[
                ("status.opsamling-og-procesevaluering", status),
                ("was.opsamling-og-procesevaluering", "planned"),
            ],
        )
    };
    assert_eq!(send("done").status, 303);
    let second = send("blocked");
    assert_eq!(second.status, 409, "{}", second.body);
    let text = visible(&second.body);
    assert!(
        text.contains(&format!("{LONG_TITLE} – Status: er nu \"udført\"")),
        "{text}"
    );
    assert!(
        !text.contains("opsamling-og-procesevaluering.status"),
        "{text}"
    );
}

#[test]
fn date_fields_open_the_danish_way() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let cookie = server.session();
    let phase = server
        .get(&format!("{PLAN}/edit?item=fase-1"), Some(&cookie))
        .body;
    assert!(phase.contains("value=\"efterår 2024\""), "{phase}");
    assert!(!phase.contains("value=\"2024-autumn\""), "{phase}");
    let activity = server
        .get(
            &format!("{PLAN}/edit?item=planlaegningsmoeder"),
            Some(&cookie),
        )
        .body;
    assert!(activity.contains("value=\"september 2024\""), "{activity}");
}
