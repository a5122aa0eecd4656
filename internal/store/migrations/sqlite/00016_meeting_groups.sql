-- +goose Up
-- Party-group meetings (党小组会) are required at least once a month PER GROUP. A branch may
-- plan a group's meeting itself (the meeting belongs to the branch, the group is named here)
-- or the group may hold it (the meeting belongs to the group org; group_id is then the
-- group's own id). NULL: the meeting is not a group's.
--
-- Existing rows need no change: a group meeting planned at a group org before this migration
-- has group_id NULL, and the compliance engine counts a meeting of a group org for that group
-- whatever its group_id. Group meetings planned at a branch before this migration named no
-- group and keep counting for none (plan them again with the group, or leave them).
ALTER TABLE meetings ADD COLUMN group_id INTEGER REFERENCES orgs(id);
CREATE INDEX meetings_group ON meetings(group_id, starts_at);

-- +goose Down
DROP INDEX meetings_group;
ALTER TABLE meetings DROP COLUMN group_id;
