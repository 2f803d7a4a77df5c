//! Sign-in throttling, stored in the database so every app server sees the same counts.
//!
//! A sign-in *reserves* its try before the password is checked: the try is counted as a
//! failure at once, in a transaction that locks the counters, and a success gives it back.
//! So however many requests arrive together, at most the free allowance is ever checked.
//!
//! Three counters, after OWASP's advice that a lockout must not become a denial of service:
//! - the account *from this address* (`pair`): slows guesses where they come from;
//! - the *address* across accounts: slows one address trying many accounts;
//! - the *account* from anywhere: slows many addresses trying one account.
//!
//! An address the person has signed in from before is trusted for their account: only the
//! pair counter applies there, so an attacker elsewhere cannot lock the owner out, and the
//! owner waits at most the pair's delay even at an address an attacker shares.
//! Delays double with each failure past a free allowance and stop at a cap.

use crate::clock::{ms, Millis};
use crate::db::{Db, Engine, RowExt};
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
    pub pair: Limit,
    pub address: Limit,
    pub account: Limit,
    /// Failures older than this are forgotten (and their rows purged).
    pub forget_after: Duration,
    /// An address counts as the person's own for this long after they signed in from it.
    pub known_for: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            pair: Limit { free: 5, base: Duration::from_secs(30), cap: Duration::from_secs(15 * 60) },
            address: Limit { free: 20, base: Duration::from_secs(30), cap: Duration::from_secs(60 * 60) },
            account: Limit { free: 10, base: Duration::from_secs(30), cap: Duration::from_secs(15 * 60) },
            forget_after: Duration::from_secs(24 * 60 * 60),
            known_for: Duration::from_secs(90 * 24 * 60 * 60),
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

/// One counter as stored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counter {
    pub failures: i64,
    pub last_failure_at: Millis,
    pub blocked_until: Millis,
}

impl Counter {
    /// The counter once this try is counted as a failure.
    pub fn with_try(self, now: Millis, limit: &Limit, forget_before: Millis) -> Counter {
        let failures = if self.last_failure_at < forget_before { 1 } else { self.failures + 1 };
        let delay = limit.delay_after(failures);
        let blocked_until = if delay.is_zero() { self.blocked_until } else { now + ms(delay) };
        Counter { failures, last_failure_at: now, blocked_until }
    }

    /// The counter once a try that succeeded is given back.
    pub fn without_try(self, limit: &Limit) -> Counter {
        let failures = (self.failures - 1).max(0);
        let blocked_until = if limit.delay_after(failures).is_zero() { 0 } else { self.blocked_until };
        Counter { failures, blocked_until, ..self }
    }
}

const PAIR: &str = "pair";
const ADDRESS: &str = "address";
const ACCOUNT: &str = "account";

