-- +goose Up
-- Rankings and ratings of the points engine (issue 4 part 5). Points are integer tenths; times
-- UTC TIMESTAMP.

-- Per subject and year: the appraisal points of all categories together and the veto count,
-- for "total" leaderboards, ranks and eligibility without grouping point_totals at read
-- time. Maintained by the triggers below from point_totals in the posting's own transaction,
-- so it can never lag the ledger. updated_at is when the total last changed: the
-- earliest_first tie rule ranks the subject who reached a score first ahead.
CREATE TABLE ranking_totals (
    subject_type TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    org_id       INTEGER NOT NULL,
    org_path     TEXT NOT NULL,
    points       INTEGER NOT NULL DEFAULT 0,
    vetoes       INTEGER NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (subject_type, subject_id, year)
);
-- Ranks inside a subtree: a range on org_path, then points (a member's rank is a COUNT of
-- the index entries strictly ahead); pages of a large subtree walk the points order.
CREATE INDEX ranking_totals_rank ON ranking_totals(year, subject_type, org_path, points);
CREATE INDEX ranking_totals_order ON ranking_totals(year, subject_type, points, updated_at, subject_id, org_path);
CREATE INDEX point_totals_order ON point_totals(year, category, subject_type, points, updated_at, subject_id, org_path);

-- A rating run: year Y's composite scores and stars for every member and organisation of an
-- organisation's subtree, computed in the background (jobs), reviewed, calibrated, published.
-- One row per (year, organisation); computing again replaces the computed values and keeps
-- the calibrations. Once published the year is closed for that subtree: postings to it are
-- refused and its results never change.
CREATE TABLE rating_runs (
    id                INTEGER PRIMARY KEY,
    year              INTEGER NOT NULL,
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    status            TEXT NOT NULL,
    job_id            INTEGER,
    generation        INTEGER NOT NULL DEFAULT 0,
    total_subjects    INTEGER NOT NULL DEFAULT 0,
    processed         INTEGER NOT NULL DEFAULT 0,
    error             TEXT NOT NULL DEFAULT '',
    started_by        INTEGER,
    started_by_name   TEXT NOT NULL DEFAULT '',
    started_at        TIMESTAMP,
    computed_at       TIMESTAMP,
    published_by      INTEGER,
    published_by_name TEXT NOT NULL DEFAULT '',
    published_at      TIMESTAMP,
    published_late    INTEGER NOT NULL DEFAULT 0,
    late_reason       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (year, org_id)
);
CREATE INDEX rating_runs_status ON rating_runs(year, status);

-- One subject's result in a run. The computed values (composite, stars) are kept beside the
-- calibrated final ones (NULL: not calibrated) with who calibrated and why. org_id and
-- org_path are the subject's organisation when computed.
CREATE TABLE rating_results (
    run_id             INTEGER NOT NULL REFERENCES rating_runs(id),
    subject_type       TEXT NOT NULL,
    subject_id         INTEGER NOT NULL,
    org_id             INTEGER NOT NULL,
    org_path           TEXT NOT NULL,
    name               TEXT NOT NULL DEFAULT '',
    total              INTEGER NOT NULL DEFAULT 0,
    composite          INTEGER NOT NULL DEFAULT 0,
    vetoes             INTEGER NOT NULL DEFAULT 0,
    stars              INTEGER NOT NULL DEFAULT 0,
    final_composite    INTEGER,
    final_stars        INTEGER,
    calibrated_by      INTEGER,
    calibrated_by_name TEXT NOT NULL DEFAULT '',
    calibrated_at      TIMESTAMP,
    calibration_reason TEXT NOT NULL DEFAULT '',
    generation         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, subject_type, subject_id)
);
CREATE INDEX rating_results_path ON rating_results(run_id, subject_type, org_path);
CREATE INDEX rating_results_subject ON rating_results(subject_type, subject_id);

