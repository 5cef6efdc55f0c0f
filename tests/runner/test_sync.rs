//! `backbrief sync`: two and three clones of one bare repository, over
//! `file://` and over `git daemon` on 127.0.0.1. Disjoint edits combine;
//! the same field changed differently is a conflict that changes nothing and
//! is explained, until `--resolve`, `--ours` or `--theirs` settles it; two
//! clones racing to push both land; a plan created on both sides is a
//! conflict of its own; a plain `git pull` merges plans the same way; and
//! `verify` passes after every step, signatures included. The faults:
//! unreachable and unknown remotes, unrelated histories, a force-pushed
//! remote, an invalid plan from the remote, undecided hand edits.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::{GitDaemon, Output, Recorder, SECRETARY, TestEnv, redact_commits, spawnable};
use crate::test_verify::ssh_key;

const PLAN: &str = "arbejdsplads-1";

/// The deputy, who keeps a clone of her own.
const DEPUTY: Recorder = Recorder {
    name: "Næstformand Nanna",
    email: "nanna@example.dk",
};

/// The leader, with a third clone.
const LEADER: Recorder = Recorder {
    name: "Leder Lars",
    email: "lars@example.dk",
};

// ---------------------------------------------------------------------------
// The shared repository and its clones.
// ---------------------------------------------------------------------------

/// git with a pinned environment, for the shared repository itself.
fn plain_git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    for name in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_CONFIG_GLOBAL",
    ] {
        command.env_remove(name);
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .current_dir(dir);
    command
}

/// The committee's shared repository: a bare git repository in a folder of
/// its own, reached over `file://` or over `git daemon`.
struct Shared {
    /// The daemon serving it, stopped when dropped (before the folder goes).
    daemon: Option<GitDaemon>,
    dir: tempfile::TempDir,
    url: String,
}

impl Shared {
    /// A bare repository with the branch main, reached over `file://`.
    fn new() -> Shared {
        let dir = tempfile::Builder::new()
            .prefix("backbrief-shared-")
            .tempdir()
            .expect("a temporary folder");
        let status = plain_git(dir.path())
            .args(["init", "-q", "--bare", "-b", "main", "plans.git"])
            .status()
            .expect("git init --bare");
        assert!(status.success());
        let url = format!("file://{}", dir.path().join("plans.git").display());
        Shared {
            dir,
            url,
            daemon: None,
        }
    }

    /// The same, served by `git daemon` on 127.0.0.1 (pushing allowed).
    fn over_git_daemon() -> Shared {
        let mut shared = Shared::new();
        let daemon = GitDaemon::serve(shared.dir.path());
        shared.url = daemon.url("plans.git");
        shared.daemon = Some(daemon);
        shared
    }

    /// The bare repository's folder.
    fn bare(&self) -> PathBuf {
        self.dir.path().join("plans.git")
    }

