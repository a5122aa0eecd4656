-- +goose Up
-- Times are UTC TIMESTAMP text (the driver's sqlite format); calendar dates are YYYY-MM-DD text.
CREATE TABLE orgs (
    id                  INTEGER PRIMARY KEY,
    parent_id           INTEGER REFERENCES orgs(id),
    path                TEXT NOT NULL UNIQUE,
    depth               INTEGER NOT NULL,
    name                TEXT NOT NULL,
    type                TEXT NOT NULL,
    code                TEXT NOT NULL DEFAULT '',
    unit_name           TEXT NOT NULL DEFAULT '',
    unit_credit_code    TEXT NOT NULL DEFAULT '',
    established_on      TEXT,
    term_started_on     TEXT,
    term_ends_on        TEXT,
    demonstration_level TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE members (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    org_path         TEXT NOT NULL,
    group_id         INTEGER REFERENCES orgs(id),
    name             TEXT NOT NULL,
    gender           TEXT NOT NULL,
    ethnicity        TEXT NOT NULL DEFAULT '',
    birth_date       TEXT NOT NULL,
    id_number_enc    BLOB NOT NULL,
    id_number_hash   TEXT NOT NULL UNIQUE,
    id_number_masked TEXT NOT NULL,
    phone_enc        BLOB,
    phone_hash       TEXT NOT NULL DEFAULT '',
    phone_masked     TEXT NOT NULL DEFAULT '',
    education        TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL,
    standing         TEXT NOT NULL,
    floating         INTEGER NOT NULL DEFAULT 0,
    lost_contact     INTEGER NOT NULL DEFAULT 0,
    joined_on        TEXT,
    full_member_on   TEXT,
    job_title        TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX members_org_path ON members(org_path, org_id, category, standing, name, id); -- covers scope lists and counts
CREATE INDEX members_org ON members(org_id, standing, category); -- covers the per-org counts
CREATE INDEX members_group ON members(group_id);
CREATE INDEX members_phone_hash ON members(phone_hash);
CREATE INDEX members_name ON members(name);

CREATE TABLE member_positions (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    position   TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (member_id, org_id, position)
);
CREATE INDEX member_positions_org ON member_positions(org_id);

CREATE TABLE member_events (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at        TIMESTAMP NOT NULL,
    kind      TEXT NOT NULL,
    actor_id  INTEGER,
    actor     TEXT NOT NULL DEFAULT '',
    data      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX member_events_member ON member_events(member_id, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    member_id     INTEGER REFERENCES members(id),
    locale        TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE grants (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    org_id     INTEGER REFERENCES orgs(id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX grants_unique ON grants(user_id, role, COALESCE(org_id, 0));
CREATE INDEX grants_org ON grants(org_id);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);

CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    at       TIMESTAMP NOT NULL,
    ip       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_failures_user ON login_failures(username, at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    user_id     INTEGER,
    username    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   INTEGER,
    org_path    TEXT NOT NULL DEFAULT '/',
    before_data TEXT NOT NULL DEFAULT '',
    after_data  TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_path ON audit_log(org_path, id);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id);

-- Rules are data with a validity period (RULES.md): the value in force on a day is the row
-- whose [valid_from, valid_to) holds it, the most specific org first.
CREATE TABLE rules (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL,
    org_id     INTEGER REFERENCES orgs(id),
    value      TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    note       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX rules_key ON rules(key, valid_from);

-- +goose Down
DROP TABLE rules;
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE users;
DROP TABLE member_events;
DROP TABLE member_positions;
DROP TABLE members;
DROP TABLE orgs;
