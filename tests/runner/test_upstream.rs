//! The committee's server and its git server (`serve::remote::Upstream`),
//! with the real parts: nginx + fcgiwrap + `git http-backend` with basic
//! authentication and backbrief's pre-receive hook, and two clones as two
//! hosts of the server. A decision recorded on one host is on the git
//! server at once and on the other host at its next page load or fetch on
//! the schedule, without a restart; decisions recorded on both at once are
//! merged, a conflict is left for the sync page; a decision the hook
//! refuses is reported in words and stays recorded; a git server that is
//! down or hangs is reported or waited for a bounded time, never a panic;
//! and the server's upkeep keeps the commit-graph and its filters current.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backbrief::history::maintenance::{GRAPH_LAG, graph_lags, has_changed_paths, keep_current};
use backbrief::i18n::Lang;
use backbrief::serve::remote::Upstream;

use crate::common::git_http::GitHttpServer;
use crate::common::{Recorder, SECRETARY, TestEnv};
use crate::common::{committee_folder, main_on_server};
use crate::test_verify::{public_key, sign_with, ssh_key};

const PLAN: &str = "arbejdsplads-1";

const DEPUTY: Recorder = Recorder {
    name: "Næstformand Nanna",
    email: "nanna@example.dk",
};

const USERS: &[(&str, &str)] = &[("host-a", "hemmelig-a"), ("host-b", "hemmelig-b")];

/// Long enough for a fetch on loopback on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// Host A's clone: the example plan, shared with the git server by `sync`.
fn host_a(server: &GitHttpServer) -> TestEnv {
    let a = TestEnv::repo_with_example_plan();
    a.git(&[
        "remote",
        "add",
        "origin",
        &server.url("host-a", "hemmelig-a", "committee.git"),
    ]);
    a
}

/// Host B's clone, made with `git clone` after A shared the plan.
fn host_b(server: &GitHttpServer) -> TestEnv {
    let b = TestEnv::without_plans();
    b.git(&[
        "clone",
        "-q",
        &server.url("host-b", "hemmelig-b", "committee.git"),
        ".",
    ]);
    b
}

fn upstream(env: &TestEnv, stale_after: Duration) -> Upstream {
    Upstream::new(root(env), None, stale_after, Lang::En).with_waits(PATIENCE, PATIENCE)
}

fn root(env: &TestEnv) -> PathBuf {
    env.root().to_path_buf()
}

fn open(env: &TestEnv) -> git2::Repository {
    git2::Repository::open(env.root()).expect("repository")
}

fn decide(env: &TestEnv, who: Recorder, when: &str, set: &str) {
    env.run_as(
        who,
        when,
        &[
            "decide",
            PLAN,
            "-m",
            "Workshop holdt",
            "--by",
            "Lokal-MED",
            "--set",
            set,
        ],
    )
    .expect_code(0);
}

fn plan_text(env: &TestEnv) -> String {
    String::from_utf8(env.read(&format!("plans/{PLAN}.json"))).expect("UTF-8")
}

/// Waits until `done` holds, at most [`PATIENCE`].
fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < PATIENCE, "not in time: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_decision_recorded_on_one_host_is_pushed_and_seen_on_the_other_without_a_restart() {
    if !GitHttpServer::available("test_upstream") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);
    let a = host_a(&server);
    a.run_on("2024-09-03", &["sync"]).expect_code(0);
    let b = host_b(&server);
    let upstream_a = upstream(&a, Duration::from_secs(3600));
    let stale_after = Duration::from_secs(2);
    // Host B's graph was last written by `git gc`, without changed-path
    // filters; the server's upkeep writes them.
    b.git(&["commit-graph", "write", "--reachable", "--no-changed-paths"]);
    assert!(!has_changed_paths(&open(&b)));
    let upstream_b = upstream(&b, stale_after);
    upstream_b.refresh_if_stale();
    assert!(has_changed_paths(&open(&b)), "the fetch wrote the filters");
    let first_fetch = upstream_b.last_fetch().expect("a first page load fetches");
    // A page within the stale time shows what is there.
    upstream_b.refresh_if_stale();
    assert_eq!(upstream_b.last_fetch(), Some(first_fetch), "not stale yet");

    decide(&a, DEPUTY, "2024-09-20", "workshop-i-teams.status=done");
    upstream_a.after_record().expect("the decision is pushed");
    assert_eq!(
        main_on_server(&folder),
        a.head(),
        "on the git server at once"
    );
    assert_ne!(b.head(), a.head());

    std::thread::sleep(stale_after.saturating_sub(first_fetch.elapsed()));
    upstream_b.refresh_if_stale();
    assert_eq!(b.head(), a.head(), "host B's branch has the decision");
    assert_eq!(plan_text(&b), plan_text(&a), "and its plan shows it");
    let log = b.run(&["log", PLAN, "--no-pager", "--json"]).expect_code(0);
    assert!(log.stdout.contains("Næstformand Nanna"), "{}", log.stdout);
    b.run(&["verify"]).expect_code(0);
}

