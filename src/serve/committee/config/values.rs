//! The values of `server.toml` checked one by one: addresses, names,
//! members, numbers; each mistake an error at its place in the file.

use std::path::Path;

use toml::Spanned;

use super::file::{RawRepository, Source, visible};
use super::{Member, RepositoryConfig};
use crate::error::CommandError;
use crate::i18n::{CommitteeMsg, Message};

/// `public_url`: `http(s)://host[:port]`, no path, query or fragment; a
/// trailing slash is dropped.
pub(super) fn public_url(
    source: &Source<'_>,
    url: &Spanned<String>,
) -> Result<String, CommandError> {
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
pub(super) fn valid_authority(authority: &str) -> bool {
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

/// One `[[repository]]` checked.
pub(super) fn repository_config(
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
pub(super) fn non_empty(
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
pub(super) fn text_or(
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
pub(super) fn positive(
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
