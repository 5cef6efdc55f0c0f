//! The command line speaks the chosen language: `--lang`, else
//! `BACKBRIEF_LANG`, else the locale, else Danish — in its errors, `--help`
//! and the man page.

use crate::common::TestEnv;

fn run_with(env: &TestEnv, vars: &[(&str, &str)], args: &[&str]) -> crate::common::Output {
    let mut command = env.command();
    for (name, value) in vars {
        command.env(name, value);
    }
    command.args(args);
    env.run_command(command)
}

#[test]
fn a_missing_argument_in_each_language() {
    let env = TestEnv::new();
    let args = ["decide", "arbejdsplads-1", "-m", "Workshoppen er holdt"];
    insta::assert_snapshot!(env.run(&args).expect_code(2), @"
    ------- stderr -------
    fejl: Der mangler noget på kommandolinjen: --by <HVEM>.
    tip: Brug: backbrief decide --message <RESUMÉ> --by <HVEM> <PLAN>
    tip: Se `backbrief decide --help` for alle tilvalg.
    [exit status: 2]
    ");
    let english = run_with(&env, &[("LANG", "en_GB.UTF-8")], &args).expect_code(2);
    insta::assert_snapshot!(english, @"
    ------- stderr -------
    error: The command line lacks something: --by <WHO>.
    hint: Usage: backbrief decide --message <SUMMARY> --by <WHO> <PLAN>
    hint: See `backbrief decide --help` for every option.
    [exit status: 2]
    ");
    let first_line = |output: crate::common::Output| {
        output.stderr.lines().next().unwrap_or_default().to_string()
    };
    let english = "error: The command line lacks something: --by <WHO>.";
    let danish = "fejl: Der mangler noget på kommandolinjen: --by <HVEM>.";
    let env_en = [("BACKBRIEF_LANG", "en")];
    assert_eq!(
        first_line(run_with(&env, &env_en, &args).expect_code(2)),
        english
    );
    let locale_en = [("LC_ALL", "en_US.UTF-8"), ("LANG", "da_DK.UTF-8")];
    assert_eq!(
        first_line(run_with(&env, &locale_en, &args).expect_code(2)),
        english
    );
    let locale_other = [("LANG", "de_DE.UTF-8")];
    assert_eq!(
        first_line(run_with(&env, &locale_other, &args).expect_code(2)),
        danish
    );
    // --lang wins over the environment, wherever it stands.
    let mut danish_args = args.to_vec();
    danish_args.extend(["--lang", "da"]);
    assert_eq!(
        first_line(run_with(&env, &env_en, &danish_args).expect_code(2)),
        danish
    );
}

#[test]
fn an_unknown_command_and_a_bad_choice() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["statsu"]).expect_code(2), @"
    ------- stderr -------
    fejl: statsu er ikke en kommando i backbrief.
    tip: Mente du status?
    tip: Brug: backbrief [TILVALG] <KOMMANDO>
    tip: Se `backbrief --help` for alle tilvalg.
    [exit status: 2]
    ");
    insta::assert_snapshot!(
        env.run(&["export", "x", "--format", "pdf"]).expect_code(2),
        @r#"
    ------- stderr -------
    fejl: "pdf" er ikke en mulig værdi for --format <FORMAT>.
    tip: Mulige værdier: ics, csv, json.
    tip: Se `backbrief export --help` for alle tilvalg.
    [exit status: 2]
    "#
    );
    insta::assert_snapshot!(
        env.run(&["--lang", "en", "export", "x", "--format", "pdf"]).expect_code(2),
        @r#"
    ------- stderr -------
    error: "pdf" is not a possible value of --format <FORMAT>.
    hint: Possible values: ics, csv, json.
    hint: See `backbrief export --help` for every option.
    [exit status: 2]
    "#
    );
}

#[test]
fn help_in_danish_and_english() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["blame", "-h"]).expect_code(0), @r"
    Vis hvilken beslutning der sidst satte hvert felt i en plan

    Brug: backbrief blame [TILVALG] <PLAN> [ID]

    Argumenter:
      <PLAN>  Planen (dens id)
      [ID]    Kun dette punkt (id'et på en fase, aktivitet, milepæl eller afrapportering)

    Tilvalg:
      -C <MAPPE>           Kør som om startet i <MAPPE> (som git -C)
          --json           Skriv resultatet som JSON (til scripts)
          --lang <SPROG>   Sproget der tales: da eller en (standard: BACKBRIEF_LANG, ellers planens
                           sprog, ellers da) [mulige værdier: da, en] [env: BACKBRIEF_LANG=]
          --color <FARVE>  Hvornår output farves: auto (en terminal, og NO_COLOR ikke sat), always
                           (altid) eller never (aldrig) [mulige værdier: auto, always, never; standard:
                           auto]
      -h, --help           Vis hjælp (mere med --help)
    [exit status: 0]
    ");
    insta::assert_snapshot!(env.run(&["--lang", "en", "blame", "-h"]).expect_code(0), @"
    Show which decision last set each field of a plan

    Usage: backbrief blame [OPTIONS] <PLAN> [ID]

    Arguments:
      <PLAN>  The plan (its id)
      [ID]    Only this item (a phase, activity, milestone or reporting id)

    Options:
      -C <DIR>             Run as if started in <DIR> (like git -C)
          --json           Print the result as JSON (for scripts)
          --lang <LANG>    The language to speak: da or en (default: BACKBRIEF_LANG, else the plan's
                           language, else da) [env: BACKBRIEF_LANG=] [possible values: da, en]
          --color <COLOR>  When to colour output: auto (a terminal, and NO_COLOR unset), always or never
                           [default: auto] [possible values: auto, always, never]
      -h, --help           Print help (see more with '--help')
    [exit status: 0]
    ");
}

#[test]
fn the_man_page_in_danish() {
    let env = TestEnv::new();
    let page = env.run(&["man"]).expect_code(0).stdout;
    for danish in [
        ".SH NAVN",
        ".SH BESKRIVELSE",
        ".SH TILVALG",
        ".SH KOMMANDOER",
        "Vis hvor planerne står",
    ] {
        assert!(page.contains(danish), "{danish}:\n{page}");
    }
    for english in [
        ".SH OPTIONS",
        "Possible values",
        "[default:",
        "Show where plans stand",
    ] {
        assert!(!page.contains(english), "{english}:\n{page}");
    }
    let page = env.run(&["--lang", "en", "man"]).expect_code(0).stdout;
    assert!(page.contains("Show where plans stand"), "{page}");
}
