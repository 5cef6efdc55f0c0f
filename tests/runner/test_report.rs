//! `backbrief report`: the report upward in Markdown, HTML and SVG, recording
//! its delivery (`--record`, `--since last`), every kind of bad input, the
//! HTML opened in headless Chromium, and `status --timeline`.
//!
//! Most runs use the example plan `plans/arbejdsplads-1.json`, recorded in a
//! plans repository on 2 September 2024 ([`TestEnv::repo_with_example_plan`]),
//! reported on 21 November 2024: phase 1 is under way, the workshop due in
//! October is overdue, the wrap-up is due on 28 November.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{Output, Recorder, TestEnv, redact_commits};

const PLAN: &str = "arbejdsplads-1";
const AT: &str = "2024-11-21";

/// The leader, who delivers the report.
const LEADER: Recorder = Recorder {
    name: "Leder Lene",
    email: "lene@example.dk",
};

fn report(env: &TestEnv, extra: &[&str]) -> Output {
    let mut args = vec!["report", PLAN, "--at", AT];
    args.extend_from_slice(extra);
    env.run(&args)
}

/// The `<svg …>…</svg>` element of a text.
fn svg_of(text: &str) -> &str {
    let start = text.find("<svg").expect("an <svg> element");
    let end = text.rfind("</svg>").expect("the end of the <svg> element") + "</svg>".len();
    &text[start..end]
}

/// What a self-contained picture or page must not hold: scripts, external
/// resources, event handlers. Escaped plan text (`&lt;img src=…`) is no tag.
#[track_caller]
fn assert_self_contained(text: &str) {
    let lower = text.to_lowercase();
    for forbidden in [
        "<script",
        "<img",
        "<link",
        "<iframe",
        "<object",
        "<embed",
        "<foreignobject",
        "javascript:",
        "url(",
        "@import",
        "@font-face",
        "href=",
    ] {
        assert!(!lower.contains(forbidden), "found {forbidden:?}");
    }
    // No tag has an event handler (onload=, onclick=, …).
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        assert!(
            !tag.split_whitespace()
                .skip(1)
                .any(|attribute| attribute.starts_with("on")),
            "an event handler in <{tag}>"
        );
    }
}

#[test]
fn markdown_report_of_the_example_plan() {
    let env = TestEnv::repo_with_example_plan();
    let output = report(&env, &[]).expect_code(0);
    assert!(output.stdout.contains("```mermaid\ngantt\n"));
    insta::assert_snapshot!("markdown_report", redact_commits(&output.stdout));
}

#[test]
fn svg_timeline_of_the_example_plan() {
    let env = TestEnv::repo_with_example_plan();
    let output = report(&env, &["--format", "svg"]).expect_code(0);
    let svg = &output.stdout;
    assert!(svg.starts_with("<?xml"));
    assert_self_contained(svg);
    // Real text, with a title for every row, month and marker.
    assert!(svg.contains("<title id=\"timeline-arbejdsplads-1-title\">"));
    assert!(svg.contains("<text"));
    // Overdue by shape (a warning triangle) and colour, and in the text.
    assert!(svg.contains("data-shape=\"warning\""));
    assert!(svg.contains("i gang ⚠ forsinket"));
    insta::assert_snapshot!("svg_timeline", svg);
}

#[test]
fn html_report_is_one_self_contained_file() {
    let env = TestEnv::repo_with_example_plan();
    let output = report(&env, &["--format", "html"]).expect_code(0);
    let html = &output.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"da\">"));
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("@media print"));
    assert_self_contained(html);
    // The same timeline as --format svg, inline (without the XML namespace).
    let svg = report(&env, &["--format", "svg"]).expect_code(0).stdout;
    assert_eq!(
        svg_of(html),
        svg_of(&svg).replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
    );
    for section in [
        "Hovedopgave",
        "Status for faserne",
        "Forsinket",
        "Frister de næste 30 dage",
        "Beslutninger siden sidst",
        "Afrapportering",
        "Tidslinje",
        "Balancen mellem de fire fællesskaber",
    ] {
        assert!(html.contains(&format!("<h2>{section}</h2>")), "{section}");
    }
}

#[test]
fn the_report_speaks_the_language_asked_for() {
    let env = TestEnv::repo_with_example_plan();
    let output = report(&env, &["--lang", "en"]).expect_code(0);
    for text in [
        "**Status report** · Report date: 21 November 2024",
        "## Status per phase",
        "## Due in the next 30 days",
        "all decisions on the plan (0)",
        "The plan was created on 2 September 2024 by Lokal-MED: Backbriefen fra arbejdsplads 1 vedtaget",
        "## Balance across the four communities",
    ] {
        assert!(output.stdout.contains(text), "{text}\n{output}");
    }
}