    /// The commit the shared branch main points at.
    fn main(&self) -> String {
        let output = plain_git(&self.bare())
            .args(["rev-parse", "main"])
            .output()
            .expect("git rev-parse");
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// The secretary's clone, where it all starts: `init`, the example plan
    /// decided on 2024-09-02, and a first `sync` that shares it.
    fn founder(&self) -> TestEnv {
        let env = TestEnv::repo_with_example_plan();
        env.git(&["remote", "add", "origin", &self.url]);
        let output = sync(&env, SECRETARY, "2024-09-03", &[]).expect_code(0);
        assert_eq!(
            output.stdout,
            "Sendte 1 beslutning(er) til origin (main).\n"
        );
        env
    }

    /// A colleague's clone made with `git clone`, and a first `sync`
    /// (nothing to do, but it registers the merge driver in the clone).
    fn clone(&self, who: Recorder) -> TestEnv {
        let env = TestEnv::without_plans();
        env.git(&["clone", "-q", &self.url, "."]);
        sync(&env, who, "2024-09-04", &[]).expect_code(0);
        env
    }
}

// ---------------------------------------------------------------------------
// Steps of a session.
// ---------------------------------------------------------------------------

/// `backbrief sync ARGS` as `who` at `when`.
fn sync(env: &TestEnv, who: Recorder, when: &str, args: &[&str]) -> Output {
    let mut all = vec!["sync"];
    all.extend_from_slice(args);
    env.run_as(who, when, &all).redact_commits()
}

/// A decision on the example plan with `--set` changes, by `body`.
fn decide(env: &TestEnv, who: Recorder, when: &str, body: &str, summary: &str, set: &[&str]) {
    let mut args = vec!["decide", PLAN, "-m", summary, "--by", body];
    for setter in set {
        args.extend(["--set", setter]);
    }
    env.run_as(who, when, &args).expect_code(0);
}

/// `backbrief verify` finds nothing.
#[track_caller]
fn assert_verified(env: &TestEnv) {
    let output = env.run(&["verify"]);
    assert_eq!(output.code, Some(0), "verify:\n{output}");
}

/// The example plan in a clone, as JSON.
fn plan(env: &TestEnv) -> serde_json::Value {
    serde_json::from_slice(&env.read(&format!("plans/{PLAN}.json"))).expect("the plan is JSON")
}

/// A subtask of the example plan in a clone.
fn subtask(env: &TestEnv, id: &str) -> serde_json::Value {
    plan(env)["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .flat_map(|phase| phase["subtasks"].as_array().expect("subtasks"))
        .find(|subtask| subtask["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no subtask {id}"))
}

/// Everything a failed sync must leave as it was.
fn state(env: &TestEnv) -> (String, String, Vec<u8>) {
    (
        env.head(),
        env.porcelain(),
        env.read(&format!("plans/{PLAN}.json")),
    )
}

/// The secretary and the deputy change the status of the same subtask to
/// different values (she shares hers first); returns their clones.
fn conflicting_status(shared: &Shared) -> (TestEnv, TestEnv) {
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    sync(&secretary, SECRETARY, "2024-09-12", &[]).expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Arbejdsmiljøgruppen",
        "Workshoppen venter på lokaler",
        &["workshop-i-teams.status=blocked"],
    );
    (secretary, deputy)
}

// ---------------------------------------------------------------------------
// Combining decisions.
// ---------------------------------------------------------------------------

#[test]
fn disjoint_edits_on_two_clones_combine_over_a_file_url() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    assert_verified(&deputy);
    let shared_decision = secretary.head();

    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );
    let secretarys = secretary.head();

    insta::assert_snapshot!(sync(&secretary, SECRETARY, "2024-09-14", &[]).expect_code(0), @r"
    Sendte 1 beslutning(er) til origin (main).
    [exit status: 0]
    ");
    assert_verified(&secretary);

    insta::assert_snapshot!(sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(0), @"
    Flettede 1 beslutning(er) fra origin med 1 herfra (commit [SHORT]). Nyt fra origin:
      - [SHORT] arbejdsplads-1: Workshoppen er holdt (Lokal-MED, 12. september 2024)
    Sendte 1 beslutning(er) til origin (main).
    [exit status: 0]
    ");
    assert_verified(&deputy);

    insta::assert_snapshot!(sync(&secretary, SECRETARY, "2024-09-15", &[]).expect_code(0), @"
    Hentede 1 beslutning(er) fra origin:
      - [SHORT] arbejdsplads-1: Anna tager workshoppen (Lokal-MED, 13. september 2024)
    [exit status: 0]
    ");
    assert_verified(&secretary);

    // Both clones hold the same plan, with both changes, and are clean.
    assert_eq!(plan(&secretary), plan(&deputy));
    let workshop = subtask(&deputy, "workshop-i-teams");
    assert_eq!(
        (workshop["status"].as_str(), workshop["owner"].as_str()),
        (Some("done"), Some("Anna"))
    );
    assert_eq!(secretary.porcelain(), "");
    assert_eq!(deputy.porcelain(), "");
    assert_eq!(secretary.head(), shared.main());

    // A merge, never a rebase: the published decisions are the same commits.
    let parents = deputy.git(&["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
    for commit in [&shared_decision, &secretarys] {
        deputy.git(&["merge-base", "--is-ancestor", commit, "HEAD"]);
    }
    insta::assert_snapshot!(redact_commits(&deputy.trailers("HEAD")), @"
    Sync: origin main
    Combines: [SHORT] arbejdsplads-1: Workshoppen er holdt
    Combines: [SHORT] arbejdsplads-1: Anna tager workshoppen
    ");
    deputy.assert_fsck_clean();
}

#[test]
fn three_clones_over_git_daemon_converge() {
    let shared = Shared::over_git_daemon();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    let leader = shared.clone(LEADER);
    let clones = [
        (&secretary, SECRETARY),
        (&deputy, DEPUTY),
        (&leader, LEADER),
    ];

    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Lokal-MED",
        "Ny aktivitet: frokostmøde",
        &[r#"fase-1.subtasks+={"id":"frokostmoede","title":"Frokostmøde","status":"planned"}"#],
    );
    decide(
        &leader,
        LEADER,
        "2024-09-13",
        "Ledelsen",
        "Ny aktivitet: besøg",
        &[
            r#"fase-1.subtasks+={"id":"besoeg","title":"Besøg hos naboenheden","status":"planned"}"#,
            "opsamling-og-procesevaluering.due=2024-12",
        ],
    );

    // Each shares in turn, then each takes the rest; verify after every step.
    for round in ["2024-09-14", "2024-09-15"] {
        for (env, who) in clones {
            sync(env, who, round, &[]).expect_code(0);
            assert_verified(env);
        }
    }
    for (env, _) in clones {
        assert_eq!(env.head(), shared.main());
        assert_eq!(env.porcelain(), "");
        assert_eq!(plan(env), plan(&secretary));
    }
    // Subtasks added to one phase on two sides: both, in id order.
    let ids: Vec<String> = plan(&leader)["phases"][0]["subtasks"]
        .as_array()
        .expect("subtasks")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids[ids.len() - 2..], ["besoeg", "frokostmoede"]);
    assert_eq!(subtask(&deputy, "workshop-i-teams")["status"], "done");
    assert_eq!(
        subtask(&secretary, "opsamling-og-procesevaluering")["due"],
        "2024-12"
    );
    // `backbrief log` in any clone shows every decision.
    let log = secretary.run(&["log", "--json"]).expect_code(0).json();
    let summaries: Vec<&str> = log
        .as_array()
        .expect("decisions")
        .iter()
        .filter_map(|d| d["summary"].as_str())
        .collect();
    for summary in [
        "Workshoppen er holdt",
        "Ny aktivitet: frokostmøde",
        "Ny aktivitet: besøg",
    ] {
        assert!(summaries.contains(&summary), "{summaries:?}");
    }
}

// ---------------------------------------------------------------------------
// Conflicts and how they are settled.
// ---------------------------------------------------------------------------

#[test]
fn the_same_field_changed_differently_is_explained_and_changes_nothing() {
    let shared = Shared::new();
    let (_secretary, deputy) = conflicting_status(&shared);
    let before = state(&deputy);
    let remote_before = shared.main();

    let output = sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(1);
    insta::assert_snapshot!(output, @r#"
    Planen arbejdsplads-1 ("Backbrief fra arbejdsplads 1"):
      1. workshop-i-teams: feltet status er ændret forskelligt her og hos origin [workshop-i-teams.status]
         her: Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status i gang → blokeret
           besluttet af Arbejdsmiljøgruppen 13. september 2024 ([SHORT] "Workshoppen venter på lokaler", registreret af Næstformand Nanna <nanna@example.dk>)
         hos origin: Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status i gang → udført
           besluttet af Lokal-MED 12. september 2024 ([SHORT] "Workshoppen er holdt", registreret af Sekretær Sofie <sofie@example.dk>)
         afgør med: --resolve workshop-i-teams.status=VÆRDI (eller --resolve arbejdsplads-1:workshop-i-teams.status=VÆRDI), --ours eller --theirs
    ------- stderr -------
    fejl: Synkroniseringen med origin er ikke gennemført: 1 konflikt(er) skal afgøres. Intet er ændret her.
    tip: Afgør dem med `backbrief sync --resolve ID.FELT=VÆRDI … --by HVEM`, eller tag den ene sides værdier for resten med --ours (her) eller --theirs (derfra).
    [exit status: 1]
    "#);
    assert_eq!(state(&deputy), before, "nothing changed locally");
    assert_eq!(shared.main(), remote_before, "nothing pushed");
    assert_verified(&deputy);

    // In English, when asked.
    let output = sync(&deputy, DEPUTY, "2024-09-14", &["--lang", "en"]).expect_code(1);
    assert!(
        output.stdout.contains(
            "1. workshop-i-teams: the field status was changed differently here and on origin"
        ),
        "{output}"
    );
    assert!(
        output
            .stdout
            .contains("decided by Lokal-MED on 12 September 2024"),
        "{output}"
    );

    // Settled with a value of neither side.
    let output = sync(
        &deputy,
        DEPUTY,
        "2024-09-14",
        &[
            "--resolve",
            "workshop-i-teams.status=in_progress",
            "--by",
            "Lokal-MED",
        ],
    )
    .expect_code(0);
    insta::assert_snapshot!(output, @"
    Flettede 1 beslutning(er) fra origin med 1 herfra (commit [SHORT]). Nyt fra origin:
      - [SHORT] arbejdsplads-1: Workshoppen er holdt (Lokal-MED, 12. september 2024)
    1 konflikt(er) afgjort af Lokal-MED; valgene står i flette-commit'ens trailere.
    Sendte 1 beslutning(er) til origin (main).
    [exit status: 0]
    ");
    assert_eq!(
        subtask(&deputy, "workshop-i-teams")["status"],
        "in_progress"
    );
    insta::assert_snapshot!(redact_commits(&deputy.trailers("HEAD")), @"
    Sync: origin main
    Combines: [SHORT] arbejdsplads-1: Workshoppen er holdt
    Combines: [SHORT] arbejdsplads-1: Workshoppen venter på lokaler
    Resolved-by: Lokal-MED
    Resolved: arbejdsplads-1 workshop-i-teams.status=in_progress
    ");
    assert_verified(&deputy);
    assert_eq!(deputy.porcelain(), "");
}

#[test]
fn theirs_and_ours_settle_every_remaining_conflict() {
    for (flag, status, owner) in [("--theirs", "done", "Bo"), ("--ours", "blocked", "Anna")] {
        let shared = Shared::new();
        let (secretary, deputy) = conflicting_status(&shared);
        decide(
            &secretary,
            SECRETARY,
            "2024-09-13",
            "Lokal-MED",
            "Bo",
            &["workshop-i-teams.owner=Bo"],
        );
        sync(&secretary, SECRETARY, "2024-09-13", &[]).expect_code(0);
        decide(
            &deputy,
            DEPUTY,
            "2024-09-13",
            "Lokal-MED",
            "Anna",
            &["workshop-i-teams.owner=Anna"],
        );

        let output = sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(1);
        assert!(
            output
                .stdout
                .contains("  2. workshop-i-teams: feltet owner"),
            "{output}"
        );

        sync(&deputy, DEPUTY, "2024-09-14", &[flag, "--by", "Lokal-MED"]).expect_code(0);
        let workshop = subtask(&deputy, "workshop-i-teams");
        assert_eq!(
            (workshop["status"].as_str(), workshop["owner"].as_str()),
            (Some(status), Some(owner))
        );
        let side = flag.trim_start_matches("--");
        let trailers = deputy.trailers("HEAD");
        for field in ["status", "owner"] {
            let line = format!("Resolved: arbejdsplads-1 workshop-i-teams.{field} {side}");
            assert!(trailers.contains(&line), "{trailers}");
        }
        assert_verified(&deputy);
        sync(&secretary, SECRETARY, "2024-09-15", &[]).expect_code(0);
        assert_eq!(plan(&secretary), plan(&deputy));
        assert_verified(&secretary);
    }
}

#[test]
fn resolve_one_field_and_take_a_side_for_the_rest() {
    let shared = Shared::new();
    let (secretary, deputy) = conflicting_status(&shared);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-13",
        "Lokal-MED",
        "Bo",
        &["workshop-i-teams.owner=Bo"],
    );
    sync(&secretary, SECRETARY, "2024-09-13", &[]).expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Lokal-MED",
        "Anna",
        &["workshop-i-teams.owner=Anna"],
    );

    // Without --by, the command line is wrong; nothing happens.
    let before = state(&deputy);
    sync(&deputy, DEPUTY, "2024-09-14", &["--theirs"]).expect_code(2);
    // A --resolve that names no conflict is refused, saying which there are.
    let output = sync(
        &deputy,
        DEPUTY,
        "2024-09-14",
        &["--resolve", "workshop-i-teams.due=2024-12", "--by", "X"],
    )
    .expect_code(1);
    assert!(
        output
            .stderr
            .contains("arbejdsplads-1:workshop-i-teams.status"),
        "{output}"
    );
    assert_eq!(state(&deputy), before);

    sync(
        &deputy,
        DEPUTY,
        "2024-09-14",
        &[
            "--resolve",
            "arbejdsplads-1:workshop-i-teams.owner=Anna og Bo",
            "--theirs",
            "--by",
            "Lokal-MED",
        ],
    )
    .expect_code(0);
    let workshop = subtask(&deputy, "workshop-i-teams");
    assert_eq!(
        (workshop["status"].as_str(), workshop["owner"].as_str()),
        (Some("done"), Some("Anna og Bo"))
    );
    let trailers = deputy.trailers("HEAD");
    assert!(
        trailers.contains("Resolved: arbejdsplads-1 workshop-i-teams.status theirs"),
        "{trailers}"
    );
    assert!(
        trailers.contains("Resolved: arbejdsplads-1 workshop-i-teams.owner=Anna og Bo"),
        "{trailers}"
    );
    assert_verified(&deputy);
}

#[test]
fn a_plan_created_on_both_sides_is_a_conflict_of_its_own() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    secretary
        .run_as(
            SECRETARY,
            "2024-09-12",
            &[
                "new",
                "kursus",
                "--title",
                "Kursus i kerneopgaven",
                "--by",
                "Lokal-MED",
            ],
        )
        .expect_code(0);
    sync(&secretary, SECRETARY, "2024-09-12", &[]).expect_code(0);
    deputy
        .run_as(
            DEPUTY,
            "2024-09-13",
            &[
                "new",
                "kursus",
                "--title",
                "Kursus for nye ledere",
                "--by",
                "HMU",
            ],
        )
        .expect_code(0);
    let before = deputy.read("plans/kursus.json");

    let output = sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(1);
    assert!(
        output
            .stdout
            .contains("planen er oprettet både her og hos origin, med forskelligt indhold"),
        "{output}"
    );
    assert!(output.stdout.contains("besluttet af HMU"), "{output}");
    assert!(output.stdout.contains("besluttet af Lokal-MED"), "{output}");
    assert_eq!(deputy.read("plans/kursus.json"), before);

    sync(
        &deputy,
        DEPUTY,
        "2024-09-14",
        &["--theirs", "--by", "Lokal-MED"],
    )
    .expect_code(0);
    let kursus: serde_json::Value =
        serde_json::from_slice(&deputy.read("plans/kursus.json")).expect("JSON");
    assert_eq!(kursus["title"], "Kursus i kerneopgaven");
    assert!(deputy.trailers("HEAD").contains("Resolved: kursus theirs"));
    assert_verified(&deputy);
}

// ---------------------------------------------------------------------------
// Racing to push.
// ---------------------------------------------------------------------------

#[test]
fn a_push_overtaken_by_another_is_fetched_merged_and_pushed_again() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    decide(
        &deputy,
        DEPUTY,
        "2024-09-12",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );
    // Just as the deputy pushes, the secretary's push gets in first.
    let hook = deputy.write(
        ".git/hooks/pre-push",
        format!(
            "#!/bin/sh\n\
             unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n\
             if [ ! -e '{raced}' ]; then\n  touch '{raced}'\n  git -C '{secretary}' push -q origin main >/dev/null 2>&1\nfi\n",
            raced = deputy.path("raced").display(),
            secretary = secretary.root().display(),
        ),
    );
    make_executable(&hook);

    insta::assert_snapshot!(sync(&deputy, DEPUTY, "2024-09-13", &[]).expect_code(0), @"
    En anden sendte til origin i mellemtiden; henter og fletter igen.
    Flettede 1 beslutning(er) fra origin med 1 herfra (commit [SHORT]). Nyt fra origin:
      - [SHORT] arbejdsplads-1: Workshoppen er holdt (Lokal-MED, 12. september 2024)
    Sendte 1 beslutning(er) til origin (main).
    [exit status: 0]
    ");
    assert_eq!(deputy.head(), shared.main());
    let workshop = subtask(&deputy, "workshop-i-teams");
    assert_eq!(
        (workshop["status"].as_str(), workshop["owner"].as_str()),
        (Some("done"), Some("Anna"))
    );
    assert_verified(&deputy);
    sync(&secretary, SECRETARY, "2024-09-14", &[]).expect_code(0);
    assert_verified(&secretary);
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) {}

#[test]
fn two_clones_syncing_at_once_both_land() {
    let shared = Shared::over_git_daemon();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    decide(
        &deputy,
        DEPUTY,
        "2024-09-12",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );

    let children: Vec<Child> = [(&secretary, SECRETARY), (&deputy, DEPUTY)]
        .into_iter()
        .map(|(env, who)| {
            let mut command = env.command_as(who, "2024-09-13");
            command.arg("sync");
            spawnable(&command)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start backbrief sync")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("sync ends");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for (env, who) in [(&secretary, SECRETARY), (&deputy, DEPUTY)] {
        sync(env, who, "2024-09-14", &[]).expect_code(0);
        assert_eq!(env.head(), shared.main());
        let workshop = subtask(env, "workshop-i-teams");
        assert_eq!(
            (workshop["status"].as_str(), workshop["owner"].as_str()),
            (Some("done"), Some("Anna"))
        );
        assert_verified(env);
    }
}

// ---------------------------------------------------------------------------
// Plain git pull: the merge driver.
// ---------------------------------------------------------------------------

#[test]
fn a_plain_git_pull_merges_plans_semantically() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    assert!(
        deputy
            .git(&["config", "merge.backbrief.driver"])
            .contains("merge-driver %O %A %B %P")
    );
    assert_eq!(
        deputy.git(&["check-attr", "merge", "plans/arbejdsplads-1.json"]),
        "plans/arbejdsplads-1.json: merge: backbrief\n"
    );

    // Adjacent lines of the file: a line merge would conflict.
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    sync(&secretary, SECRETARY, "2024-09-12", &[]).expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );
    deputy.git(&["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"]);
    let workshop = subtask(&deputy, "workshop-i-teams");
    assert_eq!(
        (workshop["status"].as_str(), workshop["owner"].as_str()),
        (Some("done"), Some("Anna"))
    );
    assert_verified(&deputy);
    sync(&deputy, DEPUTY, "2024-09-13", &[]).expect_code(0);

    // A real conflict: a clear conflict in valid JSON, and git stops.
    sync(&secretary, SECRETARY, "2024-09-14", &[]).expect_code(0);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-14",
        "Lokal-MED",
        "Aflyst",
        &["gaa-hjem-moede.status=cancelled"],
    );
    sync(&secretary, SECRETARY, "2024-09-14", &[]).expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-15",
        "HMU",
        "Blokeret",
        &["gaa-hjem-moede.status=blocked"],
    );
    let output = deputy
        .git_command()
        .args(["pull", "--no-rebase", "--no-edit", "origin", "main"])
        .output()
        .expect("git pull");
    assert!(!output.status.success(), "the pull stops at the conflict");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("konflikt i gaa-hjem-moede.status"),
        "{stderr}"
    );
    assert!(stderr.contains("git merge --abort"), "{stderr}");
    let conflicted = plan(&deputy);
    assert_eq!(
        conflicted["merge_conflicts"],
        serde_json::json!([{
            "conflict": "gaa-hjem-moede.status",
            "base": "done",
            "ours": "blocked",
            "theirs": "cancelled"
        }])
    );
    let validate = deputy.run(&["validate"]).expect_code(1);
    assert!(validate.stdout.contains("merge_conflicts"), "{validate}");

    // The better way: abort, and settle it with sync.
    deputy.git(&["merge", "--abort"]);
    sync(
        &deputy,
        DEPUTY,
        "2024-09-15",
        &["--theirs", "--by", "Lokal-MED"],
    )
    .expect_code(0);
    assert_eq!(subtask(&deputy, "gaa-hjem-moede")["status"], "cancelled");
    assert_verified(&deputy);
}

