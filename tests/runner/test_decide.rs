//! `backbrief decide`: a year of MED meetings recorded on the example plan,
//! every setter form, hand edits, and every kind of bad input — after which
//! nothing has changed: the branch, the work tree and the plan file are as
//! they were.

use crate::common::{Output, Recorder, SECRETARY, TestEnv};

const PLAN: &str = "arbejdsplads-1";
const PLAN_FILE: &str = "plans/arbejdsplads-1.json";

/// A second person who records decisions (the committee's minute taker).
const REFERENT: Recorder = Recorder {
    name: "Referent Rasmus",
    email: "rasmus@example.dk",
};

/// One meeting's decision, as the secretary records it.
struct Meeting {
    /// The day it is recorded (git's author and committer date, 10:00 UTC).
    recorded: &'static str,
    /// Who records it.
    recorder: Recorder,
    summary: &'static str,
    decided_by: &'static str,
    /// `--on`, when decided on another day than recorded.
    on: Option<&'static str>,
    meeting: Option<&'static str>,
    body: Option<&'static str>,
    /// The `--set` changes (none: the hand edits of the plan file).
    set: &'static [&'static str],
}

impl Meeting {
    fn args(&self) -> Vec<&'static str> {
        let mut args = vec!["decide", PLAN, "-m", self.summary, "--by", self.decided_by];
        for setter in self.set {
            args.extend(["--set", setter]);
        }
        if let Some(on) = self.on {
            args.extend(["--on", on]);
        }
        if let Some(meeting) = self.meeting {
            args.extend(["--meeting", meeting]);
        }
        if let Some(body) = self.body {
            args.extend(["--body", body]);
        }
        args
    }

    /// The trailers the decision's commit must carry.
    fn trailers(&self) -> String {
        let mut text = format!(
            "Plan: {PLAN}\nDecided-by: {}\nDecided-on: {}\n",
            self.decided_by,
            self.on.unwrap_or(self.recorded)
        );
        if let Some(meeting) = self.meeting {
            text.push_str(&format!("Meeting: {meeting}\n"));
        }
        text
    }
}

/// The year from September 2024 to June 2025, one decision per meeting.
/// The first and the last take the hand edits of the file.
const YEAR: &[Meeting] = &[
    Meeting {
        recorded: "2024-09-02",
        recorder: SECRETARY,
        summary: "Backbriefen fra arbejdsplads 1 vedtaget",
        decided_by: "Lokal-MED",
        on: None,
        meeting: Some("MED-møde 2. september 2024"),
        body: None,
        set: &[],
    },
    Meeting {
        recorded: "2024-09-26",
        recorder: SECRETARY,
        summary: "Teamleder Anna står for workshoppen",
        decided_by: "Lokal-MED",
        on: None,
        meeting: Some("MED-møde 26. september 2024"),
        body: Some("Teamlederne bad om én ansvarlig for workshoppen i alle teams."),
        set: &["workshop-i-teams.owner=Teamleder Anna"],
    },
    Meeting {
        recorded: "2024-10-31",
        recorder: REFERENT,
        summary: "Workshoppen i teams er gennemført",
        decided_by: "Lokal-MED",
        on: Some("2024-10-30"),
        meeting: Some("MED-møde 30. oktober 2024"),
        body: None,
        set: &["workshop-i-teams.status=done"],
    },
    Meeting {
        recorded: "2024-11-28",
        recorder: SECRETARY,
        summary: "Fase 1 er samlet op og evalueret",
        decided_by: "Lokal-MED",
        on: None,
        meeting: Some("MED-møde 28. november 2024"),
        body: None,
        set: &[
            "opsamling-og-procesevaluering.status=done",
            "procesevaluering.status=done",
        ],
    },
    Meeting {
        recorded: "2024-12-12",
        recorder: SECRETARY,
        summary: "Konklusionerne er sendt; fase 2 varer hele første halvår",
        decided_by: "Lokal-MED",
        on: None,
        meeting: None,
        body: None,
        set: &["konklusioner-til-chef.status=done", "fase-2.period=2025-H1"],
    },
    Meeting {
        recorded: "2025-01-16",
        recorder: SECRETARY,
        summary: "Fase 2 begynder allerede i februar",
        decided_by: "Nærmeste chef",
        on: Some("2025-01-14"),
        meeting: None,
        body: None,
        set: &["fase-2.period.start=2025-02"],
    },
    Meeting {
        recorded: "2025-02-06",
        recorder: REFERENT,
        summary: "Temadag om kerneopgaven føjes til fase 2",
        decided_by: "Lokal-MED",
        on: None,
        meeting: Some("MED-møde 6. februar 2025"),
        body: None,
        set: &[
            r#"fase-2.subtasks+={"id":"temadag","title":"Temadag om kerneopgaven","status":"planned","owner":"HR-konsulent","due":"2025-04"}"#,
        ],
    },
    Meeting {
        recorded: "2025-03-06",
        recorder: SECRETARY,
        summary: "Implementeringsfasen er planlagt",
        decided_by: "Lokal-MED",
        on: None,
        meeting: Some("MED-møde 6. marts 2025"),
        body: Some(
            "Planen er revideret efter fase 1.\n\nTitlen siger nu, at det er den reviderede plan.",
        ),
        set: &[
            "title=Backbrief fra arbejdsplads 1 (revideret marts 2025)",
            "planlaegning-fase-2.status=done",
        ],
    },
    Meeting {
        recorded: "2025-04-24",
        recorder: SECRETARY,
        summary: "Temadagen aflyses",
        decided_by: "Lokal-MED",
        on: None,
        meeting: Some("MED-møde 24. april 2025"),
        body: Some("Workshopperne i teams dækker behovet."),
        set: &["temadag="],
    },
    Meeting {
        recorded: "2025-06-19",
        recorder: SECRETARY,
        summary: "Det interne samarbejde er gennemgået",
        decided_by: "Lokal-MED",
        on: None,
        meeting: Some("MED-møde 19. juni 2025"),
        body: None,
        set: &[],
    },
];

