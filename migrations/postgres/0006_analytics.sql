-- Analytics: candidates' voluntary self-identification, for adverse-impact checks only.
-- Kept apart from attempts and results: no page about a person reads it; the analytics
-- functions read it in aggregate, for staff holding the analyst role. Every answer may be
-- skipped (NULL).
CREATE TABLE self_identifications (
    invitation_id TEXT PRIMARY KEY REFERENCES invitations(id),
    gender TEXT,
    ethnicity TEXT,
    age_band TEXT,
    answered_at BIGINT NOT NULL
);
