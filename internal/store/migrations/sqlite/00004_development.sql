-- +goose Up
-- Member development (发展党员), transfers (组织关系转接), floating members (流动党员) and
-- standing changes. Rows name organisations by id and are scoped through orgs.path at read
-- time, so moving a subtree (which rewrites paths) never leaves them stale. Times are UTC TIMESTAMP; calendar dates are YYYY-MM-DD text; months YYYY-MM.

-- An applicant from the application to full membership. The ID number is sealed like a
-- member's; member_id is set when the branch meeting admits them as a probationary member.
CREATE TABLE applicants (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    name             TEXT NOT NULL,
    gender           TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    id_number_enc    BLOB NOT NULL,
    id_number_hash   TEXT NOT NULL,
    id_number_masked TEXT NOT NULL,
    applied_on       TEXT NOT NULL,
    status           TEXT NOT NULL,
    member_id        INTEGER REFERENCES members(id),
    extension_months INTEGER NOT NULL DEFAULT 0,
    extended_on      TEXT,
    closed_on        TEXT,
    close_reason     TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX applicants_org ON applicants(org_id, id);
CREATE INDEX applicants_hash ON applicants(id_number_hash);

-- One record per step done; repeatable steps (reviews) have several. people and detail are
-- JSON: [{member_id, name}] and step-specific figures (training days, votes).
CREATE TABLE applicant_steps (
    id           INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants(id),
    step         TEXT NOT NULL,
    done_on      TEXT NOT NULL,
    people       TEXT NOT NULL DEFAULT '[]',
    note         TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '{}',
    actor        TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX applicant_steps_applicant ON applicant_steps(applicant_id, id);

-- Materials of a step, kept in the database so a backup of the database is a backup of them.
CREATE TABLE applicant_attachments (
    id           INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants(id),
    step_id      INTEGER NOT NULL REFERENCES applicant_steps(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX applicant_attachments_step ON applicant_attachments(step_id);

-- A transfer of a member's formal relationship. kind: system (to another grassroots
-- committee in the system), outside (letter to an organisation outside it), in (letter
-- received from outside), internal (between branches of one committee).
CREATE TABLE transfers (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL,
    status             TEXT NOT NULL,
    member_id          INTEGER NOT NULL REFERENCES members(id),
    member_name        TEXT NOT NULL,
    from_org_id        INTEGER REFERENCES orgs(id),
    from_external_name TEXT NOT NULL DEFAULT '',
    to_org_id          INTEGER REFERENCES orgs(id),
    to_external_name   TEXT NOT NULL DEFAULT '',
    reason             TEXT NOT NULL DEFAULT '',
    dues_paid_through  TEXT NOT NULL DEFAULT '',
    valid_days         INTEGER NOT NULL DEFAULT 0,
    issued_on          TEXT NOT NULL,
    expires_on         TEXT,
    reported_on        TEXT,
    receipt_on         TEXT,
    rejected_on        TEXT,
    reject_reason      TEXT NOT NULL DEFAULT '',
    letter_no          TEXT NOT NULL DEFAULT '',
    particulars        TEXT NOT NULL DEFAULT '{}',
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX transfers_from ON transfers(from_org_id, id);
CREATE INDEX transfers_to ON transfers(to_org_id, id);
CREATE INDEX transfers_member ON transfers(member_id, id);

-- Floating members: out (our member active elsewhere) and in (someone else's member active
-- here; member_id only when they are on a roster of this system).
CREATE TABLE floating_members (
    id             INTEGER PRIMARY KEY,
    direction      TEXT NOT NULL,
    member_id      INTEGER REFERENCES members(id),
    name           TEXT NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    place          TEXT NOT NULL,
    home_org_name  TEXT NOT NULL DEFAULT '',
    since          TEXT NOT NULL,
    ended_on       TEXT,
    contact        TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    card_no        TEXT NOT NULL DEFAULT '',
    last_report_on TEXT,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX floating_members_org ON floating_members(org_id, id);
CREATE INDEX floating_members_member ON floating_members(member_id);

CREATE TABLE floating_reports (
    id          INTEGER PRIMARY KEY,
    floating_id INTEGER NOT NULL REFERENCES floating_members(id),
    reported_on TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX floating_reports_floating ON floating_reports(floating_id, id);

-- Standing changes and the lost-contact flag, with the day they take effect, so a month's
-- changes can be listed without reading JSON out of member_events.
CREATE TABLE standing_changes (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    action        TEXT NOT NULL,
    from_standing TEXT NOT NULL,
    to_standing   TEXT NOT NULL,
    effective_on  TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    actor         TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX standing_changes_on ON standing_changes(effective_on);
CREATE INDEX standing_changes_member ON standing_changes(member_id, id);

-- The shipped timers of RULES.md, as data with a validity period.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('development.timers', NULL, '{"min_age":18,"talk_within_months":1,"review_every_months":6,"activist_min_months":12,"training_min_days":3,"training_min_hours":24,"approval_within_months":3,"approval_special_months":6,"probation_months":12,"extension_min_months":6,"extension_max_months":12,"contacts_min":1,"contacts_max":2,"sponsors":2}', '1990-01-01', 'RULES.md: developing new members', 'system', CURRENT_TIMESTAMP),
('transfer.rules', NULL, '{"valid_days_default":30,"valid_days_max":90,"floating_report_months":12}', '1990-01-01', 'RULES.md: transfers and floating members', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key IN ('development.timers', 'transfer.rules') AND created_by = 'system';
DROP TABLE standing_changes;
DROP TABLE floating_reports;
DROP TABLE floating_members;
DROP TABLE transfers;
DROP TABLE applicant_attachments;
DROP TABLE applicant_steps;
DROP TABLE applicants;
