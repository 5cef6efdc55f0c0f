//! Security: no plan id or path reaches outside `plans/` (symlinks
//! included); no shell ever receives user text; templates are built in;
//! a huge plan file is refused within bounded memory. (That plan text is
//! escaped in HTML reports is `test_report::plan_text_is_escaped_everywhere`.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Output, TestEnv, minimal_plan, project_dir, spawnable};

const PLAN: &str = "arbejdsplads-1";

// ---------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------

/// What only the content of a file outside `plans/` holds: if it shows up
/// in any output, or in the history, that file was read.
const OUTSIDE_ID: &str = "indhold-udenfor";
const OUTSIDE_TITLE: &str = "HEMMELIG-TITEL";

/// A valid plan that lives outside `plans/`.
fn outside_plan() -> String {
    minimal_plan(OUTSIDE_ID).replace("Lille plan", OUTSIDE_TITLE)
}

/// A folder outside the repository with `hemmelig.json` in it.
fn outside_folder() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("backbrief-outside-")
        .tempdir()
        .expect("a temporary folder");
    std::fs::write(dir.path().join("hemmelig.json"), outside_plan()).expect("write");
    dir
}

/// Every file under `dir` with its bytes (symlinks as their target).
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("list folder") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                out.push((path, target.to_string_lossy().into_owned().into_bytes()));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// The state of a repository that a refused command must leave as it was.
fn repo_state(env: &TestEnv) -> (String, String) {
    (env.head(), env.porcelain())
}

/// Asserts that the output holds nothing of the outside plan.
#[track_caller]
fn assert_not_leaked(output: &Output, context: &str) {
    assert!(
        !output.stdout.contains(OUTSIDE_TITLE)
            && !output.stderr.contains(OUTSIDE_TITLE)
            && !output.stdout.contains(OUTSIDE_ID)
            && !output.stderr.contains(OUTSIDE_ID),
        "{context}: shows the content of a file outside plans/:\n{output}"
    );
    assert!(
        !output.stderr.contains("panicked"),
        "{context}: panicked:\n{output}"
    );
}

/// Runs the binary like [`TestEnv::run`] and measures it: its output, the
/// wall time, and its peak memory (maximum resident set size, in bytes) as
/// `/usr/bin/time` reports it, when that is installed. (`wait4` of our own
/// child would not do: a child forked from this big test process starts
/// with its resident set, and Linux keeps that peak across `exec`.)
fn run_measured(env: &TestEnv, args: &[&str]) -> (Output, Duration, Option<u64>) {
    let mut command = env.command();
    command.args(args);
    let inner = spawnable(&command);
    let time = Path::new("/usr/bin/time");
    let report = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut process = if time.exists() {
        let mut process = std::process::Command::new(time);
        process
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(report.path())
            .arg(inner.get_program())
            .args(inner.get_args());
        for (key, value) in inner.get_envs() {
            match value {
                Some(value) => process.env(key, value),
                None => process.env_remove(key),
            };
        }
        if let Some(dir) = inner.get_current_dir() {
            process.current_dir(dir);
        }
        process
    } else {
        inner
    };
    process.stdin(Stdio::null());
    let started = Instant::now();
    let output = process.output().expect("run backbrief");
    let elapsed = started.elapsed();
    // GNU time writes "Command exited with non-zero status N" before the figure.
    let rss = std::fs::read_to_string(report.path())
        .ok()
        .and_then(|text| text.lines().last()?.trim().parse::<u64>().ok())
        .map(|kilobytes| kilobytes * 1024);
    let output = Output {
        stdout: env.redact(&String::from_utf8_lossy(&output.stdout)),
        stderr: env.redact(&String::from_utf8_lossy(&output.stderr)),
        code: output.status.code(),
    };
    (output, elapsed, rss)
}

/// Megabytes, for messages.
fn megabytes(rss: Option<u64>) -> String {
    rss.map_or_else(
        || "? (no /usr/bin/time)".to_string(),
        |rss| format!("{} MB", rss / MB),
    )
}

