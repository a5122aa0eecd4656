-- +goose Up
-- Background jobs (roster imports and exports, later reminders and rating runs). A runner
-- claims a queued job with one UPDATE that sets locked_by and a lease (locked_until); it
-- renews the lease while it works, so a job whose instance died becomes claimable again
-- when the lease runs out, and two runners never hold one job at the same time.
CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,               -- queued, running, done, failed
    user_id        INTEGER REFERENCES users(id), -- who asked; NULL for the system (CLI)
    org_path       TEXT NOT NULL DEFAULT '/',
    args           TEXT NOT NULL DEFAULT '{}',
    result         TEXT NOT NULL DEFAULT '',
    error          TEXT NOT NULL DEFAULT '',
    phase          TEXT NOT NULL DEFAULT '',
    total_rows     INTEGER NOT NULL DEFAULT 0,
    processed_rows INTEGER NOT NULL DEFAULT 0,
    attempts       INTEGER NOT NULL DEFAULT 0,
    max_attempts   INTEGER NOT NULL DEFAULT 3,
    run_after      TIMESTAMP NOT NULL,
    locked_by      TEXT NOT NULL DEFAULT '',
    locked_until   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    started_at     TIMESTAMP,
    finished_at    TIMESTAMP,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX jobs_claim ON jobs(status, run_after, id);
CREATE INDEX jobs_finished ON jobs(finished_at);

-- Files of a job (an uploaded roster, a finished export) in chunks, so any instance can run
-- or serve the job and no step has to hold a whole file in memory.
CREATE TABLE job_files (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    role   TEXT NOT NULL,                       -- input, output
    seq    INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (job_id, role, seq)
);

-- +goose Down
DROP TABLE job_files;
DROP TABLE jobs;
