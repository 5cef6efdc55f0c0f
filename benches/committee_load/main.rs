//! A load test of the committee's server (`backbrief serve --config`): many
//! readers loading pages while secretaries record decisions, on a large
//! history, with the git server as the source of truth.
//!
//! ```text
//! cargo build --release
//! [COMMITTEE_LOAD_PLANS=1000] [COMMITTEE_LOAD_DECISIONS=100000] \
//! [COMMITTEE_LOAD_SECONDS=60] [COMMITTEE_LOAD_READERS=50] [COMMITTEE_LOAD_SECRETARIES=5] \
//! [COMMITTEE_LOAD_THINK_MS=0] [COMMITTEE_LOAD_COLD=1] [COMMITTEE_LOAD_HISTORY=DIR] [COMMITTEE_LOAD_BINARY=target/release/backbrief] \
//! [COMMITTEE_LOAD_DIRECT=1] \
//!   cargo bench --bench committee_load
//! ```
//!
//! The history is a repository made by `generate_history` (N plans, M
//! decisions): `COMMITTEE_LOAD_HISTORY`, else
//! `target/committee-load/history-N-M`, made with
//! `cargo bench --bench generate_history` when it is not there yet and
//! reused afterwards (it is only read). From it the benchmark makes a bare
//! repository with backbrief's pre-receive hook, served over smart HTTP by
//! nginx + `git http-backend` with basic authentication, and a clone of it
//! for the committee's server, with its commit-graph and changed-path
//! filters written as the server's upkeep keeps them; the server (token
//! mode, on loopback) runs
//! behind nginx with TLS as a municipality's reverse proxy
//! (`COMMITTEE_LOAD_DIRECT=1`: without the proxy).
//!
//! The load begins when the server has done its upkeep after the start
//! (it logs "history kept ready"), as on a server that has run for a while;
//! `COMMITTEE_LOAD_COLD=1`: at once.
//!
//! For the given seconds, the readers load pages in turn (each reading a
//! page for `COMMITTEE_LOAD_THINK_MS`, half to one and a half times that,
//! before the next; 0: at once, as fast as the server answers) — the committees
//! (`/`), the repository's overview, a plan, its decisions, who set what
//! (blame), its report — for plans picked at random, while each secretary
//! records decisions on plans of its own (status form, the plan page again,
//! decision form; each decision pushed to the git server at once). It
//! prints p50/p95/max per page beside the time of the git command that
//! reads the same (measured just before the load, on the same clone),
//! errors, the decisions recorded and how many of them are on the git
//! server afterwards, whether `backbrief verify` accepts the history, and
//! the server's peak resident memory. Exit 1 when an answer failed, a
//! recorded decision is not on the git server, or verify complains.
//! Network on loopback only; every loop ends at the deadline.

#[allow(dead_code)]
#[path = "../../tests/common/git_http.rs"]
mod git_http;
#[allow(dead_code)]
#[path = "../../tests/common/tls_proxy.rs"]
mod tls_proxy;

mod load;
mod setup;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use git_http::GitHttpServer;
use load::{Kind, NAME, Tally, load, percentiles};
use setup::{
    backbrief, count_commits, env, free_port, git, git_counterparts, history, path, peak_rss,
    plan_ids, rev_parse,
};
use tls_proxy::TlsProxy;

/// What the test helpers call when a tool is missing.
fn tool_present(_test: &str, tool: &str, present: bool, install: &str) -> bool {
    if !present {
        eprintln!("committee_load: {tool} missing ({install})");
    }
    present
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("committee_load: {message}");
            ExitCode::from(2)
        }
    }
}