const MB: u64 = 1024 * 1024;

// ---------------------------------------------------------------------------
// Plan ids and paths.
// ---------------------------------------------------------------------------

/// Ids that name files outside `plans/`, or `plans/` itself.
fn escaping_ids(outside: &Path) -> Vec<String> {
    let name = outside
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    vec![
        "../hemmelig".to_string(),
        "x/../../hemmelig".to_string(),
        format!("../../{name}/hemmelig"),
        format!("{}/hemmelig", outside.display()),
        "..".to_string(),
        ".".to_string(),
        "../plans/arbejdsplads-1".to_string(),
        "plans/arbejdsplads-1".to_string(),
        "arbejdsplads-1/".to_string(),
        "arbejdsplads-1.json".to_string(),
        "Arbejdsplads-1".to_string(),
        String::new(),
    ]
}

#[test]
fn no_plan_id_reaches_outside_plans() {
    let env = TestEnv::repo_with_example_plan();
    let outside = outside_folder();
    // Also one inside the repository, but outside plans/ (not committed).
    env.write("hemmelig.json", outside_plan());
    let before = repo_state(&env);
    let outside_before = tree(outside.path());
    let mut checked = 0;
    for id in escaping_ids(outside.path()) {
        let id = id.as_str();
        for args in [
            vec!["status", id],
            vec!["status", id, "--as-of", "HEAD"],
            vec!["export", id, "--format", "json"],
            vec!["report", id],
            vec!["log", id],
            vec!["blame", id],
            vec!["decide", id, "-m", "Overtaget", "--by", "MED"],
            vec![
                "decide", id, "-m", "Ny titel", "--by", "MED", "--set", "title=X",
            ],
            vec!["report", id, "--record", "--by", "MED", "-m", "Sendt"],
            vec!["new", id, "--by", "MED"],
        ] {
            let output = env.run_on("2024-10-01", &args);
            let context = format!("{args:?}");
            assert_not_leaked(&output, &context);
            assert!(
                matches!(output.code, Some(1 | 2)),
                "{context}: refused as a wrong id or an unknown plan:\n{output}"
            );
            assert_eq!(
                repo_state(&env),
                before,
                "{context}: changed the repository"
            );
            checked += 1;
        }
    }
    assert_eq!(
        tree(outside.path()),
        outside_before,
        "nothing outside changed"
    );
    assert_eq!(env.read("hemmelig.json"), outside_plan().into_bytes());
    eprintln!("{checked} commands with escaping ids: all refused, nothing read or written");
}

/// A repository with `plans/link.json` a symbolic link to `hemmelig.json`
/// in a folder outside it.
fn repo_with_linked_plan() -> (TestEnv, tempfile::TempDir) {
    let env = TestEnv::repo_with_example_plan();
    let outside = outside_folder();
    std::os::unix::fs::symlink(
        outside.path().join("hemmelig.json"),
        env.path("plans/link.json"),
    )
    .expect("symlink");
    (env, outside)
}

