//! The committee's server in a real browser (Chromium), people signed in
//! through a real OpenID provider (tests/oidc): who sees which committee,
//! a decision recorded with the signed-in person as its author, each
//! person's drafts their own, sign-out, and the pages' accessibility.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

use backbrief::i18n::{Lang, Message, SigninMsg};

use crate::common::TestEnv;
use crate::common::committee::CommitteeServer;
use crate::common::oidc::{CLIENT_ID, CLIENT_SECRET, OidcProvider, TestUser};
use crate::test_serve_browser::{Browser, Driver, axe_violations, browser_available, wait_for};

const PLAN: &str = "arbejdsplads-1";
/// The example plan's title, as committee 1 keeps it.
const TITLE_1: &str = "Backbrief fra arbejdsplads 1";
/// Committee 2's plan: the same, retitled.
const TITLE_2: &str = "Backbrief fra arbejdsplads 2";
const FIRST: &str =
    "Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven";
const SECOND: &str = "Planlægning af implementeringsfasen i MED";

/// Secretary of committee 1 by e-mail.
const SARA: TestUser<'static> = TestUser {
    sub: "sara-1",
    email: "sara@kommune.dk",
    name: "Sara Sekretær",
    groups: &["medarbejdere"],
};
/// A second secretary of committee 1, by e-mail.
const SOFUS: TestUser<'static> = TestUser {
    sub: "sofus-2",
    email: "sofus@kommune.dk",
    name: "Sofus Stedfortræder",
    groups: &["medarbejdere"],
};
/// Reader of both committees, by group.
const LEDER: TestUser<'static> = TestUser {
    sub: "leder-3",
    email: "leder@kommune.dk",
    name: "Lone Leder",
    groups: &["ledere", "medarbejdere"],
};
/// Auditor of both committees, by e-mail.
const REVISOR: TestUser<'static> = TestUser {
    sub: "revisor-4",
    email: "revisor@kommune.dk",
    name: "Rasmus Revisor",
    groups: &[],
};
/// In no committee's lists.
const UDE: TestUser<'static> = TestUser {
    sub: "ude-5",
    email: "ude@kommune.dk",
    name: "Ulla Udenfor",
    groups: &["andre"],
};

/// Two committees' clones, the provider and the server in front of them.
struct Committees {
    one: TestEnv,
    two: TestEnv,
    /// Committee 1's git server (a bare repository).
    upstream: TestEnv,
    /// The server's folder: server.toml and the client secret's file.
    _dir: TestEnv,
    provider: OidcProvider,
    server: CommitteeServer,
}

impl Committees {
    fn start() -> Committees {
        let one = TestEnv::repo_with_example_plan();
        let upstream = TestEnv::without_plans();
        let bare = upstream.path("hoved-med.git").display().to_string();
        upstream.git(&["init", "-q", "--bare", "-b", "main", &bare]);
        one.git(&["remote", "add", "origin", &bare]);
        one.git(&["push", "-q", "-u", "origin", "main"]);
        let two = TestEnv::repo_with_example_plan();
        let retitle = format!("title={TITLE_2}");
        let decide = [
            "decide", PLAN, "-m", "Ny titel", "--by", "MED", "--set", &retitle,
        ];
        two.run_on("2024-09-03", &decide).expect_code(0);
        let dir = TestEnv::without_plans();
        dir.write("oidc-secret", format!("{CLIENT_SECRET}\n"));
        let port = CommitteeServer::free_port();
        let provider = OidcProvider::start(
            &format!("http://127.0.0.1:{port}/auth/callback"),
            &[SARA, SOFUS, LEDER, REVISOR, UDE],
        );
        let config = format!(
            r#"listen = "127.0.0.1:{port}"
public_url = "http://127.0.0.1:{port}"

[oidc]
issuer = "{issuer}"
client_id = "{CLIENT_ID}"
client_secret_file = "oidc-secret"
scopes = ["openid", "email", "profile", "groups"]
groups_claim = "groups"

[identity]
name = "MED-serveren"
email = "server@kommune.dk"

[[repository]]
name = "hoved-med"
path = "{one}"
secretaries = ["sara@kommune.dk", "Sofus@Kommune.dk"]
readers = ["group:ledere"]
auditors = ["revisor@kommune.dk"]

[[repository]]
name = "lokal-med-1"
path = "{two}"
secretaries = ["group:lokal-sekretariat"]
readers = ["group:ledere"]
auditors = ["revisor@kommune.dk"]
"#,
            issuer = provider.issuer,
            one = one.root().display(),
            two = two.root().display(),
        );
        let server = CommitteeServer::start(&config, dir.root());
        assert_eq!(server.first_line, format!("http://127.0.0.1:{port}/"));
        Committees {
            one,
            two,
            upstream,
            _dir: dir,
            provider,
            server,
        }
    }

