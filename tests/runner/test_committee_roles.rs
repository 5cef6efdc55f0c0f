//! The committee's server over HTTP with its real parts: the binary
//! (`backbrief serve --config`), a real OpenID provider (tests/oidc) and
//! people signed in with `curl` and a cookie jar. Who may do what (the
//! roles), the form token, the session. The proxy's tests
//! (`test_committee_proxy`) use the helpers here.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::TestEnv;
use crate::common::oidc::{CLIENT_SECRET, OidcProvider, TestUser};
use crate::test_serve::{Response, hidden, post, request};

const NAME: &str = "hoved-med";
pub(crate) const PLAN: &str = "/r/hoved-med/plan/arbejdsplads-1";
pub(crate) const TITLE: &str = "Backbrief fra arbejdsplads 1";

pub(crate) const SARA: TestUser<'static> = TestUser {
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

pub(crate) use crate::common::committee::CommitteeServer;

/// A loopback port free at this moment.
pub(crate) fn free_port() -> u16 {
    CommitteeServer::free_port()
}

/// Whether node with the provider and curl are installed (else the test
/// fails under `CI=true`, and is skipped otherwise).
pub(crate) fn tools_present(test: &str) -> bool {
    OidcProvider::available(test)
        && crate::common::tool_present(test, "curl", on_path("curl"), "apt-get install curl")
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// The `[oidc]` section for `provider`, the secret in `dir/oidc-secret`.
pub(crate) fn oidc_section(provider: &OidcProvider, dir: &Path) -> String {
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
pub(crate) fn repository_section(env: &TestEnv) -> String {
    format!(
        "[[repository]]\nname = \"{NAME}\"\npath = \"{}\"\nsecretaries = [\"sara@kommune.dk\"]\n\
         readers = [\"group:Hoved-MED\"]\nauditors = [\"Revision@Kommune.dk\"]\n",
        env.root().display()
    )
}

/// A committee server on loopback with sign-in for two committees, its
/// provider knowing Sara, Lars, the auditor and Ulla.
struct Setup {
    env: TestEnv,
    /// A second committee, lokal-med-1, without plans: the group Andet-MED
    /// reads it.
    _other: TestEnv,
    dir: tempfile::TempDir,
    server: CommitteeServer,
    _provider: OidcProvider,
}

impl Setup {
    fn start() -> Setup {
        let env = TestEnv::repo_with_example_plan();
        let other = TestEnv::repo();
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
            "listen = \"127.0.0.1:{port}\"\npublic_url = \"{base}\"\nlog = \"json\"\n{}\n{}\n\
             [[repository]]\nname = \"lokal-med-1\"\npath = \"{}\"\nreaders = [\"group:Andet-MED\"]\n",
            oidc_section(&provider, dir.path()),
            repository_section(&env),
            other.root().display()
        );
        let server = CommitteeServer::start(&config, dir.path());
        assert_eq!(server.first_line, format!("{base}/"));
        Setup {
            env,
            _other: other,
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
pub(crate) struct Signed {
    pub(crate) cookie: String,
    pub(crate) csrf: String,
    pub(crate) set_cookie: String,
}

/// Signs `email` in at the server `base` (no trailing slash) as a browser
/// would, with curl and a cookie jar in `dir`: `/auth/login?return=/`
/// through the redirects to the provider's login form, the form posted,
/// the redirects followed back to `/auth/callback` and the overview.
/// `extra` goes to every curl (e.g. `--cacert`).
pub(crate) fn sign_in(base: &str, email: &str, dir: &Path, extra: &[&str]) -> Signed {
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
pub(crate) fn drafts(env: &TestEnv) -> Vec<(String, Vec<u8>)> {
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
pub(crate) fn status_change<'a>(base: &'a str, draft: &'a str) -> Vec<(&'a str, &'a str)> {
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
    // Every page of a committee says which committee it is.
    assert!(
        page.body.contains(&format!("backbrief</a> · {NAME}</p>")),
        "{}",
        page.body
    );
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
    // Only the committee her group reads.
    assert!(overview.body.contains("lokal-med-1"), "{}", overview.body);
    assert_eq!(setup.get("/r/lokal-med-1/", Some(&ulla)).status, 200);
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

#[test]
fn the_language_link_on_the_overview_returns_to_the_overview() {
    // Bug: the overview's language link went into the first committee's
    // pages (/r/hoved-med/), a 403 for a person without a role there (Ulla
    // reads only the second).
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let ulla = setup.sign_in(&UDE);
    let overview = setup.get("/", Some(&ulla)).body;
    let link = overview
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/lang/en"))
        .unwrap_or_else(|| panic!("the language link: {overview}"))
        .replace("&amp;", "&");
    let chosen = setup.get(&link, Some(&ulla));
    assert_eq!(chosen.status, 303, "{}", chosen.body);
    assert_eq!(chosen.header("location"), Some("/"));
    let lang = chosen
        .header("set-cookie")
        .and_then(|cookie| cookie.split(';').next())
        .expect("the language cookie")
        .to_string();
    let both = Signed {
        cookie: format!("{}; {lang}", ulla.cookie),
        csrf: ulla.csrf.clone(),
        set_cookie: String::new(),
    };
    let overview = setup.get("/", Some(&both));
    assert_eq!(overview.status, 200, "{}", overview.body);
    assert!(
        overview.body.contains("<html lang=\"en\""),
        "{}",
        overview.body
    );
    // Only ever a path on this server.
    let away = setup.get("/lang/da?next=//evil.example/", Some(&ulla));
    assert_eq!(away.header("location"), Some("/"));
}

/// The server's upkeep after the start (issue 20) says in its log when
/// each committee's history pages are ready, and how many plans and
/// decisions it made them for.
#[test]
fn the_log_says_when_each_committees_history_is_kept_ready() {
    if !tools_present("test_committee_roles") {
        return;
    }
    let setup = Setup::start();
    let log = setup.server.log_with("history kept ready", 2);
    let ready: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("history kept ready"))
        .collect();
    assert_eq!(ready.len(), 2, "{log}");
    assert!(
        ready
            .iter()
            .any(|line| line.contains(&format!("\"repository\":\"{NAME}\""))
                && line.contains("\"plans\":1,")),
        "{log}"
    );
    assert!(
        ready
            .iter()
            .any(|line| line.contains("\"repository\":\"lokal-med-1\"")),
        "{log}"
    );
}
