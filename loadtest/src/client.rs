//! Talking to Keepers the way its pages do: server functions posted as forms, JSON back.

use serde_json::Value;
use std::time::Duration;

#[derive(Debug)]
pub enum CallError {
    /// No answer: the connection was refused or cut (the server is down or was killed).
    Transport(String),
    /// An answer that was not a success.
    Status(u16, String),
    /// A success whose body was not what the pages expect.
    Body(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Transport(e) => write!(f, "no answer: {e}"),
            CallError::Status(code, body) => write!(f, "HTTP {code}: {}", body.chars().take(200).collect::<String>()),
            CallError::Body(e) => write!(f, "unexpected body: {e}"),
        }
    }
}

/// A connection pool to one server, shared by the candidates a run plays.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(base: &str) -> Api {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(2048)
            .timeout(Duration::from_secs(60))
            .build()
            .expect("an HTTP client");
        Api { base: base.to_string(), http }
    }

    /// A client with its own cookie jar, for a signed-in member of staff.
    pub fn with_cookies(base: &str) -> Api {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(120))
            .build()
            .expect("an HTTP client");
        Api { base: base.to_string(), http }
    }

    /// Calls a server function; an empty success body is `Value::Null`.
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> Result<Value, CallError> {
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .map_err(|e| CallError::Transport(e.to_string()))?;
        let status = res.status();
        let body = res.text().await.map_err(|e| CallError::Transport(e.to_string()))?;
        if !status.is_success() {
            return Err(CallError::Status(status.as_u16(), body));
        }
        if body.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&body).map_err(|e| CallError::Body(format!("{e}: {}", body.chars().take(200).collect::<String>())))
    }

    /// Loads a page as a browser does, returning its size.
    pub async fn page(&self, path: &str) -> Result<usize, CallError> {
        let res = self
            .http
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .map_err(|e| CallError::Transport(e.to_string()))?;
        let status = res.status();
        let body = res.bytes().await.map_err(|e| CallError::Transport(e.to_string()))?;
        if !status.is_success() {
            return Err(CallError::Status(status.as_u16(), String::from_utf8_lossy(&body).into_owned()));
        }
        Ok(body.len())
    }
}
