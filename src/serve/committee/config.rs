//! The committee's server's configuration: `server.toml`, read once at
//! start and checked whole, so that a mistake is reported with its file,
//! line, column and key before anything listens.
//!
//! `contrib/server.toml` is a complete example with every key. Relative
//! paths (`path`, `client_secret_file`) are relative to the folder of the
//! configuration file.

mod file;
mod oidc;
#[cfg(test)]
mod tests;
mod values;

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use self::file::{RawConfig, Source, visible};
use self::oidc::oidc_config;
use self::values::{positive, public_url, repository_config, text_or};
use crate::error::CommandError;
use crate::i18n::{CommitteeMsg, Lang, Message};

/// The whole configuration of the committee's server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The address to listen on ("0.0.0.0:8080", "127.0.0.1:0").
    pub listen: SocketAddr,
    /// The address people open, behind the proxy ("https://med.kommune.dk"),
    /// without a trailing slash. Required with `[oidc]`.
    pub public_url: Option<String>,
    /// Only these peers' `X-Forwarded-*` headers are believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Sign-in with the municipality's OpenID provider.
    pub oidc: Option<OidcConfig>,
    /// How long sessions last (`[sessions]`).
    pub sessions: SessionConfig,
    /// Seconds between the scheduled fetches from the git server (default 60).
    pub fetch_every_seconds: u64,
    /// A page whose repository was fetched longer ago than this fetches
    /// first (default 5).
    pub stale_after_seconds: u64,
    /// The committer of recorded decisions (`[identity]`).
    pub identity: ServerIdentity,
    /// The log's format (`log = "text" | "json"`).
    pub log_format: LogFormat,
    /// The committees' repositories (at least one).
    pub repositories: Vec<RepositoryConfig>,
}

/// `[oidc]`: the OpenID Connect provider and this server's client there.
#[derive(Clone)]
pub struct OidcConfig {
    /// The provider's issuer URL (https; http only on loopback).
    pub issuer: String,
    /// This server's client id at the provider.
    pub client_id: String,
    /// The client secret, read from `client_secret_file` or
    /// `client_secret_env` at load time (trimmed). Never printed: `Debug`
    /// shows it hidden.
    pub client_secret: String,
    /// The scopes asked for; always holds "openid" (default: openid, email,
    /// profile).
    pub scopes: Vec<String>,
    /// The ID token's claim that lists the person's groups ("groups").
    pub groups_claim: Option<String>,
}

impl fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<hidden>")
            .field("scopes", &self.scopes)
            .field("groups_claim", &self.groups_claim)
            .finish()
    }
}

/// `[sessions]`: when a signed-in session ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionConfig {
    /// Unused this long, a session ends (`idle_minutes`, default 60).
    pub idle: Duration,
    /// This long after sign-in, a session ends anyway (`max_hours`, default 12).
    pub max: Duration,
}

/// `[identity]`: the server's own name and e-mail, the committer of the
/// decisions it records (the author is the signed-in person).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerIdentity {
    /// Default "backbrief".
    pub name: String,
    /// Default "backbrief@localhost".
    pub email: String,
}

/// How the log is written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Lines for people (the default).
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// One `[[repository]]`: a committee's plans.
#[derive(Debug, Clone)]
pub struct RepositoryConfig {
    /// The path segment and the overview's heading: `[a-z0-9][a-z0-9-]{0,62}`,
    /// unique.
    pub name: String,
    /// A clone of the committee's repository (not checked here).
    pub path: PathBuf,
    /// The remote to push to and fetch from, when given (otherwise "origin"
    /// if the clone has it).
    pub remote: Option<String>,
    /// Who may edit, record, sync and settle.
    pub secretaries: Vec<Member>,
    /// Who may read the pages and download.
    pub readers: Vec<Member>,
    /// Who may read, and see Kontrol and the full trail.
    pub auditors: Vec<Member>,
}

/// A person or group named in a role.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Member {
    /// A person's e-mail address, lowercased.
    Email(String),
    /// A group from the ID token's groups claim (`"group:NAME"`), as written.
    Group(String),
}

impl ServerConfig {
    /// Refuses to listen beyond this machine without sign-in: a `listen`
    /// address that is not loopback needs `[oidc]`. [`load`] checks it; a
    /// caller that changes `listen` afterwards checks again.
    pub fn check_listen(&self, lang: Lang) -> Result<(), CommandError> {
        if self.listen.ip().is_loopback() || self.oidc.is_some() {
            return Ok(());
        }
        Err(CommandError::usage(listen_needs_signin(self.listen, lang))
            .hinted(CommitteeMsg::ListenNeedsSigninHint.get(lang)))
    }
}

fn listen_needs_signin(listen: SocketAddr, lang: Lang) -> String {
    CommitteeMsg::ListenNeedsSignin.fill(lang, &[("address", &listen)])
}

