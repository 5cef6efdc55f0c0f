//! The committee's server over HTTP with its real parts: the binary
//! (`backbrief serve --config`), a real OpenID provider (tests/oidc), people
//! signed in with `curl` and a cookie jar, and Debian's nginx with TLS in
//! front. Who may do what (the roles), the form token, the trusted proxy and
//! the configuration's refusals.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::TestEnv;
use crate::common::oidc::{CLIENT_SECRET, OidcProvider, TestUser};
use crate::common::tls_proxy::TlsProxy;
use crate::test_serve::{Response, hidden, post, request};

const NAME: &str = "hoved-med";
const PLAN: &str = "/r/hoved-med/plan/arbejdsplads-1";
const TITLE: &str = "Backbrief fra arbejdsplads 1";

const SARA: TestUser<'static> = TestUser {
    sub: "sara-1",
    email: "sara@kommune.dk",
    name: "Sara Sekretær",
    groups: &["Sekretariatet"],
};
const LARS: TestUser<'static> = TestUser {
    sub: "lars-2",
    email: "lars@kommune.dk",
    name: "Lars Læser",
    groups: &["Hoved-MED"],
};
const REVISOR: TestUser<'static> = TestUser {
    sub: "revisor-3",
    email: "revision@kommune.dk",
    name: "Rie Revisor",
    groups: &[],
};
const UDE: TestUser<'static> = TestUser {
    sub: "ude-4",
    email: "ude@kommune.dk",
    name: "Ulla Udenfor",
    groups: &["Andet-MED"],
};

/// A committee's server started from its configuration; stopped when
/// dropped. (Its own starter until the shared one in tests/common.)
pub struct CommitteeServer {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    /// The line it printed first.
    pub first_line: String,
    log: PathBuf,
}

impl CommitteeServer {
    /// Writes `config_text` to `dir/server.toml` and runs `backbrief serve
    /// --config` on it until it prints its address; its log goes to
    /// `dir/server.log`.
    pub fn start(config_text: &str, dir: &Path) -> CommitteeServer {
        let config = dir.join("server.toml");
        std::fs::write(&config, config_text).expect("write server.toml");
        let log = dir.join("server.log");
        let mut child = server_command(dir)
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("the log file"))
            .spawn()
            .expect("start backbrief serve --config");
        let mut line = String::new();
        let _ = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line);
        let first_line = line.trim_end().to_string();
        let port = first_line
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "the server did not start ({first_line:?}): {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
            });
        CommitteeServer {
            child,
            port,
            first_line,
            log,
        }
    }

    /// `http://127.0.0.1:PORT<path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for CommitteeServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port free at this moment.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// The binary with a pinned environment, run in `dir`.
fn server_command(dir: &Path) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("backbrief"));
    command
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("RUST_LOG")
        .env("TZ", "UTC")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("RUST_BACKTRACE", "0")
        .current_dir(dir)
        .stdin(Stdio::null());
    command
}

