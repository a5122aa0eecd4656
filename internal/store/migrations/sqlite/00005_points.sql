-- +goose Up
-- The points engine (RULES.md "Points", issue 4). Points and quantities are integer tenths
-- (12.5 → 125) everywhere. Calendar dates are DATE; times UTC.

-- Indicator catalogues, per owning organisation and year ("1 + X": an organisation's
-- effective catalogue is its ancestors' items plus its own). Each row is one version of an
-- item; versions of an item share series_id (the first version's id) and code, and are in
-- force on [valid_from, valid_to). A version that a claim or entry references is never
-- edited: a change closes it (valid_to) and inserts the next version.
CREATE TABLE point_indicators (
    id             INTEGER PRIMARY KEY,
    series_id      INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    year           INTEGER NOT NULL,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL,
    subject_type   TEXT NOT NULL,
    points         INTEGER NOT NULL DEFAULT 0,
    unit           TEXT NOT NULL,
    cap_day        INTEGER,
    cap_week       INTEGER,
    cap_month      INTEGER,
    cap_quarter    INTEGER,
    cap_year       INTEGER,
    needs_evidence INTEGER NOT NULL DEFAULT 0,
    needs_approval INTEGER NOT NULL DEFAULT 1,
    deduction      INTEGER NOT NULL DEFAULT 0,
    veto           INTEGER NOT NULL DEFAULT 0,
    appraisal_only INTEGER NOT NULL DEFAULT 0,
    welfare        INTEGER NOT NULL DEFAULT 0,
    grades         TEXT NOT NULL DEFAULT '[]',
    dedup_template TEXT NOT NULL DEFAULT '',
    award_roles    TEXT NOT NULL DEFAULT '[]',
    valid_from     TEXT NOT NULL,
    valid_to       TEXT,
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX point_indicators_org ON point_indicators(org_id, year, code);
CREATE INDEX point_indicators_series ON point_indicators(series_id, valid_from);
CREATE UNIQUE INDEX point_indicators_open ON point_indicators(org_id, year, code) WHERE valid_to IS NULL;

-- Claims by members (or by branches for their organisation), approved or rejected by the
-- secretary, committee or group leader. org_id is the subject's organisation when claimed.
CREATE TABLE point_claims (
    id              INTEGER PRIMARY KEY,
    indicator_id    INTEGER NOT NULL REFERENCES point_indicators(id),
    subject_type    TEXT NOT NULL,
    subject_id      INTEGER NOT NULL,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    quantity        INTEGER NOT NULL,
    occurred_on     TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    entry_id        INTEGER,
    claimed_by      INTEGER,
    claimed_by_name TEXT NOT NULL DEFAULT '',
    decided_by      INTEGER,
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX point_claims_org ON point_claims(org_id, status, id);
CREATE INDEX point_claims_subject ON point_claims(subject_type, subject_id, id);
CREATE INDEX point_claims_indicator ON point_claims(indicator_id);

-- Evidence (photos, files) of a claim, kept in the database like applicants' materials.
CREATE TABLE point_evidence (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES point_claims(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX point_evidence_claim ON point_evidence(claim_id);

-- One row per subject (member or organisation): the reward balance and a version. Every
-- posting locks this row first (FOR UPDATE on PostgreSQL; SQLite's writer is exclusive), so
-- postings of one subject serialise on every instance, and caps, de-duplication and the
-- running balances are computed without races.
CREATE TABLE point_accounts (
    id             INTEGER PRIMARY KEY,
    subject_type   TEXT NOT NULL,
    subject_id     INTEGER NOT NULL,
    org_id         INTEGER NOT NULL,
    org_path       TEXT NOT NULL,
    reward_balance INTEGER NOT NULL DEFAULT 0,
    entries        INTEGER NOT NULL DEFAULT 0,
    last_entry_id  INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 0,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (subject_type, subject_id)
);
CREATE INDEX point_accounts_path ON point_accounts(org_path);

-- The ledger: append-only (triggers below refuse UPDATE and DELETE). appraisal and reward are
-- the signed movements of the two accounts; appraisal_after is the subject's appraisal score
-- of the entry's year after it, reward_after the reward balance after it. A reversal names
-- the entry it reverses (at most one reversal each). dedup_key is unique per subject.
CREATE TABLE point_entries (
    id               INTEGER PRIMARY KEY,
    subject_type     TEXT NOT NULL,
    subject_id       INTEGER NOT NULL,
    org_id           INTEGER NOT NULL,
    org_path         TEXT NOT NULL,
    year             INTEGER NOT NULL,
    category         TEXT NOT NULL DEFAULT '',
    indicator_id     INTEGER REFERENCES point_indicators(id),
    series_id        INTEGER NOT NULL DEFAULT 0,
    source           TEXT NOT NULL,
    source_ref       TEXT NOT NULL DEFAULT '',
    claim_id         INTEGER REFERENCES point_claims(id),
    reverses_id      INTEGER UNIQUE REFERENCES point_entries(id),
    dedup_key        TEXT,
    quantity         INTEGER NOT NULL DEFAULT 0,
    requested        INTEGER NOT NULL DEFAULT 0,
    points           INTEGER NOT NULL DEFAULT 0,
    appraisal        INTEGER NOT NULL DEFAULT 0,
    reward           INTEGER NOT NULL DEFAULT 0,
    appraisal_after  INTEGER NOT NULL,
    reward_after     INTEGER NOT NULL,
    capped           INTEGER NOT NULL DEFAULT 0,
    veto             INTEGER NOT NULL DEFAULT 0,
    occurred_on      TEXT NOT NULL,
    awarded_by       INTEGER,
    awarded_by_name  TEXT NOT NULL DEFAULT '',
    approved_by      INTEGER,
    approved_by_name TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    UNIQUE (subject_type, subject_id, dedup_key)
);
CREATE INDEX point_entries_subject ON point_entries(subject_type, subject_id, year, id);
CREATE INDEX point_entries_caps ON point_entries(subject_type, subject_id, series_id, occurred_on);
CREATE INDEX point_entries_indicator ON point_entries(indicator_id);
CREATE INDEX point_entries_claim ON point_entries(claim_id);
CREATE INDEX point_entries_path ON point_entries(org_path, year);

-- Per subject, year and category: the appraisal points and veto count, maintained in the
-- posting's transaction, for rankings and ratings without scanning the ledger.
CREATE TABLE point_totals (
    subject_type TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    category     TEXT NOT NULL,
    org_id       INTEGER NOT NULL,
    org_path     TEXT NOT NULL,
    points       INTEGER NOT NULL DEFAULT 0,
    vetoes       INTEGER NOT NULL DEFAULT 0,
    entries      INTEGER NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (subject_type, subject_id, year, category)
);
CREATE INDEX point_totals_rank ON point_totals(year, category, subject_type, org_path, points);

-- Idempotency keys of any capability (awards, redemptions, payments): the first request
-- with a key stores its response; the same key and request again returns it; the same key
-- with another request is a conflict. user_id 0 is the system.
CREATE TABLE idempotency_keys (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL DEFAULT 0,
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    body         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (user_id, scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- +goose StatementBegin
CREATE TRIGGER point_entries_no_update BEFORE UPDATE ON point_entries
BEGIN SELECT RAISE(ABORT, 'point_entries are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER point_entries_no_delete BEFORE DELETE ON point_entries
BEGIN SELECT RAISE(ABORT, 'point_entries are append-only'); END;
-- +goose StatementEnd

-- The shipped defaults of RULES.md for points; later rows (or rows for one org) take over
-- from their valid_from without changing results for earlier years.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('points.categories', NULL, '{"mode":"cap","categories":[{"key":"activity","share":30},{"key":"experience","share":40},{"key":"contribution","share":30}]}', '1990-01-01', 'RULES.md: points categories (Taicang)', 'system', CURRENT_TIMESTAMP),
('points.stars', NULL, '{"thresholds":[60,70,80,90,95],"veto_max_stars":0,"publish_by":"07-01"}', '1990-01-01', 'RULES.md: star thresholds', 'system', CURRENT_TIMESTAMP),
('points.welfare', NULL, '{"duty_hours":2}', '1990-01-01', 'RULES.md: welfare duty hours', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key IN ('points.categories', 'points.stars', 'points.welfare') AND created_by = 'system';
DROP TRIGGER point_entries_no_delete;
DROP TRIGGER point_entries_no_update;
DROP TABLE idempotency_keys;
DROP TABLE point_totals;
DROP TABLE point_entries;
DROP TABLE point_accounts;
DROP TABLE point_evidence;
DROP TABLE point_claims;
DROP TABLE point_indicators;