#[test]
fn init_registers_the_merge_driver() {
    let env = TestEnv::repo();
    assert_eq!(
        env.read(".gitattributes"),
        b"plans/*.json merge=backbrief\n"
    );
    assert!(
        env.git(&["config", "merge.backbrief.driver"])
            .contains("merge-driver %O %A %B %P")
    );
    assert_eq!(env.porcelain(), "");
}

// ---------------------------------------------------------------------------
// verify learns merges.
// ---------------------------------------------------------------------------

#[test]
fn verify_finds_a_merge_that_drops_a_decision() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    sync(&secretary, SECRETARY, "2024-09-12", &[]).expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );
    // A merge that keeps our plan and silently drops their decision.
    deputy.git(&["fetch", "-q", "origin"]);
    deputy.git(&["merge", "-q", "-s", "ours", "--no-edit", "origin/main"]);
    let output = deputy.run(&["verify", "--json"]).expect_code(1);
    let findings = output.json()["findings"].clone();
    assert_eq!(findings[0]["code"], "merge-changes-plans", "{output}");
    assert_eq!(findings[0]["commit"], deputy.head());
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("plans/arbejdsplads-1.json"),
        "{output}"
    );
}

// ---------------------------------------------------------------------------
// Signatures survive: a merge, never a rebase.
// ---------------------------------------------------------------------------