/// Whether node with the provider and curl are installed (else the test
/// fails under `CI=true`, and is skipped otherwise).
fn tools_present(test: &str) -> bool {
    OidcProvider::available(test)
        && crate::common::tool_present(test, "curl", on_path("curl"), "apt-get install curl")
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// The `[oidc]` section for `provider`, the secret in `dir/oidc-secret`.
fn oidc_section(provider: &OidcProvider, dir: &Path) -> String {
    std::fs::write(dir.join("oidc-secret"), format!("{CLIENT_SECRET}\n")).expect("the secret");
    format!(
        "[oidc]\nissuer = \"{}\"\nclient_id = \"{}\"\nclient_secret_file = \"oidc-secret\"\n\
         scopes = [\"openid\", \"email\", \"profile\", \"groups\"]\ngroups_claim = \"groups\"\n",
        provider.issuer,
        crate::common::oidc::CLIENT_ID
    )
}

/// The committee: Sara is its secretary, the group Hoved-MED its readers,
/// revision@ its auditor.
fn repository_section(env: &TestEnv) -> String {
    format!(
        "[[repository]]\nname = \"{NAME}\"\npath = \"{}\"\nsecretaries = [\"sara@kommune.dk\"]\n\
         readers = [\"group:Hoved-MED\"]\nauditors = [\"Revision@Kommune.dk\"]\n",
        env.root().display()
    )
}

/// A committee's server on loopback with sign-in, its provider knowing
/// Sara, Lars, the auditor and Ulla.
struct Setup {
    env: TestEnv,
    dir: tempfile::TempDir,
    server: CommitteeServer,
    _provider: OidcProvider,
}

impl Setup {
    fn start() -> Setup {
        let env = TestEnv::repo_with_example_plan();
        let dir = tempfile::Builder::new()
            .prefix("backbrief-committee-")
            .tempdir()
            .expect("a folder for the server");
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let provider = OidcProvider::start(
            &format!("{base}/auth/callback"),
            &[SARA, LARS, REVISOR, UDE],
        );
        let config = format!(
            "listen = \"127.0.0.1:{port}\"\npublic_url = \"{base}\"\nlog = \"json\"\n{}\n{}",
            oidc_section(&provider, dir.path()),
            repository_section(&env)
        );
        let server = CommitteeServer::start(&config, dir.path());
        assert_eq!(server.first_line, format!("{base}/"));
        Setup {
            env,
            dir,
            server,
            _provider: provider,
        }
    }

    /// Signs `user` in with curl.
    fn sign_in(&self, user: &TestUser<'_>) -> Signed {
        sign_in(&self.server.url(""), user.email, self.dir.path(), &[])
    }

    fn host(&self) -> (String, String) {
        ("Host".into(), format!("127.0.0.1:{}", self.server.port))
    }

    fn origin(&self) -> (String, String) {
        ("Origin".into(), self.server.url(""))
    }

    /// GET `path` with the session (if any).
    fn get(&self, path: &str, who: Option<&Signed>) -> Response {
        let mut headers = vec![self.host()];
        if let Some(who) = who {
            headers.push(("Cookie".into(), who.cookie.clone()));
        }
        request(self.server.port, "GET", path, &headers, b"")
    }

    /// POST `fields` to `path` from the server's own origin, with the
    /// session (if any).
    fn post(&self, path: &str, who: Option<&Signed>, fields: &[(&str, &str)]) -> Response {
        let mut headers = vec![self.host(), self.origin()];
        if let Some(who) = who {
            headers.push(("Cookie".into(), who.cookie.clone()));
        }
        post(self.server.port, path, &headers, fields)
    }

    /// What a post could change: the branch, the work tree, the drafts.
    fn state(&self) -> (String, String, Vec<(String, Vec<u8>)>) {
        (self.env.head(), self.env.porcelain(), drafts(&self.env))
    }
}

/// A person signed in: the session cookie (`backbrief-session=…`), its
/// form token, and the `Set-Cookie` line that made it.
struct Signed {
    cookie: String,
    csrf: String,
    set_cookie: String,
}

/// Signs `email` in at the server `base` (no trailing slash) as a browser
/// would, with curl and a cookie jar in `dir`: `/auth/login?return=/`
/// through the redirects to the provider's login form, the form posted,
/// the redirects followed back to `/auth/callback` and the overview.
/// `extra` goes to every curl (e.g. `--cacert`).
fn sign_in(base: &str, email: &str, dir: &Path, extra: &[&str]) -> Signed {
    let jar = dir.join(format!("jar-{email}"));
    let _ = std::fs::remove_file(&jar);
    let heads = dir.join(format!("heads-{email}"));
    let curl = |args: &[&str]| -> String {
        let output = Command::new("curl")
            .args(["--silent", "--show-error", "--location", "--max-time", "30"])
            .arg("--cookie-jar")
            .arg(&jar)
            .arg("--cookie")
            .arg(&jar)
            .arg("--dump-header")
            .arg(&heads)
            .args(["--write-out", "\n%{url_effective}"])
            .args(extra)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run curl");
        assert!(
            output.status.success(),
            "curl {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let form = curl(&[&format!("{base}/auth/login?return=/")]);
    let (page, at) = form.rsplit_once('\n').expect("the effective address");
    let action = page
        .split("action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the provider's login form at {at}: {page}"));
    let provider = at
        .match_indices('/')
        .nth(2)
        .map_or(at, |(slash, _)| &at[..slash]);
    let back = curl(&[
        "--data-urlencode",
        &format!("login={email}"),
        &format!("{provider}{action}"),
    ]);
    let (overview, at) = back.rsplit_once('\n').expect("the effective address");
    assert_eq!(at, format!("{base}/"), "back on the overview: {overview}");
    let heads = std::fs::read_to_string(&heads).expect("the headers");
    let set_cookie = heads
        .lines()
        .find(|line| {
            line.to_ascii_lowercase()
                .starts_with("set-cookie: backbrief-session=")
        })
        .unwrap_or_else(|| panic!("no session cookie set: {heads}"))
        .trim()
        .to_string();
    let cookie = set_cookie["set-cookie: ".len()..]
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let csrf = hidden(overview, "csrf");
    Signed {
        cookie,
        csrf,
        set_cookie,
    }
}

/// The drafts the server keeps in the clone, with their contents.
fn drafts(env: &TestEnv) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                out.push((path.display().to_string(), bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(&env.path(".git/backbrief/drafts"), &mut out);
    out.sort();
    out
}

/// The form fields of a change of one status, as the plan page posts them.
fn status_change<'a>(base: &'a str, draft: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("base", base),
        ("draft", draft),
        ("status.opsamling-og-procesevaluering", "done"),
        ("was.opsamling-og-procesevaluering", "planned"),
    ]
}

#[test]
fn a_reader_can_post_nothing_and_only_the_auditor_opens_the_check() {
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let lars = setup.sign_in(&LARS);
    let page = setup.get(PLAN, Some(&lars));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(TITLE));
    // A reader sees the pages and downloads.
    for path in [
        format!("{PLAN}/download/md"),
        format!("/r/{NAME}/decisions"),
        format!("/r/{NAME}/"),
    ] {
        let answer = setup.get(&path, Some(&lars));
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    }
    let before = setup.state();
    let head = before.0.clone();
    let csrf = lars.csrf.as_str();
    let posts: [(&str, Vec<(&str, &str)>); 6] = [
        (
            "/edit",
            vec![("base", &head), ("draft", ""), ("field.title", "Overtaget")],
        ),
        ("/statuses", status_change(&head, "")),
        (
            "/add",
            vec![
                ("kind", "subtask"),
                ("phase", "fase-1"),
                ("field.title", "Ny aktivitet"),
            ],
        ),
        (
            "/record",
            vec![
                ("base", &head),
                ("draft", ""),
                ("summary", "Læseren registrerer"),
                ("decided_by", "Hoved-MED"),
                ("decided_on", "12.9.2024"),
            ],
        ),
        ("/discard", vec![("base", &head), ("draft", "")]),
        ("", vec![]),
    ];
    for (tail, fields) in posts {
        let path = if tail.is_empty() {
            format!("/r/{NAME}/sync")
        } else {
            format!("{PLAN}{tail}")
        };
        let mut fields = fields;
        fields.push(("csrf", csrf));
        let answer = setup.post(&path, Some(&lars), &fields);
        assert_eq!(answer.status, 403, "{path}: {}", answer.body);
    }
    assert_eq!(setup.state(), before, "a reader's posts changed nothing");
    assert_eq!(
        setup.get(&format!("/r/{NAME}/verify"), Some(&lars)).status,
        403
    );
    let auditor = setup.sign_in(&REVISOR);
    let check = setup.get(&format!("/r/{NAME}/verify"), Some(&auditor));
    assert_eq!(check.status, 200, "{}", check.body);
    // The auditor, too, is a reader when it comes to posting.
    let answer = setup.post(
        &format!("{PLAN}/statuses"),
        Some(&auditor),
        &[status_change(&head, ""), vec![("csrf", &auditor.csrf)]].concat(),
    );
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert_eq!(setup.state(), before);
}

