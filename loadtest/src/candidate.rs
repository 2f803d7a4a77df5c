//! One candidate, played over HTTP: open the link, start, load each page, answer each item
//! (with a think time), finish each section, submit.

use crate::client::{Api, CallError};
use crate::stats::Recorder;
use rand::Rng;
use serde_json::Value;
use std::time::{Duration, Instant};

/// How long a candidate waits before each answer.
#[derive(Clone, Copy, Debug)]
pub enum Think {
    None,
    Between(Duration, Duration),
}

impl Think {
    pub fn pause(self) -> Duration {
        match self {
            Think::None => Duration::ZERO,
            Think::Between(lo, hi) if hi > lo => rand::rng().random_range(lo..hi),
            Think::Between(lo, _) => lo,
        }
    }
}

/// Times one call and records it under `kind`.
pub async fn timed<T>(rec: &Recorder, kind: &'static str, call: impl std::future::Future<Output = Result<T, CallError>>) -> Option<T> {
    let started = Instant::now();
    match call.await {
        Ok(v) => {
            rec.ok(kind, started.elapsed());
            Some(v)
        }
        Err(e) => {
            rec.error(kind, e.to_string());
            None
        }
    }
}

/// Opens the invitation link (the server-rendered page) and starts the screening.
pub async fn open_and_start(api: &Api, rec: &Recorder, token: &str) -> Option<()> {
    timed(rec, "open link", api.page(&format!("/take/{token}"))).await?;
    timed(rec, "start", api.call("/api/take/start", &[("token", token), ("consent", "yes")])).await?;
    Some(())
}

/// Where the candidate is now: `{"Section": {...}}`, `{"Review": {...}}` or `{"Finished": ...}`.
pub async fn load_step(api: &Api, rec: &Recorder, token: &str) -> Option<Value> {
    timed(rec, "load page", api.call("/api/take/now", &[("token", token)])).await
}

/// What a candidate sends for an item: a plausible answer for its kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Value(String),
    Typing(String),
}

const WRITTEN_REPLY: &str = "Hello, thank you for writing and I am sorry about the trouble. I have sent a \
     replacement today and you will get a tracking link within the hour.";

/// The values an item answered with one value accepts (Likert points, option ids, a text).
pub fn choices(item: &Value) -> Option<Vec<String>> {
    let body = item.get("body")?;
    let ids = |options: &Value| -> Option<Vec<String>> {
        let ids: Vec<String> = options.as_array()?.iter().filter_map(|o| Some(o.get("id")?.as_str()?.to_string())).collect();
        (!ids.is_empty()).then_some(ids)
    };
    if body.get("Likert").is_some() {
        Some((1..=5).map(|n: u8| n.to_string()).collect())
    } else if let Some(j) = body.get("Judgement") {
        ids(&j["options"])
    } else if let Some(c) = body.get("Choice") {
        ids(&c["options"])
    } else if body.get("Written").is_some() {
        Some(vec![WRITTEN_REPLY.to_string()])
    } else {
        None
    }
}

pub fn reply_for(item: &Value) -> Option<Reply> {
    if let Some(t) = item.get("body").and_then(|b| b.get("Typing")) {
        let passage = t["passage"].as_str().unwrap_or("");
        return Some(Reply::Typing(passage.chars().take(300).collect()));
    }
    let choices = choices(item)?;
    Some(Reply::Value(choices[rand::rng().random_range(0..choices.len())].clone()))
}

/// Sends one answer (a typing item is started, then sent as done).
pub async fn answer(api: &Api, rec: &Recorder, token: &str, section: &str, item: &str, reply: &Reply) -> Option<()> {
    match reply {
        Reply::Value(value) => {
            timed(rec, "save answer", api.call("/api/take/save", &[("token", token), ("section", section), ("item", item), ("value", value)])).await?;
        }
        Reply::Typing(text) => {
            timed(rec, "typing start", api.call("/api/take/typing_start", &[("token", token), ("section", section), ("item", item)])).await?;
            timed(
                rec,
                "save typing",
                api.call("/api/take/typing_save", &[("token", token), ("section", section), ("item", item), ("text", text), ("done", "1")]),
            )
            .await?;
        }
    }
    Some(())
}

