//! Drafts kept apart from the plan: what the browser's forms change is a
//! draft per plan and person under `.git/backbrief/drafts/`, a hand edit
//! of the plan file is one too, and every reading view — `status`,
//! `report`, `export`, the overview and the read-only page — shows the plan
//! as recorded, naming the changes nobody recorded and counting none.

use crate::common::{Recorder, TestEnv};
use crate::test_serve::{Response, Server, draft_text};

const PLAN: &str = "arbejdsplads-1";
const PAGE: &str = "/plan/arbejdsplads-1";
const DAY: &str = "2024-12-01";
const WORKSHOP: &str = "workshop-i-teams";
const HAND_EDIT: &str = "HÅNDREDIGERET";

/// A second person at a computer of their own.
const LEADER: Recorder = Recorder {
    name: "Leder Lars",
    email: "lars@example.dk",
};

/// Sets `item`'s status through the plan page's form, as its select would.
fn set_status(server: &Server, cookie: &str, item: &str, status: &str, was: &str) -> Response {
    let (new, old) = (format!("status.{item}"), format!("was.{item}"));
    server.post(
        &format!("{PAGE}/statuses"),
        cookie,
        &[(new.as_str(), status), (old.as_str(), was)],
    )
}

/// Edits the plan file by hand: the main task, and the last activity of
/// phase 1 set done.
fn edit_by_hand(env: &TestEnv) {
    let text = String::from_utf8(env.read("plans/arbejdsplads-1.json")).expect("UTF-8");
    let edited = text
        .replacen(
            "\"main_task\": \"Vores hovedopgave",
            &format!("\"main_task\": \"{HAND_EDIT} Vores hovedopgave"),
            1,
        )
        .replacen(
            "\"status\": \"planned\",\n          \"owner\": \"HR-konsulent\"",
            "\"status\": \"done\",\n          \"owner\": \"HR-konsulent\"",
            1,
        );
    assert_ne!(edited, text);
    env.write("plans/arbejdsplads-1.json", edited);
}

/// A decision made on the command line, as the secretary on `DAY`.
fn decide(env: &TestEnv, args: &[&str]) {
    let mut all = vec!["decide", PLAN, "-m", "Besluttet", "--by", "Lokal-MED"];
    all.extend_from_slice(args);
    env.run_on(DAY, &all).expect_code(0);
}

