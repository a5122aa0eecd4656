-- +goose Up
-- Members who left the roster (组织关系转出系统外, 取消预备党员资格, 去世, other): the day and
-- the reason; NULL while the member is on the roster. A left member keeps their row and
-- history, but lists and counts leave them out by default.
ALTER TABLE members ADD COLUMN left_on DATE;
ALTER TABLE members ADD COLUMN left_reason TEXT;

-- The list and count indexes gain left_on, so that "current members only" stays an
-- index-only read.
DROP INDEX members_org_path;
CREATE INDEX members_org_path ON members(org_path, org_id, category, standing, left_on, name, id);
DROP INDEX members_org;
CREATE INDEX members_org ON members(org_id, standing, category, left_on);

-- Cancelled probations were recorded as expulsions: they are departures. The member gets
-- back the standing they had before the cancellation, and the cancellation's standing change
-- no longer claims a change of standing.
UPDATE members SET
    left_on = (SELECT c.effective_on FROM standing_changes c WHERE c.member_id = members.id
        AND c.to_standing = 'expelled' ORDER BY c.id DESC LIMIT 1),
    left_reason = 'probation_cancelled',
    standing = (SELECT c.from_standing FROM standing_changes c WHERE c.member_id = members.id
        AND c.to_standing = 'expelled' ORDER BY c.id DESC LIMIT 1)
WHERE standing = 'expelled' AND (SELECT c.action FROM standing_changes c WHERE c.member_id = members.id
    AND c.to_standing = 'expelled' ORDER BY c.id DESC LIMIT 1) = 'cancel_probation';
UPDATE standing_changes SET to_standing = from_standing WHERE action = 'cancel_probation';

-- Members whose latest transfer is a completed one to an organisation outside the system
-- left on the day the receipt came back.
UPDATE members SET
    left_on = (SELECT t.receipt_on FROM transfers t WHERE t.member_id = members.id ORDER BY t.id DESC LIMIT 1),
    left_reason = 'transferred_out'
WHERE left_on IS NULL AND EXISTS (SELECT 1 FROM transfers t WHERE t.member_id = members.id
    AND t.id = (SELECT MAX(t2.id) FROM transfers t2 WHERE t2.member_id = members.id)
    AND t.kind = 'outside' AND t.status = 'completed' AND t.receipt_on IS NOT NULL);

-- +goose Down
DROP INDEX members_org;
CREATE INDEX members_org ON members(org_id, standing, category);
DROP INDEX members_org_path;
CREATE INDEX members_org_path ON members(org_path, org_id, category, standing, name, id);
ALTER TABLE members DROP COLUMN left_reason;
ALTER TABLE members DROP COLUMN left_on;
