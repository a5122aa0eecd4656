-- +goose Up
-- Study and exams (issue 5 parts 6–7). Courses are assigned to organisation subtrees as
-- required (必学) or optional; members' effective study time is counted by heartbeats, capped
-- by the real time between them. The question bank keeps the correct answers, which never
-- leave the server before an attempt is submitted. JSON lists are stored as TEXT; tags as
-- "|a|b|" so that one LIKE finds a tag.
CREATE TABLE courses (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    org_path        TEXT NOT NULL,
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    url             TEXT NOT NULL DEFAULT '',
    min_seconds     INTEGER NOT NULL,
    created_by      INTEGER,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX courses_org ON courses(org_path, id);

CREATE TABLE course_assignments (
    course_id INTEGER NOT NULL REFERENCES courses(id),
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    org_path  TEXT NOT NULL,
    required  INTEGER NOT NULL,
    due_on    TEXT,
    PRIMARY KEY (course_id, org_id)
);
CREATE INDEX course_assignments_path ON course_assignments(org_path, course_id);

CREATE TABLE course_progress (
    course_id    INTEGER NOT NULL REFERENCES courses(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    seconds      INTEGER NOT NULL,
    last_beat_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    PRIMARY KEY (course_id, member_id)
);

CREATE TABLE questions (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    org_path   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    stem       TEXT NOT NULL,
    options    TEXT NOT NULL,
    answer     TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX questions_org ON questions(org_path, id);

CREATE TABLE exams (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES orgs(id),
    org_path           TEXT NOT NULL,
    title              TEXT NOT NULL,
    question_ids       TEXT NOT NULL DEFAULT '[]',
    tags               TEXT NOT NULL DEFAULT '',
    random_count       INTEGER NOT NULL DEFAULT 0,
    time_limit_seconds INTEGER NOT NULL,
    pass_mark          INTEGER NOT NULL,
    max_attempts       INTEGER NOT NULL,
    shuffle            INTEGER NOT NULL,
    contest            INTEGER NOT NULL,
    created_by         INTEGER,
    created_by_name    TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX exams_org ON exams(org_path, id);

CREATE TABLE exam_attempts (
    id             INTEGER PRIMARY KEY,
    exam_id        INTEGER NOT NULL REFERENCES exams(id),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    question_ids   TEXT NOT NULL,
    status         TEXT NOT NULL,
    started_at     TIMESTAMP NOT NULL,
    deadline_at    TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,
    answers        TEXT NOT NULL DEFAULT '{}',
    score          INTEGER NOT NULL DEFAULT 0,
    passed         INTEGER NOT NULL DEFAULT 0,
    points_awarded INTEGER NOT NULL DEFAULT 0,
    duration_ms    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX exam_attempts_member ON exam_attempts(exam_id, member_id);
CREATE INDEX exam_attempts_board ON exam_attempts(exam_id, status, score, duration_ms);

-- +goose Down
DROP TABLE exam_attempts;
DROP TABLE exams;
DROP TABLE questions;
DROP TABLE course_progress;
DROP TABLE course_assignments;
DROP TABLE courses;
