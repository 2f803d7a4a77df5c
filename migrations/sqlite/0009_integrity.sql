-- What the server received of a typing test, and when, by its own clock: one row per save,
-- with the length of the text so far. Speed and implausible bursts are computed from these,
-- never from times a browser reports.
CREATE TABLE typing_samples (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    item_ref TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    chars INTEGER NOT NULL
);
CREATE INDEX typing_samples_by_attempt ON typing_samples(attempt_id, item_ref, received_at);

-- Integrity signals, as information for HR and never a verdict: a paste attempt, the page
-- hidden and shown again, each stamped by the server. `client` is a one-way tag of the
-- address and browser the request came from (the address itself is not kept), so answers from
-- more than one device can be counted. Append-only.
CREATE TABLE attempt_signals (
    id TEXT PRIMARY KEY,
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    client TEXT NOT NULL
);
CREATE INDEX attempt_signals_by_attempt ON attempt_signals(attempt_id, at);
