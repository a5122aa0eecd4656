package store

import (
	"context"

	"dangjian/internal/domain"
)

// The file of a document course (migration 00023): one row per course, replaced on a new
// upload. Who may do what is decided in internal/study.

// SaveCourseFile stores the file of a course, replacing the one it had.
func (q *Q) SaveCourseFile(ctx context.Context, f *domain.CourseFile, content []byte, uploadedBy int64) error {
	f.UploadedAt = now()
	f.Size = len(content)
	_, err := q.q.ExecContext(ctx, `INSERT INTO course_files (course_id, file_name, content_type, size, content,
		uploaded_by, uploaded_by_name, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (course_id) DO UPDATE SET file_name = excluded.file_name, content_type = excluded.content_type,
		size = excluded.size, content = excluded.content, uploaded_by = excluded.uploaded_by,
		uploaded_by_name = excluded.uploaded_by_name, uploaded_at = excluded.uploaded_at`,
		f.CourseID, f.FileName, f.ContentType, f.Size, content, nullInt(uploadedBy), f.UploadedBy, f.UploadedAt)
	return err
}

// CourseFileInfo returns the file of a course without its content, or ErrNoRows.
func (q *Q) CourseFileInfo(ctx context.Context, courseID int64) (*domain.CourseFile, error) {
	var f domain.CourseFile
	err := q.q.QueryRowContext(ctx, `SELECT course_id, file_name, content_type, size, uploaded_by_name, uploaded_at
		FROM course_files WHERE course_id = $1`, courseID).Scan(&f.CourseID, &f.FileName, &f.ContentType, &f.Size,
		&f.UploadedBy, &f.UploadedAt)
	if err != nil {
		return nil, err
	}
	f.UploadedAt = f.UploadedAt.UTC()
	return &f, nil
}

// CourseFile returns the file of a course with its content, or ErrNoRows.
func (q *Q) CourseFile(ctx context.Context, courseID int64) (*domain.CourseFile, []byte, error) {
	var f domain.CourseFile
	var content []byte
	err := q.q.QueryRowContext(ctx, `SELECT course_id, file_name, content_type, size, uploaded_by_name, uploaded_at, content
		FROM course_files WHERE course_id = $1`, courseID).Scan(&f.CourseID, &f.FileName, &f.ContentType, &f.Size,
		&f.UploadedBy, &f.UploadedAt, &content)
	if err != nil {
		return nil, nil, err
	}
	f.UploadedAt = f.UploadedAt.UTC()
	return &f, content, nil
}

// DeleteCourseFile removes the file of a course; it reports whether there was one.
func (q *Q) DeleteCourseFile(ctx context.Context, courseID int64) (bool, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM course_files WHERE course_id = $1`, courseID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