#[test]
fn a_plan_file_linking_outside_is_never_written_through() {
    // The plan `link` is recorded as an ordinary file first; then its file
    // is replaced by a link to an outside file with the same bytes.
    let env = TestEnv::repo_with_example_plan();
    let outside = tempfile::Builder::new()
        .prefix("backbrief-outside-")
        .tempdir()
        .expect("a temporary folder");
    let text = minimal_plan("link");
    env.plan("link", &text);
    env.run_on(
        "2024-09-05",
        &["decide", "link", "-m", "Vedtaget", "--by", "MED"],
    )
    .expect_code(0);
    let target = outside.path().join("link.json");
    std::fs::write(&target, &text).expect("write");
    std::fs::remove_file(env.path("plans/link.json")).expect("remove");
    std::os::unix::fs::symlink(&target, env.path("plans/link.json")).expect("symlink");
    // A dangling link, for `new`, to a file that does not exist yet.
    let dangling = outside.path().join("ny.json");
    std::os::unix::fs::symlink(&dangling, env.path("plans/ny.json")).expect("symlink");
    // And a link where an export or a report is written.
    let out_target = outside.path().join("eksport.csv");
    std::fs::write(&out_target, "udenfor").expect("write");
    std::os::unix::fs::symlink(&out_target, env.path("eksport.csv")).expect("symlink");
    let outside_before = tree(outside.path());

    for args in [
        &[
            "decide", "link", "-m", "Ny titel", "--by", "MED", "--set", "title=Ny",
        ][..],
        &["report", "link", "--record", "--by", "MED", "-m", "Sendt"],
        &["new", "ny", "--by", "MED"],
        &["export", PLAN, "--format", "csv", "--out", "eksport.csv"],
        &["report", PLAN, "--out", "eksport.csv", "--format", "md"],
    ] {
        let output = env.run_on("2024-10-01", args);
        assert!(
            !output.stderr.contains("panicked") && matches!(output.code, Some(0..=3)),
            "{args:?}:\n{output}"
        );
        assert_eq!(
            tree(outside.path()),
            outside_before,
            "{args:?} wrote through a symbolic link, outside the repository"
        );
    }
    assert!(
        !dangling.exists(),
        "new created a file outside the repository"
    );
    env.assert_fsck_clean();
}

#[test]
fn a_plan_file_linking_outside_is_never_read() {
    let (env, outside) = repo_with_linked_plan();
    let before = env.head();
    let outside_before = tree(outside.path());
    for args in [
        &["status", "--at", "2024-10-01"][..],
        &["status", "link", "--at", "2024-10-01"],
        &["validate", "--json"],
        &["export", "link", "--format", "json"],
        &["export", "link", "--format", "csv", "--out", "link.csv"],
        &["report", "link", "--format", "html"],
        &["decide", "link", "-m", "Overtaget", "--by", "MED"],
    ] {
        let output = env.run_on("2024-10-01", args);
        assert_not_leaked(&output, &format!("{args:?}"));
        assert_eq!(env.head(), before, "{args:?} recorded a decision");
    }
    if env.path("link.csv").exists() {
        let csv = String::from_utf8_lossy(&env.read("link.csv")).into_owned();
        assert!(!csv.contains(OUTSIDE_TITLE), "export wrote outside content");
    }
    assert_eq!(tree(outside.path()), outside_before);
}

#[test]
fn a_linked_plan_file_or_plans_folder_is_named_and_explained() {
    let (env, outside) = repo_with_linked_plan();
    // One error per command that names one plan.
    for args in [
        &["status", "link", "--lang", "en"][..],
        &["export", "link", "--format", "json", "--lang", "en"],
        &[
            "decide",
            "link",
            "-m",
            "Overtaget",
            "--by",
            "MED",
            "--lang",
            "en",
        ],
    ] {
        let output = env.run_on("2024-10-01", args);
        assert_eq!(output.code, Some(1), "{args:?}:\n{output}");
        assert!(
            output
                .stderr
                .starts_with("error: plans/link.json is a symbolic link;")
                && output
                    .stderr
                    .contains("hint: Replace the link with the file itself"),
            "{args:?}:\n{output}"
        );
    }
    // A finding for that file in a listing; the other plans are still read.
    let output = env.run(&["validate", "--json", "--lang", "en"]);
    assert_eq!(output.code, Some(1), "{output}");
    let json = output.json();
    assert_eq!(json["files"], 2, "{output}");
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        findings.len() == 1
            && findings[0]["file"] == "plans/link.json"
            && findings[0]["code"] == "symbolic-link",
        "the link is a finding, the other plan is read:\n{output}"
    );

    // plans/ itself a link: refused, naming it.
    std::fs::remove_file(env.path("plans/link.json")).expect("remove");
    let moved = outside.path().join("plans");
    std::fs::rename(env.path("plans"), &moved).expect("move plans/");
    std::os::unix::fs::symlink(&moved, env.path("plans")).expect("symlink");
    let output = env.run(&["status", "--lang", "en"]);
    assert_eq!(output.code, Some(3), "{output}");
    assert!(
        output.stderr.starts_with("error: The folder plans/ in ")
            && output.stderr.contains("is a symbolic link"),
        "{output}"
    );
}

