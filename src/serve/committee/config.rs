//! The committee's server's configuration: `server.toml`, read once at
//! start and checked whole, so that a mistake is reported with its file,
//! line, column and key before anything listens.
//!
//! `contrib/server.toml` is a complete example with every key. Relative
//! paths (`path`, `client_secret_file`) are relative to the folder of the
//! configuration file.

mod file;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::Spanned;

use self::file::{RawConfig, RawOidc, RawRepository, Source, visible};
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

/// `public_url`: `http(s)://host[:port]`, no path, query or fragment; a
/// trailing slash is dropped.
fn public_url(source: &Source<'_>, url: &Spanned<String>) -> Result<String, CommandError> {
    let text = url.get_ref().trim();
    let text = text.strip_suffix('/').unwrap_or(text);
    let authority = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match authority {
        Some(authority) if valid_authority(authority) => Ok(text.to_owned()),
        _ => Err(source.error_at(
            url.span().start,
            CommitteeMsg::PublicUrlInvalid.fill(source.lang, &[("value", &visible(url.get_ref()))]),
            CommitteeMsg::PublicUrlInvalidHint.get(source.lang),
        )),
    }
}

/// `host[:port]`: a name (letters, digits, `-`, `.`), an IPv4 address or a
/// bracketed IPv6 address, and perhaps a port; nothing else (no user, path,
/// query or fragment).
fn valid_authority(authority: &str) -> bool {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        match rest.split_once(']') {
            Some((v6, port)) if v6.parse::<std::net::Ipv6Addr>().is_ok() => ("v6", port),
            _ => return false,
        }
    } else {
        match authority.split_once(':') {
            Some((host, _)) => (host, &authority[host.len()..]),
            None => (authority, ""),
        }
    };
    let port_ok = match port.strip_prefix(':') {
        Some(digits) => digits.parse::<u16>().is_ok_and(|port| port > 0),
        None => port.is_empty(),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    port_ok && host_ok
}

/// `[oidc]` checked, with the client secret read.
fn oidc_config(
    source: &Source<'_>,
    oidc: &Spanned<RawOidc>,
    base: &Path,
) -> Result<OidcConfig, CommandError> {
    let lang = source.lang;
    let raw = oidc.get_ref();
    let issuer = non_empty(source, &raw.issuer, "issuer")?;
    if !issuer_allowed(&issuer) {
        return Err(source.error_at(
            raw.issuer.span().start,
            CommitteeMsg::IssuerInvalid.fill(lang, &[("value", &visible(&issuer))]),
            CommitteeMsg::IssuerInvalidHint.get(lang),
        ));
    }
    let client_id = non_empty(source, &raw.client_id, "client_id")?;
    let client_secret = match (&raw.client_secret_file, &raw.client_secret_env) {
        (Some(secret_file), None) => {
            let name = non_empty(source, secret_file, "client_secret_file")?;
            let secret_path = base.join(&name);
            let shown = secret_path.display().to_string();
            let at = secret_file.span().start;
            let secret = std::fs::read_to_string(&secret_path).map_err(|error| {
                source.error_at(
                    at,
                    CommitteeMsg::SecretFileUnreadable.fill(
                        lang,
                        &[
                            ("secret_file", &shown),
                            ("reason", &crate::io_reason(&error, lang)),
                        ],
                    ),
                    CommitteeMsg::SecretFileHint.get(lang),
                )
            })?;
            let secret = secret.trim();
            if secret.is_empty() {
                return Err(source.error_at(
                    at,
                    CommitteeMsg::SecretFileEmpty.fill(lang, &[("secret_file", &shown)]),
                    CommitteeMsg::SecretFileHint.get(lang),
                ));
            }
            secret.to_owned()
        }
        (None, Some(variable)) => {
            let name = non_empty(source, variable, "client_secret_env")?;
            match std::env::var(&name) {
                Ok(secret) if !secret.trim().is_empty() => secret.trim().to_owned(),
                _ => {
                    return Err(source.error_at(
                        variable.span().start,
                        CommitteeMsg::SecretEnvMissing.fill(lang, &[("variable", &visible(&name))]),
                        CommitteeMsg::SecretEnvHint.get(lang),
                    ));
                }
            }
        }
        _ => {
            return Err(source.error_at(
                oidc.span().start,
                CommitteeMsg::SecretNotOne.get(lang),
                CommitteeMsg::SecretNotOneHint.get(lang),
            ));
        }
    };
    let mut scopes = match &raw.scopes {
        Some(scopes) => scopes
            .iter()
            .map(|scope| non_empty(source, scope, "scopes"))
            .collect::<Result<Vec<_>, _>>()?,
        None => vec![
            "openid".to_owned(),
            "email".to_owned(),
            "profile".to_owned(),
        ],
    };
    if !scopes.iter().any(|scope| scope == "openid") {
        scopes.insert(0, "openid".to_owned());
    }
    let groups_claim = match &raw.groups_claim {
        Some(claim) => Some(non_empty(source, claim, "groups_claim")?),
        None => None,
    };
    Ok(OidcConfig {
        issuer,
        client_id,
        client_secret,
        scopes,
        groups_claim,
    })
}

