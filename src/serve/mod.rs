//! `backbrief serve`: the plans in the browser, for people who do not use a
//! terminal.
//!
//! The server listens on 127.0.0.1 only and lets in only the browser that
//! opened the address it printed (see [`guard`]). Every page is made by the
//! same library calls as the commands (status, log, show, blame, report,
//! verify), and a decision made in a form is recorded by the same operation
//! as `backbrief decide`. Edits made through the forms are a draft: the
//! plan's file in the work tree, as if edited by hand, until the decision
//! form records them (see [`draft`]).

pub mod app;
pub mod committee;
pub mod confirm;
pub mod draft;
pub mod edit;
pub mod forms;
pub mod guard;
pub mod history_memory;
pub mod history_pages;
pub mod history_rows;
pub mod overview_rows;
pub mod page;
pub mod page_form;
pub mod plan_index;
pub mod plan_pages;
pub mod remote;
pub mod report_pages;
pub mod state;
pub mod sync_page;
pub mod verify_page;
pub mod visitor;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::CommandError;
use crate::history::PlansRepo;
use crate::i18n::{Lang, Message, ServeMsg};

/// What `backbrief serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// A folder inside the plans repository.
    pub cwd: PathBuf,
    /// The port (0: any free one).
    pub port: u16,
    /// Offer no edits and refuse every post.
    pub read_only: bool,
    /// The language asked for with `--lang`, if any.
    pub lang: Option<Lang>,
    /// `--at`: the day status and overdue marks are computed for.
    pub at: Option<chrono::NaiveDate>,
}

/// Runs the server until the process is interrupted. Once it listens,
/// `listening` is given the address to open (with the token); the caller
/// says it and opens the browser.
pub fn serve(
    options: ServeOptions,
    listening: impl FnOnce(&str) + Send,
) -> Result<(), CommandError> {
    let lang = options.lang.unwrap_or_default();
    let repo = PlansRepo::open(&options.cwd, lang)?;
    let root = repo.root.clone();
    // The pages only show what is recorded: read as `git log` reads (the
    // Kontrol page and sync's checks still check each object's hash).
    crate::history::object_checks::trust_the_object_store();
    // A history without changed-path filters makes "Hvem satte hvad" read
    // every commit: they are written once, beside the pages, not before them.
    let quick = repo.root.clone();
    std::thread::spawn(move || crate::history::maintenance::keep_quick(&quick));
    let has_remote = repo
        .git
        .remotes()
        .map(|remotes| !remotes.is_empty())
        .unwrap_or(false);
    let person = crate::history::drafts::Person::local(&repo.git);
    drop(repo);
    let listener =
        std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))
            .map_err(|error| {
                CommandError::environment(ServeMsg::CannotListen.fill(
                    lang,
                    &[
                        ("port", &options.port),
                        ("reason", &crate::io_reason(&error, lang)),
                    ],
                ))
                .hinted(ServeMsg::CannotListenHint.get(lang))
            })?;
    let io_error = |error: std::io::Error| {
        CommandError::environment(
            ServeMsg::ServerFailed.fill(lang, &[("reason", &crate::io_reason(&error, lang))]),
        )
    };
    listener.set_nonblocking(true).map_err(io_error)?;
    let port = listener.local_addr().map_err(io_error)?.port();
    let secrets = guard::Secrets::new().map_err(|reason| {
        CommandError::environment(ServeMsg::ServerFailed.fill(lang, &[("reason", &reason)]))
    })?;
    let url = format!("http://127.0.0.1:{port}/?token={}", secrets.token);
    let state = Arc::new(
        app::App::new(app::AppConfig {
            root,
            port,
            secrets,
            read_only: options.read_only,
            lang: options.lang,
            has_remote,
            at: options.at,
            person,
            base: String::new(),
            upstream: None,
        })
        .map_err(|error| {
            CommandError::environment(ServeMsg::ServerFailed.fill(lang, &[("reason", &error)]))
        })?,
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .map_err(io_error)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(io_error)?;
        listening(&url);
        axum::serve(listener, app::router(state))
            .await
            .map_err(io_error)
    })
}