/// A reserved try: checking the password may go ahead.
#[derive(Debug)]
pub struct Ticket {
    counters: Vec<(&'static str, String)>,
}

pub enum Reservation {
    Granted(Ticket),
    Refused { until: Millis },
}

fn pair_key(email: &str, ip: &str) -> String {
    format!("{email} {ip}")
}

/// Counts this try before the password is checked, or refuses it while a counter is blocked.
pub async fn reserve(db: &Db, now: Millis, policy: &ThrottlePolicy, email: &str, ip: &str) -> Result<Reservation, sqlx::Error> {
    let known = is_known(db, now, policy, email, ip).await?;
    // A fixed order, so two transactions on PostgreSQL never wait for each other's rows.
    let mut counters: Vec<(&'static str, String, &Limit)> = vec![(PAIR, pair_key(email, ip), &policy.pair)];
    if !known {
        counters.push((ADDRESS, ip.to_string(), &policy.address));
        counters.push((ACCOUNT, email.to_string(), &policy.account));
    }
    let forget_before = now - ms(policy.forget_after);
    let mut tx = db.begin().await?;
    let mut read = Vec::new();
    for (scope, key, _) in &counters {
        read.push(locked(&mut tx, db.engine(), scope, key).await?);
    }
    let blocked = read.iter().map(|c| c.blocked_until).filter(|&b| b > now).max();
    if let Some(until) = blocked {
        tx.rollback().await?;
        return Ok(Reservation::Refused { until });
    }
    for ((scope, key, limit), counter) in counters.iter().zip(read) {
        store(&mut tx, scope, key, counter.with_try(now, limit, forget_before)).await?;
    }
    tx.commit().await?;
    Ok(Reservation::Granted(Ticket { counters: counters.into_iter().map(|(s, k, _)| (s, k)).collect() }))
}

/// The password was right: the try is given back, the account's counters start again, and
/// the address becomes one the person is known at.
pub async fn succeeded(db: &Db, now: Millis, policy: &ThrottlePolicy, email: &str, ip: &str, ticket: Ticket) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (scope, key) in &ticket.counters {
        if *scope == ADDRESS {
            // The address keeps its other failures, so one right password does not reset an
            // attacker's budget for other accounts.
            let counter = locked(&mut tx, db.engine(), scope, key).await?;
            store(&mut tx, scope, key, counter.without_try(&policy.address)).await?;
        } else {
            sqlx::query("DELETE FROM login_throttle WHERE scope = $1 AND key = $2").bind(*scope).bind(key).execute(&mut *tx).await?;
        }
    }
    // Failures at other addresses against this account are the account counter's, cleared above
    // only if it was part of this try; clear it in any case, as the owner has just proved who they are.
    sqlx::query("DELETE FROM login_throttle WHERE scope = $1 AND key = $2").bind(ACCOUNT).bind(email).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO known_sign_ins (email, ip, last_at) VALUES ($1, $2, $3)
         ON CONFLICT (email, ip) DO UPDATE SET last_at = $3",
    )
    .bind(email)
    .bind(ip)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

async fn is_known(db: &Db, now: Millis, policy: &ThrottlePolicy, email: &str, ip: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM known_sign_ins WHERE email = $1 AND ip = $2 AND last_at > $3")
        .bind(email)
        .bind(ip)
        .bind(now - ms(policy.known_for))
        .fetch_one(db.reader())
        .await?;
    Ok(row.int("n")? > 0)
}

/// Reads a counter (creating it at zero), locked until the transaction ends. SQLite needs no
/// row lock: its single writer connection already runs one transaction at a time.
async fn locked(tx: &mut sqlx::Transaction<'_, sqlx::Any>, engine: Engine, scope: &str, key: &str) -> Result<Counter, sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_throttle (scope, key, failures, last_failure_at, blocked_until) VALUES ($1, $2, 0, 0, 0)
         ON CONFLICT (scope, key) DO NOTHING",
    )
    .bind(scope)
    .bind(key)
    .execute(&mut **tx)
    .await?;
    let sql = match engine {
        Engine::Postgres => "SELECT failures, last_failure_at, blocked_until FROM login_throttle WHERE scope = $1 AND key = $2 FOR UPDATE",
        Engine::Sqlite => "SELECT failures, last_failure_at, blocked_until FROM login_throttle WHERE scope = $1 AND key = $2",
    };
    let row = sqlx::query(sql).bind(scope).bind(key).fetch_one(&mut **tx).await?;
    Ok(Counter { failures: row.int("failures")?, last_failure_at: row.int("last_failure_at")?, blocked_until: row.int("blocked_until")? })
}

async fn store(tx: &mut sqlx::Transaction<'_, sqlx::Any>, scope: &str, key: &str, c: Counter) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_throttle SET failures = $3, last_failure_at = $4, blocked_until = $5 WHERE scope = $1 AND key = $2")
        .bind(scope)
        .bind(key)
        .bind(c.failures)
        .bind(c.last_failure_at)
        .bind(c.blocked_until)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Housekeeping: counters nobody has failed for a day and that block nothing, and addresses
/// not used for a sign-in within `known_for`.
pub async fn purge(db: &Db, now: Millis, policy: &ThrottlePolicy) -> Result<u64, sqlx::Error> {
    let counters = sqlx::query("DELETE FROM login_throttle WHERE last_failure_at < $1 AND blocked_until <= $2")
        .bind(now - ms(policy.forget_after))
        .bind(now)
        .execute(db.writer())
        .await?;
    let known = sqlx::query("DELETE FROM known_sign_ins WHERE last_at <= $1").bind(now - ms(policy.known_for)).execute(db.writer()).await?;
    Ok(counters.rows_affected() + known.rows_affected())
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

    #[test]
    fn the_try_that_reaches_the_allowance_blocks_the_next_and_old_failures_are_forgotten() {
        let l = Limit { free: 2, base: Duration::from_secs(30), cap: Duration::from_secs(900) };
        let zero = Counter { failures: 0, last_failure_at: 0, blocked_until: 0 };
        let one = zero.with_try(1_000, &l, 0);
        assert_eq!((one.failures, one.blocked_until), (1, 0));
        let two = one.with_try(2_000, &l, 0);
        assert_eq!((two.failures, two.blocked_until), (2, 32_000), "the second try is checked, the third waits");
        let forgotten = two.with_try(100_000, &l, 50_000);
        assert_eq!(forgotten.failures, 1);
        // A success gives its try back and lifts the block it caused.
        assert_eq!(two.without_try(&l).blocked_until, 0);
        assert_eq!(two.with_try(3_000, &l, 0).without_try(&l).blocked_until, 63_000);
    }
}
