//! The test environment: a temporary plans folder, and the `backbrief` binary
//! run in it with a pinned environment, its output made comparable.
//!
//! ```ignore
//! let env = TestEnv::new();
//! env.plan("x", r#"{ "format": 1, ... }"#);
//! let output = env.run(&["validate"]);
//! insta::assert_snapshot!(output, @"...");
//! ```

pub mod committee;
pub mod git_http;
pub mod oidc;
pub mod tls_proxy;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// The project's root folder (where `Cargo.toml`, `plans/` and `tests/` are).
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of the fixtures in `tests/fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    project_dir().join("tests").join("fixtures")
}

/// A minimal valid plan with this id: one phase in autumn 2024 with one
/// subtask due October 2024, and no reporting. Used as the starting point of
/// the generated cases (it is the same plan the fixtures were made from).
pub fn minimal_plan(id: &str) -> String {
    format!(
        r#"{{
  "format": 1,
  "id": "{id}",
  "title": "Lille plan",
  "main_task": "At prøve validate af.",
  "phases": [
    {{
      "id": "fase-1",
      "title": "Fase 1",
      "period": "2024-autumn",
      "subtasks": [
        {{
          "id": "moede",
          "title": "Møde i MED",
          "status": "planned",
          "due": "2024-10"
        }}
      ]
    }}
  ],
  "reporting": []
}}
"#
    )
}

/// A temporary folder the binary runs in (through `-C`). It is also `HOME`,
/// so nothing outside it is read or written on purpose.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    /// A folder with an empty `plans/` in it.
    pub fn new() -> TestEnv {
        let env = TestEnv::without_plans();
        fs::create_dir(env.root().join("plans")).expect("create plans/");
        env
    }

    /// An empty folder: no `plans/`.
    pub fn without_plans() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("backbrief-test-")
            .tempdir()
            .expect("create a temporary folder");
        TestEnv { dir }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes `bytes` to `relative` (making folders as needed); returns the path.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, bytes).expect("write file");
        path
    }

    /// Writes `plans/<id>.json` with this text.
    pub fn plan(&self, id: &str, json: &str) -> PathBuf {
        self.plan_bytes(id, json)
    }

    /// Writes `plans/<id>.json` with these exact bytes.
    pub fn plan_bytes(&self, id: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        self.write(&format!("plans/{id}.json"), bytes)
    }

    /// Copies a plan of the project's own `plans/` (e.g. `arbejdsplads-1`).
    pub fn example_plan(&self, id: &str) -> PathBuf {
        let source = project_dir().join("plans").join(format!("{id}.json"));
        self.plan_bytes(id, fs::read(&source).expect("read example plan"))
    }

    /// Copies `tests/fixtures/invalid/<name>.json` to `plans/<name>.json`.
    pub fn invalid_fixture(&self, name: &str) -> PathBuf {
        let source = fixtures_dir().join("invalid").join(format!("{name}.json"));
        self.plan_bytes(name, fs::read(&source).expect("read fixture"))
    }

    /// The bytes of a file in the folder.
    pub fn read(&self, relative: &str) -> Vec<u8> {
        fs::read(self.path(relative)).expect("read file")
    }

    /// Every file under the folder, relative and sorted, one per line.
    pub fn files(&self) -> String {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            for entry in fs::read_dir(dir).expect("list folder") {
                let path = entry.expect("folder entry").path();
                if path.is_dir() {
                    out.push(format!("{}/", relative(&path, root)));
                    walk(&path, root, out);
                } else {
                    out.push(relative(&path, root));
                }
            }
        }
        fn relative(path: &Path, root: &Path) -> String {
            path.strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/")
        }
        let mut out = Vec::new();
        walk(self.root(), self.root(), &mut out);
        out.sort();
        out.join("\n")
    }

    /// The binary, with a pinned environment, and `-C <folder>` as its first
    /// arguments. Add arguments and run it with [`TestEnv::run_command`].
    pub fn command(&self) -> assert_cmd::Command {
        let mut command = self.command_without_dir();
        command.arg("-C").arg(self.root());
        command
    }

    /// The binary with the pinned environment, started in the folder, with no
    /// `-C` (to test `-C` itself).
    pub fn command_without_dir(&self) -> assert_cmd::Command {
        let mut command = assert_cmd::Command::cargo_bin("backbrief").expect("built binary");
        for name in [
            "COLUMNS",
            "LINES",
            "LC_ALL",
            "LC_MESSAGES",
            "LANGUAGE",
            "BACKBRIEF_LANG",
            "CLICOLOR",
            "CLICOLOR_FORCE",
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_CONFIG_GLOBAL",
        ] {
            command.env_remove(name);
        }
        command
            .env("NO_COLOR", "1")
            .env("LANG", "C")
            .env("TZ", "UTC")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.root())
            .env("XDG_CONFIG_HOME", self.root().join(".config"))
            .env("RUST_BACKTRACE", "0")
            .current_dir(self.root());
        command
    }

    /// Runs the binary with these arguments (after `-C <folder>`).
    pub fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command();
        command.args(args);
        self.run_command(command)
    }

    /// Runs a command made by [`TestEnv::command`].
    pub fn run_command(&self, mut command: assert_cmd::Command) -> Output {
        let output = command.output().expect("run backbrief");
        Output {
            stdout: self.redact(&String::from_utf8_lossy(&output.stdout)),
            stderr: self.redact(&String::from_utf8_lossy(&output.stderr)),
            code: output.status.code(),
        }
    }

    /// Replaces the temporary folder's path by `[ROOT]`.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        let mut roots = vec![self.root().to_path_buf()];
        if let Ok(canonical) = self.root().canonicalize() {
            roots.insert(0, canonical);
        }
        for root in roots {
            text = text.replace(&root.to_string_lossy().into_owned(), "[ROOT]");
        }
        text
    }
}

/// What a run printed, and how it ended.
#[derive(Debug, Clone)]
pub struct Output {
    /// Standard output, with the folder's path redacted.
    pub stdout: String,
    /// Standard error, with the folder's path redacted.
    pub stderr: String,
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
}

impl Output {
    /// Asserts the exit code and that nothing panicked; returns self.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Output {
        assert!(
            !self.stderr.contains("panicked") && !self.stdout.contains("panicked"),
            "backbrief panicked:\n{self}"
        );
        assert_eq!(self.code, Some(code), "unexpected exit code:\n{self}");
        self
    }

    /// Standard output parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{self}"))
    }
}

/// Like a terminal session: standard output, then standard error (when there
/// is any), then the exit status.
impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stdout)?;
        if !self.stdout.is_empty() && !self.stdout.ends_with('\n') {
            f.write_str("\n")?;
        }
        if !self.stderr.is_empty() {
            f.write_str("------- stderr -------\n")?;
            f.write_str(&self.stderr)?;
            if !self.stderr.ends_with('\n') {
                f.write_str("\n")?;
            }
        }
        match self.code {
            Some(code) => write!(f, "[exit status: {code}]"),
            None => f.write_str("[killed by a signal]"),
        }
    }
}

// ---------------------------------------------------------------------------
// Plans repositories: decisions in git.
// ---------------------------------------------------------------------------

/// Who records decisions in the tests (git's author and committer), unless a
/// test says otherwise.
pub const SECRETARY: Recorder = Recorder {
    name: "Sekretær Sofie",
    email: "sofie@example.dk",
};

/// A person who records decisions: git's `user.name` and `user.email`.
#[derive(Debug, Clone, Copy)]
pub struct Recorder {
    /// The name (`GIT_AUTHOR_NAME`, `GIT_COMMITTER_NAME`).
    pub name: &'static str,
    /// The e-mail address.
    pub email: &'static str,
}

impl Recorder {
    /// `Name <email>`, as git and `backbrief log --json` write an author.
    pub fn signature(&self) -> String {
        format!("{} <{}>", self.name, self.email)
    }
}

/// The moment a command runs, as `GIT_AUTHOR_DATE` takes it: a day
/// (`2024-09-12`) means 10:00 UTC that day; anything else is passed on.
pub fn git_date(when: &str) -> String {
    if when.len() == 10 {
        format!("{when}T10:00:00+00:00")
    } else {
        when.to_string()
    }
}

impl TestEnv {
    /// A plans repository made by `backbrief init` in the folder on
    /// 2024-09-01 by [`SECRETARY`]: `plans/` holds no plan yet.
    pub fn repo() -> TestEnv {
        let env = TestEnv::without_plans();
        env.run_on("2024-09-01", &["init"]).expect_code(0);
        env
    }

    /// [`TestEnv::repo`] with the example plan `arbejdsplads-1` (copied from
    /// the project's `plans/`) recorded as it is, decided by Lokal-MED on
    /// 2024-09-02 and recorded by [`SECRETARY`].
    pub fn repo_with_example_plan() -> TestEnv {
        let env = TestEnv::repo();
        env.example_plan("arbejdsplads-1");
        env.run_on(
            "2024-09-02",
            &[
                "decide",
                "arbejdsplads-1",
                "-m",
                "Backbriefen fra arbejdsplads 1 vedtaget",
                "--by",
                "Lokal-MED",
                "--meeting",
                "MED-møde 2. september 2024",
            ],
        )
        .expect_code(0);
        env
    }

    /// [`TestEnv::command`] with git's identity and clock pinned: `who`
    /// records at `when` (see [`git_date`]).
    pub fn command_as(&self, who: Recorder, when: &str) -> assert_cmd::Command {
        let mut command = self.command();
        pin_git(&mut command, who, when);
        command
    }

    /// Runs the binary as [`SECRETARY`] at `when`.
    pub fn run_on(&self, when: &str, args: &[&str]) -> Output {
        self.run_as(SECRETARY, when, args)
    }

    /// Runs the binary as `who` at `when`.
    pub fn run_as(&self, who: Recorder, when: &str, args: &[&str]) -> Output {
        let mut command = self.command_as(who, when);
        command.args(args);
        self.run_command(command)
    }

    /// git in the folder, with the same pinned environment as the binary
    /// ([`SECRETARY`] at 2024-09-01 unless the caller overrides it).
    pub fn git_command(&self) -> std::process::Command {
        let mut command = std::process::Command::new("git");
        for name in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_CONFIG_GLOBAL",
            "EMAIL",
        ] {
            command.env_remove(name);
        }
        command
            .env("NO_COLOR", "1")
            .env("LANG", "C")
            .env("LC_ALL", "C")
            .env("TZ", "UTC")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.root())
            .env("XDG_CONFIG_HOME", self.root().join(".config"))
            .env("GIT_AUTHOR_NAME", SECRETARY.name)
            .env("GIT_AUTHOR_EMAIL", SECRETARY.email)
            .env("GIT_COMMITTER_NAME", SECRETARY.name)
            .env("GIT_COMMITTER_EMAIL", SECRETARY.email)
            .env("GIT_AUTHOR_DATE", git_date("2024-09-01"))
            .env("GIT_COMMITTER_DATE", git_date("2024-09-01"))
            .current_dir(self.root());
        command
    }

    /// Runs git with these arguments; panics unless it succeeds. Returns its
    /// standard output.
    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        let output = self.git_command().args(args).output().expect("run git");
        assert!(
            output.status.success(),
            "git {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The full id of the commit HEAD points at (`unborn` when there is none).
    pub fn head(&self) -> String {
        let output = self
            .git_command()
            .args(["rev-parse", "--verify", "-q", "HEAD"])
            .output()
            .expect("run git");
        if output.status.success() {
            String::from_utf8_lossy(&output.stdout).trim().to_string()
        } else {
            "unborn".to_string()
        }
    }

    /// `git status --porcelain` (untracked files included).
    pub fn porcelain(&self) -> String {
        self.git(&["status", "--porcelain", "--untracked-files=all"])
    }

    /// The trailers of a commit's message, as `git interpret-trailers
    /// --parse` reads them.
    pub fn trailers(&self, commit: &str) -> String {
        let message = self.git(&["log", "-1", "--format=%B", commit]);
        let mut child = self
            .git_command()
            .args(["interpret-trailers", "--parse"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("run git interpret-trailers");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(message.as_bytes()).expect("write message");
        }
        let output = child.wait_with_output().expect("git interpret-trailers");
        assert!(output.status.success(), "git interpret-trailers failed");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Asserts that `git fsck --full --strict` finds nothing wrong.
    #[track_caller]
    pub fn assert_fsck_clean(&self) {
        let output = self
            .git_command()
            .args(["fsck", "--full", "--strict", "--no-dangling"])
            .output()
            .expect("run git fsck");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && stdout.trim().is_empty() && stderr.trim().is_empty(),
            "git fsck:\n{stdout}{stderr}"
        );
    }
}

