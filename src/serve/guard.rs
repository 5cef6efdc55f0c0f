//! Who may come in, and the headers every answer carries.
//!
//! - Only the browser that opened the printed address: its token is
//!   exchanged for a session cookie (HttpOnly, SameSite=Strict, named after
//!   the port so two servers on one machine keep apart), and the address is
//!   reloaded without the token. Any other request gets 403.
//! - `Host` must be the server's own address, as printed (127.0.0.1 with
//!   its port): a page on another site that rebinds its name to 127.0.0.1
//!   (DNS rebinding) gets 403.
//! - A post must come from the printed origin, `http://127.0.0.1:PORT`,
//!   exactly: its `Origin` (or, only when a browser sent none, its
//!   `Referer`). Not `localhost`, another port (same site, so the
//!   SameSite cookie is sent), `https`, `[::1]` or `null`; a post with
//!   neither header is refused too. [`from_origin`] takes the origin to
//!   expect, so a server with another address can use it.
//! - Every redirect goes to a path on this server ([`local_path`]), never
//!   to an address a browser would read as another site's.
//! - Bodies are bounded ([`MAX_BODY`]): a larger `Content-Length` is refused
//!   with 413 before any of it is read.
//! - Every answer carries a Content-Security-Policy (no inline script, no
//!   framing), `X-Frame-Options: DENY`, `nosniff`, and
//!   `Referrer-Policy: same-origin`: no address of ours is ever sent to
//!   another site. (Not `no-referrer`: under it browsers send `Origin: null`
//!   on our own form posts, and the Origin check could not tell them apart.)

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The largest request body accepted (a plan file is far smaller).
pub const MAX_BODY: usize = 1024 * 1024;

/// The policy for our own pages: our stylesheet and script only, and the
/// script may send a form to this server only (`keep.js`).
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; \
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
pub fn same_secret(a: &str, b: &str) -> bool {
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

/// The origin this server prints and serves its pages from:
/// `http://127.0.0.1:PORT`.
pub fn origin_of(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// Whether `host` (the `Host` header) is this server's own address, the
/// one it prints (`127.0.0.1:PORT`).
pub fn own_host(host: Option<&str>, port: u16) -> bool {
    host.is_some_and(|host| host == format!("127.0.0.1:{port}"))
}

/// Whether a request comes from a page of `expected` (an origin such as
/// `http://127.0.0.1:7777`): its one `Origin` header is exactly that, or,
/// when it has none, its one `Referer` is that origin or a path on it.
/// Anything else (another name or port of this machine, `https`, `null`,
/// no header at all, or two) does not.
pub fn from_origin(headers: &HeaderMap, expected: &str) -> bool {
    let only = |name: header::HeaderName| -> Option<Option<&str>> {
        let mut values = headers.get_all(name).iter();
        let first = values.next();
        if values.next().is_some() {
            // Two of them: which one a browser meant cannot be told.
            return None;
        }
        Some(first.map(|value| value.to_str().unwrap_or_default()))
    };
    match only(header::ORIGIN) {
        None => false,
        Some(Some(origin)) => origin == expected,
        Some(None) => match only(header::REFERER) {
            Some(Some(referer)) => referer
                .strip_prefix(expected)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')),
            _ => false,
        },
    }
}

/// `target` when it is a path on this server as a browser reads a
/// `Location` (WHATWG URL parsing, which drops tabs and line breaks and
/// reads `\` as `/`): one leading `/`, no `//` or `\` after it, only
/// visible ASCII, and the same for its percent-decoded forms. Anything else
/// could lead to another site.
pub fn local_path(target: &str) -> Option<&str> {
    fn plain(text: &[u8]) -> bool {
        text.first() == Some(&b'/')
            && !matches!(text.get(1), Some(b'/' | b'\\'))
            && !text.contains(&b'\\')
            && !text.iter().any(|byte| byte.is_ascii_control())
    }
    // As sent: visible ASCII only (a Location header holds no more).
    if !target.bytes().all(|byte| byte.is_ascii_graphic()) {
        return None;
    }
    let mut text = target.as_bytes().to_vec();
    // Each round of decoding must still be a plain path; a few rounds
    // cover anything decoded again on the way.
    for _ in 0..4 {
        if !plain(&text) {
            return None;
        }
        let decoded = percent_decoded(&text);
        if decoded == text {
            break;
        }
        text = decoded;
    }
    plain(&text).then_some(target)
}

/// `%XX` decoded once (a `%` not followed by two hex digits kept).
fn percent_decoded(text: &[u8]) -> Vec<u8> {
    let hex = |byte: u8| (byte as char).to_digit(16);
    let mut out = Vec::with_capacity(text.len());
    let mut index = 0;
    while index < text.len() {
        if text[index] == b'%'
            && let (Some(high), Some(low)) = (
                text.get(index + 1).copied().and_then(hex),
                text.get(index + 2).copied().and_then(hex),
            )
        {
            // Two hex digits make one byte.
            out.push(u8::try_from(high * 16 + low).unwrap_or(b'%'));
            index += 3;
        } else {
            out.push(text[index]);
            index += 1;
        }
    }
    out
}

/// The refusal of a request no route takes: 405 for a method other than
/// GET, HEAD and POST, 413 for a body over [`MAX_BODY`] (before any of it
/// is read).
pub fn unfit(method: &Method, headers: &HeaderMap) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD && method != Method::POST {
        return Some((StatusCode::METHOD_NOT_ALLOWED, "405\n").into_response());
    }
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.trim().parse::<u64>().ok());
    length
        .is_some_and(|length| length > MAX_BODY as u64)
        .then(|| (StatusCode::PAYLOAD_TOO_LARGE, "413\n").into_response())
}