#[test]
fn a_person_without_a_role_sees_no_committee_and_no_plan_title() {
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let ulla = setup.sign_in(&UDE);
    let overview = setup.get("/", Some(&ulla));
    assert_eq!(overview.status, 200, "{}", overview.body);
    assert!(!overview.body.contains(NAME), "{}", overview.body);
    assert!(!overview.body.contains(TITLE), "{}", overview.body);
    for path in [
        format!("/r/{NAME}/"),
        PLAN.to_string(),
        format!("/r/{NAME}/decisions"),
        format!("{PLAN}/download/md"),
        format!("{PLAN}/report"),
        format!("/r/{NAME}/verify"),
    ] {
        let answer = setup.get(&path, Some(&ulla));
        assert_eq!(answer.status, 403, "{path}: {}", answer.body);
        assert!(!answer.body.contains(TITLE), "{path}: {}", answer.body);
        assert!(
            !answer.body.contains("arbejdsplads"),
            "{path}: {}",
            answer.body
        );
    }
    // Sara, for comparison, sees the committee and its plan on the overview.
    let sara = setup.sign_in(&SARA);
    let overview = setup.get("/", Some(&sara)).body;
    assert!(
        overview.contains(NAME) && overview.contains(TITLE),
        "{overview}"
    );
}