/// Pins git's identity and clock for a run of the binary.
pub fn pin_git(command: &mut assert_cmd::Command, who: Recorder, when: &str) {
    let when = git_date(when);
    command
        .env_remove("EMAIL")
        .env("GIT_AUTHOR_NAME", who.name)
        .env("GIT_AUTHOR_EMAIL", who.email)
        .env("GIT_COMMITTER_NAME", who.name)
        .env("GIT_COMMITTER_EMAIL", who.email)
        .env("GIT_AUTHOR_DATE", &when)
        .env("GIT_COMMITTER_DATE", &when);
}

/// The same command as a `std::process::Command`, to start it without
/// waiting (concurrent runs, killing it midway).
pub fn spawnable(command: &assert_cmd::Command) -> std::process::Command {
    let mut process = std::process::Command::new(command.get_program());
    process.args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => process.env(key, value),
            None => process.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        process.current_dir(dir);
    }
    process
}

/// `text` with every commit id (7 to 40 lower-case hex digits standing
/// alone) replaced: a short id (7 digits, as tables show them) by `[SHORT]`,
/// which keeps table columns aligned, and any other by `[COMMIT]`.
pub fn redact_commits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let is_id = (7..=40).contains(&word.len())
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        out.push_str(match (is_id, word.len()) {
            (true, 7) => "[SHORT]",
            (true, _) => "[COMMIT]",
            (false, _) => word.as_str(),
        });
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