/// A plan whose text tries to be markup.
const HOSTILE: &str = r#"{
  "format": 1,
  "id": "fjendtlig",
  "title": "<script>alert('titel')</script> & co",
  "unit": "Enhed <b>fed</b>",
  "main_task": "Vi skriver *ikke* [links](http://example.com) eller <img src=x onerror=alert(1)>",
  "phases": [
    {
      "id": "fase-1",
      "title": "Fase \"1\": <script>alert(1)</script>",
      "period": "2024-autumn",
      "subtasks": [
        {
          "id": "moede",
          "title": "Møde | tabel ]]> <!-- --> `kode`",
          "status": "planned",
          "due": "2024-10"
        }
      ]
    }
  ],
  "reporting": [
    { "id": "rapport", "what": "<svg onload=alert(1)>", "to": "Chef </td>", "due": "2024-12", "status": "planned" }
  ]
}
"#;

#[test]
fn plan_text_is_escaped_everywhere() {
    let env = TestEnv::new();
    env.plan("fjendtlig", HOSTILE);
    let run = |format: &str| {
        env.run(&["report", "fjendtlig", "--at", AT, "--format", format])
            .expect_code(0)
            .stdout
    };

    let html = run("html");
    assert_self_contained(&html);
    assert!(html.contains("&lt;script&gt;alert(&#x27;titel&#x27;)&lt;&#x2f;script&gt; &amp; co"));
    assert!(html.contains("Fase &quot;1&quot;: &lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(html.contains("&lt;svg onload=alert(1)&gt;"));
    assert!(html.contains("Chef &lt;&#x2f;td&gt;"));
    assert!(!html.contains("<b>fed</b>"));
    assert_eq!(
        html.matches("<svg").count(),
        1,
        "only the timeline is an <svg>"
    );

    let svg = run("svg");
    assert_self_contained(&svg);
    assert!(svg.contains("&lt;script&gt;"));
    assert!(!svg.contains("]]>"));

    let markdown = run("md");
    assert!(markdown.contains("# \\<script\\>alert('titel')\\</script\\> \\& co"));
    assert!(markdown.contains("\\[links\\](http://example.com)"));
    assert!(markdown.contains("\\<img src=x onerror=alert(1)\\>"));
    assert!(markdown.contains("Møde \\| tabel \\]\\]\\> \\<\\!-- --\\> \\`kode\\`"));
    // The Mermaid chart neither ends its code block nor reads the text as syntax.
    let chart = &markdown[markdown.find("```mermaid").expect("chart")..];
    let chart = &chart[..chart[3..].find("```").expect("end of chart") + 3];
    assert!(chart.contains("Fase \"1\"#58; #60;script#62;alert(1)#60;/script#62;"));
    assert!(!chart[3..].contains('`'));
    // Outside a repository there is no history to report.
    assert!(markdown.contains("planen ligger ikke i et plan-repositorium"));
}

#[test]
fn recording_a_report_and_reporting_since_the_last_one() {
    let env = TestEnv::repo_with_example_plan();

    // Before any recorded report, --since last covers every decision.
    let first = report(&env, &["--since", "last"]).expect_code(0);
    assert!(
        first
            .stdout
            .contains("alle beslutninger om planen (0); ingen tidligere rapport er registreret")
    );
    assert!(first.stdout.contains(
        "Planen blev oprettet 2. september 2024 af Lokal-MED: Backbriefen fra arbejdsplads 1 \
         vedtaget"
    ));

    // The leader delivers the report on 21 November and records it.
    let before = env.head();
    let mut command = env.command_as(LEADER, AT);
    command.args([
        "report",
        PLAN,
        "--at",
        AT,
        "--out",
        "rapport.html",
        "--record",
        "--by",
        "Enhedens leder",
        "--set",
        "konklusioner-til-chef.status=done",
    ]);
    let recorded = env.run_command(command).expect_code(0).redact_commits();
    insta::assert_snapshot!(recorded, @r"
    Rapporten er skrevet til rapport.html.
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Rapport afleveret til Nærmeste chef
      - Konklusioner fra procesevalueringen og en skitseplan for fase 2: status planlagt → udført
    [exit status: 0]
    ");
    assert_ne!(env.head(), before);
    assert!(env.read("rapport.html").starts_with(b"<!DOCTYPE html>"));
    insta::assert_snapshot!(env.trailers("HEAD"), @r"
    Plan: arbejdsplads-1
    Decided-by: Enhedens leder
    Decided-on: 2024-11-21
    Reported-to: Nærmeste chef
    ");
    let log = env.run(&["log", PLAN, "--json"]).expect_code(0).json();
    assert_eq!(log[0]["reported_to"], "Nærmeste chef");
    assert_eq!(log[0]["recorded_by"], LEADER.signature());

    // Right after it, nothing has been decided since.
    let since = report(&env, &["--since", "last"]).expect_code(0);
    assert!(
        since
            .stdout
            .contains("beslutninger siden rapporten til Nærmeste chef den 21. november 2024 (0)")
    );
    assert!(
        since
            .stdout
            .contains("Der er ikke truffet nogen beslutninger om planen i perioden.")
    );

    // The next meeting decides something; the next report lists only that.
    env.run_on(
        "2024-11-25",
        &[
            "decide",
            PLAN,
            "-m",
            "Workshoppen er gennemført",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    )
    .expect_code(0);
    let next = env
        .run(&["report", PLAN, "--at", "2024-11-26", "--since", "last"])
        .expect_code(0);
    let decisions = section(&next.stdout, "## Beslutninger siden sidst");
    insta::assert_snapshot!(redact_commits(decisions), @r"
    ## Beslutninger siden sidst

    _beslutninger siden rapporten til Nærmeste chef den 21. november 2024 (1) · 25. november 2024_

    ### Workshoppen er gennemført

    25\. november 2024 · Besluttet af: Lokal-MED

    _1 ændring i planen (se bilaget)_
    ");
    // The change itself and the commit are in the appendix, for the auditor.
    let appendix = section(&next.stdout, "## Bilag: ændringerne i detaljer");
    insta::assert_snapshot!(redact_commits(appendix), @r"
    ## Bilag: ændringerne i detaljer

    Hver beslutning med de ændringer, den gjorde i planen: hvornår og af hvem den blev truffet, og på hvilket møde. Under Beslutninger i backbrief findes den samme beslutning med sin begrundelse.

    ### 25. november 2024 · Workshoppen er gennemført

    Besluttet 25. november 2024 af Lokal-MED

    - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status i gang → udført

    ---

    _Lavet med backbrief ud fra planen, som den er registreret._
    ");

    // A report recorded with no changes and its own receiver and summary.
    env.run_as(
        LEADER,
        "2024-12-02",
        &[
            "report",
            PLAN,
            "--record",
            "--by",
            "Enhedens leder",
            "--to",
            "Direktionen",
            "-m",
            "Status sendt til direktionen",
            "--on",
            "2024-12-01",
            "--meeting",
            "Møde med direktionen 1. december 2024",
        ],
    )
    .expect_code(0);
    insta::assert_snapshot!(env.trailers("HEAD"), @r"
    Plan: arbejdsplads-1
    Decided-by: Enhedens leder
    Decided-on: 2024-12-01
    Meeting: Møde med direktionen 1. december 2024
    Reported-to: Direktionen
    ");
    let last = env
        .run(&["report", PLAN, "--at", "2024-12-02", "--since", "last"])
        .expect_code(0);
    assert!(
        last.stdout
            .contains("siden rapporten til Direktionen den 1. december 2024 (0)")
    );

    // The history is still one that can be trusted.
    env.run(&["verify"]).expect_code(0);
    env.assert_fsck_clean();
    assert_eq!(env.porcelain(), "?? rapport.html\n");
}

/// The lines of a Markdown section, from its heading to the next `## `.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(heading).expect("section");
    let rest = &text[start + heading.len()..];
    let end = rest
        .find("\n## ")
        .map_or(text.len(), |at| start + heading.len() + at + 1);
    text[start..end].trim_end()
}

#[test]
fn since_a_day_or_a_commit() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-10",
        &[
            "decide",
            PLAN,
            "-m",
            "Workshop flyttet",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.due=2024-11",
        ],
    )
    .expect_code(0);
    let second = env.head();

    let by_day = report(&env, &["--since", "2024-10-01"]).expect_code(0);
    assert!(
        by_day
            .stdout
            .contains("beslutninger truffet fra og med 1. oktober 2024 (1)")
    );
    assert!(
        by_day
            .stdout
            .contains("### Workshop flyttet\n\n10\\. oktober 2024 · Besluttet af: Lokal-MED")
    );
    assert!(!by_day.stdout.contains("vedtaget"));

    let by_commit = report(&env, &["--since", &second[..10]]).expect_code(0);
    assert!(by_commit.stdout.contains(&format!(
        "beslutninger registreret efter {} (0)",
        &second[..7]
    )));
    let everything = report(&env, &[]).expect_code(0);
    assert!(
        everything
            .stdout
            .contains("alle beslutninger om planen (1) · 10. oktober 2024")
    );
    let all = report(&env, &["--since", "HEAD~1"]).expect_code(0);
    assert!(all.stdout.contains("### Workshop flyttet"));
}

/// The report's body: everything before the appendix.
fn body(text: &str) -> &str {
    text.split("## Bilag").next().unwrap_or(text)
}

/// Issue 12: `report --at 2024-12-10` listed decisions from 2025 and 2026,
/// and showed the plan as they left it.
#[test]
fn report_at_a_day_shows_nothing_decided_after_it() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-10",
        &[
            "decide",
            PLAN,
            "-m",
            "Workshop flyttet",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.due=2024-11",
        ],
    )
    .expect_code(0);
    let at = |day: &str| {
        env.run(&["report", PLAN, "--at", day])
            .expect_code(0)
            .stdout
    };
    let before = at("2024-12-10");
    // A year later the committee marks the workshop done, decided in 2025.
    env.run_on(
        "2026-01-15",
        &[
            "decide",
            PLAN,
            "-m",
            "Workshop gennemført",
            "--by",
            "Lokal-MED",
            "--on",
            "2025-02-20",
            "--set",
            "workshop-i-teams.status=done",
        ],
    )
    .expect_code(0);
    let after = at("2024-12-10");
    assert!(after.contains("### Workshop flyttet"), "{after}");
    assert!(!after.contains("Workshop gennemført"), "{after}");
    assert!(after.contains("alle beslutninger om planen (1) · 10. oktober 2024"));
    // The plan as it stood that day: the same report as before the later
    // decision was recorded.
    assert_eq!(redact_commits(&after), redact_commits(&before));
    // On a later day it is there.
    let later = at("2025-03-01");
    assert!(later.contains("### Workshop gennemført"));
    assert!(later.contains("10. oktober 2024 – 20. februar 2025"));
}

/// Issue 12: the date range ran backwards ("3. december 2026 – 26. november
/// 2026") when a decision was recorded after a later one.
#[test]
fn decisions_recorded_late_keep_a_forward_date_range() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-11-20",
        &[
            "decide",
            PLAN,
            "-m",
            "Anden beslutning",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.due=2024-12",
        ],
    )
    .expect_code(0);
    env.run_on(
        "2024-11-21",
        &[
            "decide",
            PLAN,
            "-m",
            "Første beslutning, registreret sent",
            "--by",
            "Lokal-MED",
            "--on",
            "2024-10-01",
            "--set",
            "workshop-i-teams.owner=Teamleder Anna",
        ],
    )
    .expect_code(0);
    let text = report(&env, &[]).expect_code(0).stdout;
    assert!(
        text.contains("alle beslutninger om planen (2) · 1. oktober 2024 – 20. november 2024"),
        "{text}"
    );
    let first = text.find("### Første beslutning").expect("first");
    let second = text.find("### Anden beslutning").expect("second");
    assert!(first < second, "listed in the order decided");
}

/// Issue 12: the first decision on a plan made from a template dumped the
/// template's text into "Beslutninger siden sidst", commit ids stood in the
/// body, the plan's creation was listed as a decision, and the situation
/// was missing.
#[test]
fn the_body_lists_decisions_as_summaries_without_template_text_or_commits() {
    let env = TestEnv::repo();
    env.run_on(
        "2026-09-01",
        &[
            "new",
            "team-1",
            "--title",
            "Backbrief fra team 1",
            "--by",
            "Lokal-MED",
            "--at",
            "2026-09-01",
        ],
    )
    .expect_code(0);
    let created = env.head();
    env.run_on(
        "2026-09-12",
        &[
            "decide",
            "team-1",
            "-m",
            "Plan vedtaget",
            "--by",
            "Lokal-MED",
            "--meeting",
            "MED-møde 12. september 2026",
            "--set",
            "situation=Trivselsmålingen viste, at vi mangler et fælles billede af opgaven.",
            "--set",
            "main_task=Vi skal sikre, at alle kender kerneopgaven.",
            "--set",
            "intent=Vi holder to workshops og samler op i MED.",
        ],
    )
    .expect_code(0);
    let decided = env.head();
    let text = env
        .run(&["report", "team-1", "--at", "2026-10-01"])
        .expect_code(0)
        .stdout;
    let main = body(&text);
    // The situation and the main task up front, before the phases.
    let situation = main
        .find("## Udgangspunkt\n\nTrivselsmålingen")
        .expect("situation");
    let task = main
        .find("## Hovedopgave\n\nVi skal sikre")
        .expect("main task");
    let phases = main.find("## Status for faserne").expect("phases");
    assert!(situation < task && task < phases);
    // The decision as its summary, who, when and where; the changes counted.
    let decisions = section(main, "## Beslutninger siden sidst");
    insta::assert_snapshot!(decisions, @r"
    ## Beslutninger siden sidst

    _alle beslutninger om planen (1) · 12. september 2026_

    ### Plan vedtaget

    12\. september 2026 · Besluttet af: Lokal-MED · Møde: MED-møde 12. september 2026

    _3 ændringer i planen (se bilaget)_

    Planen blev oprettet 1. september 2026 af Lokal-MED.
    ");
    // No template text, no commit ids in the body.
    assert!(!main.contains("Hvad er vores"), "{main}");
    for commit in [&created, &decided] {
        assert!(
            !main.contains(&commit[..7]),
            "a commit id in the body:\n{main}"
        );
        // Nor in the appendix: it tells each decision by its day and who
        // made it, not by its commit.
        assert!(
            !text.contains(&commit[..7]),
            "the appendix names {commit}:\n{text}"
        );
    }
    // The appendix lists the changes, each on one short line.
    let appendix = &text[main.len()..];
    assert!(appendix.contains("- Udgangspunkt: "), "{appendix}");
    assert!(
        appendix.lines().all(|line| line.chars().count() < 200),
        "{appendix}"
    );
    // The same in HTML.
    let html = env
        .run(&["report", "team-1", "--at", "2026-10-01", "--format", "html"])
        .expect_code(0)
        .stdout;
    let html_body = html
        .split("<section class=\"appendix\">")
        .next()
        .unwrap_or_default();
    assert!(html_body.contains("<h2>Udgangspunkt</h2>"));
    assert!(!html_body.contains("Hvad er vores"));
    assert!(!html_body.contains(&decided[..7]));
    assert!(!html.contains(&decided[..7]), "no commit in the appendix");
    assert!(html.contains("<p class=\"meta\">Besluttet "), "{html}");
}

#[test]
fn bad_input_changes_nothing() {
    let env = TestEnv::repo_with_example_plan();
    let head = env.head();
    let files = env.files();

    // --since: an unknown commit, a date after --at, a malformed date.
    let unknown = report(&env, &["--since", "fedcba9"]).expect_code(1);
    insta::assert_snapshot!(unknown, @r#"
    ------- stderr -------
    fejl: --since "fedcba9" er ikke en dato og ikke en commit i repositoriet.
    tip: Skriv --since som en dato (ÅÅÅÅ-MM-DD, fx 2024-09-01), et commit-id fra `backbrief log`, eller `last` (siden sidste registrerede rapport).
    [exit status: 1]
    "#);
    let after = report(&env, &["--since", "2024-12-01"]).expect_code(1);
    insta::assert_snapshot!(after, @r"
    ------- stderr -------
    fejl: --since 1. december 2024 ligger efter rapportdatoen 21. november 2024; rapporten kan ikke dække beslutninger fra efter sin egen dato.
    tip: Vælg en tidligere dato med --since, eller en senere rapportdato med --at.
    [exit status: 1]
    ");
    report(&env, &["--since", "2024-13-45"]).expect_code(2);
    report(&env, &["--since", ""]).expect_code(2);

    // --out: a folder that does not exist, a folder.
    let missing = report(&env, &["--out", "mangler/rapport.md"]).expect_code(3);
    assert!(
        missing
            .stderr
            .contains("mangler/rapport.md kan ikke skrives: den findes ikke.")
    );
    report(&env, &["--out", "plans"]).expect_code(3);

    // --record without --by is a usage error; with an unwritable --out or
    // an invalid --set nothing is recorded.
    let no_by = report(&env, &["--record"]).expect_code(2);
    assert!(no_by.stderr.contains("--by <HVEM>"));
    report(&env, &["--by", "X"]).expect_code(2);
    report(&env, &["--record", "--by", " "]).expect_code(2);
    report(&env, &["--record", "--by", "X", "-m", ""]).expect_code(2);
    env.run_on(
        AT,
        &[
            "report",
            PLAN,
            "--record",
            "--by",
            "Leder",
            "--out",
            "mangler/r.html",
        ],
    )
    .expect_code(3);
    let invalid_set = env
        .run_on(
            AT,
            &[
                "report",
                PLAN,
                "--record",
                "--by",
                "Leder",
                "--out",
                "r.md",
                "--set",
                "konklusioner-til-chef.status=sendt",
            ],
        )
        .expect_code(1);
    assert!(invalid_set.stdout.is_empty());
    env.run_on(
        AT,
        &[
            "report",
            PLAN,
            "--record",
            "--by",
            "Leder",
            "--set",
            "ingen-saadan.status=done",
        ],
    )
    .expect_code(1);

    assert_eq!(env.head(), head);
    assert_eq!(env.files(), files);
    assert_eq!(env.porcelain(), "");

    // Hand edits are not mixed into a recorded report.
    let path = env.path("plans/arbejdsplads-1.json");
    let text = std::fs::read_to_string(&path).expect("plan");
    std::fs::write(&path, text.replace("Teamledere", "Teamlederne")).expect("edit");
    let edited = env
        .run_on(AT, &["report", PLAN, "--record", "--by", "Leder"])
        .expect_code(1);
    assert!(
        edited
            .stderr
            .contains("har ændringer, der ikke er registreret")
    );
    assert_eq!(env.head(), head);
}

#[test]
fn an_invalid_plan_gets_its_findings_not_a_half_report() {
    let env = TestEnv::new();
    env.plan(
        "ugyldig",
        &crate::common::minimal_plan("ugyldig").replace("\"2024-10\"", "\"efterår 2024\""),
    );
    let output = env
        .run(&["report", "ugyldig", "--at", AT, "--out", "rapport.html"])
        .expect_code(1);
    assert!(output.stdout.is_empty(), "{output}");
    assert!(output.stderr.contains("plans/ugyldig.json:"), "{output}");
    assert!(output.stderr.contains("2024-autumn"), "{output}");
    assert!(
        output
            .stderr
            .contains("Planen \"ugyldig\" er ugyldig (1 fejl)."),
        "{output}"
    );
    assert!(!env.path("rapport.html").exists());
    assert_eq!(env.files(), "plans/\nplans/ugyldig.json");
}

#[test]
fn out_is_written_whole_and_relative_to_the_folder() {
    let env = TestEnv::repo_with_example_plan();
    env.write("rapporter/.keep", "");
    let output = report(&env, &["--out", "rapporter/november.html"]).expect_code(0);
    assert_eq!(
        output.stdout,
        "Rapporten er skrevet til rapporter/november.html.\n"
    );
    let written = env.read("rapporter/november.html");
    assert_eq!(
        String::from_utf8_lossy(&written),
        report(&env, &["--format", "html"]).expect_code(0).stdout
    );
    // Overwriting an earlier report, leaving no temporary file behind.
    report(&env, &["--out", "rapporter/november.html", "--lang", "en"]).expect_code(0);
    let files = env.files();
    assert!(files.contains("rapporter/november.html"));
    assert!(!files.contains(".tmp"), "{files}");
}

#[test]
fn status_timeline_as_text() {
    let env = TestEnv::new();
    env.example_plan(PLAN);
    let output = env
        .run(&["status", PLAN, "--at", AT, "--timeline"])
        .expect_code(0);
    for line in output.stdout.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    insta::assert_snapshot!(output, @r"
    Backbrief fra arbejdsplads 1
    Tidslinje pr. 21. november 2024

                                   2024                2025
                                   sep  okt  nov  dec  jan  feb  mar  apr  maj
                                                ▼ i dag
    Fase 1: Bredt kendskab til ke… ███████░░░░░░░░
      Planlægningsmøder i MED      ────●        ┊
      Gå-hjem-møde for medarbejde…      ●       ┊
      Workshop, hvor de enkelte t…      ────▲   ┊
      Opsamling og procesevalueri…              ┊○
    Fase 2: Implementering af ker…              ┊                ░░░░░░░░░░░░░░░
      Planlægning af implementeri…              ┊                ────○
      Gennemgang af ydelsestypern…              ┊                     ────○
      Gennemgang af ydelsestypern…              ┊                          ────○
    Milepæle                                    ┊
      Opstart af fase 2: implemen…              ┊                ◆
    Afrapportering                              ┊
      Procesevaluering af fase 1…            ────□
      Konklusioner fra proceseval…              ┊ ────□

    █░ fase (udført del)  ● udført  ○ frist  ▲ forsinket  × aflyst  ◆ milepæl
    □ afrapportering  ┊ i dag
    [exit status: 0]
    ");
    env.run(&["status", "--timeline"]).expect_code(2);
    env.run(&["status", PLAN, "--timeline", "--json"])
        .expect_code(2);
}

// ---------------------------------------------------------------------------
// The HTML in a real browser.

const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs `command`, killing it after `limit`; whether it finished in time and
/// succeeded.
fn run_with_limit(command: &mut std::process::Command, limit: Duration) -> bool {
    let Ok(mut child) = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return false;
    };
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// Headless Chromium with a fresh profile, nothing fetched.
fn chromium(profile: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(CHROMIUM);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .env("HOME", profile);
    command
}

/// Runs Chromium as `make` sets it up, until it makes `file`: a second
/// try, with a fresh profile, when a busy machine made the first one fail.
fn chromium_makes(file: &Path, profile: &Path, make: impl Fn(&mut std::process::Command)) -> bool {
    for attempt in 0..2 {
        let profile = profile.join(format!("try-{attempt}"));
        let _ = std::fs::create_dir_all(&profile);
        let mut command = chromium(&profile);
        make(&mut command);
        if run_with_limit(&mut command, Duration::from_secs(150)) && file.is_file() {
            return true;
        }
    }
    false
}

/// Takes a screenshot of `html` with headless Chromium into `png`.
fn screenshot(html: &Path, png: &Path, profile: &Path, size: &str) -> bool {
    chromium_makes(png, profile, |command| {
        command
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("--window-size={size}"))
            .arg(format!("file://{}", html.display()));
    })
}

/// Prints `html` to `pdf` with headless Chromium, as a user's "Save as PDF".
fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) -> bool {
    chromium_makes(pdf, profile, |command| {
        command
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()));
    })
}

/// The report laid out `width` CSS pixels wide (in a frame of a page of the
/// test's own, so that the report itself stays free of scripts): the
/// document's scroll width and client width, and the elements that scroll
/// sideways.
fn layout_at_width(html: &Path, width: u32, profile: &Path) -> String {
    let report = std::fs::read_to_string(html).expect("report");
    let escaped = report
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let page = format!(
        "<!DOCTYPE html><html><body style=\"margin:0\">\
         <iframe id=\"f\" style=\"width:{width}px;height:900px;border:0\" srcdoc=\"{escaped}\"></iframe>\
         <script>window.addEventListener('load', function () {{\
           var d = document.getElementById('f').contentDocument;\
           var root = d.documentElement;\
           var sideways = [];\
           d.querySelectorAll('*').forEach(function (e) {{\
             var o = getComputedStyle(e).overflowX;\
             if ((o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1)\
               sideways.push(e.tagName + '.' + e.className);\
           }});\
           document.body.setAttribute('data-layout', root.scrollWidth + '/' + root.clientWidth + '/' + sideways.join(','));\
         }});</script></body></html>"
    );
    let wrapper = html.with_file_name("layout.html");
    std::fs::write(&wrapper, page).expect("wrapper");
    let output = chromium(profile)
        .arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(format!("file://{}", wrapper.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    dom.split("data-layout=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

/// A word of a PDF as `pdftotext -bbox` places it, in points.
#[derive(Debug)]
struct PdfWord {
    page: usize,
    y_min: f64,
    y_max: f64,
    text: String,
}

/// The words of `pdf` with their boxes, when poppler's pdftotext is there.
fn pdf_words(pdf: &Path) -> Option<Vec<PdfWord>> {
    let output = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let attribute = |line: &str, name: &str| -> f64 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_default()
    };
    let mut page = 0;
    let mut words = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        } else if line.starts_with("<word ") {
            let word = line
                .split('>')
                .nth(1)
                .and_then(|rest| rest.split("</word").next())
                .unwrap_or_default()
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            words.push(PdfWord {
                page,
                y_min: attribute(line, "yMin"),
                y_max: attribute(line, "yMax"),
                text: word,
            });
        }
    }
    (page > 0).then_some(words)
}

/// Where the lead and a reviewer can look at what the browser made.
fn screenshots_dir() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-screenshots");
    std::fs::create_dir_all(&dir).expect("target/report-screenshots");
    dir
}

/// The pixels of a PNG as RGBA rows, with its width and height.
fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 4]>) {
    let file = std::fs::File::open(path).expect("open screenshot");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let bytes = &buffer[..info.buffer_size()];
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "8-bit screenshot");
    let pixels = bytes
        .chunks_exact(channels)
        .map(|p| match channels {
            1 => [p[0], p[0], p[0], 255],
            2 => [p[0], p[0], p[0], p[1]],
            3 => [p[0], p[1], p[2], 255],
            _ => [p[0], p[1], p[2], p[3]],
        })
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn html_report_renders_in_headless_chromium() {
    if !crate::common::tool_present(
        "test_report::html_report_renders_in_headless_chromium",
        CHROMIUM,
        Path::new(CHROMIUM).exists(),
        "apt-get install chromium",
    ) {
        return;
    }
    let env = TestEnv::repo_with_example_plan();
    report(&env, &["--out", "rapport.html"]).expect_code(0);
    let html = env.path("rapport.html");
    let profile = env.path("chromium-profile");
    std::fs::create_dir_all(&profile).expect("profile folder");
    let keep = screenshots_dir();

    for (name, size) in [("desktop.png", "900,1200"), ("phone-360.png", "360,2400")] {
        let png = env.path(name);
        assert!(
            screenshot(&html, &png, &profile, size),
            "Chromium did not make a screenshot ({size})"
        );
        std::fs::copy(&png, keep.join(name)).expect("keep the screenshot");
        let (width, height, pixels) = decode_png(&png);
        let expected: Vec<u32> = size.split(',').map(|n| n.parse().expect("size")).collect();
        assert_eq!((width, height), (expected[0], expected[1]));
        let first = pixels[0];
        let different = pixels.iter().filter(|p| **p != first).count();
        // Not blank: text, tables and the timeline cover a good part of it.
        assert!(
            different * 100 > pixels.len(),
            "{name}: only {different} of {} pixels differ from the background",
            pixels.len()
        );
        if name == "desktop.png" {
            // Some of it is the red of what is overdue.
            let red = pixels
                .iter()
                .filter(|p| p[0] > 150 && p[1] < 80 && p[2] < 80)
                .count();
            assert!(red > 20, "{name}: nothing overdue is shown in red");
        }
    }

    // Issue 12: a phone got a horizontal scrollbar. At 360 CSS pixels
    // nothing is wider than the screen, and nothing scrolls sideways.
    let layout = layout_at_width(&html, 360, &profile);
    let parts: Vec<&str> = layout.splitn(3, '/').collect();
    assert_eq!(parts.len(), 3, "the layout was not measured: {layout:?}");
    let (scroll, client): (u32, u32) = (
        parts[0].parse().expect("scroll width"),
        parts[1].parse().expect("client width"),
    );
    assert!(client > 300 && client <= 360, "{layout}");
    assert!(
        scroll <= client,
        "the page scrolls sideways at 360 px: {layout}"
    );
    assert_eq!(
        parts[2], "",
        "these scroll sideways at 360 px: {}",
        parts[2]
    );

    // Printed (Save as PDF): A4 pages.
    let pdf = env.path("rapport.pdf");
    assert!(
        print_to_pdf(&html, &pdf, &profile),
        "Chromium did not print to PDF"
    );
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    std::fs::copy(&pdf, keep.join("rapport.pdf")).expect("keep the PDF");
    let pdf_text = String::from_utf8_lossy(&bytes);
    assert!(
        pdf_text.contains("/MediaBox [0 0 594.9") && pdf_text.contains(" 841.9"),
        "not A4"
    );

    // What the printed page says, where poppler's pdftotext is installed
    // (.ci/run installs it).
    let pdftotext = std::process::Command::new("pdftotext").arg("-v").output();
    if !crate::common::tool_present(
        "the PDF part of test_report::html_report_renders_in_headless_chromium",
        "pdftotext",
        pdftotext.is_ok(),
        "apt-get install poppler-utils",
    ) {
        return;
    }
    let words = pdf_words(&pdf).expect("pdftotext read no page of the printed report");
    if let Ok(status) = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(keep.join("rapport-page"))
        .status()
    {
        assert!(status.success(), "pdftoppm");
    }
    // Issue 12: the timeline printed at 5–6 pt. Its month names are at
    // least 8 pt now (a word's box is about 1.15 times its font size).
    let months: Vec<&PdfWord> = words
        .iter()
        .filter(|w| {
            ["sep", "okt", "dec", "jan", "feb", "mar", "apr", "maj"].contains(&w.text.as_str())
        })
        .collect();
    assert!(months.len() >= 6, "the timeline's months: {months:?}");
    for month in &months {
        let height = month.y_max - month.y_min;
        assert!(height >= 9.0, "{} prints {height:.1} pt high", month.text);
    }
    // …and its labels are whole, wrapped rather than cut: the reporting
    // row ends with its receiver.
    let all: String = words.iter().map(|w| format!("{} ", w.text)).collect();
    assert!(
        all.contains("skitseplan for fase 2 (til Nærmeste chef)"),
        "{all}"
    );
    assert!(!all.contains("Nærmes…"), "a label is cut: {all}");
    // Issue 12: a heading was left alone at the foot of a page. Every
    // section heading has its section's first lines below it on its page.
    for heading in [
        "Udgangspunkt",
        "Hovedopgave",
        "Afrapportering",
        "Tidslinje",
        "Balancen",
    ] {
        let word = words
            .iter()
            .find(|w| w.text == heading)
            .unwrap_or_else(|| panic!("{heading} is printed"));
        let below = words
            .iter()
            .filter(|w| w.page == word.page && w.y_min > word.y_max + 2.0)
            .count();
        assert!(
            below >= 3,
            "{heading} stands alone at the foot of page {}",
            word.page
        );
    }
}
