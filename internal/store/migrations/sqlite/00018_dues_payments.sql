-- +goose Up
-- Payments of party dues (issue 6 parts 3 and 4): cash or transfer recorded by the branch,
-- online payments through a provider with signed notifications, refunds of overpayment.
-- Money is integer fen; times UTC. A bill is paid exactly once: payments set dues_bills.status
-- with UPDATE … WHERE status = 'unpaid' and check the rows affected.

-- One act of paying one or several bills. Cash and transfer are paid when recorded; an online
-- payment is pending until the provider's signed notification says the money arrived.
-- org_id/org_path are the first bill's organisation (the items carry each bill's own).
CREATE TABLE dues_payments (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    org_path         TEXT NOT NULL,
    method           TEXT NOT NULL,                 -- cash, transfer, online
    status           TEXT NOT NULL,                 -- pending, paid, cancelled
    amount_fen       INTEGER NOT NULL,              -- the sum of the items
    refunded_fen     INTEGER NOT NULL DEFAULT 0,
    payer_member_id  INTEGER REFERENCES members(id), -- who paid (代缴: not the bills' member)
    payer_name       TEXT NOT NULL DEFAULT '',
    recorded_by      INTEGER,                        -- the user who recorded or started it
    recorded_by_name TEXT NOT NULL DEFAULT '',
    provider         TEXT NOT NULL DEFAULT '',
    order_no         TEXT UNIQUE,                    -- our order number at the provider
    provider_txn     TEXT NOT NULL DEFAULT '',
    pay_url          TEXT NOT NULL DEFAULT '',
    return_url       TEXT NOT NULL DEFAULT '',
    override_reason  TEXT NOT NULL DEFAULT '',       -- back-payment beyond the limit
    note             TEXT NOT NULL DEFAULT '',
    expires_at       TIMESTAMP,
    paid_at          TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX dues_payments_path ON dues_payments(org_path, id);
CREATE INDEX dues_payments_payer ON dues_payments(payer_member_id, id);

-- The bills of a payment. status: pending (online, not yet paid), applied (this payment paid
-- the bill), overpaid (the money came for a bill already paid or exempt: refund it),
-- refunded, cancelled. on_time: paid within the bill's month (rule dues.on_time).
CREATE TABLE dues_payment_items (
    id         INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES dues_payments(id),
    bill_id    INTEGER NOT NULL REFERENCES dues_bills(id),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    org_path   TEXT NOT NULL,
    month      TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    status     TEXT NOT NULL,
    on_time    BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (payment_id, bill_id)
);
CREATE INDEX dues_payment_items_bill ON dues_payment_items(bill_id);
CREATE INDEX dues_payment_items_member ON dues_payment_items(member_id, payment_id);
CREATE INDEX dues_payment_items_path ON dues_payment_items(org_path, payment_id);

-- Refunds of overpaid items: through the provider for online payments, by hand otherwise.
-- status: pending (sent to the provider), done, failed.
CREATE TABLE dues_refunds (
    id                 INTEGER PRIMARY KEY,
    payment_id         INTEGER NOT NULL REFERENCES dues_payments(id),
    item_id            INTEGER NOT NULL REFERENCES dues_payment_items(id),
    bill_id            INTEGER NOT NULL REFERENCES dues_bills(id),
    org_path           TEXT NOT NULL,
    amount_fen         INTEGER NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    refund_no          TEXT NOT NULL UNIQUE,
    provider           TEXT NOT NULL DEFAULT '',
    provider_refund_id TEXT NOT NULL DEFAULT '',
    failure            TEXT NOT NULL DEFAULT '',
    created_by         INTEGER,
    created_by_name    TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX dues_refunds_payment ON dues_refunds(payment_id);

-- Every provider notification that passed its signature check, by the provider's id and by
-- its nonce: a replay finds its row and changes nothing.
CREATE TABLE dues_notifications (
    id          INTEGER PRIMARY KEY,
    provider    TEXT NOT NULL,
    notify_id   TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    order_no    TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    sent_at     TIMESTAMP NOT NULL,
    received_at TIMESTAMP NOT NULL,
    outcome     TEXT NOT NULL,                    -- paid, already_paid
    payment_id  INTEGER REFERENCES dues_payments(id),
    UNIQUE (provider, notify_id),
    UNIQUE (provider, nonce)
);

-- Back-payment reaches at most max_months months back (RULES.md "Party dues"); older bills
-- need a secretary's override with a reason. A bill is paid on time when paid (China time)
-- by the last day of its month plus grace_days; that scores indicator_code in the member's
-- points catalogue, when the catalogue has it.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('dues.backpay', NULL, '{"max_months":6}', '1990-01-01', 'RULES.md: back-payment at most 6 months', 'system', CURRENT_TIMESTAMP),
('dues.on_time', NULL, '{"grace_days":0,"indicator_code":"DUES-ON-TIME"}', '1990-01-01', 'paid within the bill''s month', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key IN ('dues.backpay', 'dues.on_time') AND created_by = 'system';
DROP TABLE dues_notifications;
DROP TABLE dues_refunds;
DROP TABLE dues_payment_items;
DROP TABLE dues_payments;