/// Changes `"status"` of the item `id` in the plan's text, the way a person
/// edits the file: only that line changes.
fn edit_status_by_hand(env: &TestEnv, id: &str, from: &str, to: &str) {
    let text = String::from_utf8(env.read(PLAN_FILE)).expect("UTF-8");
    let start = text
        .find(&format!("\"id\": \"{id}\""))
        .unwrap_or_else(|| panic!("{id} is in the plan"));
    let old = format!("\"status\": \"{from}\"");
    let offset = start + text[start..].find(&old).expect("the item has that status");
    let mut edited = text[..offset].to_string();
    edited.push_str(&format!("\"status\": \"{to}\""));
    edited.push_str(&text[offset + old.len()..]);
    env.write(PLAN_FILE, edited);
}

/// What must not change when a command fails.
#[derive(Debug, PartialEq)]
struct RepoState {
    head: String,
    porcelain: String,
    plan: Option<Vec<u8>>,
}

fn state(env: &TestEnv) -> RepoState {
    RepoState {
        head: env.head(),
        porcelain: env.porcelain(),
        plan: std::fs::read(env.path(PLAN_FILE)).ok(),
    }
}

/// Runs `decide` (as the secretary on 2024-10-01) expecting it to fail with
/// `code`, and checks that nothing changed.
#[track_caller]
fn refused(env: &TestEnv, code: i32, args: &[&str]) -> Output {
    let before = state(env);
    let mut full = vec!["decide"];
    full.extend_from_slice(args);
    let output = env.run_on("2024-10-01", &full).expect_code(code);
    assert_eq!(state(env), before, "nothing may change:\n{output}");
    output
}

