//! The server keeps the history honest: `backbrief hook install` puts the
//! pre-receive hook into a bare repository, and real `git push`es from two
//! clones are taken or refused by it: a plain commit to plans/ and a force
//! push are refused with the reason shown to the pusher, a decision and a
//! sync are taken, and an unsigned decision is refused when the repository
//! requires signatures. And what the clones then read: `sync` shares the
//! verified point, a conflict settled by `sync` is a decision (show, log,
//! blame, report, status --as-of), and blame follows values through merges.

use crate::common::{Output, Recorder, SECRETARY, TestEnv};
use crate::test_verify::{public_key, sign_with, ssh_key};

const PLAN: &str = "arbejdsplads-1";

pub(crate) const DEPUTY: Recorder = Recorder {
    name: "Næstformand Nanna",
    email: "nanna@example.dk",
};

/// A folder holding the committee's bare repository `plans.git`, with the
/// hook installed.
pub(crate) struct Server {
    pub(crate) env: TestEnv,
}

impl Server {
    pub(crate) fn new() -> Server {
        let env = TestEnv::without_plans();
        env.git(&["init", "-q", "--bare", "-b", "main", "plans.git"]);
        let output = env.run(&["hook", "install", "plans.git", "--lang", "en"]);
        let output = output.expect_code(0);
        let program = assert_cmd::cargo::cargo_bin("backbrief");
        let program = program.canonicalize().unwrap_or(program);
        assert_eq!(
            output
                .stdout
                .replace(&program.to_string_lossy().into_owned(), "[BACKBRIEF]"),
            "The pre-receive hook is installed in [ROOT]/plans.git/hooks/pre-receive; it runs \
             [BACKBRIEF]. A push in which `backbrief verify` would find errors is now refused \
             before the server takes it.\nOn Gitea or Forgejo, an administrator puts the same \
             script in the repository's hooks/pre-receive.d/ (for example as \
             hooks/pre-receive.d/backbrief); on GitLab in the repository's \
             custom_hooks/pre-receive.d/ (or custom_hooks/pre-receive). backbrief must be \
             installed on the server, at the path the script names.\n"
        );
        Server { env }
    }

    pub(crate) fn url(&self) -> String {
        format!("file://{}", self.env.path("plans.git").display())
    }

    /// The commit the server's main points at.
    pub(crate) fn main(&self) -> String {
        self.env
            .git(&["--git-dir", "plans.git", "rev-parse", "main"])
            .trim()
            .to_string()
    }

    /// The secretary's clone: the example plan, shared with a sync.
    pub(crate) fn founder(&self) -> TestEnv {
        let env = TestEnv::repo_with_example_plan();
        env.git(&["remote", "add", "origin", &self.url()]);
        env.run_on("2024-09-03", &["sync"]).expect_code(0);
        env
    }

    /// The deputy's clone, made with `git clone`.
    pub(crate) fn clone(&self) -> TestEnv {
        let env = TestEnv::without_plans();
        env.git(&["clone", "-q", &self.url(), "."]);
        env
    }
}

/// `git push ARGS` in a clone: (succeeded, what git printed).
pub(crate) fn push(env: &TestEnv, args: &[&str]) -> (bool, String) {
    let output = env
        .git_command()
        .arg("push")
        .args(args)
        .output()
        .expect("git push");
    (
        output.status.success(),
        env.redact(&String::from_utf8_lossy(&output.stderr)),
    )
}

pub(crate) fn decide(env: &TestEnv, who: Recorder, when: &str, set: &str) -> Output {
    env.run_as(
        who,
        when,
        &[
            "decide",
            PLAN,
            "-m",
            "Status",
            "--by",
            "Lokal-MED",
            "--set",
            set,
        ],
    )
}

