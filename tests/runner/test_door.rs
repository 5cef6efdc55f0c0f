//! The one door every write goes through: an editor's save is never lost,
//! the index holds what git itself would store, the repository's hooks run,
//! warnings are said, and bad input at the edges gets a clear answer.

use std::process::Stdio;
use std::time::Duration;

use crate::common::{SECRETARY, TestEnv, spawnable};

const PLAN: &str = "arbejdsplads-1";
const PLAN_FILE: &str = "plans/arbejdsplads-1.json";

fn decide(env: &TestEnv, args: &[&str]) -> crate::common::Output {
    let mut all = vec![
        "decide",
        PLAN,
        "-m",
        "Workshop gennemført",
        "--by",
        "Lokal-MED",
    ];
    all.extend(args);
    env.run_on("2024-10-10", &all)
}

/// What the branch, the index and the plan file hold.
fn state(env: &TestEnv) -> (String, String, Vec<u8>) {
    (env.head(), env.porcelain(), env.read(PLAN_FILE))
}

#[test]
fn an_editors_save_while_decide_runs_is_never_lost() {
    let env = TestEnv::repo_with_example_plan();
    let original = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    let mut lost = Vec::new();
    for round in 0..200u32 {
        // Start from the recorded plan each round.
        env.git(&["checkout", "--", PLAN_FILE]);
        let status = if round % 2 == 0 { "done" } else { "blocked" };
        let mut command = env.command_as(SECRETARY, "2024-10-10");
        command.args([
            "decide",
            PLAN,
            "-m",
            &format!("Runde {round}"),
            "--by",
            "Lokal-MED",
            "--set",
            &format!("gaa-hjem-moede.status={status}"),
        ]);
        let child = spawnable(&command)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start decide");
        // The editor saves at some moment while decide runs: before it
        // reads, while it writes, or after it finished.
        std::thread::sleep(Duration::from_micros(u64::from(round % 25) * 400));
        let saved = original.replace(
            "\"title\": \"Backbrief fra arbejdsplads 1\"",
            &format!("\"title\": \"Backbrief fra arbejdsplads 1 (gemt {round})\""),
        );
        assert_ne!(saved, original, "the editor's save changes the title");
        std::fs::write(env.path(PLAN_FILE), &saved).expect("the editor saves");
        let output = child.wait_with_output().expect("decide ends");
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "round {round}: {code:?}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // Whatever decide did, the editor's save is what the file holds.
        if env.read(PLAN_FILE) != saved.as_bytes() {
            lost.push(round);
        }
    }
    assert!(
        lost.is_empty(),
        "the editor's save was lost in rounds {lost:?}"
    );
    env.assert_fsck_clean();
}

#[test]
fn a_save_after_the_read_is_kept_and_said() {
    // The decision reads the file, then the "editor" (the pre-commit hook,
    // at the last moment before the commit) saves it: the decision is
    // recorded, the save is left in place, and the user is told.
    let env = TestEnv::repo_with_example_plan();
    let hook = env.path(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().expect("hooks folder")).expect("hooks folder");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nsed -i 's/Backbrief fra arbejdsplads 1/Gemt i editoren/' {PLAN_FILE}\n"
        ),
    )
    .expect("write hook");
    make_executable(&hook);
    let output = decide(&env, &["--set", "workshop-i-teams.status=done"]).expect_code(0);
    assert!(output.stderr.contains("blev gemt igen"), "{output}");
    assert!(
        output.stderr.contains("git diff plans/arbejdsplads-1.json"),
        "{output}"
    );
    let file = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    assert!(file.contains("Gemt i editoren"), "the save is kept");
    assert!(!file.contains("\"status\": \"done\",\n          \"owner\": \"Arbejdsmiljøgruppen\""));
    let recorded = env.git(&["show", &format!("HEAD:{PLAN_FILE}")]);
    assert!(
        !recorded.contains("Gemt i editoren"),
        "the save is not recorded"
    );
    assert_eq!(env.porcelain(), format!(" M {PLAN_FILE}\n"));
}

