//! A reverse proxy with TLS in front of a server under test, as a
//! municipality runs one: Debian's `nginx` on a free loopback port with a
//! self-signed certificate (made by the `openssl` command for 127.0.0.1 and
//! localhost), passing every request to `http://127.0.0.1:<backend>` with
//! `X-Forwarded-For`, `X-Forwarded-Proto: https`, `X-Forwarded-Host` and
//! `Host` set. nginx runs as one process in a folder of its own and is
//! stopped when the proxy is dropped.
//!
//! ```ignore
//! if !TlsProxy::available("my_test") { return; }
//! let proxy = TlsProxy::start(backend_port);
//! let response = proxy.get("/healthz", &[]);   // curl, trusting the certificate
//! ```

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NGINX: &str = "/usr/sbin/nginx";

/// nginx with TLS on loopback, proxying to one backend port.
pub struct TlsProxy {
    nginx: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl TlsProxy {
    /// Whether nginx, openssl and curl are installed (they fail the test
    /// under `CI=true` when not).
    pub fn available(test: &str) -> bool {
        super::tool_present(
            test,
            "nginx, openssl and curl",
            Path::new(NGINX).exists() && on_path("openssl") && on_path("curl"),
            "apt-get install nginx openssl curl",
        )
    }

    /// Starts the proxy in front of `http://127.0.0.1:<backend_port>`.
    pub fn start(backend_port: u16) -> TlsProxy {
        TlsProxy::launch(backend_port, None)
    }

    /// As [`TlsProxy::start`], connecting to the backend from the loopback
    /// address `source` (`proxy_bind`, e.g. 127.0.0.2), so that the
    /// backend can tell the proxy from a client on 127.0.0.1.
    pub fn start_from(backend_port: u16, source: &str) -> TlsProxy {
        TlsProxy::launch(backend_port, Some(source))
    }

    fn launch(backend_port: u16, source: Option<&str>) -> TlsProxy {
        let bind = source.map_or(String::new(), |source| {
            format!("proxy_bind {source};\n            ")
        });
        let dir = tempfile::Builder::new()
            .prefix("backbrief-tls-proxy-")
            .tempdir()
            .expect("a folder for the proxy");
        make_certificate(dir.path());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let temp = dir.path().join("temp");
        std::fs::create_dir_all(&temp).expect("temp folder");
        let config = format!(
            r#"daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        location / {{
            {bind}proxy_pass http://127.0.0.1:{backend_port};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_redirect off;
        }}
    }}
}}
"#,
            dir = dir.path().display(),
            temp = temp.display(),
        );
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config).expect("nginx.conf");
        let nginx = Command::new(NGINX)
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut proxy = TlsProxy { nginx, port, dir };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            let exited = proxy.nginx.try_wait().ok().flatten().is_some();
            assert!(
                !exited && started.elapsed() < Duration::from_secs(10),
                "nginx did not start: {}",
                proxy.error_log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        proxy
    }

    /// `https://127.0.0.1:<port>`, without a trailing slash.
    pub fn https_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    /// The port the proxy listens on (127.0.0.1, TLS).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The self-signed certificate (PEM), for a client to trust.
    pub fn certificate(&self) -> PathBuf {
        self.dir.path().join("cert.pem")
    }

    /// nginx's error log, to explain a failure.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    /// `curl` through the proxy, trusting its certificate: `args` come
    /// before the URL of `path`. Returns the output whatever the status.
    pub fn curl(&self, path: &str, args: &[&str]) -> std::process::Output {
        Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "30", "--cacert"])
            .arg(self.certificate())
            .args(args)
            .arg(format!("{}{path}", self.https_url()))
            .stdin(Stdio::null())
            .output()
            .expect("run curl")
    }

    /// A GET of `path` with extra `headers`: the status line, the response
    /// headers and the body, as one text (`curl --include`).
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> String {
        let headers: Vec<String> = headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        let mut args = vec!["--include"];
        for header in &headers {
            args.extend(["--header", header.as_str()]);
        }
        let output = self.curl(path, &args);
        assert!(
            output.status.success(),
            "curl {path}: {}\n{}",
            String::from_utf8_lossy(&output.stderr),
            self.error_log()
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost, valid for two
/// days: `cert.pem` and `key.pem` in `dir`.
fn make_certificate(dir: &Path) {
    let output = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .stdin(Stdio::null())
        .output()
        .expect("run openssl");
    assert!(
        output.status.success(),
        "openssl req: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        let _ = self.nginx.kill();
        let _ = self.nginx.wait();
    }
}