#[test]
fn a_post_without_the_sessions_form_token_or_from_another_origin_is_403() {
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let sara = setup.sign_in(&SARA);
    let page = setup.get(PLAN, Some(&sara)).body;
    assert_eq!(
        hidden(&page, "csrf"),
        sara.csrf,
        "the plan's forms carry it"
    );
    let (base, draft) = (hidden(&page, "base"), hidden(&page, "draft"));
    let change = status_change(&base, &draft);
    let path = format!("{PLAN}/statuses");
    let before = setup.state();
    let wrong = "A".repeat(sara.csrf.len());
    let refused: [(&str, Vec<(&str, &str)>); 5] = [
        ("no token", change.clone()),
        (
            "a wrong token",
            [change.clone(), vec![("csrf", &wrong)]].concat(),
        ),
        (
            "two tokens",
            [change.clone(), vec![("csrf", &sara.csrf), ("csrf", &wrong)]].concat(),
        ),
        (
            "the right token twice",
            [
                change.clone(),
                vec![("csrf", &sara.csrf), ("csrf", &sara.csrf)],
            ]
            .concat(),
        ),
        (
            "an empty token",
            [change.clone(), vec![("csrf", "")]].concat(),
        ),
    ];
    for (why, fields) in refused {
        let answer = setup.post(&path, Some(&sara), &fields);
        assert_eq!(answer.status, 403, "{why}: {}", answer.body);
    }
    let with_token = [change.clone(), vec![("csrf", &sara.csrf)]].concat();
    for origin in [
        Some("http://evil.example".to_string()),
        Some(format!("http://127.0.0.1:{}", free_port())),
        Some("null".to_string()),
        None,
    ] {
        let mut headers = vec![setup.host(), ("Cookie".into(), sara.cookie.clone())];
        if let Some(origin) = &origin {
            headers.push(("Origin".into(), origin.clone()));
        }
        let answer = post(setup.server.port, &path, &headers, &with_token);
        assert_eq!(answer.status, 403, "origin {origin:?}: {}", answer.body);
    }
    // Another person's token is not this session's.
    let lars = setup.sign_in(&LARS);
    let answer = setup.post(
        &path,
        Some(&sara),
        &[change.clone(), vec![("csrf", &lars.csrf)]].concat(),
    );
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert_eq!(setup.state(), before, "nothing changed");
    let answer = setup.post(&path, Some(&sara), &with_token);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(setup.env.head(), before.0, "a draft, not yet recorded");
    assert_ne!(drafts(&setup.env), before.2, "the change is in the draft");
}

