//! `backbrief new`: a plan from a template, which then validates; the list of
//! templates; never overwriting a plan; refusing ids that are not safe names.

use crate::common::TestEnv;

const TEMPLATES: [&str; 5] = [
    "backbrief",
    "backbrief-en",
    "kerneopgave-forloeb",
    "rette-balancer",
    "fire-steder",
];

#[test]
fn template_without_a_value_lists_the_templates() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["new", "--template"]).expect_code(0), @r#"
    Skabeloner (--template <navn>):
      backbrief            Tom backbrief: udgangspunkt, hovedopgave, hvordan vi vil
                           opnå det, to faser og afrapportering.
      backbrief-en         Tom backbrief på engelsk: udgangspunkt, hovedopgave,
                           hvordan vi vil opnå det, to faser og afrapportering.
      kerneopgave-forloeb  KL's forløb "Styrk samarbejdet om kerneopgaven": to
                           moduler (samarbejde, kommunikation) med to temaer hver.
      rette-balancer       Dialogredskabet "De rette balancer?" fra Stærkere sammen:
                           de fire fællesskaber i fem trin (1–1½ time).
      fire-steder          Fremfærds "Fire enkle steder at starte": fire tilgange
                           til dialog om kerneopgaven og dens tre perspektiver.
    [exit status: 0]
    "#);
    assert_eq!(env.files(), "plans/", "listing must not create anything");
}

#[test]
fn template_list_in_english() {
    let env = TestEnv::new();
    let output = env
        .run(&["--lang", "en", "new", "--template"])
        .expect_code(0);
    assert!(output.stdout.starts_with("Templates"), "{output}");
    for name in TEMPLATES {
        assert!(output.stdout.contains(&format!("  {name} ")), "{output}");
    }
}

#[test]
fn the_list_names_exactly_the_five_templates() {
    let env = TestEnv::new();
    let output = env.run(&["new", "--template"]).expect_code(0);
    let names: Vec<&str> = output
        .stdout
        .lines()
        .skip(1)
        // A name starts each entry; wrapped descriptions are indented further.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(names, TEMPLATES);
}

#[test]
fn unknown_template_is_a_usage_error_that_lists_the_templates() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["new", "x", "--template", "nope"]).expect_code(2), @r#"
    ------- stderr -------
    fejl: Der er ingen skabelon, der hedder "nope".
    tip: Skabeloner (--template <navn>):
      backbrief            Tom backbrief: udgangspunkt, hovedopgave, hvordan vi vil
                           opnå det, to faser og afrapportering.
      backbrief-en         Tom backbrief på engelsk: udgangspunkt, hovedopgave,
                           hvordan vi vil opnå det, to faser og afrapportering.
      kerneopgave-forloeb  KL's forløb "Styrk samarbejdet om kerneopgaven": to
                           moduler (samarbejde, kommunikation) med to temaer hver.
      rette-balancer       Dialogredskabet "De rette balancer?" fra Stærkere sammen:
                           de fire fællesskaber i fem trin (1–1½ time).
      fire-steder          Fremfærds "Fire enkle steder at starte": fire tilgange
                           til dialog om kerneopgaven og dens tre perspektiver.
    [exit status: 2]
    "#);
    assert_eq!(env.files(), "plans/");
}

#[test]
fn new_plan_from_the_default_template_validates() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["new", "myplan", "--at", "2026-03-01"]).expect_code(0), @r#"
    Oprettede plans/myplan.json fra skabelonen "backbrief" (perioder fra 2026).
    [exit status: 0]
    "#);
    assert_eq!(env.files(), "plans/\nplans/myplan.json");

    let validate = env.run(&["validate", "--strict"]).expect_code(0);
    insta::assert_snapshot!(validate, @"
    Tjekkede 1 plan: ingen problemer.
    [exit status: 0]
    ");

    let plan: serde_json::Value =
        serde_json::from_slice(&env.read("plans/myplan.json")).expect("JSON");
    assert_eq!(plan["id"], "myplan");
    assert_eq!(plan["format"], 1);
    // The plan starts in 2026; nothing is left in the template's years.
    let first_period = plan["phases"][0]["period"].as_str().expect("period");
    assert!(first_period.starts_with("2026"), "{first_period}");
    let text = String::from_utf8(env.read("plans/myplan.json")).unwrap();
    assert!(
        !text.contains("\"2000") && !text.contains("\"2001"),
        "{text}"
    );
}

