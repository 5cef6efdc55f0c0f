//! Two committee servers (`backbrief serve --config`) on two hosts, each
//! with its own clone of one committee's repository on a real git server
//! (nginx + `git http-backend` with basic authentication and backbrief's
//! pre-receive hook). A decision recorded through one server's forms is on
//! the git server at once and on the other server's plan page after the
//! stale time, without a restart; a decision the hook refuses is said to
//! the secretary in words, stays recorded in the clone, and the git server
//! keeps a history `verify` accepts.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::git_http::GitHttpServer;
use crate::common::{SECRETARY, TestEnv};
use crate::common::{committee_folder, main_on_server};
use crate::test_serve::{Response, hidden, post, request};
use crate::test_verify::{public_key, ssh_key};

const USERS: &[(&str, &str)] = &[("host-1", "hemmelig-1"), ("host-2", "hemmelig-2")];

/// The repository's name on both servers (its path segment).
const NAME: &str = "lokal-med";

const PLAN: &str = "/r/lokal-med/plan/arbejdsplads-1";

const ITEM: &str = "opsamling-og-procesevaluering";

/// Long enough for a fetch on loopback on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

use crate::common::committee::CommitteeServer;

/// The day the servers run on.
const DAY: &str = "2024-09-20";

/// Starts a committee server in `dir` on [`DAY`] (see the shared starter).
fn start(config_text: &str, dir: &Path) -> CommitteeServer {
    CommitteeServer::start_with(config_text, dir, DAY, &[])
}

/// Opens the printed address (token mode) and returns the session cookie
/// it gives.
fn session(server: &CommitteeServer) -> String {
    let token = server.token().expect("a token in the first line");
    let response = get(server, &format!("/?token={token}"), None);
    assert_eq!(response.status, 303, "{response:?}");
    let cookie = response.header("set-cookie").expect("a session cookie");
    cookie.split(';').next().unwrap_or_default().to_string()
}

fn headers(server: &CommitteeServer, cookie: Option<&str>) -> Vec<(String, String)> {
    let mut headers = vec![("Host".to_string(), format!("127.0.0.1:{}", server.port))];
    if let Some(cookie) = cookie {
        headers.push(("Cookie".to_string(), cookie.to_string()));
    }
    headers
}

fn get(server: &CommitteeServer, path: &str, cookie: Option<&str>) -> Response {
    request(server.port, "GET", path, &headers(server, cookie), b"")
}

