//! The configuration file: each mistake's message in both languages
//! (snapshots in `snapshots/`), and what a good file gives.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

/// A folder with `server.toml` holding `text` (and a secret file beside it).
struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new(text: &str) -> Folder {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("server.toml"), text).expect("write server.toml");
        std::fs::write(dir.path().join("oidc-secret"), "  s3cret-value\n").expect("write secret");
        Folder { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("server.toml")
    }

    fn load(&self, lang: Lang) -> Result<ServerConfig, CommandError> {
        load(&self.path(), lang)
    }

    /// The error in both languages, with the folder's path as `[DIR]`.
    fn error(&self) -> String {
        let mut out = String::new();
        for lang in [Lang::Da, Lang::En] {
            match self.load(lang) {
                Ok(config) => panic!("expected an error, got {config:?}"),
                Err(error) => out.push_str(&error.render(lang)),
            }
        }
        out.replace(&self.dir.path().display().to_string(), "[DIR]")
    }
}

/// A good file, to spoil one key at a time.
const GOOD: &str = r#"listen = "127.0.0.1:8080"
public_url = "https://med.kommune.dk/"
trusted_proxies = ["127.0.0.1", "::1"]

[oidc]
issuer = "https://login.example/tenant/v2.0"
client_id = "backbrief"
client_secret_file = "oidc-secret"
groups_claim = "groups"

[[repository]]
name = "lokal-med-1"
path = "lokal-med-1"
secretaries = ["Sara@Kommune.dk"]
readers = ["group:Lokal-MED 1"]
auditors = ["revision@kommune.dk"]
"#;

fn spoilt(from: &str, to: &str) -> Folder {
    assert!(GOOD.contains(from), "{from}");
    Folder::new(&GOOD.replacen(from, to, 1))
}

fn snapshot(name: &str, folder: &Folder) {
    insta::assert_snapshot!(name, folder.error());
}

#[test]
fn a_good_file_gives_every_value_with_its_default() {
    let folder = Folder::new(GOOD);
    let config = folder.load(Lang::En).expect("loads");
    assert_eq!(config.listen, "127.0.0.1:8080".parse().expect("address"));
    assert_eq!(config.public_url.as_deref(), Some("https://med.kommune.dk"));
    assert_eq!(config.trusted_proxies.len(), 2);
    let oidc = config.oidc.as_ref().expect("oidc");
    assert_eq!(oidc.client_secret, "s3cret-value");
    assert_eq!(oidc.scopes, ["openid", "email", "profile"]);
    assert_eq!(oidc.groups_claim.as_deref(), Some("groups"));
    assert_eq!(config.sessions.idle, Duration::from_secs(3600));
    assert_eq!(config.sessions.max, Duration::from_secs(12 * 3600));
    assert_eq!(
        (config.fetch_every_seconds, config.stale_after_seconds),
        (60, 5)
    );
    assert_eq!(config.identity.name, "backbrief");
    assert_eq!(config.identity.email, "backbrief@localhost");
    assert_eq!(config.log_format, LogFormat::Text);
    let repository = &config.repositories[0];
    assert_eq!(repository.name, "lokal-med-1");
    assert_eq!(repository.path, folder.dir.path().join("lokal-med-1"));
    assert_eq!(repository.remote, None);
    assert_eq!(
        repository.secretaries,
        [Member::Email("sara@kommune.dk".into())]
    );
    assert_eq!(repository.readers, [Member::Group("Lokal-MED 1".into())]);
}

#[test]
fn the_client_secret_never_shows_in_debug_output() {
    let config = Folder::new(GOOD).load(Lang::En).expect("loads");
    let debug = format!("{config:?}");
    assert!(!debug.contains("s3cret"), "{debug}");
    assert!(debug.contains("<hidden>"), "{debug}");
}