/// Both hosts record a decision before either fetched the other's: the
/// second push merges them (a sync's merge commit, by the server's
/// identity) and both hosts end with both decisions.
#[test]
fn decisions_recorded_on_both_hosts_at_once_are_merged_and_shared() {
    if !GitHttpServer::available("test_upstream") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);
    let a = host_a(&server);
    a.run_on("2024-09-03", &["sync"]).expect_code(0);
    let b = host_b(&server);
    let upstream_a =
        upstream(&a, Duration::ZERO).with_identity("backbrief", "backbrief@example.dk");
    let upstream_b =
        upstream(&b, Duration::ZERO).with_identity("backbrief", "backbrief@example.dk");

    decide(&a, SECRETARY, "2024-09-20", "workshop-i-teams.status=done");
    decide(&b, DEPUTY, "2024-09-20", "owner=HMU");
    upstream_a.after_record().expect("A's decision is pushed");
    upstream_b
        .after_record()
        .expect("B's is merged with it and pushed");
    assert_eq!(main_on_server(&folder), b.head());
    let merge = b.git(&["log", "-1", "--format=%an <%ae>|%P"]);
    let (author, parents) = merge.trim().split_once('|').expect("author|parents");
    assert_eq!(author, "backbrief <backbrief@example.dk>");
    assert_eq!(parents.split(' ').count(), 2, "a merge commit");

    upstream_a.refresh_if_stale();
    assert_eq!(a.head(), b.head());
    let plan = plan_text(&a);
    assert!(plan.contains("\"done\"") && plan.contains("HMU"), "{plan}");
    a.run(&["verify"]).expect_code(0);
}

/// The same field decided differently on both hosts: nothing changes on
/// either side until a secretary settles it on the sync page; the fetch
/// on the schedule or a page leaves it so too.
#[test]
fn a_conflict_between_the_hosts_is_left_for_the_sync_page() {
    if !GitHttpServer::available("test_upstream") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);
    let a = host_a(&server);
    a.run_on("2024-09-03", &["sync"]).expect_code(0);
    let b = host_b(&server);
    let upstream_b =
        upstream(&b, Duration::ZERO).with_identity("backbrief", "backbrief@example.dk");

    decide(&a, SECRETARY, "2024-09-20", "workshop-i-teams.status=done");
    upstream(&a, Duration::ZERO).after_record().expect("pushed");
    let on_server = main_on_server(&folder);
    decide(
        &b,
        DEPUTY,
        "2024-09-20",
        "workshop-i-teams.status=cancelled",
    );
    let recorded = b.head();
    let error = upstream_b.after_record().expect_err("a conflict");
    assert_eq!(
        error.message,
        "The decision is recorded here, but 1 conflict(s) with decisions on the git server must \
         be settled before it can be sent."
    );
    assert_eq!(
        error.hints,
        ["Settle them on the Sync page; nothing is lost meanwhile."]
    );
    upstream_b.refresh_if_stale();
    assert_eq!(b.head(), recorded, "nothing changed here");
    assert_eq!(main_on_server(&folder), on_server, "nor on the git server");
    assert!(plan_text(&b).contains("\"cancelled\""));
}

#[test]
fn a_decision_the_hook_refuses_is_reported_in_words_and_stays_recorded() {
    if !GitHttpServer::available("test_upstream") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);
    let a = host_a(&server);
    if !ssh_key(&a, "key") {
        return;
    }
    // The repository requires signed decisions from now on.
    a.write(
        ".backbrief/allowed_signers",
        format!(
            "{} namespaces=\"git\" {}\n",
            SECRETARY.email,
            public_key(&a, "key")
        ),
    );
    a.git(&["add", ".backbrief/allowed_signers"]);
    a.git(&["commit", "-q", "-m", "Kræv signerede beslutninger"]);
    sign_with(&a, &a.path("key.pub"));
    decide(&a, SECRETARY, "2024-09-12", "owner=HMU");
    let upstream_a = upstream(&a, Duration::from_secs(3600));
    upstream_a
        .after_record()
        .expect("a signed decision is taken");
    let before = main_on_server(&folder);
    assert_eq!(before, a.head());

    a.git(&["config", "commit.gpgsign", "false"]);
    decide(&a, SECRETARY, "2024-09-13", "workshop-i-teams.status=done");
    let recorded = a.head();
    let error = upstream_a
        .after_record()
        .expect_err("the hook refuses an unsigned decision");
    assert!(
        error.message.starts_with(
            "The decision is recorded here but was not sent to the git server: origin did not \
             accept the decisions: [remote rejected] (pre-receive hook declined):"
        ),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("Beslutningen er ikke signeret"),
        "the hook's reason: {}",
        error.message
    );
    assert!(!error.message.contains("hemmelig"), "{}", error.message);
    assert!(
        error
            .hints
            .last()
            .is_some_and(|hint| hint.starts_with("Nothing is lost")),
        "{:?}",
        error.hints
    );
    assert_eq!(a.head(), recorded, "the decision is still in the clone");
    assert!(plan_text(&a).contains("\"done\""));
    assert_eq!(
        main_on_server(&folder),
        before,
        "the git server is as it was"
    );
}

