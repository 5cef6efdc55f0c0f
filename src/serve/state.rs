//! The server's state: what every request handler can reach.

use std::path::PathBuf;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::history::drafts::Person;
use crate::i18n::{Lang, Message, ServeMsg};
use crate::serve::guard::{self, Secrets};
use crate::serve::page::{self, Page};

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
    pub overview: crate::serve::overview_rows::OverviewCache,
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