#[test]
fn a_plans_folder_linking_outside_is_refused() {
    let env = TestEnv::repo_with_example_plan();
    let outside = tempfile::Builder::new()
        .prefix("backbrief-outside-")
        .tempdir()
        .expect("a temporary folder");
    // The committed plans/ moves outside; a link takes its place.
    let moved = outside.path().join("plans");
    std::fs::rename(env.path("plans"), &moved).expect("move plans/");
    std::os::unix::fs::symlink(&moved, env.path("plans")).expect("symlink");
    let before = env.head();
    let outside_before = tree(outside.path());
    for args in [
        &[
            "decide", PLAN, "-m", "Ny titel", "--by", "MED", "--set", "title=Ny",
        ][..],
        &["new", "ny", "--by", "MED"],
        &["report", PLAN, "--record", "--by", "MED", "-m", "Sendt"],
    ] {
        let output = env.run_on("2024-10-01", args);
        assert!(
            matches!(output.code, Some(1..=3)) && !output.stderr.contains("panicked"),
            "{args:?} is refused:\n{output}"
        );
        assert_eq!(env.head(), before, "{args:?} recorded a decision");
        assert_eq!(
            tree(outside.path()),
            outside_before,
            "{args:?} wrote outside the repository"
        );
    }
    for args in [&["status"][..], &["status", PLAN], &["validate"]] {
        let output = env.run_on("2024-10-01", args);
        assert!(
            matches!(output.code, Some(1..=3)) && output.stdout.is_empty(),
            "{args:?} reads plans outside the repository:\n{output}"
        );
    }
}

// ---------------------------------------------------------------------------
// No shell.
// ---------------------------------------------------------------------------

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("list src/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_source_starts_no_shell_and_only_known_programs() {
    let src = project_dir().join("src");
    let mut starts = Vec::new();
    let mut shells = Vec::new();
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).expect("read source");
        let shown = file
            .strip_prefix(&src)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for shell in [
                "Command::new(\"sh\"",
                "Command::new(\"bash\"",
                "Command::new(\"/bin/sh\"",
                "Command::new(\"cmd\"",
                "\"/bin/sh\"",
                "\"sh\"",
                "\"bash\"",
                "\"-c\"",
                "\"cmd.exe\"",
                "\"/C\"",
                "upload-pack",
                "receive-pack",
                "core.sshCommand",
                "GIT_SSH_COMMAND",
            ] {
                // The pager's environment as git sets it: `LV=-c` is the lv
                // pager's option to pass colours, not a shell's `-c`.
                let lv_option = shell == "\"-c\"" && code.contains(".env(\"LV\", \"-c\")");
                if code.contains(shell) && !lv_option {
                    shells.push(format!("{shown}:{}: {}", number + 1, line.trim()));
                }
            }
            if let Some(at) = code.find("Command::new(") {
                let program = code[at + "Command::new(".len()..]
                    .split(')')
                    .next()
                    .unwrap_or_default();
                starts.push(format!("{shown}: {program}"));
            }
        }
    }
    assert!(shells.is_empty(), "a shell in the source: {shells:#?}");
    // git for fetch and push (arguments, never a command line), the
    // signing programs git is configured with (the data on standard input),
    // the repository's own commit hooks, as git commit runs them (on
    // Windows through `git hook run`), and the pager `log` writes to on a
    // terminal (`BACKBRIEF_PAGER`/`PAGER`/`less`, split into a program and
    // its arguments, as the user's own setting), and git writing its
    // commit-graph with changed-path filters (fixed arguments).
    starts.sort();
    assert_eq!(
        starts,
        [
            "cli/pager.rs: program",
            "history/hooks.rs: \"git\"",
            "history/hooks.rs: path",
            "history/maintenance.rs: \"git\"",
            "history/sign.rs: program",
            "history/sync/transport.rs: \"git\"",
            "history/verify/signatures.rs: PROGRAM",
        ],
        "every program backbrief starts"
    );
}

