//! What a request says about its client, behind the municipality's reverse
//! proxy: the client's address, whether it came over HTTPS, and the host it
//! asked for. The `X-Forwarded-*` headers are believed only when the peer
//! (the TCP connection's other end) is one of the configured trusted
//! proxies; from anyone else they are ignored, so that a client cannot claim
//! another address or HTTPS by writing a header.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

/// The client of one request, as far as it can be believed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The client's address: the peer, or (behind a trusted proxy) the
    /// right-most address in `X-Forwarded-For` that is not itself a trusted
    /// proxy.
    pub ip: IpAddr,
    /// Whether the client used HTTPS: `X-Forwarded-Proto: https` from a
    /// trusted proxy (the server itself speaks plain HTTP).
    pub https: bool,
    /// The host the client asked for, from a trusted proxy's
    /// `X-Forwarded-Host` (`host` or `host:port`, checked); `None` when not
    /// forwarded, and always `None` from an untrusted peer.
    pub host: Option<String>,
}

/// The client of a request from `peer` with `headers`, believing the
/// `X-Forwarded-*` headers only when `peer` is in `trusted`.
pub fn client(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> Client {
    let peer_ip = peer.ip().to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|proxy| proxy.to_canonical() == ip);
    if !is_trusted(peer_ip) {
        return Client {
            ip: peer_ip,
            https: false,
            host: None,
        };
    }
    Client {
        ip: forwarded_for(peer_ip, headers, &is_trusted),
        https: first_value(headers, "x-forwarded-proto")
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https")),
        host: first_value(headers, "x-forwarded-host").filter(|host| valid_host(host)),
    }
}

/// Walks `X-Forwarded-For` from the right (the hop nearest to us) past the
/// trusted proxies; the first address that is not one is the client. An
/// entry that is not an address stops the walk: what lies left of it cannot
/// be believed, so the last address reached stands.
fn forwarded_for(
    peer: IpAddr,
    headers: &HeaderMap,
    is_trusted: &impl Fn(IpAddr) -> bool,
) -> IpAddr {
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        let Some(ip) = parse_address(entry) else {
            break;
        };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    client
}

/// An address as proxies write it: `1.2.3.4`, `::1`, `1.2.3.4:5678` or
/// `[::1]:5678`.
fn parse_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
        .map(|ip| ip.to_canonical())
}

