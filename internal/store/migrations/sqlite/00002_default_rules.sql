-- +goose Up
-- The shipped defaults of RULES.md for organisations; later rows with a later valid_from
-- (or for one org) take over from their date without changing results for earlier periods.
INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at) VALUES
('org.structure', NULL, '{"max_branch_members":50,"min_full_members":3,"committee_at_full":7,"term_remind_months":6,"term_years":{"region":5,"committee":5,"general_branch":3,"branch":3,"joint_branch":3,"temporary_branch":3}}', '1990-01-01', 'RULES.md: organisations', 'system', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM rules WHERE key = 'org.structure' AND created_by = 'system';
