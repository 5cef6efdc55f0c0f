//! A bounded load test of `backbrief serve`: clients recording decisions on
//! one plan at once through the browser's forms, over loopback.
//!
//! ```text
//! cargo build --release
//! cargo bench --bench serve_load -- [--clients 20] [--seconds 30] [--binary target/release/backbrief]
//! ```
//!
//! Makes a plans repository with the example plan in a temporary folder,
//! starts `serve --no-open --port 0` on it, and lets each client loop until
//! the time is up: load the plan page, set one activity's status in the
//! draft, record the draft with the decision form. The clients share one
//! draft (the plan's file), as tabs do; a post made from a page whose draft
//! or field moved meanwhile is refused (409/422) and counted as such. At
//! the end it checks that every decision the server said it recorded is in
//! the history (0 lost), that no answer was a server error, and that
//! `backbrief verify` accepts the history; it exits 1 otherwise.
//! Only loopback traffic; every loop is bounded by the deadline.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const STATUSES: [&str; 4] = ["planned", "in_progress", "done", "blocked"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let clients: usize = arg("--clients").and_then(|v| v.parse().ok()).unwrap_or(20);
    let seconds: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(30);
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = arg("--binary")
        .map(PathBuf::from)
        .unwrap_or_else(|| project.join("target/release/backbrief"));
    let Ok(binary) = binary.canonicalize() else {
        eprintln!(
            "{} is missing: run cargo build --release first",
            binary.display()
        );
        return ExitCode::from(2);
    };
    let dir = std::env::temp_dir().join(format!("backbrief-serve-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let run = |args: &[&str]| {
        let status = backbrief(&binary, &dir)
            .args(args)
            .status()
            .expect("run backbrief");
        assert!(status.success(), "backbrief {args:?} failed");
    };
    run(&["init"]);
    std::fs::copy(
        project.join("plans/arbejdsplads-1.json"),
        dir.join("plans/arbejdsplads-1.json"),
    )
    .expect("copy the example plan");
    run(&[
        "decide",
        "arbejdsplads-1",
        "-m",
        "Planen vedtaget",
        "--by",
        "Lokal-MED",
    ]);
    let subtasks: Vec<String> = {
        let text = std::fs::read_to_string(dir.join("plans/arbejdsplads-1.json")).expect("plan");
        let plan: serde_json::Value = serde_json::from_str(&text).expect("json");
        plan["phases"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["subtasks"].as_array().cloned().unwrap_or_default())
            .filter_map(|s| s["id"].as_str().map(str::to_string))
            .collect()
    };

    let mut server = backbrief(&binary, &dir)
        .args(["serve", "--no-open", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address");
    let rest = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .expect("address");
    let (port, token) = rest.split_once("/?token=").expect("token");
    let port: u16 = port.parse().expect("port");
    let opened = request(port, "GET", &format!("/?token={token}"), None, b"");
    let cookie = opened
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("session")
        .to_string();

    let tally = Arc::new(Mutex::new(Tally::default()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (tally, cookie, subtasks) = (tally.clone(), cookie.clone(), subtasks.clone());
            std::thread::spawn(move || {
                let mut round = 0usize;
                while Instant::now() < deadline {
                    round += 1;
                    let item = &subtasks[(client + round) % subtasks.len()];
                    let status = STATUSES[(client * 7 + round) % STATUSES.len()];
                    let page = timed(&tally, || {
                        request(port, "GET", "/plan/arbejdsplads-1", Some(&cookie), b"")
                    });
                    if page.status != 200 {
                        continue;
                    }
                    let was = current_status(&page.body, item);
                    let fields = [
                        ("base", hidden(&page.body, "base")),
                        ("draft", hidden(&page.body, "draft")),
                        (&*format!("status.{item}"), status.to_string()),
                        (&*format!("was.{item}"), was),
                    ]
                    .map(|(k, v)| (k.to_string(), v));
                    let saved = timed(&tally, || {
                        post(port, "/plan/arbejdsplads-1/statuses", &cookie, &fields)
                    });
                    if saved.status != 303 {
                        continue;
                    }
                    let page = timed(&tally, || {
                        request(port, "GET", "/plan/arbejdsplads-1", Some(&cookie), b"")
                    });
                    if !page.body.contains("name=\"summary\"") {
                        continue;
                    }
                    let fields = [
                        ("base", hidden(&page.body, "base")),
                        ("draft", hidden(&page.body, "draft")),
                        ("summary", format!("Belastning {client}-{round}")),
                        ("decided_by", "Lokal-MED".to_string()),
                        ("meeting", String::new()),
                    ]
                    .map(|(k, v)| (k.to_string(), v));
                    let recorded = timed(&tally, || {
                        post(port, "/plan/arbejdsplads-1/record", &cookie, &fields)
                    });
                    if recorded.status == 303
                        && let Some(commit) = recorded
                            .header("location")
                            .and_then(|l| l.strip_prefix("/decision/"))
                        && let Ok(mut tally) = tally.lock()
                    {
                        tally.recorded.push(commit.to_string());
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    let elapsed = started.elapsed();
    let _ = server.kill();
    let _ = server.wait();

    let tally = tally.lock().expect("tally");
    let lost: Vec<&String> = tally
        .recorded
        .iter()
        .filter(|commit| {
            !Command::new("git")
                .args(["merge-base", "--is-ancestor", commit, "HEAD"])
                .current_dir(&dir)
                .status()
                .is_ok_and(|s| s.success())
        })
        .collect();
    let verified = backbrief(&binary, &dir)
        .arg("verify")
        .status()
        .is_ok_and(|s| s.success());
    let mut times = tally.times.clone();
    times.sort();
    let p = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{clients} clients, {:.1} s: {} requests, {} decisions recorded, {} refused as moved or conflicting, \
         {} server errors, {} lost; latency p50 {:?}, p95 {:?}, max {:?}; verify {}",
        elapsed.as_secs_f64(),
        times.len(),
        tally.recorded.len(),
        tally.refused,
        tally.server_errors,
        lost.len(),
        p(0.5),
        p(0.95),
        p(1.0),
        if verified { "ok" } else { "FAILED" },
    );
    let _ = std::fs::remove_dir_all(&dir);
    if lost.is_empty() && tally.server_errors == 0 && verified && !tally.recorded.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[derive(Default)]
struct Tally {
    recorded: Vec<String>,
    refused: usize,
    server_errors: usize,
    times: Vec<Duration>,
}

fn timed(tally: &Mutex<Tally>, f: impl FnOnce() -> Answer) -> Answer {
    let started = Instant::now();
    let answer = f();
    if let Ok(mut tally) = tally.lock() {
        tally.times.push(started.elapsed());
        match answer.status {
            409 | 422 => tally.refused += 1,
            500.. | 0 => tally.server_errors += 1,
            _ => {}
        }
    }
    answer
}

fn backbrief(binary: &Path, dir: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Sekretær")
        .env("GIT_AUTHOR_EMAIL", "sekretaer@example.dk")
        .env("GIT_COMMITTER_NAME", "Sekretær")
        .env("GIT_COMMITTER_EMAIL", "sekretaer@example.dk")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir);
    command
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    page.find(&marker)
        .map(|i| {
            page[i + marker.len()..]
                .split('"')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_default()
}

fn current_status(page: &str, item: &str) -> String {
    hidden(page, &format!("was.{item}"))
}

fn post(port: u16, path: &str, cookie: &str, fields: &[(String, String)]) -> Answer {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    request(port, "POST", path, Some(cookie), body.as_bytes())
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn request(port: u16, method: &str, path: &str, cookie: Option<&str>, body: &[u8]) -> Answer {
    let failed = || Answer {
        status: 0,
        headers: Vec::new(),
        body: String::new(),
    };
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return failed();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nConnection: close\r\n"
    );
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    if stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .is_err()
    {
        return failed();
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}