#[test]
fn a_draft_and_a_hand_edit_are_named_by_every_reader_and_counted_by_none() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, DAY, &[]);
    let cookie = server.session();
    // The secretary's draft cancels the overdue workshop; a hand edit sets
    // another overdue activity done. Neither is decided.
    let saved = set_status(&server, &cookie, WORKSHOP, "cancelled", "in_progress");
    assert_eq!(saved.status, 303, "{}", saved.body);
    edit_by_hand(&env);
    let mark = "ændringer i planens fil; kladde af Sekretær Sofie (sofie@example.dk)";

    // status: the recorded counts (2 of 7 done, 3 overdue), and the mark.
    let overview = env.run(&["status", "--at", DAY]).expect_code(0).stdout;
    assert!(overview.contains("2/7"), "{overview}");
    assert!(overview.contains("3 ⚠"), "{overview}");
    assert!(
        overview.contains(&format!(
            "arbejdsplads-1: ændringer, der ikke er registreret ({mark}) – ikke talt med."
        )),
        "{overview}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &env.run(&["status", "--at", DAY, "--json"])
            .expect_code(0)
            .stdout,
    )
    .expect("JSON");
    let row = &json["plans"][0];
    assert_eq!(row["progress"]["done"], 2, "{row}");
    assert_eq!(row["progress"]["total"], 7, "{row}");
    assert_eq!(row["overdue"], 3, "{row}");
    assert_eq!(
        row["unrecorded"],
        serde_json::json!([
            {"source": "plan_file"},
            {"source": "draft", "by": "Sekretær Sofie (sofie@example.dk)"},
        ])
    );
    let detail = env
        .run(&["status", PLAN, "--at", DAY])
        .expect_code(0)
        .stdout;
    assert!(
        detail.starts_with(&format!(
            "Ændringer, der ikke er registreret: {mark}. De er ikke vist og ikke talt med her.\n"
        )),
        "{detail}"
    );
    assert!(!detail.contains(HAND_EDIT), "{detail}");
    assert!(!detail.contains("aflyst"), "{detail}");
    let detail: serde_json::Value = serde_json::from_str(
        &env.run(&["status", PLAN, "--at", DAY, "--json"])
            .expect_code(0)
            .stdout,
    )
    .expect("JSON");
    assert_eq!(detail["progress"]["done"], 2);
    assert_eq!(detail["overdue"].as_array().map(Vec::len), Some(3));
    assert_eq!(detail["unrecorded"][1]["source"], "draft");

    // report: Markdown, HTML and Word, each as recorded, with the mark.
    let sentence = format!("Ændringer, der ikke er registreret: {mark}.");
    let md = env
        .run(&["report", PLAN, "--at", DAY])
        .expect_code(0)
        .stdout;
    assert!(md.contains(&sentence), "{md}");
    assert!(!md.contains(HAND_EDIT), "{md}");
    assert!(md.contains("i gang"), "the workshop as recorded: {md}");
    let html = env
        .run(&["report", PLAN, "--at", DAY, "--format", "html"])
        .expect_code(0)
        .stdout;
    assert!(html.contains("class=\"unrecorded\""), "{html}");
    assert!(html.contains("ændringer i planens fil"), "{html}");
    assert!(!html.contains(HAND_EDIT));
    env.run(&["report", PLAN, "--at", DAY, "--out", "rapport.docx"])
        .expect_code(0);
    if crate::test_report_docx::python_docx() {
        let doc = crate::test_report_docx::read_docx(&env.path("rapport.docx")).to_string();
        assert!(doc.contains(&sentence), "{doc}");
        assert!(!doc.contains(HAND_EDIT), "{doc}");
    }

    // export: calendar, spreadsheet and JSON as recorded; the mark said.
    for format in ["ics", "csv", "json"] {
        let out = env
            .run(&["export", PLAN, "--format", format, "--at", DAY])
            .expect_code(0);
        assert!(!out.stdout.contains(HAND_EDIT), "{format}");
        assert!(
            !out.stdout.contains("aflyst") && !out.stdout.contains("cancelled"),
            "{format}: {}",
            out.stdout
        );
        assert!(
            out.stderr.contains(&format!(
                "Bemærk: arbejdsplads-1 har ændringer, der ikke er registreret ({mark})"
            )),
            "{format}: {}",
            out.stderr
        );
    }
    let exported: serde_json::Value = serde_json::from_str(
        &env.run(&["export", PLAN, "--format", "json", "--at", DAY])
            .expect_code(0)
            .stdout,
    )
    .expect("JSON");
    assert!(exported.to_string().contains("\"in_progress\""));

    // The overview, the plan's downloads and the read-only page: recorded.
    let front = server.get("/", Some(&cookie)).body;
    assert!(front.contains("2 af 7 udført"), "{front}");
    assert!(front.contains(mark), "{front}");
    let download = server
        .get(&format!("{PAGE}/download/md"), Some(&cookie))
        .body;
    assert!(download.contains(&sentence), "{download}");
    let reader = Server::start(&env, DAY, &["--read-only"]);
    let reader_cookie = reader.session();
    let page = reader.get(PAGE, Some(&reader_cookie)).body;
    assert!(!page.contains("Kladde – ikke registreret"), "{page}");
    assert!(!page.contains(HAND_EDIT), "{page}");
    assert!(page.contains(mark), "{page}");
    let row = &page[page.find("id=\"workshop-i-teams\"").expect("the workshop")..];
    assert!(
        row[..row.find("</tr>").unwrap_or(row.len())].contains("i gang"),
        "{row}"
    );

    // Only the author sees the draft, marked as one.
    let own = server.get(PAGE, Some(&cookie)).body;
    assert!(own.contains("Kladde – ikke registreret"), "{own}");
    assert!(
        own.contains("<option value=\"cancelled\" selected>"),
        "the draft's value: {own}"
    );
    assert!(
        !own.contains(HAND_EDIT),
        "the hand edit is not in the draft"
    );
    assert!(own.contains("ændringer i planens fil"), "{own}");

    // verify keeps its warning about the plan file.
    let verified = env.run(&["verify"]);
    assert!(verified.stdout.contains("arbejdsplads-1"), "{verified}");
}