impl Output {
    /// The same output with commit ids redacted (see [`redact_commits`]).
    pub fn redact_commits(self) -> Output {
        Output {
            stdout: redact_commits(&self.stdout),
            stderr: redact_commits(&self.stderr),
            code: self.code,
        }
    }
}

/// `git daemon` serving the repositories under a folder on 127.0.0.1, with
/// pushing allowed; stopped when dropped. `git-daemon` is started itself,
/// not through `git daemon`: killing the `git` in front of it would leave
/// the daemon running after the test.
pub struct GitDaemon {
    child: std::process::Child,
    port: u16,
}

impl GitDaemon {
    pub fn serve(base: &Path) -> GitDaemon {
        use std::time::{Duration, Instant};
        let exec_path = std::process::Command::new("git")
            .arg("--exec-path")
            .output()
            .expect("git --exec-path");
        let exec_path = String::from_utf8_lossy(&exec_path.stdout)
            .trim()
            .to_string();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let mut child = std::process::Command::new(Path::new(&exec_path).join("git-daemon"));
        for name in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_CONFIG_GLOBAL",
        ] {
            child.env_remove(name);
        }
        let child = child
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", base)
            .current_dir(base)
            .args(["--export-all", "--enable=receive-pack", "--reuseaddr"])
            .args(["--informative-errors", "--listen=127.0.0.1"])
            .arg(format!("--port={port}"))
            .arg(format!("--base-path={}", base.display()))
            .arg(base)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start git-daemon");
        let daemon = GitDaemon { child, port };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "git daemon did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        daemon
    }

    /// The URL of a repository `name` under the served folder.
    pub fn url(&self, name: &str) -> String {
        format!("git://127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for GitDaemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A history of commits on main written at once by `git fast-import` (a
/// long history in a moment): each by the secretary, a minute after the one
/// before (pinned dates from 2024-08-30), the first following HEAD.
pub struct FastHistory {
    stream: String,
    parent: String,
    count: u64,
}

impl FastHistory {
    pub fn after_head_of(env: &TestEnv) -> FastHistory {
        FastHistory {
            stream: String::new(),
            parent: env.head(),
            count: 0,
        }
    }

    /// A commit with this message that writes these files.
    pub fn commit(&mut self, message: &str, files: &[(&str, &str)]) {
        let time = 1_725_000_000 + self.count * 60;
        self.stream.push_str(&format!(
            "commit refs/heads/main\ncommitter {} <{}> {time} +0000\ndata {}\n{message}",
            SECRETARY.name,
            SECRETARY.email,
            message.len()
        ));
        if self.count == 0 {
            self.stream.push_str(&format!("from {}\n", self.parent));
        }
        for (path, text) in files {
            self.stream.push_str(&format!(
                "M 100644 inline {path}\ndata {}\n{text}\n",
                text.len()
            ));
        }
        self.count += 1;
    }

    /// A decision on `plan` by Lokal-MED, summed up as `summary`.
    pub fn decision(&mut self, plan: &str, summary: &str, files: &[(&str, &str)]) {
        let message =
            format!("{summary}\n\nPlan: {plan}\nDecided-by: Lokal-MED\nDecided-on: 2024-09-02\n");
        self.commit(&message, files);
    }

    /// Writes the history into the repository and checks out `main` as it
    /// left it.
    #[track_caller]
    pub fn import_into(mut self, env: &TestEnv) {
        use std::io::Write;
        self.stream.push_str("done\n");
        let mut git = env.git_command();
        git.args(["fast-import", "--quiet", "--done", "--force"])
            .stdin(std::process::Stdio::piped());
        let mut child = git.spawn().expect("git fast-import");
        child
            .stdin
            .take()
            .expect("its input")
            .write_all(self.stream.as_bytes())
            .expect("the stream");
        assert!(child.wait().expect("git fast-import ends").success());
        env.git(&["reset", "--hard", "-q", "main"]);
    }
}

/// Whether the outside tool a test needs is here. When it is not, the test
/// is skipped with a line on standard error that names the tool and how to
/// install it — except under `CI=true`, where a missing tool fails the test:
/// `.ci/run` installs every tool the tests use, so a skip there would be a
/// check that silently did not run.
pub fn tool_present(test: &str, tool: &str, present: bool, install: &str) -> bool {
    if present {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|value| value.eq_ignore_ascii_case("true"));
    assert!(
        !ci,
        "{test} needs {tool}, which is not installed ({install}); under CI=true a \
         missing tool fails the test instead of skipping it"
    );
    // Written to standard error directly, past the test harness's capture,
    // so that the skip shows in every run.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {tool} is not installed ({install}; .ci/run does)."
    );
    false
}

/// A folder of bare repositories with `committee.git`: pushes allowed over
/// HTTP (git http-backend refuses them unless told: the server
/// authenticates the pusher itself) and backbrief's pre-receive hook
/// installed, as a municipality's git server has it.
pub fn committee_folder() -> TestEnv {
    let env = TestEnv::without_plans();
    env.git(&["init", "-q", "--bare", "-b", "main", "committee.git"]);
    env.git(&[
        "--git-dir",
        "committee.git",
        "config",
        "http.receivepack",
        "true",
    ]);
    env.run(&["hook", "install", "committee.git"])
        .expect_code(0);
    env
}

/// The commit `main` of `committee.git` in `folder`.
pub fn main_on_server(folder: &TestEnv) -> String {
    folder
        .git(&["--git-dir", "committee.git", "rev-parse", "main"])
        .trim()
        .to_string()
}
