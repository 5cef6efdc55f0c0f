//! The command line itself: help, wrong flags, `-C`, `--at`, `--lang`.

use crate::common::TestEnv;

/// The commands `backbrief --help` lists (without `help`).
fn commands(env: &TestEnv) -> Vec<String> {
    let help = env.run(&["--help"]).expect_code(0);
    help.stdout
        .lines()
        .skip_while(|line| !line.starts_with("Kommandoer:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // A command's name is indented by two spaces; wrapped descriptions by more.
        .filter(|line| !line[2..].starts_with(' '))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn help_of_every_command_succeeds() {
    let env = TestEnv::new();
    let commands = commands(&env);
    for expected in ["new", "validate", "status"] {
        assert!(
            commands.iter().any(|c| c == expected),
            "{expected} missing from --help: {commands:?}"
        );
    }
    for command in &commands {
        let output = env.run(&[command, "--help"]).expect_code(0);
        assert!(
            output
                .stdout
                .contains(&format!("Brug: backbrief {command}")),
            "{command}: {output}"
        );
        assert_eq!(output.stderr, "", "{command}");
        env.run(&["help", command]).expect_code(0);
        let english = env.run(&["--lang", "en", command, "--help"]).expect_code(0);
        assert!(
            english
                .stdout
                .contains(&format!("Usage: backbrief {command}")),
            "{command}: {english}"
        );
    }
    assert_eq!(env.files(), "plans/", "--help must not create anything");
}

#[test]
fn version() {
    let env = TestEnv::new();
    let output = env.run(&["--version"]).expect_code(0);
    assert!(output.stdout.starts_with("backbrief "), "{output}");
}

#[test]
fn no_command_is_a_usage_error() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&[]).expect_code(2), @"
    ------- stderr -------
    fejl: Der mangler en kommando efter backbrief.
    tip: Kommandoerne er: init, new, validate, status, decide, log, show, blame, revert, verify, sync, hook, report, export, serve, schema, completions, man.
    tip: Brug: backbrief [TILVALG] <KOMMANDO>
    tip: Se `backbrief --help` for alle tilvalg.
    [exit status: 2]
    ");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.run(&["status", "--bogus", "--at", "2024-11-21"]).expect_code(2), @"
    ------- stderr -------
    fejl: --bogus er ikke et tilvalg for backbrief status.
    tip: Skal --bogus være en værdi, så skriv `-- --bogus`.
    tip: Brug: backbrief status [TILVALG] [PLAN]
    tip: Se `backbrief status --help` for alle tilvalg.
    [exit status: 2]
    ");
    for command in commands(&env) {
        env.run(&[&command, "--no-such-flag"]).expect_code(2);
    }
}

#[test]
fn unknown_command_is_a_usage_error() {
    let env = TestEnv::new();
    let output = env.run(&["statsu"]).expect_code(2);
    assert!(output.stderr.contains("status"), "{output}");
}

/// Runs the binary in the test folder with these arguments and no `-C` of
/// the test environment's own.
fn run_here(env: &TestEnv, args: &[&str]) -> crate::common::Output {
    let mut command = env.command_without_dir();
    command.args(args);
    env.run_command(command)
}

#[test]
fn directory_that_does_not_exist() {
    let env = TestEnv::new();
    insta::assert_snapshot!(run_here(&env, &["-C", "findes-ikke", "status", "--at", "2024-11-21"]).expect_code(3), @r"
    ------- stderr -------
    fejl: Kan ikke gå til mappen [ROOT]/findes-ikke: den findes ikke.
    [exit status: 3]
    ");
    run_here(&env, &["-C", "findes-ikke", "validate"]).expect_code(3);
    run_here(
        &env,
        &["-C", "findes-ikke", "new", "x", "--at", "2024-11-21"],
    )
    .expect_code(3);
    assert_eq!(env.files(), "plans/");
}

#[test]
fn directory_that_is_a_file() {
    let env = TestEnv::new();
    env.write("fil.txt", "ikke en mappe\n");
    run_here(&env, &["-C", "fil.txt", "status", "--at", "2024-11-21"]).expect_code(3);
}

#[test]
fn relative_directory_is_relative_to_where_it_is_started() {
    let env = TestEnv::without_plans();
    env.write(
        "udvalg/plans/lille.json",
        crate::common::minimal_plan("lille"),
    );
    let output = run_here(&env, &["-C", "udvalg", "validate"]).expect_code(0);
    assert!(output.stdout.starts_with("Tjekkede 1 plan:"), "{output}");
}

#[test]
fn bad_at_date_is_a_usage_error() {
    let env = TestEnv::new();
    env.example_plan("arbejdsplads-1");
    insta::assert_snapshot!(env.run(&["status", "--at", "2024-13-01"]).expect_code(2), @r#"
    ------- stderr -------
    fejl: Værdien af --at <DATO> kan ikke bruges: "2024-13-01" er ikke en dato.
    tip: Skriv en dato som 2024-09-12, 12.9.2024, 12-09-2024 eller 12. september 2024.
    tip: Se `backbrief status --help` for alle tilvalg.
    [exit status: 2]
    "#);
    for bad in ["2024-02-30", "30.2.2024", "november 2024", "i morgen", ""] {
        env.run(&["status", "--at", bad]).expect_code(2);
        env.run(&["new", "x", "--at", bad]).expect_code(2);
    }
    assert_eq!(env.files(), "plans/\nplans/arbejdsplads-1.json");
}

#[test]
fn bad_lang_and_color_are_usage_errors() {
    let env = TestEnv::new();
    env.run(&["--lang", "de", "status", "--at", "2024-11-21"])
        .expect_code(2);
    env.run(&["--color", "sometimes", "status", "--at", "2024-11-21"])
        .expect_code(2);
}

#[test]
fn global_flags_work_after_the_command_too() {
    let env = TestEnv::new();
    env.example_plan("arbejdsplads-1");
    let before = env
        .run(&["--lang", "en", "status", "--at", "2024-11-21"])
        .expect_code(0);
    let after = env
        .run(&["status", "--lang", "en", "--at", "2024-11-21"])
        .expect_code(0);
    assert_eq!(before.stdout, after.stdout);
    assert!(after.stdout.starts_with("Plans as of 21 November 2024"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `backbrief status | head -1`: the reader goes away early.
    let env = TestEnv::new();
    env.example_plan("arbejdsplads-1");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_backbrief"));
    command
        .args(["-C"])
        .arg(env.root())
        .args(["status", "arbejdsplads-1", "--at", "2024-11-21"])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.code().is_some(), "killed by a signal");
}