#[test]
fn scopes_always_hold_openid_and_a_secret_may_come_from_the_environment() {
    let folder = spoilt(
        "client_secret_file = \"oidc-secret\"",
        "client_secret_env = \"PATH\"\nscopes = [\"email\"]",
    );
    let oidc = folder.load(Lang::En).expect("loads").oidc.expect("oidc");
    assert_eq!(oidc.scopes, ["openid", "email"]);
    assert_eq!(
        oidc.client_secret,
        std::env::var("PATH").expect("PATH").trim()
    );
}

#[test]
fn an_http_issuer_is_allowed_on_this_machine_only() {
    for issuer in [
        "http://127.0.0.1:4000/oidc",
        "http://localhost:4000",
        "http://[::1]:9/x",
    ] {
        let folder = spoilt("https://login.example/tenant/v2.0", issuer);
        assert!(folder.load(Lang::En).is_ok(), "{issuer}");
    }
}

#[test]
fn without_sign_in_loopback_is_enough() {
    let text = "listen = \"[::1]:0\"\n[[repository]]\nname = \"a\"\npath = \"/srv/a\"\n";
    let config = Folder::new(text).load(Lang::En).expect("loads");
    assert!(config.oidc.is_none() && config.public_url.is_none());
    assert!(config.check_listen(Lang::En).is_ok());
}

#[test]
fn the_example_in_contrib_loads() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/server.toml");
    let text = std::fs::read_to_string(&example).expect("contrib/server.toml");
    let secret_line = "client_secret_file = \"/etc/backbrief/oidc-secret\"";
    assert!(
        text.contains(secret_line),
        "the example reads the secret from a file"
    );
    let folder = Folder::new(&text.replace(secret_line, "client_secret_file = \"oidc-secret\""));
    let config = folder.load(Lang::Da).expect("the example loads");
    assert_eq!(config.public_url.as_deref(), Some("https://med.kommune.dk"));
    assert!(config.repositories.len() >= 2);
    assert_eq!(config.log_format, LogFormat::Json);
}

#[test]
fn refuses_to_listen_beyond_this_machine_without_sign_in() {
    let text = "listen = \"0.0.0.0:8080\"\n[[repository]]\nname = \"a\"\npath = \"/srv/a\"\n";
    snapshot("listen_needs_signin", &Folder::new(text));
    let mut config = Folder::new(GOOD).load(Lang::En).expect("loads");
    config.oidc = None;
    config.listen = "10.0.0.1:80".parse().expect("address");
    let error = config.check_listen(Lang::En).expect_err("refused");
    assert!(
        error
            .message
            .starts_with("sign-in is required to listen beyond this machine")
    );
}

#[test]
fn an_unreadable_file() {
    let folder = Folder::new(GOOD);
    std::fs::remove_file(folder.path()).expect("remove");
    snapshot("unreadable", &folder);
}

#[test]
fn bad_syntax() {
    snapshot(
        "syntax",
        &spoilt("client_id = \"backbrief\"", "client_id = \"backbrief"),
    );
}

#[test]
fn a_misspelt_key_suggests_the_nearest() {
    snapshot("unknown_top", &spoilt("trusted_proxies", "trusted_proxy"));
    snapshot(
        "unknown_oidc",
        &spoilt("client_secret_file", "client_secret_fil"),
    );
    let second = format!("{GOOD}\n[[repository]]\nname = \"b\"\npath = \"b\"\nsecretary = []\n");
    snapshot("unknown_repository", &Folder::new(&second));
    snapshot(
        "unknown_far",
        &spoilt("trusted_proxies = [\"127.0.0.1\", \"::1\"]", "colour = 1"),
    );
}

#[test]
fn a_missing_key() {
    snapshot(
        "missing_listen",
        &spoilt("listen = \"127.0.0.1:8080\"\n", ""),
    );
    snapshot("missing_path", &spoilt("path = \"lokal-med-1\"\n", ""));
}

