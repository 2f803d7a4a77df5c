//! Sign-in throttling, per account and per client address, stored in the database so every
//! app server sees the same counts. Delays double with each failure past a free allowance and
//! stop at a cap, so an attacker is slowed while the owner is never locked out for good.

use crate::clock::{ms, Millis};
use crate::db::{Db, RowExt};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Limit {
    /// Failures allowed before any delay.
    pub free: i64,
    /// The first delay; each further failure doubles it.
    pub base: Duration,
    /// No delay is longer than this.
    pub cap: Duration,
}

#[derive(Clone, Debug)]
pub struct ThrottlePolicy {
    pub account: Limit,
    pub address: Limit,
    /// Failures older than this are forgotten.
    pub forget_after: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            account: Limit { free: 5, base: Duration::from_secs(30), cap: Duration::from_secs(15 * 60) },
            address: Limit { free: 20, base: Duration::from_secs(30), cap: Duration::from_secs(60 * 60) },
            forget_after: Duration::from_secs(24 * 60 * 60),
        }
    }
}

impl Limit {
    /// How long to refuse sign-ins after the `failures`-th failure.
    pub fn delay_after(&self, failures: i64) -> Duration {
        if failures < self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free).clamp(0, 30) as u32;
        self.base.saturating_mul(1u32 << doublings).min(self.cap)
    }
}

const ACCOUNT: &str = "account";
const ADDRESS: &str = "address";

/// Until when sign-ins for this account or from this address are refused, if they are.
pub async fn blocked_until(db: &Db, now: Millis, email: &str, ip: &str) -> Result<Option<Millis>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT MAX(blocked_until) AS blocked FROM login_throttle
         WHERE ((scope = $1 AND key = $2) OR (scope = $3 AND key = $4)) AND blocked_until > $5",
    )
    .bind(ACCOUNT)
    .bind(email)
    .bind(ADDRESS)
    .bind(ip)
    .bind(now)
    .fetch_one(db.reader())
    .await?;
    row.opt_int("blocked")
}

pub async fn record_failure(db: &Db, now: Millis, policy: &ThrottlePolicy, email: &str, ip: &str) -> Result<(), sqlx::Error> {
    for (scope, key, limit) in [(ACCOUNT, email, &policy.account), (ADDRESS, ip, &policy.address)] {
        let forget_before = now - ms(policy.forget_after);
        let row = sqlx::query(
            "INSERT INTO login_throttle (scope, key, failures, last_failure_at, blocked_until)
             VALUES ($1, $2, 1, $3, 0)
             ON CONFLICT (scope, key) DO UPDATE SET
                failures = CASE WHEN login_throttle.last_failure_at < $4 THEN 1 ELSE login_throttle.failures + 1 END,
                last_failure_at = $3
             RETURNING failures",
        )
        .bind(scope)
        .bind(key)
        .bind(now)
        .bind(forget_before)
        .fetch_one(db.writer())
        .await?;
        let failures = row.int("failures")?;
        let delay = limit.delay_after(failures);
        if !delay.is_zero() {
            sqlx::query("UPDATE login_throttle SET blocked_until = $3 WHERE scope = $1 AND key = $2")
                .bind(scope)
                .bind(key)
                .bind(now + ms(delay))
                .execute(db.writer())
                .await?;
        }
    }
    Ok(())
}

/// A successful sign-in clears the account's count; the address keeps its count, which
/// decays, so one guessed password does not reset an attacker's budget for other accounts.
pub async fn clear_account(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE scope = $1 AND key = $2")
        .bind(ACCOUNT)
        .bind(email)
        .execute(db.writer())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_allowance_double_and_stop_at_the_cap() {
        let l = Limit { free: 5, base: Duration::from_secs(30), cap: Duration::from_secs(900) };
        assert_eq!(l.delay_after(4), Duration::ZERO);
        assert_eq!(l.delay_after(5), Duration::from_secs(30));
        assert_eq!(l.delay_after(6), Duration::from_secs(60));
        assert_eq!(l.delay_after(8), Duration::from_secs(240));
        assert_eq!(l.delay_after(10), Duration::from_secs(900));
        assert_eq!(l.delay_after(10_000), Duration::from_secs(900));
    }
}