/// POSTs the form as the server's own pages would (token mode: no form
/// token, the origin is the server's address).
fn post_form(
    server: &CommitteeServer,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> Response {
    let mut headers = headers(server, Some(cookie));
    headers.push(("Origin".to_string(), server.url("")));
    post(server.port, path, &headers, fields)
}

/// The configuration of one host's server: token mode on loopback, its
/// clone as the committee's repository, stale after one second.
fn config(clone: &Path) -> String {
    format!(
        "listen = \"127.0.0.1:0\"\n\
         stale_after_seconds = 1\n\
         fetch_every_seconds = 3600\n\
         [identity]\n\
         name = \"backbrief\"\n\
         email = \"backbrief@example.dk\"\n\
         [[repository]]\n\
         name = \"{NAME}\"\n\
         path = \"{}\"\n\
         secretaries = [\"{}\"]\n",
        clone.display(),
        SECRETARY.email
    )
}

/// Sets `ITEM`'s status to `status` in the draft and records the draft
/// through the decision form, as a secretary in the browser does.
fn record_through_forms(
    server: &CommitteeServer,
    cookie: &str,
    status: &str,
    summary: &str,
) -> Response {
    let page = get(server, PLAN, Some(cookie));
    assert_eq!(page.status, 200, "{}", page.body);
    let was = hidden(&page.body, &format!("was.{ITEM}"));
    let status_field = format!("status.{ITEM}");
    let was_field = format!("was.{ITEM}");
    let saved = post_form(
        server,
        &format!("{PLAN}/statuses"),
        cookie,
        &[
            ("base", &hidden(&page.body, "base")),
            ("draft", &hidden(&page.body, "draft")),
            (&status_field, status),
            (&was_field, &was),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = get(server, PLAN, Some(cookie)).body;
    post_form(
        server,
        &format!("{PLAN}/record"),
        cookie,
        &[
            ("base", &hidden(&page, "base")),
            ("draft", &hidden(&page, "draft")),
            ("summary", summary),
            ("decided_by", "Lokal-MED"),
            ("decided_on", "20.9.2024"),
            ("meeting", "MED-møde 20. september 2024"),
            ("rationale", ""),
        ],
    )
}

/// `ITEM`'s recorded status as `server`'s plan page shows it, loaded
/// again (after the stale time) until it is `status`; panics after
/// [`PATIENCE`].
fn wait_for_status(server: &CommitteeServer, cookie: &str, status: &str) {
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(1100));
        let page = get(server, PLAN, Some(cookie));
        assert_eq!(page.status, 200, "{}", page.body);
        if hidden(&page.body, &format!("was.{ITEM}")) == status {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the other server's page never showed the decision"
        );
    }
}

fn root(env: &TestEnv) -> PathBuf {
    env.root().to_path_buf()
}

#[test]
fn a_decision_recorded_on_one_server_is_on_the_git_server_at_once_and_on_the_other_servers_page() {
    if !GitHttpServer::available("test_committee_upstream") {
        return;
    }
    let folder = committee_folder();
    let git_server = GitHttpServer::serve(folder.root(), USERS);
    let one = TestEnv::repo_with_example_plan();
    one.git(&[
        "remote",
        "add",
        "origin",
        &git_server.url("host-1", "hemmelig-1", "committee.git"),
    ]);
    one.run_on("2024-09-03", &["sync"]).expect_code(0);
    let two = TestEnv::without_plans();
    two.git(&[
        "clone",
        "-q",
        &git_server.url("host-2", "hemmelig-2", "committee.git"),
        ".",
    ]);
    let dir_one = tempfile::tempdir().expect("host 1's folder");
    let dir_two = tempfile::tempdir().expect("host 2's folder");
    let server_one = start(&config(&root(&one)), dir_one.path());
    let server_two = start(&config(&root(&two)), dir_two.path());
    let (cookie_one, cookie_two) = (session(&server_one), session(&server_two));
    let page = get(&server_two, PLAN, Some(&cookie_two));
    assert_eq!(hidden(&page.body, &format!("was.{ITEM}")), "planned");
    // Host 2 has made and kept its history pages before the decision comes.
    let trail = format!("/r/{NAME}/decisions?plan=arbejdsplads-1");
    let blame = format!("/r/{NAME}/plan/arbejdsplads-1/blame");
    assert!(
        !get(&server_two, &trail, Some(&cookie_two))
            .body
            .contains("Status efter mødet")
    );
    assert_eq!(get(&server_two, &blame, Some(&cookie_two)).status, 200);

    // 1. Recorded on host 1: on the git server at once, on host 2's page
    // after the stale time.
    let recorded = record_through_forms(&server_one, &cookie_one, "done", "Status efter mødet");
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let commit = one.head();
    assert_eq!(
        recorded.header("location"),
        Some(format!("/r/{NAME}/decision/{commit}?recorded=1").as_str())
    );
    assert_eq!(main_on_server(&folder), commit, "on the git server at once");
    let on_server = folder.git(&["--git-dir", "committee.git", "log", "-1", "--format=%s"]);
    assert_eq!(on_server, "Status efter mødet\n");
    wait_for_status(&server_two, &cookie_two, "done");
    assert_eq!(two.head(), commit, "host 2's clone has the decision");
    // What host 2 kept gives way to the decision fetched.
    let trail = get(&server_two, &trail, Some(&cookie_two)).body;
    assert!(trail.contains("Status efter mødet"), "{trail}");
    let blame = get(&server_two, &blame, Some(&cookie_two)).body;
    assert!(blame.contains(&format!("/decision/{commit}")), "{blame}");
    let decision = get(
        &server_two,
        &format!("/r/{NAME}/decision/{commit}"),
        Some(&cookie_two),
    );
    assert_eq!(decision.status, 200);
    assert!(
        decision.body.contains("Status efter mødet"),
        "{}",
        decision.body
    );

    // 2. The git server requires signed decisions from now on (committed
    // on host 2 and pushed past its server), and host 1's server signs
    // nothing: the hook refuses its next decision.
    if !ssh_key(&two, "key") {
        return;
    }
    two.write(
        ".backbrief/allowed_signers",
        format!(
            "{} namespaces=\"git\" {}\n",
            SECRETARY.email,
            public_key(&two, "key")
        ),
    );
    two.git(&["add", ".backbrief/allowed_signers"]);
    two.git(&["commit", "-q", "-m", "Kræv signerede beslutninger"]);
    two.git(&["push", "-q", "origin", "main"]);
    let before = main_on_server(&folder);
    assert_eq!(before, two.head());
    // Host 1's page fetches it (the stale time has passed).
    let started = Instant::now();
    while one.head() != before {
        assert!(started.elapsed() < PATIENCE, "host 1 never fetched");
        std::thread::sleep(Duration::from_millis(1100));
        get(&server_one, PLAN, Some(&cookie_one));
    }
    let refused = record_through_forms(&server_one, &cookie_one, "in_progress", "Genoptaget");
    assert_eq!(refused.status, 500, "{}", refused.body);
    let page = &refused.body;
    assert!(
        page.contains("Beslutningen er registreret her, men er ikke sendt til git-serveren"),
        "{page}"
    );
    assert!(
        page.contains("Beslutningen er ikke signeret"),
        "the hook's reason: {page}"
    );
    assert!(page.contains("Intet er tabt"), "{page}");
    assert!(!page.contains("hemmelig"), "no password on the page");
    // Nothing lost: the decision is in clone 1, on top of what the git
    // server has.
    assert_ne!(one.head(), before);
    assert_eq!(
        one.git(&["log", "-1", "--format=%s|%P"]),
        format!("Genoptaget|{before}\n")
    );
    let plan = String::from_utf8(one.read("plans/arbejdsplads-1.json")).expect("UTF-8");
    assert!(plan.contains("\"in_progress\""), "{plan}");
    // The git server is as it was, and its history is sound (`verify`
    // reads a work tree, and so a plain clone of the bare repository).
    assert_eq!(main_on_server(&folder), before);
    let check = TestEnv::without_plans();
    check.git(&[
        "clone",
        "-q",
        &folder.path("committee.git").to_string_lossy(),
        ".",
    ]);
    assert_eq!(check.head(), before);
    check.run(&["verify"]).expect_code(0);
}

/// The sync page synced with the branch's upstream or origin, not with the
/// remote the configuration names (issue 20, found on reading): a clone
/// whose git server is known by another name had nothing to sync with.
#[test]
fn the_sync_page_syncs_with_the_remote_the_configuration_names() {
    if !GitHttpServer::available("test_committee_upstream") {
        return;
    }
    let folder = committee_folder();
    let git_server = GitHttpServer::serve(folder.root(), USERS);
    let one = TestEnv::repo_with_example_plan();
    one.git(&[
        "remote",
        "add",
        "origin",
        &git_server.url("host-1", "hemmelig-1", "committee.git"),
    ]);
    one.run_on("2024-09-03", &["sync"]).expect_code(0);
    // Host 2 knows the git server as "kommunen", and its branch follows
    // nothing: only the configuration says where to sync.
    let two = TestEnv::without_plans();
    two.git(&[
        "clone",
        "-q",
        "-o",
        "kommunen",
        &git_server.url("host-2", "hemmelig-2", "committee.git"),
        ".",
    ]);
    two.git(&["branch", "--unset-upstream"]);
    let dir = tempfile::tempdir().expect("host 2's folder");
    let text = config(&root(&two)).replace(
        &format!("name = \"{NAME}\"\n"),
        &format!("name = \"{NAME}\"\nremote = \"kommunen\"\n"),
    );
    assert!(text.contains("remote = \"kommunen\""), "{text}");
    let server = start(&text, dir.path());
    let cookie = session(&server);
    let synced = post_form(&server, &format!("/r/{NAME}/sync"), &cookie, &[]);
    assert_eq!(synced.status, 200, "{}", synced.body);
    assert!(
        synced.body.contains("<p class=\"ok\">Synkroniseret.</p>"),
        "{}",
        synced.body
    );
}
