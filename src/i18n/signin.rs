//! Sentences of the committee server's sign-in: the `/auth` pages and the
//! refusals a person sees when a sign-in fails.

crate::catalogue! {
    /// Sign-in with the municipality's identity provider, and sign-out.
    pub enum SigninMsg {
        SigninFailedTitle => { da: "Log ind mislykkedes", en: "Sign-in failed" },
        Discovery => {
            da: "Serveren kan ikke nå login-tjenesten lige nu.",
            en: "The server cannot reach the sign-in service right now.",
        },
        Exchange => {
            da: "Login-tjenesten gav ikke serveren adgang til at logge dig ind.",
            en: "The sign-in service did not let the server sign you in.",
        },
        Rejected => {
            da: "Svaret fra login-tjenesten kunne ikke godkendes, så du er ikke logget ind.",
            en: "The answer from the sign-in service could not be trusted, so you are not signed in.",
        },
        Claims => {
            da: "Login-tjenesten sagde ikke, hvem du er.",
            en: "The sign-in service did not say who you are.",
        },
        Denied => {
            da: "Login-tjenesten afviste at logge dig ind.",
            en: "The sign-in service refused to sign you in.",
        },
        UnknownState => {
            da: "Dette login blev ikke startet her, er allerede brugt eller er for gammelt.",
            en: "This sign-in was not started here, has been used already or is too old.",
        },
        BadCallback => {
            da: "Adressen, login-tjenesten sendte dig tilbage med, mangler noget.",
            en: "The address the sign-in service sent you back with is incomplete.",
        },
        TryAgain => { da: "Prøv at logge ind igen", en: "Try to sign in again" },
        SignOutTitle => { da: "Log ud", en: "Sign out" },
        SignedInAs => { da: "Du er logget ind som {person}.", en: "You are signed in as {person}." },
        NotSignedIn => { da: "Du er ikke logget ind.", en: "You are not signed in." },
        SignOutButton => { da: "Log ud", en: "Sign out" },
        SignOutRefused => {
            da: "Log ud-formularen kom ikke fra en af serverens egne sider.",
            en: "The sign-out form did not come from one of the server's own pages.",
        },
        BackToFront => { da: "Til forsiden", en: "To the front page" },
    }
}
