-- +goose Up
-- A member who leaves the roster (left_on set) drops out of every ranking and rating of the
-- subtree they were in: their totals' path becomes '', which no subtree range holds (not even
-- the whole database's "/"). Undoing the departure puts them back. Ledger entries and the
-- account keep their path, so the history and `points verify` are untouched.
-- +goose StatementBegin
CREATE TRIGGER members_left_rankings AFTER UPDATE OF left_on ON members
WHEN (NEW.left_on IS NULL) <> (OLD.left_on IS NULL)
BEGIN
    UPDATE point_totals SET org_path = CASE WHEN NEW.left_on IS NULL THEN NEW.org_path ELSE '' END
        WHERE subject_type = 'member' AND subject_id = NEW.id;
    UPDATE ranking_totals SET org_path = CASE WHEN NEW.left_on IS NULL THEN NEW.org_path ELSE '' END
        WHERE subject_type = 'member' AND subject_id = NEW.id;
END;
-- +goose StatementEnd
UPDATE point_totals SET org_path = '' WHERE subject_type = 'member'
    AND subject_id IN (SELECT id FROM members WHERE left_on IS NOT NULL);
UPDATE ranking_totals SET org_path = '' WHERE subject_type = 'member'
    AND subject_id IN (SELECT id FROM members WHERE left_on IS NOT NULL);

-- +goose Down
DROP TRIGGER members_left_rankings;
