-- +goose Up
-- Organisational life (issue 5 parts 1–3): meetings of every kind, the attendees expected
-- when the meeting was planned (a snapshot, so later roster changes never rewrite history),
-- check-ins (one per member per meeting, the UNIQUE key is what makes a storm of repeats
-- safe), minutes with attachments and their approval by the upper organisation.
CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    org_path        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    online_url      TEXT NOT NULL DEFAULT '',
    lecturer_id     INTEGER REFERENCES members(id),
    lecturer_name   TEXT NOT NULL DEFAULT '',
    agenda          TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    checkin_code    TEXT NOT NULL,
    qr_key          TEXT NOT NULL,
    created_by      INTEGER,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_path, starts_at, id);

-- Who is expected, with what they were when the meeting was planned: category (voting
-- members are the full ones) and whether they sat on the organisation's committee.
CREATE TABLE meeting_attendees (
    meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
    member_id     INTEGER NOT NULL REFERENCES members(id),
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    committee     INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL,
    leave_reason  TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    recorded_by   TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_attendees_member ON meeting_attendees(member_id, meeting_id);

CREATE TABLE meeting_checkins (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    method     TEXT NOT NULL,
    at         TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, member_id)
);

CREATE TABLE meeting_minutes (
    meeting_id      INTEGER PRIMARY KEY REFERENCES meetings(id),
    recorder_id     INTEGER REFERENCES members(id),
    recorder_name   TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL DEFAULT '',
    decisions       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    return_reason   TEXT NOT NULL DEFAULT '',
    submitted_at    TIMESTAMP,
    decided_at      TIMESTAMP,
    decided_by      INTEGER,
    decided_by_name TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE meeting_attachments (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX meeting_attachments_meeting ON meeting_attachments(meeting_id, id);

-- The shipped defaults, as data: the check-in window around the start and the QR slot.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('meeting.checkin_window', NULL, '{"before_minutes":20,"after_minutes":20,"qr_slot_seconds":30}', '1990-01-01', 'issue 5: check-in window and rotating QR slot', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key = 'meeting.checkin_window' AND created_by = 'system';
DROP TABLE meeting_attachments;
DROP TABLE meeting_minutes;
DROP TABLE meeting_checkins;
DROP TABLE meeting_attendees;
DROP TABLE meetings;
