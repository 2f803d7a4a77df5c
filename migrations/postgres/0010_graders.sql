-- Who grades a position's written replies besides HR: the trainers HR names. Only they (and
-- HR) see the position's replies in the grading queue.
CREATE TABLE position_graders (
    position_id TEXT NOT NULL REFERENCES positions(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    added_by TEXT NOT NULL REFERENCES users(id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (position_id, user_id)
);

-- A grade changed by its grader (a regrade, with a reason): the grade it replaced.
CREATE TABLE grade_revisions (
    grade_id TEXT NOT NULL REFERENCES grades(id),
    levels TEXT NOT NULL,
    comment TEXT NOT NULL,
    graded_at BIGINT NOT NULL,
    replaced_at BIGINT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX grade_revisions_by_grade ON grade_revisions(grade_id);