#[test]
fn a_year_of_meetings() {
    let env = TestEnv::repo();
    env.example_plan(PLAN);
    let mut transcript = String::new();
    for (number, meeting) in YEAR.iter().enumerate() {
        if number == YEAR.len() - 1 {
            edit_status_by_hand(&env, "internt-samarbejde", "planned", "done");
        }
        let parent = env.head();
        let args = meeting.args();
        let output = env
            .run_as(meeting.recorder, meeting.recorded, &args)
            .expect_code(0);
        transcript.push_str(&format!(
            "$ backbrief decide … ({})\n{}\n",
            meeting.recorded,
            output.redact_commits()
        ));

        let head = env.head();
        assert_ne!(head, parent, "{} recorded a commit", meeting.summary);
        assert_eq!(env.porcelain(), "", "clean after {}", meeting.summary);
        assert_eq!(env.git(&["rev-parse", "HEAD^"]).trim(), parent);
        assert_eq!(
            env.git(&["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"]),
            format!("{PLAN_FILE}\n"),
            "a decision changes only its plan's file"
        );
        assert_eq!(
            env.trailers("HEAD"),
            meeting.trailers(),
            "{}",
            meeting.summary
        );
        assert_eq!(
            env.git(&[
                "log",
                "-1",
                "--date=format:%Y-%m-%d %H:%M:%S %z",
                "--format=%an <%ae>|%ad|%cn <%ce>|%cd",
            ]),
            format!(
                "{who}|{when}|{who}|{when}\n",
                who = meeting.recorder.signature(),
                when = format_args!("{} 10:00:00 +0000", meeting.recorded)
            ),
            "the author is the one who recorded it, at the pinned time"
        );
        assert_eq!(
            env.git(&["log", "-1", "--format=%s"]).trim_end(),
            meeting.summary
        );
        let body = env.git(&["log", "-1", "--format=%b"]);
        match meeting.body {
            Some(text) => assert!(body.starts_with(&format!("{text}\n\n")), "{body}"),
            None => assert!(body.starts_with("Plan: "), "no body: {body}"),
        }
    }

    insta::assert_snapshot!(transcript, @r#"
    $ backbrief decide … (2024-09-02)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Backbriefen fra arbejdsplads 1 vedtaget
      - Planen oprettet: Backbrief fra arbejdsplads 1
    [exit status: 0]
    $ backbrief decide … (2024-09-26)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Teamleder Anna står for workshoppen
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: ansvarlig Teamledere → Teamleder Anna
    [exit status: 0]
    $ backbrief decide … (2024-10-31)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Workshoppen i teams er gennemført
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status i gang → udført
    [exit status: 0]
    $ backbrief decide … (2024-11-28)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Fase 1 er samlet op og evalueret
      - Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven: status planlagt → udført
      - Procesevaluering af fase 1 i MED: status planlagt → udført
    [exit status: 0]
    $ backbrief decide … (2024-12-12)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Konklusionerne er sendt; fase 2 varer hele første halvår
      - Fase 2: periode forår 2025 → 1. halvår 2025
      - Konklusioner fra procesevalueringen og en skitseplan for fase 2: status planlagt → udført
    [exit status: 0]
    $ backbrief decide … (2025-01-16)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Fase 2 begynder allerede i februar
      - Fase 2: periode 1. halvår 2025 → februar 2025 – 1. halvår 2025
    [exit status: 0]
    $ backbrief decide … (2025-02-06)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Temadag om kerneopgaven føjes til fase 2
      - Ny aktivitet i Fase 2: Temadag om kerneopgaven (ansvarlig HR-konsulent, frist april 2025)
    [exit status: 0]
    $ backbrief decide … (2025-03-06)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Implementeringsfasen er planlagt
      - Titel: "Backbrief fra arbejdsplads 1" → "Backbrief fra arbejdsplads 1 (revideret marts 2025)"
      - Planlægning af implementeringsfasen i MED: status planlagt → udført
    [exit status: 0]
    $ backbrief decide … (2025-04-24)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Temadagen aflyses
      - Aktivitet fjernet fra Fase 2: Temadag om kerneopgaven
    [exit status: 0]
    $ backbrief decide … (2025-06-19)
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Det interne samarbejde er gennemgået
      - Gennemgang af ydelsestyperne: det interne samarbejde: status planlagt → udført
    [exit status: 0]
    "#);

    // The plan as the year left it.
    let plan: serde_json::Value =
        serde_json::from_slice(&env.read(PLAN_FILE)).expect("the plan is JSON");
    let subtask = |phase: usize, id: &str| {
        plan["phases"][phase]["subtasks"]
            .as_array()
            .expect("subtasks")
            .iter()
            .find(|s| s["id"] == id)
            .cloned()
    };
    assert_eq!(
        plan["title"],
        "Backbrief fra arbejdsplads 1 (revideret marts 2025)"
    );
    let workshop = subtask(0, "workshop-i-teams").expect("workshop");
    assert_eq!(workshop["owner"], "Teamleder Anna");
    assert_eq!(workshop["status"], "done");
    assert_eq!(
        plan["phases"][1]["period"],
        serde_json::json!({"start": "2025-02", "end": "2025-H1"})
    );
    assert_eq!(subtask(1, "temadag"), None, "removed again in April");
    assert_eq!(
        subtask(1, "internt-samarbejde").expect("subtask")["status"],
        "done"
    );
    assert_eq!(plan["reporting"][0]["status"], "done");
    assert_eq!(plan["reporting"][1]["status"], "done");

    env.run(&["validate"]).expect_code(0);
    let log = env.run(&["log", "--json"]).expect_code(0).json();
    let summaries: Vec<&str> = log
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["summary"].as_str().expect("summary"))
        .collect();
    let mut expected: Vec<&str> = YEAR.iter().map(|m| m.summary).collect();
    expected.reverse();
    assert_eq!(summaries, expected, "newest first, every meeting");
    env.assert_fsck_clean();
}

