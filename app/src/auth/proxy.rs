//! Who the client is and how they reached us, when proxies stand in front of Keepers.
//!
//! `X-Forwarded-For` is a list each proxy appends to: the left end is whatever the client
//! wrote, so only entries added by proxies we trust say anything. The client is the first
//! address, walking from our own peer leftwards, that is not one of our proxies.
//! `X-Forwarded-Proto` and `X-Forwarded-Host` are read only when our peer is a trusted proxy.

use http::HeaderMap;
use std::net::IpAddr;

/// `KEEPERS_TRUST_PROXY`: nothing (the default), a number of proxies in front, or the
/// addresses (and ranges, as `10.0.0.0/8`) the proxies connect from.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ProxyTrust {
    #[default]
    None,
    Hops(usize),
    Ranges(Vec<Range>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    net: IpAddr,
    prefix: u8,
}

impl Range {
    fn parse(raw: &str) -> Result<Range, String> {
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (raw, None),
        };
        let net: IpAddr = addr.trim().parse().map_err(|_| format!("{raw:?} is not an address or a range such as 10.0.0.0/8"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("{raw:?} has a prefix length outside 0-{max}"))?,
            None => max,
        };
        Ok(Range { net, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => mask(u32::from(n) as u128, self.prefix, 32) == mask(u32::from(a) as u128, self.prefix, 32),
            (IpAddr::V6(n), IpAddr::V6(a)) => mask(u128::from(n), self.prefix, 128) == mask(u128::from(a), self.prefix, 128),
            _ => false,
        }
    }
}

fn mask(bits: u128, prefix: u8, width: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        bits >> (width - prefix)
    }
}

/// IPv4 addresses seen through an IPv6 socket (`::ffff:10.0.0.1`) compare as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

impl ProxyTrust {
    pub fn parse(raw: &str) -> Result<ProxyTrust, String> {
        let raw = raw.trim();
        match raw {
            "" | "0" | "false" | "no" => return Ok(ProxyTrust::None),
            "true" | "yes" => return Ok(ProxyTrust::Hops(1)),
            _ => {}
        }
        if let Ok(n) = raw.parse::<usize>() {
            return Ok(ProxyTrust::Hops(n.min(16)));
        }
        raw.split(',').filter(|r| !r.trim().is_empty()).map(Range::parse).collect::<Result<Vec<_>, _>>().map(ProxyTrust::Ranges)
    }

    fn trusts(&self, hop: usize, ip: Option<IpAddr>) -> bool {
        match self {
            ProxyTrust::None => false,
            ProxyTrust::Hops(n) => hop < *n,
            ProxyTrust::Ranges(ranges) => ip.map(|ip| ranges.iter().any(|r| r.contains(ip))).unwrap_or(false),
        }
    }
}

/// What a request says about its client, read with the trust configured.
#[derive(Clone, Debug, PartialEq)]
pub struct Forwarded {
    /// The client's address, for throttling and the audit trail.
    pub client: String,
    /// Whether the client reached us over HTTPS (said by a trusted proxy).
    pub https: bool,
    /// The host the client asked for.
    pub host: Option<String>,
}

/// One `X-Forwarded-For` entry: an address, perhaps with a port or brackets.
fn entry_ip(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim();
    if let Ok(ip) = raw.parse() {
        return Some(ip);
    }
    let unbracketed = raw.strip_prefix('[').and_then(|r| r.split_once(']')).map(|(ip, _)| ip);
    let without_port = raw.rsplit_once(':').map(|(ip, _)| ip).filter(|ip| !ip.contains(':'));
    unbracketed.or(without_port).and_then(|ip| ip.parse().ok())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> impl Iterator<Item = &'a str> {
    headers.get_all(name).iter().filter_map(|v| v.to_str().ok())
}

