//! `backbrief verify`: a clean history passes; each kind of tampering is
//! caught and explained (plain git commits, a wrong Plan trailer, an invalid
//! plan, rewritten history, damaged objects, missing or bad signatures);
//! uncommitted edits are only a warning.

use std::path::Path;

use crate::common::{Output, SECRETARY, TestEnv, git_date};

/// A repository with the plan `p1` created on 2024-09-02 and one decision
/// about it on 2024-09-12.
pub(crate) fn repo_with_decisions() -> TestEnv {
    let env = TestEnv::repo();
    env.run_on("2024-09-02", &["new", "p1", "--by", "Lokal-MED"])
        .expect_code(0);
    env.run_on(
        "2024-09-12",
        &[
            "decide",
            "p1",
            "-m",
            "Ny titel",
            "--by",
            "Lokal-MED",
            "--set",
            "title=Backbrief fra arbejdsplads 1",
        ],
    )
    .expect_code(0);
    env
}

/// `git commit` at `when` with a summary and, when given, trailers.
pub(crate) fn git_commit_on(env: &TestEnv, when: &str, args: &[&str]) {
    let output = env
        .git_command()
        .env("GIT_AUTHOR_DATE", git_date(when))
        .env("GIT_COMMITTER_DATE", git_date(when))
        .arg("commit")
        .args(args)
        .output()
        .expect("run git commit");
    assert!(
        output.status.success(),
        "git commit failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub(crate) fn verify(env: &TestEnv, args: &[&str]) -> Output {
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    env.run(&all)
}

pub(crate) fn short(env: &TestEnv, rev: &str) -> String {
    env.git(&["rev-parse", "--short=7", rev]).trim().to_string()
}

pub(crate) trait Redacted {
    fn redacted(self, env: &TestEnv) -> Output;
}

impl Redacted for Output {
    /// The output with the ids of every commit the repository's refs reach
    /// (short and full) replaced by `[COMMIT]`.
    fn redacted(self, env: &TestEnv) -> Output {
        let ids = env.git(&["rev-list", "--all"]);
        let redact = |text: &str| {
            ids.lines().fold(text.to_string(), |text, id| {
                text.replace(id, "[COMMIT]").replace(&id[..7], "[COMMIT]")
            })
        };
        Output {
            stdout: redact(&self.stdout),
            stderr: redact(&self.stderr),
            code: self.code,
        }
    }
}

/// The codes of the findings of `verify --json`.
pub(crate) fn codes(output: &Output) -> Vec<String> {
    output.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_clean_history_has_no_findings() {
    let env = repo_with_decisions();
    insta::assert_snapshot!(verify(&env, &[]).expect_code(0), @r"
    Historikken er kontrolleret: 3 commits, 2 beslutninger, ingen fund.
    [exit status: 0]
    ");
    insta::assert_snapshot!(verify(&env, &["--lang", "en"]).expect_code(0), @r"
    History checked: 3 commits, 2 decisions, no findings.
    [exit status: 0]
    ");
    let json = verify(&env, &["--json"]).expect_code(0).json();
    assert_eq!(
        json,
        serde_json::json!({ "commits": 3, "decisions": 2, "findings": [] })
    );
}

#[test]
fn a_plain_git_commit_that_edits_a_plan_is_caught() {
    let env = repo_with_decisions();
    let plan = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    env.write(
        "plans/p1.json",
        plan.replace("Backbrief fra arbejdsplads 1", "Hemmelig titel"),
    );
    git_commit_on(&env, "2024-10-01", &["-am", "Ret titlen"]);
    let output = verify(&env, &[]).expect_code(1).redacted(&env);
    insta::assert_snapshot!(output, @r"
    fejl: commit [COMMIT] fra 2024-10-01 10:00 +00:00 af Sekretær Sofie <sofie@example.dk>
      Commit'en ændrer plans/p1.json, men er ikke en beslutning: den mangler trailerne Plan og Decided-by, så det står ikke nogen steder, hvem der har besluttet ændringen.

    Historikken er kontrolleret: 4 commits, 2 beslutninger; 1 fejl.
    [exit status: 1]
    ");

    let json = verify(&env, &["--json", "--lang", "en"])
        .expect_code(1)
        .json();
    let finding = &json["findings"][0];
    assert_eq!(finding["commit"], env.head());
    assert_eq!(finding["date"], "2024-10-01T10:00:00Z");
    assert_eq!(finding["author"], SECRETARY.signature());
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["code"], "not-a-decision");
    assert_eq!(
        finding["message"],
        "The commit changes plans/p1.json but is not a decision: it lacks the Plan and \
         Decided-by trailers, so nothing says who decided the change."
    );
}

#[test]
fn a_decision_whose_plan_trailer_names_another_plan_is_caught() {
    let env = repo_with_decisions();
    env.run_on("2024-09-13", &["new", "p2", "--by", "Lokal-MED"])
        .expect_code(0);
    let plan = String::from_utf8(env.read("plans/p2.json")).expect("UTF-8");
    env.write(
        "plans/p2.json",
        plan.replace("\"Backbrief\"", "\"Anden plan\""),
    );
    git_commit_on(
        &env,
        "2024-10-01",
        &[
            "-am",
            "Titel ændret",
            "-m",
            "Plan: p1\nDecided-by: Lokal-MED",
        ],
    );
    let commit = short(&env, "HEAD");
    let output = verify(&env, &["--lang", "en"]).expect_code(1);
    assert_eq!(
        output.stdout,
        format!(
            "error: commit {commit} of 2024-10-01 10:00 +00:00 by Sekretær Sofie <sofie@example.dk>\n  \
             The decision says it is about the plan p1 (Plan trailer), but it changes plans/p2.json.\n\n\
             History checked: 5 commits, 4 decisions; 1 error.\n"
        )
    );
}

#[test]
fn a_decision_that_changes_two_plans_is_caught() {
    let env = repo_with_decisions();
    env.run_on("2024-09-13", &["new", "p2", "--by", "Lokal-MED"])
        .expect_code(0);
    for id in ["p1", "p2"] {
        let path = format!("plans/{id}.json");
        let plan = String::from_utf8(env.read(&path)).expect("UTF-8");
        env.write(
            &path,
            plan.replace("\"owner\": \"Lokal-MED\"", "\"owner\": \"HMU\""),
        );
    }
    git_commit_on(
        &env,
        "2024-10-01",
        &["-am", "HMU ejer", "-m", "Plan: p1\nDecided-by: Lokal-MED"],
    );
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["several-plans"]);
    assert_eq!(
        output.json()["findings"][0]["message"],
        "The decision changes several plans at once (plans/p1.json, plans/p2.json); a decision \
         may change only the plan it names (Plan trailer: p1)."
    );
}

#[test]
fn an_invalid_plan_committed_with_trailers_is_caught() {
    let env = repo_with_decisions();
    let plan = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    env.write(
        "plans/p1.json",
        plan.replacen("\"status\": \"planned\"", "\"status\": \"maybe\"", 1),
    );
    git_commit_on(
        &env,
        "2024-10-01",
        &[
            "-am",
            "Status ændret",
            "-m",
            "Plan: p1\nDecided-by: Lokal-MED",
        ],
    );
    let output = verify(&env, &[]).expect_code(1).redacted(&env);
    insta::assert_snapshot!(output, @r#"
    fejl: commit [COMMIT] fra 2024-10-01 10:00 +00:00 af Sekretær Sofie <sofie@example.dk>
      Planen p1 var ugyldig efter denne beslutning (1 fejl). Den første: plans/p1.json:23:21: "status" har den ukendte værdi "maybe".

    Historikken er kontrolleret: 4 commits, 3 beslutninger; 1 fejl.
    [exit status: 1]
    "#);
}

#[test]
fn verify_record_remembers_head_and_a_rewrite_after_it_is_caught() {
    let env = repo_with_decisions();
    let verified = env.head();
    insta::assert_snapshot!(
        verify(&env, &["--record", "--lang", "en"]).expect_code(0).redacted(&env),
        @r"
    History checked: 3 commits, 2 decisions, no findings.
    Commit [COMMIT] is saved as the last verified point (refs/backbrief/verified); a later `backbrief verify` notices if the history up to it is rewritten.
    [exit status: 0]
    "
    );
    assert_eq!(
        env.git(&["rev-parse", "refs/backbrief/verified"]).trim(),
        verified
    );
    // Later decisions build on the verified point: nothing to report.
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            "p1",
            "-m",
            "Ejer",
            "--by",
            "Lokal-MED",
            "--set",
            "owner=HMU",
        ],
    )
    .expect_code(0);
    verify(&env, &[]).expect_code(0);

    // Rewrite the verified decision itself.
    env.git(&["reset", "-q", "--hard", &verified]);
    git_commit_on(
        &env,
        "2024-10-02",
        &[
            "--amend",
            "-m",
            "Ny titel (omskrevet)",
            "-m",
            "Plan: p1\nDecided-by: Lokal-MED",
        ],
    );
    let output = verify(&env, &["--lang", "en"]).expect_code(1);
    let commit = &verified[..7];
    assert_eq!(
        output.stdout,
        format!(
            "error: commit {commit} of 2024-09-12 10:00 +00:00 by Sekretær Sofie <sofie@example.dk>\n  \
             The history has been rewritten since it was last verified: the verified commit \
             {commit} is no longer part of the history.\n\n\
             History checked: 3 commits, 2 decisions; 1 error.\n"
        )
    );
    // With errors, --record keeps the old verified point.
    let output = verify(&env, &["--record", "--json"]).expect_code(1);
    assert_eq!(output.json()["recorded"], false);
    assert_eq!(codes(&output), ["history-rewritten"]);
    assert_eq!(
        env.git(&["rev-parse", "refs/backbrief/verified"]).trim(),
        verified
    );
}

#[test]
fn uncommitted_edits_are_a_warning_only() {
    let env = repo_with_decisions();
    let plan = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    env.write("plans/p1.json", plan.replace("Backbrief fra", "Plan for"));
    env.write("plans/ny.json", "{}");
    insta::assert_snapshot!(verify(&env, &[]).expect_code(0), @r#"
    advarsel: arbejdsmappen (ikke registreret)
      plans/ny.json er ny og er ikke registreret som en beslutning.
      tip: Registrér planen med `backbrief decide ny -m "…" --by "…"`, eller slet filen plans/ny.json.

    advarsel: arbejdsmappen (ikke registreret)
      plans/p1.json er ændret, men ændringen er ikke registreret som en beslutning.
      tip: Registrér ændringen med `backbrief decide p1 -m "…" --by "…"`, eller fortryd den med `git restore --staged --worktree plans/p1.json`.

    Historikken er kontrolleret: 3 commits, 2 beslutninger; 2 advarsler.
    [exit status: 0]
    "#);
    // Staged edits count too.
    env.git(&["add", "plans/p1.json"]);
    env.write("plans/ny.json", "");
    std::fs::remove_file(env.path("plans/ny.json")).expect("remove");
    let output = verify(&env, &["--json"]).expect_code(0);
    assert_eq!(codes(&output), ["uncommitted-change"]);
    assert_eq!(
        output.json()["findings"][0]["commit"],
        serde_json::Value::Null
    );
}

/// The file of a loose object, made writable.
pub fn loose_object(env: &TestEnv, id: &str) -> std::path::PathBuf {
    let path = env.path(&format!(".git/objects/{}/{}", &id[..2], &id[2..]));
    let mut permissions = std::fs::metadata(&path)
        .expect("loose object")
        .permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&path, permissions).expect("chmod");
    path
}

#[test]
fn a_damaged_plan_version_is_a_finding_not_a_crash() {
    let env = repo_with_decisions();
    let blob = env.git(&["rev-parse", "HEAD~1:plans/p1.json"]);
    let blob = blob.trim();
    std::fs::write(loose_object(&env, blob), b"garbage, not an object").expect("corrupt");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["corrupt-object"]);
    let finding = &output.json()["findings"][0];
    assert_eq!(finding["commit"], env.git(&["rev-parse", "HEAD~1"]).trim());
    let message = finding["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(&format!(
            "The file plans/p1.json (object {blob}) cannot be read (it is damaged or missing): "
        )),
        "{message}"
    );
}

