//! Sign-in with the municipality's OpenID provider (Entra ID, AD FS,
//! Keycloak, …): discovery, the authorization code flow with PKCE (S256),
//! a random state and nonce, and the ID token's checks.
//!
//! [`Provider::begin`] gives the address to send the browser to and the
//! [`Pending`] sign-in to keep (by its state) until the provider sends the
//! browser back; [`Provider::finish`] exchanges the code and checks the ID
//! token with the crate's verifier, every check on: its signature (the keys
//! published at discovery), issuer, audience, nonce and expiry. The person
//! is then an [`Identity`]: subject, e-mail, name and groups.
//!
//! Sign-out (OpenID Connect RP-initiated logout 1.0): when the discovery
//! document names an `end_session_endpoint`, [`Provider::end_session_url`]
//! gives the address that ends the person's sign-in at the provider too,
//! with the ID token as `id_token_hint` (an [`IdTokenHint`], kept with the
//! [`Identity`] and never shown or logged; see [`super::end_session`]).
//!
//! The HTTP client follows no redirects: a provider's answer that points
//! elsewhere is not followed to an address nobody configured.

use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndSessionUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    ProviderMetadataWithLogout, RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse,
    TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};

use super::config::OidcConfig;
use super::end_session::{IdTokenHint, endpoint_origin, logout_url};
use crate::i18n::{Lang, Message, SigninMsg};

/// How long a call to the provider may take.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(15);

/// The person the provider signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The provider's stable id of the person (`sub`).
    pub subject: String,
    /// The e-mail address (`email`), as the provider gave it.
    pub email: Option<String>,
    /// The name (`name`, else `preferred_username`).
    pub name: Option<String>,
    /// The groups named by the configured claim (empty without one).
    pub groups: Vec<String>,
    /// The ID token the provider signed the person in with: sent back as
    /// `id_token_hint` when the person signs out. None where no provider
    /// signed them in.
    pub id_token: Option<IdTokenHint>,
}

/// Why a sign-in failed. [`SigninError::words`] is what the person reads;
/// [`SigninError::reason`] (the provider's or the crate's words) is for the
/// log only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigninError {
    /// The provider's discovery document or keys could not be read.
    Discovery(String),
    /// The code could not be exchanged for tokens.
    Exchange(String),
    /// The ID token failed a check (signature, issuer, audience, nonce,
    /// expiry): the reason says which.
    Rejected(String),
    /// The tokens did not say who the person is (no ID token, a groups
    /// claim of the wrong shape).
    Claims(String),
    /// The provider sent the browser back with `error=…`.
    Denied(String),
    /// The callback's state was never issued here, was used already or is
    /// too old.
    UnknownState,
    /// The callback lacked its state or code.
    BadCallback,
}

impl SigninError {
    /// The plain sentence the person sees.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            SigninError::Discovery(_) => SigninMsg::Discovery,
            SigninError::Exchange(_) => SigninMsg::Exchange,
            SigninError::Rejected(_) => SigninMsg::Rejected,
            SigninError::Claims(_) => SigninMsg::Claims,
            SigninError::Denied(_) => SigninMsg::Denied,
            SigninError::UnknownState => SigninMsg::UnknownState,
            SigninError::BadCallback => SigninMsg::BadCallback,
        }
        .get(lang)
    }

    /// What went wrong in the provider's or the crate's words, for the log.
    pub fn reason(&self) -> &str {
        match self {
            SigninError::Discovery(reason)
            | SigninError::Exchange(reason)
            | SigninError::Rejected(reason)
            | SigninError::Claims(reason)
            | SigninError::Denied(reason) => reason,
            SigninError::UnknownState => "unknown, used or expired state",
            SigninError::BadCallback => "callback without state or code",
        }
    }

    /// A short name of the kind, for the log.
    pub fn kind(&self) -> &'static str {
        match self {
            SigninError::Discovery(_) => "discovery",
            SigninError::Exchange(_) => "exchange",
            SigninError::Rejected(_) => "token-rejected",
            SigninError::Claims(_) => "claims",
            SigninError::Denied(_) => "denied",
            SigninError::UnknownState => "unknown-state",
            SigninError::BadCallback => "bad-callback",
        }
    }
}

/// The claims beyond the standard ones, kept whole: the groups claim's
/// name comes from the configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct OtherClaims(serde_json::Map<String, serde_json::Value>);

impl AdditionalClaims for OtherClaims {}