/// The scale, from the environment.
struct Settings {
    plans: usize,
    decisions: usize,
    seconds: u64,
    readers: usize,
    secretaries: usize,
    /// How long a reader reads a page before the next (0: at once).
    think_ms: u64,
    /// Load at once after the start, not once the server's upkeep is done.
    cold: bool,
    direct: bool,
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(format!("COMMITTEE_LOAD_{name}"))
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn run() -> Result<bool, String> {
    let settings = Settings {
        plans: setting("PLANS", 1000),
        decisions: setting("DECISIONS", 100_000),
        seconds: setting("SECONDS", 60) as u64,
        readers: setting("READERS", 50),
        secretaries: setting("SECRETARIES", 5).max(1),
        think_ms: setting("THINK_MS", 0) as u64,
        cold: std::env::var("COMMITTEE_LOAD_COLD").is_ok_and(|v| v == "1"),
        direct: std::env::var("COMMITTEE_LOAD_DIRECT").is_ok_and(|v| v == "1"),
    };
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = std::env::var_os("COMMITTEE_LOAD_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| project.join("target/release/backbrief"));
    let binary = binary
        .canonicalize()
        .map_err(|_| format!("{} is missing: cargo build --release", binary.display()))?;
    if !GitHttpServer::available("committee_load")
        || (!settings.direct && !TlsProxy::available("committee_load"))
    {
        return Err("nginx, fcgiwrap, openssl and curl are needed".into());
    }
    let history = history(&project, &settings)?;
    let work = tempfile::Builder::new()
        .prefix("backbrief-committee-load-")
        .tempdir()
        .map_err(|e| format!("a temporary folder: {e}"))?;
    let work = work.path();

    // The git server: a bare copy of the history with the hook.
    let git_root = work.join("git");
    std::fs::create_dir_all(&git_root).map_err(|e| e.to_string())?;
    let bare = git_root.join("committee.git");
    git(
        work,
        &["clone", "-q", "--bare", &path(&history), &path(&bare)],
    )?;
    git(&bare, &["config", "http.receivepack", "true"])?;
    backbrief(
        &binary,
        work,
        &git_root,
        &["hook", "install", "committee.git"],
    )?;
    let git_server = GitHttpServer::serve(&git_root, &[("server", "hemmelig")]);
    let clone = work.join("clone");
    git(work, &["clone", "-q", &path(&history), &path(&clone)])?;
    let url = git_server.url("server", "hemmelig", "committee.git");
    git(&clone, &["remote", "set-url", "origin", &url])?;
    git(&clone, &["fetch", "-q", "origin"])?;
    // A server that has run for a while has its commit-graph with the
    // changed-path filters (its upkeep writes them at start and after
    // fetches); without it the first minute measures that upkeep.
    git(
        &clone,
        &["commit-graph", "write", "--reachable", "--changed-paths"],
    )?;
    let commits_before = count_commits(&bare)?;
    let plans = plan_ids(&clone)?;
    if plans.len() < settings.secretaries {
        return Err("fewer plans than secretaries".into());
    }
    let counterparts = git_counterparts(&clone, &plans[0]);

    // The committee's server, behind the TLS proxy.
    let backend = free_port()?;
    let proxy = (!settings.direct).then(|| TlsProxy::start(backend));
    let public = proxy.as_ref().map(|proxy| proxy.https_url());
    let config = format!(
        "listen = \"127.0.0.1:{backend}\"\n{}trusted_proxies = [\"127.0.0.1\"]\n\
         stale_after_seconds = 5\nfetch_every_seconds = 60\n\
         [identity]\nname = \"backbrief\"\nemail = \"backbrief@example.dk\"\n\
         [[repository]]\nname = \"{NAME}\"\npath = \"{}\"\nsecretaries = [\"sekretaer@example.dk\"]\n",
        public
            .as_ref()
            .map(|url| format!("public_url = \"{url}\"\n"))
            .unwrap_or_default(),
        clone.display()
    );
    std::fs::write(work.join("server.toml"), config).map_err(|e| e.to_string())?;
    let log_path = work.join("server.log");
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let mut server = env(Command::new(&binary), work)
        .current_dir(work)
        .args(["serve", "--config", "server.toml"])
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("start the server: {e}"))?;
    let mut first = String::new();
    if let Some(stdout) = server.stdout.take() {
        let _ = BufReader::new(stdout).read_line(&mut first);
    }
    let Some((base, token)) = first.trim().split_once("/?token=") else {
        let _ = server.kill();
        return Err(format!("the server printed {first:?}"));
    };
    let base = base.to_string();
    let token = token.to_string();

    // A server that has run for a while has made who set what and each
    // plan's decisions once (its upkeep after the start, logged when done);
    // COMMITTEE_LOAD_COLD=1 measures the first minute after a start instead.
    let started_at = Instant::now();
    let ready_after = if settings.cold {
        None
    } else {
        loop {
            let said = std::fs::read_to_string(&log_path).unwrap_or_default();
            if said.contains("history kept ready") {
                break Some(started_at.elapsed());
            }
            if started_at.elapsed() > std::time::Duration::from_secs(1800) {
                let _ = server.kill();
                return Err("the server's upkeep did not finish in 30 minutes".into());
            }
            std::thread::sleep(std::time::Duration::from_millis(250));
        }
    };

    // The machine's own load, which the figures include.
    let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let peak = runtime.block_on(load(
        &settings,
        &base,
        &token,
        &plans,
        tally.clone(),
        server.id(),
    ));
    let elapsed = started.elapsed();
    let peak = peak.or_else(|| peak_rss(server.id()));
    let _ = server.kill();
    let _ = server.wait();
    drop(proxy);

    // What reached the git server, and whether its history is sound.
    let tally = tally.lock().map_err(|_| "the tally")?;
    let on_server = tally
        .recorded
        .iter()
        .filter(|commit| git(&bare, &["merge-base", "--is-ancestor", commit, "main"]).is_ok())
        .count();
    let commits_after = count_commits(&bare)?;
    let clone_after = count_commits(&clone)?;
    let heads_agree = rev_parse(&bare, "main")? == rev_parse(&clone, "HEAD")?;
    let verified = backbrief(&binary, work, &clone, &["verify"]).is_ok();

    let place = if settings.direct {
        "direct on loopback"
    } else {
        "through nginx with TLS"
    };
    println!(
        "{} plans, {} decisions in the history; {} readers (reading a page {} ms) and {} secretaries \
         for {:.1} s, {place}; load average before: {}",
        plans.len(),
        commits_before,
        settings.readers,
        settings.think_ms,
        settings.secretaries,
        elapsed.as_secs_f64(),
        load_before.trim(),
    );
    match ready_after {
        Some(took) => println!(
            "the server's upkeep (decisions index, who set what and the decisions of every plan) \
             was done {:.1} s after the start; the load began then",
            took.as_secs_f64()
        ),
        None => println!("the load began at the server's start (COMMITTEE_LOAD_COLD=1)"),
    }
    println!(
        "{:<22} {:>8} {:>6} {:>9} {:>9} {:>9}   git counterpart (p50 of 5, before the load)",
        "page", "answers", "errors", "p50 ms", "p95 ms", "max ms"
    );
    let mut errors = 0;
    for kind in Kind::ALL {
        let times = tally.times.get(kind as usize).cloned().unwrap_or_default();
        let failed = tally.errors.get(kind as usize).copied().unwrap_or(0);
        errors += failed;
        let counterpart = counterparts
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, command, ms)| format!("{ms:>8.1} ms  {command}"))
            .unwrap_or_else(|| "—".into());
        let (p50, p95, max) = percentiles(times.clone());
        println!(
            "{:<22} {:>8} {:>6} {p50:>9.1} {p95:>9.1} {max:>9.1}   {counterpart}",
            kind.label(),
            times.len(),
            failed
        );
        if let Some(failures) = tally.failures.get(kind as usize)
            && !failures.is_empty()
        {
            let said: Vec<String> = failures
                .iter()
                .map(|(status, n)| format!("{n} × {status}"))
                .collect();
            println!("{:<22} failed answers: {}", "", said.join(", "));
        }
    }
    println!(
        "decisions recorded: {} (refused as moved or conflicting: {}); on the git server afterwards: {} \
         of them (new commits: {} in the server's clone, {} on the git server; the clone's branch {} \
         the git server's)",
        tally.recorded.len(),
        tally.refused,
        on_server,
        clone_after.saturating_sub(commits_before),
        commits_after.saturating_sub(commits_before),
        if heads_agree {
            "equal to"
        } else {
            "differs from"
        },
    );
    if let Some(said) = &tally.record_failure {
        println!("a failed record's page said: {said}");
    }
    println!("verify: {}", if verified { "clean" } else { "FAILED" });
    match peak {
        Some(kib) => println!("server peak RSS: {:.1} MiB", kib as f64 / 1024.0),
        None => println!("server peak RSS: unknown"),
    }
    Ok(errors == 0 && on_server == tally.recorded.len() && verified && heads_agree)
}