-- ranking_totals follows point_totals: an inserted row adds its points; an updated row adds
-- the difference (an INSERT … ON CONFLICT DO UPDATE fires the UPDATE trigger only).
-- +goose StatementBegin
CREATE TRIGGER point_totals_rank_insert AFTER INSERT ON point_totals
BEGIN
    INSERT INTO ranking_totals (subject_type, subject_id, year, org_id, org_path, points, vetoes, updated_at)
    VALUES (NEW.subject_type, NEW.subject_id, NEW.year, NEW.org_id, NEW.org_path, NEW.points, NEW.vetoes, NEW.updated_at)
    ON CONFLICT (subject_type, subject_id, year) DO UPDATE SET points = ranking_totals.points + excluded.points,
        vetoes = ranking_totals.vetoes + excluded.vetoes, org_id = excluded.org_id, org_path = excluded.org_path,
        updated_at = CASE WHEN excluded.points <> 0 THEN excluded.updated_at ELSE ranking_totals.updated_at END;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER point_totals_rank_update AFTER UPDATE ON point_totals
BEGIN
    UPDATE ranking_totals SET points = points + NEW.points - OLD.points, vetoes = vetoes + NEW.vetoes - OLD.vetoes,
        org_id = NEW.org_id, org_path = NEW.org_path,
        updated_at = CASE WHEN NEW.points <> OLD.points THEN NEW.updated_at ELSE updated_at END
    WHERE subject_type = NEW.subject_type AND subject_id = NEW.subject_id AND year = NEW.year;
END;
-- +goose StatementEnd

-- Rankings are by the organisation a subject is in now. A member's totals and account rows
-- carry their organisation's path for the indexes above; when a member moves (a transfer, a
-- correction of the roster, a subtree moved with MoveOrg) their rows follow in the same
-- statement's transaction, whatever code path moved them. Ledger entries keep the path they
-- were posted under (history); published rating results keep theirs.
-- +goose StatementBegin
CREATE TRIGGER members_points_path AFTER UPDATE OF org_path ON members
WHEN NEW.org_path <> OLD.org_path OR NEW.org_id <> OLD.org_id
BEGIN
    UPDATE point_totals SET org_id = NEW.org_id, org_path = NEW.org_path WHERE subject_type = 'member' AND subject_id = NEW.id;
    UPDATE ranking_totals SET org_id = NEW.org_id, org_path = NEW.org_path WHERE subject_type = 'member' AND subject_id = NEW.id;
    UPDATE point_accounts SET org_id = NEW.org_id, org_path = NEW.org_path WHERE subject_type = 'member' AND subject_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER orgs_points_path AFTER UPDATE OF path ON orgs
WHEN NEW.path <> OLD.path
BEGIN
    UPDATE point_totals SET org_path = NEW.path WHERE subject_type = 'org' AND subject_id = NEW.id;
    UPDATE ranking_totals SET org_path = NEW.path WHERE subject_type = 'org' AND subject_id = NEW.id;
    UPDATE point_accounts SET org_path = NEW.path WHERE subject_type = 'org' AND subject_id = NEW.id;
END;
-- +goose StatementEnd

-- Totals posted before this migration.
INSERT INTO ranking_totals (subject_type, subject_id, year, org_id, org_path, points, vetoes, updated_at)
SELECT subject_type, subject_id, year, MAX(org_id), MAX(org_path), SUM(points), SUM(vetoes), MAX(updated_at)
FROM point_totals GROUP BY subject_type, subject_id, year;

-- The tie rule of rankings (RULES.md: configurable): competition (1, 2, 2, 4), dense
-- (1, 2, 2, 3) or earliest_first (who reached the score first ranks ahead: 1, 2, 3, 4).
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('points.tie_rule', NULL, '"competition"', '1990-01-01', 'ranking tie rule', 'system', CURRENT_TIMESTAMP),
('points.eligibility', NULL, '{"top":5}', '1990-01-01', 'RULES.md: excellent-member eligibility, top N per branch', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key IN ('points.tie_rule', 'points.eligibility') AND created_by = 'system';
DROP TRIGGER orgs_points_path;
DROP TRIGGER members_points_path;
DROP TRIGGER point_totals_rank_update;
DROP TRIGGER point_totals_rank_insert;
DROP TABLE rating_results;
DROP TABLE rating_runs;
DROP INDEX point_totals_order;
DROP TABLE ranking_totals;
