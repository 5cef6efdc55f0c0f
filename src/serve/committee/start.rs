//! Starting the committee's server: the configuration read, each
//! committee's clone opened with its git server, the identity provider
//! found, and the one door put in front of every route.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::error::CommandError;
use crate::history::PlansRepo;
use crate::history::drafts::Person;
use crate::i18n::{Lang, Message, ServeMsg};
use crate::serve::app::{App, AppConfig, routes};
use crate::serve::committee::auth_routes::{self, Auth};
use crate::serve::committee::config::{self, ServerConfig};
use crate::serve::committee::server::{Access, Committee, Server, handle};
use crate::serve::committee::sessions::Sessions;
use crate::serve::committee::signin::Provider;
use crate::serve::guard::Secrets;
use crate::serve::remote::Upstream;

/// What `backbrief serve --config` was asked for.
#[derive(Debug, Clone)]
pub struct CommitteeOptions {
    /// The configuration file.
    pub config: PathBuf,
    /// `--lang`.
    pub lang: Option<Lang>,
    /// `--at`: the day status and overdue marks are computed for.
    pub at: Option<chrono::NaiveDate>,
}

/// Runs the committee's server until the process is interrupted. Once it
/// listens, `listening` is given the address (with the token, when no
/// sign-in is configured and it listens on this machine only).
pub fn serve_committee(
    options: CommitteeOptions,
    listening: impl FnOnce(&str) + Send,
) -> Result<(), CommandError> {
    let lang = options.lang.unwrap_or_default();
    let config = config::load(&options.config, lang)?;
    config.check_listen(lang)?;
    crate::serve::committee::log::init(config.log_format);
    // The pages only show what is recorded: read as `git log` reads (the
    // Kontrol page and every check of what is fetched still check each
    // object's hash).
    crate::history::object_checks::trust_the_object_store();
    let listener = std::net::TcpListener::bind(config.listen).map_err(|error| {
        CommandError::environment(ServeMsg::CannotListenAt.fill(
            lang,
            &[
                ("address", &config.listen),
                ("reason", &crate::io_reason(&error, lang)),
            ],
        ))
        .hinted(ServeMsg::CannotListenAtHint.get(lang))
    })?;
    let io_error = |error: std::io::Error| {
        CommandError::environment(
            ServeMsg::ServerFailed.fill(lang, &[("reason", &crate::io_reason(&error, lang))]),
        )
    };
    listener.set_nonblocking(true).map_err(io_error)?;
    let address = listener.local_addr().map_err(io_error)?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    let committees = open_committees(&config, address.port(), &options, lang)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(io_error)?;
    runtime.block_on(async move {
        let (access, shown) = access(&config, &committees, &public_url, address, lang).await?;
        let (origin, host) = origin_and_host(&public_url);
        let server = Arc::new(Server {
            committees,
            access,
            origin,
            host,
            trusted: config.trusted_proxies.clone(),
            port: address.port(),
            lang: options.lang,
        });
        let listener = tokio::net::TcpListener::from_std(listener).map_err(io_error)?;
        tracing::info!(%address, %public_url, "listening");
        listening(&shown);
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(server)
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).await.map_err(io_error)
    })
}

/// Each committee's clone opened, its git server fetched on a schedule,
/// its pages made.
fn open_committees(
    config: &ServerConfig,
    port: u16,
    options: &CommitteeOptions,
    lang: Lang,
) -> Result<Vec<Committee>, CommandError> {
    let mut committees = Vec::new();
    for repository in &config.repositories {
        let cannot_open = |reason: &str| {
            CommandError::environment(
                ServeMsg::CannotOpenCommittee
                    .fill(lang, &[("name", &repository.name), ("reason", &reason)]),
            )
        };
        let repo =
            PlansRepo::open(&repository.path, lang).map_err(|error| cannot_open(&error.message))?;
        let root = repo.root.clone();
        drop(repo);
        let upstream = Arc::new(
            Upstream::new(
                root.clone(),
                repository.remote.clone(),
                Duration::from_secs(config.stale_after_seconds),
                lang,
            )
            .with_identity(&config.identity.name, &config.identity.email),
        );
        upstream
            .clone()
            .spawn_schedule(Duration::from_secs(config.fetch_every_seconds.max(1)));
        let quick = root.clone();
        std::thread::spawn(move || crate::history::maintenance::keep_quick(&quick));
        let secrets = Secrets::new().map_err(|reason| cannot_open(&reason))?;
        let app = Arc::new(
            App::new(AppConfig {
                root,
                port,
                secrets,
                read_only: false,
                lang: options.lang,
                has_remote: upstream.has_remote(),
                at: options.at,
                person: Person::new(&config.identity.email, &config.identity.name),
                base: format!("/r/{}", repository.name),
                upstream: Some(upstream.clone()),
            })
            .map_err(|reason| cannot_open(&reason))?,
        );
        // Who set what and the decisions of every plan, made before the
        // first visit asks.
        let (ready, name) = (app.clone(), repository.name.clone());
        std::thread::spawn(move || crate::serve::history_rows::keep_ready(&ready, &name));
        committees.push(Committee {
            config: repository.clone(),
            routes: routes(app.clone()),
            app,
            upstream,
        });
    }
    Ok(committees)
}

/// How people get in, and the address to print: sign-in through the
/// provider (found now), or the token of the local mode.
async fn access(
    config: &ServerConfig,
    committees: &[Committee],
    public_url: &str,
    address: SocketAddr,
    lang: Lang,
) -> Result<(Access, String), CommandError> {
    match &config.oidc {
        Some(oidc) => {
            let redirect = format!("{public_url}/auth/callback");
            let provider = Provider::discover(oidc, &redirect).await.map_err(|error| {
                tracing::error!(issuer = %oidc.issuer, reason = %error.reason(), "the identity provider cannot be reached");
                CommandError::environment(ServeMsg::CannotReachProvider.fill(
                    lang,
                    &[("issuer", &oidc.issuer), ("reason", &error.words(lang))],
                ))
                .hinted(ServeMsg::CannotReachProviderHint.get(lang))
            })?;
            let sessions = Sessions::new(config.sessions.idle, config.sessions.max);
            let auth = Arc::new(Auth::new(provider, sessions, public_url));
            let routes = auth_routes::routes(auth.clone());
            Ok((
                Access::SignIn { auth, routes },
                format!("http://{address}/"),
            ))
        }
        None => {
            let secrets = Secrets::new().map_err(|reason| {
                CommandError::environment(ServeMsg::ServerFailed.fill(lang, &[("reason", &reason)]))
            })?;
            let person = committees
                .first()
                .and_then(|c| git2::Repository::open(&c.app.root).ok())
                .map(|git| Person::local(&git))
                .unwrap_or_else(|| Person::new("local", ""));
            let shown = format!("{public_url}/?token={}", secrets.token);
            Ok((Access::Token { secrets, person }, shown))
        }
    }
}

/// The origin a browser sends from the public URL, and the host it asks
/// for (lowercased, with the port when one is written).
fn origin_and_host(public_url: &str) -> (String, String) {
    let url = public_url.trim_end_matches('/');
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    let origin = match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    };
    (origin.to_string(), origin[after_scheme..].to_lowercase())
}
