//! `log PLAN` and `blame PLAN` with git's commit-graph: its changed-path
//! filters are read as git writes them (both hash versions, one file or a
//! chain), and the output is the same with a graph as without one, a
//! damaged graph included, decisions that change no file included.

use backbrief::history::commit_graph::CommitGraph;

use crate::common::{FastHistory, TestEnv, minimal_plan};

/// Plans in the history.
const PLANS: [&str; 4] = ["plan-a", "plan-b", "plan-c", "plan-d"];

/// A repository with decisions on four plans in turn, written by `git
/// fast-import` (pinned identity and dates), among them decisions on
/// `plan-a` that change no file, one that changes a file outside the plans
/// folder, and a commit that is no decision; then a delivered report
/// recorded by `backbrief report --record` without `--set`.
fn history() -> TestEnv {
    let env = TestEnv::repo();
    let mut history = FastHistory::after_head_of(&env);
    for round in 0..12 {
        for plan in PLANS {
            let text =
                minimal_plan(plan).replace("Lille plan", &format!("Plan {plan} nr. {round}"));
            let path = format!("plans/{plan}.json");
            history.decision(plan, &format!("Titel nr. {round}"), &[(&path, &text)]);
        }
        if round % 4 == 1 {
            // A delivered report: the decision changes no file.
            history.decision("plan-a", &format!("Rapport nr. {round}"), &[]);
        }
        if round == 6 {
            // Changes a file beside the plans folder only.
            let note = format!("Referat {round}");
            history.decision(
                "plan-a",
                "Referat lagt ved",
                &[("bilag/referat.txt", &note)],
            );
            history.commit("Ikke en beslutning\n", &[("LÆSMIG.txt", "hej")]);
        }
    }
    history.import_into(&env);
    env.run_on(
        "2024-11-21",
        &[
            "report",
            "plan-a",
            "--at",
            "2024-11-21",
            "--out",
            "rapport.html",
            "--record",
            "--by",
            "Enhedens leder",
        ],
    )
    .expect_code(0);
    env
}

/// Fails at the first output that differs.
fn assert_same(got: &[String], expected: &[String], what: &str) {
    assert_eq!(got.len(), expected.len(), "{what}");
    for (got, expected) in got.iter().zip(expected) {
        assert_eq!(got, expected, "{what}");
    }
}

/// What `log` and `blame` show of each plan.
fn outputs(env: &TestEnv) -> Vec<String> {
    let mut all = Vec::new();
    for plan in PLANS {
        for args in [
            vec!["log", plan, "--no-pager"],
            vec!["log", plan, "--json"],
            vec!["blame", plan],
            vec!["blame", plan, "--json"],
        ] {
            let output = env.run(&args).expect_code(0);
            all.push(format!("{args:?}\n{}", output.stdout));
        }
    }
    all
}

/// `git commit-graph write --reachable --changed-paths` with these further
/// arguments, and the filters' hash version (`1` or `2`) when given (else
/// git's default).
fn write_graph(env: &TestEnv, version: Option<&str>, more: &[&str]) {
    let setting = version.map(|v| format!("commitGraph.changedPathsVersion={v}"));
    let mut args = match &setting {
        Some(setting) => vec!["-c", setting.as_str()],
        None => Vec::new(),
    };
    args.extend(["commit-graph", "write", "--reachable", "--changed-paths"]);
    args.extend_from_slice(more);
    env.git(&args);
}

fn graph_file(env: &TestEnv) -> std::path::PathBuf {
    env.path(".git/objects/info/commit-graph")
}