#[test]
fn without_a_valid_session_a_page_load_goes_to_sign_in_and_a_post_is_403() {
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let head = setup.env.head();
    let forged = Signed {
        cookie: format!("backbrief-session={}", "0".repeat(64)),
        csrf: String::new(),
        set_cookie: String::new(),
    };
    let sara = setup.sign_in(&SARA);
    for who in [None, Some(&forged)] {
        let answer = setup.get(&format!("{PLAN}?x=1&y=æ"), who);
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(
            answer.header("location"),
            Some("/auth/login?return=/r/hoved-med/plan/arbejdsplads-1%3Fx%3D1%26y%3D%C3%A6")
        );
        assert_eq!(setup.get("/", who).status, 303);
        // Sara's form token with no session or another's is no use.
        let fields = [status_change(&head, ""), vec![("csrf", &sara.csrf)]].concat();
        let answer = setup.post(&format!("{PLAN}/statuses"), who, &fields);
        assert_eq!(answer.status, 403, "{}", answer.body);
        assert!(!answer.body.contains(TITLE));
    }
    assert_eq!(setup.env.head(), head);
    assert_eq!(setup.env.porcelain(), "");
    assert_eq!(drafts(&setup.env), vec![]);
}

#[test]
fn the_sign_out_button_on_the_pages_ends_the_session() {
    // Bug: the door took the form token out of every post before the /auth
    // routes saw it, so the sign-out form of every page was refused (403).
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let sara = setup.sign_in(&SARA);
    let page = setup.get(PLAN, Some(&sara)).body;
    let form = page
        .split("<form class=\"signout\" method=\"post\" action=\"/auth/logout\">")
        .nth(1)
        .unwrap_or_else(|| panic!("the sign-out form: {page}"));
    let answer = setup.post(
        "/auth/logout",
        Some(&sara),
        &[("csrf", &hidden(form, "csrf"))],
    );
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(
        answer
            .header("set-cookie")
            .is_some_and(|cookie| cookie.starts_with("backbrief-session=;")),
        "{answer:?}"
    );
    // The old cookie is nobody's now.
    assert_eq!(setup.get(PLAN, Some(&sara)).status, 303);
    // Without the token, or from another origin, the session stays.
    let sara = setup.sign_in(&SARA);
    assert_eq!(setup.post("/auth/logout", Some(&sara), &[]).status, 403);
    let foreign = post(
        setup.server.port,
        "/auth/logout",
        &[
            setup.host(),
            ("Origin".into(), "http://evil.example".into()),
            ("Cookie".into(), sara.cookie.clone()),
        ],
        &[("csrf", &sara.csrf)],
    );
    assert_eq!(foreign.status, 403);
    assert_eq!(setup.get(PLAN, Some(&sara)).status, 200);
}

#[test]
fn healthz_answers_without_sign_in() {
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let answer = setup.get("/healthz", None);
    assert_eq!((answer.status, answer.body.as_str()), (200, "ok\n"));
}