#[test]
fn a_new_plan_has_a_status() {
    let env = TestEnv::new();
    env.run(&["new", "myplan", "--at", "2026-03-01"])
        .expect_code(0);
    let json = env
        .run(&["status", "myplan", "--at", "2026-03-01", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(json["id"], "myplan");
    assert_eq!(json["overdue"].as_array().map(Vec::len), Some(0));
}

#[test]
fn every_template_makes_a_valid_plan() {
    for template in TEMPLATES {
        let env = TestEnv::new();
        let id = format!("ny-{template}");
        let output = env
            .run(&["new", &id, "--template", template, "--at", "2026-03-01"])
            .expect_code(0);
        assert!(
            output.stdout.contains(&format!("plans/{id}.json")),
            "{output}"
        );
        let validate = env.run(&["validate", "--strict"]).expect_code(0);
        assert!(
            validate.stdout.contains("ingen problemer"),
            "{template}: {validate}"
        );
        env.run(&["status", &id, "--at", "2026-03-01"])
            .expect_code(0);
    }
}

#[test]
fn the_english_template_speaks_english() {
    let env = TestEnv::new();
    env.run(&[
        "new",
        "team",
        "--template",
        "backbrief-en",
        "--at",
        "2026-03-01",
    ])
    .expect_code(0);
    let plan: serde_json::Value = serde_json::from_slice(&env.read("plans/team.json")).unwrap();
    assert_eq!(plan["language"], "en");
    let status = env
        .run(&["status", "team", "--at", "2026-03-01"])
        .expect_code(0);
    assert!(status.stdout.contains("Phases"), "{status}");
}

#[test]
fn title_sets_the_title() {
    let env = TestEnv::new();
    env.run(&[
        "new",
        "team-2",
        "--template",
        "fire-steder",
        "--title",
        "Backbrief fra team 2",
        "--at",
        "2026-03-01",
    ])
    .expect_code(0);
    let plan: serde_json::Value = serde_json::from_slice(&env.read("plans/team-2.json")).unwrap();
    assert_eq!(plan["title"], "Backbrief fra team 2");
    assert_eq!(plan["id"], "team-2");
    env.run(&["validate"]).expect_code(0);
}

#[test]
fn an_existing_plan_is_never_overwritten() {
    let env = TestEnv::new();
    let before = b"{ \"my own\": \"edits, not even valid\" }\n";
    env.plan_bytes("myplan", before);
    insta::assert_snapshot!(env.run(&["new", "myplan", "--at", "2026-03-01"]).expect_code(1), @r"
    ------- stderr -------
    fejl: plans/myplan.json findes allerede; den overskrives ikke.
    tip: Vælg et andet id, eller ret den eksisterende plan.
    [exit status: 1]
    ");
    assert_eq!(env.read("plans/myplan.json"), before);
    assert_eq!(env.files(), "plans/\nplans/myplan.json");
}

#[test]
fn an_id_that_is_not_a_safe_file_name_is_refused() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["new", "../x", "--at", "2026-03-01"]).expect_code(2), @r#"
    ------- stderr -------
    fejl: "../x" kan ikke bruges som id: brug små bogstaver (a–z), cifre og bindestreger, højst 64 tegn, og begynd med et bogstav eller ciffer.
    tip: Prøv "x".
    [exit status: 2]
    "#);
    assert_eq!(env.files(), "plans/", "no file may be created anywhere");
}

#[test]
fn other_bad_ids_get_a_suggestion() {
    let env = TestEnv::new();
    let output = env
        .run(&["new", "Min Plan", "--at", "2026-03-01"])
        .expect_code(2);
    assert!(output.stderr.contains("\"min-plan\""), "{output}");
    for bad in ["", "-x", "x/y", "/tmp/x", "a.json", &"a".repeat(65)] {
        env.run(&["new", bad, "--at", "2026-03-01"]).expect_code(2);
    }
    assert_eq!(env.files(), "plans/");
}

#[test]
fn new_without_an_id() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["new"]).expect_code(2), @r#"
    ------- stderr -------
    fejl: Angiv id'et på den nye plan.
    tip: Fx `backbrief new arbejdsplads-2 --title "Backbrief fra arbejdsplads 2"`.
    [exit status: 2]
    "#);
}

#[test]
fn new_without_a_plans_folder() {
    let env = TestEnv::without_plans();
    let output = env
        .run(&["new", "myplan", "--at", "2026-03-01"])
        .expect_code(3);
    assert!(output.stderr.contains("backbrief init"), "{output}");
    assert_eq!(env.files(), "");
}
