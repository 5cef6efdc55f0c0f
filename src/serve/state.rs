//! The server's state: what every request handler can reach.

use std::path::PathBuf;

use crate::history::drafts::Person;
use crate::i18n::Lang;
use crate::serve::guard::Secrets;

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
    /// The path its pages live under: empty in local mode, `/r/NAME` for
    /// a committee's repository on the committee's server.
    pub base: String,
    /// The git server each recorded decision is pushed to at once (the
    /// committee's server); None in local mode, where `sync` does it.
    pub upstream: Option<std::sync::Arc<crate::serve::remote::Upstream>>,
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
    /// Who edits through this server in local mode (whose drafts the
    /// pages show); on the committee's server each request's visitor.
    pub person: Person,
    /// The path its pages live under (see [`AppConfig::base`]).
    pub base: String,
    /// The git server decisions are pushed to (see [`AppConfig::upstream`]).
    pub upstream: Option<std::sync::Arc<crate::serve::remote::Upstream>>,
    /// The page templates.
    pub templates: minijinja::Environment<'static>,
    /// The overview's rows of files that did not change.
    pub overview: crate::serve::overview_rows::OverviewCache,
    /// The recorded plans' titles and items, by the blob read.
    pub plans: crate::serve::plan_index::PlanIndex,
    /// What the history pages keep between visits.
    pub history: crate::serve::history_memory::HistoryMemory,
}
