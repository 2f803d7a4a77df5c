-- Screenings, positions, invitations, attempts and answers, and the outbox.

CREATE TABLE org_values (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    position BIGINT NOT NULL
);

-- A screening's identity across its versions.
CREATE TABLE screenings (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    current_version_id TEXT,
    created_at BIGINT NOT NULL
);

-- One version of a screening, as its readable file. Frozen once taken: edits make a new version.
CREATE TABLE screening_versions (
    id TEXT PRIMARY KEY,
    screening_id TEXT NOT NULL REFERENCES screenings(id),
    version BIGINT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    frozen_at BIGINT,
    UNIQUE (screening_id, version)
);

CREATE TABLE positions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    location TEXT NOT NULL,
    description TEXT NOT NULL,
    attitude_screening_id TEXT NOT NULL REFERENCES screenings(id),
    skill_screening_id TEXT NOT NULL REFERENCES screenings(id),
    window_minutes BIGINT NOT NULL,
    invite_valid_days BIGINT NOT NULL,
    show_results BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open',
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id)
);

CREATE TABLE candidates (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- time_percent: 100 normal, 125, 150, 200; 0 means untimed.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    position_id TEXT NOT NULL REFERENCES positions(id),
    candidate_id TEXT NOT NULL REFERENCES candidates(id),
    token_hash TEXT NOT NULL UNIQUE,
    time_percent BIGINT NOT NULL DEFAULT 100,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    UNIQUE (position_id, candidate_id)
);
CREATE INDEX invitations_by_position ON invitations(position_id);

-- One attempt per invitation. The plan (items drawn, their order and option order) is fixed at start.
CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    invitation_id TEXT NOT NULL UNIQUE REFERENCES invitations(id),
    attitude_version_id TEXT NOT NULL REFERENCES screening_versions(id),
    skill_version_id TEXT NOT NULL REFERENCES screening_versions(id),
    plan TEXT NOT NULL,
    consented_at BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    deadline_at BIGINT NOT NULL,
    current_section BIGINT NOT NULL DEFAULT 0,
    closed_at BIGINT,
    closed_reason TEXT
);
CREATE INDEX attempts_open_by_deadline ON attempts(closed_at, deadline_at);

CREATE TABLE attempt_sections (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    section_index BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    deadline_at BIGINT,
    closed_at BIGINT,
    closed_reason TEXT,
    PRIMARY KEY (attempt_id, section_index)
);

-- Answers in the screening's own keys (never the shuffled positions the candidate saw).
CREATE TABLE answers (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    item_ref TEXT NOT NULL,
    response TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (attempt_id, item_ref)
);

-- Rendered emails waiting for a mail transport; HR can read them and copy their links.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    to_name TEXT NOT NULL,
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    invitation_id TEXT REFERENCES invitations(id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_by_created ON outbox(created_at);
