//! The committee's server for the tests: `backbrief serve --config` on a
//! configuration file written into a folder, with the pinned environment of
//! the other tests; stopped when dropped.
//!
//! ```ignore
//! let port = CommitteeServer::free_port();
//! let provider = OidcProvider::start(&format!("http://127.0.0.1:{port}/auth/callback"), &users);
//! let config = format!(r#"listen = "127.0.0.1:{port}"
//! public_url = "http://127.0.0.1:{port}"
//! ..."#);
//! let server = CommitteeServer::start(&config, env.root());
//! browser.go(&server.url("/"));
//! ```
//!
//! The server's standard error (its log) is kept: [`CommitteeServer::stderr`].
//! A configuration the server refuses is run to its end with
//! [`CommitteeServer::run_to_end`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Output, SECRETARY, git_date, spawnable};

/// The day the server runs on unless a test says otherwise: git's clock
/// (`GIT_AUTHOR_DATE`, `GIT_COMMITTER_DATE`) and `--at`.
pub const DAY: &str = "2024-10-10";

/// The name of the configuration file written into the folder.
pub const CONFIG_FILE: &str = "server.toml";

/// A running `backbrief serve --config`.
pub struct CommitteeServer {
    child: Child,
    /// The port it listens on (from its first line).
    pub port: u16,
    /// The first line it printed: `http://ADDR:PORT/` with sign-in,
    /// `http://127.0.0.1:PORT/?token=…` without.
    pub first_line: String,
    /// The configuration file it was started with.
    pub config_path: PathBuf,
    /// The `Host` its public URL asks for (`127.0.0.1:PORT` without one).
    pub host: String,
    stderr: Arc<Mutex<String>>,
}