/// An answer through the proxy: the status and the whole text (`curl
/// --include`). A post sends `fields` from the public origin (or `origin`).
fn through(
    proxy: &TlsProxy,
    path: &str,
    cookie: &str,
    form: Option<(&[(&str, &str)], &str)>,
) -> (u16, String) {
    let cookie = format!("Cookie: {cookie}");
    let mut args = vec!["--include", "--header", &cookie];
    let body;
    let origin;
    if let Some((fields, from)) = form {
        body = fields
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    crate::test_serve::encode(k),
                    crate::test_serve::encode(v)
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        origin = format!("Origin: {from}");
        args.extend(["--header", &origin, "--data", &body]);
    }
    let output = proxy.curl(path, &args);
    assert!(
        output.status.success(),
        "curl {path}: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        proxy.error_log()
    );
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn behind_the_tls_proxy_the_cookie_is_secure_and_forwarded_headers_are_believed_only_from_it() {
    if !tools_present("test_committee_roles") || !TlsProxy::available("test_committee_roles") {
        return;
    }
    let env = TestEnv::repo_with_example_plan();
    let dir = tempfile::Builder::new()
        .prefix("backbrief-committee-")
        .tempdir()
        .expect("a folder for the server");
    let backend = free_port();
    // nginx connects from 127.0.0.2: only that peer is trusted, so a
    // client on 127.0.0.1 that talks to the backend directly is not.
    let proxy = TlsProxy::start_from(backend, "127.0.0.2");
    let public = proxy.https_url();
    let provider = OidcProvider::start(&format!("{public}/auth/callback"), &[SARA]);
    let config = format!(
        "listen = \"127.0.0.1:{backend}\"\npublic_url = \"{public}\"\n\
         trusted_proxies = [\"127.0.0.2\"]\nlog = \"json\"\n{}\n{}",
        oidc_section(&provider, dir.path()),
        repository_section(&env)
    );
    let server = CommitteeServer::start(&config, dir.path());
    let certificate = proxy.certificate();
    let certificate = certificate.to_str().expect("a UTF-8 path");
    let sara = sign_in(&public, SARA.email, dir.path(), &["--cacert", certificate]);
    let attributes: Vec<String> = sara
        .set_cookie
        .split(';')
        .skip(1)
        .map(|part| part.trim().to_ascii_lowercase())
        .collect();
    for wanted in ["secure", "httponly", "samesite=lax", "path=/"] {
        assert!(
            attributes.iter().any(|a| a == wanted),
            "{wanted}: {}",
            sara.set_cookie
        );
    }
    // The pages work through the proxy, posts from the public origin too.
    let (status, page) = through(&proxy, PLAN, &sara.cookie, None);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(TITLE));
    let (base, draft) = (hidden(&page, "base"), hidden(&page, "draft"));
    let fields = [status_change(&base, &draft), vec![("csrf", &sara.csrf)]].concat();
    let statuses = format!("{PLAN}/statuses");
    let (status, answer) = through(&proxy, &statuses, &sara.cookie, Some((&fields, &public)));
    assert_eq!(status, 303, "{answer}");
    // A post through the proxy from the backend's own address is from
    // another origin; the log names the client nginx forwarded (127.0.0.1),
    // not nginx (127.0.0.2).
    let direct_origin = server.url("");
    let (status, answer) = through(
        &proxy,
        &statuses,
        &sara.cookie,
        Some((&fields, &direct_origin)),
    );
    assert_eq!(status, 403, "{answer}");
    let log = server.log();
    let refusal = log
        .lines()
        .find(|line| line.contains("another origin"))
        .unwrap_or_else(|| panic!("the refusal is logged: {log}"));
    assert!(refusal.contains("\"client\":\"127.0.0.1\""), "{refusal}");

    // Directly to the backend, X-Forwarded-* are not believed: the host is
    // the backend's own Host header (not the public one) → 403, and the
    // client is the peer.
    let host = ("Host".to_string(), format!("127.0.0.1:{backend}"));
    let spoofed = [
        host.clone(),
        (
            "X-Forwarded-Host".to_string(),
            public.trim_start_matches("https://").to_string(),
        ),
        ("X-Forwarded-Proto".to_string(), "https".to_string()),
        ("X-Forwarded-For".to_string(), "203.0.113.9".to_string()),
        ("Cookie".to_string(), sara.cookie.clone()),
    ];
    let answer = request(backend, "GET", PLAN, &spoofed, b"");
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert!(!answer.body.contains(TITLE));
    let answer = post(
        backend,
        &statuses,
        &[
            spoofed.to_vec(),
            vec![("Origin".to_string(), public.clone())],
        ]
        .concat(),
        &fields,
    );
    assert_eq!(answer.status, 403, "{}", answer.body);
    let log = server.log();
    let refusals: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("foreign host"))
        .collect();
    assert_eq!(refusals.len(), 2, "{log}");
    for refusal in refusals {
        assert!(refusal.contains("\"client\":\"127.0.0.1\""), "{refusal}");
    }
    assert!(!log.contains("203.0.113.9"), "{log}");
    // Only the one change through the proxy is in the draft; nothing
    // recorded.
    assert_eq!(env.porcelain(), "");
    assert_eq!(drafts(&env).len(), 1, "{:?}", drafts(&env));
}

