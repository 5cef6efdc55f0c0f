//! The `/auth` routes: sign-in through the municipality's provider, and
//! sign-out.
//!
//! - `GET /auth/login?return=PATH`: begins a sign-in and sends the browser
//!   to the provider (303). PATH must be a path on this server
//!   ([`local_path`]), else the sign-in returns to `/`.
//! - `GET /auth/callback?code=…&state=…` (or `error=…`): the provider's
//!   answer. The state must be one this server issued, within ten minutes,
//!   and not used before; then the code is exchanged and the ID token
//!   checked. On success the session cookie is set and the browser goes
//!   back to PATH (303); on failure a page in plain words (400 for a broken
//!   or unknown callback, 403 for a refused sign-in) and a warning in the
//!   log with the reason.
//! - `GET /auth/logout`: a page with a sign-out button; `POST /auth/logout`
//!   (from this server's origin, with the session's CSRF token) ends the
//!   session and clears the cookie. When the provider has an end-session
//!   endpoint (RP-initiated logout), the browser then goes there (303) with
//!   the ID token as `id_token_hint`, `client_id` and
//!   `post_logout_redirect_uri=<public_url>/auth/logout`: the provider ends
//!   its own sign-in too and sends the browser back. Otherwise, or from
//!   there, `GET /auth/logout` (303) says the person is not signed in. Not
//!   to `/`: that page sends a stranger to the provider, which (without its
//!   end-session endpoint) still knows the person and signs them straight
//!   back in.
//!
//! The cookie: `backbrief-session`, `HttpOnly; Path=/; SameSite=Lax`, and
//! `Secure` when the public URL is `https://`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::end_session;
use super::sessions::{Session, Sessions};
use super::signin::{Provider, SigninError};
use crate::i18n::{Lang, Message, SigninMsg};
use crate::serve::guard::{cookie, from_origin, local_path, same_secret};
use crate::serve::page::escape;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "backbrief-session";

/// Sign-in and sessions, shared by every request.
pub struct Auth {
    /// The municipality's provider, as discovered.
    pub provider: Provider,
    /// Who is signed in, and the sign-ins begun.
    pub sessions: Sessions,
    /// The server's public base URL without a trailing slash
    /// (`https://med.kommune.dk`); the cookie is `Secure` when it is https.
    pub public_url: String,
}

impl Auth {
    /// Sign-in through `provider`, sessions in `sessions`, for a server
    /// reached at `public_url` (a trailing slash is dropped).
    pub fn new(provider: Provider, sessions: Sessions, public_url: &str) -> Auth {
        Auth {
            provider,
            sessions,
            public_url: public_url.trim_end_matches('/').to_string(),
        }
    }