impl CommitteeServer {
    /// A port free on loopback now (bound to 127.0.0.1:0 and released), for
    /// a configuration that must name its port before the server starts
    /// (`public_url`, the provider's redirect URI).
    pub fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port()
    }

    /// Writes `config_text` to `dir/server.toml` and starts the server on
    /// it, in `dir`, on [`DAY`] (see [`CommitteeServer::command`]);
    /// returns once `/healthz` answers. Panics, with the server's log,
    /// when it does not start.
    pub fn start(config_text: &str, dir: &Path) -> CommitteeServer {
        CommitteeServer::start_with(config_text, dir, DAY, &[])
    }

    /// As [`CommitteeServer::start`], on the day `when` (`YYYY-MM-DD`:
    /// git's clock at 10:00 UTC and `--at`), with `extra` arguments after
    /// `serve --config FILE`.
    pub fn start_with(
        config_text: &str,
        dir: &Path,
        when: &str,
        extra: &[&str],
    ) -> CommitteeServer {
        let config_path = dir.join(CONFIG_FILE);
        std::fs::write(&config_path, config_text).expect("write server.toml");
        let mut command = CommitteeServer::command(&config_path, dir, when);
        command.args(extra);
        let mut child = spawnable(&command)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start backbrief serve --config");
        let stderr = keep_stderr(&mut child);
        let stdout = child.stdout.take().expect("the server's standard output");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = sender.send(line);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let line = receiver
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_default();
        let first_line = line.trim_end().to_string();
        let port = port_of(&first_line);
        let host =
            public_host(config_text).unwrap_or_else(|| format!("127.0.0.1:{}", port.unwrap_or(0)));
        let mut server = CommitteeServer {
            child,
            port: port.unwrap_or(0),
            first_line,
            config_path,
            host,
            stderr,
        };
        if port.is_none() {
            let status = server.child.try_wait().ok().flatten();
            panic!(
                "the committee's server did not start (first line {:?}, {status:?}):\n{}",
                server.first_line,
                server.stderr()
            );
        }
        server.wait_for_health();
        server
    }

    /// `backbrief serve --config FILE --at WHEN` in `dir`, with the pinned
    /// environment (time zone, language, `HOME` = `dir`), git's clock at
    /// `when` and its author (the token mode's person) [`SECRETARY`]; the
    /// committer is not set, so it is the configuration's `[identity]`.
    /// Not started.
    pub fn command(config_path: &Path, dir: &Path, when: &str) -> assert_cmd::Command {
        let mut command = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("backbrief"));
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
            "RUST_LOG",
        ] {
            command.env_remove(name);
        }
        command
            .env("NO_COLOR", "1")
            .env("LANG", "C")
            .env("TZ", "UTC")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir)
            .env("XDG_CONFIG_HOME", dir.join(".config"))
            .env("RUST_BACKTRACE", "0")
            .current_dir(dir);
        // git's clock and the token holder's name are pinned; the committer
        // is left to the configuration's [identity], as on a real server.
        let stamp = git_date(when);
        command
            .env_remove("EMAIL")
            .env_remove("GIT_COMMITTER_NAME")
            .env_remove("GIT_COMMITTER_EMAIL")
            .env("GIT_AUTHOR_NAME", SECRETARY.name)
            .env("GIT_AUTHOR_EMAIL", SECRETARY.email)
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp);
        command
            .arg("serve")
            .arg("--config")
            .arg(config_path)
            .args(["--at", when]);
        command
    }

    /// Writes `config_text` to `dir/server.toml` and runs the server on it
    /// until it ends by itself (a configuration it refuses); killed after
    /// 30 s. The output has `dir` redacted as `[ROOT]`.
    pub fn run_to_end(config_text: &str, dir: &Path) -> Output {
        let config_path = dir.join(CONFIG_FILE);
        std::fs::write(&config_path, config_text).expect("write server.toml");
        let mut command = CommitteeServer::command(&config_path, dir, DAY);
        command.timeout(Duration::from_secs(30));
        let output = command.output().expect("run backbrief serve --config");
        let redact = |bytes: &[u8]| {
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            if let Ok(canonical) = dir.canonicalize() {
                text = text.replace(&*canonical.to_string_lossy(), "[ROOT]");
            }
            text.replace(&*dir.to_string_lossy(), "[ROOT]")
        };
        Output {
            stdout: redact(&output.stdout),
            stderr: redact(&output.stderr),
            code: output.status.code(),
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The token of the first line (the mode without sign-in), if any.
    pub fn token(&self) -> Option<String> {
        self.first_line
            .split_once("?token=")
            .map(|(_, token)| token.to_string())
    }

    /// What the server wrote on standard error so far (its log).
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .map(|text| text.clone())
            .unwrap_or_default()
    }

    /// The server's log once `count` of its lines contain `needle` (it is
    /// read from the process as it comes, so a line may follow the answer
    /// it is about by a moment); after 10 s, whatever there is.
    pub fn log_with(&self, needle: &str, count: usize) -> String {
        let started = std::time::Instant::now();
        loop {
            let log = self.stderr();
            let found = log.lines().filter(|line| line.contains(needle)).count();
            if found >= count || started.elapsed() > Duration::from_secs(10) {
                return log;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the process still runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits (up to 30 s) until `GET /healthz` answers 200 `ok`.
    fn wait_for_health(&mut self) {
        let started = Instant::now();
        loop {
            if let Some(answer) = self.healthz()
                && answer.starts_with("HTTP/1.1 200")
                && answer.ends_with("ok\n")
            {
                return;
            }
            if !self.is_running() || started.elapsed() > Duration::from_secs(30) {
                panic!(
                    "the committee's server never answered /healthz:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The raw answer to `GET /healthz` with the public URL's `Host`.
    fn healthz(&self) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            stream,
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host
        )
        .ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        Some(answer)
    }
}

impl Drop for CommitteeServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port in the first line: `http://ADDR:PORT/…`.
fn port_of(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("http://")?;
    let authority = rest.split('/').next()?;
    authority.rsplit_once(':')?.1.parse().ok()
}

/// The `host[:port]` of the configuration's `public_url`, if it has one.
fn public_host(config_text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(config_text).ok()?;
    let url = table.get("public_url")?.as_str()?;
    let rest = url.split_once("://")?.1;
    Some(rest.split('/').next()?.to_lowercase())
}

/// Reads the child's standard error into a shared string, as it comes.
fn keep_stderr(child: &mut Child) -> Arc<Mutex<String>> {
    let kept = Arc::new(Mutex::new(String::new()));
    if let Some(mut pipe) = child.stderr.take() {
        let kept = Arc::clone(&kept);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                if let Ok(mut text) = kept.lock() {
                    text.push_str(&String::from_utf8_lossy(&buffer[..n]));
                }
            }
        });
    }
    kept
}
