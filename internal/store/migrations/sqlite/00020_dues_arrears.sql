-- +goose Up
-- Dues arrears, reminders and the self-withdrawal flag (issue 6 part 4).
--
-- dues_reminders: the daily job "dues.reminders" keeps one row per member with unpaid bills
-- of past months (kind member) and one per branch with such members (kind branch); the
-- member's and the secretary's home pages show them. Each run refreshes the rows it finds
-- (last_on = the run's day) and removes the ones it no longer finds (paid meanwhile), so
-- running it twice a day changes nothing. member_id is 0 on a branch's row.
CREATE TABLE dues_reminders (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,                -- member, branch
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    org_path     TEXT NOT NULL,
    member_id    INTEGER NOT NULL DEFAULT 0,
    unpaid       INTEGER NOT NULL,             -- member: months unpaid; branch: members with unpaid months
    flagged      INTEGER NOT NULL DEFAULT 0,   -- member: 1 when flagged; branch: members flagged
    streak       INTEGER NOT NULL DEFAULT 0,   -- member: consecutive unpaid months; branch: the longest
    amount_fen   INTEGER NOT NULL DEFAULT 0,   -- the amount unpaid
    oldest_month TEXT NOT NULL,                -- the earliest unpaid month
    first_on     TEXT NOT NULL,                -- the day the reminder was first recorded
    last_on      TEXT NOT NULL,                -- the day of the run that last found it
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (kind, org_id, member_id)
);
CREATE INDEX dues_reminders_path ON dues_reminders(org_path, kind);
CREATE INDEX dues_reminders_member ON dues_reminders(member_id, kind);

-- dues_arrears_notes: what the branch decided or did about a member in arrears (talked to
-- them, a good reason, the self-withdrawal procedure started …). The system flags; people
-- decide, and this is where they record it. Append-only; every row is also audited.
CREATE TABLE dues_arrears_notes (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    org_path   TEXT NOT NULL,
    decision   TEXT NOT NULL,                  -- contacted, good_reason, procedure, note
    note       TEXT NOT NULL DEFAULT '',
    streak     INTEGER NOT NULL DEFAULT 0,     -- consecutive unpaid months when recorded
    created_by INTEGER,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX dues_arrears_notes_member ON dues_arrears_notes(member_id, id);
CREATE INDEX dues_arrears_notes_path ON dues_arrears_notes(org_path, id);

-- RULES.md "Party dues": 6 consecutive months unpaid flags the member for the
-- self-withdrawal procedure (configurable per organisation and from a date).
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('dues.arrears', NULL, '{"months":6}', '1990-01-01', 'RULES.md: 6 consecutive months unpaid', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key = 'dues.arrears' AND created_by = 'system';
DROP TABLE dues_arrears_notes;
DROP TABLE dues_reminders;