#[test]
fn a_plain_commit_to_plans_is_refused_and_the_pusher_is_told_why() {
    let server = Server::new();
    let _founder = server.founder();
    let before = server.main();
    let deputy = server.clone();
    let plan = String::from_utf8(deputy.read(&format!("plans/{PLAN}.json"))).expect("UTF-8");
    deputy.write(
        &format!("plans/{PLAN}.json"),
        plan.replacen("\"planned\"", "\"done\"", 1),
    );
    deputy.git(&["commit", "-q", "-am", "Ret status"]);
    let (pushed, said) = push(&deputy, &["origin", "main"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains(
            "remote:   Commit'en ændrer plans/arbejdsplads-1.json, men er ikke en beslutning"
        ),
        "{said}"
    );
    assert!(said.contains("remote: Serveren afviser pushet"), "{said}");
    assert_eq!(server.main(), before, "the server's branch is unchanged");
}

#[test]
fn a_decision_pushed_with_git_is_taken() {
    let server = Server::new();
    let _founder = server.founder();
    let deputy = server.clone();
    decide(
        &deputy,
        DEPUTY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    let (pushed, said) = push(&deputy, &["origin", "main"]);
    assert!(pushed, "{said}");
    assert_eq!(server.main(), deputy.head());
}

#[test]
fn a_sync_through_the_hooked_server_works() {
    let server = Server::new();
    let founder = server.founder();
    let deputy = server.clone();
    decide(
        &founder,
        SECRETARY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    founder.run_on("2024-09-12", &["sync"]).expect_code(0);
    decide(&deputy, DEPUTY, "2024-09-13", "owner=HMU").expect_code(0);
    // Both sides moved: sync merges and pushes the merge through the hook.
    deputy
        .run_as(DEPUTY, "2024-09-13", &["sync"])
        .expect_code(0);
    assert_eq!(server.main(), deputy.head());
    founder.run_on("2024-09-14", &["sync"]).expect_code(0);
    assert_eq!(founder.head(), deputy.head());
    founder.run(&["verify"]).expect_code(0);
}

#[test]
fn a_force_push_is_refused() {
    let server = Server::new();
    let founder = server.founder();
    decide(
        &founder,
        SECRETARY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    founder.run_on("2024-09-12", &["sync"]).expect_code(0);
    let before = server.main();
    // Undo the shared decision and record another in its place.
    founder.git(&["reset", "-q", "--hard", "HEAD~1"]);
    decide(
        &founder,
        SECRETARY,
        "2024-09-13",
        "workshop-i-teams.status=blocked",
    )
    .expect_code(0);
    let (pushed, said) = push(&founder, &["--force", "origin", "main"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains("remote:   Pushet skriver historikken om"),
        "{said}"
    );
    assert_eq!(server.main(), before);
}

#[test]
fn an_unsigned_decision_is_refused_when_signatures_are_required() {
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
    assert!(pushed, "a signed decision is taken: {said}");
    let before = server.main();
    founder.git(&["config", "commit.gpgsign", "false"]);
    decide(&founder, SECRETARY, "2024-09-13", "owner=HMU").expect_code(0);
    let (pushed, said) = push(&founder, &["origin", "main"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains("remote:   Beslutningen er ikke signeret"),
        "{said}"
    );
    assert_eq!(server.main(), before);
    // Nor may an unsigned commit add a key to the list.
    founder.git(&["reset", "-q", "--hard", &before]);
    assert!(ssh_key(&founder, "intruder"));
    let mut list = String::from_utf8(founder.read(".backbrief/allowed_signers")).expect("UTF-8");
    list.push_str(&format!(
        "{} namespaces=\"git\" {}\n",
        SECRETARY.email,
        public_key(&founder, "intruder")
    ));
    founder.write(".backbrief/allowed_signers", list);
    founder.git(&["commit", "-q", "-am", "Ny nøgle"]);
    let (pushed, said) = push(&founder, &["origin", "main"]);
    assert!(!pushed, "{said}");
    assert!(
        said.contains(
            "remote:   Commit'en ændrer .backbrief/allowed_signers uden at være signeret"
        ),
        "{said}"
    );
    assert_eq!(server.main(), before);
}

#[test]
fn sync_shares_the_verified_point_and_notices_a_server_rewritten_under_it() {
    let server = Server::new();
    let founder = server.founder();
    decide(
        &founder,
        SECRETARY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    founder.run(&["verify", "--record"]).expect_code(0);
    let verified = founder.head();
    let output = founder.run_on("2024-09-12", &["sync", "--lang", "en"]);
    let short = &verified[..7];
    assert!(output.expect_code(0).stdout.ends_with(&format!(
        "The verified point {short} is shared with origin.\n"
    )),);
    let on_server = server.env.git(&[
        "--git-dir",
        "plans.git",
        "rev-parse",
        "refs/backbrief/verified",
    ]);
    assert_eq!(on_server.trim(), verified);
    // Someone with access to the server's folder puts the branch back,
    // around the hook.
    let deputy = server.clone();
    server.env.git(&[
        "--git-dir",
        "plans.git",
        "update-ref",
        "refs/heads/main",
        &format!("{verified}~1"),
    ]);
    let output = deputy.run_as(DEPUTY, "2024-09-13", &["sync", "--lang", "en"]);
    let output = output.expect_code(1);
    assert!(
        output.stderr.contains(&format!(
            "The history on origin (main) no longer leads through {short}, the point last \
             verified there"
        )),
        "{output}"
    );
}

/// The secretary sets the workshop done and shares it; the deputy, not
/// having synced, sets it blocked, then syncs and settles the conflict for
/// the remote's side as Lokal-MED. Returns the deputy's clone.
fn settled_for_theirs(server: &Server) -> TestEnv {
    let founder = server.founder();
    let deputy = server.clone();
    decide(
        &founder,
        SECRETARY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    founder.run_on("2024-09-12", &["sync"]).expect_code(0);
    decide(
        &deputy,
        DEPUTY,
        "2024-09-13",
        "workshop-i-teams.status=blocked",
    )
    .expect_code(0);
    deputy
        .run_as(DEPUTY, "2024-09-14", &["sync"])
        .expect_code(1);
    deputy
        .run_as(
            DEPUTY,
            "2024-09-14",
            &["sync", "--theirs", "--by", "Lokal-MED"],
        )
        .expect_code(0);
    deputy
}

#[test]
fn a_settled_conflict_is_a_decision_in_show_log_and_blame() {
    let server = Server::new();
    let deputy = settled_for_theirs(&server);
    let merge = deputy.head();
    let show = deputy
        .run(&["show", "HEAD", "--json", "--lang", "en"])
        .expect_code(0);
    let shown = show.json();
    assert_eq!(shown["decided_by"], "Lokal-MED");
    assert_eq!(shown["plan"], PLAN);
    assert_eq!(
        shown["described"],
        serde_json::json!([
            "Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status blocked → done"
        ])
    );
    let log = deputy.run(&["log", "--json"]).expect_code(0);
    assert_eq!(log.json()[0]["commit"], merge.as_str(), "{log}");
    let blame = deputy
        .run(&["blame", PLAN, "workshop-i-teams", "--json"])
        .expect_code(0);
    let status = blame
        .json()
        .as_array()
        .expect("lines")
        .iter()
        .find(|line| line["field"] == "status")
        .cloned()
        .expect("the status line");
    assert_eq!(status["value"], "done");
    assert_eq!(status["decision"]["commit"], merge.as_str());
    assert_eq!(status["decision"]["decided_by"], "Lokal-MED");
    let report = deputy
        .run(&["report", PLAN, "--since", "2024-09-14"])
        .expect_code(0);
    // Listed by who settled it, in the appendix too (by day and who, never
    // by commit).
    assert!(
        report.stdout.contains("Besluttet af: Lokal-MED"),
        "{report}"
    );
    assert!(
        report
            .stdout
            .contains("Besluttet 14. september 2024 af Lokal-MED"),
        "{report}"
    );
    assert!(!report.stdout.contains(&merge[..7]), "{report}");
    // As of the day it was settled, the plan is as the settlement left it.
    let status = deputy
        .run(&["status", PLAN, "--as-of", "2024-09-14", "--json"])
        .expect_code(0);
    let workshop = status.json()["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .flat_map(|phase| phase["subtasks"].as_array().cloned().unwrap_or_default())
        .find(|subtask| subtask["id"] == "workshop-i-teams")
        .expect("the workshop");
    assert_eq!(workshop["status"], "done");
    deputy.run(&["verify"]).expect_code(0);
}

#[test]
fn blame_credits_the_side_decision_that_set_the_value_through_a_merge() {
    let server = Server::new();
    let founder = server.founder();
    let deputy = server.clone();
    decide(
        &founder,
        SECRETARY,
        "2024-09-12",
        "workshop-i-teams.status=done",
    )
    .expect_code(0);
    founder.run_on("2024-09-12", &["sync"]).expect_code(0);
    let done = founder.head();
    decide(&deputy, DEPUTY, "2024-09-13", "workshop-i-teams.owner=HMU").expect_code(0);
    let owner = deputy.head();
    deputy
        .run_as(DEPUTY, "2024-09-14", &["sync"])
        .expect_code(0);
    let blame = deputy
        .run(&["blame", PLAN, "workshop-i-teams", "--json"])
        .expect_code(0);
    let credited = |field: &str| {
        blame
            .json()
            .as_array()
            .expect("lines")
            .iter()
            .find(|line| line["field"] == field)
            .map(|line| line["decision"]["commit"].clone())
            .expect("the line")
    };
    assert_eq!(credited("status"), done.as_str());
    assert_eq!(credited("owner"), owner.as_str());
}

// ---------------------------------------------------------------------------
// Every tampering verify reports, refused by the server.
// ---------------------------------------------------------------------------

/// A clone with new commits made with git alone, to be pushed.
type Tampering = fn(&TestEnv);

/// `git commit-tree ARGS` in the clone: the new commit, made the branch.
fn commit_tree_to_main(env: &TestEnv, args: &[&str]) {
    let commit = env.git(&[&["commit-tree"], args].concat());
    env.git(&["reset", "-q", "--hard", commit.trim()]);
}

fn octopus(env: &TestEnv) {
    decide(env, DEPUTY, "2024-09-12", "workshop-i-teams.status=done").expect_code(0);
    decide(env, DEPUTY, "2024-09-13", "owner=HMU").expect_code(0);
    let tree = env.git(&["rev-parse", "HEAD~2^{tree}"]);
    commit_tree_to_main(
        env,
        &[
            tree.trim(),
            "-p",
            "HEAD",
            "-p",
            "HEAD~1",
            "-p",
            "HEAD~2",
            "-m",
            "Saml",
        ],
    );
}

/// Both sides of a branch set the workshop's status; merged without committing.
fn conflicting_merge(env: &TestEnv) {
    env.git(&["branch", "side"]);
    decide(env, DEPUTY, "2024-09-12", "workshop-i-teams.status=done").expect_code(0);
    env.git(&["checkout", "-q", "side"]);
    decide(env, DEPUTY, "2024-09-13", "workshop-i-teams.status=blocked").expect_code(0);
    env.git(&["checkout", "-q", "main"]);
    let _ = env
        .git_command()
        .args(["merge", "-q", "--no-ff", "--no-commit", "side"])
        .output()
        .expect("git merge");
}

fn settled_by_hand(env: &TestEnv) {
    conflicting_merge(env);
    env.git(&["checkout", "--ours", &format!("plans/{PLAN}.json")]);
    env.git(&["commit", "-q", "-am", "Merge"]);
}

fn resolved_not_a_conflict(env: &TestEnv) {
    conflicting_merge(env);
    env.git(&["checkout", "--ours", &format!("plans/{PLAN}.json")]);
    let path = format!("plans/{PLAN}.json");
    let mut plan: serde_json::Value = serde_json::from_slice(&env.read(&path)).expect("JSON");
    plan["title"] = "Smuglet titel".into();
    env.write(&path, serde_json::to_string_pretty(&plan).expect("JSON"));
    env.git(&[
        "commit",
        "-q",
        "-am",
        "Merge\n\nResolved-by: X\nResolved: arbejdsplads-1 workshop-i-teams.status ours\n\
         Resolved: arbejdsplads-1 title=Smuglet titel",
    ]);
}

fn add_to_plans(env: &TestEnv, path: &str) {
    env.write(path, env.read(&format!("plans/{PLAN}.json")));
    env.git(&["add", path]);
    env.git(&["commit", "-q", "-m", "Fil"]);
}

fn sub_folder(env: &TestEnv) {
    add_to_plans(env, "plans/sub/x.json");
}

fn backup_file(env: &TestEnv) {
    add_to_plans(env, "plans/x.json.bak");
}

fn executable_plan(env: &TestEnv) {
    env.git(&["update-index", "--chmod=+x", &format!("plans/{PLAN}.json")]);
    env.git(&["commit", "-q", "-m", "Kørbar"]);
}

fn symbolic_link(env: &TestEnv) {
    let link = env.write("target", "/etc/passwd");
    let blob = env.git(&["hash-object", "-w", &link.to_string_lossy()]);
    env.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("120000,{},plans/link.json", blob.trim()),
    ]);
    env.git(&["commit", "-q", "-m", "Link"]);
}

fn submodule(env: &TestEnv) {
    let head = env.head();
    env.git(&["rm", "-r", "-q", "--cached", "plans"]);
    env.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},plans"),
    ]);
    env.git(&["commit", "-q", "-m", "Submodule"]);
}

#[test]
fn every_tampering_verify_reports_is_refused_by_the_server() {
    let kinds: [(&str, Tampering); 8] = [
        ("an octopus merge", octopus),
        ("a conflict settled by hand", settled_by_hand),
        (
            "a Resolved trailer for a field not in conflict",
            resolved_not_a_conflict,
        ),
        ("a plan in a sub-folder", sub_folder),
        ("a backup file under plans/", backup_file),
        ("an executable plan", executable_plan),
        ("a symbolic link under plans/", symbolic_link),
        ("plans/ as a submodule", submodule),
    ];
    for (kind, tamper) in kinds {
        let server = Server::new();
        let _founder = server.founder();
        let before = server.main();
        let clone = server.clone();
        tamper(&clone);
        clone.run(&["verify"]).expect_code(1);
        let (pushed, said) = push(&clone, &["origin", "main"]);
        assert!(!pushed, "{kind} was taken: {said}");
        assert!(said.contains("remote: fejl: commit"), "{kind}: {said}");
        assert_eq!(server.main(), before, "{kind}");
    }
}

#[test]
fn a_replacement_or_deleting_the_verified_point_is_refused() {
    let server = Server::new();
    let founder = server.founder();
    founder.run(&["verify", "--record"]).expect_code(0);
    founder.run_on("2024-09-04", &["sync"]).expect_code(0);
    let raw = founder.git(&["cat-file", "commit", "HEAD"]);
    founder.write("forged", raw.replace("Lokal-MED", "Direktionen"));
    let forged = founder.git(&["hash-object", "-t", "commit", "-w", "forged"]);
    founder.git(&["replace", "HEAD", forged.trim()]);
    let (pushed, said) = push(&founder, &["origin", "refs/replace/*:refs/replace/*"]);
    assert!(!pushed, "{said}");
    assert!(said.contains("git replace"), "{said}");
    let (pushed, said) = push(&founder, &["origin", "--delete", "refs/backbrief/verified"]);
    assert!(!pushed, "{said}");
    assert!(said.contains("refs/backbrief/verified"), "{said}");
}

#[test]
fn a_backdated_decision_is_taken_with_a_warning() {
    let server = Server::new();
    let _founder = server.founder();
    let clone = server.clone();
    decide(&clone, DEPUTY, "2023-09-12", "owner=HMU").expect_code(0);
    let (pushed, said) = push(&clone, &["origin", "main"]);
    assert!(pushed, "{said}");
    assert!(said.contains("remote: advarsel: commit"), "{said}");
    assert!(said.contains("datoen er sat tilbage"), "{said}");
}

/// On a long push verify reads the blobs on a second thread, with a handle
/// of its own on the repository: that handle must see the pushed objects,
/// which git keeps in quarantine until the hook has said yes.
#[test]
fn a_push_of_many_decisions_is_taken_with_its_objects_in_quarantine() {
    let server = Server::new();
    let _founder = server.founder();
    let deputy = server.clone();
    for n in 1..=40 {
        decide(&deputy, DEPUTY, "2024-09-12", &format!("title=Titel {n}")).expect_code(0);
    }
    let (pushed, said) = push(&deputy, &["origin", "main"]);
    assert!(pushed, "{said}");
    assert_eq!(server.main(), deputy.head());
}