#[test]
fn log_and_blame_read_the_same_with_a_commit_graph() {
    let env = history();
    // The change cache is not what is compared.
    let without = outputs(&env);
    let log_a = env.run(&["log", "plan-a", "--json"]).expect_code(0).json();
    let summaries: Vec<&str> = log_a
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["summary"].as_str())
        .collect();
    assert!(summaries.contains(&"Rapport nr. 5"), "{summaries:?}");
    assert!(summaries.contains(&"Referat lagt ved"), "{summaries:?}");
    assert!(
        summaries.iter().any(|s| s.starts_with("Rapport afleveret")),
        "{summaries:?}"
    );
    for version in ["1", "2"] {
        let _ = std::fs::remove_dir_all(env.path(".git/backbrief"));
        write_graph(&env, Some(version), &[]);
        assert!(graph_file(&env).exists());
        assert_same(&outputs(&env), &without, &format!("version {version}"));
        std::fs::remove_file(graph_file(&env)).expect("removed");
    }
    // A chain of graph files: the older commits in one, a newer decision
    // in another.
    write_graph(&env, None, &["--split"]);
    env.write(
        "plans/plan-b.json",
        minimal_plan("plan-b").replace("Lille plan", "Sidste"),
    );
    env.git(&["add", "plans"]);
    env.git(&[
        "commit",
        "-q",
        "-m",
        "Sidste titel",
        "-m",
        "Plan: plan-b\nDecided-by: Lokal-MED\nDecided-on: 2024-09-03",
    ]);
    env.git(&["config", "core.commitGraph", "false"]);
    let without = outputs(&env);
    env.git(&["config", "core.commitGraph", "true"]);
    write_graph(&env, None, &["--split=no-merge"]);
    let chain = env.read(".git/objects/info/commit-graphs/commit-graph-chain");
    assert_eq!(String::from_utf8_lossy(&chain).lines().count(), 2);
    assert!(!graph_file(&env).exists());
    assert!(CommitGraph::read(&env.path(".git/objects/info")).is_some());
    assert_same(&outputs(&env), &without, "a chain");
    // Decisions newer than the graph: read from the commits themselves.
    for n in 0..3 {
        let title = format!("Efter grafen {n}");
        env.write(
            "plans/plan-a.json",
            minimal_plan("plan-a").replace("Lille plan", &title),
        );
        env.git(&["add", "plans"]);
        env.git(&[
            "commit",
            "-q",
            "-m",
            &title,
            "-m",
            "Plan: plan-a\nDecided-by: Lokal-MED\nDecided-on: 2024-09-04",
        ]);
    }
    env.git(&["config", "core.commitGraph", "false"]);
    let without = outputs(&env);
    env.git(&["config", "core.commitGraph", "true"]);
    assert_same(&outputs(&env), &without, "decisions newer than the graph");
}

/// Where the chunk `name` of a graph file starts and ends.
fn chunk(bytes: &[u8], name: &[u8; 4]) -> (usize, usize) {
    let count = usize::from(bytes[6]);
    let offset = |n: usize| {
        let at = 8 + 12 * n + 4;
        u64::from_be_bytes(bytes[at..at + 8].try_into().expect("8 bytes")) as usize
    };
    let n = (0..count)
        .find(|n| &bytes[8 + 12 * n..8 + 12 * n + 4] == name)
        .expect("the chunk");
    (offset(n), offset(n + 1))
}

#[test]
fn a_damaged_commit_graph_reads_the_same_as_none() {
    let env = history();
    let without = outputs(&env);
    write_graph(&env, None, &[]);
    let whole = std::fs::read(graph_file(&env)).expect("the graph");
    let damages: Vec<Vec<u8>> = vec![
        whole[..whole.len() / 2].to_vec(),
        {
            // The filter index says its last filters run past the data.
            let mut bytes = whole.clone();
            let (_, end) = chunk(&bytes, b"BIDX");
            bytes[end - 8..end].fill(0xff);
            bytes
        },
        {
            // Commit ids out of order.
            let mut bytes = whole.clone();
            let (start, _) = chunk(&bytes, b"OIDL");
            bytes[start..start + 20].fill(0xff);
            bytes
        },
        {
            let mut bytes = whole.clone();
            bytes[0] = b'X';
            bytes
        },
    ];
    for (n, damaged) in damages.into_iter().enumerate() {
        std::fs::write(graph_file(&env), &damaged).expect("damaged");
        assert_same(&outputs(&env), &without, &format!("damage {n}"));
    }
}

/// Every path a commit changed, with the folders above it, as git's
/// filters hold them.
fn changed_paths(env: &TestEnv, commit: &str) -> Vec<String> {
    let listed = env.git(&[
        "diff-tree",
        "--no-commit-id",
        "--name-only",
        "-r",
        "--root",
        "-z",
        commit,
    ]);
    let mut paths = Vec::new();
    for file in listed.split('\0').filter(|f| !f.is_empty()) {
        let mut at = 0;
        while let Some(slash) = file[at..].find('/') {
            paths.push(file[..at + slash].to_string());
            at += slash + 1;
        }
        paths.push(file.to_string());
    }
    paths
}

#[test]
fn the_filters_git_writes_hold_every_changed_path() {
    let env = history();
    // Paths with bytes of 0x80 and above, where the hash versions differ.
    env.write("bilag/møde-æøå.txt", "referat");
    env.git(&["add", "bilag"]);
    env.git(&["commit", "-q", "-m", "Bilag"]);
    let commits: Vec<String> = env
        .git(&["rev-list", "--no-merges", "HEAD"])
        .lines()
        .map(str::to_string)
        .collect();
    let elsewhere: Vec<String> = (0..40).map(|n| format!("plans/ingen-{n}.json")).collect();
    for version in ["1", "2"] {
        let _ = std::fs::remove_file(graph_file(&env));
        write_graph(&env, Some(version), &[]);
        let graph = CommitGraph::read(&env.path(".git/objects/info")).expect("the graph reads");
        let (mut asked, mut ruled_out) = (0, 0);
        for commit in &commits {
            let id = git2::Oid::from_str(commit).expect("an id");
            let entry = graph.commit(id).expect("the commit is in the graph");
            for path in changed_paths(&env, commit) {
                assert_eq!(
                    graph.may_have_changed(&entry, &path),
                    Some(true),
                    "version {version}: {commit} changed {path}"
                );
            }
            for path in &elsewhere {
                asked += 1;
                ruled_out += usize::from(graph.may_have_changed(&entry, path) == Some(false));
            }
        }
        // The filters tell most other paths apart (git sizes them for about
        // one wrong "maybe" in a hundred).
        assert!(
            ruled_out * 10 > asked * 9,
            "version {version}: {ruled_out} of {asked}"
        );
    }
}

