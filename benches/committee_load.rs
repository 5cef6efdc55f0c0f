//! A load test of the committee's server (`backbrief serve --config`): many
//! readers loading pages while secretaries record decisions, on a large
//! history, with the git server as the source of truth.
//!
//! ```text
//! cargo build --release
//! [COMMITTEE_LOAD_PLANS=1000] [COMMITTEE_LOAD_DECISIONS=100000] \
//! [COMMITTEE_LOAD_SECONDS=60] [COMMITTEE_LOAD_READERS=50] [COMMITTEE_LOAD_SECRETARIES=5] \
//! [COMMITTEE_LOAD_HISTORY=DIR] [COMMITTEE_LOAD_BINARY=target/release/backbrief] \
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
//! for the committee's server; the server (token mode, on loopback) runs
//! behind nginx with TLS as a municipality's reverse proxy
//! (`COMMITTEE_LOAD_DIRECT=1`: without the proxy).
//!
//! For the given seconds, the readers load pages in turn — the committees
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
#[path = "../tests/common/git_http.rs"]
mod git_http;
#[allow(dead_code)]
#[path = "../tests/common/tls_proxy.rs"]
mod tls_proxy;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use git_http::GitHttpServer;
use tls_proxy::TlsProxy;

/// The repository's name on the server (`/r/committee/`).
const NAME: &str = "committee";

const STATUSES: [&str; 4] = ["planned", "in_progress", "done", "blocked"];

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
    let mut server = env(Command::new(&binary), work)
        .current_dir(work)
        .args(["serve", "--config", "server.toml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
    let heads_agree = rev_parse(&bare, "main")? == rev_parse(&clone, "HEAD")?;
    let verified = backbrief(&binary, work, &clone, &["verify"]).is_ok();

    let place = if settings.direct {
        "direct on loopback"
    } else {
        "through nginx with TLS"
    };
    println!(
        "{} plans, {} decisions in the history; {} readers and {} secretaries for {:.1} s, {place}",
        plans.len(),
        commits_before,
        settings.readers,
        settings.secretaries,
        elapsed.as_secs_f64()
    );
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
    }
    println!(
        "decisions recorded: {} (refused as moved or conflicting: {}); on the git server afterwards: {} \
         of them ({} new commits on main, the clone's branch {} the git server's)",
        tally.recorded.len(),
        tally.refused,
        on_server,
        commits_after.saturating_sub(commits_before),
        if heads_agree {
            "equal to"
        } else {
            "differs from"
        },
    );
    println!("verify: {}", if verified { "clean" } else { "FAILED" });
    match peak {
        Some(kib) => println!("server peak RSS: {:.1} MiB", kib as f64 / 1024.0),
        None => println!("server peak RSS: unknown"),
    }
    Ok(errors == 0 && on_server == tally.recorded.len() && verified && heads_agree)
}

/// The pages loaded, and the recording.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Committees,
    Overview,
    Plan,
    Decisions,
    Blame,
    Report,
    Statuses,
    Record,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Committees,
        Kind::Overview,
        Kind::Plan,
        Kind::Decisions,
        Kind::Blame,
        Kind::Report,
        Kind::Statuses,
        Kind::Record,
    ];
    const READ: [Kind; 6] = [
        Kind::Committees,
        Kind::Overview,
        Kind::Plan,
        Kind::Decisions,
        Kind::Blame,
        Kind::Report,
    ];

    fn label(self) -> &'static str {
        match self {
            Kind::Committees => "committees /",
            Kind::Overview => "overview",
            Kind::Plan => "plan",
            Kind::Decisions => "decisions ?plan=",
            Kind::Blame => "blame (Hvem satte hvad)",
            Kind::Report => "report",
            Kind::Statuses => "status form (post)",
            Kind::Record => "record + push (post)",
        }
    }

    fn path(self, plan: &str) -> String {
        match self {
            Kind::Committees => "/".into(),
            Kind::Overview => format!("/r/{NAME}/"),
            Kind::Plan => format!("/r/{NAME}/plan/{plan}"),
            Kind::Decisions => format!("/r/{NAME}/decisions?plan={plan}"),
            Kind::Blame => format!("/r/{NAME}/plan/{plan}/blame"),
            Kind::Report => format!("/r/{NAME}/plan/{plan}/report"),
            Kind::Statuses => format!("/r/{NAME}/plan/{plan}/statuses"),
            Kind::Record => format!("/r/{NAME}/plan/{plan}/record"),
        }
    }
}