#[test]
fn a_crlf_hand_edit_under_autocrlf_leaves_git_status_clean() {
    let env = TestEnv::repo_with_example_plan();
    env.git(&["config", "core.autocrlf", "true"]);
    let text = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    let edited = text
        .replace("\"status\": \"planned\"", "\"status\": \"done\"")
        .replace('\n', "\r\n");
    std::fs::write(env.path(PLAN_FILE), &edited).expect("save with CRLF");
    decide(&env, &[]).expect_code(0);
    assert_eq!(
        env.porcelain(),
        "",
        "git status is clean after the decision"
    );
    let stored = env.git(&["show", &format!("HEAD:{PLAN_FILE}")]);
    assert!(!stored.contains('\r'), "git stores LF, as git add would");
    // The next plain commit carries nothing of the plan along.
    env.write("notes.txt", "referat");
    env.git(&["add", "notes.txt"]);
    env.git(&["commit", "-q", "-m", "Referat"]);
    assert_eq!(
        env.git(&["show", "--name-only", "--format=", "HEAD"]),
        "notes.txt\n"
    );
    env.run(&["verify"]).expect_code(0);
}

#[test]
fn a_crlf_hand_edit_under_text_auto_leaves_git_status_clean() {
    let env = TestEnv::repo_with_example_plan();
    let mut attributes = env.read(".gitattributes");
    attributes.extend_from_slice(b"* text=auto\n");
    env.write(".gitattributes", attributes);
    let text = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    std::fs::write(
        env.path(PLAN_FILE),
        text.replace("\"status\": \"planned\"", "\"status\": \"done\"")
            .replace('\n', "\r\n"),
    )
    .expect("save with CRLF");
    decide(&env, &[]).expect_code(0);
    assert_eq!(env.porcelain(), " M .gitattributes\n");
    assert!(
        !env.git(&["show", &format!("HEAD:{PLAN_FILE}")])
            .contains('\r')
    );
}

fn make_executable(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
            .expect("make the hook executable");
    }
}

fn hook(env: &TestEnv, name: &str, script: &str) {
    let path = env.path(&format!(".git/hooks/{name}"));
    std::fs::create_dir_all(path.parent().expect("hooks folder")).expect("hooks folder");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("write hook");
    make_executable(&path);
}