/// The whole screening, one item at a time, until it is submitted or `until` comes.
pub async fn take_screening(api: &Api, rec: &Recorder, token: &str, think: Think, until: Instant) -> Option<()> {
    open_and_start(api, rec, token).await?;
    loop {
        let step = load_step(api, rec, token).await?;
        if let Some(page) = step.get("Section") {
            let section = page["index"].as_u64()?.to_string();
            for item in page["items"].as_array()? {
                let pause = think.pause();
                if Instant::now() + pause >= until {
                    return Some(());
                }
                tokio::time::sleep(pause).await;
                let (Some(id), Some(reply)) = (item["id"].as_str(), reply_for(item)) else { continue };
                answer(api, rec, token, &section, id, &reply).await?;
            }
            timed(rec, "finish section", api.call("/api/take/section", &[("token", token), ("section", &section), ("finish", "1"), ("blank_ok", "1")])).await?;
        } else if step.get("Review").is_some() {
            timed(rec, "submit", api.call("/api/take/submit", &[("token", token)])).await?;
            return Some(());
        } else {
            return Some(());
        }
        if Instant::now() >= until {
            return Some(());
        }
    }
}

/// A started candidate's current section: its index, and each item answered with one value
/// with the values it accepts.
pub async fn value_items(api: &Api, rec: &Recorder, token: &str) -> Option<(String, Vec<(String, Vec<String>)>)> {
    let step = load_step(api, rec, token).await?;
    let page = step.get("Section")?;
    let section = page["index"].as_u64()?.to_string();
    let items = page["items"].as_array()?.iter().filter_map(|item| Some((item["id"].as_str()?.to_string(), choices(item)?))).collect();
    Some((section, items))
}

/// An answer as the candidate's page shows it, in the form it was sent.
pub fn stored_value(answer: &Value) -> Option<String> {
    if let Some(n) = answer.get("Likert") {
        return Some(n.to_string());
    }
    if let Some(ids) = answer.get("Options").and_then(|o| o.as_array()) {
        return Some(ids.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>().join(","));
    }
    answer.get("Option").or_else(|| answer.get("Text")).and_then(|v| v.as_str()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replies_fit_each_kind_of_item() {
        let likert = json!({"id": "0", "body": {"Likert": {"statement": "I enjoy helping."}}});
        let Some(Reply::Value(v)) = reply_for(&likert) else { panic!() };
        assert!((1..=5).contains(&v.parse::<u8>().unwrap()));
        let judgement = json!({"id": "1", "body": {"Judgement": {"scenario": "s", "question": "q", "options": [{"id": "a", "text": "x"}]}}});
        assert_eq!(reply_for(&judgement), Some(Reply::Value("a".into())));
        let typing = json!({"id": "2", "body": {"Typing": {"title": "t", "passage": "Hello there", "duration_seconds": 60}}});
        assert_eq!(reply_for(&typing), Some(Reply::Typing("Hello there".into())));
        assert_eq!(reply_for(&json!({"id": "3", "body": {"Other": {}}})), None);
    }

    #[test]
    fn stored_answers_read_back_as_they_were_sent() {
        assert_eq!(stored_value(&json!({"Likert": 4})), Some("4".into()));
        assert_eq!(stored_value(&json!({"Option": "2"})), Some("2".into()));
        assert_eq!(stored_value(&json!({"Options": ["0", "3"]})), Some("0,3".into()));
        assert_eq!(stored_value(&json!({"Text": "Hi"})), Some("Hi".into()));
        assert_eq!(stored_value(&json!({"Typing": {"text": "x"}})), None);
    }
}
