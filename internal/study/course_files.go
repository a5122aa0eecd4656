package study

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// A document course carries a web link, or its file uploaded by a manager (PDF, Word,
// PowerPoint; at most domain.MaxCourseFileSize), stored in the database: one per course, a
// new upload replaces it. Whoever may see the course may download it.

// CourseFileInput is an uploaded document as the client sent it. The declared type is not
// trusted: the type stored comes from the extension, checked against the content.
type CourseFileInput struct {
	Name        string
	ContentType string
	Content     []byte
}

// checkCourseFile validates an upload into v and returns the file to store (nil when
// refused).
func checkCourseFile(v *domain.Validation, in *CourseFileInput) *domain.CourseFile {
	name := strings.TrimSpace(in.Name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 { // a path some browsers send
		name = name[i+1:]
	}
	switch {
	case len(in.Content) == 0:
		v.Add("file", "err.required")
	case len(in.Content) > domain.MaxCourseFileSize:
		v.Add("file", "study.course.file_size")
	case name == "" || utf8.RuneCountInString(name) > 200:
		v.Add("file", "study.course.file_name")
	default:
		ct := domain.CourseFileType(name, in.Content)
		if ct == "" {
			v.Add("file", "study.course.file_type")
			return nil
		}
		return &domain.CourseFile{FileName: name, ContentType: ct}
	}
	return nil
}

// saveCourseFile stores f as the file of course c and audits it (study.course.file, with the
// file before and after, without content).
func saveCourseFile(ctx context.Context, q *store.Q, a *auth.Actor, c *domain.Course, f *domain.CourseFile, content []byte) error {
	before, err := q.CourseFileInfo(ctx, c.ID)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	f.CourseID, f.UploadedBy = c.ID, a.Name()
	if err := q.SaveCourseFile(ctx, f, content, a.UserID()); err != nil {
		return err
	}
	return audit.Record(ctx, q, a, "study.course.file", "course", c.ID, c.OrgPath, before, f)
}

// UploadCourseFile stores the file of a document course, replacing the one it had. Audited
// as study.course.file.
// Who: org_admin or secretary over the owning organisation. Errors: ENotFound (a course the
// caller cannot see), EForbidden (one they see but do not own), EInvalid (file: missing,
// over the size, a name too long, not a PDF/Word/PowerPoint file matching its extension, or
// a course that is not a document).
func (s *Service) UploadCourseFile(ctx context.Context, a *auth.Actor, id int64, in CourseFileInput) (*domain.CourseFile, error) {
	var v domain.Validation
	f := checkCourseFile(&v, &in)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		c, err := s.visibleCourse(ctx, q, a, id)
		if err != nil {
			return err
		}
		if !canManage(a, c.OrgPath) {
			return domain.Forbidden()
		}
		if c.Kind != domain.CourseDocument {
			return invalid("file", "study.course.file_kind")
		}
		return saveCourseFile(ctx, q, a, c, f, in.Content)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CourseFileInfo returns the file of a course without its content, nil when it has none.
// Who: whoever may see the course. Errors: ENotFound (course).
func (s *Service) CourseFileInfo(ctx context.Context, a *auth.Actor, id int64) (*domain.CourseFile, error) {
	q := s.DB.Read()
	if _, err := s.visibleCourse(ctx, q, a, id); err != nil {
		return nil, err
	}
	f, err := q.CourseFileInfo(ctx, id)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return f, err
}

// CourseFile returns the file of a course with its content.
// Who: whoever may see the course (as Course). Errors: ENotFound (course; course_file when
// it has no file).
func (s *Service) CourseFile(ctx context.Context, a *auth.Actor, id int64) (*domain.CourseFile, []byte, error) {
	q := s.DB.Read()
	if _, err := s.visibleCourse(ctx, q, a, id); err != nil {
		return nil, nil, err
	}
	f, content, err := q.CourseFile(ctx, id)
	if err == sql.ErrNoRows {
		return nil, nil, domain.NotFound("course_file")
	}
	return f, content, err
}
