//! The committee server's configuration, as far as sign-in needs it: the
//! OpenID provider. (`ServerConfig` and `load` are the configuration part's.)

/// The municipality's OpenID provider, from `[oidc]` in `server.toml`.
#[derive(Clone)]
pub struct OidcConfig {
    /// The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    /// The client id registered with the provider.
    pub client_id: String,
    /// The client secret, read from a file or the environment at load time
    /// (trimmed); never printed.
    pub client_secret: String,
    /// The scopes asked for; "openid" is always asked for.
    pub scopes: Vec<String>,
    /// The claim that names the person's groups (e.g. "groups"), if any.
    pub groups_claim: Option<String>,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"…")
            .field("scopes", &self.scopes)
            .field("groups_claim", &self.groups_claim)
            .finish()
    }
}