/// An issuer is https, or http on this machine only (a test provider).
fn issuer_allowed(issuer: &str) -> bool {
    if let Some(rest) = issuer.strip_prefix("https://") {
        return valid_authority(rest.split('/').next().unwrap_or_default());
    }
    let Some(rest) = issuer.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if !valid_authority(authority) {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// One `[[repository]]` checked.
fn repository_config(
    source: &Source<'_>,
    raw: &RawRepository,
    base: &Path,
) -> Result<RepositoryConfig, CommandError> {
    let lang = source.lang;
    let name = raw.name.get_ref().trim();
    if !valid_name(name) {
        return Err(source.error_at(
            raw.name.span().start,
            CommitteeMsg::RepositoryNameInvalid
                .fill(lang, &[("value", &visible(raw.name.get_ref()))]),
            CommitteeMsg::RepositoryNameInvalidHint.get(lang),
        ));
    }
    let path = base.join(non_empty(source, &raw.path, "path")?);
    let remote = match &raw.remote {
        Some(remote) => Some(non_empty(source, remote, "remote")?),
        None => None,
    };
    Ok(RepositoryConfig {
        name: name.to_owned(),
        path,
        remote,
        secretaries: members(source, &raw.secretaries, "secretaries")?,
        readers: members(source, &raw.readers, "readers")?,
        auditors: members(source, &raw.auditors, "auditors")?,
    })
}

/// `[a-z0-9][a-z0-9-]{0,62}`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && name.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A role's list: e-mail addresses (one `@`, something on either side, no
/// spaces) and `group:NAME`.
fn members(
    source: &Source<'_>,
    list: &[Spanned<String>],
    key: &str,
) -> Result<Vec<Member>, CommandError> {
    list.iter()
        .map(|entry| {
            let text = entry.get_ref().trim();
            if let Some(group) = text.strip_prefix("group:") {
                let group = group.trim();
                if !group.is_empty() && !group.chars().any(char::is_control) {
                    return Ok(Member::Group(group.to_owned()));
                }
            } else if let Some((local, domain)) = text.split_once('@')
                && !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Ok(Member::Email(text.to_lowercase()));
            }
            Err(source.error_at(
                entry.span().start,
                CommitteeMsg::MemberInvalid.fill(
                    source.lang,
                    &[("key", &key), ("value", &visible(entry.get_ref()))],
                ),
                CommitteeMsg::MemberInvalidHint.get(source.lang),
            ))
        })
        .collect()
}

/// A text value, trimmed; empty is an error naming `key`.
fn non_empty(
    source: &Source<'_>,
    value: &Spanned<String>,
    key: &str,
) -> Result<String, CommandError> {
    let text = value.get_ref().trim();
    if text.is_empty() {
        return Err(source.error_at(
            value.span().start,
            CommitteeMsg::EmptyValue.fill(source.lang, &[("key", &key)]),
            CommitteeMsg::EmptyValueHint.get(source.lang),
        ));
    }
    Ok(text.to_owned())
}

/// An optional text value, or its default.
fn text_or(
    source: &Source<'_>,
    value: Option<&Spanned<String>>,
    key: &str,
    default: &str,
) -> Result<String, CommandError> {
    match value {
        Some(value) => non_empty(source, value, key),
        None => Ok(default.to_owned()),
    }
}

/// An optional whole number above 0, or its default.
fn positive(
    source: &Source<'_>,
    value: Option<&Spanned<u64>>,
    key: &str,
    default: u64,
) -> Result<u64, CommandError> {
    match value {
        None => Ok(default),
        Some(value) if *value.get_ref() > 0 && *value.get_ref() <= 1_000_000 => {
            Ok(*value.get_ref())
        }
        Some(value) => Err(source.error_at(
            value.span().start,
            CommitteeMsg::NotPositive.fill(source.lang, &[("key", &key)]),
            CommitteeMsg::NotPositiveHint.get(source.lang),
        )),
    }
}
