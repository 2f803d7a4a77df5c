-- The Offer: near the end of training every active trainee is offered money to leave now.
-- One Offer per cohort; its recipients are fixed when it opens; decisions and payments are
-- append-only.

CREATE TABLE offers (
    id TEXT PRIMARY KEY,
    cohort_id TEXT NOT NULL UNIQUE REFERENCES cohorts(id),
    week INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    deadline_at INTEGER NOT NULL,
    message TEXT NOT NULL,
    rehire_allowed INTEGER NOT NULL,
    payout_terms TEXT NOT NULL,
    -- What a trainee who does not answer by the deadline does: 'stays' (the default) or 'leaves'.
    no_response_rule TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    opened_by TEXT NOT NULL REFERENCES users(id)
);

CREATE TABLE offer_recipients (
    offer_id TEXT NOT NULL REFERENCES offers(id),
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    PRIMARY KEY (offer_id, trainee_id)
);
CREATE INDEX offer_recipients_by_trainee ON offer_recipients(trainee_id);

-- seq 1 is the answer: the trainee's own, one HR recorded as given in person, or no response at
-- the deadline. Later entries are HR corrections with a reason. The unique key makes a second
-- first answer impossible, however two tabs race.
CREATE TABLE offer_decisions (
    id TEXT PRIMARY KEY,
    offer_id TEXT NOT NULL REFERENCES offers(id),
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    seq INTEGER NOT NULL,
    answer TEXT NOT NULL,
    outcome TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT,
    recorded_by TEXT REFERENCES users(id),
    recorded_at INTEGER NOT NULL,
    UNIQUE (offer_id, trainee_id, seq)
);
CREATE TRIGGER offer_decisions_no_update BEFORE UPDATE ON offer_decisions
BEGIN SELECT RAISE(ABORT, 'offer_decisions is append-only'); END;
CREATE TRIGGER offer_decisions_no_delete BEFORE DELETE ON offer_decisions
BEGIN SELECT RAISE(ABORT, 'offer_decisions is append-only'); END;

-- A payout is pending while its trainee's latest decision is to take the Offer and it has no row here.
CREATE TABLE offer_payments (
    offer_id TEXT NOT NULL REFERENCES offers(id),
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reference TEXT NOT NULL,
    paid_at INTEGER NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (offer_id, trainee_id)
);
CREATE TRIGGER offer_payments_no_update BEFORE UPDATE ON offer_payments
BEGIN SELECT RAISE(ABORT, 'offer_payments is append-only'); END;
CREATE TRIGGER offer_payments_no_delete BEFORE DELETE ON offer_payments
BEGIN SELECT RAISE(ABORT, 'offer_payments is append-only'); END;

CREATE INDEX audit_log_by_action ON audit_log(action);
