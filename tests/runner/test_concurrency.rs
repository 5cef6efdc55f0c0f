//! No lost updates, no half states: `decide` processes started at once on one
//! repository all land, one after the other; a `decide` killed at a random
//! moment leaves the repository before or after its decision, and the next
//! writing command finishes or rolls back what it left.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{SECRETARY, TestEnv, spawnable};

const PLAN: &str = "arbejdsplads-1";

/// `decide` as a process of its own, recorded by the secretary at `when`,
/// not yet started.
fn decide_process(env: &TestEnv, when: &str, args: &[&str]) -> std::process::Command {
    let mut command = env.command_as(SECRETARY, when);
    command.arg("decide").args(args);
    let mut process = spawnable(&command);
    process
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    process
}

/// Starts all `commands` at once and waits for each; panics unless every one
/// exits 0.
fn run_all_at_once(commands: Vec<std::process::Command>) {
    let children: Vec<Child> = commands
        .into_iter()
        .map(|mut command| command.spawn().expect("start backbrief"))
        .collect();
    for (number, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().expect("wait for backbrief");
        assert_eq!(
            output.status.code(),
            Some(0),
            "decide number {number} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The summaries of the commits after `base` on the branch, oldest first;
/// asserts that they form one line (no merges) and that each changed one
/// plan file.
fn summaries_since(env: &TestEnv, base: &str) -> Vec<String> {
    let range = format!("{base}..HEAD");
    assert_eq!(env.git(&["rev-list", "--merges", &range]), "", "no merges");
    let commits = env.git(&["rev-list", "--reverse", &range]);
    commits
        .lines()
        .map(|commit| {
            let files = env.git(&["diff-tree", "--no-commit-id", "--name-only", "-r", commit]);
            assert_eq!(files.lines().count(), 1, "{commit} changes one file");
            assert!(files.starts_with("plans/"), "{commit} changes a plan");
            env.git(&["log", "-1", "--format=%s", commit])
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn eight_concurrent_decides_on_one_plan_all_land() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-09-26",
        &[
            "decide",
            PLAN,
            "-m",
            "Temadag føjes til fase 2",
            "--by",
            "Lokal-MED",
            "--set",
            r#"fase-2.subtasks+={"id":"temadag","title":"Temadag","status":"planned"}"#,
        ],
    )
    .expect_code(0);
    let subtasks = [
        "planlaegningsmoeder",
        "gaa-hjem-moede",
        "workshop-i-teams",
        "opsamling-og-procesevaluering",
        "planlaegning-fase-2",
        "internt-samarbejde",
        "samarbejde-med-borgerne",
        "temadag",
    ];
    let base = env.head();
    let started = Instant::now();
    run_all_at_once(
        subtasks
            .iter()
            .enumerate()
            .map(|(number, id)| {
                decide_process(
                    &env,
                    "2024-10-01",
                    &[
                        PLAN,
                        "-m",
                        &format!("Ny ansvarlig for {id}"),
                        "--by",
                        "Lokal-MED",
                        "--set",
                        &format!("{id}.owner=Ansvarlig {number}"),
                    ],
                )
            })
            .collect(),
    );
    eprintln!("8 concurrent decides on one plan: {:?}", started.elapsed());

    let mut summaries = summaries_since(&env, &base);
    summaries.sort();
    let mut expected: Vec<String> = subtasks
        .iter()
        .map(|id| format!("Ny ansvarlig for {id}"))
        .collect();
    expected.sort();
    assert_eq!(summaries, expected, "8 new commits, one per decide");

    // Each decision changed exactly its own owner: none undid another.
    for decision in env
        .run(&["log", "--json", "-n", "8"])
        .expect_code(0)
        .json()
        .as_array()
        .expect("a list")
    {
        let changes = decision["changes"].as_array().expect("changes");
        assert_eq!(changes.len(), 1, "{decision:#}");
        assert_eq!(changes[0]["field"], "owner");
    }
    let plan: serde_json::Value =
        serde_json::from_slice(&env.read("plans/arbejdsplads-1.json")).expect("JSON");
    let owners: Vec<(String, String)> = plan["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .flat_map(|phase| phase["subtasks"].as_array().expect("subtasks"))
        .map(|s| {
            (
                s["id"].as_str().expect("id").to_string(),
                s["owner"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for (number, id) in subtasks.iter().enumerate() {
        assert!(
            owners.contains(&(id.to_string(), format!("Ansvarlig {number}"))),
            "{id} has its new owner: {owners:?}"
        );
    }
    env.run(&["validate"]).expect_code(0);
    env.assert_fsck_clean();
    assert_eq!(env.porcelain(), "");
}

#[test]
fn eight_concurrent_decides_on_eight_plans_all_land() {
    let env = TestEnv::repo();
    let plans: Vec<String> = (1..=8).map(|n| format!("enhed-{n}")).collect();
    for plan in &plans {
        env.run_on(
            "2024-09-02",
            &["new", plan, "--by", "Lokal-MED", "--at", "2024-09-02"],
        )
        .expect_code(0);
    }
    let base = env.head();
    let started = Instant::now();
    run_all_at_once(
        plans
            .iter()
            .map(|plan| {
                decide_process(
                    &env,
                    "2024-10-01",
                    &[
                        plan,
                        "-m",
                        &format!("Ny titel på {plan}"),
                        "--by",
                        "Lokal-MED",
                        "--set",
                        &format!("title=Backbrief for {plan}"),
                    ],
                )
            })
            .collect(),
    );
    eprintln!("8 concurrent decides on 8 plans: {:?}", started.elapsed());

    let mut summaries = summaries_since(&env, &base);
    summaries.sort();
    let expected: Vec<String> = plans.iter().map(|p| format!("Ny titel på {p}")).collect();
    assert_eq!(summaries, expected);
    for plan in &plans {
        let value: serde_json::Value =
            serde_json::from_slice(&env.read(&format!("plans/{plan}.json"))).expect("JSON");
        assert_eq!(value["title"], format!("Backbrief for {plan}"));
    }
    env.run(&["validate"]).expect_code(0);
    env.assert_fsck_clean();
    assert_eq!(env.porcelain(), "");
}

/// A small, seeded pseudo-random generator (64-bit LCG, Knuth's constants),
/// so the kill moments are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}

/// How strictly the kill test looks at the work tree after each round.
#[derive(Clone, Copy, PartialEq)]
enum Untracked {
    /// `git status --porcelain` must be empty: no file left behind at all.
    NoneLeft,
    /// Tracked files must be clean; untracked files are tolerated only when
    /// they are backbrief's own temporary files (`plans/.<file>.<pid>.tmp`).
    OnlyTemporaryFiles,
}

/// What of `porcelain` (`git status --porcelain`) must be empty after a round.
fn left_behind(porcelain: String, untracked: Untracked) -> String {
    match untracked {
        Untracked::NoneLeft => porcelain,
        Untracked::OnlyTemporaryFiles => porcelain
            .lines()
            .filter(|line| !(line.starts_with("?? plans/.") && line.ends_with(".tmp")))
            .map(|line| format!("{line}\n"))
            .collect(),
    }
}

/// 50 rounds of: start a `decide`, kill it (SIGKILL) after a random delay,
/// read (`status`, `log`), then write (another `decide`, which first
/// finishes or rolls back the killed one).
fn kill_rounds(untracked: Untracked) {
    const ROUNDS: usize = 50;
    let env = TestEnv::repo_with_example_plan();
    let started = Instant::now();

    // How long one decide takes here, so the kills spread over all of it
    // (start-up, validation, objects, journal, branch, work tree).
    let timed = Instant::now();
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "Prøverunde",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.owner=Prøve",
        ],
    )
    .expect_code(0);
    let one_decide = timed.elapsed();
    // Half as long again: some decides finish before the kill, and a
    // slower run (a busy machine) is still killed in its last steps.
    let window = (one_decide * 3 / 2).max(Duration::from_millis(30));
    let mut random = Lcg(0x00ba_c0b1_13f0);

    let mut succeeded = vec!["Prøverunde".to_string()];
    let (mut killed_before, mut killed_after, mut finished) = (0, 0, 0);
    let mut temporary_files = 0;
    for round in 0..ROUNDS {
        let summary = format!("Runde {round}: ny ansvarlig");
        let delay = Duration::from_micros(random.below(window.as_micros() as u64));
        let mut child = decide_process(
            &env,
            "2024-10-02",
            &[
                PLAN,
                "-m",
                &summary,
                "--by",
                "Lokal-MED",
                "--set",
                &format!("workshop-i-teams.owner=Ansvarlig {round}"),
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start decide");
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().expect("wait for decide");
        if status.code() == Some(0) {
            succeeded.push(summary.clone());
            finished += 1;
        }

        // Reading works at once, and changes nothing.
        let status_output = env.run(&["status", PLAN, "--at", "2024-10-02"]);
        assert_eq!(
            status_output.code,
            Some(0),
            "round {round}:\n{status_output}"
        );
        let log_output = env.run(&["log", "-n", "1"]);
        assert_eq!(log_output.code, Some(0), "round {round}:\n{log_output}");

        // The next writing command first finishes or rolls back.
        let next = format!("Runde {round}: noter opdateret");
        let output = env.run_on(
            "2024-10-02",
            &[
                "decide",
                PLAN,
                "-m",
                &next,
                "--by",
                "Lokal-MED",
                "--set",
                &format!("workshop-i-teams.notes=Efter runde {round}"),
            ],
        );
        assert_eq!(
            output.code,
            Some(0),
            "round {round} (killed after {delay:?}):\n{output}"
        );
        succeeded.push(next);
        let porcelain = env.porcelain();
        temporary_files = porcelain.lines().count();
        assert_eq!(
            left_behind(porcelain, untracked),
            "",
            "round {round} (killed after {delay:?}): clean after the next command"
        );
        if status.code() != Some(0) {
            let landed = env
                .git(&["log", "--format=%s", "-3"])
                .lines()
                .any(|line| line == summary);
            if landed {
                killed_after += 1;
            } else {
                killed_before += 1;
            }
        }
    }

    env.run(&["validate"]).expect_code(0);
    env.assert_fsck_clean();
    assert_eq!(left_behind(env.porcelain(), untracked), "");
    let history = env.git(&["log", "--format=%s"]);
    let history: Vec<&str> = history.lines().collect();
    for summary in &succeeded {
        assert!(
            history.contains(&summary.as_str()),
            "{summary} reported success but is not in the history"
        );
    }
    // What backbrief reads back agrees with git.
    let logged = env.run(&["log", "--json"]).expect_code(0).json();
    assert_eq!(
        logged.as_array().map(Vec::len),
        Some(history.len() - 1),
        "every commit but init is a decision"
    );
    eprintln!(
        "kill test: {ROUNDS} rounds in {:?} (one decide {one_decide:?}, kills within {window:?}): \
         {finished} finished before the kill, {killed_after} killed after the commit, \
         {killed_before} killed before it; {temporary_files} temporary file(s) left in plans/",
        started.elapsed()
    );
}

#[test]
fn a_decide_killed_at_random_moments_leaves_no_half_state() {
    kill_rounds(Untracked::OnlyTemporaryFiles);
}

#[test]
fn a_decide_killed_at_random_moments_leaves_no_file_behind() {
    // A decide killed inside its atomic write (temporary file, fsync,
    // rename) leaves `plans/.arbejdsplads-1.json.<pid>.tmp`; no later
    // command removes it, so `git status --porcelain` is never clean again.
    // The kill moments are seeded, but whether one lands in that window
    // depends on the machine's speed: it failed in about half the runs here, e.g.
    // `?? plans/.arbejdsplads-1.json.15726.tmp` after round 7.
    kill_rounds(Untracked::NoneLeft);
}