#[test]
fn a_failing_pre_commit_hook_refuses_the_decision_and_changes_nothing() {
    let env = TestEnv::repo_with_example_plan();
    hook(
        &env,
        "pre-commit",
        "echo 'Planen skal godkendes af HR først' >&2; exit 1",
    );
    let before = state(&env);
    let output = decide(&env, &["--set", "workshop-i-teams.status=done"]).expect_code(1);
    insta::assert_snapshot!(env.redact(&output.stderr), @r"
    fejl: Git-hooken pre-commit afviste beslutningen; intet er registreret, og filen er uændret.
      årsag: Planen skal godkendes af HR først
    tip: Hooken er [ROOT]/.git/hooks/pre-commit. Ret det, den klager over, eller spring pre-commit og commit-msg over med --no-verify, som med git commit.
    ");
    assert_eq!(state(&env), before);
    // --no-verify skips it, as with git commit.
    decide(
        &env,
        &["--set", "workshop-i-teams.status=done", "--no-verify"],
    )
    .expect_code(0);
}

#[test]
fn the_pre_commit_hook_sees_the_decisions_content_in_its_index() {
    let env = TestEnv::repo_with_example_plan();
    hook(
        &env,
        "pre-commit",
        &format!("git show :{PLAN_FILE} | grep -q '\"status\": \"done\"' || exit 1"),
    );
    decide(&env, &["--set", "workshop-i-teams.status=done"]).expect_code(0);
}

#[test]
fn commit_msg_and_post_commit_hooks_run_as_with_git_commit() {
    let env = TestEnv::repo_with_example_plan();
    hook(
        &env,
        "commit-msg",
        "printf 'Signed-off-by: Sekretær\\n' >> \"$1\"",
    );
    hook(
        &env,
        "post-commit",
        "echo efter-registrering > post-commit-ran",
    );
    decide(&env, &["--set", "workshop-i-teams.status=done"]).expect_code(0);
    assert!(
        env.git(&["log", "-1", "--format=%B"])
            .contains("Signed-off-by: Sekretær")
    );
    assert_eq!(env.read("post-commit-ran"), b"efter-registrering\n");
    assert_eq!(
        env.trailers("HEAD").lines().next(),
        Some("Plan: arbejdsplads-1")
    );
}

#[test]
fn a_commit_msg_hook_that_removes_the_trailers_is_refused() {
    let env = TestEnv::repo_with_example_plan();
    hook(&env, "commit-msg", "echo 'Bare en besked' > \"$1\"");
    let before = state(&env);
    let output = decide(&env, &["--set", "workshop-i-teams.status=done"]).expect_code(1);
    assert!(
        output.stderr.contains("commit-msg ændrede beskeden"),
        "{output}"
    );
    assert_eq!(state(&env), before);
}

#[test]
fn a_decision_that_gives_the_plan_a_warning_is_recorded_and_says_so() {
    let env = TestEnv::repo_with_example_plan();
    // Due in 2026, outside its phase (autumn 2024): a warning.
    let output = decide(&env, &["--set", "gaa-hjem-moede.due=2026-01"]).expect_code(0);
    insta::assert_snapshot!(env.redact(&output.redact_commits().to_string()), @r#"
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Workshop gennemført
      - Gå-hjem-møde for medarbejderne, hvor kerneopgaven præsenteres: frist 3. oktober 2024 → januar 2026
    ------- stderr -------
    Planen har advarsler efter beslutningen (de forhindrer den ikke; --strict gør):
    plans/arbejdsplads-1.json:39:18: advarsel: "Gå-hjem-møde for medarbejderne, hvor kerneopgaven præsenteres" har frist januar 2026, uden for fasen "Fase 1: Bredt kendskab til kerneopgaven" (efterår 2024). [/phases/0/subtasks/1/due]
      tip: Ret fristen, eller flyt aktiviteten til den fase, den hører til.
    [exit status: 0]
    "#);
}

#[test]
fn strict_refuses_a_decision_that_gives_the_plan_a_warning() {
    let env = TestEnv::repo_with_example_plan();
    let before = state(&env);
    let output = decide(&env, &["--set", "gaa-hjem-moede.due=2026-01", "--strict"]).expect_code(1);
    assert!(output.stderr.contains("--strict er valgt"), "{output}");
    assert!(output.stderr.contains("advarsel:"), "{output}");
    assert_eq!(state(&env), before);
}

#[test]
fn a_git_author_date_with_a_non_ascii_offset_is_refused_not_a_panic() {
    let env = TestEnv::repo_with_example_plan();
    let mut command = env.command_as(SECRETARY, "2024-10-10");
    command.env("GIT_AUTHOR_DATE", "1726128000 aéb").args([
        "decide",
        PLAN,
        "-m",
        "x",
        "--by",
        "y",
        "--set",
        "workshop-i-teams.status=done",
    ]);
    let output = env.run_command(command).expect_code(3);
    assert!(output.stderr.contains("GIT_AUTHOR_DATE"), "{output}");
    assert!(!output.stderr.contains("panicked"), "{output}");
}

#[test]
fn a_hand_edited_plan_that_is_not_utf8_is_named_as_such() {
    let env = TestEnv::repo_with_example_plan();
    let mut bytes = env.read(PLAN_FILE);
    let at = bytes
        .windows(8)
        .position(|w| w == b"Backbrie")
        .expect("the title");
    bytes[at] = 0xE6; // "æ" in Latin-1, as an old Windows editor saves it
    std::fs::write(env.path(PLAN_FILE), &bytes).expect("save as Latin-1");
    let output = decide(&env, &[]).expect_code(1);
    assert!(!output.stderr.contains("tom"), "not called empty: {output}");
    assert!(output.stderr.contains("UTF-8"), "{output}");
    assert!(
        output.stderr.contains("plans/arbejdsplads-1.json:"),
        "{output}"
    );
}

#[test]
fn a_plan_id_windows_cannot_use_as_a_file_name_is_refused() {
    let env = TestEnv::repo();
    for id in ["con", "nul", "aux", "com1", "lpt9"] {
        let output = env
            .run_on("2024-09-02", &["new", id, "--by", "Lokal-MED"])
            .expect_code(2);
        assert!(output.stderr.contains(id), "{output}");
        assert!(!env.path(&format!("plans/{id}.json")).exists());
    }
    env.run_on("2024-09-02", &["new", "con-2025", "--by", "Lokal-MED"])
        .expect_code(0);
}

#[test]
fn text_from_a_plan_cannot_drive_the_terminal() {
    // A plan pulled in by sync (or edited by hand) with escape sequences in
    // a title: every command shows them as visible characters.
    let env = TestEnv::repo_with_example_plan();
    let text = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    let hostile = "Møde\\u001b[2J\\u001b]0;hacked\\u0007\u{202e}slut";
    std::fs::write(
        env.path(PLAN_FILE),
        text.replace(
            "Gå-hjem-møde for medarbejderne, hvor kerneopgaven præsenteres",
            hostile,
        ),
    )
    .expect("hand edit");
    let output = decide(&env, &[]).expect_code(0);
    assert!(!output.stdout.contains('\u{1b}'), "{output}");
    assert!(
        output.stdout.contains("Møde␛[2J␛]0;hacked␇<U+202E>slut"),
        "{output}"
    );
    for args in [
        vec!["status", PLAN],
        vec!["log"],
        vec!["show", "HEAD"],
        vec!["blame", PLAN],
        vec!["validate"],
    ] {
        let output = env.run(&args).expect_code(0);
        for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!output.stdout.contains(c), "{args:?}: {output}");
            assert!(!output.stderr.contains(c), "{args:?}: {output}");
        }
    }
    // The JSON keeps the value exactly, escaped.
    let json = env.run(&["status", PLAN, "--json"]).expect_code(0);
    assert!(json.stdout.contains("\\u001b[2J"), "{json}");
    assert!(json.stdout.contains("\\u202e"), "{json}");
}