#[test]
fn hand_edits_of_one_plan_are_decided_alone_while_other_files_are_dirty() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-09-03",
        &[
            "new",
            "arbejdsplads-2",
            "--by",
            "Lokal-MED",
            "--at",
            "2024-09-03",
        ],
    )
    .expect_code(0);
    let other_plan = "plans/arbejdsplads-2.json";
    let other = String::from_utf8(env.read(other_plan)).expect("UTF-8");
    let other_edited = other.replacen("\"status\": \"planned\"", "\"status\": \"done\"", 1);
    assert_ne!(other, other_edited);
    env.write(other_plan, &other_edited);
    env.write("README.md", "Udvalgets egne noter.\n");
    env.write("noter/referat.txt", "Referat fra mødet.\n");
    edit_status_by_hand(&env, "workshop-i-teams", "in_progress", "done");
    let parent = env.head();

    let output = env
        .run_on(
            "2024-10-31",
            &[
                "decide",
                PLAN,
                "-m",
                "Workshoppen i teams er gennemført",
                "--by",
                "Lokal-MED",
            ],
        )
        .expect_code(0)
        .redact_commits();
    insta::assert_snapshot!(output, @r"
    Registrerede beslutningen [SHORT] om arbejdsplads-1: Workshoppen i teams er gennemført
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status i gang → udført
    [exit status: 0]
    ");

    assert_eq!(env.git(&["rev-parse", "HEAD^"]).trim(), parent);
    assert_eq!(
        env.git(&["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"]),
        format!("{PLAN_FILE}\n")
    );
    insta::assert_snapshot!(env.porcelain(), @"
     M README.md
     M plans/arbejdsplads-2.json
    ?? noter/referat.txt
    ");
    assert_eq!(env.read(other_plan), other_edited.as_bytes());
    assert_eq!(env.read("README.md"), b"Udvalgets egne noter.\n");
    assert_eq!(
        env.git(&["show", &format!("HEAD:{PLAN_FILE}")]).as_bytes(),
        env.read(PLAN_FILE),
        "the committed plan is the edited file, byte for byte"
    );
}

#[test]
fn set_on_a_plan_with_hand_edits_is_refused() {
    let env = TestEnv::repo_with_example_plan();
    edit_status_by_hand(&env, "workshop-i-teams", "in_progress", "done");
    let edited = env.read(PLAN_FILE);
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "Ny ansvarlig",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.owner=Teamleder Anna",
        ],
    );
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: plans/arbejdsplads-1.json har ændringer, der ikke er registreret; --set ville blande dem ind i beslutningen.
    tip: Registrér ændringerne i filen først med `backbrief decide arbejdsplads-1 -m … --by …` (uden --set), eller fortryd dem med `git checkout plans/arbejdsplads-1.json`.
    [exit status: 1]
    ");
    assert_eq!(env.read(PLAN_FILE), edited, "the hand edits are kept");
}