/// Reads and checks the configuration file at `path`.
pub fn load(path: &Path, lang: Lang) -> Result<ServerConfig, CommandError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| {
        CommandError::environment(CommitteeMsg::ConfigUnreadable.fill(
            lang,
            &[("file", &file), ("reason", &crate::io_reason(&error, lang))],
        ))
        .hinted(CommitteeMsg::ConfigUnreadableHint.get(lang))
    })?;
    let source = Source {
        text: &text,
        file: &file,
        lang,
    };
    let raw = file::parse(&source)?;
    let base = path.parent().unwrap_or(Path::new("."));
    check(&source, raw, base)
}

/// The raw keys checked, one by one, into the configuration.
fn check(source: &Source<'_>, raw: RawConfig, base: &Path) -> Result<ServerConfig, CommandError> {
    let lang = source.lang;
    let listen = raw
        .listen
        .get_ref()
        .trim()
        .parse::<SocketAddr>()
        .map_err(|_| {
            source.error_at(
                raw.listen.span().start,
                CommitteeMsg::ListenInvalid
                    .fill(lang, &[("value", &visible(raw.listen.get_ref()))]),
                CommitteeMsg::ListenInvalidHint.get(lang),
            )
        })?;
    let public_url = match &raw.public_url {
        Some(url) => Some(public_url(source, url)?),
        None => None,
    };
    let trusted_proxies = raw
        .trusted_proxies
        .iter()
        .map(|proxy| {
            proxy.get_ref().trim().parse::<IpAddr>().map_err(|_| {
                source.error_at(
                    proxy.span().start,
                    CommitteeMsg::ProxyInvalid.fill(lang, &[("value", &visible(proxy.get_ref()))]),
                    CommitteeMsg::ProxyInvalidHint.get(lang),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let oidc = match &raw.oidc {
        Some(oidc) => {
            if public_url.is_none() {
                return Err(source.error_at(
                    oidc.span().start,
                    CommitteeMsg::PublicUrlRequired.get(lang),
                    CommitteeMsg::PublicUrlRequiredHint.get(lang),
                ));
            }
            Some(oidc_config(source, oidc, base)?)
        }
        None => None,
    };
    if !listen.ip().is_loopback() && oidc.is_none() {
        return Err(source.error_at(
            raw.listen.span().start,
            listen_needs_signin(listen, lang),
            CommitteeMsg::ListenNeedsSigninHint.get(lang),
        ));
    }
    let sessions = raw.sessions.as_ref();
    let idle_minutes = positive(
        source,
        sessions.and_then(|s| s.idle_minutes.as_ref()),
        "idle_minutes",
        60,
    )?;
    let max_hours = positive(
        source,
        sessions.and_then(|s| s.max_hours.as_ref()),
        "max_hours",
        12,
    )?;
    let identity = raw.identity.as_ref();
    let identity = ServerIdentity {
        name: text_or(
            source,
            identity.and_then(|i| i.name.as_ref()),
            "name",
            "backbrief",
        )?,
        email: text_or(
            source,
            identity.and_then(|i| i.email.as_ref()),
            "email",
            "backbrief@localhost",
        )?,
    };
    let log_format = match &raw.log {
        None => LogFormat::Text,
        Some(log) => match log.get_ref().trim() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            _ => {
                return Err(source.error_at(
                    log.span().start,
                    CommitteeMsg::LogInvalid.fill(lang, &[("value", &visible(log.get_ref()))]),
                    CommitteeMsg::LogInvalidHint.get(lang),
                ));
            }
        },
    };
    if raw.repository.is_empty() {
        return Err(CommandError::usage(
            CommitteeMsg::NoRepository.fill(lang, &[("file", &source.file)]),
        )
        .hinted(CommitteeMsg::NoRepositoryHint.get(lang)));
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut repositories = Vec::new();
    for repository in &raw.repository {
        let name = &repository.get_ref().name;
        if let Some(other) = names.get(name.get_ref().trim()) {
            return Err(source.error_at(
                name.span().start,
                CommitteeMsg::RepositoryNameTwice.fill(
                    lang,
                    &[
                        ("value", &visible(name.get_ref())),
                        ("other_line", &source.line_of(*other)),
                    ],
                ),
                CommitteeMsg::RepositoryNameTwiceHint.get(lang),
            ));
        }
        names.insert(name.get_ref().trim().to_owned(), name.span().start);
        repositories.push(repository_config(source, repository.get_ref(), base)?);
    }
    Ok(ServerConfig {
        listen,
        public_url,
        trusted_proxies,
        oidc,
        sessions: SessionConfig {
            idle: Duration::from_secs(idle_minutes * 60),
            max: Duration::from_secs(max_hours * 3600),
        },
        fetch_every_seconds: positive(
            source,
            raw.fetch_every_seconds.as_ref(),
            "fetch_every_seconds",
            60,
        )?,
        stale_after_seconds: positive(
            source,
            raw.stale_after_seconds.as_ref(),
            "stale_after_seconds",
            5,
        )?,
        identity,
        log_format,
        repositories,
    })
}
