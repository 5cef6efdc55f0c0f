//! The README's walkthrough ("Five minutes for the MED secretary"), run as
//! written: every command of its ```sh blocks, in order, in one shell in a
//! temporary folder, with the real binary first on PATH, identity and
//! recording time pinned. Each must succeed and say what the README says it
//! does; the dates in it must fit the year the template is moved to.

use std::path::Path;
use std::process::Command;

use crate::common::TestEnv;

/// The year the walkthrough is written for.
const README_YEAR: i32 = 2026;
/// When the walkthrough's decisions are recorded (git's clock).
const RECORDED: &str = "2026-11-20T10:00:00+00:00";

/// The commands of the ```sh blocks under the walkthrough's heading, with
/// continuation lines joined.
fn walkthrough_commands(readme: &str) -> Vec<String> {
    let start = readme
        .find("## Five minutes for the MED secretary")
        .expect("the walkthrough's heading in README.md");
    let rest = &readme[start..];
    let section = &rest[..rest[3..].find("\n## ").map_or(rest.len(), |end| end + 3)];
    let mut commands = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in section.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_sh = !in_sh && line == "```sh";
            continue;
        }
        if !in_sh || line.is_empty() {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(head) => {
                pending.push_str(head.trim_end());
                pending.push(' ');
            }
            None => {
                pending.push_str(line);
                commands.push(std::mem::take(&mut pending));
            }
        }
    }
    commands
}

/// What one command did.
struct Ran {
    command: String,
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `commands` in one bash in `root` (so that `cd` carries over), each
/// with its output and exit code kept apart.
fn run_walkthrough(root: &Path, commands: &[String]) -> Vec<Ran> {
    let out = root.join("walkthrough-output");
    std::fs::create_dir_all(&out).expect("output folder");
    let mut script = String::from("cd \"$1\"\n");
    for (index, command) in commands.iter().enumerate() {
        script.push_str(&format!(
            "{{ {command}\n}} >\"$2/{index}.out\" 2>\"$2/{index}.err\" </dev/null; echo $? >\"$2/{index}.code\"\n"
        ));
    }
    let binary = assert_cmd::cargo::cargo_bin("backbrief");
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("bash")
        .args(["-c", &script, "walkthrough"])
        .arg(root.join("work"))
        .arg(&out)
        .env_clear()
        .env("PATH", path)
        .env("HOME", root)
        .env("XDG_CONFIG_HOME", root.join(".config"))
        .env("LANG", "C")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Sekretær Sara")
        .env("GIT_AUTHOR_EMAIL", "sara@example.dk")
        .env("GIT_COMMITTER_NAME", "Sekretær Sara")
        .env("GIT_COMMITTER_EMAIL", "sara@example.dk")
        .env("GIT_AUTHOR_DATE", RECORDED)
        .env("GIT_COMMITTER_DATE", RECORDED)
        .status()
        .expect("bash runs");
    assert!(status.success(), "the walkthrough's shell failed");
    let read = |name: String| std::fs::read_to_string(out.join(name)).unwrap_or_default();
    commands
        .iter()
        .enumerate()
        .map(|(index, command)| Ran {
            command: command.clone(),
            code: read(format!("{index}.code")).trim().parse().unwrap_or(-1),
            stdout: read(format!("{index}.out")),
            stderr: read(format!("{index}.err")),
        })
        .collect()
}

/// The run of the first command that starts with `prefix`.
fn ran<'a>(runs: &'a [Ran], prefix: &str) -> &'a Ran {
    runs.iter()
        .find(|r| r.command.starts_with(prefix))
        .unwrap_or_else(|| panic!("the walkthrough runs `{prefix}`"))
}

