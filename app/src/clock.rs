//! The server's clock. Every instant the product stores or compares comes from here,
//! never from the browser or the database, so tests can move time instead of waiting for it.
//! `Millis` is shared with the browser build; formatting and parsing dates are the server's.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

pub const HOUR: Millis = 60 * 60 * 1000;

#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    /// A clock that only moves when told to (tests).
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn manual_at(start: Millis) -> Clock {
        Clock::Manual(Arc::new(AtomicI64::new(start)))
    }

    pub fn now(&self) -> Millis {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            Clock::Manual(at) => at.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock forward; a system clock ignores it.
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(at) = self {
            at.fetch_add(by.as_millis() as i64, Ordering::SeqCst);
        }
    }
}

pub fn ms(d: Duration) -> Millis {
    d.as_millis() as i64
}

#[cfg(feature = "ssr")]
/// "2026-11-22 14:05 UTC": how instants are shown to staff.
pub fn format_utc(at: Millis) -> String {
    use time::{macros::format_description, OffsetDateTime};
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp_nanos(at as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_else(|| "unknown time".into())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let c = Clock::manual_at(1_000);
        assert_eq!(c.now(), 1_000);
        c.advance(Duration::from_secs(2));
        assert_eq!(c.now(), 3_000);
    }

    #[test]
    fn instants_format_in_utc() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_795_356_300_000), "2026-11-22 14:05 UTC");
    }
}

#[cfg(feature = "ssr")]
/// A calendar date typed as year-month-day ("2026-11-30").
pub fn parse_date(raw: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw.trim(), &format).ok()
}

#[cfg(feature = "ssr")]
/// The first millisecond of a day, UTC.
pub fn start_millis(date: time::Date) -> Millis {
    date.midnight().assume_utc().unix_timestamp() * 1000
}
