//! The committee's repository on a real git server over smart HTTP (nginx,
//! fcgiwrap, `git http-backend`, basic authentication) with backbrief's
//! pre-receive hook installed, as a municipality's Gitea or GitLab would
//! hold it: two secretaries share decisions with `sync`, the server refuses
//! a plain commit and tells the pusher why, a wrong password changes
//! nothing, and no password is ever printed back.

use crate::common::git_http::GitHttpServer;
use crate::common::{Recorder, SECRETARY, TestEnv};
use crate::common::{committee_folder, main_on_server};

const PLAN: &str = "arbejdsplads-1";

const DEPUTY: Recorder = Recorder {
    name: "Næstformand Nanna",
    email: "nanna@example.dk",
};

const USERS: &[(&str, &str)] = &[("sara", "hemmelig-1"), ("nanna", "hemmelig-2")];

/// The secretary's repository with the example plan, its remote the
/// server's `committee.git` with her name and `password`.
fn secretary(server: &GitHttpServer, password: &str) -> TestEnv {
    let sara = TestEnv::repo_with_example_plan();
    sara.git(&[
        "remote",
        "add",
        "origin",
        &server.url("sara", password, "committee.git"),
    ]);
    sara
}

#[test]
fn two_secretaries_share_decisions_through_an_http_git_server_with_the_hook() {
    if !GitHttpServer::available("test_git_http") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);

    let sara = secretary(&server, "hemmelig-1");
    let shared = sara.run_on("2024-09-03", &["sync"]).expect_code(0);
    assert!(!shared.stdout.contains("hemmelig"), "{}", shared.stdout);
    assert_eq!(main_on_server(&folder), sara.head());

    // The deputy clones over HTTP with her own account and records a
    // decision; sync sends it.
    let nanna = TestEnv::without_plans();
    nanna.git(&[
        "clone",
        "-q",
        &server.url("nanna", "hemmelig-2", "committee.git"),
        ".",
    ]);
    nanna
        .run_as(
            DEPUTY,
            "2024-09-20",
            &[
                "decide",
                PLAN,
                "-m",
                "Workshop holdt",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.status=done",
            ],
        )
        .expect_code(0);
    nanna.run_as(DEPUTY, "2024-09-20", &["sync"]).expect_code(0);
    assert_eq!(main_on_server(&folder), nanna.head());

    // The secretary's sync brings it; her log shows who recorded it.
    sara.run_as(SECRETARY, "2024-09-21", &["sync"])
        .expect_code(0);
    assert_eq!(sara.head(), nanna.head());
    let log = sara
        .run(&["log", PLAN, "--no-pager", "--json"])
        .expect_code(0);
    assert!(log.stdout.contains("Næstformand Nanna"), "{}", log.stdout);
    sara.run(&["verify"]).expect_code(0);
}

#[test]
fn the_http_git_server_refuses_a_plain_commit_and_tells_the_pusher_why() {
    if !GitHttpServer::available("test_git_http") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);
    let sara = secretary(&server, "hemmelig-1");
    sara.run_on("2024-09-03", &["sync"]).expect_code(0);
    let before = main_on_server(&folder);

    let plan = String::from_utf8(sara.read(&format!("plans/{PLAN}.json"))).expect("UTF-8");
    sara.write(
        &format!("plans/{PLAN}.json"),
        plan.replacen("\"planned\"", "\"done\"", 1),
    );
    sara.git(&["commit", "-q", "-am", "Ret status"]);
    let output = sara
        .git_command()
        .args(["push", "origin", "main"])
        .output()
        .expect("git push");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{said}");
    assert!(
        said.contains("remote:"),
        "the hook's reason reaches the pusher: {said}"
    );
    assert!(said.contains("pre-receive hook declined"), "{said}");
    assert_eq!(
        main_on_server(&folder),
        before,
        "nothing changed on the server"
    );
}

#[test]
fn a_wrong_password_changes_nothing_and_is_never_printed() {
    if !GitHttpServer::available("test_git_http") {
        return;
    }
    let folder = committee_folder();
    let server = GitHttpServer::serve(folder.root(), USERS);
    let sara = secretary(&server, "forkert-kodeord");
    let outside_git = |env: &TestEnv| -> String {
        env.files()
            .lines()
            .filter(|line| !line.starts_with(".git/"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let files = outside_git(&sara);
    let refs = sara.git(&["for-each-ref"]);
    let output = sara.run_on("2024-09-03", &["sync"]).expect_code(3);
    let all = format!("{}{}", output.stdout, output.stderr);
    assert!(
        !all.contains("forkert-kodeord"),
        "the password is printed: {all}"
    );
    assert_eq!(outside_git(&sara), files);
    assert_eq!(sara.git(&["for-each-ref"]), refs, "no ref moved");
    assert!(
        folder
            .git_command()
            .args([
                "--git-dir",
                "committee.git",
                "rev-parse",
                "--verify",
                "-q",
                "main"
            ])
            .output()
            .is_ok_and(|o| !o.status.success()),
        "the server's main was not made"
    );
}
