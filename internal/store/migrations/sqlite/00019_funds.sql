-- +goose Up
-- The party-fund pool (党建经费蓄水池, seed 000; issue 6 part 6). Money is integer fen; dates
-- are calendar days; months YYYY-MM text; times UTC.

-- One running account per organisation: every posting that counts (posted income, approved
-- spending, reversals, remittances) locks this row first (FOR UPDATE on PostgreSQL; SQLite's
-- writer is exclusive) and moves balance_fen in the same transaction, so concurrent postings
-- and approvals are serialised per organisation and the pool never goes below zero.
CREATE TABLE fund_accounts (
    org_id       INTEGER PRIMARY KEY REFERENCES orgs(id),
    balance_fen  INTEGER NOT NULL DEFAULT 0,
    income_fen   INTEGER NOT NULL DEFAULT 0,
    spending_fen INTEGER NOT NULL DEFAULT 0,
    entries      INTEGER NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL
);

-- The ledger. Append-only in effect (triggers below): nothing but a spending request's
-- decision (status, return_reason, decided_*) ever changes, and no row is deleted; a mistake
-- is corrected by a reversing entry (reverses_id, the negated amount). category is the source
-- of income or the purpose of spending; category_name the organisation's own name for a code
-- it added. A voluntary payment at or above the threshold in force on its date has
-- remit_required; its remittance upward is a spending entry with remits_id. dues_month marks
-- the entries that book a month's dues collected ("post the dues collected").
CREATE TABLE fund_entries (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    kind            TEXT NOT NULL,
    category        TEXT NOT NULL,
    category_name   TEXT NOT NULL DEFAULT '',
    amount_fen      INTEGER NOT NULL,
    base_fen        INTEGER NOT NULL DEFAULT 0,
    entry_date      TEXT NOT NULL,
    year            INTEGER NOT NULL,
    month           TEXT NOT NULL,
    description     TEXT NOT NULL,
    member_id       INTEGER REFERENCES members(id),
    payer_name      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    remit_required  INTEGER NOT NULL DEFAULT 0,
    reverses_id     INTEGER UNIQUE REFERENCES fund_entries(id),
    remits_id       INTEGER REFERENCES fund_entries(id),
    dues_month      TEXT NOT NULL DEFAULT '',
    return_reason   TEXT NOT NULL DEFAULT '',
    created_by      INTEGER,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    decided_by      INTEGER,
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMP
);
CREATE INDEX fund_entries_org ON fund_entries(org_id, year, id);
CREATE INDEX fund_entries_status ON fund_entries(status, org_id, id);
CREATE INDEX fund_entries_remits ON fund_entries(remits_id);
CREATE INDEX fund_entries_dues ON fund_entries(org_id, dues_month);

-- +goose StatementBegin
CREATE TRIGGER fund_entries_fixed BEFORE UPDATE OF id, org_id, kind, category, category_name, amount_fen, base_fen,
    entry_date, year, month, description, member_id, payer_name, remit_required, reverses_id, remits_id, dues_month,
    created_by, created_by_name, created_at ON fund_entries
BEGIN SELECT RAISE(ABORT, 'fund_entries are append-only: correct with a reversing entry'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER fund_entries_no_delete BEFORE DELETE ON fund_entries
BEGIN SELECT RAISE(ABORT, 'fund_entries are append-only: correct with a reversing entry'); END;
-- +goose StatementEnd

-- Invoices, receipts and photos of an entry; added at any time, never changed or removed.
CREATE TABLE fund_attachments (
    id              INTEGER PRIMARY KEY,
    entry_id        INTEGER NOT NULL REFERENCES fund_entries(id),
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,
    content         BLOB NOT NULL,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX fund_attachments_entry ON fund_attachments(entry_id, id);

-- +goose StatementBegin
CREATE TRIGGER fund_attachments_no_update BEFORE UPDATE ON fund_attachments
BEGIN SELECT RAISE(ABORT, 'fund_attachments are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER fund_attachments_no_delete BEFORE DELETE ON fund_attachments
BEGIN SELECT RAISE(ABORT, 'fund_attachments are append-only'); END;
-- +goose StatementEnd

-- A published yearly report: who published it and when, with the figures as published. A
-- published year is closed: no entry dated in it is posted or decided any more.
CREATE TABLE fund_reports (
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    year              INTEGER NOT NULL,
    opening_fen       INTEGER NOT NULL,
    income_fen        INTEGER NOT NULL,
    spending_fen      INTEGER NOT NULL,
    closing_fen       INTEGER NOT NULL,
    published_by      INTEGER,
    published_by_name TEXT NOT NULL DEFAULT '',
    published_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- The shipped defaults, as data: the sources (seed 000) and purposes of the pool, and
-- RULES.md's remittance of single voluntary payments of 1,000 yuan or more.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('funds.sources', NULL, '{"sources":[{"code":"dues_retained"},{"code":"union_fees"},{"code":"league_fees"},{"code":"appraisal_leftover"},{"code":"education_share","share_percent":8},{"code":"other"}]}', '1990-01-01', 'issue 6: fund pool sources (seed 000)', 'system', CURRENT_TIMESTAMP),
('funds.purposes', NULL, '{"purposes":[{"code":"education"},{"code":"activities"},{"code":"hardship"},{"code":"materials"},{"code":"other"}]}', '1990-01-01', 'issue 6: fund pool purposes', 'system', CURRENT_TIMESTAMP),
('funds.voluntary_remit', NULL, '{"threshold_fen":100000}', '1990-01-01', 'RULES.md: voluntary payments of 1,000 yuan or more are remitted in full', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key IN ('funds.sources', 'funds.purposes', 'funds.voluntary_remit') AND created_by = 'system';
DROP TABLE fund_reports;
DROP TRIGGER fund_attachments_no_delete;
DROP TRIGGER fund_attachments_no_update;
DROP TABLE fund_attachments;
DROP TRIGGER fund_entries_no_delete;
DROP TRIGGER fund_entries_fixed;
DROP TABLE fund_entries;
DROP TABLE fund_accounts;
