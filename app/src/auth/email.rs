//! An email address that has been checked once, at the edge, and is stored lower-cased.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Trims, lower-cases and checks the shape; the message is written for the person typing.
    pub fn parse(raw: &str) -> Result<Email, String> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err("Enter an email address.".into());
        }
        if value.chars().count() > 254 {
            return Err("That email address is too long.".into());
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err("Enter an email address like name@example.com.".into());
        };
        let bad_char = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c);
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@')
            && domain.split('.').all(|label| !label.is_empty() && label.len() <= 63);
        if local.is_empty() || local.len() > 64 || !domain_ok || value.chars().any(bad_char) {
            return Err("Enter an email address like name@example.com.".into());
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn accepts_and_normalises_ordinary_addresses() {
        assert_eq!(Email::parse("  Ana.Lopez@Example.COM ").unwrap().as_str(), "ana.lopez@example.com");
        assert!(Email::parse("o'brien+jobs@mail.example.ie").is_ok());
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for raw in ["", "   ", "ana", "ana@", "@example.com", "ana@example", "ana@.com", "ana@exa..mple.com",
            "ana lopez@example.com", "a@b@c.com", "<x>@example.com"] {
            assert!(Email::parse(raw).is_err(), "{raw:?} should be refused");
        }
        let long = format!("{}@example.com", "a".repeat(300));
        assert!(Email::parse(&long).is_err());
    }
}
