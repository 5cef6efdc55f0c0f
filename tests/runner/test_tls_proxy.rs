//! The TLS reverse proxy the committee server's tests stand behind
//! (`tests/common/tls_proxy.rs`): nginx with a self-signed certificate,
//! proved against a tiny loopback HTTP server that answers with the request
//! it got.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};

use crate::common::tls_proxy::TlsProxy;

/// A backend on a free loopback port that answers every request with its
/// request line and headers as the body. Runs until the test ends.
fn echo_backend() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line == "\r\n" => break,
                    Ok(_) => head.push_str(&line),
                }
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
                head.len()
            );
        }
    });
    port
}

/// The request the backend saw, one header per line, header names in
/// lower case.
fn seen(response: &str) -> String {
    let body = response
        .split_once("\r\n\r\n")
        .map_or(response, |(_, body)| body);
    body.lines()
        .map(|line| match line.split_once(':') {
            Some((name, value)) if !line.starts_with("GET ") => {
                format!("{}:{value}", name.to_ascii_lowercase())
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_backend_sees_https_and_the_clients_address_through_the_proxy() {
    if !TlsProxy::available("the_backend_sees_https_and_the_clients_address_through_the_proxy") {
        return;
    }
    let proxy = TlsProxy::start(echo_backend());
    assert!(proxy.https_url().starts_with("https://127.0.0.1:"));
    let response = proxy.get("/lokal-med-1/?lang=en", &[]);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let seen = seen(&response);
    let host = format!("127.0.0.1:{}", proxy.port());
    for expected in [
        "GET /lokal-med-1/?lang=en HTTP/1.1".to_owned(),
        format!("host: {host}"),
        "x-forwarded-for: 127.0.0.1".to_owned(),
        "x-forwarded-proto: https".to_owned(),
        format!("x-forwarded-host: {host}"),
    ] {
        assert!(
            seen.lines().any(|line| line == expected),
            "{expected} in\n{seen}"
        );
    }
}

#[test]
fn a_clients_own_forwarded_headers_do_not_reach_the_backend() {
    if !TlsProxy::available("a_clients_own_forwarded_headers_do_not_reach_the_backend") {
        return;
    }
    let proxy = TlsProxy::start(echo_backend());
    let response = proxy.get(
        "/",
        &[
            ("X-Forwarded-For", "203.0.113.66"),
            ("X-Forwarded-Proto", "http"),
            ("X-Forwarded-Host", "evil.example"),
        ],
    );
    let seen = seen(&response);
    assert!(
        !seen.contains("203.0.113.66") && !seen.contains("evil"),
        "{seen}"
    );
    assert!(seen.contains("x-forwarded-for: 127.0.0.1"), "{seen}");
    assert!(seen.contains("x-forwarded-proto: https"), "{seen}");
}

#[test]
fn the_certificate_holds_for_127_0_0_1_and_localhost_and_nothing_else_trusts_it() {
    if !TlsProxy::available(
        "the_certificate_holds_for_127_0_0_1_and_localhost_and_nothing_else_trusts_it",
    ) {
        return;
    }
    let proxy = TlsProxy::start(echo_backend());
    let port = proxy.port();
    let curl = |args: &[String]| {
        Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "30"])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run curl")
    };
    let certificate = proxy.certificate().display().to_string();
    let by_name = curl(&[
        "--cacert".into(),
        certificate,
        "--resolve".into(),
        format!("localhost:{port}:127.0.0.1"),
        format!("https://localhost:{port}/"),
    ]);
    assert!(
        by_name.status.success(),
        "{}",
        String::from_utf8_lossy(&by_name.stderr)
    );
    let untrusted = curl(&[proxy.https_url()]);
    assert!(
        !untrusted.status.success(),
        "a self-signed certificate is not trusted by default"
    );
    let plain = curl(&[format!("http://127.0.0.1:{port}/"), "--fail".into()]);
    assert!(!plain.status.success(), "the proxy speaks TLS only");
}
