//! The repository, the git server's side and the git commands the pages
//! are compared with.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::Settings;
use crate::load::{Kind, percentiles};

/// The git command that reads what each page shows, timed on the clone
/// (p50 of 5 runs, ms).
pub fn git_counterparts(clone: &Path, plan: &str) -> Vec<(Kind, String, f64)> {
    let file = format!("plans/{plan}.json");
    let show = format!("HEAD:{file}");
    let cases: [(Kind, Vec<&str>); 5] = [
        (Kind::Overview, vec!["ls-tree", "HEAD", "plans/"]),
        (Kind::Plan, vec!["show", &show]),
        (Kind::Decisions, vec!["log", "--", &file]),
        (Kind::Blame, vec!["blame", "--", &file]),
        (Kind::Report, vec!["log", "-p", "--", &file]),
    ];
    cases
        .into_iter()
        .map(|(kind, args)| {
            let times = (0..5)
                .map(|_| {
                    let started = Instant::now();
                    let _ = Command::new("git")
                        .args(&args)
                        .current_dir(clone)
                        .env("GIT_CONFIG_NOSYSTEM", "1")
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status();
                    started.elapsed()
                })
                .collect();
            let (p50, _, _) = percentiles(times);
            (kind, format!("git {}", args.join(" ")), p50)
        })
        .collect()
}

/// The history to serve: given, or made once by `generate_history`.
pub fn history(project: &Path, settings: &Settings) -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("COMMITTEE_LOAD_HISTORY") {
        return Ok(PathBuf::from(dir));
    }
    let dir = project.join(format!(
        "target/committee-load/history-{}-{}",
        settings.plans, settings.decisions
    ));
    if !dir.join(".git").exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(project)
            .args(["bench", "--quiet", "--bench", "generate_history", "--"])
            .args(["--plans", &settings.plans.to_string()])
            .args(["--decisions", &settings.decisions.to_string()])
            .arg("--force")
            .arg("--out")
            .arg(&dir)
            .status()
            .map_err(|e| format!("cargo bench --bench generate_history: {e}"))?;
        if !status.success() {
            return Err(format!("generate_history failed ({status})"));
        }
    }
    Ok(dir)
}

/// The plans' ids in the clone, sorted.
pub fn plan_ids(clone: &Path) -> Result<Vec<String>, String> {
    let mut ids: Vec<String> = std::fs::read_dir(clone.join("plans"))
        .map_err(|e| format!("plans/: {e}"))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            entry
                .file_name()
                .to_str()
                .and_then(|name| name.strip_suffix(".json"))
                .map(str::to_string)
        })
        .collect();
    ids.sort();
    Ok(ids)
}

/// The server's peak resident memory (`VmHWM`, KiB).
pub fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

pub fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("a free port: {e}"))
}

pub fn path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A command with a pinned identity and no user's configuration.
pub fn env(mut command: Command, home: &Path) -> Command {
    command
        .env("GIT_AUTHOR_NAME", "Sekretær")
        .env("GIT_AUTHOR_EMAIL", "sekretaer@example.dk")
        .env("GIT_COMMITTER_NAME", "Sekretær")
        .env("GIT_COMMITTER_EMAIL", "sekretaer@example.dk")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env_remove("RUST_LOG");
    command
}

pub fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = env(Command::new("git"), dir)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("git: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("git {args:?} failed"))
}

pub fn git_output(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = env(Command::new("git"), dir)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .ok_or_else(|| format!("git {args:?} failed"))
}

pub fn rev_parse(dir: &Path, what: &str) -> Result<String, String> {
    git_output(dir, &["rev-parse", what])
}

pub fn count_commits(bare: &Path) -> Result<usize, String> {
    git_output(bare, &["rev-list", "--count", "main"])?
        .parse()
        .map_err(|_| "rev-list --count".into())
}

pub fn backbrief(binary: &Path, home: &Path, dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = env(Command::new(binary), home)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("backbrief: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("backbrief {args:?} failed"))
}