#[test]
fn a_decision_without_changes_is_refused() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(&env, 1, &[PLAN, "-m", "Intet nyt", "--by", "Lokal-MED"]);
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Planen arbejdsplads-1 er ikke ændret, så der er intet at registrere.
    tip: Angiv ændringer med --set (fx --set workshop.status=done), eller ret filen plans/arbejdsplads-1.json først.
    [exit status: 1]
    ");
}

#[test]
fn a_setter_that_changes_nothing_is_refused() {
    // `decide arbejdsplads-1 -m x --by y --set workshop-i-teams.status=in_progress`
    // (the status it already has) exits 0 and commits a decision whose
    // change list is empty; without --set the same case is refused.
    let env = TestEnv::repo_with_example_plan();
    refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "Workshoppen er i gang",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=in_progress",
        ],
    );
}

#[test]
fn outside_a_repository() {
    let env = TestEnv::new();
    env.example_plan(PLAN);
    let output = env
        .run_on(
            "2024-10-01",
            &[
                "decide",
                PLAN,
                "-m",
                "x",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.status=done",
            ],
        )
        .expect_code(3);
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: [ROOT] er ikke et plan-repositorium (ingen git-repositorium her).
    tip: Opret et med `backbrief init`, eller gå til mappen med planerne (eller brug -C <mappe>).
    [exit status: 3]
    ");
    assert!(output.stderr.contains("backbrief init"), "{output}");
    assert_eq!(env.files(), "plans/\nplans/arbejdsplads-1.json");
    assert_eq!(
        env.read(PLAN_FILE),
        std::fs::read(crate::common::project_dir().join(PLAN_FILE)).expect("example")
    );
}

#[test]
fn git_repository_without_plans_folder() {
    let env = TestEnv::without_plans();
    env.git(&["init", "-q", "-b", "main"]);
    env.write("README.md", "Ikke et plan-repositorium.\n");
    env.git(&["add", "README.md"]);
    env.git(&["commit", "-q", "-m", "Første"]);
    let before = (env.head(), env.porcelain());
    let output = env
        .run_on(
            "2024-10-01",
            &["decide", PLAN, "-m", "x", "--by", "y", "--set", "title=z"],
        )
        .expect_code(3);
    assert!(output.stderr.contains("backbrief init"), "{output}");
    assert_eq!((env.head(), env.porcelain()), before);
}