    /// Whether the cookie must be `Secure`: the server is reached by https.
    pub fn secure(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The origin of the public URL (scheme, host and port, no path): what
    /// a browser sends as `Origin` on this server's own forms.
    pub fn origin(&self) -> &str {
        origin_of_url(&self.public_url)
    }

    /// Where the provider sends the browser after its sign-out:
    /// `<public_url>/auth/logout` (registered with the provider as a
    /// post-logout redirect URI).
    pub fn logged_out_url(&self) -> String {
        format!("{}/auth/logout", self.public_url)
    }

    /// The Content-Security-Policy of the server's pages when the provider
    /// has an end-session endpoint: the pages' own, with that endpoint's
    /// origin allowed as the sign-out form's target (the browser checks
    /// the form's redirect against `form-action`). None without one: the
    /// pages' own policy holds.
    pub fn page_policy(&self) -> Option<HeaderValue> {
        let origin = self.provider.end_session_origin()?;
        HeaderValue::from_str(&end_session::page_policy(&origin)).ok()
    }

    fn cookie(&self, value: &str, max_age: Option<u64>) -> String {
        session_cookie(value, max_age, self.secure())
    }
}

/// The session cookie's `Set-Cookie` value: HttpOnly, for the whole
/// server, SameSite=Lax (the provider's redirect back is a top-level
/// navigation from another site), and Secure over https.
fn session_cookie(value: &str, max_age: Option<u64>, secure: bool) -> String {
    let mut cookie = format!("{SESSION_COOKIE}={value}; HttpOnly; Path=/; SameSite=Lax");
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// The origin of `url`: up to the first `/` after `scheme://`.
fn origin_of_url(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

/// The `/auth/*` routes, ready to be merged into any router.
pub fn routes(auth: Arc<Auth>) -> Router {
    Router::new()
        .route("/auth/login", get(login))
        .route("/auth/callback", get(callback))
        .route("/auth/logout", get(logout_page).post(logout))
        .with_state(auth)
}

/// The signed-in person's session, from the request's cookie.
pub fn session_of(auth: &Auth, headers: &HeaderMap) -> Option<Session> {
    cookie(headers, SESSION_COOKIE).and_then(|id| auth.sessions.get(id))
}

#[derive(Deserialize)]
struct LoginQuery {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

async fn login(State(auth): State<Arc<Auth>>, Query(query): Query<LoginQuery>) -> Response {
    let return_to = query
        .return_to
        .as_deref()
        .and_then(local_path)
        // Back to a sign-in page would begin another sign-in at once.
        .filter(|path| !path.starts_with("/auth/"))
        .unwrap_or("/");
    let (url, pending) = auth.provider.begin(return_to);
    auth.sessions.put_pending(pending);
    redirect(&url, None)
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    /// The issuer that answers (RFC 9207), when the provider says.
    iss: Option<String>,
}

async fn callback(
    State(auth): State<Arc<Auth>>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let lang = lang_of(&headers);
    let Some(state) = query.state.as_deref() else {
        return refused(lang, StatusCode::BAD_REQUEST, &SigninError::BadCallback);
    };
    // Taken first: whatever happens next, this state is used.
    let Some(pending) = auth.sessions.take_pending(state) else {
        return refused(lang, StatusCode::BAD_REQUEST, &SigninError::UnknownState);
    };
    // An answer from another provider than ours (a mix-up) is refused.
    if let Some(iss) = query.iss.as_deref()
        && iss != auth.provider.issuer()
    {
        let reason = format!(
            "the answer's issuer {iss:?} is not {:?}",
            auth.provider.issuer()
        );
        return refused(lang, StatusCode::FORBIDDEN, &SigninError::Rejected(reason));
    }
    if let Some(error) = query.error {
        let reason = match query.error_description {
            Some(description) => format!("{error}: {description}"),
            None => error,
        };
        return refused(lang, StatusCode::FORBIDDEN, &SigninError::Denied(reason));
    }
    let Some(code) = query.code.as_deref() else {
        return refused(lang, StatusCode::BAD_REQUEST, &SigninError::BadCallback);
    };
    let return_to = pending.return_to.clone();
    match auth.provider.finish(pending, code).await {
        Ok(identity) => {
            tracing::info!(
                subject = ?identity.subject,
                email = ?identity.email.as_deref().unwrap_or_default(),
                groups = identity.groups.len(),
                "signed in"
            );
            // A session this browser had before ends: one person, one session.
            if let Some(previous) = session_of(&auth, &headers) {
                auth.sessions.remove(&previous.id);
            }
            let session = auth.sessions.create(identity);
            redirect(&return_to, Some(auth.cookie(&session.id, None)))
        }
        Err(error) => refused(lang, StatusCode::FORBIDDEN, &error),
    }
}

/// A refused sign-in: logged with its reason, shown in plain words.
fn refused(lang: Lang, status: StatusCode, error: &SigninError) -> Response {
    // Debug formatting: the provider's words reach the log escaped.
    tracing::warn!(kind = error.kind(), reason = ?error.reason(), "sign-in refused");
    let body = format!(
        "<p>{}</p>\n<p><a href=\"/auth/login\">{}</a></p>",
        escape(&error.words(lang)),
        escape(&SigninMsg::TryAgain.get(lang)),
    );
    html(status, lang, &SigninMsg::SigninFailedTitle.get(lang), &body)
}

async fn logout_page(State(auth): State<Arc<Auth>>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let title = SigninMsg::SignOutTitle.get(lang);
    let body = match session_of(&auth, &headers) {
        Some(session) => {
            let identity = &session.identity;
            let person = identity
                .name
                .as_deref()
                .or(identity.email.as_deref())
                .unwrap_or(&identity.subject);
            format!(
                "<p>{}</p>\n<form method=\"post\" action=\"/auth/logout\">\
                 <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                 <button type=\"submit\">{}</button></form>",
                escape(&SigninMsg::SignedInAs.fill(lang, &[("person", &person)])),
                escape(&session.csrf),
                escape(&SigninMsg::SignOutButton.get(lang)),
            )
        }
        None => format!(
            "<p>{}</p>\n<p><a href=\"/\">{}</a></p>",
            escape(&SigninMsg::NotSignedIn.get(lang)),
            escape(&SigninMsg::BackToFront.get(lang)),
        ),
    };
    html(StatusCode::OK, lang, &title, &body)
}

#[derive(Deserialize)]
struct LogoutForm {
    csrf: Option<String>,
}

async fn logout(
    State(auth): State<Arc<Auth>>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    let lang = lang_of(&headers);
    let from_here = from_origin(&headers, auth.origin());
    let mut id_token = None;
    if let Some(session) = session_of(&auth, &headers) {
        let token_ok = form
            .csrf
            .as_deref()
            .is_some_and(|token| same_secret(token, &session.csrf));
        if !token_ok || !from_here {
            tracing::warn!(subject = ?session.identity.subject, "sign-out refused: not from this server's page");
            let body = format!("<p>{}</p>", escape(&SigninMsg::SignOutRefused.get(lang)));
            return html(
                StatusCode::FORBIDDEN,
                lang,
                &SigninMsg::SignOutTitle.get(lang),
                &body,
            );
        }
        auth.sessions.remove(&session.id);
        tracing::info!(subject = ?session.identity.subject, "signed out");
        id_token = session.identity.id_token;
    }
    let cleared = Some(auth.cookie("", Some(0)));
    // The provider's sign-in ends too, else the next page load would sign
    // the person straight back in (a shared PC). A session that ran out
    // meanwhile still asks the provider (without the token's hint), but
    // only from this server's own page.
    if from_here
        && let Some(url) = auth
            .provider
            .end_session_url(id_token.as_ref(), &auth.logged_out_url())
    {
        return redirect(&url, cleared);
    }
    // Not to "/": it would sign the person straight back in.
    redirect("/auth/logout", cleared)
}

/// The language of the `/auth` pages: the one the person chose on the
/// pages (the language link's cookie), else English when the browser's
/// first choice is English, else Danish.
fn lang_of(headers: &HeaderMap) -> Lang {
    let chosen = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| name.starts_with("backbrief-") && name.ends_with("-lang"))
        .and_then(|(_, code)| Lang::from_code(code));
    if let Some(lang) = chosen {
        return lang;
    }
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("en") {
        Lang::En
    } else {
        Lang::Da
    }
}

/// A 303 to `location`, never cached, maybe setting a cookie.
fn redirect(location: &str, set_cookie: Option<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    match HeaderValue::from_str(location) {
        Ok(value) => headers.insert(header::LOCATION, value),
        Err(_) => headers.insert(header::LOCATION, HeaderValue::from_static("/")),
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(value) = set_cookie.and_then(|cookie| HeaderValue::from_str(&cookie).ok()) {
        headers.insert(header::SET_COOKIE, value);
    }
    response
}

/// A small page of its own (the pages' stylesheet, no script), never cached.
fn html(status: StatusCode, lang: Lang, title: &str, body: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"stylesheet\" href=\"/static/style.css\">\
         <title>{title}</title></head>\n<body><main><h1>{title}</h1>\n{body}\n</main></body></html>\n",
        lang.code(),
        title = escape(title),
    );
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_lax_and_secure_over_https() {
        assert_eq!(
            session_cookie("abc", None, false),
            "backbrief-session=abc; HttpOnly; Path=/; SameSite=Lax"
        );
        assert_eq!(
            session_cookie("", Some(0), true),
            "backbrief-session=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0; Secure"
        );
    }

    #[test]
    fn the_origin_is_the_public_urls_scheme_host_and_port() {
        assert_eq!(
            origin_of_url("https://med.kommune.dk"),
            "https://med.kommune.dk"
        );
        assert_eq!(
            origin_of_url("https://med.kommune.dk/med"),
            "https://med.kommune.dk"
        );
        assert_eq!(
            origin_of_url("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn the_language_follows_the_browsers_first_choice() {
        let mut headers = HeaderMap::new();
        assert_eq!(lang_of(&headers), Lang::Da);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-GB,da;q=0.8"),
        );
        assert_eq!(lang_of(&headers), Lang::En);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("da,en;q=0.8"),
        );
        assert_eq!(lang_of(&headers), Lang::Da);
    }

    #[test]
    fn the_sign_in_pages_speak_the_language_chosen_on_the_pages() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("da,en;q=0.8"),
        );
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("backbrief-session=x; backbrief-8080-lang=en"),
        );
        assert_eq!(lang_of(&headers), Lang::En);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("backbrief-8080-lang=xx"),
        );
        assert_eq!(lang_of(&headers), Lang::Da);
    }
}