fn sign_with(env: &TestEnv, key: &str) {
    env.git(&["config", "gpg.format", "ssh"]);
    env.git(&[
        "config",
        "user.signingkey",
        &env.path(key).to_string_lossy(),
    ]);
    env.git(&["config", "commit.gpgsign", "true"]);
}

#[test]
fn signatures_stay_valid_after_a_sync() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    if !ssh_key(&secretary, "key") || !ssh_key(&deputy, "key") {
        return;
    }
    sign_with(&secretary, "key");
    sign_with(&deputy, "key");
    let public = |env: &TestEnv| {
        String::from_utf8(env.read("key.pub"))
            .expect("key")
            .trim()
            .to_string()
    };
    // From now on, the repository requires signed decisions.
    secretary.write(
        ".backbrief/allowed_signers",
        format!(
            "{} {}\n{} {}\n",
            SECRETARY.email,
            public(&secretary),
            DEPUTY.email,
            public(&deputy)
        ),
    );
    secretary.git(&["add", ".backbrief/allowed_signers"]);
    secretary.git(&["commit", "-q", "-m", "Kræv signerede beslutninger"]);
    sync(&secretary, SECRETARY, "2024-09-10", &[]).expect_code(0);
    sync(&deputy, DEPUTY, "2024-09-10", &[]).expect_code(0);

    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );
    let decisions = [secretary.head(), deputy.head()];
    sync(&secretary, SECRETARY, "2024-09-14", &[]).expect_code(0);
    sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(0);
    sync(&secretary, SECRETARY, "2024-09-15", &[]).expect_code(0);

    for env in [&secretary, &deputy] {
        assert_verified(env);
        // git itself accepts every signature: the decisions and the merge.
        for commit in decisions.iter().map(String::as_str).chain(["HEAD"]) {
            env.git(&[
                "-c",
                "gpg.ssh.allowedSignersFile=.backbrief/allowed_signers",
                "verify-commit",
                commit,
            ]);
        }
    }
}