/// The token in a query string, if any.
pub fn token_in(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "token")
        .map(|(_, value)| value)
}

/// The answer to the printed address, its token right: the token becomes
/// the session cookie, and `path` is loaded again without it, so it is not
/// left in the address bar or the history.
pub fn session_for_token(path: &str, port: u16, session: &str) -> Response {
    let cookie = format!(
        "{}={session}; Path=/; HttpOnly; SameSite=Strict",
        cookie_name(port)
    );
    let to = local_path(path).unwrap_or("/");
    let mut response =
        (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_the_servers_own_host_and_origin_pass() {
        assert!(own_host(Some("127.0.0.1:7777"), 7777));
        assert!(!own_host(Some("localhost:7777"), 7777));
        assert!(!own_host(Some("127.0.0.1:7778"), 7777));
        assert!(!own_host(Some("evil.example:7777"), 7777));
        assert!(!own_host(Some("127.0.0.1"), 7777));
        assert!(!own_host(None, 7777));
        let expected = origin_of(7777);
        let with = |pairs: &[(header::HeaderName, &'static str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.append(name, HeaderValue::from_static(value));
            }
            from_origin(&headers, &expected)
        };
        assert!(with(&[(header::ORIGIN, "http://127.0.0.1:7777")]));
        for origin in [
            "http://127.0.0.1:7777.evil.example",
            "http://localhost:7777",
            "http://127.0.0.1:7778",
            "https://127.0.0.1:7777",
            "http://[::1]:7777",
            "http://127.0.0.1:7777/",
            "null",
            "",
        ] {
            assert!(!with(&[(header::ORIGIN, origin)]), "{origin}");
        }
        assert!(!with(&[]));
        assert!(with(&[(header::REFERER, "http://127.0.0.1:7777/plan/a")]));
        assert!(with(&[(header::REFERER, "http://127.0.0.1:7777")]));
        assert!(!with(&[(header::REFERER, "http://127.0.0.1:77770/")]));
        assert!(!with(&[(
            header::REFERER,
            "http://127.0.0.1:7777@evil.example/"
        )]));
        // An Origin decides; a Referer does not stand in for a wrong one.
        assert!(!with(&[
            (header::ORIGIN, "null"),
            (header::REFERER, "http://127.0.0.1:7777/")
        ]));
        assert!(!with(&[
            (header::ORIGIN, "http://127.0.0.1:7777"),
            (header::ORIGIN, "http://evil.example")
        ]));
    }

    #[test]
    fn only_paths_on_this_server_are_redirect_targets() {
        for good in [
            "/",
            "/plan/a-1",
            "/log?plan=a&page=2",
            "/%C3%A6",
            "/a/b%2Fc",
        ] {
            assert_eq!(local_path(good), Some(good), "{good}");
        }
        for bad in [
            "",
            "evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\r\n/evil.example",
            "/\n/evil.example",
            " /evil",
            "/a b",
            "/%2F/evil.example",
            "/%2f%2fevil",
            "/%5Cevil.example",
            "/%09/evil.example",
            "/%252F/evil.example",
            "/%00",
            "/\u{7f}",
            "/æ",
            "https://evil.example/",
            "javascript:alert(1)",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
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
