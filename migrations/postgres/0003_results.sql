-- Scoring, grading, results and the hire decision.

-- How a position combines its gates: 'both' (the Zappos rule) or 'weighted'.
ALTER TABLE positions ADD COLUMN gate_rule TEXT NOT NULL DEFAULT 'both';
ALTER TABLE positions ADD COLUMN attitude_pass DOUBLE PRECISION NOT NULL DEFAULT 60;
ALTER TABLE positions ADD COLUMN skill_pass DOUBLE PRECISION NOT NULL DEFAULT 50;
ALTER TABLE positions ADD COLUMN attitude_weight DOUBLE PRECISION NOT NULL DEFAULT 1;
ALTER TABLE positions ADD COLUMN skill_weight DOUBLE PRECISION NOT NULL DEFAULT 1;
ALTER TABLE positions ADD COLUMN total_pass DOUBLE PRECISION NOT NULL DEFAULT 55;
ALTER TABLE positions ADD COLUMN double_grading BIGINT NOT NULL DEFAULT 0;

-- A scoring run: at submission (keys of the versions taken) or a rescore after a key
-- correction (keys of the named versions).
CREATE TABLE scoring_runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    position_id TEXT REFERENCES positions(id),
    attitude_key_version_id TEXT REFERENCES screening_versions(id),
    skill_key_version_id TEXT REFERENCES screening_versions(id),
    reason TEXT,
    started_by TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL
);

-- The current result of each closed attempt; earlier results move to result_history.
CREATE TABLE results (
    attempt_id TEXT PRIMARY KEY REFERENCES attempts(id),
    run_id TEXT NOT NULL REFERENCES scoring_runs(id),
    computed_at BIGINT NOT NULL,
    complete BIGINT NOT NULL,
    attitude_score DOUBLE PRECISION,
    skill_score DOUBLE PRECISION,
    detail TEXT NOT NULL
);

CREATE TABLE result_history (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    run_id TEXT NOT NULL REFERENCES scoring_runs(id),
    computed_at BIGINT NOT NULL,
    complete BIGINT NOT NULL,
    attitude_score DOUBLE PRECISION,
    skill_score DOUBLE PRECISION,
    detail TEXT NOT NULL,
    replaced_at BIGINT NOT NULL
);
CREATE INDEX result_history_by_attempt ON result_history(attempt_id);

-- Rubric grades of written replies; levels are a JSON object of criterion key to level.
CREATE TABLE grades (
    id TEXT PRIMARY KEY,
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    item_ref TEXT NOT NULL,
    grader_id TEXT NOT NULL REFERENCES users(id),
    levels TEXT NOT NULL,
    comment TEXT NOT NULL,
    graded_at BIGINT NOT NULL,
    UNIQUE (attempt_id, item_ref, grader_id)
);
CREATE INDEX grades_by_attempt ON grades(attempt_id);

-- Decisions are append-only: a change of mind is a new row.
CREATE TABLE hiring_decisions (
    id TEXT PRIMARY KEY,
    invitation_id TEXT NOT NULL REFERENCES invitations(id),
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    run_id TEXT REFERENCES scoring_runs(id),
    attitude_score DOUBLE PRECISION,
    skill_score DOUBLE PRECISION,
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL
);
CREATE INDEX hiring_decisions_by_invitation ON hiring_decisions(invitation_id, decided_at);
CREATE TRIGGER hiring_decisions_append_only BEFORE UPDATE OR DELETE ON hiring_decisions
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER hiring_decisions_no_truncate BEFORE TRUNCATE ON hiring_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE gate_overrides (
    id TEXT PRIMARY KEY,
    invitation_id TEXT NOT NULL REFERENCES invitations(id),
    gate TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL
);
CREATE INDEX gate_overrides_by_invitation ON gate_overrides(invitation_id);
CREATE TRIGGER gate_overrides_append_only BEFORE UPDATE OR DELETE ON gate_overrides
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER gate_overrides_no_truncate BEFORE TRUNCATE ON gate_overrides
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
