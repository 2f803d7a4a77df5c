-- An Offer HR has filled in and is previewing: nothing is sent until they confirm it, naming
-- the amount and the count. One draft per cohort and person; confirming or a day's age removes it.
CREATE TABLE offer_drafts (
    cohort_id TEXT NOT NULL REFERENCES cohorts(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    week INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    deadline_at INTEGER NOT NULL,
    message TEXT NOT NULL,
    rehire_allowed INTEGER NOT NULL,
    payout_terms TEXT NOT NULL,
    no_response_rule TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX offer_drafts_by_age ON offer_drafts(saved_at);
