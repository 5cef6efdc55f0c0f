//! Sign-out at the provider (OpenID Connect RP-initiated logout 1.0): the
//! ID token kept for `id_token_hint`, and the address of the provider's
//! end-session endpoint that ends the person's sign-in there too and sends
//! the browser back to `<public_url>/auth/logout`.
//!
//! The pages' policy (`form-action 'self'`) would stop the sign-out form's
//! redirect to the provider: browsers check a form's redirects against
//! `form-action` too. [`page_policy`] is the same policy with the
//! end-session endpoint's origin allowed as well.
//!
//! The token's text is never shown: [`IdTokenHint`]'s `Debug` prints no
//! part of it, and it has no `Display`; it leaves the server only in the
//! end-session address the person's own browser is sent to.

use openidconnect::core::CoreIdToken;
use openidconnect::{ClientId, EndSessionUrl, LogoutRequest, PostLogoutRedirectUrl};

use crate::serve::guard::CSP;

/// An ID token kept for sign-out's `id_token_hint`.
#[derive(Clone)]
pub struct IdTokenHint(CoreIdToken);

impl IdTokenHint {
    /// The token read from its compact form (`header.payload.signature`);
    /// None when it is not one. Nothing is checked here: only tokens that
    /// passed the sign-in's checks are kept in a session.
    pub fn parse(jwt: &str) -> Option<IdTokenHint> {
        jwt.parse().ok().map(IdTokenHint)
    }
}

impl std::fmt::Debug for IdTokenHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdTokenHint(..)")
    }
}

impl PartialEq for IdTokenHint {
    fn eq(&self, other: &IdTokenHint) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for IdTokenHint {}

/// The end-session address: `endpoint` (its own query kept) with
/// `id_token_hint` (when there is a token), `client_id` and
/// `post_logout_redirect_uri`, each encoded. None when
/// `post_logout_redirect` is not a URL.
pub fn logout_url(
    endpoint: EndSessionUrl,
    client_id: ClientId,
    id_token: Option<&IdTokenHint>,
    post_logout_redirect: &str,
) -> Option<String> {
    let back = PostLogoutRedirectUrl::new(post_logout_redirect.to_string()).ok()?;
    let mut request = LogoutRequest::from(endpoint)
        .set_client_id(client_id)
        .set_post_logout_redirect_uri(back);
    if let Some(IdTokenHint(token)) = id_token {
        request = request.set_id_token_hint(token);
    }
    Some(request.http_get_url().to_string())
}

/// The origin of an end-session endpoint (`https://host[:port]`), as a
/// policy may name it; None for one that is not http(s).
pub fn endpoint_origin(endpoint: &EndSessionUrl) -> Option<String> {
    let url = endpoint.url();
    matches!(url.scheme(), "https" | "http")
        .then(|| url.origin().ascii_serialization())
        .filter(|origin| origin != "null")
}

/// The pages' Content-Security-Policy with `origin` (from
/// [`endpoint_origin`]) allowed as a form's target besides this server:
/// the sign-out form's redirect goes there.
pub fn page_policy(origin: &str) -> String {
    CSP.replace(
        "form-action 'self'",
        &format!("form-action 'self' {origin}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ID token's compact form (header, claims, a made-up signature).
    const JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.\
        eyJpc3MiOiJodHRwczovL2lkLmtvbW11bmUuZGsiLCJhdWQiOiJtZWQiLCJzdWIiOiJhbm5hIiwiZXhwIjoxOTAwMDAwMDAwLCJpYXQiOjE4MDAwMDAwMDB9.\
        c2ln";

    fn endpoint(url: &str) -> EndSessionUrl {
        EndSessionUrl::new(url.to_string()).expect("a URL")
    }

    #[test]
    fn the_end_session_address_carries_the_token_the_client_and_the_way_back() {
        let token = IdTokenHint::parse(JWT).expect("a compact ID token");
        let url = logout_url(
            endpoint("https://id.kommune.dk/session/end"),
            ClientId::new("med & co".to_string()),
            Some(&token),
            "https://med.kommune.dk/auth/logout",
        );
        assert_eq!(
            url.as_deref(),
            Some(
                format!(
                    "https://id.kommune.dk/session/end?id_token_hint={JWT}\
                     &client_id=med+%26+co\
                     &post_logout_redirect_uri=https%3A%2F%2Fmed.kommune.dk%2Fauth%2Flogout"
                )
                .as_str()
            )
        );
    }

    #[test]
    fn the_end_session_address_keeps_the_providers_own_query_and_needs_no_token() {
        let url = logout_url(
            endpoint("https://login.kommune.dk/oauth2/logout?p=med"),
            ClientId::new("med".to_string()),
            None,
            "http://127.0.0.1:8080/auth/logout",
        );
        assert_eq!(
            url.as_deref(),
            Some(
                "https://login.kommune.dk/oauth2/logout?p=med&client_id=med\
                 &post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fauth%2Flogout"
            )
        );
        // A way back that is no URL: no address (the caller signs out here only).
        let url = logout_url(
            endpoint("https://id.kommune.dk/session/end"),
            ClientId::new("med".to_string()),
            None,
            "/auth/logout",
        );
        assert_eq!(url, None);
    }

    #[test]
    fn the_pages_may_send_the_sign_out_form_on_to_the_providers_origin_only() {
        let origin = endpoint_origin(&endpoint("https://Login.Kommune.dk:8443/t/logout?x=1"));
        assert_eq!(origin.as_deref(), Some("https://login.kommune.dk:8443"));
        let policy = page_policy("https://login.kommune.dk:8443");
        assert!(
            policy.contains("; form-action 'self' https://login.kommune.dk:8443; "),
            "{policy}"
        );
        assert_eq!(policy.replace(" https://login.kommune.dk:8443", ""), CSP);
        assert_eq!(endpoint_origin(&endpoint("javascript:alert(1)")), None);
        assert_eq!(
            endpoint_origin(&endpoint("http://127.0.0.1:3000/session/end")).as_deref(),
            Some("http://127.0.0.1:3000")
        );
    }

    #[test]
    fn the_kept_id_token_is_never_shown() {
        let token = IdTokenHint::parse(JWT).expect("a compact ID token");
        let shown = format!("{token:?}");
        assert!(!shown.contains("eyJ") && !shown.contains("c2ln"), "{shown}");
        assert_eq!(IdTokenHint::parse(JWT), Some(token));
        assert_eq!(IdTokenHint::parse("not a token"), None);
    }
}
