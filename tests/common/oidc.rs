//! A real OpenID provider for the sign-in tests: panva's `oidc-provider`
//! (installed in `tests/oidc/node_modules` by `npm ci --prefix tests/oidc`),
//! run by node from `tests/oidc/provider.mjs` on loopback http.
//!
//! ```ignore
//! if !OidcProvider::available("test_x") { return; }
//! let provider = OidcProvider::start(
//!     "http://127.0.0.1:PORT/auth/callback",
//!     &[TestUser { sub: "u1", email: "anna@kommune.dk", name: "Anna", groups: &["med"] }],
//! );
//! // provider.issuer, CLIENT_ID, CLIENT_SECRET → the server's [oidc]
//! provider.set_mischief("expired"); // the next ID tokens are expired
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{project_dir, tool_present};

/// The test client's id at the provider.
pub const CLIENT_ID: &str = "backbrief-test";
/// The test client's secret at the provider.
pub const CLIENT_SECRET: &str = "backbrief-test-secret-0123456789";

/// A person the provider can sign in.
#[derive(Debug, Clone, Copy)]
pub struct TestUser<'a> {
    /// The stable id (`sub`).
    pub sub: &'a str,
    /// The e-mail, typed into the provider's login form.
    pub email: &'a str,
    /// The name (`name`).
    pub name: &'a str,
    /// The groups (the `groups` claim, scope `groups`).
    pub groups: &'a [&'a str],
}

/// The running provider; stopped when dropped.
pub struct OidcProvider {
    /// The issuer URL, `http://127.0.0.1:PORT`.
    pub issuer: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Arc<Mutex<String>>,
}

fn folder() -> PathBuf {
    project_dir().join("tests").join("oidc")
}

impl OidcProvider {
    /// Whether node and the installed `oidc-provider` are there (under
    /// `CI=true` their absence fails the test).
    pub fn available(test: &str) -> bool {
        let node = Command::new("node")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        let installed = folder()
            .join("node_modules/oidc-provider/package.json")
            .exists();
        tool_present(
            test,
            "node with tests/oidc/node_modules (oidc-provider)",
            node && installed,
            "apt-get install nodejs npm; npm ci --prefix tests/oidc",
        )
    }

    /// Starts the provider with the test client (redirecting to
    /// `redirect_uri`) and these users; returns once it listens.
    pub fn start(redirect_uri: &str, users: &[TestUser<'_>]) -> OidcProvider {
        let users: Vec<_> = users
            .iter()
            .map(|user| {
                serde_json::json!({
                    "sub": user.sub, "email": user.email, "name": user.name, "groups": user.groups,
                })
            })
            .collect();
        let config = serde_json::json!({
            "port": 0,
            "client": {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uri": redirect_uri,
            },
            "users": users,
        });
        let mut child = Command::new("node")
            .arg(folder().join("provider.mjs"))
            .arg(config.to_string())
            .current_dir(folder())
            .env("NODE_ENV", "test")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start node tests/oidc/provider.mjs");
        let stdin = child.stdin.take();
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(mut pipe) = child.stderr.take() {
            let stderr = Arc::clone(&stderr);
            std::thread::spawn(move || {
                let mut text = String::new();
                let mut buffer = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    text.push_str(&String::from_utf8_lossy(&buffer[..n]));
                    if let Ok(mut kept) = stderr.lock() {
                        kept.clone_from(&text);
                    }
                }
            });
        }
        let stdout = child.stdout.take().expect("the provider's standard output");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = sender.send(line);
            // The rest (the provider's notices) is read and dropped, so
            // that its writes never meet a closed pipe.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let mut provider = OidcProvider {
            issuer: String::new(),
            child,
            stdin,
            stderr,
        };
        match receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.trim().starts_with("http://127.0.0.1:") => {
                provider.issuer = line.trim().to_string();
            }
            other => panic!(
                "the OpenID provider did not start ({other:?}): {}",
                provider.stderr()
            ),
        }
        provider
    }

    /// What the provider wrote on standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .map(|text| text.clone())
            .unwrap_or_default()
    }

    /// Makes the ID tokens the provider issues from now on bad:
    /// "wrong-audience", "expired", "forged-signature"; "none" ends it.
    pub fn set_mischief(&self, mode: &str) {
        let address = self.issuer.strip_prefix("http://").expect("an http issuer");
        let body = serde_json::json!({ "mode": mode }).to_string();
        let mut stream = TcpStream::connect(address).expect("connect to the provider");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let request = format!(
            "POST /__mischief HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(
            answer.starts_with("HTTP/1.1 204"),
            "mischief {mode}: {answer}"
        );
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        // Closing its standard input ends it; a kill makes sure.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