// ---------------------------------------------------------------------------
// Faults: nothing changes.
// ---------------------------------------------------------------------------

#[test]
fn an_unreachable_remote_is_exit_3_and_changes_nothing() {
    let shared = Shared::new();
    let secretary = shared.founder();
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    let before = state(&secretary);
    let closed_port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a port")
        .port();
    for url in [
        "file:///no/such/folder/plans.git".to_string(),
        format!("git://127.0.0.1:{closed_port}/plans.git"),
    ] {
        secretary.git(&["remote", "set-url", "origin", &url]);
        let output = sync(&secretary, SECRETARY, "2024-09-13", &[]).expect_code(3);
        assert!(
            output.stderr.contains("fejl: Kunne ikke hente fra origin"),
            "{output}"
        );
        assert!(output.stderr.contains("Intet er ændret"), "{output}");
        assert_eq!(state(&secretary), before);
    }
}

#[test]
fn an_unknown_remote_or_none_at_all_is_exit_3() {
    let env = TestEnv::repo_with_example_plan();
    let output = sync(&env, SECRETARY, "2024-09-13", &[]).expect_code(3);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: Repositoriet har ingen fjern-kopi (remote) at synkronisere med: grenen har ingen upstream, og der er ingen "origin".
    tip: Tilføj udvalgets fælles repositorium med `git remote add origin <adresse>`, eller angiv det: `backbrief sync <adresse>`.
    [exit status: 3]
    "#);
    env.git(&["remote", "add", "origin", "file:///somewhere/plans.git"]);
    let output = sync(&env, SECRETARY, "2024-09-13", &["upstream"]).expect_code(3);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: "upstream" er hverken en kendt fjern-kopi (kendte: origin), en adresse eller en mappe.
    tip: Se de kendte med `git remote -v`, eller angiv en adresse (https://…, ssh://…, file://…) eller stien til en delt mappe.
    [exit status: 3]
    "#);
}

#[test]
fn unrelated_histories_are_refused() {
    let shared = Shared::new();
    let _secretary = shared.founder();
    // Another repository, made on its own (another day, another person).
    let stranger = TestEnv::without_plans();
    stranger
        .run_as(DEPUTY, "2024-08-01", &["init"])
        .expect_code(0);
    stranger.example_plan(PLAN);
    stranger
        .run_as(
            DEPUTY,
            "2024-08-02",
            &["decide", PLAN, "-m", "Vedtaget", "--by", "HMU"],
        )
        .expect_code(0);
    stranger.git(&["remote", "add", "origin", &shared.url]);
    let before = state(&stranger);
    let output = sync(&stranger, DEPUTY, "2024-09-13", &[]).expect_code(1);
    assert!(output.stderr.contains("ingen fælles historik"), "{output}");
    assert_eq!(state(&stranger), before);
}

#[test]
fn a_remote_rewritten_by_a_force_push_is_refused_naming_the_lost_decisions() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    let before_decision = shared.main();
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    sync(&secretary, SECRETARY, "2024-09-12", &[]).expect_code(0);
    sync(&deputy, DEPUTY, "2024-09-13", &[]).expect_code(0);
    // Someone pushes an older history over it.
    let status = plain_git(&shared.bare())
        .args(["update-ref", "refs/heads/main", &before_decision])
        .status()
        .expect("git update-ref");
    assert!(status.success());
    decide(
        &deputy,
        DEPUTY,
        "2024-09-14",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );
    let before = state(&deputy);

    let output = sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(1);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: Historikken på origin (main) er skrevet om siden sidste synkronisering (en "force-push"): 1 beslutning(er), der var der, er væk derfra. Intet er ændret. Følgende ville gå tabt:
      - [SHORT] arbejdsplads-1: Workshoppen er holdt (Lokal-MED, 12. september 2024)
    tip: Tal med den, der ændrede det fælles repositorium. Beslutningerne findes stadig her. Er I enige om at fortsætte, så glem det gamle udgangspunkt med `git update-ref -d refs/backbrief/synced/origin/main` og kør sync igen: så flettes historikkerne, og beslutningerne kommer tilbage.
    [exit status: 1]
    "#);
    assert_eq!(state(&deputy), before);
    assert_eq!(shared.main(), before_decision, "nothing pushed");

    // Agreed: forget the old starting point, and the decision comes back.
    deputy.git(&["update-ref", "-d", "refs/backbrief/synced/origin/main"]);
    sync(&deputy, DEPUTY, "2024-09-15", &[]).expect_code(0);
    assert_eq!(subtask(&deputy, "workshop-i-teams")["status"], "done");
    assert_verified(&deputy);
}

