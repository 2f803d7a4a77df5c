-- An Offer HR has filled in and is previewing: nothing is sent until they confirm it, naming
-- the amount and the count. One draft per cohort and person; confirming or a day's age removes it.
CREATE TABLE offer_drafts (
    cohort_id TEXT NOT NULL REFERENCES cohorts(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    week BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    currency TEXT NOT NULL,
    deadline_at BIGINT NOT NULL,
    message TEXT NOT NULL,
    rehire_allowed BIGINT NOT NULL,
    payout_terms TEXT NOT NULL,
    no_response_rule TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX offer_drafts_by_age ON offer_drafts(saved_at);