    /// Whether the browser is on the server (not the provider, whose port
    /// differs).
    fn on_server(&self, browser: &Browser<'_>) -> bool {
        browser.url().starts_with(&self.server.url("/"))
    }

    /// Opens `path` and signs in as `who` at the provider when it asks;
    /// waits until the browser is back on the server.
    fn sign_in(&self, browser: &Browser<'_>, path: &str, who: TestUser<'_>) {
        browser.go(&self.server.url(path));
        wait_for("the provider's form or the server", || {
            self.on_server(browser) || browser.source().contains("Log ind</button>")
        });
        assert!(
            !self.on_server(browser),
            "{path} opened without a sign-in: {}",
            browser.url()
        );
        browser.type_into(&browser.named("input", "E-mail"), who.email);
        browser.click_to_next_page(&browser.named("button", "Log ind"));
        wait_for("the way back to the server", || self.on_server(browser));
        assert_eq!(
            browser.url(),
            self.server.url(path),
            "{}",
            self.provider.stderr()
        );
    }
}

/// Every cookie of 127.0.0.1 (the server's and the provider's: cookies do
/// not tell ports apart) dropped: the next person starts afresh.
fn forget_everyone(browser: &Browser<'_>) {
    browser.cmd("DELETE", "/cookie", Value::Null);
}

/// The value of the browser's session cookie for the server, if any.
fn session_cookie(browser: &Browser<'_>) -> Option<String> {
    browser
        .cmd("GET", "/cookie", Value::Null)
        .as_array()
        .into_iter()
        .flatten()
        .find(|cookie| cookie["name"] == "backbrief-session")
        .and_then(|cookie| cookie["value"].as_str().map(str::to_string))
}

/// The HTTP status the browser's last page load got.
fn page_status(browser: &Browser<'_>) -> u64 {
    browser
        .script("return performance.getEntriesByType('navigation')[0].responseStatus;")
        .as_u64()
        .unwrap_or(0)
}