/// A decision that adds an attachment beside the plans changes no plan
/// file. `log PLAN` passed over a commit whose filter said "maybe" of the
/// plans folder and "no" of the plan's file; for such a decision the
/// "maybe" was one of the filter's wrong answers (about one in a hundred),
/// and the decision was missing from `log PLAN` while `log` showed it.
#[test]
fn a_decision_whose_filter_wrongly_says_it_changed_plans_is_still_shown() {
    let env = TestEnv::repo();
    let mut history = FastHistory::after_head_of(&env);
    let plan = minimal_plan("plan-a");
    history.decision("plan-a", "Planen lagt ind", &[("plans/plan-a.json", &plan)]);
    for n in 0..300 {
        let path = format!("bilag/referat-{n}.txt");
        history.decision("plan-a", &format!("Bilag {n}"), &[(&path, "referat")]);
    }
    history.import_into(&env);
    let without: Vec<String> = summaries(&env);
    assert_eq!(without.len(), 301);
    write_graph(&env, Some("2"), &[]);
    let graph = CommitGraph::read(&env.path(".git/objects/info")).expect("the graph reads");
    let wrong = env
        .git(&["rev-list", "HEAD"])
        .lines()
        .filter(|commit| {
            let id = git2::Oid::from_str(commit).expect("an id");
            let entry = graph.commit(id).expect("in the graph");
            graph.may_have_changed(&entry, "plans") == Some(true)
                && graph.may_have_changed(&entry, "plans/plan-a.json") == Some(false)
        })
        .count();
    assert!(
        wrong > 0,
        "no filter says maybe of plans: the test shows nothing"
    );
    assert_eq!(summaries(&env), without);
}

/// The summaries `log plan-a --json` shows.
fn summaries(env: &TestEnv) -> Vec<String> {
    env.run(&["log", "plan-a", "--json"])
        .expect_code(0)
        .json()
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["summary"].as_str().map(str::to_string))
        .collect()
}

/// Bug: on a history whose commit-graph `git gc` wrote without changed-path
/// filters, "Hvem satte hvad" read every commit's tree (32–36 s a request
/// on 100,000 decisions). `sync` (and `hook install` on the server) write
/// the filters once; git keeps them from then on, `git gc` included.
#[test]
fn a_graph_gc_wrote_without_filters_gets_them_at_sync_and_keeps_them() {
    use backbrief::history::maintenance::has_changed_paths;
    let env = history();
    env.git(&["commit-graph", "write", "--reachable", "--no-changed-paths"]);
    let open = || git2::Repository::open(env.root()).expect("repository");
    assert!(!has_changed_paths(&open()), "no filters to begin with");
    let expected = outputs(&env);

    let server = tempfile::tempdir().expect("a folder for the server");
    let bare = server.path().join("plans.git");
    env.git(&[
        "init",
        "-q",
        "--bare",
        "-b",
        "main",
        &bare.display().to_string(),
    ]);
    env.run(&["hook", "install", &bare.display().to_string()])
        .expect_code(0);
    env.git(&[
        "remote",
        "add",
        "origin",
        &format!("file://{}", bare.display()),
    ]);
    env.run(&["sync"]).expect_code(0);
    assert!(has_changed_paths(&open()), "sync wrote the filters");
    let config = open().config().expect("config");
    assert_eq!(config.get_bool("gc.writeCommitGraph").ok(), Some(true));

    env.git(&["gc", "-q"]);
    assert!(has_changed_paths(&open()), "git gc kept them");
    assert_same(&outputs(&env), &expected, "the same with the filters");

    // The server's copy: a push brought the history; a new hook install
    // writes its filters too.
    let server_repo = || git2::Repository::open_bare(&bare).expect("bare repository");
    assert!(!has_changed_paths(&server_repo()));
    env.run(&["hook", "install", &bare.display().to_string()])
        .expect_code(0);
    assert!(has_changed_paths(&server_repo()), "hook install wrote them");
}