#[test]
fn an_invalid_plan_from_the_remote_is_reported_not_merged() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    // A hand edit committed with plain git (trailers and all), pushed with git.
    let path = format!("plans/{PLAN}.json");
    let text = String::from_utf8(secretary.read(&path)).expect("UTF-8");
    secretary.write(
        &path,
        text.replacen("\"status\": \"in_progress\"", "\"status\": \"halvt\"", 1),
    );
    secretary.git(&[
        "commit",
        "-q",
        "-a",
        "-m",
        "Halvt færdig\n\nPlan: arbejdsplads-1\nDecided-by: Lokal-MED",
    ]);
    secretary.git(&["push", "-q", "origin", "main"]);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "Lokal-MED",
        "Anna tager workshoppen",
        &["workshop-i-teams.owner=Anna"],
    );
    let before = state(&deputy);

    let output = sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(1);
    assert!(output.stderr.contains("fejl: Planen arbejdsplads-1 fra origin er ugyldig, så den flettes ikke ind. Intet er ændret."), "{output}");
    assert!(
        output.stderr.contains("plans/arbejdsplads-1.json:"),
        "{output}"
    );
    assert!(output.stderr.contains("halvt"), "{output}");
    assert_eq!(state(&deputy), before);
}

#[test]
fn undecided_hand_edits_are_refused() {
    let shared = Shared::new();
    let _secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    let path = format!("plans/{PLAN}.json");
    let text = String::from_utf8(deputy.read(&path)).expect("UTF-8");
    deputy.write(&path, text.replacen("Teamledere", "Anna", 1));
    let before = state(&deputy);
    let output = sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(1);
    insta::assert_snapshot!(output, @r"
    ------- stderr -------
    fejl: Der er ændringer i plans/arbejdsplads-1.json, som ikke er registreret som beslutninger; sync ville blande dem ind i andres beslutninger. Intet er ændret.
    tip: Registrér ændringerne med `backbrief decide <plan> -m … --by …`, eller fortryd dem med `git checkout -- plans/`; kør så sync igen.
    [exit status: 1]
    ");
    assert_eq!(state(&deputy), before);
}

#[test]
fn a_conflict_on_a_plan_field_settled_for_theirs_passes_verify() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Titel",
        &["title=Arbejdsplads 1"],
    );
    sync(&secretary, SECRETARY, "2024-09-12", &[]).expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "HMU",
        "Titel",
        &["title=Plan for arbejdsplads 1"],
    );
    let output = sync(&deputy, DEPUTY, "2024-09-14", &[]).expect_code(1);
    assert!(
        output
            .stdout
            .contains("planens felt title er ændret forskelligt"),
        "{output}"
    );
    sync(
        &deputy,
        DEPUTY,
        "2024-09-14",
        &["--theirs", "--by", "Lokal-MED"],
    )
    .expect_code(0);
    assert_eq!(plan(&deputy)["title"], "Arbejdsplads 1");
    assert!(
        deputy
            .trailers("HEAD")
            .contains("Resolved: arbejdsplads-1 title theirs")
    );
    assert_verified(&deputy);
}