/// The first comma-separated value of the first header `name`, trimmed.
fn first_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// `host` or `host:port`: letters, digits, `-`, `.`, and a bracketed IPv6
/// address; nothing that could carry a path or a second header.
fn valid_host(host: &str) -> bool {
    host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};
    use proptest::prelude::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).expect("name"),
                HeaderValue::from_str(value).expect("value"),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    fn peer(text: &str) -> SocketAddr {
        SocketAddr::new(ip(text), 40000)
    }

    const FORWARDED: &[(&str, &str)] = &[
        ("x-forwarded-for", "203.0.113.7"),
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "med.kommune.dk"),
    ];

    #[test]
    fn a_trusted_proxy_is_believed() {
        let client = client(peer("10.0.0.5"), &headers(FORWARDED), &[ip("10.0.0.5")]);
        assert_eq!(
            client,
            Client {
                ip: ip("203.0.113.7"),
                https: true,
                host: Some("med.kommune.dk".into()),
            }
        );
    }

    #[test]
    fn an_untrusted_peer_is_not() {
        let client = client(peer("198.51.100.9"), &headers(FORWARDED), &[ip("10.0.0.5")]);
        assert_eq!(
            client,
            Client {
                ip: ip("198.51.100.9"),
                https: false,
                host: None,
            }
        );
    }

    #[test]
    fn the_right_most_address_that_is_no_trusted_proxy_is_the_client() {
        let trusted = [ip("10.0.0.5"), ip("10.0.0.6")];
        let spoofed = headers(&[
            ("x-forwarded-for", "1.1.1.1, 203.0.113.7"),
            ("x-forwarded-for", "10.0.0.6"),
        ]);
        assert_eq!(
            client(peer("10.0.0.5"), &spoofed, &trusted).ip,
            ip("203.0.113.7")
        );
        let ported = headers(&[("x-forwarded-for", "[2001:db8::1]:4711, 10.0.0.6:80")]);
        assert_eq!(
            client(peer("10.0.0.5"), &ported, &trusted).ip,
            ip("2001:db8::1")
        );
        let all_proxies = headers(&[("x-forwarded-for", "10.0.0.6")]);
        assert_eq!(
            client(peer("10.0.0.5"), &all_proxies, &trusted).ip,
            ip("10.0.0.6")
        );
        let garbage = headers(&[("x-forwarded-for", "1.1.1.1, unknown, 10.0.0.6")]);
        assert_eq!(
            client(peer("10.0.0.5"), &garbage, &trusted).ip,
            ip("10.0.0.6")
        );
        let none = headers(&[("x-forwarded-proto", "http")]);
        let plain = client(peer("10.0.0.5"), &none, &trusted);
        assert_eq!(
            (plain.ip, plain.https, plain.host),
            (ip("10.0.0.5"), false, None)
        );
    }

    #[test]
    fn an_ipv4_peer_on_a_dual_stack_socket_is_the_same_peer() {
        let mapped = peer("::ffff:127.0.0.1");
        let client = client(mapped, &headers(FORWARDED), &[ip("127.0.0.1")]);
        assert!(client.https);
        assert_eq!(client.ip, ip("203.0.113.7"));
    }

    #[test]
    fn a_forwarded_host_that_is_no_host_is_dropped() {
        let odd = headers(&[("x-forwarded-host", "evil.example/path?x")]);
        assert_eq!(client(peer("10.0.0.5"), &odd, &[ip("10.0.0.5")]).host, None);
        let two = headers(&[("x-forwarded-host", "a.example:8443, b.example")]);
        let host = client(peer("10.0.0.5"), &two, &[ip("10.0.0.5")]).host;
        assert_eq!(host.as_deref(), Some("a.example:8443"));
    }

    fn any_ip() -> impl Strategy<Value = IpAddr> {
        prop_oneof![
            any::<[u8; 4]>().prop_map(IpAddr::from),
            any::<[u8; 16]>().prop_map(IpAddr::from),
        ]
    }

    /// Header names worth trying (the forwarded ones, their neighbours),
    /// and values of any visible bytes.
    fn any_headers() -> impl Strategy<Value = HeaderMap> {
        let name = prop_oneof![
            Just("x-forwarded-for"),
            Just("x-forwarded-proto"),
            Just("x-forwarded-host"),
            Just("forwarded"),
            Just("x-real-ip"),
            Just("host"),
        ];
        let value = prop_oneof![
            "[0-9a-fA-F:.,\\[\\] ]{0,60}",
            "(https?|HTTPS)",
            proptest::collection::vec(0x20u8..0x7f, 0..40)
                .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        ];
        proptest::collection::vec((name, value), 0..8).prop_map(|pairs| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    map.append(name, value);
                }
            }
            map
        })
    }

    proptest! {
        #[test]
        fn headers_from_an_untrusted_peer_never_change_the_result(
            peer_ip in any_ip(),
            port in any::<u16>(),
            trusted in proptest::collection::vec(any_ip(), 0..4),
            headers in any_headers(),
        ) {
            prop_assume!(!trusted.iter().any(|proxy| proxy.to_canonical() == peer_ip.to_canonical()));
            let peer = SocketAddr::new(peer_ip, port);
            let with = client(peer, &headers, &trusted);
            let without = client(peer, &HeaderMap::new(), &trusted);
            prop_assert_eq!(&with, &without);
            prop_assert_eq!(with, Client { ip: peer_ip.to_canonical(), https: false, host: None });
        }

        #[test]
        fn any_headers_from_a_trusted_peer_give_an_answer(
            peer_ip in any_ip(),
            others in proptest::collection::vec(any_ip(), 0..3),
            headers in any_headers(),
            bytes in proptest::collection::vec(any::<u8>(), 0..40),
        ) {
            let mut headers = headers;
            if let Ok(value) = HeaderValue::from_bytes(&bytes) {
                headers.append("x-forwarded-for", value.clone());
                headers.append("x-forwarded-host", value);
            }
            let mut trusted = others;
            trusted.push(peer_ip);
            let client = client(SocketAddr::new(peer_ip, 1), &headers, &trusted);
            if let Some(host) = client.host {
                prop_assert!(valid_host(&host));
            }
        }
    }
}