#[test]
fn detached_head() {
    let env = TestEnv::repo_with_example_plan();
    env.git(&["checkout", "-q", "--detach", "HEAD"]);
    let output = refused(
        &env,
        3,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Repositoriet står ikke på en gren (detached HEAD), så en beslutning ville ikke høre til nogen gren.
    tip: Skift til grenen med planerne, fx `git switch main`.
    [exit status: 3]
    ");
    assert_eq!(env.git(&["rev-parse", "--abbrev-ref", "HEAD"]), "HEAD\n");
    assert_eq!(env.git(&["rev-parse", "main"]).trim(), env.head());
}

#[test]
fn merge_in_progress() {
    let env = TestEnv::repo_with_example_plan();
    env.git(&["checkout", "-q", "-b", "referat"]);
    env.write("referat.txt", "Referatet, version A.\n");
    env.git(&["add", "referat.txt"]);
    env.git(&["commit", "-q", "-m", "Referat A"]);
    env.git(&["checkout", "-q", "main"]);
    env.write("referat.txt", "Referatet, version B.\n");
    env.git(&["add", "referat.txt"]);
    env.git(&["commit", "-q", "-m", "Referat B"]);
    let merge = env
        .git_command()
        .args(["merge", "referat"])
        .output()
        .expect("git merge");
    assert!(!merge.status.success(), "the merge must conflict");
    assert!(env.path(".git/MERGE_HEAD").exists());

    let output = refused(
        &env,
        3,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Git er midt i en anden handling (merge); backbrief venter med at skrive, til den er afsluttet.
    tip: Afslut eller afbryd den først, fx `git merge --abort` eller `git rebase --abort`.
    [exit status: 3]
    ");
    assert!(env.path(".git/MERGE_HEAD").exists(), "the merge goes on");
}

#[test]
fn rebase_in_progress() {
    let env = TestEnv::repo_with_example_plan();
    env.git(&["checkout", "-q", "-b", "referat"]);
    env.write("referat.txt", "Referatet, version A.\n");
    env.git(&["add", "referat.txt"]);
    env.git(&["commit", "-q", "-m", "Referat A"]);
    env.git(&["checkout", "-q", "main"]);
    env.write("referat.txt", "Referatet, version B.\n");
    env.git(&["add", "referat.txt"]);
    env.git(&["commit", "-q", "-m", "Referat B"]);
    env.git(&["checkout", "-q", "referat"]);
    let rebase = env
        .git_command()
        .args(["rebase", "main"])
        .output()
        .expect("git rebase");
    assert!(
        !rebase.status.success(),
        "the rebase must stop on a conflict"
    );

    let output = refused(
        &env,
        3,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    assert!(output.stderr.contains("rebase"), "{output}");
}

#[test]
fn signing_configured_with_an_unusable_key() {
    let env = TestEnv::repo_with_example_plan();
    env.git(&["config", "commit.gpgsign", "true"]);
    env.git(&["config", "gpg.format", "ssh"]);
    env.git(&["config", "user.signingkey", "findes-ikke.pub"]);
    let output = refused(
        &env,
        3,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    assert!(output.stderr.contains("user.signingkey"), "{output}");
}

#[test]
fn unborn_branch() {
    let env = TestEnv::new();
    env.git(&["init", "-q", "-b", "main"]);
    env.example_plan(PLAN);
    let output = refused(&env, 3, &[PLAN, "-m", "x", "--by", "Lokal-MED"]);
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Repositoriet har endnu ingen historik (grenen main har ingen commits).
    tip: Kør `backbrief init` for at lave den første commit.
    [exit status: 3]
    ");
    assert_eq!(env.head(), "unborn");
}

#[test]
fn missing_git_identity() {
    let env = TestEnv::repo_with_example_plan();
    // libgit2 reads the machine's git config even with GIT_CONFIG_NOSYSTEM.
    let system = env
        .git_command()
        .env_remove("GIT_CONFIG_NOSYSTEM")
        .args(["config", "--system", "--get-regexp", "^user\\."])
        .output()
        .expect("git config");
    if !system.stdout.is_empty() {
        eprintln!("skipped: the system git config names a user");
        return;
    }
    let before = state(&env);
    let mut command = env.command();
    for name in [
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ] {
        command.env_remove(name);
    }
    command
        .env("GIT_AUTHOR_DATE", "2024-10-01T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2024-10-01T10:00:00+00:00")
        .args([
            "decide",
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ]);
    assert!(!env.path(".gitconfig").exists(), "HOME has no git config");
    assert!(
        !env.git(&["config", "--list", "--local"]).contains("user."),
        "the repository has no identity"
    );
    let output = env.run_command(command).expect_code(3);
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: Git ved ikke, hvem du er, så beslutningen kan ikke registreres med dit navn.
    tip: Kør `git config --global user.name "Dit Navn"` og `git config --global user.email "dig@kommune.dk"`.
    [exit status: 3]
    "#);
    assert!(output.stderr.contains("git config"), "{output}");
    assert_eq!(state(&env), before);
}

#[test]
fn unknown_plan_suggests_the_nearest() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(
        &env,
        1,
        &[
            "arbejdsplads1",
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: Der er ingen plan med id'et "arbejdsplads1" i plans/.
    tip: Mente du "arbejdsplads-1"?
    [exit status: 1]
    "#);
}

#[test]
fn unknown_item_suggests_the_nearest() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-team.status=done",
        ],
    );
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: I `--set workshop-i-team.status=done`: planen har intet punkt med id'et "workshop-i-team".
    tip: Mente du "workshop-i-teams"?
    [exit status: 1]
    "#);
}

#[test]
fn unknown_field() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.ansvarlig=Anna",
        ],
    );
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: I `--set workshop-i-teams.ansvarlig=Anna`: aktiviteten "workshop-i-teams" har intet felt, der hedder "ansvarlig".
    tip: Mulige felter: communities, due, id, imbalances, notes, owner, questions, status, title.
    [exit status: 1]
    "#);
}