#[test]
fn an_object_whose_content_does_not_match_its_id_is_caught() {
    let env = repo_with_decisions();
    let old = env.git(&["rev-parse", "HEAD~1:plans/p1.json"]);
    let new = env.git(&["rev-parse", "HEAD:plans/p1.json"]);
    // A well-formed object, but not the one its name promises.
    let other = std::fs::read(loose_object(&env, new.trim())).expect("read object");
    std::fs::write(loose_object(&env, old.trim()), other).expect("swap");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["corrupt-object"]);
    let message = output.json()["findings"][0]["message"].to_string();
    assert!(message.contains("hash mismatch"), "{message}");
}

/// The plans/ folder is read once for the comparison with its parent and
/// its entries reused when its objects are checked: a folder whose content
/// does not match its id must still be caught there.
#[test]
fn a_plans_folder_whose_content_does_not_match_its_id_is_caught() {
    let env = repo_with_decisions();
    let old = env.git(&["rev-parse", "HEAD~1:plans"]);
    let new = env.git(&["rev-parse", "HEAD:plans"]);
    let other = std::fs::read(loose_object(&env, new.trim())).expect("read object");
    std::fs::write(loose_object(&env, old.trim()), other).expect("swap");
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert!(
        codes(&output).contains(&"corrupt-object".to_string()),
        "{output:?}"
    );
    let message = output.json()["findings"].to_string();
    assert!(message.contains("hash mismatch"), "{message}");
    assert!(message.contains(old.trim()), "{message}");
}

