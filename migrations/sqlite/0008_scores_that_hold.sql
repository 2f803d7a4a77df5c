-- A gate with too few answers to score ("not enough answers"): fewer than four in five of the
-- items drawn for the candidate were answered in one of its sections. Its score is NULL, like a
-- gate waiting for grading, and this flag tells the two apart. Results computed before this
-- column existed are re-read as they were.
ALTER TABLE results ADD COLUMN attitude_short INTEGER NOT NULL DEFAULT 0;
ALTER TABLE results ADD COLUMN skill_short INTEGER NOT NULL DEFAULT 0;

-- Attempts the scorer could not score: one row per attempt, retried with a growing delay, and
-- never in the way of the others. The row goes when a retry succeeds.
CREATE TABLE scoring_failures (
    attempt_id TEXT PRIMARY KEY REFERENCES attempts(id),
    tries INTEGER NOT NULL,
    error_ref TEXT NOT NULL,
    failed_at INTEGER NOT NULL,
    next_try_at INTEGER NOT NULL
);
