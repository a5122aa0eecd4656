-- +goose Up
-- A document course may carry its file instead of a link (issue 5 part 6): one file per
-- course, stored in the database like the attachments of minutes; a new upload replaces it.
CREATE TABLE course_files (
    course_id    INTEGER PRIMARY KEY REFERENCES courses(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  INTEGER,
    uploaded_by_name TEXT NOT NULL DEFAULT '',
    uploaded_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE course_files;
