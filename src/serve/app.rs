//! The server's state and its routes.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use crate::history::drafts::Person;
use crate::i18n::{Lang, Message, ServeMsg};
use crate::serve::guard::{self, MAX_BODY, Secrets};
use crate::serve::page::{self, Page};
use crate::serve::{edit, history_pages, plan_pages, report_pages};

/// How the server was started.
pub struct AppConfig {
    /// The plans repository's work tree.
    pub root: PathBuf,
    /// The port it listens on.
    pub port: u16,
    /// The token and the session.
    pub secrets: Secrets,
    /// `--read-only`.
    pub read_only: bool,
    /// `--lang`.
    pub lang: Option<Lang>,
    /// Whether the repository has a remote to sync with.
    pub has_remote: bool,
    /// `--at`: the day status is computed for (default: today).
    pub at: Option<chrono::NaiveDate>,
    /// Who edits through this server: in local mode, the git identity of
    /// whoever runs it.
    pub person: Person,
}

/// What every request handler can reach.
pub struct App {
    /// The plans repository's work tree.
    pub root: PathBuf,
    /// The port it listens on.
    pub port: u16,
    /// The token and the session.
    pub secrets: Secrets,
    /// `--read-only`: no edits offered, every post refused.
    pub read_only: bool,
    /// `--lang`.
    pub lang: Option<Lang>,
    /// Whether the repository has a remote to sync with.
    pub has_remote: bool,
    /// `--at`: the day status is computed for (default: today).
    pub at: Option<chrono::NaiveDate>,
    /// Who edits through this server (whose drafts the pages show).
    pub person: Person,
    /// The page templates.
    pub templates: minijinja::Environment<'static>,
    /// The overview's rows of files that did not change.
    pub overview: crate::serve::plan_pages::OverviewCache,
}

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
            templates: page::environment().map_err(|error| error.to_string())?,
            overview: Default::default(),
        })
    }

    /// The person a page is for, who sees (and edits) their own draft;
    /// None when the server only reads: then every page shows the plans as
    /// recorded.
    pub fn reader(&self) -> Option<&Person> {
        (!self.read_only).then_some(&self.person)
    }

    /// The language of a page: the reader's choice (the language link),
    /// else `--lang`, else the plan's language, else Danish.
    pub fn lang(&self, headers: &HeaderMap, plan: Option<Lang>) -> Lang {
        guard::cookie(headers, &page::lang_cookie(self.port))
            .and_then(Lang::from_code)
            .or(self.lang)
            .or(plan)
            .unwrap_or_default()
    }

    /// A 403 page that says why, in the reader's language.
    pub fn forbidden(&self, headers: &HeaderMap, why: ServeMsg) -> Response {
        let lang = self.lang(headers, None);
        let page = Page::new(self, lang, ServeMsg::ForbiddenTitle.get(lang), "/");
        let body = page.render(
            self,
            "forbidden.html",
            minijinja::context! { why => why.get(lang) },
        );
        body.with_status(StatusCode::FORBIDDEN)
    }
}

/// Every route, behind the guard.
pub fn router(app: Arc<App>) -> Router {
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
        .route("/verify", get(report_pages::verify))
        .route("/sync", post(report_pages::sync_post))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
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
