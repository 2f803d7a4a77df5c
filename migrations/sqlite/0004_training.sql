-- Training: programme files and their versions, cohorts with trainers and trainees, weekly
-- rubric grades with their full history, attendance per day, notes per week, closed weeks.

CREATE TABLE programmes (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    current_version_id TEXT,
    created_at INTEGER NOT NULL
);

-- Frozen once a cohort runs it: edits make the next version; a cohort keeps the one it started with.
CREATE TABLE programme_versions (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT REFERENCES users(id),
    frozen_at INTEGER,
    UNIQUE (programme_id, version)
);

-- start_date is the first training day (YYYY-MM-DD); start_at is that day at 00:00 UTC.
CREATE TABLE cohorts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    programme_version_id TEXT NOT NULL REFERENCES programme_versions(id),
    start_date TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT REFERENCES users(id)
);

CREATE TABLE cohort_trainers (
    cohort_id TEXT NOT NULL REFERENCES cohorts(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_trainers_by_user ON cohort_trainers(user_id);

-- A hired candidate in a cohort: their own sign-in, and the invitation that got them hired.
CREATE TABLE trainees (
    id TEXT PRIMARY KEY,
    cohort_id TEXT NOT NULL REFERENCES cohorts(id),
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
    invitation_id TEXT UNIQUE REFERENCES invitations(id),
    name TEXT NOT NULL,
    enrolled_at INTEGER NOT NULL,
    enrolled_by TEXT REFERENCES users(id),
    left_at INTEGER,
    left_reason TEXT
);
CREATE INDEX trainees_by_cohort ON trainees(cohort_id);

-- The current grade; every change (and who made it, and why after a week closed) is in grade_history.
CREATE TABLE training_grades (
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    week INTEGER NOT NULL,
    competency TEXT NOT NULL,
    level INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (trainee_id, week, competency)
);

CREATE TABLE grade_history (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    week INTEGER NOT NULL,
    competency TEXT NOT NULL,
    old_level INTEGER,
    new_level INTEGER,
    changed_at INTEGER NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users(id),
    correction INTEGER NOT NULL DEFAULT 0,
    reason TEXT
);
CREATE INDEX grade_history_by_trainee ON grade_history(trainee_id, week);
CREATE TRIGGER grade_history_no_update BEFORE UPDATE ON grade_history
BEGIN SELECT RAISE(ABORT, 'grade_history is append-only'); END;
CREATE TRIGGER grade_history_no_delete BEFORE DELETE ON grade_history
BEGIN SELECT RAISE(ABORT, 'grade_history is append-only'); END;

-- day is the training day's index in the programme: (week - 1) * days_per_week + weekday.
CREATE TABLE attendance (
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    day INTEGER NOT NULL,
    mark TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (trainee_id, day)
);

CREATE TABLE training_notes (
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    week INTEGER NOT NULL,
    note TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (trainee_id, week)
);

CREATE TABLE cohort_weeks (
    cohort_id TEXT NOT NULL REFERENCES cohorts(id),
    week INTEGER NOT NULL,
    closed_at INTEGER NOT NULL,
    closed_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (cohort_id, week)
);