#[test]
fn value_of_the_wrong_type() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "planlaegningsmoeder.status=finished",
        ],
    );
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    plans/arbejdsplads-1.json:24:21: fejl: "status" har den ukendte værdi "finished". [/phases/0/subtasks/0/status]
      tip: Mente du "done"?
    fejl: Beslutningen ville gøre planen arbejdsplads-1 ugyldig; intet er registreret, og filen er uændret.
    [exit status: 1]
    "#);
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "gaa-hjem-moede.imbalances=[1,13]",
        ],
    );
    assert!(output.to_string().contains("imbalances"), "{output}");
}

#[test]
fn a_resulting_invalid_plan_records_nothing() {
    let env = TestEnv::repo_with_example_plan();
    // Fase 1 would end before it begins.
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "fase-1.period.start=2025-12",
        ],
    );
    insta::assert_snapshot!(output, @r"
    ------- stderr -------
    plans/arbejdsplads-1.json:21:16: fejl: Perioden slutter (efterår 2024), før den begynder (december 2025). [/phases/0/period/end]
      tip: Byt om på periodens start og slut, eller ret en af dem.
    fejl: Beslutningen ville gøre planen arbejdsplads-1 ugyldig; intet er registreret, og filen er uændret.
    [exit status: 1]
    ");
    // Fase 2 would depend on a phase that does not exist.
    refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            r#"fase-2.depends_on=["fase-0"]"#,
        ],
    );
    // A new subtask with an id the plan already uses.
    refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            r#"fase-1.subtasks+={"id":"fase-2","title":"Dublet","status":"planned"}"#,
        ],
    );
    // Removing a required field.
    refused(
        &env,
        1,
        &[PLAN, "-m", "x", "--by", "Lokal-MED", "--set", "main_task="],
    );
}

#[test]
fn invalid_hand_edits_record_nothing() {
    let env = TestEnv::repo_with_example_plan();
    edit_status_by_hand(&env, "workshop-i-teams", "in_progress", "færdig");
    let output = refused(&env, 1, &[PLAN, "-m", "x", "--by", "Lokal-MED"]);
    assert!(output.stderr.contains("færdig"), "{output}");
}

#[test]
fn on_malformed_is_a_usage_error() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(
        &env,
        2,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--on",
            "30-13-2024",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    insta::assert_snapshot!(output, @r#"
    ------- stderr -------
    fejl: Værdien af --on <DATO> kan ikke bruges: "30-13-2024" er ikke en dato.
    tip: Skriv en dato som 2024-09-12, 12.9.2024, 12-09-2024 eller 12. september 2024.
    tip: Se `backbrief decide --help` for alle tilvalg.
    [exit status: 2]
    "#);
}

#[test]
fn on_in_the_future_is_refused() {
    let env = TestEnv::repo_with_example_plan();
    // Recorded on 2024-10-01 (GIT_AUTHOR_DATE); decided the day after?
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--on",
            "2024-10-02",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    insta::assert_snapshot!(output, @r"
    ------- stderr -------
    fejl: Datoen 2. oktober 2024 ligger efter i dag (1. oktober 2024); en beslutning kan ikke være truffet i fremtiden.
    tip: Skriv den dag, beslutningen blev truffet, fx 12.9.2024 eller 2024-09-12.
    [exit status: 1]
    ");
    // The same day is fine.
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--on",
            "2024-10-01",
            "--set",
            "workshop-i-teams.status=done",
        ],
    )
    .expect_code(0);
}