pub fn read(trust: &ProxyTrust, peer: Option<IpAddr>, headers: &HeaderMap) -> Forwarded {
    let peer_trusted = trust.trusts(0, peer);
    let fallback = peer.map(|p| canonical(p).to_string()).unwrap_or_else(|| "unknown".into());
    let host = || header(headers, "host").next().map(str::to_owned);
    if !peer_trusted {
        return Forwarded { client: fallback, https: false, host: host() };
    }
    // Right to left: the entry each trusted proxy added names who connected to it.
    let entries: Vec<&str> = header(headers, "x-forwarded-for").flat_map(|v| v.split(',')).map(str::trim).filter(|e| !e.is_empty()).collect();
    let mut client = fallback;
    for (hop, raw) in entries.iter().rev().enumerate() {
        let ip = entry_ip(raw);
        client = match ip {
            Some(ip) => canonical(ip).to_string(),
            None => raw.chars().take(64).collect(),
        };
        if !trust.trusts(hop + 1, ip) {
            break;
        }
    }
    let https = header(headers, "x-forwarded-proto").next().and_then(|v| v.split(',').next()).map(|v| v.trim().eq_ignore_ascii_case("https")).unwrap_or(false);
    let host = header(headers, "x-forwarded-host").next().and_then(|v| v.split(',').next()).map(|v| v.trim().to_owned()).or_else(host);
    Forwarded { client, https, host }
}

/// The scheme, host and port of an origin or URL, normalised for comparison:
/// "HTTPS://Example.com:443/" and "https://example.com" are the same origin.
pub fn origin_of(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    let authority = authority.strip_suffix(default_port).filter(|_| !default_port.is_empty()).map(str::to_owned).unwrap_or(authority);
    Some((scheme, authority))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn peer(ip: &str) -> Option<IpAddr> {
        Some(ip.parse().unwrap())
    }

    #[test]
    fn without_trust_the_headers_are_ignored() {
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("x-forwarded-proto", "https"), ("host", "k.example")]);
        let f = read(&ProxyTrust::None, peer("10.0.0.9"), &h);
        assert_eq!(f, Forwarded { client: "10.0.0.9".into(), https: false, host: Some("k.example".into()) });
    }

    #[test]
    fn the_client_is_the_right_most_entry_no_trusted_proxy_added() {
        // The client wrote "6.6.6.6"; our one proxy appended the address it saw.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7"), ("x-forwarded-proto", "https")]);
        let one = read(&ProxyTrust::Hops(1), peer("10.0.0.2"), &h);
        assert_eq!(one.client, "203.0.113.7");
        assert!(one.https);
        let ranges = ProxyTrust::parse("10.0.0.0/8, 192.168.1.5").unwrap();
        assert_eq!(read(&ranges, peer("10.0.0.2"), &h).client, "203.0.113.7");
        // Two proxies of ours in the chain.
        let h2 = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 192.168.1.5")]);
        assert_eq!(read(&ranges, peer("10.0.0.2"), &h2).client, "203.0.113.7");
        assert_eq!(read(&ProxyTrust::Hops(2), peer("10.0.0.2"), &h2).client, "203.0.113.7");
        // A peer that is not our proxy is the client, whatever it claims.
        let direct = read(&ranges, peer("198.51.100.1"), &h);
        assert_eq!((direct.client.as_str(), direct.https), ("198.51.100.1", false));
    }

    #[test]
    fn settings_parse_and_ranges_match() {
        assert_eq!(ProxyTrust::parse("1").unwrap(), ProxyTrust::Hops(1));
        assert_eq!(ProxyTrust::parse("true").unwrap(), ProxyTrust::Hops(1));
        assert_eq!(ProxyTrust::parse("").unwrap(), ProxyTrust::None);
        assert!(ProxyTrust::parse("10.0.0.0/33").is_err());
        assert!(ProxyTrust::parse("proxy.local").is_err());
        let r = Range::parse("fd00::/8").unwrap();
        assert!(r.contains("fd12::1".parse().unwrap()) && !r.contains("fe80::1".parse().unwrap()));
        assert!(Range::parse("127.0.0.1").unwrap().contains("::ffff:127.0.0.1".parse().unwrap()));
        assert!(Range::parse("0.0.0.0/0").unwrap().contains("8.8.8.8".parse().unwrap()));
        assert_eq!(entry_ip("[2001:db8::1]:443"), "2001:db8::1".parse().ok());
        assert_eq!(entry_ip("203.0.113.7:5000"), "203.0.113.7".parse().ok());
    }

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        assert_eq!(origin_of("HTTPS://Keepers.example:443/x"), Some(("https".into(), "keepers.example".into())));
        assert_eq!(origin_of("http://127.0.0.1:3000"), Some(("http".into(), "127.0.0.1:3000".into())));
        assert_ne!(origin_of("https://127.0.0.1:3000"), origin_of("http://127.0.0.1:3000"));
        assert_ne!(origin_of("ftp://127.0.0.1:3000"), origin_of("http://127.0.0.1:3000"));
        assert_eq!(origin_of("null"), None);
    }
}
