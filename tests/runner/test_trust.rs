//! The trust promise, round two: ten ways around `verify`, the server's
//! hook, `sync` and the browser's guard that an attacker with plain git
//! and a browser would try, each refused or reported, and each test named
//! after its attack.

use crate::common::{SECRETARY, TestEnv, git_date};
use crate::test_hook::{DEPUTY, Server, decide, push};
use crate::test_serve::{Server as ServeServer, hidden, post as serve_post, request};
use crate::test_verify::{
    codes, git_commit_on, public_key, repo_requiring_signatures, repo_with_decisions, short,
    sign_with, ssh_key, verify,
};

/// Edits the title of `p1` in the work tree and stages it (no commit).
fn edit_title(env: &TestEnv, title: &str) {
    let text = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    plan["title"] = serde_json::Value::String(title.into());
    let text = serde_json::to_string_pretty(&plan).expect("JSON") + "\n";
    env.write("plans/p1.json", text);
    env.git(&["add", "plans/p1.json"]);
}

/// `backbrief show COMMIT` and `log` must not read it as a decision.
fn not_read_as_a_decision(env: &TestEnv, commit: &str) {
    let shown = env.run(&["show", commit, "--lang", "en"]);
    assert_ne!(shown.code, Some(0), "{shown}");
    let log = env.run(&["log", "--lang", "en"]).expect_code(0);
    assert!(!log.stdout.contains("Direktøren"), "{log}");
    assert!(!log.stdout.contains("Indsmuglet"), "{log}");
}

#[test]
fn duplicate_decided_by_trailers_are_a_finding_not_a_decision() {
    let env = repo_with_decisions();
    edit_title(&env, "Indsmuglet titel");
    git_commit_on(
        &env,
        "2024-10-01",
        &[
            "-m",
            "Indsmuglet titel",
            "-m",
            "Plan: p1\nDecided-by: Direktøren\nDecided-by: MED\nDecided-on: 2024-10-01",
        ],
    );
    let commit = short(&env, "HEAD");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["bad-decision-trailers"], "{output}");
    let finding = &output.json()["findings"][0];
    assert!(
        finding["commit"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&commit),
        "{finding}"
    );
    let message = finding["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Decided-by trailer more than once (\"Direktøren\", \"MED\")"),
        "{message}"
    );
    not_read_as_a_decision(&env, &commit);
    // In Danish too, the default.
    let output = verify(&env, &[]).expect_code(1);
    assert!(
        output
            .stdout
            .contains("Commit'en har traileren Decided-by mere end én gang"),
        "{output}"
    );
}

#[test]
fn a_repeated_trailer_in_any_case_is_a_finding() {
    // A lowercase key is the same trailer to git; so are Plan, Decided-on
    // and Meeting given twice.
    for (index, trailers) in [
        "Plan: p1\nplan: p2\nDecided-by: MED",
        "Plan: p1\nDecided-by: MED\ndecided-by: Direktøren",
        "Plan: p1\nDecided-by: MED\nDecided-on: 2024-10-01\nDecided-on: 2024-01-01",
        "Plan: p1\nDecided-by: MED\nMeeting: Et\nMEETING: Et andet",
    ]
    .iter()
    .enumerate()
    {
        let env = repo_with_decisions();
        edit_title(&env, &format!("Titel {index}"));
        git_commit_on(&env, "2024-10-01", &["-m", "Titel", "-m", trailers]);
        let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
        assert_eq!(
            codes(&output),
            ["bad-decision-trailers"],
            "{trailers}: {output}"
        );
    }
}

#[test]
fn an_empty_decided_by_is_a_finding_not_a_decision() {
    for trailers in [
        "Plan: p1\nDecided-by:\nDecided-on: 2024-10-01",
        "Plan: p1\nDecided-by:    \nDecided-on: 2024-10-01",
        "Plan:  \nDecided-by: MED",
    ] {
        let env = repo_with_decisions();
        edit_title(&env, "Indsmuglet titel");
        git_commit_on(
            &env,
            "2024-10-01",
            &["-m", "Indsmuglet titel", "-m", trailers],
        );
        let commit = short(&env, "HEAD");
        let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
        assert_eq!(
            codes(&output),
            ["bad-decision-trailers"],
            "{trailers}: {output}"
        );
        let finding = &output.json()["findings"][0];
        assert!(
            finding["commit"]
                .as_str()
                .unwrap_or_default()
                .starts_with(&commit),
            "{finding}"
        );
        assert!(
            finding["message"]
                .as_str()
                .unwrap_or_default()
                .contains("no filled-in"),
            "{finding}"
        );
        not_read_as_a_decision(&env, &commit);
    }
}

