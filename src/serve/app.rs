//! The server's routes, behind the guard.

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};

use crate::i18n::{Message, ServeMsg};
use crate::serve::guard::{
    CSP, MAX_BODY, cookie, cookie_name, from_origin, origin_of, own_host, same_secret,
    session_for_token, token_in, unfit,
};
use crate::serve::page;
pub use crate::serve::state::{App, AppConfig};
use crate::serve::visitor::{Role, Visitor};
use crate::serve::{edit, history_pages, plan_pages, report_pages, sync_page, verify_page};

/// The state made from how the server was started.
impl App {
    /// The state for `config`; fails only if a built-in template is broken.
    pub fn new(config: AppConfig) -> Result<App, String> {
        Ok(App {
            root: config.root,
            port: config.port,
            secrets: config.secrets,
            read_only: config.read_only,
            lang: config.lang,
            has_remote: config.has_remote,
            at: config.at,
            person: config.person,
            base: config.base,
            upstream: config.upstream,
            templates: page::environment().map_err(|error| error.to_string())?,
            overview: Default::default(),
            plans: Default::default(),
            history: Default::default(),
        })
    }
}

/// Every route, behind the local guard.
pub fn router(app: Arc<App>) -> Router {
    routes(app.clone()).layer(axum::middleware::from_fn_with_state(app, guard))
}

/// Every route of one repository's pages, without a guard: the caller puts
/// its own in front, which decides the request's [`Visitor`].
pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(plan_pages::overview))
        .route("/static/style.css", get(page::stylesheet))
        .route("/static/keep.js", get(page::keep_script))
        .route("/lang/{code}", get(page::choose_lang))
        .route("/plan/{id}", get(plan_pages::plan))
        .route(
            "/plan/{id}/edit",
            get(edit::edit_form).post(edit::edit_post),
        )
        .route("/plan/{id}/statuses", post(edit::statuses_post))
        .route("/plan/{id}/add", post(edit::add_post))
        .route("/plan/{id}/record", post(edit::record_post))
        .route("/plan/{id}/discard", post(edit::discard_post))
        .route("/plan/{id}/blame", get(history_pages::blame))
        .route("/plan/{id}/report", get(report_pages::report))
        .route("/plan/{id}/download/{format}", get(report_pages::download))
        .route("/decisions", get(history_pages::trail))
        .route("/decision/{commit}", get(history_pages::decision))
        .route("/verify", get(verify_page::verify))
        .route("/sync", post(sync_page::sync_post))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}

async fn not_found(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&headers, None);
    page::message_page(
        &app,
        lang,
        StatusCode::NOT_FOUND,
        &ServeMsg::NotFound.get(lang),
    )
}

/// The checks of [`crate::serve::guard`], around every request.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = check(&app, request, next).await;
    secure(response.headers_mut());
    response
}

/// The headers every answer carries: the page policy (unless the answer
/// has its own, as the report shown as it is), no framing, no sniffing, no
/// address of ours to other sites, nothing kept in caches.
pub fn secure(headers: &mut HeaderMap) {
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
}

async fn check(app: &App, request: Request, next: Next) -> Response {
    let port = app.port;
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !own_host(host, port) {
        return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenHost);
    }
    let method = request.method().clone();
    if let Some(refusal) = unfit(&method, headers) {
        return refusal;
    }
    if method == Method::GET
        && let Some(token) = token_in(request.uri().query())
    {
        if !same_secret(token, &app.secrets.token) {
            return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenToken);
        }
        return session_for_token(request.uri().path(), port, &app.secrets.session);
    }
    let session = cookie(headers, &cookie_name(port));
    if !session.is_some_and(|session| same_secret(session, &app.secrets.session)) {
        return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenSession);
    }
    if method == Method::POST {
        if !from_origin(headers, &origin_of(port)) {
            return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenOrigin);
        }
        if app.read_only {
            return app.forbidden(headers, crate::i18n::ServeMsg::ForbiddenReadOnly);
        }
    }
    // One person: whoever runs the server, who edits unless it only reads
    // (and then still sees the check of the history).
    let visitor = Visitor {
        person: app.person.clone(),
        role: if app.read_only {
            Role::Auditor
        } else {
            Role::Secretary
        },
        csrf: String::new(),
        signed_in_as: None,
        email: None,
    };
    visitor.scope(next.run(request)).await
}
