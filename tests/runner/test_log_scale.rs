//! `log` on a long history: rows appear as they are read, a closed pipe
//! ends it quietly, and what each decision changed is remembered in
//! `.git/backbrief/` so a second run reads it back, with the same output.

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use crate::common::{FastHistory, TestEnv, minimal_plan};

/// A repository with `count` decisions on one plan, each changing its
/// title, written by `git fast-import` (pinned identity and dates).
fn long_history(count: usize) -> TestEnv {
    let env = TestEnv::repo();
    let mut history = FastHistory::after_head_of(&env);
    for n in 0..count {
        let plan = minimal_plan("lang-plan").replace("Lille plan", &format!("Plan nr. {n}"));
        let files = [("plans/lang-plan.json", plan.as_str())];
        history.decision("lang-plan", &format!("Titel nr. {n}"), &files);
    }
    history.import_into(&env);
    env
}

#[test]
fn log_head_shows_the_first_rows_before_the_walk_ends() {
    let env = long_history(3000);
    // The whole log, for comparison.
    let started = Instant::now();
    env.run(&["log", "--no-pager"]).expect_code(0);
    let whole = started.elapsed();
    // A fresh cache each time: the cold walk is what is timed.
    let _ = std::fs::remove_dir_all(env.path(".git/backbrief"));
    let mut command = crate::common::spawnable(&env.command());
    command
        .args(["log", "--json"])
        .stdout(std::process::Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("backbrief starts");
    let mut lines = BufReader::new(child.stdout.take().expect("its output")).lines();
    let first: Vec<String> = lines.by_ref().take(3).map(|l| l.expect("a line")).collect();
    let first_rows = started.elapsed();
    // `| head -3`: the reader goes away; backbrief ends quietly, with 0.
    drop(lines);
    let status = child.wait().expect("backbrief ends");
    assert_eq!(first[0], "[");
    assert!(first[2].contains("\"commit\""), "{first:?}");
    assert!(status.success(), "{status:?}");
    assert!(
        first_rows < whole / 2 || first_rows < Duration::from_millis(300),
        "first rows after {first_rows:?}, whole log {whole:?}"
    );
}

#[test]
fn a_closed_pipe_ends_the_table_quietly() {
    let env = long_history(600);
    let mut command = crate::common::spawnable(&env.command());
    command
        .args(["log"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("backbrief starts");
    let mut out = BufReader::new(child.stdout.take().expect("its output"));
    let mut line = String::new();
    for _ in 0..3 {
        line.clear();
        out.read_line(&mut line).expect("a line");
    }
    drop(out);
    let output = child.wait_with_output().expect("backbrief ends");
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn no_pager_off_a_terminal_and_none_with_no_pager() {
    let env = long_history(3);
    // A pager that would leave a mark: not started, as output is no terminal.
    let mark = env.path("pager-ran");
    let pager = format!("touch '{}'; cat", mark.display());
    let mut command = env.command();
    command
        .args(["log"])
        .env("PAGER", &pager)
        .env("BACKBRIEF_PAGER", &pager);
    let piped = env.run_command(command).expect_code(0);
    let mut command = env.command();
    command.args(["log", "--no-pager"]).env("PAGER", &pager);
    let plain = env.run_command(command).expect_code(0);
    assert!(!mark.exists());
    assert_eq!(piped.stdout, plain.stdout);
}

#[test]
fn the_log_reads_the_same_warm_as_cold() {
    let env = long_history(40);
    let cold = env.run(&["log", "--lang", "en"]).expect_code(0).stdout;
    assert!(env.path(".git/backbrief/changes.index").exists());
    let warm = env.run(&["log", "--lang", "en"]).expect_code(0).stdout;
    assert_eq!(cold, warm);
    let cold_json = env.run(&["log", "--json"]).expect_code(0).stdout;
    let warm_json = env.run(&["log", "--json"]).expect_code(0).stdout;
    assert_eq!(cold_json, warm_json);
    let value: serde_json::Value = serde_json::from_str(&warm_json).expect("JSON");
    assert_eq!(value.as_array().map(Vec::len), Some(40));
    // Every row in the same columns: one table, however it was streamed.
    let table: Vec<usize> = warm
        .lines()
        .filter(|line| line.starts_with(['│', '┌', '└', '╞']))
        .map(|line| line.chars().count())
        .collect();
    assert!(
        table.len() > 40 && table.iter().all(|w| *w == table[0]),
        "{warm}"
    );
}

#[test]
fn a_damaged_change_cache_is_rebuilt_and_the_log_is_unchanged() {
    let env = long_history(30);
    let cold = env.run(&["log"]).expect_code(0).stdout;
    let data = env.path(".git/backbrief/changes.data");
    let mut bytes = std::fs::read(&data).expect("the cache");
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 40] {
        *byte = b'#';
    }
    std::fs::write(&data, &bytes).expect("damaged");
    let after = env.run(&["log"]).expect_code(0).stdout;
    assert_eq!(cold, after);
    // The damaged records were worked out again and written anew.
    assert!(std::fs::metadata(&data).expect("the cache").len() > bytes.len() as u64);
    assert_eq!(env.run(&["log"]).expect_code(0).stdout, cold);
    // A damaged index is as good as none.
    std::fs::write(env.path(".git/backbrief/changes.index"), b"junk").expect("damaged");
    assert_eq!(env.run(&["log"]).expect_code(0).stdout, cold);
}

#[test]
fn a_change_cache_of_an_older_format_is_ignored() {
    let env = long_history(10);
    let cold = env.run(&["log"]).expect_code(0).stdout;
    let folder = env.path(".git/backbrief");
    std::fs::write(folder.join("changes.data"), b"BBCHG\0\0\0{\"changes\":[]}").expect("written");
    std::fs::write(folder.join("changes.index"), b"BBIDX\0\0\0").expect("written");
    assert_eq!(env.run(&["log"]).expect_code(0).stdout, cold);
    let bytes = std::fs::read(folder.join("changes.data")).expect("the cache");
    assert_eq!(&bytes[..8], b"BBCHG\0\x01\0");
}

#[test]
fn verify_does_not_touch_the_change_cache() {
    let env = long_history(5);
    env.run(&["verify"]);
    assert!(!env.path(".git/backbrief/changes.data").exists());
    env.run(&["log"]).expect_code(0);
    let before = std::fs::read(env.path(".git/backbrief/changes.data")).expect("the cache");
    env.run(&["verify"]);
    let after = std::fs::read(env.path(".git/backbrief/changes.data")).expect("the cache");
    assert_eq!(before, after);
}

/// The log run on a terminal (`script` gives it one), with `PAGER` and
/// `BACKBRIEF_PAGER` as given; None where `script` is not installed.
fn on_a_terminal(env: &TestEnv, pager: &[(&str, &str)], args: &[&str]) -> Option<String> {
    let mut command = env.command();
    command.args(args);
    let command = crate::common::spawnable(&command);
    let line: Vec<String> = std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|word| format!("'{}'", word.to_string_lossy().replace('\'', "'\\''")))
        .collect();
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env_remove("PAGER")
        .env_remove("BACKBRIEF_PAGER")
        .env("LESS", "FRX")
        .stdin(std::process::Stdio::null());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => script.env(key, value),
            None => script.env_remove(key),
        };
    }
    for (key, value) in pager {
        script.env(key, value);
    }
    let output = script.output();
    if !crate::common::tool_present(
        "the pager tests of test_log_scale",
        "script",
        output.is_ok(),
        "apt-get install bsdutils",
    ) {
        return None;
    }
    let output = output.ok()?;
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"))
}

