//! Where one candidate stands with one invitation: one state, worked out by one rule and named
//! with one set of words, on the position page, the results, the candidate report, the
//! dashboard and the candidate's own pages alike.
//!
//! Two ways of running out are kept apart everywhere: a link that expired before the candidate
//! started (`LinkExpired`), and an attempt whose time ran out while it was being taken
//! (`TimedOut`, closed with what was saved).

use serde::{Deserialize, Serialize};

/// Grace after a deadline that absorbs network lag: a save sent in time but arriving late counts.
pub const GRACE_MS: i64 = 10_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CandidateState {
    /// Invited; the link still works and the screening has not been started.
    #[default]
    NotStarted,
    /// The link expired before the candidate started.
    LinkExpired,
    /// Started, and the time has not run out.
    InProgress,
    /// The time ran out during the attempt; what was saved is kept and scored.
    TimedOut,
    /// The candidate submitted their answers.
    Submitted,
    /// HR withdrew the invitation before it was used.
    Withdrawn,
}

/// `attempts.closed_reason` of an attempt the candidate submitted; every other reason is time.
pub const SUBMITTED_REASON: &str = "submitted";

impl CandidateState {
    /// Every state, in the order pages list them.
    pub const ALL: [CandidateState; 6] = [
        CandidateState::NotStarted,
        CandidateState::InProgress,
        CandidateState::Submitted,
        CandidateState::TimedOut,
        CandidateState::LinkExpired,
        CandidateState::Withdrawn,
    ];

    /// The words for this state, the same on every staff page.
    pub fn label(self) -> &'static str {
        match self {
            CandidateState::NotStarted => "Not started",
            CandidateState::LinkExpired => "Link expired",
            CandidateState::InProgress => "In progress",
            CandidateState::TimedOut => "Timed out",
            CandidateState::Submitted => "Submitted",
            CandidateState::Withdrawn => "Withdrawn",
        }
    }

    /// A sentence saying what the state means (a tooltip, or a line under the label).
    pub fn explain(self) -> &'static str {
        match self {
            CandidateState::NotStarted => "Invited; the screening has not been started yet.",
            CandidateState::LinkExpired => "The invitation link expired before the screening was started.",
            CandidateState::InProgress => "Taking the screening now; the time has not run out.",
            CandidateState::TimedOut => "The time ran out during the screening; the answers saved before then were kept.",
            CandidateState::Submitted => "Submitted the screening.",
            CandidateState::Withdrawn => "The invitation was withdrawn before it was used.",
        }
    }

    /// The style sheet's classes for it.
    pub fn css_class(self) -> &'static str {
        match self {
            CandidateState::NotStarted => "state state-invited",
            CandidateState::InProgress => "state state-started",
            CandidateState::Submitted => "state state-submitted",
            CandidateState::LinkExpired | CandidateState::TimedOut => "state state-expired",
            CandidateState::Withdrawn => "state state-withdrawn",
        }
    }

    /// Whether the attempt is over (the candidate can no longer change anything).
    pub fn is_finished(self) -> bool {
        matches!(self, CandidateState::Submitted | CandidateState::TimedOut)
    }

    /// The state of an attempt that is closed, from its `closed_reason`.
    pub fn closed(reason: &str) -> CandidateState {
        if reason == SUBMITTED_REASON {
            CandidateState::Submitted
        } else {
            CandidateState::TimedOut
        }
    }

    /// Where an invitation stands at `now`, from what is stored about it: the link's expiry,
    /// whether it was withdrawn, and its attempt's deadline and closing reason, if it has one.
    /// An open attempt past its deadline (and the grace) has timed out, even before the
    /// housekeeping closes it.
    /// Whether the invitation's link still opens its screening (so it may be copied or sent again).
    pub fn link_works(self) -> bool {
        matches!(self, CandidateState::NotStarted | CandidateState::InProgress)
    }

    /// Whether the invitation may still be withdrawn: only before its screening has begun.
    pub fn withdrawable(self) -> bool {
        matches!(self, CandidateState::NotStarted | CandidateState::LinkExpired)
    }

    pub fn of(now: i64, expires_at: i64, revoked: bool, attempt_deadline: Option<i64>, closed_reason: Option<&str>) -> CandidateState {
        match (closed_reason, attempt_deadline) {
            (Some(reason), _) => CandidateState::closed(reason),
            _ if revoked => CandidateState::Withdrawn,
            (None, Some(deadline)) if now > deadline + GRACE_MS => CandidateState::TimedOut,
            (None, Some(_)) => CandidateState::InProgress,
            (None, None) if now > expires_at => CandidateState::LinkExpired,
            (None, None) => CandidateState::NotStarted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CandidateState::*;
    use super::*;

    #[test]
    fn every_state_follows_what_happened() {
        let now = 1_000_000;
        assert_eq!(CandidateState::of(now, now + 1, false, None, None), NotStarted);
        assert_eq!(CandidateState::of(now, now - 1, false, None, None), LinkExpired);
        assert_eq!(CandidateState::of(now, now + 9, true, None, None), Withdrawn);
        // A started attempt outlives its link.
        assert_eq!(CandidateState::of(now, now - 1, false, Some(now + 5), None), InProgress);
        assert_eq!(CandidateState::of(now, now, false, Some(now - GRACE_MS + 1), None), InProgress);
        // Past its deadline and the grace, an attempt has timed out, closed or not yet.
        assert_eq!(CandidateState::of(now, now, false, Some(now - GRACE_MS - 1), None), TimedOut);
        assert_eq!(CandidateState::of(now, now, false, Some(now), Some("expired")), TimedOut);
        assert_eq!(CandidateState::of(now, now - 1, false, Some(now), Some("expired")), TimedOut, "not a link that expired");
        assert_eq!(CandidateState::of(now, now, false, Some(now), Some("submitted")), Submitted);
        // What the candidate did stands even if the invitation is withdrawn afterwards.
        assert_eq!(CandidateState::of(now, now, true, Some(now), Some("submitted")), Submitted);
        assert_eq!(CandidateState::closed("submitted"), Submitted);
        assert_eq!(CandidateState::closed("expired"), TimedOut);
    }

    #[test]
    fn each_state_has_its_own_words() {
        let labels: std::collections::HashSet<_> = CandidateState::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels.len(), CandidateState::ALL.len(), "two states share a label");
        assert_eq!(TimedOut.label(), "Timed out");
        assert_eq!(LinkExpired.label(), "Link expired");
        assert_ne!(TimedOut.label(), LinkExpired.label(), "running out of time is not an expired link");
        for s in CandidateState::ALL {
            assert!(s.css_class().starts_with("state state-") && !s.label().is_empty() && s.explain().ends_with('.'));
        }
        assert!(TimedOut.is_finished() && Submitted.is_finished() && !InProgress.is_finished() && !LinkExpired.is_finished());
    }
}