#[test]
fn a_draft_survives_a_restart_of_serve_and_is_removed_when_recorded() {
    let env = TestEnv::repo_with_example_plan();
    let before = env.head();
    {
        let server = Server::start(&env, DAY, &[]);
        let cookie = server.session();
        let saved = set_status(&server, &cookie, WORKSHOP, "done", "in_progress");
        assert_eq!(saved.status, 303, "{}", saved.body);
    }
    assert_eq!(env.porcelain(), "", "nothing in plans/");
    assert!(draft_text(&env, PLAN).contains("\"done\""));
    let server = Server::start(&env, DAY, &[]);
    let cookie = server.session();
    let page = server.get(PAGE, Some(&cookie)).body;
    assert!(page.contains("Kladde – ikke registreret"), "{page}");
    assert!(page.contains("Workshop, hvor de enkelte teams"));
    let draft = crate::test_serve::hidden(&page, "draft");
    let base = crate::test_serve::hidden(&page, "base");
    let recorded = server.post(
        &format!("{PAGE}/record"),
        &cookie,
        &[
            ("summary", "Workshoppen er holdt"),
            ("decided_by", "Lokal-MED"),
            ("base", &base),
            ("draft", &draft),
        ],
    );
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    assert_ne!(env.head(), before);
    assert_eq!(env.porcelain(), "", "the plan file is the decision");
    assert!(
        !env.path(".git/backbrief/drafts/arbejdsplads-1").exists(),
        "a recorded draft is removed"
    );
    let shown = env.run(&["show", "HEAD"]).expect_code(0).stdout;
    assert!(shown.contains("status i gang → udført"), "{shown}");
}

#[test]
fn two_persons_drafts_are_kept_apart() {
    let env = TestEnv::repo_with_example_plan();
    let sofie = Server::start(&env, DAY, &[]);
    let sofie_cookie = sofie.session();
    assert_eq!(
        set_status(&sofie, &sofie_cookie, WORKSHOP, "done", "in_progress").status,
        303
    );
    let lars = Server::start_as(&env, LEADER, DAY, &[]);
    let lars_cookie = lars.session();
    let page = lars.get(PAGE, Some(&lars_cookie)).body;
    assert!(!page.contains("Kladde – ikke registreret"), "{page}");
    assert!(
        page.contains("kladde af Sekretær Sofie (sofie@example.dk)"),
        "{page}"
    );
    assert!(page.contains("<option value=\"in_progress\" selected>"));
    assert_eq!(
        set_status(&lars, &lars_cookie, WORKSHOP, "blocked", "in_progress").status,
        303,
        "his own draft starts from the plan as recorded"
    );
    let mut files: Vec<String> =
        std::fs::read_dir(env.path(".git/backbrief/drafts/arbejdsplads-1"))
            .expect("the plan's drafts")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
    files.sort();
    assert_eq!(files, ["lars@example%2Edk.json", "sofie@example%2Edk.json"]);
    let own = sofie.get(PAGE, Some(&sofie_cookie)).body;
    assert!(own.contains("<option value=\"done\" selected>"), "{own}");
    assert!(
        own.contains("kladde af Leder Lars (lars@example.dk)"),
        "{own}"
    );
    let his = lars.get(PAGE, Some(&lars_cookie)).body;
    assert!(his.contains("<option value=\"blocked\" selected>"), "{his}");
    let overview = env.run(&["status", "--at", DAY]).expect_code(0).stdout;
    assert!(
        overview.contains("kladde af Leder Lars (lars@example.dk); kladde af Sekretær Sofie"),
        "{overview}"
    );
}