#[test]
fn on_a_terminal_the_pager_is_started_as_a_program_with_its_arguments() {
    let env = long_history(3);
    let copy = env.path("paged.txt");
    let pager = format!("tee '{}'", copy.display());
    let Some(paged) = on_a_terminal(&env, &[("BACKBRIEF_PAGER", &pager)], &["log"]) else {
        return;
    };
    let through_pager = String::from_utf8(env.read("paged.txt")).expect("text");
    assert!(through_pager.contains("Titel nr. 2"), "{through_pager}");
    assert!(paged.contains("Titel nr. 2"), "{paged}");
    // BACKBRIEF_PAGER comes before PAGER; --no-pager passes both over.
    std::fs::remove_file(&copy).expect("removed");
    let other = env.path("other.txt");
    let pagers = [
        ("BACKBRIEF_PAGER", pager.as_str()),
        ("PAGER", &format!("tee '{}'", other.display())),
    ];
    on_a_terminal(&env, &pagers, &["log", "--no-pager"]);
    assert!(!copy.exists() && !other.exists());
    // A command line only a shell could run is not run: the log is shown.
    let mark = env.path("shell-ran");
    let shell = format!("tee '{}' | cat", mark.display());
    let shown = on_a_terminal(&env, &[("PAGER", &shell)], &["log"]).expect("script");
    assert!(shown.contains("Titel nr. 2"), "{shown}");
    assert!(!mark.exists());
}