#[test]
fn decision_text_with_shell_syntax_is_recorded_as_text() {
    let env = TestEnv::repo_with_example_plan();
    let marker = |n: u32| env.root().join(format!("shell-ran-{n}"));
    let summary = format!(
        "$(touch {}) `touch {}`; touch {} && echo",
        marker(1).display(),
        marker(2).display(),
        marker(3).display()
    );
    let by = format!("| touch {}", marker(4).display());
    let meeting = format!("'; touch {} #", marker(5).display());
    let value = format!("$(touch {})", marker(6).display());
    let set = format!("workshop-i-teams.owner={value}");
    env.run_on(
        "2024-10-01",
        &[
            "decide",
            PLAN,
            "-m",
            &summary,
            "--by",
            &by,
            "--meeting",
            &meeting,
            "--set",
            &set,
        ],
    )
    .expect_code(0);
    for n in 1..=6 {
        assert!(!marker(n).exists(), "a shell ran user text ({n})");
    }
    assert_eq!(env.git(&["log", "-1", "--format=%s"]).trim_end(), summary);
    let trailers = env.trailers("HEAD");
    assert!(
        trailers.contains(&format!("Decided-by: {by}")),
        "{trailers}"
    );
    assert!(
        trailers.contains(&format!("Meeting: {meeting}")),
        "{trailers}"
    );
    let plan = String::from_utf8(env.read("plans/arbejdsplads-1.json")).expect("UTF-8");
    assert!(plan.contains(&format!("\"owner\": \"{value}\"")));
}

#[test]
fn a_sync_remote_is_never_an_option_for_git() {
    // git runs the program of --upload-pack and --receive-pack through a
    // shell; a remote that starts with a dash must not become one.
    let env = TestEnv::repo_with_example_plan();
    let before = repo_state(&env);
    let marker = |n: u32| env.root().join(format!("shell-ran-{n}"));
    for (n, remote) in [
        (
            1,
            format!("--upload-pack=touch {};false:x", marker(1).display()),
        ),
        (
            2,
            format!("--receive-pack=touch {};false:x", marker(2).display()),
        ),
        (3, format!("-u touch {}:x", marker(3).display())),
        (4, format!("--upload-pack=touch {} #", marker(4).display())),
        // git's ext:: transport runs a command; git refuses it unless the
        // user allows it, and backbrief must not allow it.
        (5, format!("ext::sh -c touch% {}", marker(5).display())),
    ] {
        let output = env.run_on("2024-10-01", &["sync", "--", &remote]);
        assert!(
            !marker(n).exists(),
            "sync {remote:?} ran a shell:\n{output}"
        );
        assert!(
            matches!(output.code, Some(2 | 3)) && !output.stderr.contains("panicked"),
            "sync {remote:?} is refused:\n{output}"
        );
        assert_eq!(repo_state(&env), before);
    }
}

// ---------------------------------------------------------------------------
// Templates.
// ---------------------------------------------------------------------------

