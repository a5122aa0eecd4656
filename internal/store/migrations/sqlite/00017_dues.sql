-- +goose Up
-- Party dues (issue 6, RULES.md "Party dues"). Money is integer fen; months are YYYY-MM text;
-- times UTC. The rates are data (rule dues.rates below): a later row takes over from its
-- valid_from, and each month is billed by the rule in force on its first day.

-- A member's dues profile: category and monthly base from a month on. A change of pay is a new
-- row from the month it is first received; earlier rows stay as history.
CREATE TABLE dues_profiles (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    category   TEXT NOT NULL,                   -- in_service, retired, farmer, student, unemployed, relief
    base_fen   INTEGER NOT NULL DEFAULT 0,
    from_month TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (member_id, from_month)
);

-- Hardship reduction or exemption for a range of months: the member (or the secretary for
-- them) applies, the branch agrees, the next-level organisation approves (or either rejects).
-- Each step leaves status by one UPDATE … WHERE status = the step before.
CREATE TABLE dues_hardship (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id), -- the member's branch when applying
    org_path      TEXT NOT NULL,
    kind          TEXT NOT NULL,                        -- reduce, exempt
    amount_fen    INTEGER NOT NULL DEFAULT 0,            -- the monthly amount due when reduced
    from_month    TEXT NOT NULL,
    to_month      TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,                        -- applied, branch_agreed, approved, rejected
    applied_by    INTEGER,
    applied_at    TIMESTAMP NOT NULL,
    branch_by     INTEGER,
    branch_at     TIMESTAMP,
    branch_note   TEXT NOT NULL DEFAULT '',
    approved_by   INTEGER,
    approved_at   TIMESTAMP,
    approved_note TEXT NOT NULL DEFAULT '',
    rejected_by   INTEGER,
    rejected_at   TIMESTAMP,
    rejected_note TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX dues_hardship_member ON dues_hardship(member_id, status, from_month);
CREATE INDEX dues_hardship_path ON dues_hardship(org_path, status, id);

-- One bill per member and month. standard_fen is the amount by the rule, amount_fen what is
-- due after a hardship reduction or exemption (status exempt, amount 0). org_id and org_path
-- are the member's organisation when the bill was made, so the month stays where it was
-- collected when the member moves. Payments (issue 6 part 3) set paid_fen, paid_at, payment_id.
CREATE TABLE dues_bills (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    org_path     TEXT NOT NULL,
    month        TEXT NOT NULL,
    category     TEXT NOT NULL,
    base_fen     INTEGER NOT NULL DEFAULT 0,
    standard_fen INTEGER NOT NULL,
    amount_fen   INTEGER NOT NULL,
    rule_ref     TEXT NOT NULL DEFAULT '',
    hardship_id  INTEGER,
    status       TEXT NOT NULL DEFAULT 'unpaid', -- unpaid, paid, exempt
    paid_fen     INTEGER NOT NULL DEFAULT 0,
    paid_at      TIMESTAMP,
    payment_id   INTEGER,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (member_id, month)
);
CREATE INDEX dues_bills_path ON dues_bills(org_path, month);
CREATE INDEX dues_bills_member ON dues_bills(member_id, status);

-- RULES.md "Party dues": rates on the whole base by bracket (basis points; the last bracket
-- has no upper bound), rounded up to the next 10 fen with a 10 fen minimum; fixed monthly
-- amounts for farmers (configurable within farmer_min_fen..farmer_max_fen), students, the
-- unemployed and those on relief.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('dues.rates', NULL, '{"brackets":{"in_service":[{"up_to_fen":300000,"bp":50},{"up_to_fen":500000,"bp":100},{"up_to_fen":1000000,"bp":150},{"bp":200}],"retired":[{"up_to_fen":500000,"bp":50},{"bp":100}]},"fixed_fen":{"farmer":20,"student":20,"unemployed":20,"relief":20},"farmer_min_fen":20,"farmer_max_fen":100,"round_step_fen":10,"round":"up","min_fen":10}', '1990-01-01', 'RULES.md: party dues (2008)', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key = 'dues.rates' AND created_by = 'system';
DROP TABLE dues_bills;
DROP TABLE dues_hardship;
DROP TABLE dues_profiles;