#[derive(Default)]
struct Tally {
    times: [Vec<Duration>; 8],
    errors: [usize; 8],
    recorded: Vec<String>,
    refused: usize,
}

impl Tally {
    fn note(&mut self, kind: Kind, took: Duration, status: u16) {
        self.times[kind as usize].push(took);
        let expected = match kind {
            Kind::Statuses | Kind::Record => status == 303 || status == 409 || status == 422,
            _ => status == 200,
        };
        if !expected {
            self.errors[kind as usize] += 1;
        }
        if status == 409 || status == 422 {
            self.refused += 1;
        }
    }
}

/// An answer: its status, its `Location`, its body.
struct Answer {
    status: u16,
    location: Option<String>,
    body: String,
}

/// The readers and secretaries until the deadline; the server's peak
/// resident memory read at the end (KiB).
async fn load(
    settings: &Settings,
    base: &str,
    token: &str,
    plans: &[String],
    tally: Arc<Mutex<Tally>>,
    server: u32,
) -> Option<u64> {
    let client = reqwest::Client::builder()
        // The proxy's certificate is self-signed; loopback only.
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .ok()?;
    let opened = client.get(format!("{base}/?token={token}")).send().await;
    let cookie = opened
        .ok()?
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(str::to_string)?;
    let visitor = Arc::new(Visitor {
        client,
        base: base.to_string(),
        cookie,
    });
    let plans = Arc::new(plans.to_vec());
    let deadline = Instant::now() + Duration::from_secs(settings.seconds);
    let mut tasks = Vec::new();
    for reader in 0..settings.readers {
        let (visitor, plans, tally) = (visitor.clone(), plans.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut random = Random(reader as u64 * 7919 + 1);
            let mut round = reader;
            while Instant::now() < deadline {
                let kind = Kind::READ[round % Kind::READ.len()];
                round += 1;
                let plan = &plans[random.below(plans.len())];
                visitor.timed(&tally, kind, kind.path(plan), None).await;
            }
        }));
    }
    for secretary in 0..settings.secretaries {
        let (visitor, plans, tally) = (visitor.clone(), plans.clone(), tally.clone());
        let count = settings.secretaries;
        tasks.push(tokio::spawn(async move {
            let mine: Vec<&String> = plans.iter().skip(secretary).step_by(count).collect();
            let mut round = 0usize;
            while Instant::now() < deadline {
                let plan = mine[round % mine.len()];
                round += 1;
                visitor
                    .record_one(&tally, plan, &format!("Belastning {secretary}-{round}"))
                    .await;
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    peak_rss(server)
}

struct Visitor {
    client: reqwest::Client,
    base: String,
    cookie: String,
}

impl Visitor {
    /// GET `path` (or POST `form` to it), noted under `kind`.
    async fn timed(
        &self,
        tally: &Mutex<Tally>,
        kind: Kind,
        path: String,
        form: Option<&[(String, String)]>,
    ) -> Answer {
        let url = format!("{}{path}", self.base);
        let request = match form {
            None => self.client.get(url),
            Some(form) => self
                .client
                .post(url)
                .header("Origin", &self.base)
                .form(form),
        };
        let started = Instant::now();
        let answer = match request.header("Cookie", &self.cookie).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_string);
                let body = response.text().await.unwrap_or_default();
                Answer {
                    status,
                    location,
                    body,
                }
            }
            Err(_) => Answer {
                status: 0,
                location: None,
                body: String::new(),
            },
        };
        if let Ok(mut tally) = tally.lock() {
            tally.note(kind, started.elapsed(), answer.status);
        }
        answer
    }

    /// One decision on `plan`: the next status of its first activity.
    async fn record_one(&self, tally: &Mutex<Tally>, plan: &str, summary: &str) {
        let page = self
            .timed(tally, Kind::Plan, Kind::Plan.path(plan), None)
            .await;
        let Some((item, was)) = first_activity(&page.body) else {
            return;
        };
        let next = STATUSES
            .iter()
            .position(|s| *s == was)
            .map_or("done", |i| STATUSES[(i + 1) % STATUSES.len()]);
        let form = [
            ("base".to_string(), hidden(&page.body, "base")),
            ("draft".to_string(), hidden(&page.body, "draft")),
            (format!("status.{item}"), next.to_string()),
            (format!("was.{item}"), was),
        ];
        let saved = self
            .timed(
                tally,
                Kind::Statuses,
                Kind::Statuses.path(plan),
                Some(&form),
            )
            .await;
        if saved.status != 303 {
            return;
        }
        let page = self
            .timed(tally, Kind::Plan, Kind::Plan.path(plan), None)
            .await;
        let form = [
            ("base".to_string(), hidden(&page.body, "base")),
            ("draft".to_string(), hidden(&page.body, "draft")),
            ("summary".to_string(), summary.to_string()),
            ("decided_by".to_string(), "Lokal-MED".to_string()),
            ("meeting".to_string(), String::new()),
        ];
        let recorded = self
            .timed(tally, Kind::Record, Kind::Record.path(plan), Some(&form))
            .await;
        let commit = recorded
            .location
            .as_deref()
            .and_then(|l| l.strip_prefix(&format!("/r/{NAME}/decision/")))
            .map(|rest| rest.split('?').next().unwrap_or_default().to_string());
        if recorded.status == 303
            && let Some(commit) = commit
            && let Ok(mut tally) = tally.lock()
        {
            tally.recorded.push(commit);
        }
    }
}

/// The first activity's id and status on a plan page (its status form).
fn first_activity(page: &str) -> Option<(String, String)> {
    let marker = "name=\"was.";
    let at = page.find(marker)? + marker.len();
    let item = page[at..].split('"').next()?.to_string();
    let value = hidden(page, &format!("was.{item}"));
    Some((item, value))
}

fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    page.find(&marker)
        .and_then(|i| page[i + marker.len()..].split('"').next())
        .unwrap_or_default()
        .to_string()
}