type TokenFields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// The client as discovery makes it: the authorization endpoint is known;
/// the token and userinfo endpoints may be.
type OidcClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    StandardTokenResponse<TokenFields, CoreTokenType>,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The municipality's OpenID provider, as discovered.
pub struct Provider {
    client: OidcClient,
    issuer: String,
    /// Where sign-out at the provider begins (RP-initiated logout), when
    /// its discovery document names one (http or https).
    end_session: Option<EndSessionUrl>,
    http: reqwest::Client,
    scopes: Vec<String>,
    groups_claim: Option<String>,
}

/// A sign-in begun and not yet finished: kept by the server, by its state,
/// until the provider sends the browser back.
pub struct Pending {
    /// The random state sent to the provider and expected back.
    pub state: String,
    nonce: String,
    pkce_verifier: String,
    created: Instant,
    /// The path on this server to go to once signed in.
    pub return_to: String,
}

impl Pending {
    /// When the sign-in was begun.
    pub fn created(&self) -> Instant {
        self.created
    }

    /// A pending sign-in with this state, begun at `created`, returning to `/`.
    #[cfg(test)]
    pub(crate) fn for_test(state: &str, created: Instant) -> Pending {
        Pending {
            state: state.to_string(),
            nonce: random_hex(),
            pkce_verifier: random_hex(),
            created,
            return_to: "/".to_string(),
        }
    }
}

impl Provider {
    /// Reads the provider's discovery document and keys; the browser will
    /// come back to `redirect_url` (`<public_url>/auth/callback`).
    pub async fn discover(oidc: &OidcConfig, redirect_url: &str) -> Result<Provider, SigninError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            // A fresh connection per call: sign-ins are rare, and a kept
            // connection the provider has meanwhile closed (its keep-alive
            // is often a few seconds) would fail the code's one exchange.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|error| SigninError::Discovery(chain(&error)))?;
        let issuer = IssuerUrl::new(oidc.issuer.clone())
            .map_err(|error| SigninError::Discovery(chain(&error)))?;
        // The standard metadata and `end_session_endpoint`, from the one
        // discovery document.
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &http)
            .await
            .map_err(|error| SigninError::Discovery(chain(&error)))?;
        let redirect = RedirectUrl::new(redirect_url.to_string())
            .map_err(|error| SigninError::Discovery(chain(&error)))?;
        let issuer = metadata.issuer().as_str().to_string();
        // Only an http(s) end-session endpoint is ever a place to send a browser.
        let end_session = (metadata.additional_metadata().end_session_endpoint.clone())
            .filter(|endpoint| endpoint_origin(endpoint).is_some());
        let client = OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(oidc.client_id.clone()),
            Some(ClientSecret::new(oidc.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        Ok(Provider {
            client,
            issuer,
            end_session,
            http,
            scopes: oidc.scopes.clone(),
            groups_claim: oidc.groups_claim.clone(),
        })
    }

    /// The provider's issuer, as its discovery document names it.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Whether the provider ends its own sign-in on request (its discovery
    /// document names an `end_session_endpoint`).
    pub fn ends_sessions(&self) -> bool {
        self.end_session.is_some()
    }

    /// The origin of the provider's end-session endpoint, when it has one:
    /// the pages' sign-out form may be sent on there.
    pub fn end_session_origin(&self) -> Option<String> {
        self.end_session.as_ref().and_then(endpoint_origin)
    }

    /// The provider's end-session address for a person signing out (with
    /// their ID token as `id_token_hint`, when kept), coming back to
    /// `post_logout_redirect` (`<public_url>/auth/logout`, registered with
    /// the provider). None when the provider has no end-session endpoint
    /// or `post_logout_redirect` is not a URL.
    pub fn end_session_url(
        &self,
        id_token: Option<&IdTokenHint>,
        post_logout_redirect: &str,
    ) -> Option<String> {
        let endpoint = self.end_session.clone()?;
        logout_url(
            endpoint,
            self.client.client_id().clone(),
            id_token,
            post_logout_redirect,
        )
    }

    /// Begins a sign-in that returns to `return_to`: the provider's
    /// authorize address (with state, nonce and the PKCE challenge) and the
    /// pending sign-in to keep.
    pub fn begin(&self, return_to: &str) -> (String, Pending) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = self
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                || CsrfToken::new(random_hex()),
                || Nonce::new(random_hex()),
            )
            .set_pkce_challenge(challenge);
        // "openid" is always asked for by the client itself.
        for scope in self.scopes.iter().filter(|scope| *scope != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            created: Instant::now(),
            return_to: return_to.to_string(),
        };
        (url.to_string(), pending)
    }

    /// Finishes a sign-in: exchanges `code` (with the PKCE verifier) and
    /// checks the ID token (signature, issuer, audience, nonce, expiry).
    pub async fn finish(&self, pending: Pending, code: &str) -> Result<Identity, SigninError> {
        let request = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|error| SigninError::Exchange(chain(&error)))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier));
        let tokens = request
            .request_async(&self.http)
            .await
            .map_err(|error| SigninError::Exchange(chain(&error)))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| SigninError::Claims("no ID token in the token answer".to_string()))?;
        let verifier = self.client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce))
            .map_err(|error| SigninError::Rejected(chain(&error)))?;
        let subject = claims.subject().to_string();
        let email = claims.email().map(|email| email.to_string());
        let name = claims
            .name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string())
            .or_else(|| {
                claims
                    .preferred_username()
                    .map(|name| name.as_str().to_string())
            });
        let mut groups = Vec::new();
        if let Some(claim) = &self.groups_claim {
            match claims.additional_claims().0.get(claim) {
                Some(value) => groups = group_names(claim, value)?,
                None => {
                    groups = self
                        .groups_from_userinfo(claim, tokens.access_token().clone(), &subject)
                        .await?;
                }
            }
        }
        Ok(Identity {
            subject,
            email,
            name,
            groups,
            // Kept as the provider sent it (checked above), for sign-out.
            id_token: IdTokenHint::parse(&id_token.to_string()),
        })
    }

    /// The groups claim from the userinfo endpoint, when the ID token did
    /// not hold it (Entra ID and AD FS may leave it out). A provider without
    /// the endpoint, or without the claim there: no groups.
    async fn groups_from_userinfo(
        &self,
        claim: &str,
        access_token: openidconnect::AccessToken,
        subject: &str,
    ) -> Result<Vec<String>, SigninError> {
        let Ok(request) = self.client.user_info(
            access_token,
            Some(openidconnect::SubjectIdentifier::new(subject.to_string())),
        ) else {
            return Ok(Vec::new());
        };
        let info: UserInfoClaims<OtherClaims, CoreGenderClaim> = request
            .request_async(&self.http)
            .await
            .map_err(|error| SigninError::Claims(chain(&error)))?;
        match info.additional_claims().0.get(claim) {
            Some(value) => group_names(claim, value),
            None => Ok(Vec::new()),
        }
    }
}

