-- +goose Up
-- A document course may carry its file instead of a link (issue 5 part 6): one file per
-- course, stored in the database like the attachments of minutes; a new upload replaces it.
CREATE TABLE course_files (
    course_id    BIGINT PRIMARY KEY REFERENCES courses(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    uploaded_by  BIGINT,
    uploaded_by_name TEXT NOT NULL DEFAULT '',
    uploaded_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE course_files;
