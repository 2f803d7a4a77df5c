//! Bearer secrets (session cookies, set-password links, invitation links):
//! 256 random bits shown once, stored only as a SHA-256 digest.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use sha2::{Digest, Sha256};

/// A freshly minted secret and the digest to store for it.
pub struct Minted {
    pub raw: String,
    pub digest: String,
}

impl std::fmt::Debug for Minted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Minted").field("digest", &self.digest).finish_non_exhaustive()
    }
}

pub fn mint() -> Minted {
    let bytes: [u8; 32] = rand::random();
    let raw = URL_SAFE_NO_PAD.encode(bytes);
    let digest = digest(&raw);
    Minted { raw, digest }
}

/// The stored form of a secret. A lookup by digest needs no constant-time comparison:
/// the attacker does not control the stored value.
pub fn digest(raw: &str) -> String {
    let hash = Sha256::digest(raw.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a string could be a secret we minted; anything else is refused before any lookup.
pub fn looks_valid(raw: &str) -> bool {
    raw.len() == 43 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A path fit for a log: every segment that could be a secret (`/take/<token>`,
/// `/set-password/<token>`) is replaced, so a log reader cannot use the link.
pub fn loggable_path(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.len() >= 32 && !is_uuid(segment) { ":token" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.bytes().enumerate().all(|(i, b)| if [8, 13, 18, 23].contains(&i) { b == b'-' } else { b.is_ascii_hexdigit() })
}

/// A readable one-time password: four groups of five letters and digits (about 100 bits).
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes: [u8; 20] = rand::random();
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_paths_hide_tokens_and_keep_ids() {
        let token = mint().raw;
        assert_eq!(loggable_path(&format!("/take/{token}")), "/take/:token");
        assert_eq!(loggable_path(&format!("/set-password/{token}/x")), "/set-password/:token/x");
        let id = "0192b3c4-aaaa-4bbb-8ccc-1234567890ab";
        assert_eq!(loggable_path(&format!("/positions/{id}")), format!("/positions/{id}"));
    }

    #[test]
    fn secrets_are_long_random_and_stored_as_digests() {
        let a = mint();
        let b = mint();
        assert_ne!(a.raw, b.raw);
        assert_eq!(a.raw.len(), 43, "32 bytes in unpadded base64url");
        assert!(looks_valid(&a.raw));
        assert_eq!(a.digest, digest(&a.raw));
        assert_eq!(a.digest.len(), 64);
        assert!(!a.digest.contains(&a.raw));
        assert!(!looks_valid("short"));
        assert!(!looks_valid(&format!("{}!", &a.raw[..42])));
    }

    #[test]
    fn one_time_passwords_are_grouped() {
        let p = one_time_password();
        assert_eq!(p.len(), 23);
        assert_eq!(p.split('-').count(), 4);
    }
}