#[test]
fn plans_turned_into_a_symbolic_link_is_a_finding_not_a_failure() {
    let env = repo_with_decisions();
    env.git(&["mv", "plans", "elsewhere"]);
    std::os::unix::fs::symlink("elsewhere", env.path("plans")).expect("symlink");
    env.git(&["add", "plans"]);
    git_commit_on(&env, "2024-10-01", &["-m", "Flyt planerne"]);
    let commit = short(&env, "HEAD");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    let json = output.json();
    let finding = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "not-a-plan-file")
        .cloned()
        .unwrap_or_default();
    assert!(
        finding["commit"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&commit),
        "{output}"
    );
    assert!(
        finding["message"]
            .as_str()
            .unwrap_or_default()
            .contains("plans (a symbolic link)"),
        "{output}"
    );
    // The same for plans/ turned into a file.
    let env = repo_with_decisions();
    env.git(&["rm", "-r", "-q", "plans"]);
    env.write("plans", "ikke en mappe\n");
    env.git(&["add", "plans"]);
    git_commit_on(&env, "2024-10-01", &["-m", "En fil"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert!(
        codes(&output).contains(&"not-a-plan-file".to_string()),
        "{output}"
    );
}

// ---------------------------------------------------------------------------
// The server's hook, through a bare repository and real `git push`.
// ---------------------------------------------------------------------------

/// A plain commit of the plan in `env` (not a decision), at HEAD.
fn plain_commit_of_the_plan(env: &TestEnv) -> String {
    let file = format!("plans/{HOOK_PLAN}.json");
    let plan = String::from_utf8(env.read(&file)).expect("UTF-8");
    env.write(&file, plan.replacen("\"planned\"", "\"done\"", 1));
    env.git(&["commit", "-q", "-am", "Ret status"]);
    env.head()
}

const HOOK_PLAN: &str = "arbejdsplads-1";

#[test]
fn an_annotated_tag_as_a_side_door_is_refused() {
    let server = Server::new();
    let _founder = server.founder();
    let before = server.main();
    let deputy = server.clone();
    let commit = plain_commit_of_the_plan(&deputy);
    deputy.git(&["tag", "-a", "side", "-m", "Bare et tag", &commit]);
    // The tag alone: it points at a commit no branch holds.
    let (pushed, said) = push(&deputy, &["origin", "refs/tags/side"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains(&format!(
            "Tagget refs/tags/side peger på {}, som ingen gren på serveren har",
            &commit[..7]
        )),
        "{said}"
    );
    // Had the tag got in some other way (an administrator's fetch, which
    // runs no hook), the branch moving onto it is still checked.
    server.env.git(&[
        "--git-dir",
        "plans.git",
        "fetch",
        "-q",
        &deputy.root().to_string_lossy(),
        "refs/tags/side:refs/tags/side",
    ]);
    let (pushed, said) = push(&deputy, &["origin", "main"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains("Commit'en ændrer plans/arbejdsplads-1.json, men er ikke en beslutning"),
        "{said}"
    );
    assert!(said.contains(&commit[..7]), "{said}");
    assert_eq!(server.main(), before, "the server's branch is unchanged");
}

#[test]
fn tags_of_trees_blobs_and_tags_off_any_branch_are_refused() {
    let server = Server::new();
    let founder = server.founder();
    let head = founder.head();
    founder.git(&["tag", "tree", "HEAD^{tree}"]);
    founder.git(&["tag", "blob", &format!("HEAD:plans/{HOOK_PLAN}.json")]);
    founder.git(&["tag", "-a", "inner", "-m", "Indre", "HEAD^{tree}"]);
    founder.git(&["tag", "-a", "outer", "-m", "Ydre", "inner"]);
    for tag in ["tree", "blob", "outer"] {
        let (pushed, said) = push(&founder, &["origin", &format!("refs/tags/{tag}")]);
        assert!(!pushed, "{tag}: {said}");
        assert!(said.contains("som ikke er en commit"), "{tag}: {said}");
    }
    // A tag of a tag of a commit no branch holds.
    let commit = plain_commit_of_the_plan(&founder);
    founder.git(&["tag", "-a", "inner-commit", "-m", "Indre", &commit]);
    founder.git(&["tag", "-a", "outer-commit", "-m", "Ydre", "inner-commit"]);
    let (pushed, said) = push(&founder, &["origin", "refs/tags/outer-commit"]);
    assert!(!pushed, "{said}");
    assert!(said.contains("som ingen gren på serveren har"), "{said}");
    // A tag (nested, even) of a commit the branch holds is taken.
    founder.git(&["tag", "-a", "start", "-m", "Start", &head]);
    founder.git(&["tag", "-a", "start-again", "-m", "Igen", "start"]);
    let (pushed, said) = push(&founder, &["origin", "refs/tags/start-again"]);
    assert!(pushed, "{said}");
}

#[test]
fn refs_outside_branches_and_tags_are_refused() {
    let server = Server::new();
    let founder = server.founder();
    for target in [
        "refs/notes/commits",
        "refs/pull/1/head",
        "refs/backbrief/other",
    ] {
        let (pushed, said) = push(&founder, &["origin", &format!("HEAD:{target}")]);
        assert!(!pushed, "{target}: {said}");
        assert!(
            said.contains("serveren tager kun imod grene (refs/heads/) og tags (refs/tags/)"),
            "{target}: {said}"
        );
    }
}

#[test]
fn delete_then_recreate_a_branch_is_refused() {
    let server = Server::new();
    let founder = server.founder();
    let deputy = server.clone();
    deputy.git(&["checkout", "-q", "-b", "dev"]);
    decide(&deputy, DEPUTY, "2024-09-12", "owner=HMU").expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    let (pushed, said) = push(&deputy, &["origin", "dev"]);
    assert!(pushed, "{said}");
    let dev = deputy.head();
    // Dropping D2 with a force push is refused (as before)...
    deputy.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let (pushed, said) = push(&deputy, &["--force", "origin", "dev"]);
    assert!(!pushed, "{said}");
    // ...and so is deleting the branch, which would drop it all the same.
    let (pushed, said) = push(&deputy, &["origin", ":dev"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains("Pushet sletter grenen refs/heads/dev, som rummer 2 beslutning(er)"),
        "{said}"
    );
    let on_server = server
        .env
        .git(&["--git-dir", "plans.git", "rev-parse", "dev"]);
    assert_eq!(on_server.trim(), dev, "the branch is still there");
    // A branch whose decisions another branch holds may go.
    let (pushed, said) = push(&founder, &["origin", "main:copy"]);
    assert!(pushed, "{said}");
    let (pushed, said) = push(&founder, &["origin", ":copy"]);
    assert!(pushed, "{said}");
}

// ---------------------------------------------------------------------------
// The browser's guard, over plain HTTP with the session cookie.
// ---------------------------------------------------------------------------

#[test]
fn origins_that_are_not_the_servers_are_refused() {
    let env = TestEnv::repo_with_example_plan();
    let server = ServeServer::start(&env, "2024-09-10", &[]);
    let cookie = server.session();
    let head = env.head();
    let page = server.get("/plan/arbejdsplads-1", Some(&cookie)).body;
    let fields = [
        ("base", head.as_str()),
        ("draft", &hidden(&page, "draft")),
        ("status.opsamling-og-procesevaluering", "done"),
        ("was.opsamling-og-procesevaluering", "planned"),
    ];
    let path = "/plan/arbejdsplads-1/statuses";
    let port = server.port;
    let host = ("Host".to_string(), format!("127.0.0.1:{port}"));
    let session = ("Cookie".to_string(), cookie.clone());
    let header = |name: &str, value: String| (name.to_string(), value);
    let refused = [
        vec![header("Origin", format!("http://localhost:{port}"))],
        vec![header("Origin", "null".to_string())],
        vec![header("Origin", format!("http://127.0.0.1:{}", port + 1))],
        vec![header("Origin", format!("https://127.0.0.1:{port}"))],
        vec![header("Origin", format!("http://[::1]:{port}"))],
        vec![header(
            "Origin",
            format!("http://127.0.0.1:{port}.evil.example"),
        )],
        // Without Origin, the Referer must be the server's own.
        vec![header("Referer", format!("http://localhost:{port}/plan/x"))],
        vec![header(
            "Referer",
            format!("http://127.0.0.1:{port}@evil.example/"),
        )],
        // A wrong Origin is not excused by a right Referer.
        vec![
            header("Origin", "null".to_string()),
            header("Referer", format!("http://127.0.0.1:{port}/")),
        ],
    ];
    for extra in refused {
        let mut headers = vec![host.clone(), session.clone()];
        headers.extend(extra.iter().cloned());
        let response = serve_post(port, path, &headers, &fields);
        assert_eq!(response.status, 403, "{extra:?}: {response:?}");
        assert_eq!(env.head(), head, "{extra:?}");
    }
    // `localhost` is not the server's name as a Host either.
    let response = request(
        port,
        "GET",
        "/",
        &[header("Host", format!("localhost:{port}")), session.clone()],
        b"",
    );
    assert_eq!(response.status, 403);
    assert_eq!(env.porcelain(), "");
    // The printed origin itself, or its Referer when a browser sends no
    // Origin, is let in: the same post then changes the plan.
    let response = serve_post(
        port,
        path,
        &[
            host.clone(),
            session.clone(),
            header(
                "Referer",
                format!("http://127.0.0.1:{port}/plan/arbejdsplads-1"),
            ),
        ],
        &fields,
    );
    assert_eq!(response.status, 303, "{response:?}");
}

#[test]
fn an_open_redirect_through_next_goes_home_instead() {
    let env = TestEnv::repo_with_example_plan();
    let server = ServeServer::start(&env, "2024-09-10", &[]);
    let cookie = server.session();
    for next in [
        "%2F%09%2Fevil.example",
        "%2F%0D%0A%2Fevil.example",
        "%2F%5Cevil.example",
        "%5C%5Cevil.example",
        "%2F%2Fevil.example",
        "%2F%252F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%20%2F%2Fevil.example",
        "%2F%00",
    ] {
        let response = server.get(&format!("/lang/en?next={next}"), Some(&cookie));
        assert_eq!(response.status, 303, "{next}");
        assert_eq!(response.header("location"), Some("/"), "{next}");
    }
    let response = server.get("/lang/en?next=%2Fplan%2Farbejdsplads-1", Some(&cookie));
    assert_eq!(response.header("location"), Some("/plan/arbejdsplads-1"));
    // The token's own redirect is a path on this server too.
    let response = server.get(&format!("//evil.example/?token={}", server.token), None);
    assert_eq!(response.status, 303, "{response:?}");
    assert_eq!(response.header("location"), Some("/"));
}

// ---------------------------------------------------------------------------
// sync checks what it fetches.
// ---------------------------------------------------------------------------

#[test]
fn sync_refuses_a_plain_commit_on_the_remote_and_changes_nothing() {
    // A server without the hook: anyone can push anything there.
    let server = TestEnv::without_plans();
    server.git(&["init", "-q", "--bare", "-b", "main", "plans.git"]);
    let url = format!("file://{}", server.path("plans.git").display());
    let founder = TestEnv::repo_with_example_plan();
    founder.git(&["remote", "add", "origin", &url]);
    founder.run_on("2024-09-03", &["sync"]).expect_code(0);
    let deputy = TestEnv::without_plans();
    deputy.git(&["clone", "-q", &url, "."]);
    let commit = plain_commit_of_the_plan(&deputy);
    let (pushed, said) = push(&deputy, &["origin", "main"]);
    assert!(pushed, "{said}");

    let before = (
        founder.head(),
        founder.porcelain(),
        founder.read(&format!("plans/{HOOK_PLAN}.json")),
    );
    let output = founder.run_on("2024-09-04", &["sync"]).expect_code(1);
    assert!(
        output
            .stderr
            .contains("Det, der blev hentet fra origin (main), har 1 fejl"),
        "{output}"
    );
    assert!(
        output.stderr.contains(&format!(
            "{}: Commit'en ændrer plans/arbejdsplads-1.json, men er ikke en beslutning",
            &commit[..7]
        )),
        "{output}"
    );
    let after = (
        founder.head(),
        founder.porcelain(),
        founder.read(&format!("plans/{HOOK_PLAN}.json")),
    );
    assert_eq!(after, before, "nothing changed here");
    // With a decision of its own to merge, the same.
    decide(
        &founder,
        crate::common::SECRETARY,
        "2024-09-05",
        "owner=HMU",
    )
    .expect_code(0);
    let head = founder.head();
    let output = founder
        .run_on("2024-09-05", &["sync", "--lang", "en"])
        .expect_code(1);
    assert!(
        output
            .stderr
            .contains("What was fetched from origin (main) has 1 error(s)"),
        "{output}"
    );
    assert_eq!(founder.head(), head);
    assert_eq!(founder.porcelain(), "");
}

// ---------------------------------------------------------------------------
// The signer list in force: old branches and unrelated roots.
// ---------------------------------------------------------------------------

/// An unsigned decision on a branch from `from`, merged into main with an
/// ordinary unsigned `git merge`: the decision's id.
fn merge_an_unsigned_old_branch(env: &TestEnv, from: &str, setter: &str) -> String {
    env.git(&["config", "commit.gpgsign", "false"]);
    env.git(&["checkout", "-q", "-b", "old", from]);
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            &plan_of(env),
            "-m",
            "Gammel gren",
            "--by",
            "Lokal-MED",
            "--set",
            setter,
        ],
    )
    .expect_code(0);
    let decision = env.head();
    env.git(&["checkout", "-q", "main"]);
    let output = env
        .git_command()
        .env("GIT_AUTHOR_DATE", git_date("2024-10-02"))
        .env("GIT_COMMITTER_DATE", git_date("2024-10-02"))
        .args(["merge", "-q", "--no-edit", "old"])
        .output()
        .expect("git merge");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    decision
}

/// The one plan in the repository.
fn plan_of(env: &TestEnv) -> String {
    let listing = env.git(&["ls-files", "plans"]);
    let file = listing
        .lines()
        .find(|l| l.ends_with(".json"))
        .expect("a plan");
    file.trim_start_matches("plans/")
        .trim_end_matches(".json")
        .to_string()
}

#[test]
fn an_old_branch_merged_in_brings_no_unsigned_decision_unseen() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    // HEAD~2 is the decision of 2024-09-10, before the signer list.
    let decision = merge_an_unsigned_old_branch(&env, "HEAD~2", "title=Fra en gammel gren");
    let merge = short(&env, "HEAD");
    for args in [
        &["--json", "--lang", "en"][..],
        &["--json", "--lang", "en", "--full"],
    ] {
        let output = verify(&env, args).expect_code(1);
        assert_eq!(codes(&output), ["merge-brings-unsigned"], "{output}");
        let finding = &output.json()["findings"][0];
        assert!(
            finding["commit"]
                .as_str()
                .unwrap_or_default()
                .starts_with(&merge),
            "{finding}"
        );
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(message.contains(&decision[..7]), "{message}");
    }
    let output = verify(&env, &[]).expect_code(1);
    assert!(
        output
            .stdout
            .contains("Fletningen bringer 1 beslutning(er) ind"),
        "{output}"
    );
}

#[test]
fn an_old_branch_merged_in_is_refused_by_the_hook() {
    let server = Server::new();
    let founder = server.founder();
    if !ssh_key(&founder, "key") {
        return;
    }
    let before_list = founder.head();
    founder.write(
        ".backbrief/allowed_signers",
        format!(
            "{} namespaces=\"git\" {}\n",
            SECRETARY.email,
            public_key(&founder, "key")
        ),
    );
    founder.git(&["add", ".backbrief/allowed_signers"]);
    founder.git(&["commit", "-q", "-m", "Kræv signerede beslutninger"]);
    sign_with(&founder, &founder.path("key.pub"));
    decide(
        &founder,
        SECRETARY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    let (pushed, said) = push(&founder, &["origin", "main"]);
    assert!(pushed, "{said}");
    let before = server.main();
    let decision = merge_an_unsigned_old_branch(&founder, &before_list, "owner=HMU");
    let (pushed, said) = push(&founder, &["origin", "main"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains("Fletningen bringer 1 beslutning(er) ind"),
        "{said}"
    );
    assert!(said.contains(&decision[..7]), "{said}");
    assert_eq!(server.main(), before);
}

/// The attack of an unrelated root: a root commit whose signer list allows
/// only the attacker's key, main merged into it keeping that list, main
/// fast-forwarded to it, and a decision signed by the attacker. Returns
/// the merge's id.
fn take_over_with_an_unrelated_root(env: &TestEnv) -> String {
    assert!(ssh_key(env, "attacker"));
    env.git(&["config", "commit.gpgsign", "false"]);
    env.git(&["checkout", "-q", "--orphan", "evil"]);
    env.git(&["rm", "-r", "-q", "--cached", "."]);
    env.write(
        ".backbrief/allowed_signers",
        format!(
            "{} namespaces=\"git\" {}\n",
            SECRETARY.email,
            public_key(env, "attacker")
        ),
    );
    env.git(&["add", ".backbrief/allowed_signers"]);
    git_commit_on(env, "2024-10-01", &["-q", "-m", "Ny begyndelse"]);
    env.git(&[
        "clean",
        "-q",
        "-f",
        "-d",
        "-x",
        "-e",
        "attacker*",
        "-e",
        "key*",
    ]);
    let output = env
        .git_command()
        .env("GIT_AUTHOR_DATE", git_date("2024-10-01"))
        .env("GIT_COMMITTER_DATE", git_date("2024-10-01"))
        .args([
            "merge",
            "-q",
            "--allow-unrelated-histories",
            "-X",
            "ours",
            "-m",
            "Saml",
            "main",
        ])
        .output()
        .expect("git merge");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let merge = env.head();
    env.git(&["checkout", "-q", "main"]);
    env.git(&["merge", "-q", "--ff-only", "evil"]);
    sign_with(env, &env.path("attacker.pub"));
    env.run_on(
        "2024-10-02",
        &[
            "decide",
            &plan_of(env),
            "-m",
            "Overtaget",
            "--by",
            "Lokal-MED",
            "--set",
            "owner=Angriber",
        ],
    )
    .expect_code(0);
    merge
}

#[test]
fn a_signer_list_from_an_unrelated_root_is_a_finding_naming_the_merge() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    let honest: Vec<String> = env
        .git(&["rev-list", "main"])
        .lines()
        .map(str::to_string)
        .collect();
    let merge = take_over_with_an_unrelated_root(&env);
    let output = verify(&env, &["--json", "--lang", "en", "--full"]).expect_code(1);
    let json = output.json();
    let findings = json["findings"].as_array().expect("findings");
    let unrelated: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "unrelated-signers")
        .collect();
    assert_eq!(unrelated.len(), 1, "{output}");
    assert_eq!(unrelated[0]["commit"], merge, "{output}");
    // No honest, correctly signed decision is accused.
    for finding in findings {
        let commit = finding["commit"].as_str().unwrap_or_default();
        assert!(!honest.iter().any(|h| h == commit), "{finding}");
    }
}

#[test]
fn a_signer_list_from_an_unrelated_root_is_refused_by_the_hook() {
    let server = Server::new();
    let founder = server.founder();
    if !ssh_key(&founder, "key") {
        return;
    }
    founder.write(
        ".backbrief/allowed_signers",
        format!(
            "{} namespaces=\"git\" {}\n",
            SECRETARY.email,
            public_key(&founder, "key")
        ),
    );
    founder.git(&["add", ".backbrief/allowed_signers"]);
    founder.git(&["commit", "-q", "-m", "Kræv signerede beslutninger"]);
    sign_with(&founder, &founder.path("key.pub"));
    decide(
        &founder,
        SECRETARY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    let (pushed, said) = push(&founder, &["origin", "main"]);
    assert!(pushed, "{said}");
    let before = server.main();
    let merge = take_over_with_an_unrelated_root(&founder);
    let (pushed, said) = push(&founder, &["origin", "main"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains("Fletningen samler to historikker uden fælles begyndelse"),
        "{said}"
    );
    assert!(said.contains(&merge[..7]), "{said}");
    assert_eq!(server.main(), before);
}

#[test]
fn an_unrelated_history_without_a_list_brings_no_unsigned_decision_unseen() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    env.git(&["config", "commit.gpgsign", "false"]);
    env.git(&["checkout", "-q", "--orphan", "stray"]);
    env.git(&["rm", "-r", "-q", "--cached", "."]);
    env.plan("p2", &crate::common::minimal_plan("p2"));
    env.git(&["add", "plans/p2.json"]);
    git_commit_on(
        &env,
        "2024-10-01",
        &[
            "-q",
            "-m",
            "Ny plan",
            "-m",
            "Plan: p2\nDecided-by: Lokal-MED",
        ],
    );
    let decision = env.head();
    env.git(&["clean", "-q", "-f", "-d", "-x", "-e", "key*"]);
    env.git(&["checkout", "-q", "-f", "main"]);
    let output = env
        .git_command()
        .env("GIT_AUTHOR_DATE", git_date("2024-10-02"))
        .env("GIT_COMMITTER_DATE", git_date("2024-10-02"))
        .args([
            "merge",
            "-q",
            "--allow-unrelated-histories",
            "-m",
            "Saml",
            "stray",
        ])
        .output()
        .expect("git merge");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert!(
        codes(&output).contains(&"merge-brings-unsigned".to_string()),
        "{output}"
    );
    assert!(output.stdout.contains(&decision[..7]), "{output}");
}