#[test]
fn the_schedule_picks_up_a_decision_without_any_page_load() {
    if !GitHttpServer::available("test_upstream") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);
    let a = host_a(&server);
    a.run_on("2024-09-03", &["sync"]).expect_code(0);
    let b = host_b(&server);
    let upstream_b = Arc::new(upstream(&b, Duration::from_secs(3600)));
    Arc::clone(&upstream_b).spawn_schedule(Duration::from_secs(1));
    eventually("the schedule's first fetch", || {
        upstream_b.last_fetch().is_some()
    });

    decide(&a, DEPUTY, "2024-09-20", "workshop-i-teams.status=done");
    upstream(&a, Duration::from_secs(3600))
        .after_record()
        .expect("pushed");
    eventually("host B has the decision", || b.head() == a.head());
    assert_eq!(plan_text(&b), plan_text(&a));
}

#[test]
fn a_git_server_that_is_down_is_reported_and_nothing_is_lost() {
    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let a = TestEnv::repo_with_example_plan();
    a.git(&[
        "remote",
        "add",
        "origin",
        &format!("http://host-a:hemmelig-a@127.0.0.1:{port}/git/committee.git"),
    ]);
    decide(&a, SECRETARY, "2024-09-20", "workshop-i-teams.status=done");
    let recorded = a.head();
    let upstream_a = upstream(&a, Duration::ZERO);
    let error = upstream_a.after_record().expect_err("nothing to push to");
    assert!(
        error
            .message
            .starts_with("The decision is recorded here but was not sent to the git server: "),
        "{}",
        error.message
    );
    assert!(!error.message.contains("hemmelig"), "{}", error.message);
    upstream_a.refresh_if_stale();
    assert!(upstream_a.last_fetch().is_some(), "the fetch was tried");
    assert!(!upstream_a.fetching());
    assert_eq!(a.head(), recorded, "nothing changed");
}

#[test]
fn a_git_server_that_hangs_holds_no_page() {
    // Takes the connection and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let a = TestEnv::repo_with_example_plan();
    a.git(&[
        "remote",
        "add",
        "origin",
        &format!("http://127.0.0.1:{port}/git/committee.git"),
    ]);
    let upstream_a = Upstream::new(root(&a), None, Duration::ZERO, Lang::En)
        .with_waits(Duration::from_millis(500), Duration::from_millis(500));
    let started = Instant::now();
    upstream_a.refresh_if_stale();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(upstream_a.fetching(), "the fetch goes on by itself");
    // A second page does not start another, nor wait for it.
    let started = Instant::now();
    upstream_a.refresh_if_stale();
    assert!(started.elapsed() < Duration::from_millis(400));
    let error = upstream_a.after_record().expect_err("no answer in time");
    assert_eq!(
        error.message,
        "The git server has not answered within 0.5 seconds; the decision is recorded here and \
         is sent as soon as it answers."
    );
    let config = a.git(&["config", "--local", "--get", "http.lowSpeedTime"]);
    assert_eq!(
        config.trim(),
        "60",
        "git gives up on a stalled server itself"
    );
}

/// A server fetches and records for months between two `git gc`: its own
/// upkeep writes the commit-graph again once many commits are newer than
/// it, keeping the filters it had.
#[test]
fn the_servers_upkeep_writes_a_graph_that_lags_behind_again() {
    let env = TestEnv::repo_with_example_plan();
    env.git(&["commit-graph", "write", "--reachable", "--changed-paths"]);
    keep_current(env.root());
    assert!(has_changed_paths(&open(&env)));
    assert!(!graph_lags(&open(&env)), "the graph is current");

    let head = env.head();
    let mut stream = String::new();
    for n in 0..GRAPH_LAG + 10 {
        let from = if n == 0 {
            format!("from {head}\n")
        } else {
            String::new()
        };
        let data = format!("referat {n}\n");
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter Sekretær <s@example.dk> {} +0000\n\
             data 6\nBilag\n{from}M 100644 inline bilag/referat-{n}.txt\ndata {}\n{data}\n",
            1_725_000_000 + n,
            data.len()
        ));
    }
    let mut import = env
        .git_command()
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("git fast-import");
    use std::io::Write;
    import
        .stdin
        .take()
        .expect("stdin")
        .write_all(stream.as_bytes())
        .expect("the stream");
    assert!(import.wait().expect("fast-import").success());
    assert!(
        graph_lags(&open(&env)),
        "{} commits newer than the graph",
        GRAPH_LAG + 10
    );

    keep_current(env.root());
    assert!(!graph_lags(&open(&env)), "written again");
    assert!(has_changed_paths(&open(&env)), "with its filters");
}
