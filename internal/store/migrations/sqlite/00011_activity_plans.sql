-- +goose Up
-- Branch activities (seed 001, issue 4 part 4): a committee (or general branch) plans the
-- year's activities; its branches claim them before a deadline; the committee records each
-- claimed activity's completion with attendance, and the branch earns base points by
-- complexity × a coverage factor through the points ledger (an org indicator of the planning
-- organisation, code "activities-{org_id}"). Points and factors are integer tenths.
--
-- A plan keeps the complexity points and coverage bands it was made with (JSON), so a later
-- change of the rule never changes what an existing plan pays.
CREATE TABLE activity_plans (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    year            INTEGER NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    complexity      INTEGER NOT NULL,
    base_points     INTEGER NOT NULL,
    expected        TEXT NOT NULL DEFAULT '',
    claim_deadline  TEXT NOT NULL,
    max_claims      INTEGER,
    coverage        TEXT NOT NULL DEFAULT '[]',
    created_by      INTEGER,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX activity_plans_org ON activity_plans(org_id, year, id);

-- A branch's claim of a plan, then its completion: participants of members took part, the
-- factor of the coverage band reached, the points posted and their ledger entry.
CREATE TABLE activity_claims (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES activity_plans(id),
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    status            TEXT NOT NULL,
    claimed_by        INTEGER,
    claimed_by_name   TEXT NOT NULL DEFAULT '',
    claimed_at        TIMESTAMP NOT NULL,
    participants      INTEGER,
    members           INTEGER,
    factor            INTEGER,
    points            INTEGER,
    entry_id          INTEGER REFERENCES point_entries(id),
    completed_on      TEXT,
    completed_by      INTEGER,
    completed_by_name TEXT NOT NULL DEFAULT '',
    completed_at      TIMESTAMP,
    UNIQUE (plan_id, org_id)
);
CREATE INDEX activity_claims_org ON activity_claims(org_id, plan_id);

-- The shipped defaults, as data: the claim deadline (month-day of the plan's year), the base
-- points of complexity levels 1–3, the coverage bands (participants ÷ members, per cent,
-- highest band first) with their factors, and the category the points count in.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('points.activities', NULL, '{"claim_deadline":"03-31","complexity":[{"level":1,"points":5},{"level":2,"points":10},{"level":3,"points":20}],"coverage":[{"min_percent":90,"factor":1.0},{"min_percent":70,"factor":0.8},{"min_percent":50,"factor":0.6},{"min_percent":0,"factor":0.4}],"category":"activity"}', '1990-01-01', 'seed 001: branch activities by complexity and coverage', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key = 'points.activities' AND created_by = 'system';
DROP TABLE activity_claims;
DROP TABLE activity_plans;
