//! How this Keepers behaves, apart from where its database is and where it listens: read once
//! at start-up (`server/src/config.rs`) and kept in `AppState`.

use crate::auth::throttle::ThrottlePolicy;
use std::time::Duration;

/// Behaviour settings that are not the database URL or the listen address.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The address people reach Keepers at (for links in emails); when unset, links are
    /// built from the Host of the request that made them.
    pub public_url: Option<String>,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub session_absolute: Duration,
    /// How long a set-password link stays valid.
    pub password_link_ttl: Duration,
    pub throttle: ThrottlePolicy,
    /// Which proxies in front of Keepers may say who the client is (X-Forwarded-*).
    pub proxies: crate::auth::proxy::ProxyTrust,
    /// How many passwords may be hashed at once, and how long a sign-in waits for a turn.
    pub hashing_permits: usize,
    pub hashing_wait: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: None,
            session_idle: Duration::from_secs(2 * 60 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            password_link_ttl: Duration::from_secs(72 * 60 * 60),
            throttle: ThrottlePolicy::default(),
            proxies: Default::default(),
            hashing_permits: crate::auth::password::Hashing::default_size(),
            hashing_wait: Duration::from_secs(2),
        }
    }
}