#[test]
fn control_characters_and_lone_surrogates_in_set_values_are_refused() {
    let env = TestEnv::repo_with_example_plan();
    let before = state(&env);
    for value in ["Møde\u{1b}[2J", "a\u{7}b", "x\u{9b}y", "\"\\ud800\""] {
        let setter = format!("gaa-hjem-moede.owner={value}");
        let output = decide(&env, &["--set", &setter]).expect_code(1);
        assert!(
            output.stderr.contains("styretegn") || output.stderr.contains("UTF-16"),
            "{output}"
        );
        assert_eq!(state(&env), before);
    }
}

#[test]
fn set_to_null_removes_an_optional_field_and_refuses_a_required_one() {
    let env = TestEnv::repo_with_example_plan();
    decide(&env, &["--set", "gaa-hjem-moede.owner=null"]).expect_code(0);
    let plan: serde_json::Value =
        serde_json::from_slice(&env.read(PLAN_FILE)).expect("the plan is JSON");
    let subtask = &plan["phases"][0]["subtasks"][1];
    assert_eq!(subtask["id"], "gaa-hjem-moede");
    assert!(
        subtask.get("owner").is_none(),
        "removed, not \"null\": {subtask}"
    );
    let before = state(&env);
    decide(&env, &["--set", "gaa-hjem-moede.title=null"]).expect_code(1);
    assert_eq!(state(&env), before);
}

