//! What a few plain git commands can do to a plans repository, and that
//! `backbrief verify` reports each: every test builds one kind of tampering
//! with git alone and is named after it.

use crate::common::{SECRETARY, TestEnv, git_date};
use crate::test_verify::{
    Redacted, codes, git_commit_on, public_key, repo_requiring_signatures, repo_with_decisions,
    short, sign_with, ssh_key, verify,
};

/// `git commit-tree` at `when`: the new commit's id.
fn commit_tree(env: &TestEnv, when: &str, args: &[&str]) -> String {
    let output = env
        .git_command()
        .env("GIT_AUTHOR_DATE", git_date(when))
        .env("GIT_COMMITTER_DATE", git_date(when))
        .arg("commit-tree")
        .args(args)
        .output()
        .expect("run git commit-tree");
    assert!(
        output.status.success(),
        "git commit-tree: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Moves the branch (and the work tree) to `commit`.
fn reset_to(env: &TestEnv, commit: &str) {
    env.git(&["reset", "-q", "--hard", commit]);
}

/// A decision on `p1` at `when` setting `setter`.
fn decide(env: &TestEnv, when: &str, summary: &str, setter: &str) {
    env.run_on(
        when,
        &[
            "decide",
            "p1",
            "-m",
            summary,
            "--by",
            "Lokal-MED",
            "--set",
            setter,
        ],
    )
    .expect_code(0);
}

/// The plan `p1` in the work tree, as JSON.
fn plan(env: &TestEnv) -> serde_json::Value {
    serde_json::from_slice(&env.read("plans/p1.json")).expect("the plan is JSON")
}

#[test]
fn an_octopus_merge_that_undoes_a_decision_is_a_finding() {
    let env = repo_with_decisions();
    decide(&env, "2024-10-01", "Ejer", "owner=HMU");
    // Three parents; the plan as it was two decisions ago (equal to one
    // parent's, so no single plan differs from every parent).
    let tree = env.git(&["rev-parse", "HEAD~2^{tree}"]);
    let octopus = commit_tree(
        &env,
        "2024-10-02",
        &[
            tree.trim(),
            "-p",
            "HEAD",
            "-p",
            "HEAD~1",
            "-p",
            "HEAD~2",
            "-m",
            "Saml grenene",
        ],
    );
    reset_to(&env, &octopus);
    assert_eq!(
        env.git(&["rev-parse", "HEAD:plans/p1.json"]),
        env.git(&["rev-parse", "HEAD^3:plans/p1.json"]),
        "the decisions are undone"
    );
    // Blame credits the value to the decision that set it, not the undone one.
    let blame = env.run(&["blame", "p1", "--json"]).expect_code(0).json();
    let title = blame
        .as_array()
        .expect("lines")
        .iter()
        .find(|line| line["field"] == "title" && line["item"].is_null())
        .cloned()
        .expect("the title");
    let created = env.git(&["rev-parse", "HEAD^3"]);
    assert_eq!(title["decision"]["commit"], created.trim());
    let output = verify(&env, &["--lang", "en"])
        .expect_code(1)
        .redacted(&env);
    insta::assert_snapshot!(output, @r"
    error: commit [COMMIT] of 2024-10-02 10:00 +00:00 by Sekretær Sofie <sofie@example.dk>
      The commit merges 3 branches at once (an octopus merge). A merge of plans has exactly two sides; what it takes from each cannot be checked.
      hint: Remove the merge and combine the branches one at a time with `backbrief sync`.

    History checked: 5 commits, 3 decisions; 1 error.
    [exit status: 1]
    ");
}

/// `main` and the branch `side` each decide on `p1` (`ours` and `theirs`
/// setters), then `git merge side` without committing.
fn merge_started(ours: &str, theirs: &str) -> TestEnv {
    let env = repo_with_decisions();
    env.git(&["branch", "side"]);
    decide(&env, "2024-10-01", "Her", ours);
    env.git(&["checkout", "-q", "side"]);
    decide(&env, "2024-10-02", "Der", theirs);
    env.git(&["checkout", "-q", "main"]);
    // A conflict makes git merge exit 1; the merge is then finished by hand.
    let _ = env
        .git_command()
        .args(["merge", "-q", "--no-ff", "--no-commit", "side"])
        .output()
        .expect("git merge");
    env
}

#[test]
fn a_resolved_trailer_for_a_field_not_in_conflict_is_a_finding() {
    let env = merge_started("owner=HMU", "title=Ny titel");
    let mut smuggled = plan(&env);
    smuggled["main_task"] = "Noget helt andet".into();
    env.write(
        "plans/p1.json",
        serde_json::to_string_pretty(&smuggled).expect("JSON"),
    );
    env.git(&["add", "plans/p1.json"]);
    git_commit_on(
        &env,
        "2024-10-03",
        &[
            "-m",
            "Merge\n\nResolved-by: Lokal-MED\nResolved: p1 main_task=Noget helt andet",
        ],
    );
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["resolved-not-a-conflict"]);
    assert_eq!(
        output.json()["findings"][0]["message"],
        "The merge's Resolved trailers name what was not in conflict: p1 main_task=Noget helt \
         andet. A value set that way is not recorded as a decision."
    );
}

#[test]
fn a_conflict_settled_by_hand_for_our_side_is_a_finding() {
    let env = merge_started("title=Vores titel", "title=Deres titel");
    // Keep our side, as `git checkout --ours` does, and say nothing.
    env.git(&["checkout", "--ours", "plans/p1.json"]);
    env.git(&["add", "plans/p1.json"]);
    git_commit_on(&env, "2024-10-03", &["-m", "Merge"]);
    assert_eq!(plan(&env)["title"], "Vores titel");
    let output = verify(&env, &["--lang", "en"])
        .expect_code(1)
        .redacted(&env);
    insta::assert_snapshot!(output, @r#"
    error: commit [COMMIT] of 2024-10-03 10:00 +00:00 by Sekretær Sofie <sofie@example.dk>
      The merge settles conflicts without saying so: p1 title. A conflict must be settled with a Resolved trailer naming it and a Resolved-by trailer naming who settled it, whichever side was kept.
      hint: Settle conflicts with `backbrief sync --ours`, `--theirs` or `--resolve … --by "…"`, which records who chose what.

    History checked: 6 commits, 4 decisions; 1 error.
    [exit status: 1]
    "#);
}

#[test]
fn a_conflict_settled_with_resolved_but_no_resolved_by_is_a_finding() {
    let env = merge_started("title=Vores titel", "title=Deres titel");
    env.git(&["checkout", "--theirs", "plans/p1.json"]);
    env.git(&["add", "plans/p1.json"]);
    git_commit_on(
        &env,
        "2024-10-03",
        &["-m", "Merge\n\nResolved: p1 title theirs"],
    );
    let output = verify(&env, &["--json"]).expect_code(1);
    assert_eq!(codes(&output), ["resolved-by-missing"]);
    // Named, and by whom: what sync records.
    env.git(&[
        "commit",
        "-q",
        "--amend",
        "-m",
        "Merge\n\nResolved-by: Lokal-MED\nResolved: p1 title theirs",
    ]);
    verify(&env, &[]).expect_code(0);
}

#[test]
fn an_unsigned_commit_that_adds_a_signing_key_is_a_finding() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    assert!(ssh_key(&env, "intruder"));
    let mut list = String::from_utf8(env.read(".backbrief/allowed_signers")).expect("UTF-8");
    list.push_str(&format!(
        "{} namespaces=\"git\" {}\n",
        SECRETARY.email,
        public_key(&env, "intruder")
    ));
    env.write(".backbrief/allowed_signers", list);
    env.git(&["config", "commit.gpgsign", "false"]);
    git_commit_on(&env, "2024-10-01", &["-am", "Tilføj en nøgle"]);
    sign_with(&env, &env.path("intruder.pub"));
    decide(&env, "2024-10-02", "Titel", "title=Ny");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(
        codes(&output),
        ["signer-not-allowed", "signers-changed-unsigned"]
    );
    assert_eq!(
        output.json()["findings"][1]["message"],
        "The commit changes .backbrief/allowed_signers without a signature. A change to who may \
         sign must be signed with a key the list allowed before the change."
    );
}

#[test]
fn deleting_the_signer_list_does_not_forgive_unsigned_decisions() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    env.git(&["config", "commit.gpgsign", "false"]);
    decide(&env, "2024-10-01", "Titel", "title=Usigneret");
    env.git(&["rm", "-q", ".backbrief/allowed_signers"]);
    git_commit_on(&env, "2024-10-02", &["-m", "Ingen signaturer"]);
    decide(&env, "2024-10-03", "Ejer", "owner=Usigneret");
    let output = verify(&env, &["--json"]).expect_code(1);
    assert_eq!(
        codes(&output),
        ["unsigned", "signers-changed-unsigned", "unsigned"]
    );
}

#[test]
fn a_plan_file_in_a_sub_folder_is_a_finding() {
    let env = repo_with_decisions();
    env.write("plans/sub/x.json", env.read("plans/p1.json"));
    env.git(&["add", "plans/sub/x.json"]);
    git_commit_on(&env, "2024-10-01", &["-m", "Gem en kopi"]);
    let output = verify(&env, &["--lang", "en"])
        .expect_code(1)
        .redacted(&env);
    insta::assert_snapshot!(output, @r"
    error: commit [COMMIT] of 2024-10-01 10:00 +00:00 by Sekretær Sofie <sofie@example.dk>
      The commit puts something under plans/ that is not a plain plan file: plans/sub (a sub-folder). Only plans/<id>.json, regular files that are not executable, belong there.
      hint: Move it out of plans/ with a new commit; a plan is changed only with `backbrief decide`.

    History checked: 4 commits, 2 decisions; 1 error.
    [exit status: 1]
    ");
}

#[test]
fn a_backup_file_next_to_the_plans_is_a_finding() {
    let env = repo_with_decisions();
    env.write("plans/p1.json.bak", env.read("plans/p1.json"));
    env.git(&["add", "plans/p1.json.bak"]);
    git_commit_on(&env, "2024-10-01", &["-m", "Sikkerhedskopi"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["not-a-plan-file"]);
    let message = output.json()["findings"][0]["message"].to_string();
    assert!(
        message.contains("plans/p1.json.bak (not a plan's name)"),
        "{message}"
    );
}

#[test]
fn an_executable_plan_is_a_finding() {
    let env = repo_with_decisions();
    env.git(&["update-index", "--chmod=+x", "plans/p1.json"]);
    git_commit_on(&env, "2024-10-01", &["-m", "Kørbar"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    // The work tree's file is not executable: that differs too (a warning).
    assert_eq!(codes(&output), ["not-a-plan-file", "uncommitted-change"]);
    let message = output.json()["findings"][0]["message"].to_string();
    assert!(message.contains("plans/p1.json (executable)"), "{message}");
}

#[test]
fn a_symbolic_link_under_plans_is_a_finding() {
    let env = repo_with_decisions();
    let link = env.write("link-target", "../../etc/passwd");
    let blob = env.git(&["hash-object", "-w", &link.to_string_lossy()]);
    env.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("120000,{},plans/p2.json", blob.trim()),
    ]);
    git_commit_on(&env, "2024-10-01", &["-m", "Et link"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert!(
        codes(&output).contains(&"not-a-plan-file".to_string()),
        "{output}"
    );
    let message = output.json()["findings"].to_string();
    assert!(
        message.contains("plans/p2.json (a symbolic link)"),
        "{message}"
    );
}

#[test]
fn plans_turned_into_a_submodule_is_a_finding() {
    let env = repo_with_decisions();
    let head = env.head();
    env.git(&["rm", "-r", "-q", "--cached", "plans"]);
    env.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},plans"),
    ]);
    git_commit_on(&env, "2024-10-01", &["-m", "Planer et andet sted"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    let message = output.json()["findings"].to_string();
    assert!(message.contains("plans (a submodule)"), "{message}");
}

#[test]
fn a_decision_replaced_by_a_forgery_is_a_finding() {
    let env = repo_with_decisions();
    let raw = env.git(&["cat-file", "commit", "HEAD"]);
    let forged = raw.replace("Lokal-MED", "Direktionen");
    assert_ne!(raw, forged);
    env.write("forged", forged);
    let forged = env.git(&["hash-object", "-t", "commit", "-w", "forged"]);
    std::fs::remove_file(env.path("forged")).expect("remove");
    env.git(&["replace", "HEAD", forged.trim()]);
    // Plain git now shows the forgery.
    assert!(
        env.git(&["log", "-1", "--format=%B"])
            .contains("Direktionen")
    );
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["replaced-object"]);
    let finding = &output.json()["findings"][0];
    let head = env.git(&["--no-replace-objects", "rev-parse", "HEAD"]);
    assert_eq!(finding["commit"], head.trim());
    assert_eq!(
        finding["message"],
        format!(
            "Commit {} is replaced by {} (git replace): git log and git show show the replacement \
             instead of what was recorded. Verify reads the original commit.",
            &head[..7],
            &forged[..7]
        )
    );
}

#[test]
fn grafts_that_hide_a_decision_are_a_finding() {
    let env = repo_with_decisions();
    decide(&env, "2024-10-01", "Ejer", "owner=HMU");
    let head = env.head();
    let grandparent = env.git(&["rev-parse", "HEAD~2"]);
    env.write(
        ".git/info/grafts",
        format!("{head} {}\n", grandparent.trim()),
    );
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["grafted"]);
    // Verify read the history as recorded: every commit, not the grafted one.
    assert_eq!(output.json()["commits"], 4);
}

#[test]
fn deleting_the_verified_ref_does_not_hide_a_rewrite() {
    let env = repo_with_decisions();
    verify(&env, &["--record"]).expect_code(0);
    // Rewrite the last decision, then delete the ref that would tell.
    let tree = env.git(&["rev-parse", "HEAD^{tree}"]);
    let rewritten = commit_tree(
        &env,
        "2024-09-12",
        &[
            tree.trim(),
            "-p",
            "HEAD~1",
            "-m",
            "Ny titel\n\nPlan: p1\nDecided-by: Direktionen",
        ],
    );
    reset_to(&env, &rewritten);
    env.git(&["update-ref", "-d", "refs/backbrief/verified"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(
        codes(&output),
        ["verified-ref-missing", "history-rewritten"]
    );
    assert!(
        env.path(".git/backbrief/verified.log").is_file(),
        "the log stays"
    );
}

#[test]
fn a_decision_dated_a_year_before_its_parent_is_a_warning() {
    let env = repo_with_decisions();
    decide(&env, "2023-09-12", "Ejer", "owner=HMU");
    let output = verify(&env, &["--lang", "en"])
        .expect_code(0)
        .redacted(&env);
    insta::assert_snapshot!(output, @r"
    warning: commit [COMMIT] of 2023-09-12 10:00 +00:00 by Sekretær Sofie <sofie@example.dk>
      The decision is recorded on 2023-09-12 10:00 +00:00, before the commit it follows ([COMMIT], 2024-09-12 10:00 +00:00): its date was set back, or the recorder's clock was wrong.
      hint: Ask the person who recorded the decision about the date. The order of the history, not the date, shows what came first.

    History checked: 4 commits, 3 decisions; 1 warning.
    [exit status: 0]
    ");
}

#[test]
fn a_shallow_clone_says_the_history_is_missing() {
    let env = repo_with_decisions();
    let clone = TestEnv::without_plans();
    let url = format!("file://{}", env.root().display());
    clone.git(&["clone", "-q", "--depth", "1", &url, "."]);
    let output = verify(&clone, &["--lang", "en"]);
    let head = short(&clone, "HEAD");
    let output = output.expect_code(1);
    assert!(
        output.stdout.contains(&format!(
            "The history before {head} is missing (a shallow clone), so what was decided before it \
             cannot be checked.\n  hint: Fetch the whole history with `git fetch --unshallow` and \
             run `backbrief verify` again."
        )),
        "{output}"
    );
    assert!(!output.stdout.contains("not a decision"), "{output}");
}
