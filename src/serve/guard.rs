//! Who may come in, and the headers every answer carries.
//!
//! - Only the browser that opened the printed address: its token is
//!   exchanged for a session cookie (HttpOnly, SameSite=Strict, named after
//!   the port so two servers on one machine keep apart), and the address is
//!   reloaded without the token. Any other request gets 403.
//! - `Host` must be the server's own address (127.0.0.1 or localhost with
//!   its port): a page on another site that rebinds its name to 127.0.0.1
//!   (DNS rebinding) gets 403.
//! - A post must carry an `Origin` that is the server's own. Browsers send
//!   `Origin` on every form post; a post without one is refused too, so a
//!   post can only come from our own pages.
//! - Bodies are bounded ([`MAX_BODY`]): a larger `Content-Length` is refused
//!   with 413 before any of it is read.
//! - Every answer carries a Content-Security-Policy (no inline script, no
//!   framing), `X-Frame-Options: DENY`, `nosniff`, and
//!   `Referrer-Policy: same-origin`: no address of ours is ever sent to
//!   another site. (Not `no-referrer`: under it browsers send `Origin: null`
//!   on our own form posts, and the Origin check could not tell them apart.)

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::serve::app::App;

/// The largest request body accepted (a plan file is far smaller).
pub const MAX_BODY: usize = 1024 * 1024;

/// The policy for our own pages: our stylesheet and script only.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The policy for the HTML report shown as it is (its own inline style;
/// no script at all).
pub const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";

/// The secrets of one server run: the token in the printed address and the
/// session the browser gets for it.
#[derive(Debug, Clone)]
pub struct Secrets {
    /// The token in the printed address.
    pub token: String,
    /// The session cookie's value.
    pub session: String,
}

impl Secrets {
    /// Two fresh 32-byte secrets from the operating system's random source.
    pub fn new() -> Result<Secrets, String> {
        Ok(Secrets {
            token: random_hex()?,
            session: random_hex()?,
        })
    }
}

fn random_hex() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| error.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The cookie's name: one per port.
pub fn cookie_name(port: u16) -> String {
    format!("backbrief-{port}")
}

/// Whether `host` (the `Host` header) is this server's own address.
fn own_host(host: Option<&str>, port: u16) -> bool {
    host.is_some_and(|host| {
        host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
    })
}

/// Whether `origin` (the `Origin` header) is this server's own.
fn own_origin(origin: Option<&str>, port: u16) -> bool {
    origin.is_some_and(|origin| {
        origin == format!("http://127.0.0.1:{port}") || origin == format!("http://localhost:{port}")
    })
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The token in a query string, if any.
fn token_in(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "token")
        .map(|(_, value)| value)
}

/// The checks, around every request.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = check(&app, request, next).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn check(app: &App, request: Request, next: Next) -> Response {
    let port = app.port;
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !own_host(host, port) {
        return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenHost);
    }
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.trim().parse::<u64>().ok());
    if length.is_some_and(|length| length > MAX_BODY as u64) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "413\n").into_response();
    }
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD && method != Method::POST {
        return (StatusCode::METHOD_NOT_ALLOWED, "405\n").into_response();
    }
    if method == Method::GET
        && let Some(token) = token_in(request.uri().query())
    {
        if !same_secret(token, &app.secrets.token) {
            return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenToken);
        }
        // The token becomes the session; the address is loaded again
        // without it, so it is not left in the address bar or history.
        let cookie = format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            cookie_name(port),
            app.secrets.session
        );
        let mut response = (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, request.uri().path())],
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    let session = cookie(headers, &cookie_name(port));
    if !session.is_some_and(|session| same_secret(session, &app.secrets.session)) {
        return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenSession);
    }
    if method == Method::POST {
        let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
        if !own_origin(origin, port) {
            return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenOrigin);
        }
        if app.read_only {
            return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenReadOnly);
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_host_and_origin_pass() {
        assert!(own_host(Some("127.0.0.1:7777"), 7777));
        assert!(own_host(Some("localhost:7777"), 7777));
        assert!(!own_host(Some("127.0.0.1:7778"), 7777));
        assert!(!own_host(Some("evil.example:7777"), 7777));
        assert!(!own_host(Some("127.0.0.1"), 7777));
        assert!(!own_host(None, 7777));
        assert!(own_origin(Some("http://127.0.0.1:7777"), 7777));
        assert!(!own_origin(
            Some("http://127.0.0.1:7777.evil.example"),
            7777
        ));
        assert!(!own_origin(Some("null"), 7777));
        assert!(!own_origin(None, 7777));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
        let secrets = Secrets::new().expect("random");
        assert_eq!(secrets.token.len(), 64);
        assert_ne!(secrets.token, secrets.session);
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; backbrief-7777=s3cret; b=2"),
        );
        assert_eq!(cookie(&headers, "backbrief-7777"), Some("s3cret"));
        assert_eq!(cookie(&headers, "backbrief-7778"), None);
    }
}