#[test]
fn a_draft_an_older_serve_left_in_the_plan_file_moves_apart_when_edited() {
    let env = TestEnv::repo_with_example_plan();
    let recorded = env.read("plans/arbejdsplads-1.json");
    // An older serve kept its draft in the plan file itself.
    edit_by_hand(&env);
    let server = Server::start(&env, DAY, &[]);
    let cookie = server.session();
    // It is the local person's draft; everyone else reads the recorded plan.
    let status = env.run(&["status", "--at", DAY]).expect_code(0).stdout;
    assert!(
        status.contains("(ændringer i planens fil) – ikke talt med."),
        "{status}"
    );
    let page = server.get(PAGE, Some(&cookie)).body;
    assert!(page.contains("Kladde – ikke registreret"), "{page}");
    assert!(page.contains(HAND_EDIT), "{page}");
    // Until the browser edits it, it stays in the file, where decide finds it.
    assert_ne!(env.read("plans/arbejdsplads-1.json"), recorded);
    let saved = set_status(&server, &cookie, WORKSHOP, "done", "in_progress");
    assert_eq!(saved.status, 303, "{}", saved.body);
    // Moved: the draft holds both, the file is as recorded — nothing lost.
    let draft = draft_text(&env, PLAN);
    assert!(draft.contains(HAND_EDIT), "{draft}");
    let statuses: serde_json::Value = serde_json::from_str(&draft).expect("JSON");
    let subtasks = &statuses["phases"][0]["subtasks"];
    assert_eq!(subtasks[2]["status"], "done", "the browser's edit");
    assert_eq!(subtasks[3]["status"], "done", "the older serve's draft");
    assert_eq!(env.read("plans/arbejdsplads-1.json"), recorded);
    assert_eq!(env.porcelain(), "");
    // decide without --set records the person's draft when the file has no
    // edits of its own, and the draft is gone.
    decide(&env, &[]);
    assert!(!env.path(".git/backbrief/drafts/arbejdsplads-1").exists());
    let shown = env.run(&["show", "HEAD"]).expect_code(0).stdout;
    assert!(shown.contains("status i gang → udført"), "{shown}");
    assert!(shown.contains("status planlagt → udført"), "{shown}");
    assert_eq!(env.porcelain(), "");
    let page = server.get(PAGE, Some(&cookie)).body;
    assert!(!page.contains("Kladde – ikke registreret"), "{page}");
    assert!(page.contains(HAND_EDIT), "recorded now: {page}");
}

#[test]
fn a_draft_begun_before_the_branch_moved_is_merged_or_its_collision_shown() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, DAY, &[]);
    let cookie = server.session();
    assert_eq!(
        set_status(&server, &cookie, WORKSHOP, "done", "in_progress").status,
        303
    );
    // Meanwhile another activity is decided on the command line.
    decide(
        &env,
        &["--set", "opsamling-og-procesevaluering.status=blocked"],
    );
    let page = server.get(PAGE, Some(&cookie)).body;
    assert!(
        page.contains("<option value=\"blocked\" selected>"),
        "merged: {page}"
    );
    assert!(page.contains("<option value=\"done\" selected>"), "{page}");
    // Then the workshop itself is decided otherwise: a collision, shown,
    // never settled silently.
    decide(&env, &["--set", "workshop-i-teams.status=cancelled"]);
    let page = server.get(PAGE, Some(&cookie)).body;
    assert!(
        page.contains("Planen er ændret, siden kladden blev begyndt"),
        "{page}"
    );
    let head = env.head();
    let refused = server.post(
        &format!("{PAGE}/record"),
        &cookie,
        &[
            ("summary", "Workshoppen er holdt"),
            ("decided_by", "Lokal-MED"),
            ("base", &crate::test_serve::hidden(&page, "base")),
            ("draft", &crate::test_serve::hidden(&page, "draft")),
        ],
    );
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(env.head(), head, "nothing recorded");
}

/// "Flyt op" on an item's form moved the item and dropped what was typed in
/// the form: it is saved first.
#[test]
fn moving_an_item_keeps_what_was_typed_in_its_form() {
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, DAY, &[]);
    let cookie = server.session();
    let item = "opsamling-og-procesevaluering";
    let form = server
        .get(&format!("{PAGE}/edit?item={item}"), Some(&cookie))
        .body;
    let was = crate::test_serve::hidden(&form, "was.owner").replace("&quot;", "\"");
    let moved = server.post(
        &format!("{PAGE}/edit"),
        &cookie,
        &[
            ("item", item),
            ("action", "up"),
            ("field.owner", "Teamleder Anna"),
            ("was.owner", &was),
        ],
    );
    assert_eq!(moved.status, 303, "{}", moved.body);
    let plan: serde_json::Value = serde_json::from_str(&draft_text(&env, PLAN)).expect("JSON");
    let moved = &plan["phases"][0]["subtasks"][2];
    assert_eq!(moved["id"], item, "moved up");
    assert_eq!(moved["owner"], "Teamleder Anna", "and what was typed kept");
}
