-- +goose Up
-- A member who leaves the roster (left_on set) drops out of every ranking and rating of the
-- subtree they were in: their totals' path becomes '', which no subtree range holds (not even
-- the whole database's "/"). Undoing the departure puts them back. Ledger entries and the
-- account keep their path, so the history and `points verify` are untouched.
-- +goose StatementBegin
CREATE FUNCTION members_left_rankings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE point_totals SET org_path = CASE WHEN NEW.left_on IS NULL THEN NEW.org_path ELSE '' END
        WHERE subject_type = 'member' AND subject_id = NEW.id;
    UPDATE ranking_totals SET org_path = CASE WHEN NEW.left_on IS NULL THEN NEW.org_path ELSE '' END
        WHERE subject_type = 'member' AND subject_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER members_left_rankings AFTER UPDATE OF left_on ON members
    FOR EACH ROW WHEN ((NEW.left_on IS NULL) IS DISTINCT FROM (OLD.left_on IS NULL))
    EXECUTE FUNCTION members_left_rankings();
UPDATE point_totals SET org_path = '' WHERE subject_type = 'member'
    AND subject_id IN (SELECT id FROM members WHERE left_on IS NOT NULL);
UPDATE ranking_totals SET org_path = '' WHERE subject_type = 'member'
    AND subject_id IN (SELECT id FROM members WHERE left_on IS NOT NULL);

-- +goose Down
DROP TRIGGER members_left_rankings ON members;
DROP FUNCTION members_left_rankings();