// ---------------------------------------------------------------------------
// A sync killed midway is finished (or forgotten) by the next command.
// ---------------------------------------------------------------------------

#[test]
fn a_sync_killed_after_moving_the_branch_is_finished_by_the_next_command() {
    let shared = Shared::new();
    let secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    sync(&secretary, SECRETARY, "2024-09-12", &[]).expect_code(0);

    // As a sync leaves it when killed right after moving the branch: the
    // journal written, the branch moved, the work tree and index not yet.
    deputy.git(&["fetch", "-q", "origin"]);
    let old = deputy.head();
    let new = deputy.git(&["rev-parse", "origin/main"]).trim().to_string();
    deputy.git(&["update-ref", "refs/heads/main", &new]);
    deputy.write(
        ".git/backbrief/sync-pending",
        serde_json::json!({
            "branch": "refs/heads/main",
            "old": old,
            "new": new,
            "paths": [format!("plans/{PLAN}.json")],
        })
        .to_string(),
    );

    let output = deputy
        .run_as(
            DEPUTY,
            "2024-09-13",
            &[
                "decide",
                PLAN,
                "-m",
                "Anna",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.owner=Anna",
            ],
        )
        .expect_code(0);
    assert!(
        output.stderr.contains("En afbrudt synkronisering")
            && output.stderr.contains("blev gjort færdig"),
        "{output}"
    );
    let workshop = subtask(&deputy, "workshop-i-teams");
    assert_eq!(
        (workshop["status"].as_str(), workshop["owner"].as_str()),
        (Some("done"), Some("Anna"))
    );
    assert_eq!(deputy.porcelain(), "");
    assert!(!deputy.path(".git/backbrief/sync-pending").exists());
    assert_verified(&deputy);
}

