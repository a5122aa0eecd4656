-- +goose Up
-- The shipped meeting requirements of RULES.md "Organisational life" (三会一课 and more) for the
-- compliance engine (domain.ComplianceRules). Only meetings with approved minutes count. A row
-- for an organisation, or a later valid_from, takes over from its day; each period is judged
-- by the rule in force on its first day, so past periods keep the rule of their time.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('meeting.requirements', NULL, '{"count_only_approved":true,"requirements":[{"kind":"branch_general","per":"quarter","min":1,"org_types":["branch","joint_branch","temporary_branch"]},{"kind":"branch_committee","per":"month","min":1,"org_types":["branch","joint_branch","temporary_branch"],"only_with_committee":true},{"kind":"group","per":"month","min":1,"org_types":["branch","joint_branch","temporary_branch"],"per_group":true},{"kind":"lecture","per":"quarter","min":1,"org_types":["branch","joint_branch","temporary_branch"]},{"kind":"party_day","per":"month","min":1,"org_types":["branch","joint_branch","temporary_branch"]},{"kind":"org_life","per":"year","min":1,"org_types":["branch","joint_branch","temporary_branch"]},{"kind":"appraisal","per":"year","min":1,"org_types":["branch","joint_branch","temporary_branch"]},{"kind":"talk","per":"year","min":1,"org_types":["branch","joint_branch","temporary_branch"]}]}', '1990-01-01', 'RULES.md: organisational life', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key = 'meeting.requirements' AND created_by = 'system';