#[test]
fn an_interrupted_decision_is_cleaned_up_first() {
    let env = repo_with_decisions();
    env.write(".git/backbrief/pending", "{ torn");
    insta::assert_snapshot!(verify(&env, &[]).expect_code(0), @r"
    Historikken er kontrolleret: 3 commits, 2 beslutninger, ingen fund.
    ------- stderr -------
    En afbrudt registrering, der ikke nåede at blive gemt, blev ryddet op; intet var ændret.
    [exit status: 0]
    ");
    assert!(!env.path(".git/backbrief/pending").exists());
}

#[test]
fn a_damaged_commit_is_a_finding_not_a_crash() {
    let env = repo_with_decisions();
    let commit = env.git(&["rev-parse", "HEAD~1"]);
    let commit = commit.trim();
    std::fs::write(loose_object(&env, commit), b"\x78\x01garbage").expect("corrupt");
    let output = verify(&env, &["--lang", "en"]).expect_code(1);
    let short = &commit[..7];
    assert!(
        output.stdout.starts_with(&format!(
            "error: commit {short}\n  The commit {commit} cannot be read (it is damaged or missing): "
        )),
        "{output}"
    );
    assert!(
        output
            .stdout
            .contains("The history before it could not be checked."),
        "{output}"
    );
    assert!(
        output
            .stdout
            .ends_with("History checked: 1 commit, 1 decision; 1 error.\n"),
        "{output}"
    );
}

#[test]
fn a_merge_that_changes_a_plan_itself_is_caught() {
    let env = repo_with_decisions();
    env.git(&["branch", "side"]);
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            "p1",
            "-m",
            "Ejer",
            "--by",
            "Lokal-MED",
            "--set",
            "owner=HMU",
        ],
    )
    .expect_code(0);
    env.git(&["switch", "-q", "side"]);
    env.run_on(
        "2024-10-02",
        &[
            "decide",
            "p1",
            "-m",
            "Titel",
            "--by",
            "Lokal-MED",
            "--set",
            "title=Andet",
        ],
    )
    .expect_code(0);
    env.git(&["switch", "-q", "main"]);
    // The two decisions merge cleanly (git runs backbrief's merge driver);
    // the merge commit itself then changes the plan, which nobody decided.
    env.git(&["merge", "-q", "--no-commit", "side"]);
    let merged = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    env.write("plans/p1.json", merged.replace("\"Andet\"", "\"Tredje\""));
    env.git(&["commit", "-q", "-a", "--no-edit"]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["merge-changes-plans"]);
    assert_eq!(output.json()["findings"][0]["commit"], env.head());
}