#[test]
fn missing_summary_or_decider_is_a_usage_error() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(
        &env,
        2,
        &[
            PLAN,
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Der mangler noget på kommandolinjen: --message <RESUMÉ>.
    tip: Brug: backbrief decide --message <RESUMÉ> --by <HVEM> --set <ID.FELT=VÆRDI> <PLAN>
    tip: Se `backbrief decide --help` for alle tilvalg.
    [exit status: 2]
    ");
    let output = refused(
        &env,
        2,
        &[PLAN, "-m", "x", "--set", "workshop-i-teams.status=done"],
    );
    assert!(output.stderr.contains("--by"), "{output}");
}

#[test]
fn empty_summary_is_a_usage_error() {
    // `decide arbejdsplads-1 -m "" --by Lokal-MED --set …` exits 0; the
    // commit's message starts with a blank line, so its trailers are not
    // read back and `backbrief log` leaves the decision out.
    let env = TestEnv::repo_with_example_plan();
    refused(
        &env,
        2,
        &[
            PLAN,
            "-m",
            "",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
}

#[test]
fn empty_decider_is_a_usage_error() {
    // `decide arbejdsplads-1 -m x --by "" --set …` exits 0 and writes
    // `Decided-by: ` (empty); `log --json` then reads decided_by as
    // "\nDecided-on: 2024-10-01". `new --by ""` is refused (exit 2).
    let env = TestEnv::repo_with_example_plan();
    refused(
        &env,
        2,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            " ",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
}

#[test]
fn malformed_setter_is_a_usage_error() {
    let env = TestEnv::repo_with_example_plan();
    let output = refused(
        &env,
        2,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status",
        ],
    );
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: `--set workshop-i-teams.status` har intet lighedstegn (=), så det er uklart, hvad der skal ændres til hvad.
    tip: Skriv ændringen som ID.FELT=VÆRDI, fx `--set workshop-i-teams.status=done`; `--set ID=` fjerner et punkt.
    [exit status: 2]
    ");
}

#[test]
fn set_on_a_plan_not_yet_recorded_is_refused() {
    let env = TestEnv::repo();
    env.example_plan(PLAN);
    let output = refused(
        &env,
        1,
        &[
            PLAN,
            "-m",
            "x",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.status=done",
        ],
    );
    insta::assert_snapshot!(output, @"
    ------- stderr -------
    fejl: Planen arbejdsplads-1 findes ikke i historikken endnu.
    tip: Opret planer med `backbrief new arbejdsplads-1 --by …`, eller registrér en håndlavet fil med `backbrief decide arbejdsplads-1 -m … --by …`.
    [exit status: 1]
    ");
}

#[test]
fn english_change_list() {
    let env = TestEnv::repo_with_example_plan();
    let output = env
        .run_on(
            "2024-10-31",
            &[
                "--lang",
                "en",
                "decide",
                PLAN,
                "-m",
                "Workshop done, phase 2 moved",
                "--by",
                "Lokal-MED",
                "--set",
                "workshop-i-teams.status=done",
                "--set",
                "fase-2.period=2025-H1",
                "--set",
                "opstart-fase-2.date=2025-02-04",
            ],
        )
        .expect_code(0)
        .redact_commits();
    insta::assert_snapshot!(output, @r"
    Recorded the decision [SHORT] on arbejdsplads-1: Workshop done, phase 2 moved
      - Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser: status in progress → done
      - Fase 2: period spring 2025 → H1 2025
      - Opstart af fase 2: implementering af kerneopgaven: date 4 March 2025 → 4 February 2025
    [exit status: 0]
    ");
}

#[test]
fn a_lock_held_too_long_names_the_process_and_changes_nothing() {
    let env = TestEnv::repo_with_example_plan();
    // Another process holds the repository lock (flock, as backbrief takes it)
    // and has written its process id into the lock file, as backbrief does.
    let lock = env.path(".git/backbrief.lock");
    let mut holder = std::process::Command::new("python3")
        .args([
            "-c",
            "import fcntl,os,sys,time\n\
             f=open(sys.argv[1],'w'); fcntl.flock(f, fcntl.LOCK_EX)\n\
             f.write(str(os.getpid())); f.flush(); print('held', flush=True); time.sleep(30)",
        ])
        .arg(&lock)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    let mut ready = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().expect("stdout")),
        &mut ready,
    )
    .expect("holder ready");
    let before = state(&env);
    let mut command = env.command_as(crate::common::SECRETARY, "2024-10-01");
    command.env("BACKBRIEF_LOCK_WAIT", "1").args([
        "decide",
        PLAN,
        "-m",
        "x",
        "--by",
        "Lokal-MED",
        "--set",
        "workshop-i-teams.owner=Bo",
    ]);
    let output = env.run_command(command).expect_code(3);
    let pid = holder.id().to_string();
    let _ = holder.kill();
    let _ = holder.wait();
    assert!(
        output.stderr.contains(&pid),
        "the holder's pid is named:\n{output}"
    );
    assert_eq!(state(&env), before, "nothing may change:\n{output}");
}
