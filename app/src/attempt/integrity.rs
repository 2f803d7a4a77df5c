//! Integrity signals: what HR may want to know about how a screening was taken, shown as
//! information next to the decision and never used to reject anyone. Recorded per attempt by the
//! server's clock: paste attempts in the typing test, times the candidate left the page (and for
//! how long), typing that arrived faster than anyone types, answers from more than one device or
//! address, and sections finished far faster than the position's median.

use serde::{Deserialize, Serialize};

/// How much there is to look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tier {
    None,
    Some,
    Many,
}

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::None => "No signals",
            Tier::Some => "Some signals",
            Tier::Many => "Many signals",
        }
    }
}

/// One kind of signal found in an attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub label: String,
    /// What was recorded.
    pub detail: String,
    /// What it may mean, and what it does not.
    pub meaning: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signals {
    pub tier: Tier,
    pub signals: Vec<Signal>,
}

/// What was recorded, counted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub pastes: usize,
    pub left: usize,
    pub left_ms: i64,
    pub devices: usize,
    pub typing_bursts: usize,
    pub typing_gaps: usize,
    /// (section title, seconds taken, the position's median seconds)
    pub fast_sections: Vec<(String, i64, i64)>,
}

/// One kind of signal counts once; three or more kinds, or typing not credited, is "many".
pub fn tier(c: &Counts) -> Tier {
    let kinds = [c.pastes > 0, c.left > 0, c.devices > 1, c.typing_bursts > 0 || c.typing_gaps > 0, !c.fast_sections.is_empty()]
        .iter()
        .filter(|k| **k)
        .count();
    match kinds {
        0 => Tier::None,
        _ if kinds >= 3 || c.typing_bursts > 0 => Tier::Many,
        _ => Tier::Some,
    }
}

/// Pairs "hidden" and "visible" events (server times, in order) into times away and their total.
/// Each "visible" closes the latest "hidden" before it. A "hidden" never followed by "visible"
/// is a page left for the next one (moving on, a reload) or closed, not time away from it.
pub fn time_away(events: &[(&str, i64)]) -> (usize, i64) {
    let mut count = 0;
    let mut total = 0;
    let mut hidden_at: Option<i64> = None;
    for (kind, at) in events {
        match *kind {
            "hidden" => hidden_at = Some(*at),
            "visible" => {
                if let Some(h) = hidden_at.take() {
                    count += 1;
                    total += (at - h).max(0);
                }
            }
            _ => {}
        }
    }
    (count, total)
}

/// A section far faster than most: under a third of the median of at least five others.
pub fn far_faster(taken_ms: i64, others_ms: &[i64]) -> Option<i64> {
    if others_ms.len() < 5 {
        return None;
    }
    let mut sorted = others_ms.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2 };
    (taken_ms * 3 < median).then_some(median)
}

fn seconds(ms: i64) -> String {
    let s = ms / 1000;
    if s >= 120 {
        format!("{} min", (s + 30) / 60)
    } else {
        format!("{s} s")
    }
}