#[test]
fn outside_a_plans_repository_it_cannot_run() {
    let env = TestEnv::without_plans();
    let output = verify(&env, &[]).expect_code(3);
    assert!(output.stdout.is_empty(), "{output}");
    assert!(output.stderr.contains("backbrief init"), "{output}");
}

// ---------------------------------------------------------------------------
// Signatures: a committed .backbrief/allowed_signers requires signed decisions.
// ---------------------------------------------------------------------------

/// Makes an ed25519 key `name` (and `name.pub`) in the folder; false when
/// ssh-keygen is not installed.
pub(crate) fn ssh_key(env: &TestEnv, name: &str) -> bool {
    let Ok(output) = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(env.path(name))
        .output()
    else {
        return crate::common::tool_present(
            "the signature tests",
            "ssh-keygen",
            false,
            "apt-get install openssh-client",
        );
    };
    assert!(output.status.success(), "ssh-keygen failed");
    true
}

pub(crate) fn public_key(env: &TestEnv, name: &str) -> String {
    String::from_utf8(env.read(&format!("{name}.pub")))
        .expect("public key")
        .trim()
        .to_string()
}

pub(crate) fn sign_with(env: &TestEnv, key: &Path) {
    env.git(&["config", "gpg.format", "ssh"]);
    env.git(&["config", "user.signingkey", &key.to_string_lossy()]);
    env.git(&["config", "commit.gpgsign", "true"]);
}