#[test]
fn new_with_a_year_outside_1000_to_9990_is_a_usage_error() {
    let env = TestEnv::repo();
    for year in ["999", "12000", "99999999", "-5"] {
        let output = env
            .run_on(
                "2024-09-02",
                &["new", "x", "--year", year, "--by", "Lokal-MED"],
            )
            .expect_code(2);
        assert!(!output.stderr.contains("panicked"), "{output}");
        assert!(!env.path("plans/x.json").exists());
    }
}

#[test]
fn a_period_that_would_end_after_9999_is_refused() {
    let env = TestEnv::repo_with_example_plan();
    let before = state(&env);
    decide(&env, &["--set", "fase-2.period=9999-winter"]).expect_code(1);
    assert_eq!(state(&env), before);
}

#[test]
fn format_written_as_1_0_is_the_integer_1_as_the_schema_says() {
    let env = TestEnv::new();
    let text = String::from_utf8(
        std::fs::read(crate::common::project_dir().join(PLAN_FILE)).expect("example"),
    )
    .expect("UTF-8");
    env.plan(PLAN, &text.replace("\"format\": 1,", "\"format\": 1.0,"));
    env.run(&["validate"]).expect_code(0);
    env.plan(PLAN, &text.replace("\"format\": 1,", "\"format\": 1.5,"));
    env.run(&["validate"]).expect_code(1);
}

#[test]
fn an_array_where_an_object_belongs_is_an_error_on_every_path() {
    let env = TestEnv::new();
    let text = String::from_utf8(
        std::fs::read(crate::common::project_dir().join(PLAN_FILE)).expect("example"),
    )
    .expect("UTF-8");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    plan["milestones"] = serde_json::json!([["m1", "Milepæl", "2024-10-01"]]);
    env.plan(PLAN, &serde_json::to_string_pretty(&plan).expect("JSON"));
    let output = env.run(&["validate"]).expect_code(1);
    assert!(output.stdout.contains("/milestones/0"), "{output}");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    plan["core_task"] = serde_json::json!(["a", "b", "c"]);
    env.plan(PLAN, &serde_json::to_string_pretty(&plan).expect("JSON"));
    let output = env.run(&["validate"]).expect_code(1);
    assert!(output.stdout.contains("/core_task"), "{output}");
}

#[test]
fn export_into_a_missing_folder_is_exit_3_and_creates_nothing() {
    let env = TestEnv::repo_with_example_plan();
    env.run(&[
        "export",
        PLAN,
        "--format",
        "csv",
        "--out",
        "nowhere/plan.csv",
    ])
    .expect_code(3);
    assert!(!env.path("nowhere").exists());
}

#[test]
fn a_bare_repository_gets_its_own_message() {
    let env = TestEnv::repo_with_example_plan();
    env.git(&["clone", "-q", "--bare", ".", "server.git"]);
    let mut command = env.command_without_dir();
    command.arg("-C").arg(env.path("server.git")).arg("log");
    let output = env.run_command(command).expect_code(3);
    assert!(output.stderr.contains("bart"), "{output}");
    assert!(output.stderr.contains("git clone"), "{output}");
}

#[test]
fn a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_neutralised() {
    let env = TestEnv::repo_with_example_plan();
    decide(
        &env,
        &[
            "--set",
            "gaa-hjem-moede.owner==HYPERLINK(\"http://x.example\",\"klik\")",
        ],
    )
    .expect_code(0);
    let output = env
        .run(&["export", PLAN, "--format", "csv", "--no-bom"])
        .expect_code(0);
    assert!(
        output.stdout.contains("'=HYPERLINK("),
        "the formula starts with ': {output}"
    );
}
