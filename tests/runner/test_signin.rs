//! Sign-in to the committee's server with a real OpenID provider (panva's
//! oidc-provider, tests/oidc) through a real browser (Chromium): the
//! redirects, the provider's login form, the code exchange and the ID
//! token's checks are all the real ones.
//!
//! The server here is the library's `/auth` routes and a `/whoami` page
//! that answers with the signed-in person, on a loopback port.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::routing::get;
use serde_json::Value;

use backbrief::i18n::{Lang, Message, SigninMsg};
use backbrief::serve::committee::auth_routes::{self, Auth, SESSION_COOKIE, session_of};
use backbrief::serve::committee::config::OidcConfig;
use backbrief::serve::committee::sessions::Sessions;
use backbrief::serve::committee::signin::Provider;

use crate::common::oidc::{CLIENT_ID, CLIENT_SECRET, OidcProvider, TestUser};
use crate::test_serve_browser::{Browser, Driver, browser_available, wait_for};

const ANNA: TestUser<'static> = TestUser {
    sub: "anna-1",
    email: "anna@kommune.dk",
    name: "Anna Sekretær",
    groups: &["med-skole", "med-sekretariat"],
};
const BO: TestUser<'static> = TestUser {
    sub: "bo-2",
    email: "bo@kommune.dk",
    name: "Bo Læser",
    groups: &["med-skole"],
};

/// The server under test: the `/auth` routes, `/whoami`, and the
/// addresses of every callback it was sent (to replay one).
struct TestServer {
    base: String,
    auth: Arc<Auth>,
    callbacks: Arc<Mutex<Vec<String>>>,
    /// Runs the server; dropping it stops the server.
    _runtime: tokio::runtime::Runtime,
}

async fn whoami(State(auth): State<Arc<Auth>>, headers: HeaderMap) -> String {
    match session_of(&auth, &headers) {
        Some(session) => format!(
            "signed in: {} <{}> groups: {}",
            session.identity.name.unwrap_or_default(),
            session.identity.email.unwrap_or_default(),
            session.identity.groups.join(",")
        ),
        None => "nobody".to_string(),
    }
}