/// A repository that requires signatures since 2024-09-20, when
/// `.backbrief/allowed_signers` was committed, allowing the key `key` for the
/// secretary: the plan `p1` created unsigned before that, then decisions
/// signed with `key`. None when ssh-keygen is missing.
pub(crate) fn repo_requiring_signatures() -> Option<TestEnv> {
    let env = TestEnv::repo();
    env.run_on("2024-09-02", &["new", "p1", "--by", "Lokal-MED"])
        .expect_code(0);
    if !ssh_key(&env, "key") {
        return None;
    }
    sign_with(&env, &env.path("key.pub"));
    env.run_on(
        "2024-09-10",
        &[
            "decide",
            "p1",
            "-m",
            "Titel",
            "--by",
            "Lokal-MED",
            "--set",
            "title=Plan",
        ],
    )
    .expect_code(0);
    env.write(
        ".backbrief/allowed_signers",
        format!(
            "{} namespaces=\"git\" {}\n",
            SECRETARY.email,
            public_key(&env, "key")
        ),
    );
    // git itself accepts the signature backbrief made.
    let output = env
        .git_command()
        .args([
            "-c",
            "gpg.ssh.allowedSignersFile=.backbrief/allowed_signers",
            "verify-commit",
            "HEAD",
        ])
        .output()
        .expect("git verify-commit");
    assert!(
        output.status.success(),
        "git verify-commit: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    env.git(&["add", ".backbrief/allowed_signers"]);
    git_commit_on(&env, "2024-09-20", &["-m", "Kræv signerede beslutninger"]);
    env.run_on(
        "2024-09-21",
        &[
            "decide",
            "p1",
            "-m",
            "Ejer",
            "--by",
            "Lokal-MED",
            "--set",
            "owner=HMU",
        ],
    )
    .expect_code(0);
    // The unsigned decision from before the requirement is fine.
    assert_eq!(
        verify(&env, &[]).expect_code(0).stdout,
        "Historikken er kontrolleret: 5 commits, 3 beslutninger, ingen fund.\n"
    );
    Some(env)
}

#[test]
fn an_unsigned_decision_is_caught_when_signatures_are_required() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    env.git(&["config", "commit.gpgsign", "false"]);
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            "p1",
            "-m",
            "Titel",
            "--by",
            "Lokal-MED",
            "--set",
            "title=Ny",
        ],
    )
    .expect_code(0);
    let output = verify(&env, &[]).expect_code(1).redacted(&env);
    insta::assert_snapshot!(output, @r"
    fejl: commit [COMMIT] fra 2024-10-01 10:00 +00:00 af Sekretær Sofie <sofie@example.dk>
      Beslutningen er ikke signeret, men repositoriet kræver signerede beslutninger (.backbrief/allowed_signers).

    Historikken er kontrolleret: 6 commits, 4 beslutninger; 1 fejl.
    [exit status: 1]
    ");
}

