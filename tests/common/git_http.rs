//! A real git server over smart HTTP, as a municipality runs one: Debian's
//! `nginx` in front of `git http-backend` through `fcgiwrap`, with basic
//! authentication, on loopback. Both programs are started by the test and
//! stopped when the server is dropped (nginx runs as one process, so that
//! killing it leaves no worker listening).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// nginx + fcgiwrap + `git http-backend`, serving the bare repositories in
/// a folder under `/git/`.
pub struct GitHttpServer {
    nginx: Child,
    fcgiwrap: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

const NGINX: &str = "/usr/sbin/nginx";
const FCGIWRAP: &str = "/usr/sbin/fcgiwrap";

impl GitHttpServer {
    /// Whether nginx and fcgiwrap are installed (they fail the test under
    /// `CI=true` when not).
    pub fn available(test: &str) -> bool {
        super::tool_present(
            test,
            "nginx and fcgiwrap",
            Path::new(NGINX).exists() && Path::new(FCGIWRAP).exists(),
            "apt-get install nginx fcgiwrap",
        )
    }

    /// Serves the bare repositories under `root`, each at
    /// `http://USER:PASSWORD@127.0.0.1:PORT/git/NAME.git`, to the
    /// `users` (name, password) only.
    pub fn serve(root: &Path, users: &[(&str, &str)]) -> GitHttpServer {
        let dir = tempfile::tempdir().expect("a folder for the server");
        let socket = dir.path().join("fcgiwrap.sock");
        let mut fcgiwrap = Command::new(FCGIWRAP);
        let fcgiwrap = fcgiwrap
            .arg("-s")
            .arg(format!("unix:{}", socket.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start fcgiwrap");
        let passwords: String = users
            .iter()
            .map(|(user, password)| format!("{user}:{{PLAIN}}{password}\n"))
            .collect();
        std::fs::write(dir.path().join("htpasswd"), passwords).expect("password file");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let backend = http_backend();
        let temp = dir.path().join("temp");
        std::fs::create_dir_all(&temp).expect("temp folder");
        let config = format!(
            r#"daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    client_max_body_size 0;
    server {{
        listen 127.0.0.1:{port};
        location ~ ^/git(/.*)$ {{
            auth_basic "git";
            auth_basic_user_file {dir}/htpasswd;
            fastcgi_pass unix:{socket};
            fastcgi_param SCRIPT_FILENAME {backend};
            fastcgi_param GIT_PROJECT_ROOT {root};
            fastcgi_param GIT_HTTP_EXPORT_ALL "";
            fastcgi_param PATH_INFO $1;
            fastcgi_param REMOTE_USER $remote_user;
            fastcgi_param REMOTE_ADDR $remote_addr;
            fastcgi_param REQUEST_METHOD $request_method;
            fastcgi_param QUERY_STRING $query_string;
            fastcgi_param CONTENT_TYPE $content_type;
            fastcgi_param CONTENT_LENGTH $content_length;
            fastcgi_param HTTP_CONTENT_ENCODING $http_content_encoding;
            fastcgi_param GIT_PROTOCOL $http_git_protocol;
        }}
    }}
}}
"#,
            dir = dir.path().display(),
            temp = temp.display(),
            socket = socket.display(),
            backend = backend.display(),
            root = root.display(),
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
        let server = GitHttpServer {
            nginx,
            fcgiwrap,
            port,
            _dir: dir,
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() || !socket.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx or fcgiwrap did not start: {}",
                std::fs::read_to_string(server._dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// The address of repository `name` (e.g. `committee.git`) for `user`.
    pub fn url(&self, user: &str, password: &str, name: &str) -> String {
        format!(
            "http://{user}:{password}@127.0.0.1:{}/git/{name}",
            self.port
        )
    }
}

/// `git http-backend` of the git on the PATH.
fn http_backend() -> PathBuf {
    let exec_path = Command::new("git")
        .arg("--exec-path")
        .output()
        .expect("git --exec-path");
    Path::new(String::from_utf8_lossy(&exec_path.stdout).trim()).join("git-http-backend")
}

impl Drop for GitHttpServer {
    fn drop(&mut self) {
        for child in [&mut self.nginx, &mut self.fcgiwrap] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