/// The groups in a claim: an array of strings (one string alone is one
/// group); anything else is refused.
fn group_names(claim: &str, value: &serde_json::Value) -> Result<Vec<String>, SigninError> {
    let wrong = || SigninError::Claims(format!("the claim {claim:?} is not an array of strings"));
    match value {
        serde_json::Value::String(group) => Ok(vec![group.clone()]),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string).ok_or_else(wrong))
            .collect(),
        _ => Err(wrong()),
    }
}

/// 32 bytes from the operating system's random source, as hex. Should the
/// source fail, the crate's own random token stands in (still random).
pub(crate) fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    match getrandom::fill(&mut bytes) {
        Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        Err(_) => CsrfToken::new_random_len(32).secret().clone(),
    }
}

/// An error with its causes, for the log.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_an_array_of_strings_or_one_string() {
        let value = serde_json::json!(["a", "b"]);
        assert_eq!(
            group_names("groups", &value),
            Ok(vec!["a".into(), "b".into()])
        );
        let value = serde_json::json!("a");
        assert_eq!(group_names("groups", &value), Ok(vec!["a".into()]));
        for bad in [
            serde_json::json!([1]),
            serde_json::json!({"a": 1}),
            serde_json::json!(2),
        ] {
            assert!(matches!(
                group_names("groups", &bad),
                Err(SigninError::Claims(_))
            ));
        }
    }

    #[test]
    fn every_failure_has_plain_words_without_the_reason() {
        let secret = "token=eyJhbGciOi";
        for error in [
            SigninError::Discovery(secret.into()),
            SigninError::Exchange(secret.into()),
            SigninError::Rejected(secret.into()),
            SigninError::Claims(secret.into()),
            SigninError::Denied(secret.into()),
            SigninError::UnknownState,
            SigninError::BadCallback,
        ] {
            for lang in [Lang::Da, Lang::En] {
                let words = error.words(lang);
                assert!(!words.is_empty() && !words.contains(secret), "{words}");
            }
        }
    }
}
