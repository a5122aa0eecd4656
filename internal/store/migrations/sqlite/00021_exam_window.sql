-- +goose Up
-- Exam windows (issue 5 part 7).
--
-- exams.opens_at / closes_at: an optional window in which attempts may be started (NULL: no
-- bound on that side). An attempt started inside the window runs to its own time limit even
-- when the window closes meanwhile.
ALTER TABLE exams ADD COLUMN opens_at TIMESTAMP;
ALTER TABLE exams ADD COLUMN closes_at TIMESTAMP;

-- +goose Down
ALTER TABLE exams DROP COLUMN closes_at;
ALTER TABLE exams DROP COLUMN opens_at;
