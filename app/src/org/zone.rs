//! A time zone by its IANA name, parsed once: the tz database is compiled into the binary, so a
//! zone means the same on every machine. Instants are stored in UTC; only entering and showing
//! them goes through the zone.

use crate::clock::Millis;
use jiff::tz::TimeZone;

#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone { name: "UTC".into(), tz: TimeZone::UTC }
    }

    /// A zone by its IANA name, for example "Europe/Berlin"; `None` for anything else.
    pub fn parse(name: &str) -> Option<Zone> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        let tz = TimeZone::get(name).ok()?;
        // The database's own spelling, whatever case was typed.
        let canonical = zone_names().into_iter().find(|n| n.eq_ignore_ascii_case(name)).unwrap_or_else(|| name.to_string());
        Some(Zone { name: canonical, tz })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// "Fri 18 Dec 2026, 17:00 CST": how a deadline is shown.
    pub fn format(&self, at: Millis) -> String {
        match jiff::Timestamp::from_millisecond(at) {
            Ok(t) => t.to_zoned_datetime(self.tz.clone()).strftime("%a %-d %b %Y, %H:%M %Z").to_string(),
            Err(_) => "unknown time".into(),
        }
    }

    /// The date ("2026-12-18") and time of day ("17:00") of an instant here, as a form's date and
    /// time fields hold them.
    pub fn fields(&self, at: Millis) -> (String, String) {
        match jiff::Timestamp::from_millisecond(at) {
            Ok(t) => {
                let z = t.to_zoned_datetime(self.tz.clone());
                (z.strftime("%Y-%m-%d").to_string(), z.strftime("%H:%M").to_string())
            }
            Err(_) => (String::new(), String::new()),
        }
    }

    /// The instant at this wall-clock date and time here. A time that does not exist (skipped
    /// when the clocks go forward) is read as the time after the change, as a person would.
    pub fn instant(&self, date: time::Date, clock: time::Time) -> Option<Millis> {
        let civil = jiff::civil::date(date.year().try_into().ok()?, date.month() as i8, date.day() as i8).at(clock.hour() as i8, clock.minute() as i8, 0, 0);
        Some(civil.to_zoned_datetime(self.tz.clone()).ok()?.timestamp().as_millisecond())
    }
}

/// Every zone name in the database, in order: areas with cities, then UTC. Legacy aliases
/// ("US/Central", "EST5EDT") are left out of the menu but still accepted.
pub fn zone_names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .filter(|n| {
            let area = n.split('/').next().unwrap_or("");
            n.contains('/')
                && matches!(area, "Africa" | "America" | "Antarctica" | "Asia" | "Atlantic" | "Australia" | "Europe" | "Indian" | "Pacific")
        })
        .collect();
    names.sort();
    names.push("UTC".into());
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    #[test]
    fn a_deadline_is_entered_and_shown_in_the_zone() {
        let chicago = Zone::parse("America/Chicago").unwrap();
        // 17:00 in Chicago in December is 23:00 UTC.
        let at = chicago.instant(date!(2026 - 12 - 18), time!(17:00)).unwrap();
        assert_eq!(crate::clock::format_utc(at), "2026-12-18 23:00 UTC");
        assert_eq!(chicago.format(at), "Fri 18 Dec 2026, 17:00 CST");
        assert_eq!(chicago.fields(at), ("2026-12-18".into(), "17:00".into()));
        // In July the same wall-clock time is an hour earlier in UTC.
        let summer = chicago.instant(date!(2026 - 07 - 17), time!(17:00)).unwrap();
        assert_eq!(crate::clock::format_utc(summer), "2026-07-17 22:00 UTC");
        assert_eq!(Zone::utc().format(at), "Fri 18 Dec 2026, 23:00 UTC");
    }

    #[test]
    fn a_time_skipped_by_the_clocks_going_forward_is_read_as_after_the_change() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        // 02:30 on 29 March 2026 does not exist in Berlin: it is 03:30 CEST, 01:30 UTC.
        let at = berlin.instant(date!(2026 - 03 - 29), time!(02:30)).unwrap();
        assert_eq!(crate::clock::format_utc(at), "2026-03-29 01:30 UTC");
    }

    #[test]
    fn only_real_zone_names_parse() {
        assert_eq!(Zone::parse(" europe/berlin ").map(|z| z.name().to_string()), Some("Europe/Berlin".into()));
        assert!(Zone::parse("Mars/Olympus").is_none());
        assert!(Zone::parse("").is_none());
        assert!(Zone::parse("../../etc/passwd").is_none());
        let names = zone_names();
        assert!(names.contains(&"America/Chicago".to_string()) && names.contains(&"UTC".to_string()));
        assert!(!names.iter().any(|n| n.starts_with("US/")));
    }
}
