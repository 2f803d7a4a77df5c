//! Passwords: the rules a new password must meet (shared with the browser) and,
//! on the server, argon2id hashing that never runs on the async runtime.

pub const MIN_LEN: usize = 12;
/// Long enough for any passphrase, short enough that hashing it is not a denial of service.
pub const MAX_LEN: usize = 256;

/// The checks the browser can run too: length only.
pub fn check_length(raw: &str) -> Result<(), String> {
    let len = raw.chars().count();
    if len < MIN_LEN {
        return Err(format!("Use at least {MIN_LEN} characters; a short phrase is easiest to remember."));
    }
    if len > MAX_LEN {
        return Err(format!("Use at most {MAX_LEN} characters."));
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::check_length;
    use argon2::{
        password_hash::{phc::PasswordHash as Phc, PasswordHasher, PasswordVerifier},
        Algorithm, Argon2, Params, Version,
    };
    use std::sync::OnceLock;

    /// A password that has passed every rule. The only way to get one is `parse`.
    pub struct NewPassword(String);

    impl std::fmt::Debug for NewPassword {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("NewPassword(<redacted>)")
        }
    }

    impl NewPassword {
        /// `personal` holds words the password must not lean on (the person's name and email).
        pub fn parse(raw: &str, personal: &[&str]) -> Result<NewPassword, String> {
            check_length(raw)?;
            if raw.trim().is_empty() {
                return Err("A password cannot be only spaces.".into());
            }
            let entropy = zxcvbn::zxcvbn(raw, personal);
            if (entropy.score() as u8) < 3 {
                let why = entropy
                    .feedback()
                    .and_then(|f| f.warning())
                    .map(|w| format!("{w} "))
                    .unwrap_or_default();
                return Err(format!(
                    "{why}This password is too common or too easy to guess. Try a few unrelated words."
                ));
            }
            Ok(NewPassword(raw.to_owned()))
        }

        pub fn expose(&self) -> &str {
            &self.0
        }
    }

    /// A stored argon2id hash (PHC string). Deliberately not `Serialize`: it can never be sent to a browser.
    #[derive(Clone)]
    pub struct PasswordHash(String);

    impl std::fmt::Debug for PasswordHash {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("PasswordHash(<redacted>)")
        }
    }

    impl PasswordHash {
        pub fn from_stored(phc: String) -> PasswordHash {
            PasswordHash(phc)
        }
        pub fn as_stored(&self) -> &str {
            &self.0
        }
    }

    /// OWASP's argon2id parameters: 19 MiB, 2 iterations, 1 lane.
    fn hasher() -> Argon2<'static> {
        let params = Params::new(19 * 1024, 2, 1, None).expect("constant argon2 parameters are valid");
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    fn hash_blocking(password: &str) -> Result<PasswordHash, String> {
        hasher()
            .hash_password(password.as_bytes())
            .map(|h| PasswordHash(h.to_string()))
            .map_err(|e| e.to_string())
    }

    fn verify_blocking(password: &str, hash: &str) -> bool {
        match Phc::new(hash) {
            Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    }

    /// A hash of nothing in particular, verified when the account does not exist,
    /// so an unknown email costs the same time as a wrong password.
    fn decoy_hash() -> &'static str {
        static DECOY: OnceLock<String> = OnceLock::new();
        DECOY.get_or_init(|| {
            hash_blocking("decoy password that matches no account").expect("hashing a constant works").0
        })
    }

    /// Warm the decoy at start-up so the first unknown-email sign-in is not slower.
    pub fn warm_up() {
        let _ = decoy_hash();
    }

    pub async fn hash(password: &NewPassword) -> Result<PasswordHash, String> {
        let pw = password.0.clone();
        tokio::task::spawn_blocking(move || hash_blocking(&pw))
            .await
            .map_err(|e| e.to_string())?
    }

    /// Verifies `password` against `stored`, or against the decoy when there is no account.
    pub async fn verify(password: String, stored: Option<PasswordHash>) -> bool {
        tokio::task::spawn_blocking(move || verify_now(&password, stored)).await.unwrap_or(false)
    }

    /// The process-wide cap on password hashing. Each argon2 run holds 19 MiB and a core for
    /// tens of milliseconds, so anonymous sign-ins must not be able to start them without end:
    /// past the cap a request waits briefly, then is told to come back.
    #[derive(Debug)]
    pub struct Hashing {
        permits: tokio::sync::Semaphore,
        size: usize,
        wait: std::time::Duration,
        running: std::sync::atomic::AtomicUsize,
        most: std::sync::atomic::AtomicUsize,
    }

    /// Refused for now: the cap is reached.
    #[derive(Debug)]
    pub struct Busy {
        pub retry_after_secs: u64,
    }

    /// One hash's memory and the share of the machine's memory hashing may use.
    const HASH_BYTES: u64 = 19 * 1024 * 1024;
    const MEMORY_SHARE: u64 = 16;

    impl Hashing {
        pub fn new(size: usize, wait: std::time::Duration) -> Hashing {
            let size = size.max(1);
            Hashing {
                permits: tokio::sync::Semaphore::new(size),
                size,
                wait,
                running: Default::default(),
                most: Default::default(),
            }
        }

        /// Sized from memory (a sixteenth of it) and bounded by the cores, which do the work.
        pub fn default_size() -> usize {
            let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
            let by_memory = memory_bytes().map(|m| (m / MEMORY_SHARE / HASH_BYTES) as usize).unwrap_or(4);
            by_memory.clamp(1, cores * 2)
        }

        pub fn size(&self) -> usize {
            self.size
        }

        /// The most hashes that have run at once.
        pub fn most_at_once(&self) -> usize {
            self.most.load(std::sync::atomic::Ordering::SeqCst)
        }

        async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
            use std::sync::atomic::Ordering::SeqCst;
            let permit = match tokio::time::timeout(self.wait, self.permits.acquire()).await {
                Ok(Ok(permit)) => permit,
                _ => return Err(Busy { retry_after_secs: 2 }),
            };
            let now = self.running.fetch_add(1, SeqCst) + 1;
            self.most.fetch_max(now, SeqCst);
            let result = tokio::task::spawn_blocking(work).await;
            self.running.fetch_sub(1, SeqCst);
            drop(permit);
            result.map_err(|_| Busy { retry_after_secs: 2 })
        }

        /// `verify`, within the cap.
        pub async fn verify(&self, password: String, stored: Option<PasswordHash>) -> Result<bool, Busy> {
            self.run(move || verify_now(&password, stored)).await
        }

        /// `hash`, within the cap.
        pub async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, String> {
            let pw = password.0.clone();
            match self.run(move || hash_blocking(&pw)).await {
                Ok(result) => result,
                Err(_) => Err("too many passwords are being hashed at once".into()),
            }
        }
    }

    fn memory_bytes() -> Option<u64> {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }

    fn verify_now(password: &str, stored: Option<PasswordHash>) -> bool {
        match stored {
            Some(hash) => verify_blocking(password, &hash.0),
            None => {
                let _ = verify_blocking(password, decoy_hash());
                false
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn short_common_and_personal_passwords_are_refused() {
            assert!(NewPassword::parse("short", &[]).is_err());
            assert!(NewPassword::parse("password1234", &[]).is_err());
            assert!(NewPassword::parse("123456789012", &[]).is_err());
            assert!(NewPassword::parse("qwertyuiop12", &[]).is_err());
            assert!(NewPassword::parse("ana.lopez@example.com", &["ana.lopez@example.com"]).is_err());
            assert!(NewPassword::parse("            ", &[]).is_err());
            assert!(NewPassword::parse(&"x".repeat(300), &[]).is_err());
        }

        #[test]
        fn a_passphrase_is_accepted() {
            assert!(NewPassword::parse("violet kettle marching north", &[]).is_ok());
        }

        #[tokio::test]
        async fn hashes_verify_and_use_owasp_parameters() {
            let pw = NewPassword::parse("violet kettle marching north", &[]).unwrap();
            let hash = hash(&pw).await.unwrap();
            assert!(hash.as_stored().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
            assert!(verify("violet kettle marching north".into(), Some(hash.clone())).await);
            assert!(!verify("violet kettle marching south".into(), Some(hash)).await);
            assert!(!verify("anything".into(), None).await);
            assert!(!verify("x".into(), Some(PasswordHash::from_stored("not a hash".into()))).await);
        }

        #[tokio::test]
        async fn past_the_cap_a_hash_waits_then_is_refused() {
            let cap = std::sync::Arc::new(Hashing::new(1, std::time::Duration::from_millis(20)));
            let held = cap.permits.acquire().await.unwrap();
            assert!(cap.verify("anything".into(), None).await.is_err(), "the only permit is taken");
            drop(held);
            assert_eq!(cap.verify("anything".into(), None).await.ok(), Some(false));
            let many: Vec<_> = (0..6).map(|_| { let cap = cap.clone(); tokio::spawn(async move { cap.verify("x".into(), None).await }) }).collect();
            for m in many {
                let _ = m.await.unwrap();
            }
            assert_eq!(cap.most_at_once(), 1);
            assert!(Hashing::default_size() >= 1);
        }
    }
}
