//! Money for the Offer: whole minor units (cents) and a currency from a short list, parsed
//! from what HR types ("4000", "4,000.00", "$4,000") and shown the way people read it.

use serde::{Deserialize, Serialize};

/// Currencies the Offer can be made in; all have two decimal places.
pub const CURRENCIES: &[(&str, &str)] = &[
    ("USD", "$"),
    ("CAD", "CA$"),
    ("EUR", "€"),
    ("GBP", "£"),
    ("AUD", "A$"),
    ("NZD", "NZ$"),
    ("CHF", "CHF "),
    ("SEK", "SEK "),
    ("NOK", "NOK "),
    ("DKK", "DKK "),
    ("PLN", "PLN "),
    ("MXN", "MX$"),
    ("SGD", "S$"),
    ("INR", "₹"),
    ("ZAR", "R "),
];

/// The largest Offer the product accepts: a sanity bound, not a policy.
pub const MAX_CENTS: i64 = 1_000_000_00;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub cents: i64,
    pub currency: [u8; 3],
}

impl Money {
    pub fn currency(&self) -> &str {
        std::str::from_utf8(&self.currency).unwrap_or("USD")
    }

    pub fn parse(amount: &str, currency: &str) -> Result<Money, String> {
        let code = CURRENCIES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(currency.trim()))
            .map(|(c, _)| *c)
            .ok_or_else(|| "Choose a currency from the list.".to_string())?;
        let cleaned: String = amount
            .trim()
            .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '.' && c != '-')
            .chars()
            .filter(|c| *c != ',' && *c != ' ' && *c != '_')
            .collect();
        let bad = || "Enter the amount as a number, for example 4000 or 4,000.00.".to_string();
        if cleaned.is_empty() || cleaned.starts_with('-') {
            return Err(bad());
        }
        let (whole, fraction) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 2 {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let fraction: i64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().map_err(|_| bad())? };
        let cents = whole.checked_mul(100).and_then(|c| c.checked_add(fraction)).ok_or_else(bad)?;
        if cents <= 0 {
            return Err("The Offer must be more than nothing.".into());
        }
        if cents > MAX_CENTS {
            return Err("That is more than Keepers accepts for an Offer (1,000,000).".into());
        }
        let mut c = [0u8; 3];
        c.copy_from_slice(code.as_bytes());
        Ok(Money { cents, currency: c })
    }

    pub fn from_stored(cents: i64, currency: &str) -> Money {
        let mut c = *b"USD";
        if currency.len() == 3 {
            c.copy_from_slice(currency.as_bytes());
        }
        Money { cents, currency: c }
    }

    /// "$4,000", "€1,250.50".
    pub fn display(&self) -> String {
        let symbol = CURRENCIES.iter().find(|(c, _)| *c == self.currency()).map(|(_, s)| *s).unwrap_or("");
        let whole = self.cents / 100;
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        match self.cents % 100 {
            0 => format!("{symbol}{grouped}"),
            f => format!("{symbol}{grouped}.{f:02}"),
        }
    }

    /// "4000.00": for CSV files and form fields.
    pub fn plain(&self) -> String {
        format!("{}.{:02}", self.cents / 100, self.cents % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_the_ways_people_type_them() {
        for raw in ["4000", "4,000", "4000.00", "$4,000", " 4 000 ", "4000.0"] {
            assert_eq!(Money::parse(raw, "usd").unwrap().cents, 400_000, "{raw}");
        }
        assert_eq!(Money::parse("1250.5", "EUR").unwrap().cents, 125_050);
        assert_eq!(Money::parse("0.99", "GBP").unwrap().cents, 99);
    }

    #[test]
    fn bad_amounts_and_currencies_are_refused() {
        for raw in ["", "abc", "-100", "0", "12.345", "1.2.3", "4e3", "99999999999999999999"] {
            assert!(Money::parse(raw, "USD").is_err(), "{raw}");
        }
        assert!(Money::parse("1000001", "USD").is_err());
        assert!(Money::parse("100", "XYZ").unwrap_err().contains("currency"));
    }

    #[test]
    fn money_reads_as_people_write_it() {
        assert_eq!(Money::parse("4000", "USD").unwrap().display(), "$4,000");
        assert_eq!(Money::parse("1250.5", "EUR").unwrap().display(), "€1,250.50");
        assert_eq!(Money::parse("999", "CHF").unwrap().display(), "CHF 999");
        assert_eq!(Money::parse("1234567", "GBP").unwrap_err().contains("more than"), true);
        assert_eq!(Money::parse("123456", "GBP").unwrap().display(), "£123,456");
        assert_eq!(Money::parse("4000", "USD").unwrap().plain(), "4000.00");
        assert_eq!(Money::from_stored(100, "SEK").display(), "SEK 1");
    }
}