/// The value of the select `Status: <activity>` on the page.
fn status_of(browser: &Browser<'_>, activity: &str) -> String {
    let select = browser.named("select", &format!("Status: {activity}"));
    let value = format!("/element/{select}/property/value");
    browser
        .cmd("GET", &value, Value::Null)
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A raw GET of `path` with this session cookie: the whole answer.
fn raw_get(server: &CommitteeServer, path: &str, session: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: backbrief-session={session}\r\nConnection: close\r\n\r\n",
        server.host
    )
    .expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn the_helper_starts_a_committee_server_with_a_token_and_stops_it() {
    let env = TestEnv::repo_with_example_plan();
    let dir = TestEnv::without_plans();
    let port = CommitteeServer::free_port();
    let config = format!(
        "listen = \"127.0.0.1:{port}\"\n\n[[repository]]\nname = \"hoved-med\"\npath = \"{}\"\n",
        env.root().display()
    );
    let server = CommitteeServer::start(&config, dir.root());
    assert_eq!(server.port, port);
    assert_eq!(server.config_path, dir.path("server.toml"));
    let token = server.token().expect("a token without sign-in");
    assert_eq!(
        server.first_line,
        format!("http://127.0.0.1:{port}/?token={token}")
    );
    drop(server);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn the_helper_runs_a_refused_configuration_to_its_end() {
    let env = TestEnv::repo_with_example_plan();
    let dir = TestEnv::without_plans();
    let config = format!(
        "listen = \"0.0.0.0:0\"\n\n[[repository]]\nname = \"hoved-med\"\npath = \"{}\"\n",
        env.root().display()
    );
    let output = CommitteeServer::run_to_end(&config, dir.root());
    assert_eq!(output.code, Some(2), "{output}");
    assert!(output.stdout.is_empty(), "{output}");
}

#[test]
fn committees_in_the_browser_each_person_signed_in_sees_and_records_as_their_role_allows() {
    if !browser_available() || !OidcProvider::available("test_committee_browser") {
        return;
    }
    let committees = Committees::start();
    let server = &committees.server;
    let driver = Driver::start();
    // One browser with JavaScript on (axe-core needs it); each person in
    // turn, every cookie dropped between them.
    let browser = Browser::open(&driver, true, 1280, 900);
    let plan_1 = format!("/r/hoved-med/plan/{PLAN}");
    let mut problems = Vec::new();
    let before = committees.one.head();

    // Sofus, a second secretary, leaves an unsent change: his draft.
    committees.sign_in(&browser, &plan_1, SOFUS);
    let first = browser.named("select", &format!("Status: {FIRST}"));
    browser.choose(&first, "udført");
    browser.click_to_next_page(&browser.named("button", "Gem statusændringer"));
    wait_for("Sofus's draft", || status_of(&browser, FIRST) == "done");
    assert_eq!(committees.one.head(), before, "a draft records nothing");
    forget_everyone(&browser);

    // Sara: sent to the provider, back on her committees.
    committees.sign_in(&browser, "/", SARA);
    let overview = browser.source();
    assert!(overview.contains("Dine udvalg"), "{overview}");
    assert!(
        overview.contains("hoved-med") && overview.contains(TITLE_1),
        "{overview}"
    );
    assert!(
        !overview.contains("lokal-med-1") && !overview.contains(TITLE_2),
        "Sara has no role in committee 2: {overview}"
    );
    assert!(overview.contains(SARA.name), "{overview}");
    for violation in axe_violations(&browser) {
        problems.push(format!("overview: {violation}"));
    }
    browser.click_to_next_page(&browser.named("a", TITLE_1));
    assert_eq!(browser.url(), server.url(&plan_1));
    // Sofus's draft is his: Sara sees the plan as recorded, and is told
    // that he holds a draft.
    assert_eq!(status_of(&browser, FIRST), "planned");
    assert!(
        browser.source().contains(SOFUS.name),
        "{}",
        browser.source()
    );
    for violation in axe_violations(&browser) {
        problems.push(format!("plan: {violation}"));
    }
    let second = browser.named("select", &format!("Status: {SECOND}"));
    browser.choose(&second, "i gang");
    browser.click_to_next_page(&browser.named("button", "Gem statusændringer"));
    wait_for("Sara's draft", || {
        status_of(&browser, SECOND) == "in_progress"
    });
    browser.type_into(
        &browser.named("input", "Resumé"),
        "Implementeringen er i gang",
    );
    browser.type_into(&browser.named("input", "Besluttet af"), "Hoved-MED");
    browser.type_into(&browser.named("input", "Møde"), "MED-møde 10. oktober 2024");
    browser.click_to_next_page(&browser.named("button", "Registrér beslutning"));
    wait_for("the decision to be recorded", || {
        committees.one.head() != before
    });
    let commit = committees.one.head();
    let shown = server.url(&format!("/r/hoved-med/decision/{commit}?recorded=1"));
    wait_for("the decision's page", || browser.url() == shown);
    let page = browser.source();
    assert!(
        page.contains(&format!(", {}</dd>", SARA.name)),
        "the recorder is shown: {page}"
    );

    // The commit: Sara the author (from the ID token), the server the
    // committer, the decision as she typed it; pushed to the git server.
    let one = &committees.one;
    assert_eq!(
        one.git(&["log", "-1", "--format=%an <%ae>|%cn <%ce>|%s", &commit]),
        "Sara Sekretær <sara@kommune.dk>|MED-serveren <server@kommune.dk>|Implementeringen er i gang\n"
    );
    assert_eq!(
        one.trailers(&commit),
        "Plan: arbejdsplads-1\nDecided-by: Hoved-MED\nDecided-on: 2024-10-10\nMeeting: MED-møde 10. oktober 2024\n"
    );
    let diff = one.git(&["diff", "--stat", &before, &commit]);
    assert!(
        diff.contains("plans/arbejdsplads-1.json | 2 +-"),
        "only Sara's change: {diff}"
    );
    let bare = committees.upstream.path("hoved-med.git");
    assert_eq!(
        one.git(&[
            "--git-dir",
            &bare.display().to_string(),
            "rev-parse",
            "main"
        ])
        .trim(),
        commit,
        "pushed at once"
    );
    let log = one.run(&["log", "--json"]).expect_code(0).to_string();
    assert!(log.contains("Sara Sekretær <sara@kommune.dk>"), "{log}");
    let show = one.run(&["show", &commit]).expect_code(0).to_string();
    assert!(show.contains("Sara Sekretær"), "{show}");
    assert!(show.contains("status planlagt → i gang"), "{show}");
    assert!(
        !show.contains("udført"),
        "Sofus's draft is not in it: {show}"
    );

    // Sign-out ends the session and, through the provider's end-session
    // endpoint, the provider's sign-in too (bugs: the door took the form's
    // token before the sign-out saw it; the provider, still knowing her,
    // signed her straight back in; the pages' `form-action 'self'` stopped
    // the form's redirect to the provider). She is told she is signed out,
    // the old cookie opens nothing, the next page load asks for her e-mail.
    let issuer = &committees.provider.issuer;
    let policy = format!("form-action 'self' {issuer};");
    assert!(raw_get(server, "/auth/logout", "").contains(&policy));
    let old = session_cookie(&browser).expect("Sara's session");
    browser.click_to_next_page(&browser.named("button", "Log ud"));
    wait_for("the provider's sign-out", || {
        browser.source().contains("Log ud?</h1>")
    });
    let end = browser.url();
    assert!(end.starts_with(&format!("{issuer}/session/end?")), "{end}");
    assert_eq!(session_cookie(&browser), None);
    browser.click_to_next_page(&browser.named("button", "Log ud"));
    wait_for("the signed-out page", || {
        let page = browser.source();
        [Lang::Da, Lang::En]
            .iter()
            .any(|lang| page.contains(&SigninMsg::NotSignedIn.get(*lang)))
    });
    assert_eq!(browser.url(), server.url("/auth/logout"));
    assert_eq!(session_cookie(&browser), None);
    for violation in axe_violations(&browser) {
        problems.push(format!("signed out: {violation}"));
    }
    let answer = raw_get(server, "/", &old);
    assert!(
        answer.starts_with("HTTP/1.1 303") && answer.contains("location: /auth/login?return="),
        "{answer}"
    );
    committees.sign_in(&browser, "/", SARA);
    assert!(session_cookie(&browser).is_some_and(|new| new != old));
    forget_everyone(&browser);

    // Lone, a reader of both: every committee's plans, nothing to edit.
    committees.sign_in(&browser, "/", LEDER);
    let overview = browser.source();
    for words in ["hoved-med", "lokal-med-1", TITLE_1, TITLE_2] {
        assert!(overview.contains(words), "{words}: {overview}");
    }
    browser.click_to_next_page(&browser.named("a", TITLE_1));
    assert_eq!(browser.url(), server.url(&plan_1));
    let page = browser.source();
    assert!(!page.contains("Registrér beslutning"), "{page}");
    assert!(!page.contains("Gem statusændringer"), "{page}");
    assert!(
        browser.all("select").is_empty(),
        "no status selects: {page}"
    );
    assert!(!page.contains(">Kontrol<"), "{page}");
    // The plan as recorded: Sara's decision, not Sofus's draft.
    // (The timeline's titles: activity – due – status.)
    assert!(
        page.contains(&format!("{FIRST} – 28. november 2024 – planlagt")),
        "{page}"
    );
    assert!(
        page.contains(&format!("{SECOND} – marts 2025 – i gang")),
        "{page}"
    );
    for violation in axe_violations(&browser) {
        problems.push(format!("plan, read only: {violation}"));
    }
    browser.go(&server.url("/r/hoved-med/verify"));
    assert_eq!(page_status(&browser), 403);
    forget_everyone(&browser);

    // Rasmus, the auditor: Kontrol, and it opens.
    committees.sign_in(&browser, &plan_1, REVISOR);
    assert!(browser.all("select").is_empty(), "an auditor edits nothing");
    browser.click_to_next_page(&browser.named("a", "Kontrol"));
    assert_eq!(browser.url(), server.url("/r/hoved-med/verify"));
    assert_eq!(page_status(&browser), 200);
    forget_everyone(&browser);

    // Ulla, in no committee: told so, refused, and no plan's title shown.
    committees.sign_in(&browser, "/", UDE);
    let overview = browser.source();
    assert!(
        overview.contains("Du har ikke adgang til noget udvalgs planer her."),
        "{overview}"
    );
    assert!(
        !overview.contains(TITLE_1) && !overview.contains(TITLE_2),
        "{overview}"
    );
    for violation in axe_violations(&browser) {
        problems.push(format!("no committees: {violation}"));
    }
    browser.go(&server.url("/r/hoved-med/"));
    assert_eq!(page_status(&browser), 403);
    let refused = browser.source();
    assert!(refused.contains("Ingen adgang"), "{refused}");
    assert!(
        !refused.contains(TITLE_1) && !refused.contains(TITLE_2),
        "{refused}"
    );
    for violation in axe_violations(&browser) {
        problems.push(format!("403: {violation}"));
    }
    browser.go(&server.url(&plan_1));
    assert_eq!(page_status(&browser), 403);
    assert!(!browser.source().contains(TITLE_1));

    forget_everyone(&browser);

    // Sofus again: his draft waited for him, over Sara's decision.
    committees.sign_in(&browser, &plan_1, SOFUS);
    assert_eq!(status_of(&browser, FIRST), "done");
    assert_eq!(status_of(&browser, SECOND), "in_progress");

    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
    committees.one.run(&["verify"]).expect_code(0);
    assert_eq!(committees.two.porcelain(), "");
    // Neither the client secret nor an ID token (`eyJ…`) reaches the log.
    assert!(!server.stderr().contains(CLIENT_SECRET) && !server.stderr().contains("eyJ"));
}