#[test]
fn the_readme_walkthrough_runs_as_written() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let commands = walkthrough_commands(&readme);

    // Every date in the commands lies in the walkthrough's year or the next
    // (phase 2 runs into the spring after).
    for command in &commands {
        for word in command.split(|c: char| !(c.is_ascii_digit() || c == '-')) {
            if let Some(year) = word.get(..4).and_then(|y| y.parse::<i32>().ok())
                && word.len() >= 7
                && word.as_bytes().get(4) == Some(&b'-')
            {
                assert!(
                    year == README_YEAR || year == README_YEAR + 1,
                    "README.md's walkthrough says {word} in `{command}`: its dates are for \
                     {README_YEAR}"
                );
            }
        }
    }

    let env = TestEnv::without_plans();
    std::fs::create_dir_all(env.path("work")).expect("work folder");
    let runs = run_walkthrough(env.root(), &commands);
    let transcript: Vec<String> = runs
        .iter()
        .map(|r| format!("{} {}", r.code, r.command))
        .collect();
    insta::assert_snapshot!(transcript.join("\n"), @r#"
    0 backbrief init lokal-med && cd lokal-med
    0 backbrief new --template            # what templates there are
    0 backbrief new arbejdsplads-2 --title "Backbrief fra arbejdsplads 2" --by "Lokal-MED" --on 2026-09-01
    0 backbrief validate
    0 backbrief decide arbejdsplads-2 -m "Plan vedtaget" --by "Lokal-MED" --on 2026-09-10 --meeting "MED-møde 10. september 2026" --set planlaegning-fase-1.status=done
    0 backbrief decide arbejdsplads-2 -m "Workshop gennemført" --by "Lokal-MED" --on 2026-10-08 --set faelles-aktivitet.status=done --set fase-2.period=2027-H1
    0 backbrief status                      # all plans
    0 backbrief status arbejdsplads-2       # one plan in detail
    0 backbrief log arbejdsplads-2          # every decision, newest first
    0 backbrief show HEAD                   # one decision in full (or a commit id from log)
    0 backbrief blame arbejdsplads-2        # which decision set each field
    0 backbrief report arbejdsplads-2 --out rapport.html    # open, mail or print (A4)
    0 backbrief report arbejdsplads-2 --out rapport.docx    # Word, to send upward
    0 backbrief report arbejdsplads-2 --since last --out rapport.docx --record --by "Enhedens leder" --on 2026-11-20 --meeting "Møde med chefen 20. november 2026" --set afrapportering-fase-1.status=done
    "#);
    for r in &runs {
        assert_eq!(
            r.code, 0,
            "`{}` failed:\n{}{}",
            r.command, r.stdout, r.stderr
        );
    }
    let repo = env.path("work/lokal-med");

    // 1. The repository and the plan, from the template moved to this year.
    assert!(repo.join(".git").is_dir() && repo.join("plans").is_dir());
    let templates = ran(&runs, "backbrief new --template");
    assert!(
        templates.stdout.contains("backbrief"),
        "{}",
        templates.stdout
    );
    let created = ran(&runs, "backbrief new arbejdsplads-2");
    assert!(
        created
            .stdout
            .contains("om arbejdsplads-2: Opret planen arbejdsplads-2"),
        "{}",
        created.stdout
    );
    let plan: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo.join("plans/arbejdsplads-2.json")).expect("the plan"),
    )
    .expect("JSON");
    let this_year = chrono_year();
    assert_eq!(
        plan["phases"][0]["period"],
        format!("{this_year}-autumn"),
        "the template starts this year"
    );

    // 3. With the walkthrough's dates in the year the template was moved
    // to, the plan has no problems at all.
    let validate = ran(&runs, "backbrief validate");
    if this_year == README_YEAR {
        assert_eq!(validate.stdout, "Tjekkede 1 plan: ingen problemer.\n");
    } else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "NOTE test_readme: README.md's walkthrough is written for {README_YEAR}, and the \
             template now starts in {this_year}: move its dates to {this_year} (and \
             README_YEAR here)."
        );
    }

    // 4. The decisions, with what changed in words.
    let workshop = ran(
        &runs,
        "backbrief decide arbejdsplads-2 -m \"Workshop gennemført\"",
    );
    assert!(
        workshop.stdout.contains(": status planlagt → udført"),
        "{}",
        workshop.stdout
    );

    // 5. Status, the audit trail, one decision, who set what.
    let status = ran(&runs, "backbrief status arbejdsplads-2");
    assert!(status.stdout.contains("Fase 1"), "{}", status.stdout);
    let log = ran(&runs, "backbrief log arbejdsplads-2");
    for summary in [
        "Plan vedtaget",
        "Workshop gennemført",
        "Opret planen arbejdsplads-2",
    ] {
        assert!(log.stdout.contains(summary), "{summary}:\n{}", log.stdout);
    }
    let show = ran(&runs, "backbrief show HEAD");
    assert!(
        show.stdout.contains("Workshop gennemført"),
        "{}",
        show.stdout
    );
    let blame = ran(&runs, "backbrief blame arbejdsplads-2");
    assert!(!blame.stdout.is_empty());

    // 6. The report in HTML and Word, and its delivery recorded.
    let html = std::fs::read_to_string(repo.join("rapport.html")).expect("rapport.html");
    assert!(html.contains("<h2>Udgangspunkt</h2>"));
    assert!(html.contains("Plan vedtaget"));
    let docx = std::fs::read(repo.join("rapport.docx")).expect("rapport.docx");
    assert!(docx.starts_with(b"PK\x03\x04"));
    let recorded = ran(&runs, "backbrief report arbejdsplads-2 --since last");
    assert!(
        recorded.stdout.contains("Registrerede beslutningen"),
        "{}{}",
        recorded.stdout,
        recorded.stderr
    );
    let trailers = Command::new("git")
        .args(["log", "-1", "--format=%(trailers)"])
        .current_dir(&repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", env.root())
        .output()
        .expect("git runs");
    insta::assert_snapshot!(String::from_utf8_lossy(&trailers.stdout).trim_end(), @r"
    Plan: arbejdsplads-2
    Decided-by: Enhedens leder
    Decided-on: 2026-11-20
    Meeting: Møde med chefen 20. november 2026
    Reported-to: Nærmeste chef
    ");
}

/// This year, by the clock (the template's year without --year).
fn chrono_year() -> i32 {
    use chrono::Datelike;
    chrono::Local::now().year()
}