#[test]
fn a_decision_signed_by_a_key_not_allowed_is_caught() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    assert!(ssh_key(&env, "other"));
    sign_with(&env, &env.path("other"));
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            "p1",
            "-m",
            "Titel",
            "--by",
            "Lokal-MED",
            "--set",
            "title=Ny",
        ],
    )
    .expect_code(0);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["signer-not-allowed"]);
    assert_eq!(
        output.json()["findings"][0]["message"],
        "The decision is signed, but not with a key that .backbrief/allowed_signers allows for \
         sofie@example.dk."
    );
}

#[test]
fn a_signed_decision_changed_after_signing_is_caught() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    // Change the summary of the signed decision at HEAD, keeping its signature.
    let raw = env.git(&["cat-file", "commit", "HEAD"]);
    assert!(
        raw.contains("gpgsig -----BEGIN SSH SIGNATURE-----"),
        "{raw}"
    );
    let forged = raw.replace("\nEjer\n", "\nEjer og titel\n");
    assert_ne!(raw, forged);
    env.write("forged", forged);
    let forged = env.git(&["hash-object", "-t", "commit", "-w", "forged"]);
    env.git(&["update-ref", "HEAD", forged.trim()]);
    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    assert_eq!(codes(&output), ["bad-signature"]);
    assert_eq!(output.json()["findings"][0]["commit"], forged.trim());
}

#[test]
fn removing_the_allowed_signers_is_a_warning() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    // Signed by a key the list allowed: the list may go.
    env.git(&["rm", "-q", ".backbrief/allowed_signers"]);
    git_commit_on(
        &env,
        "2024-10-01",
        &["-m", "Signaturer er ikke længere et krav"],
    );
    env.git(&["config", "commit.gpgsign", "false"]);
    env.run_on(
        "2024-10-02",
        &[
            "decide",
            "p1",
            "-m",
            "Titel",
            "--by",
            "Lokal-MED",
            "--set",
            "title=Ny",
        ],
    )
    .expect_code(0);
    let output = verify(&env, &["--lang", "en"])
        .expect_code(0)
        .redacted(&env);
    insta::assert_snapshot!(output, @r"
    warning: commit [COMMIT] of 2024-10-01 10:00 +00:00 by Sekretær Sofie <sofie@example.dk>
      The commit removes .backbrief/allowed_signers, so the repository no longer requires signed decisions.

    History checked: 7 commits, 4 decisions; 1 warning.
    [exit status: 0]
    ");
}

#[test]
fn after_verify_record_only_what_came_since_is_checked_and_said_so() {
    let env = repo_with_decisions();
    verify(&env, &["--record"]).expect_code(0);
    let point = short(&env, "HEAD");
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            "p1",
            "-m",
            "Ejer",
            "--by",
            "Lokal-MED",
            "--set",
            "owner=HMU",
        ],
    )
    .expect_code(0);
    let output = verify(&env, &["--lang", "en"]).expect_code(0);
    assert_eq!(
        output.stdout,
        format!(
            "History since the verified point {point} checked: 1 commit, 1 decision, no \
             findings. (`backbrief verify --full` checks it all.)\n"
        )
    );
    let json = verify(&env, &["--json"]).expect_code(0).json();
    assert_eq!(json["since"], env.git(&["rev-parse", &point]).trim());
    insta::assert_snapshot!(verify(&env, &["--full", "--lang", "en"]).expect_code(0), @r"
    History checked: 4 commits, 3 decisions, no findings.
    [exit status: 0]
    ");
    // What came since is checked as fully as ever.
    let plan = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    env.write("plans/p1.json", plan.replace("HMU", "Hemmelig"));
    git_commit_on(&env, "2024-10-02", &["-am", "Ret"]);
    let output = verify(&env, &["--json"]).expect_code(1);
    assert_eq!(codes(&output), ["not-a-decision"]);
    assert_eq!(output.json()["commits"], 2);
}