#[test]
fn templates_are_built_in_and_never_read_from_a_path() {
    let env = TestEnv::repo();
    let before = repo_state(&env);
    for template in [
        "../../etc/passwd",
        "/etc/passwd",
        "../templates/backbrief.json",
        "templates/backbrief",
        "backbrief.json",
        "./backbrief",
    ] {
        let output = env.run_on(
            "2024-10-01",
            &["new", "ny", "--template", template, "--by", "MED"],
        );
        assert_eq!(output.code, Some(2), "--template {template}:\n{output}");
        assert!(
            output.stderr.starts_with(&format!(
                "fejl: Der er ingen skabelon, der hedder \"{template}\"."
            )),
            "--template {template}:\n{output}"
        );
        assert!(
            !output.stderr.contains("root:"),
            "--template {template}: read a file"
        );
        assert_eq!(repo_state(&env), before);
        assert!(!env.path("plans/ny.json").exists());
    }
    // The templates and the report's page are compiled into the binary: no
    // source file reads templates/ at run time, nor gives minijinja a loader.
    let src = project_dir().join("src");
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).expect("read source");
        for (number, line) in text.lines().enumerate() {
            let place = format!("{}:{}", file.display(), number + 1);
            if line.contains("templates/") {
                assert!(
                    line.contains("include_str!(") || line.trim_start().starts_with("//"),
                    "{place}: templates/ used at run time: {line}"
                );
            }
            assert!(
                !line.contains("set_loader") && !line.contains("path_loader"),
                "{place}: a template loader: {line}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Huge plan files.
// ---------------------------------------------------------------------------

/// Writes `plans/<id>.json` of `size` bytes: a plan whose title is one very
/// long string (valid JSON, just far too big).
fn write_huge_plan(env: &TestEnv, id: &str, size: u64) {
    let head = format!("{{\"format\": 1, \"id\": \"{id}\", \"main_task\": \"x\", \"title\": \"");
    let tail = "\", \"phases\": [], \"reporting\": []}\n";
    let file = std::fs::File::create(env.path(&format!("plans/{id}.json"))).expect("create");
    let mut out = std::io::BufWriter::new(file);
    out.write_all(head.as_bytes()).expect("write");
    let chunk = vec![b'a'; MB as usize];
    let mut left = size - head.len() as u64 - tail.len() as u64;
    while left > 0 {
        let n = left.min(MB);
        out.write_all(&chunk[..n as usize]).expect("write");
        left -= n;
    }
    out.write_all(tail.as_bytes()).expect("write");
    out.flush().expect("flush");
}

/// Asserts that a huge plan was refused quickly, in little memory, with the
/// sentence that says why.
#[track_caller]
fn assert_refused_unread(measured: &(Output, Duration, Option<u64>), args: &[&str], budget: u64) {
    let (output, elapsed, rss) = measured;
    assert!(
        !output.stderr.contains("panicked") && matches!(output.code, Some(1)),
        "{args:?} refuses the plan:\n{output}"
    );
    // validate and decide say why; the other commands name the plan as
    // invalid and send the user to validate for the why.
    let text = format!("{}{}", output.stdout, output.stderr);
    assert!(
        text.contains("backbrief læser højst 8 MB") || text.contains("`backbrief validate"),
        "{args:?} says the file is too large, or where to see why:\n{output}"
    );
    assert!(
        rss.is_none_or(|rss| rss < budget),
        "{args:?} used {} of memory (budget {} MB)",
        megabytes(*rss),
        budget / MB
    );
    assert!(
        *elapsed < Duration::from_secs(10),
        "{args:?} took {elapsed:?}"
    );
}

#[test]
fn a_200_mb_plan_file_is_refused_unread() {
    let env = TestEnv::repo_with_example_plan();
    write_huge_plan(&env, "kaempe", 200 * MB);
    let before = env.head();
    let mut report = Vec::new();
    for args in [
        &["validate"][..],
        &["validate", "plans/kaempe.json"],
        &["status", "--at", "2024-10-01"],
        &["status", "kaempe", "--at", "2024-10-01"],
        &["export", "kaempe", "--format", "json"],
        &["report", "kaempe"],
        &["decide", "kaempe", "-m", "Overtaget", "--by", "MED"],
    ] {
        let measured = run_measured(&env, args);
        assert_refused_unread(&measured, args, 64 * MB);
        report.push(format!(
            "{}: {:?}, {}",
            args.join(" "),
            measured.1,
            megabytes(measured.2)
        ));
    }
    assert_eq!(env.head(), before, "nothing recorded");
    eprintln!("a 200 MB plan file: {report:#?}");
}

/// A plan with `count` subtasks in one phase, each `{"id","title","status"}`
/// with a title of `pad` extra characters; pretty-printed or compact.
fn plan_with_many_subtasks(id: &str, count: usize, pad: usize, pretty: bool) -> String {
    let title = format!("U{}", "x".repeat(pad));
    let subtasks: Vec<serde_json::Value> = (0..count)
        .map(|n| serde_json::json!({"id": format!("s-{n}"), "title": title, "status": "planned"}))
        .collect();
    let plan = serde_json::json!({
        "format": 1,
        "id": id,
        "title": "Stor plan",
        "main_task": "Mange underopgaver.",
        "phases": [{
            "id": "fase-1",
            "title": "Fase 1",
            "period": "2024-autumn",
            "subtasks": subtasks
        }],
        "reporting": []
    });
    let mut text = if pretty {
        serde_json::to_string_pretty(&plan)
    } else {
        serde_json::to_string(&plan)
    }
    .expect("JSON");
    text.push('\n');
    text
}

#[test]
fn a_plan_with_100000_subtasks_is_refused_over_the_limit_and_read_under_it() {
    const SUBTASKS: usize = 100_000;
    const LIMIT: usize = 8 * 1024 * 1024;
    let env = TestEnv::repo_with_example_plan();

    // Pretty-printed, as backbrief writes plans: about 10 MB, over the limit.
    let over = plan_with_many_subtasks("over", SUBTASKS, 0, true);
    assert!(
        over.len() > LIMIT && over.len() < 20 * LIMIT,
        "{}",
        over.len()
    );
    env.plan("over", &over);
    let before = env.head();
    let mut report = Vec::new();
    for args in [
        &["validate", "plans/over.json"][..],
        &["status", "over", "--at", "2024-10-01"],
        &["decide", "over", "-m", "Overtaget", "--by", "MED"],
    ] {
        let measured = run_measured(&env, args);
        assert_refused_unread(&measured, args, 64 * MB);
        report.push(format!(
            "{}: {:?}, {}",
            args.join(" "),
            measured.1,
            megabytes(measured.2)
        ));
    }
    assert_eq!(env.head(), before, "nothing recorded");
    std::fs::remove_file(env.path("plans/over.json")).expect("remove");

    // Compact, with titles padded to just under the limit: read and valid.
    let base = plan_with_many_subtasks("under", SUBTASKS, 0, false).len();
    let pad = (LIMIT - base - 1) / SUBTASKS;
    let under = plan_with_many_subtasks("under", SUBTASKS, pad, false);
    assert!(
        under.len() <= LIMIT && under.len() > LIMIT - SUBTASKS,
        "{}",
        under.len()
    );
    env.plan("under", &under);
    let args = ["validate", "plans/under.json"];
    let (output, elapsed, rss) = run_measured(&env, &args);
    assert_eq!(output.code, Some(0), "{output}");
    assert!(output.stdout.contains("ingen problemer"), "{output}");
    // Bounded: a small multiple of the 8 MB the file may have.
    assert!(
        rss.is_none_or(|rss| rss < 512 * MB),
        "validate used {}",
        megabytes(rss)
    );
    report.push(format!(
        "{}: {elapsed:?}, {}",
        args.join(" "),
        megabytes(rss)
    ));

    // Recorded as it is (with git, to save time), a change to it would be
    // written pretty-printed, over the limit: refused, nothing recorded.
    env.git(&["add", "plans/under.json"]);
    env.git(&[
        "commit",
        "-q",
        "-m",
        "Stor plan\n\nPlan: under\nDecided-by: MED",
    ]);
    let before = env.head();
    let args = [
        "decide", "under", "-m", "Ny titel", "--by", "MED", "--set", "title=Ny",
    ];
    let (output, elapsed, rss) = run_measured(&env, &args);
    assert_eq!(output.code, Some(1), "{output}");
    assert!(
        output.stderr.contains("backbrief læser højst 8 MB"),
        "says the result would be too large:\n{output}"
    );
    assert_eq!(env.head(), before, "nothing recorded");
    assert_eq!(env.porcelain(), "");
    assert!(
        rss.is_none_or(|rss| rss < 1024 * MB),
        "decide used {}",
        megabytes(rss)
    );
    report.push(format!(
        "{}: {elapsed:?}, {}",
        args.join(" "),
        megabytes(rss)
    ));
    eprintln!("100,000 subtasks: {report:#?}");
}