/// A small deterministic generator (xorshift), for the plans read.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// p50, p95 and max in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len().saturating_sub(1)) as f64 * q) as usize)
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    };
    (at(0.5), at(0.95), at(1.0))
}

/// The git command that reads what each page shows, timed on the clone
/// (p50 of 5 runs, ms).
fn git_counterparts(clone: &Path, plan: &str) -> Vec<(Kind, String, f64)> {
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
fn history(project: &Path, settings: &Settings) -> Result<PathBuf, String> {
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
fn plan_ids(clone: &Path) -> Result<Vec<String>, String> {
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
fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("a free port: {e}"))
}

fn path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A command with a pinned identity and no user's configuration.
fn env(mut command: Command, home: &Path) -> Command {
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

fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
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

fn git_output(dir: &Path, args: &[&str]) -> Result<String, String> {
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

fn rev_parse(dir: &Path, what: &str) -> Result<String, String> {
    git_output(dir, &["rev-parse", what])
}

fn count_commits(bare: &Path) -> Result<usize, String> {
    git_output(bare, &["rev-list", "--count", "main"])?
        .parse()
        .map_err(|_| "rev-list --count".into())
}

fn backbrief(binary: &Path, home: &Path, dir: &Path, args: &[&str]) -> Result<(), String> {
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