#[test]
fn a_value_of_the_wrong_kind() {
    snapshot(
        "kind_list",
        &spoilt("[\"127.0.0.1\", \"::1\"]", "\"127.0.0.1\""),
    );
    snapshot(
        "kind_number",
        &Folder::new(&format!("fetch_every_seconds = \"60\"\n{GOOD}")),
    );
}

#[test]
fn bad_values() {
    snapshot("listen_invalid", &spoilt("127.0.0.1:8080", "localhost"));
    snapshot(
        "public_url_path",
        &spoilt("https://med.kommune.dk/", "https://med.kommune.dk/med"),
    );
    snapshot(
        "public_url_scheme",
        &spoilt("https://med.kommune.dk/", "med.kommune.dk"),
    );
    snapshot(
        "public_url_required",
        &spoilt("public_url = \"https://med.kommune.dk/\"\n", ""),
    );
    snapshot("proxy_invalid", &spoilt("\"::1\"", "\"10.0.0.0/8\""));
    snapshot(
        "issuer_http",
        &spoilt("https://login.example", "http://login.example"),
    );
    snapshot(
        "client_id_empty",
        &spoilt("client_id = \"backbrief\"", "client_id = \" \""),
    );
    snapshot(
        "log_invalid",
        &Folder::new(&format!("log = \"xml\"\n{GOOD}")),
    );
    snapshot(
        "idle_zero",
        &Folder::new(&format!("{GOOD}[sessions]\nidle_minutes = 0\n")),
    );
}

#[test]
fn the_client_secret_must_be_found() {
    snapshot(
        "secret_both",
        &spoilt("groups_claim", "client_secret_env = \"X\"\ngroups_claim"),
    );
    snapshot(
        "secret_none",
        &spoilt("client_secret_file = \"oidc-secret\"\n", ""),
    );
    snapshot(
        "secret_file_missing",
        &spoilt("\"oidc-secret\"", "\"no-such-secret\""),
    );
    let empty = spoilt("\"oidc-secret\"", "\"empty-secret\"");
    std::fs::write(empty.dir.path().join("empty-secret"), " \n").expect("write");
    snapshot("secret_file_empty", &empty);
    let variable = "client_secret_env = \"BACKBRIEF_TEST_UNSET_SECRET\"";
    snapshot(
        "secret_env_missing",
        &spoilt("client_secret_file = \"oidc-secret\"", variable),
    );
}

#[test]
fn repositories_and_their_members() {
    let none = "listen = \"127.0.0.1:8080\"\n";
    snapshot("no_repository", &Folder::new(none));
    snapshot(
        "name_invalid",
        &spoilt("name = \"lokal-med-1\"", "name = \"Lokal MED\""),
    );
    let twice = format!("{GOOD}\n[[repository]]\nname = \"lokal-med-1\"\npath = \"b\"\n");
    snapshot("name_twice", &Folder::new(&twice));
    snapshot(
        "member_invalid",
        &spoilt("\"revision@kommune.dk\"", "\"revision\""),
    );
    snapshot(
        "member_control",
        &spoilt("\"group:Lokal-MED 1\"", "\"x\\u001b[2J\""),
    );
}

#[test]
fn places_inside_sections_are_named() {
    snapshot(
        "kind_in_repository",
        &spoilt(
            "secretaries = [\"Sara@Kommune.dk\"]",
            "secretaries = \"sara@kommune.dk\"",
        ),
    );
    let sessions = format!("{GOOD}[sessions]\nidle_minutes = 30\nmax_hour = 8\n");
    snapshot("unknown_sessions", &Folder::new(&sessions));
    let twice = format!("listen = \"127.0.0.1:1\"\nlisten = \"127.0.0.1:2\"\n{GOOD}");
    snapshot("key_twice", &Folder::new(&twice));
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(file::line_and_column("a = \"æøå\"\nb", 4), (1, 5));
    assert_eq!(file::line_and_column("æøå = 1", "æøå".len()), (1, 4));
    assert_eq!(file::line_and_column("x\ny", 2), (2, 1));
    assert_eq!(file::line_and_column("x", 99), (1, 2));
}
