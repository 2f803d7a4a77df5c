-- Addresses a person has signed in from: there, only the per-address counter of their own
-- account slows them, so an attacker elsewhere cannot lock them out.
CREATE TABLE known_sign_ins (
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    last_at BIGINT NOT NULL,
    PRIMARY KEY (email, ip)
);
CREATE INDEX login_throttle_by_last_failure ON login_throttle(last_failure_at);

-- A message that carries someone's own secret (a set-password link): the outbox shows that it
-- went out, never the link, to anyone but its recipient.
ALTER TABLE outbox ADD COLUMN private_to TEXT REFERENCES users(id);

-- Which app server is scoring a closed attempt, and since when: with several servers on one
-- database, each attempt is scored by the one that claimed it (a claim older than ten
-- minutes is taken over, so a server that stopped half-way loses nothing).
ALTER TABLE attempts ADD COLUMN scoring_claimed_at BIGINT;