/// The signals as HR reads them.
pub fn describe(c: &Counts) -> Signals {
    let mut signals = Vec::new();
    if c.pastes > 0 {
        signals.push(Signal {
            label: "Paste attempts".into(),
            detail: format!("{} attempt{} to paste into the typing test (refused).", c.pastes, if c.pastes == 1 { "" } else { "s" }),
            meaning: "Pasting is turned off there, so nothing pasted was counted. It can be a habit or a slip of the keys.".into(),
        });
    }
    if c.left > 0 {
        signals.push(Signal {
            label: "Left the page".into(),
            detail: format!("{} time{}, {} in all.", c.left, if c.left == 1 { "" } else { "s" }, seconds(c.left_ms)),
            meaning: "Another tab or app was in front, or the phone was locked. Calls, children and notifications do this too.".into(),
        });
    }
    if c.devices > 1 {
        signals.push(Signal {
            label: "More than one device or address".into(),
            detail: format!("Answers came from {} different devices or network addresses.", c.devices),
            meaning: "Switching from Wi-Fi to mobile data changes the address; so does moving from a phone to a laptop.".into(),
        });
    }
    if c.typing_bursts > 0 {
        signals.push(Signal {
            label: "Typing faster than anyone types".into(),
            detail: format!(
                "{} save{} of the typing test grew by more than {} characters a second. The typing result is not credited.",
                c.typing_bursts,
                if c.typing_bursts == 1 { "" } else { "s" },
                crate::scoring::rules::MAX_CHARS_PER_SECOND
            ),
            meaning: "Text arrived in one go rather than as typed: pasted by a tool, or sent by a script. Ask the candidate to retake the typing test if in doubt.".into(),
        });
    } else if c.typing_gaps > 0 {
        signals.push(Signal {
            label: "Typing saves with gaps".into(),
            detail: format!("The typing text arrived after {} silence{} of more than 15 s.", c.typing_gaps, if c.typing_gaps == 1 { "" } else { "s" }),
            meaning: "A weak connection does this; so would text prepared elsewhere. The speed could not be followed as it was typed.".into(),
        });
    }
    for (title, taken, median) in &c.fast_sections {
        signals.push(Signal {
            label: "Much faster than most".into(),
            detail: format!("“{title}” took {}; most candidates take about {}.", seconds(*taken), seconds(*median)),
            meaning: "A candidate who knows the material is quick; one who clicks through without reading is quicker.".into(),
        });
    }
    Signals { tier: tier(c), signals }
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::db::{new_id, RowExt};
    use crate::error::AppError;
    use crate::state::AppState;
    use std::collections::HashMap;

    /// A one-way tag of where a request came from: the address and browser, hashed, so two
    /// devices can be told apart without keeping either.
    pub fn client_tag() -> String {
        let source = format!("{}|{}", crate::auth::guard::client_ip(), crate::auth::guard::user_agent().unwrap_or_default());
        let mut hash: u64 = 0xcbf29ce484222325;
        for byte in source.bytes() {
            hash ^= byte as u64;
            hash = hash.wrapping_mul(0x100000001b3);
        }
        format!("{hash:016x}")
    }

    /// The kinds a browser may report.
    pub fn parse_kind(raw: &str) -> Result<&'static str, AppError> {
        match raw {
            "paste" => Ok("paste"),
            "hidden" => Ok("hidden"),
            "visible" => Ok("visible"),
            _ => Err(AppError::invalid("kind", "Unknown signal.")),
        }
    }

    /// Records a signal (or, with kind "seen", only where the request came from).
    pub async fn record(state: &AppState, attempt_id: &str, kind: &str) -> Result<(), AppError> {
        sqlx::query("INSERT INTO attempt_signals (id, attempt_id, kind, at, client) VALUES ($1, $2, $3, $4, $5)")
            .bind(new_id().to_string())
            .bind(attempt_id)
            .bind(kind)
            .bind(state.now())
            .bind(client_tag())
            .execute(state.db.writer())
            .await?;
        Ok(())
    }

    /// Notes what the server received of a typing test, by its own clock.
    pub async fn typing_sample(state: &AppState, attempt_id: &str, item_ref: &str, text: &str) -> Result<(), AppError> {
        sqlx::query("INSERT INTO typing_samples (attempt_id, item_ref, received_at, chars) VALUES ($1, $2, $3, $4)")
            .bind(attempt_id)
            .bind(item_ref)
            .bind(state.now())
            .bind(text.chars().count() as i64)
            .execute(state.db.writer())
            .await?;
        Ok(())
    }

    /// The typing test's saves as `(ms after Start, characters)`, in the order received.
    pub async fn typing_samples(state: &AppState, attempt_id: &str, item_ref: &str, started_at: i64) -> Result<Vec<(i64, i64)>, AppError> {
        sqlx::query("SELECT received_at, chars FROM typing_samples WHERE attempt_id = $1 AND item_ref = $2 ORDER BY received_at")
            .bind(attempt_id)
            .bind(item_ref)
            .fetch_all(state.db.reader())
            .await?
            .iter()
            .map(|r| Ok((r.int("received_at")? - started_at, r.int("chars")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(AppError::from)
    }

    /// Everything recorded for an attempt. `titles` name its sections in plan order.
    pub async fn counts(
        state: &AppState,
        attempt_id: &str,
        typing: Option<&crate::scoring::rules::TypingTrace>,
        titles: &[String],
    ) -> Result<Counts, AppError> {
        let rows = sqlx::query("SELECT kind, at, client FROM attempt_signals WHERE attempt_id = $1 ORDER BY at, id")
            .bind(attempt_id)
            .fetch_all(state.db.reader())
            .await?;
        let mut events = Vec::new();
        let mut clients = std::collections::HashSet::new();
        for r in &rows {
            let kind = r.text("kind")?;
            // Devices are counted from ordinary requests only: a browser may send its beacons
            // (the other kinds) with different headers as a page unloads.
            if kind == "seen" {
                clients.insert(r.text("client")?);
            }
            events.push((kind, r.int("at")?));
        }
        let as_refs: Vec<(&str, i64)> = events.iter().map(|(k, at)| (k.as_str(), *at)).collect();
        let (left, left_ms) = time_away(&as_refs);
        Ok(Counts {
            pastes: events.iter().filter(|(k, _)| k == "paste").count(),
            left,
            left_ms,
            devices: clients.len(),
            typing_bursts: typing.map(|t| t.bursts).unwrap_or(0),
            typing_gaps: typing.map(|t| t.gaps).unwrap_or(0),
            fast_sections: fast_sections(state, attempt_id, titles).await?,
        })
    }

    /// Sections of this attempt finished in under a third of the position's median time.
    async fn fast_sections(state: &AppState, attempt_id: &str, titles: &[String]) -> Result<Vec<(String, i64, i64)>, AppError> {
        let rows = sqlx::query(
            "SELECT s.attempt_id, s.section_index, s.closed_at - s.opened_at AS taken
             FROM attempt_sections s JOIN attempts a ON a.id = s.attempt_id JOIN invitations i ON i.id = a.invitation_id
             WHERE s.closed_at IS NOT NULL AND s.closed_reason = 'finished'
               AND i.position_id = (SELECT i2.position_id FROM attempts a2 JOIN invitations i2 ON i2.id = a2.invitation_id WHERE a2.id = $1)",
        )
        .bind(attempt_id)
        .fetch_all(state.db.reader())
        .await?;
        let mut by_section: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut own: Vec<(i64, i64)> = Vec::new();
        for r in &rows {
            let (index, taken) = (r.int("section_index")?, r.int("taken")?);
            if r.text("attempt_id")? == attempt_id {
                own.push((index, taken));
            } else {
                by_section.entry(index).or_default().push(taken);
            }
        }
        own.sort_unstable();
        Ok(own
            .into_iter()
            .filter_map(|(index, taken)| {
                let median = far_faster(taken, by_section.get(&index).map(Vec::as_slice).unwrap_or(&[]))?;
                Some((titles.get(index as usize).cloned().unwrap_or_else(|| format!("Section {}", index + 1)), taken, median))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_away_pairs_hidden_with_visible() {
        assert_eq!(time_away(&[]), (0, 0));
        assert_eq!(time_away(&[("hidden", 1_000), ("visible", 31_000)]), (1, 30_000));
        // Moving on to the next section hides the page for good: not time away. A stray
        // "visible" is nothing; a later "hidden" restarts the clock.
        assert_eq!(time_away(&[("hidden", 500)]), (0, 0));
        assert_eq!(
            time_away(&[("visible", 0), ("hidden", 1_000), ("hidden", 2_000), ("visible", 11_000), ("visible", 12_000), ("hidden", 20_000)]),
            (1, 9_000)
        );
    }

    #[test]
    fn tiers_count_kinds_not_events() {
        assert_eq!(tier(&Counts { devices: 1, ..Counts::default() }), Tier::None, "one device is normal");
        assert_eq!(tier(&Counts { left: 9, left_ms: 60_000, ..Counts::default() }), Tier::Some);
        assert_eq!(tier(&Counts { left: 1, pastes: 1, ..Counts::default() }), Tier::Some);
        assert_eq!(tier(&Counts { left: 1, pastes: 1, devices: 2, ..Counts::default() }), Tier::Many);
        assert_eq!(tier(&Counts { typing_bursts: 1, ..Counts::default() }), Tier::Many, "typing not credited is always worth a look");
        let d = describe(&Counts { pastes: 2, left: 1, left_ms: 45_000, ..Counts::default() });
        assert_eq!(d.signals.len(), 2);
        assert!(d.signals[1].detail.contains("1 time, 45 s"), "{:?}", d.signals[1]);
    }

    #[test]
    fn far_faster_needs_company_and_a_big_difference() {
        assert_eq!(far_faster(10, &[100, 100, 100, 100]), None, "fewer than five others");
        assert_eq!(far_faster(30, &[100, 90, 120, 110, 100]), Some(100));
        assert_eq!(far_faster(34, &[100, 90, 120, 110, 100]), None, "a third of the median or more");
        assert_eq!(far_faster(10, &[40, 60, 80, 100, 120, 140]), Some(90), "even count: the mean of the middle two");
    }
}
