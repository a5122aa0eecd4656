-- +goose Up
-- Scheduled work (nightly checks, retention) runs once per period however many instances
-- serve: an instance claims a period by inserting its row; the primary key turns every
-- other instance's insert into a no-op. The row keeps the outcome for operators.
CREATE TABLE scheduled_runs (
    name        TEXT NOT NULL,
    period      TEXT NOT NULL,
    instance    TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    ok          BOOLEAN,
    result      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (name, period)
);

-- +goose Down
DROP TABLE scheduled_runs;
