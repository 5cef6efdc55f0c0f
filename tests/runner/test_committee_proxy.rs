//! The committee's server behind Debian's nginx with TLS, as a
//! municipality runs it: the session cookie is `Secure`, the pages and
//! posts work through the proxy, and `X-Forwarded-*` are believed only from
//! the proxy (which connects from 127.0.0.2), never from a client that
//! talks to the server directly.

use crate::common::TestEnv;
use crate::common::oidc::OidcProvider;
use crate::common::tls_proxy::TlsProxy;
use crate::test_committee_roles::{
    CommitteeServer, PLAN, SARA, TITLE, drafts, free_port, oidc_section, repository_section,
    sign_in, status_change, tools_present,
};
use crate::test_serve::{encode, hidden, post, request};

/// An answer through the proxy: the status and the whole text (`curl
/// --include`). A post sends `fields` from the public origin (or `origin`).
fn through(
    proxy: &TlsProxy,
    path: &str,
    cookie: &str,
    form: Option<(&[(&str, &str)], &str)>,
) -> (u16, String) {
    let cookie = format!("Cookie: {cookie}");
    let mut args = vec!["--include", "--header", &cookie];
    let body;
    let origin;
    if let Some((fields, from)) = form {
        body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        origin = format!("Origin: {from}");
        args.extend(["--header", &origin, "--data", &body]);
    }
    let output = proxy.curl(path, &args);
    assert!(
        output.status.success(),
        "curl {path}: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        proxy.error_log()
    );
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A GET of the plan through the proxy asking for another `host`.
fn through_as(proxy: &TlsProxy, host: &str, cookie: &str) -> (u16, String) {
    let output = proxy.curl(
        PLAN,
        &[
            "--include",
            "--header",
            &format!("Host: {host}"),
            "--header",
            &format!("Cookie: {cookie}"),
        ],
    );
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn behind_the_tls_proxy_the_cookie_is_secure_and_forwarded_headers_are_believed_only_from_it() {
    if !tools_present("test_committee_proxy") || !TlsProxy::available("test_committee_proxy") {
        return;
    }
    let env = TestEnv::repo_with_example_plan();
    let dir = tempfile::Builder::new()
        .prefix("backbrief-committee-")
        .tempdir()
        .expect("a folder for the server");
    let backend = free_port();
    // nginx connects from 127.0.0.2: only that peer is trusted, so a
    // client on 127.0.0.1 that talks to the backend directly is not.
    let proxy = TlsProxy::start_from(backend, "127.0.0.2");
    let public = proxy.https_url();
    let provider = OidcProvider::start(&format!("{public}/auth/callback"), &[SARA]);
    let config = format!(
        "listen = \"127.0.0.1:{backend}\"\npublic_url = \"{public}\"\n\
         trusted_proxies = [\"127.0.0.2\"]\nlog = \"json\"\n{}\n{}",
        oidc_section(&provider, dir.path()),
        repository_section(&env)
    );
    let server = CommitteeServer::start(&config, dir.path());
    let certificate = proxy.certificate();
    let certificate = certificate.to_str().expect("a UTF-8 path");
    let sara = sign_in(&public, SARA.email, dir.path(), &["--cacert", certificate]);
    let attributes: Vec<String> = sara
        .set_cookie
        .split(';')
        .skip(1)
        .map(|part| part.trim().to_ascii_lowercase())
        .collect();
    for wanted in ["secure", "httponly", "samesite=lax", "path=/"] {
        assert!(
            attributes.iter().any(|a| a == wanted),
            "{wanted}: {}",
            sara.set_cookie
        );
    }
    // The pages work through the proxy, posts from the public origin too.
    let (status, page) = through(&proxy, PLAN, &sara.cookie, None);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(TITLE));
    let (base, draft) = (hidden(&page, "base"), hidden(&page, "draft"));
    let fields = [status_change(&base, &draft), vec![("csrf", &sara.csrf)]].concat();
    let statuses = format!("{PLAN}/statuses");
    let (status, answer) = through(&proxy, &statuses, &sara.cookie, Some((&fields, &public)));
    assert_eq!(status, 303, "{answer}");
    // A host nginx passes on that is not the public one is refused.
    let (status, answer) = through_as(&proxy, "evil.example", &sara.cookie);
    assert_eq!(status, 403, "{answer}");
    assert!(!answer.contains(TITLE));
    // A post through the proxy from the backend's own address is from
    // another origin; the log names the client nginx forwarded (127.0.0.1),
    // not nginx (127.0.0.2).
    let direct_origin = server.url("");
    let (status, answer) = through(
        &proxy,
        &statuses,
        &sara.cookie,
        Some((&fields, &direct_origin)),
    );
    assert_eq!(status, 403, "{answer}");
    let log = server.log_with("another origin", 1);
    let refusal = log
        .lines()
        .find(|line| line.contains("another origin"))
        .unwrap_or_else(|| panic!("the refusal is logged: {log}"));
    assert!(refusal.contains("\"client\":\"127.0.0.1\""), "{refusal}");

    // Directly to the backend, X-Forwarded-* are not believed: the host is
    // the backend's own Host header (not the public one) → 403, and the
    // client is the peer.
    let host = ("Host".to_string(), format!("127.0.0.1:{backend}"));
    let spoofed = [
        host.clone(),
        (
            "X-Forwarded-Host".to_string(),
            public.trim_start_matches("https://").to_string(),
        ),
        ("X-Forwarded-Proto".to_string(), "https".to_string()),
        ("X-Forwarded-For".to_string(), "203.0.113.9".to_string()),
        ("Cookie".to_string(), sara.cookie.clone()),
    ];
    let answer = request(backend, "GET", PLAN, &spoofed, b"");
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert!(!answer.body.contains(TITLE));
    let answer = post(
        backend,
        &statuses,
        &[
            spoofed.to_vec(),
            vec![("Origin".to_string(), public.clone())],
        ]
        .concat(),
        &fields,
    );
    assert_eq!(answer.status, 403, "{}", answer.body);
    let log = server.log_with("foreign host", 3);
    let refusals: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("foreign host"))
        .collect();
    // The foreign host through nginx, then the two direct requests.
    assert_eq!(refusals.len(), 3, "{log}");
    for refusal in refusals {
        assert!(refusal.contains("\"client\":\"127.0.0.1\""), "{refusal}");
    }
    assert!(!log.contains("203.0.113.9"), "{log}");
    // Only the one change through the proxy is in the draft; nothing
    // recorded.
    assert_eq!(env.porcelain(), "");
    assert_eq!(drafts(&env).len(), 1, "{:?}", drafts(&env));
}