/// `backbrief [--lang en] serve --config server.toml` with `config` in a
/// folder that holds a clone called `repo`; the exit code must be `code`.
fn refused_config(config: &str, english: bool, code: i32) -> crate::common::Output {
    let env = TestEnv::without_plans();
    std::fs::create_dir(env.path("repo")).expect("a folder for the clone");
    std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(env.path("repo"))
        .status()
        .expect("git init");
    env.write("server.toml", config);
    let mut command = env.command_without_dir();
    if english {
        command.args(["--lang", "en"]);
    }
    command.args(["serve", "--config", "server.toml"]);
    command.timeout(std::time::Duration::from_secs(30));
    let output = env.run_command(command).expect_code(code);
    assert_eq!(output.stdout, "", "no address printed: {output}");
    output
}

const REPOSITORY: &str =
    "[[repository]]\nname = \"hoved-med\"\npath = \"repo\"\nsecretaries = [\"sara@kommune.dk\"]\n";

#[test]
fn listening_beyond_this_machine_without_sign_in_is_refused_in_both_languages() {
    let config = format!("listen = \"0.0.0.0:0\"\n{REPOSITORY}");
    let danish = refused_config(&config, false, 2);
    insta::assert_snapshot!(danish.stderr, @r#"
    fejl: [ROOT]/server.toml, linje 1, kolonne 10: log-ind er påkrævet for at lytte ud over denne maskine: `listen` er 0.0.0.0:0, men der er ingen [oidc]
    tip: Tilføj en [oidc]-sektion med kommunens log-ind, eller lyt kun på denne maskine: listen = "127.0.0.1:8080".
    "#);
    let english = refused_config(&config, true, 2);
    insta::assert_snapshot!(english.stderr, @r#"
    error: [ROOT]/server.toml, line 1, column 10: sign-in is required to listen beyond this machine: `listen` is 0.0.0.0:0, but there is no [oidc]
    hint: Add an [oidc] section with the municipality's sign-in, or listen on this machine only: listen = "127.0.0.1:8080".
    "#);
}

#[test]
fn a_misspelt_key_is_named_with_its_line_and_the_key_meant() {
    let config = format!("listen = \"127.0.0.1:0\"\nstale_after_secnds = 5\n{REPOSITORY}");
    let output = refused_config(&config, false, 2);
    insta::assert_snapshot!(output.stderr, @r"
    fejl: [ROOT]/server.toml, linje 2, kolonne 1: nøglen `stale_after_secnds` kendes ikke øverst i filen
    tip: Mente du `stale_after_seconds`?
    ");
}

#[test]
fn a_secret_file_that_cannot_be_read_is_named() {
    let config = format!(
        "listen = \"127.0.0.1:0\"\npublic_url = \"http://127.0.0.1:9\"\n[oidc]\n\
         issuer = \"http://127.0.0.1:9\"\nclient_id = \"backbrief\"\n\
         client_secret_file = \"no-such-secret\"\n{REPOSITORY}"
    );
    let output = refused_config(&config, false, 2);
    insta::assert_snapshot!(output.stderr, @r"
    fejl: [ROOT]/server.toml, linje 6, kolonne 22: klienthemmelighedens fil [ROOT]/no-such-secret kan ikke læses: den findes ikke
    tip: Læg den hemmelighed, udbyderen gav klienten, i filen, og giv serverens bruger lov til at læse den.
    ");
}

#[test]
fn a_repository_path_that_is_no_clone_names_the_committee() {
    let config = "listen = \"127.0.0.1:0\"\n[[repository]]\nname = \"hoved-med\"\n\
                  path = \"no-such-clone\"\nsecretaries = [\"sara@kommune.dk\"]\n";
    let output = refused_config(config, false, 3);
    insta::assert_snapshot!(output.stderr, @"fejl: Udvalget hoved-med kan ikke åbnes: [ROOT]/no-such-clone er ikke et plan-repositorium (ingen git-repositorium her).");
}