impl TestServer {
    /// Binds a port, starts the provider for it, discovers it and serves.
    fn start(users: &[TestUser<'_>]) -> (TestServer, OidcProvider) {
        // The server's log (refusals with their reasons) in the test's output.
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind a loopback port");
        let port = listener.local_addr().expect("address").port();
        let base = format!("http://127.0.0.1:{port}");
        let redirect = format!("{base}/auth/callback");
        let provider = OidcProvider::start(&redirect, users);
        let oidc = OidcConfig {
            issuer: provider.issuer.clone(),
            client_id: CLIENT_ID.to_string(),
            client_secret: CLIENT_SECRET.to_string(),
            scopes: ["openid", "email", "profile", "groups"]
                .map(String::from)
                .to_vec(),
            groups_claim: Some("groups".to_string()),
        };
        let discovered = runtime
            .block_on(Provider::discover(&oidc, &redirect))
            .unwrap_or_else(|error| panic!("discovery: {error:?}\n{}", provider.stderr()));
        let sessions = Sessions::new(Duration::from_secs(3600), Duration::from_secs(12 * 3600));
        let auth = Arc::new(Auth::new(discovered, sessions, &format!("{base}/")));
        let callbacks = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&callbacks);
        let app = auth_routes::routes(Arc::clone(&auth))
            .merge(
                Router::new()
                    .route("/whoami", get(whoami))
                    .route("/", get(|| async { "front page" }))
                    .with_state(Arc::clone(&auth)),
            )
            .layer(axum::middleware::from_fn(
                move |request: Request, next: Next| {
                    let seen = Arc::clone(&seen);
                    async move {
                        if request.uri().path() == "/auth/callback"
                            && let Ok(mut seen) = seen.lock()
                        {
                            seen.push(request.uri().to_string());
                        }
                        next.run(request).await
                    }
                },
            ));
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let server = TestServer {
            base,
            auth,
            callbacks,
            _runtime: runtime,
        };
        (server, provider)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn last_callback(&self) -> String {
        self.callbacks
            .lock()
            .expect("callbacks")
            .last()
            .cloned()
            .expect("a callback was sent")
    }
}

/// The HTTP status of a plain GET (no cookie).
fn status_of(url: &str) -> u16 {
    let rest = url.strip_prefix("http://").expect("http");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

/// The browser's cookie for the server, if it has one.
fn session_cookie(browser: &Browser<'_>) -> Option<Value> {
    browser
        .cmd("GET", "/cookie", Value::Null)
        .as_array()
        .into_iter()
        .flatten()
        .find(|cookie| cookie["name"] == SESSION_COOKIE)
        .cloned()
}

/// Waits (up to 30 s) until the page shows `words`.
#[track_caller]
fn wait_for_words(browser: &Browser<'_>, words: &str) {
    wait_for_any(browser, &[words]);
}

/// Waits until the page shows the message, in Danish or English (as the
/// browser asked).
#[track_caller]
fn wait_for_message(browser: &Browser<'_>, message: SigninMsg) {
    wait_for_any(browser, &[&message.get(Lang::Da), &message.get(Lang::En)]);
}

#[track_caller]
fn wait_for_any(browser: &Browser<'_>, words: &[&str]) {
    let start = std::time::Instant::now();
    loop {
        let source = browser.source();
        if words.iter().any(|words| source.contains(words)) {
            return;
        }
        if start.elapsed() > Duration::from_secs(30) {
            panic!("waited 30 s for {words:?} on {}:\n{source}", browser.url());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Goes through the provider: `/auth/login?return=/whoami`, then the
/// provider's form when it asks (a provider that remembers the person
/// does not), until the browser is back on the server.
fn sign_in(browser: &Browser<'_>, server: &TestServer, email: &str) {
    browser.go(&server.url("/auth/login?return=/whoami"));
    wait_for("the provider's form or the server", || {
        browser.url().starts_with(&server.base) || browser.source().contains("Log ind</button>")
    });
    if !browser.url().starts_with(&server.base) {
        let field = browser.named("input", "E-mail");
        browser.type_into(&field, email);
        browser.click_to_next_page(&browser.named("button", "Log ind"));
        wait_for("the way back to the server", || {
            browser.url().starts_with(&server.base)
        });
    }
}

#[test]
fn a_person_signs_in_through_the_provider_and_every_bad_answer_is_refused() {
    if !browser_available() || !OidcProvider::available("test_signin") {
        return;
    }
    let (server, provider) = TestServer::start(&[ANNA, BO]);
    let driver = Driver::start();
    let browser = Browser::open(&driver, true, 1024, 768);

    // Anna signs in: login → the provider's form → callback → /whoami.
    sign_in(&browser, &server, ANNA.email);
    wait_for_words(
        &browser,
        "signed in: Anna Sekretær &lt;anna@kommune.dk&gt; groups: med-skole,med-sekretariat",
    );
    assert_eq!(browser.url(), server.url("/whoami"));
    assert_eq!(server.auth.sessions.count(), 1);
    // The cookie: HttpOnly (no script reads it), SameSite=Lax, for the
    // whole server; not Secure over plain http.
    let cookie = session_cookie(&browser).expect("the session cookie");
    assert_eq!(cookie["httpOnly"], true, "{cookie}");
    assert_eq!(cookie["sameSite"], "Lax", "{cookie}");
    assert_eq!(cookie["path"], "/", "{cookie}");
    assert_eq!(cookie["secure"], false, "{cookie}");
    let visible = browser.script("return document.cookie;");
    assert!(
        !visible
            .as_str()
            .unwrap_or_default()
            .contains(SESSION_COOKIE),
        "{visible}"
    );

    // The same callback again (a replayed state): refused, no session.
    let callback = server.last_callback();
    browser.go(&server.url(&callback));
    wait_for_message(&browser, SigninMsg::UnknownState);
    assert_eq!(server.auth.sessions.count(), 1);
    assert_eq!(status_of(&server.url(&callback)), 400);

    // A callback with a state never issued: refused, no session.
    let forged = format!("/auth/callback?code=abc&state={}", "7".repeat(64));
    browser.go(&server.url(&forged));
    wait_for_message(&browser, SigninMsg::UnknownState);
    assert_eq!(status_of(&server.url(&forged)), 400);
    assert_eq!(server.auth.sessions.count(), 1);

    // Sign-out ends the session, clears the cookie and goes on to the
    // provider's end-session endpoint (RP-initiated logout) with the ID
    // token as hint; the provider asks, forgets her and sends the browser
    // back to /auth/logout.
    browser.go(&server.url("/auth/logout"));
    wait_for_any(
        &browser,
        &[
            "Du er logget ind som Anna Sekretær.",
            "You are signed in as Anna Sekretær.",
        ],
    );
    let button = browser
        .all("form button")
        .into_iter()
        .next()
        .expect("the sign-out button");
    browser.click_to_next_page(&button);
    wait_for_words(&browser, "Log ud?</h1>");
    let end = browser.url();
    let back = server
        .url("/auth/logout")
        .replace(':', "%3A")
        .replace('/', "%2F");
    assert!(
        end.starts_with(&format!("{}/session/end?id_token_hint=ey", provider.issuer))
            && end.contains(&format!(
                "&client_id={CLIENT_ID}&post_logout_redirect_uri={back}"
            )),
        "{end}"
    );
    assert_eq!(server.auth.sessions.count(), 0);
    assert!(session_cookie(&browser).is_none());
    browser.click_to_next_page(&browser.named("button", "Log ud"));
    wait_for_message(&browser, SigninMsg::NotSignedIn);
    assert_eq!(browser.url(), server.url("/auth/logout"));
    browser.go(&server.url("/whoami"));
    wait_for_words(&browser, "nobody");
    // The provider forgot her: a new sign-in asks for the e-mail again.
    browser.go(&server.url("/auth/login?return=/whoami"));
    wait_for_words(&browser, "Log ind</button>");
    assert!(
        browser.url().starts_with(&provider.issuer),
        "{}",
        browser.url()
    );

    // ID tokens that are bad in each way: refused, no session, no cookie.
    for mode in ["wrong-audience", "expired", "forged-signature"] {
        provider.set_mischief(mode);
        sign_in(&browser, &server, BO.email);
        wait_for_message(&browser, SigninMsg::Rejected);
        assert_eq!(server.auth.sessions.count(), 0, "{mode}");
        assert!(session_cookie(&browser).is_none(), "{mode}");
        browser.go(&server.url("/whoami"));
        wait_for_words(&browser, "nobody");
    }

    // With good tokens again, the person the provider remembers (Bo, who
    // typed his e-mail after Anna signed out there) gets in.
    provider.set_mischief("none");
    sign_in(&browser, &server, BO.email);
    wait_for_words(&browser, "signed in: Bo Læser");
    assert_eq!(server.auth.sessions.count(), 1);

    // A sign-out post from elsewhere (no CSRF token) ends nothing.
    assert_eq!(
        browser.script(
            "const r = new XMLHttpRequest(); r.open('POST', '/auth/logout', false); \
             r.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded'); \
             r.send('csrf=wrong'); return r.status;"
        ),
        403
    );
    assert_eq!(server.auth.sessions.count(), 1);

    // Another browser: Bo, in one group only, through the provider's form.
    let other = Browser::open(&driver, false, 1024, 768);
    sign_in(&other, &server, BO.email);
    wait_for_words(
        &other,
        "signed in: Bo Læser &lt;bo@kommune.dk&gt; groups: med-skole",
    );
    assert_eq!(server.auth.sessions.count(), 2);
}

#[test]
fn a_sign_in_returns_only_to_a_path_on_this_server_and_a_broken_answer_is_refused() {
    if !OidcProvider::available("test_signin") {
        return;
    }
    let (server, provider) = TestServer::start(&[ANNA]);
    for (asked, kept) in [
        ("/whoami", "/whoami"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/auth/login", "/"),
    ] {
        let url = server.url(&format!("/auth/login?return={}", asked.replace('/', "%2F")));
        let rest = url.strip_prefix("http://").expect("http");
        let (host, path) = rest.split_at(rest.find('/').expect("a path"));
        let mut stream = TcpStream::connect(host).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
        assert!(
            answer.contains(&format!("location: {}/auth?", provider.issuer)),
            "{answer}"
        );
        // The sign-in begun remembers where to go back to.
        let state = answer
            .split("state=")
            .nth(1)
            .and_then(|rest| rest.split(['&', '\r']).next())
            .expect("a state");
        let pending = server
            .auth
            .sessions
            .take_pending(state)
            .expect("the sign-in begun");
        assert_eq!(pending.return_to, kept, "{asked}");
    }

    // The provider says no (`error=access_denied`): 403, and the state is used.
    let (_, pending) = server.auth.provider.begin("/");
    let state = pending.state.clone();
    server.auth.sessions.put_pending(pending);
    let denied = format!("/auth/callback?error=access_denied&state={state}");
    assert_eq!(status_of(&server.url(&denied)), 403);
    assert!(server.auth.sessions.take_pending(&state).is_none());
    // An answer naming another issuer (a mix-up): 403.
    let (_, pending) = server.auth.provider.begin("/");
    let state = pending.state.clone();
    server.auth.sessions.put_pending(pending);
    let mixed = format!("/auth/callback?code=abc&state={state}&iss=http%3A%2F%2Fevil.example");
    assert_eq!(status_of(&server.url(&mixed)), 403);
    // Without a state: 400.
    assert_eq!(status_of(&server.url("/auth/callback?code=abc")), 400);
    assert_eq!(server.auth.sessions.count(), 0);

    // A sign-out post whose session ran out, from this server's page, still
    // ends the sign-in at the provider (no token to hint with); one from
    // elsewhere only lands on /auth/logout.
    let back = server
        .url("/auth/logout")
        .replace(':', "%3A")
        .replace('/', "%2F");
    let answer = post_logout(&server, Some(&server.base));
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(
        answer.contains(&format!(
            "location: {}/session/end?client_id={CLIENT_ID}&post_logout_redirect_uri={back}\r\n",
            provider.issuer
        )),
        "{answer}"
    );
    assert!(
        answer.contains("set-cookie: backbrief-session=; "),
        "{answer}"
    );
    for origin in [None, Some("http://evil.example")] {
        let answer = post_logout(&server, origin);
        assert!(
            answer.starts_with("HTTP/1.1 303") && answer.contains("location: /auth/logout\r\n"),
            "{answer}"
        );
    }
}

/// A sign-out post without a session cookie, with this `Origin` (if any):
/// the whole answer.
fn post_logout(server: &TestServer, origin: Option<&str>) -> String {
    let host = server.base.strip_prefix("http://").expect("http");
    let mut stream = TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let origin = origin.map_or(String::new(), |origin| format!("Origin: {origin}\r\n"));
    write!(
        stream,
        "POST /auth/logout HTTP/1.1\r\nHost: {host}\r\n{origin}\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}