#[test]
fn a_signer_list_changed_since_the_verified_point_makes_verify_check_it_all() {
    let Some(env) = repo_requiring_signatures() else {
        return;
    };
    verify(&env, &["--record"]).expect_code(0);
    // A signed change: the list now allows a second key.
    assert!(ssh_key(&env, "second"));
    let mut list = String::from_utf8(env.read(".backbrief/allowed_signers")).expect("UTF-8");
    list.push_str(&format!(
        "{} namespaces=\"git\" {}\n",
        SECRETARY.email,
        public_key(&env, "second")
    ));
    env.write(".backbrief/allowed_signers", list);
    git_commit_on(&env, "2024-10-01", &["-am", "Endnu en nøgle"]);
    let output = verify(&env, &["--lang", "en"]).expect_code(0);
    assert_eq!(
        output.stdout,
        "History checked: 6 commits, 3 decisions, no findings.\n"
    );
}

/// On a long history the blobs are read and the plans checked on a second
/// thread; their findings must still come in the order of the history, and
/// within a commit after the findings made before them.
#[test]
fn findings_of_a_long_history_come_in_its_order() {
    let env = repo_with_decisions();
    env.run_on("2024-09-13", &["new", "p2", "--by", "Lokal-MED"])
        .expect_code(0);
    let original = String::from_utf8(env.read("plans/p1.json")).expect("UTF-8");
    let titled = |n: usize| {
        original.replacen(
            "\"title\": \"Backbrief fra arbejdsplads 1\"",
            &format!("\"title\": \"Backbrief {n}\""),
            1,
        )
    };
    let decision = ["-m", "Plan: p1\nDecided-by: Lokal-MED"];
    let mut expected: Vec<(String, usize)> = Vec::new();
    for n in 1..=40 {
        let day = if n <= 30 {
            format!("2024-10-{n:02}")
        } else {
            format!("2024-11-{:02}", n - 30)
        };
        match n {
            // A decision that leaves its plan invalid (the next one mends it).
            10 => {
                env.write(
                    "plans/p1.json",
                    titled(n).replacen("\"status\": \"planned\"", "\"status\": \"maybe\"", 1),
                );
                git_commit_on(&env, &day, &[&["-am", "Ugyldig"][..], &decision].concat());
                expected.push(("invalid-plan".into(), n));
            }
            // A plain commit that edits a plan.
            20 => {
                env.write("plans/p1.json", titled(n));
                git_commit_on(&env, &day, &["-am", "Rettet i hånden"]);
                expected.push(("not-a-decision".into(), n));
            }
            // Two plans changed, and the one named left invalid.
            35 => {
                env.write(
                    "plans/p1.json",
                    titled(n).replacen("\"status\": \"planned\"", "\"status\": \"maybe\"", 1),
                );
                let p2 = String::from_utf8(env.read("plans/p2.json")).expect("UTF-8");
                env.write(
                    "plans/p2.json",
                    p2.replacen("\"title\": \"", "\"title\": \"Ny ", 1),
                );
                git_commit_on(&env, &day, &[&["-am", "To planer"][..], &decision].concat());
                expected.push(("invalid-plan".into(), n));
                expected.push(("several-plans".into(), n));
            }
            _ => {
                env.write("plans/p1.json", titled(n));
                git_commit_on(&env, &day, &[&["-am", "Ny titel"][..], &decision].concat());
            }
        }
    }
    // The plan as decision 30 left it, damaged.
    let blob = env.git(&["rev-parse", "HEAD~10:plans/p1.json"]);
    std::fs::write(loose_object(&env, blob.trim()), b"garbage").expect("corrupt");
    expected.push(("corrupt-object".into(), 30));
    // Newest first; within a commit, in the order the checks run.
    expected.sort_by_key(|(code, n)| (std::cmp::Reverse(*n), code != "several-plans"));

    let output = verify(&env, &["--json", "--lang", "en"]).expect_code(1);
    let commit_of = |n: usize| {
        let back = format!("HEAD~{}", 40 - n);
        env.git(&["rev-parse", &back]).trim().to_string()
    };
    let found: Vec<(String, String)> = output.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let code = f["code"].as_str().unwrap_or_default().to_string();
            (code, f["commit"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(code, n)| (code, commit_of(n)))
        .collect();
    assert_eq!(found, expected);
}
