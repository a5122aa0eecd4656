-- +goose Up
-- Reward redemption at the service alliance (seed 003, issue 4 part 6). Points are integer
-- tenths; times UTC TIMESTAMP; calendar dates YYYY-MM-DD text. Rows name organisations and
-- members by id and are scoped through orgs.path and members.org_path at read time, so moving
-- a subtree never leaves them stale.

-- A merchant of the alliance run by org_id: members of that organisation's subtree may redeem
-- its rewards; org admins there manage it.
CREATE TABLE merchants (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX merchants_org ON merchants(org_id, id);

-- The operators (users with role merchant) who serve a merchant: an operator confirms only
-- the redemptions of the merchants they are linked to.
CREATE TABLE merchant_users (
    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (merchant_id, user_id)
);
CREATE INDEX merchant_users_user ON merchant_users(user_id);

-- A reward offered for points. stock never goes below zero (the redeeming transaction locks
-- the row, and the CHECK is the last guard); per_member_limit 0 means no limit.
CREATE TABLE rewards (
    id               INTEGER PRIMARY KEY,
    merchant_id      INTEGER NOT NULL REFERENCES merchants(id),
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    cost             INTEGER NOT NULL,
    stock            INTEGER NOT NULL CHECK (stock >= 0),
    per_member_limit INTEGER NOT NULL DEFAULT 0,
    limit_period     TEXT NOT NULL DEFAULT 'ever',
    valid_from       TEXT,
    valid_to         TEXT,
    status           TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX rewards_merchant ON rewards(merchant_id, id);

-- A member's redemption: held (points held by hold_entry_id, code shown as a QR code) →
-- fulfilled | cancelled | expired (points returned by release_entry_id). Each leaves held at
-- most once: transitions are UPDATE … WHERE status = 'held'.
CREATE TABLE redemptions (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    reward_id        INTEGER NOT NULL REFERENCES rewards(id),
    merchant_id      INTEGER NOT NULL REFERENCES merchants(id),
    member_id        INTEGER NOT NULL REFERENCES members(id),
    cost             INTEGER NOT NULL,
    status           TEXT NOT NULL,
    redeemed_on      TEXT NOT NULL,
    expires_at       TIMESTAMP NOT NULL,
    hold_entry_id    INTEGER REFERENCES point_entries(id),
    release_entry_id INTEGER REFERENCES point_entries(id),
    created_by       INTEGER,
    settled_at       TIMESTAMP,
    settled_by       INTEGER,
    settled_by_name  TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX redemptions_member ON redemptions(member_id, id);
CREATE INDEX redemptions_merchant ON redemptions(merchant_id, status, id);
CREATE INDEX redemptions_limit ON redemptions(reward_id, member_id, redeemed_on);
CREATE INDEX redemptions_expiry ON redemptions(status, expires_at);

-- A member's alliance card, issued with the first redemption.
CREATE TABLE alliance_cards (
    member_id  INTEGER PRIMARY KEY REFERENCES members(id),
    number     TEXT NOT NULL UNIQUE,
    issued_at  TIMESTAMP NOT NULL
);

-- The shipped hold: 72 hours (issue 4), overridable per alliance organisation and date.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('redemption.hold_hours', NULL, '{"hours":72}', '1990-01-01', 'issue 4: redemption holds expire after 72 hours', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key = 'redemption.hold_hours' AND created_by = 'system';
DROP TABLE alliance_cards;
DROP TABLE redemptions;
DROP TABLE rewards;
DROP TABLE merchant_users;
DROP TABLE merchants;
