//! `[oidc]` checked: the issuer (https, or http on this machine), the
//! client, and the client secret read from its file or variable.

use std::net::IpAddr;
use std::path::Path;

use toml::Spanned;

use super::OidcConfig;
use super::file::{RawOidc, Source, visible};
use super::values::{non_empty, valid_authority};
use crate::error::CommandError;
use crate::i18n::{CommitteeMsg, Message};

/// `[oidc]` checked, with the client secret read.
pub(super) fn oidc_config(
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