#[test]
fn a_sync_killed_before_moving_the_branch_left_nothing_to_undo() {
    let shared = Shared::new();
    let _secretary = shared.founder();
    let deputy = shared.clone(DEPUTY);
    let head = deputy.head();
    deputy.write(
        ".git/backbrief/sync-pending",
        serde_json::json!({
            "branch": "refs/heads/main",
            "old": head,
            "new": "0123456789012345678901234567890123456789",
            "paths": [format!("plans/{PLAN}.json")],
        })
        .to_string(),
    );
    let before = state(&deputy);
    let output = sync(&deputy, DEPUTY, "2024-09-13", &[]).expect_code(0);
    assert!(
        output.stdout.contains("ryddet op; intet var ændret"),
        "{output}"
    );
    assert_eq!(state(&deputy), before);
    assert!(!deputy.path(".git/backbrief/sync-pending").exists());
}

#[test]
fn a_shared_folder_locked_by_an_interrupted_push_is_named_and_explained() {
    let shared = Shared::new();
    let secretary = shared.founder();
    decide(
        &secretary,
        SECRETARY,
        "2024-09-12",
        "Lokal-MED",
        "Workshoppen er holdt",
        &["workshop-i-teams.status=done"],
    );
    let before = state(&secretary);
    // What a push killed inside the shared folder leaves: git's lock on the
    // branch, which git never removes itself.
    let lock = shared.bare().join("refs/heads/main.lock");
    std::fs::write(&lock, "").expect("a stale lock");
    let output = sync(&secretary, SECRETARY, "2024-09-14", &[]).expect_code(3);
    let shown = output
        .to_string()
        .replace(&lock.display().to_string(), "[LOCK]");
    insta::assert_snapshot!(shown, @"
    ------- stderr -------
    fejl: origin er låst af en anden afsendelse, eller af en, der blev afbrudt: [LOCK].
    tip: Når ingen andre sender beslutninger dertil, så slet de nævnte filer og kør sync igen; intet går tabt.
    [exit status: 3]
    ");
    assert_eq!(
        state(&secretary),
        before,
        "the refused sync changes nothing here"
    );

    std::fs::remove_file(&lock).expect("remove the lock");
    sync(&secretary, SECRETARY, "2024-09-14", &[]).expect_code(0);
    assert_verified(&secretary);
}
