-- +goose Up
-- Compliance reminders (issue 5 part 4): the daily job "meetings.reminders" records, for each
-- branch, every required period ending within a week that it has not yet satisfied; the
-- secretary's home page shows them until the period ends. One row per org, kind, period and
-- party group (0: none), so running the job again only refreshes the count held.
CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    org_path   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    period     TEXT NOT NULL,
    group_id   INTEGER NOT NULL DEFAULT 0,
    required   INTEGER NOT NULL,
    held       INTEGER NOT NULL,
    ends_on    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, kind, period, group_id)
);
CREATE INDEX reminders_path ON reminders(org_path, ends_on);

-- +goose Down
DROP TABLE reminders;
