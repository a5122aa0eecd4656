package study_test

import (
	"bytes"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/testutil"
)

var pdfContent = []byte("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")

func TestCourseFileUploadReplaceAndScope(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// A document without a link needs a file.
		in := study.CourseInput{OrgID: e.f.BranchA.ID, Title: "党章全文", Kind: domain.CourseDocument, MinSeconds: 60,
			Assignments: []study.AssignmentInput{{OrgID: e.f.BranchA.ID, Required: true}}}
		_, err := e.s.CreateCourse(e.ctx, e.secA, in)
		wantCode(t, err, domain.EInvalid)
		if de, _ := domain.AsError(err); de.Fields["url"] != "err.required" {
			t.Fatalf("document with neither link nor file: %v", err)
		}
		in.File = &study.CourseFileInput{Name: "党章.pdf", ContentType: "application/octet-stream", Content: pdfContent}
		c, err := e.s.CreateCourse(e.ctx, e.secA, in)
		if err != nil {
			t.Fatal(err)
		}
		f, content, err := e.s.CourseFile(e.ctx, e.memA, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.FileName != "党章.pdf" || f.ContentType != "application/pdf" || f.Size != len(pdfContent) || !bytes.Equal(content, pdfContent) {
			t.Fatalf("stored file: %+v %q", f, content)
		}
		if n := testutil.AuditCount(t, db, "study.course.file"); n != 1 {
			t.Errorf("upload audited %d times", n)
		}

		// Replace: one file per course, the new one served.
		docx := append([]byte("PK\x03\x04"), bytes.Repeat([]byte("x"), 100)...)
		if _, err := e.s.UploadCourseFile(e.ctx, e.secA, c.ID, study.CourseFileInput{Name: "党章（修订）.docx", Content: docx}); err != nil {
			t.Fatal(err)
		}
		f, content, err = e.s.CourseFile(e.ctx, e.memA, c.ID)
		if err != nil || f.FileName != "党章（修订）.docx" || !bytes.Equal(content, docx) ||
			f.ContentType != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
			t.Fatalf("after replacing: %+v %v", f, err)
		}
		if n := e.count("course_files", "course_id = $1", c.ID); n != 1 {
			t.Fatalf("%d files for one course", n)
		}
		if n := testutil.AuditCount(t, db, "study.course.file"); n != 2 {
			t.Errorf("replacement audited: %d records", n)
		}

		// Scope: a member and a secretary of another branch see nothing; a member may not upload.
		wantCode(t, func() error { _, _, err := e.s.CourseFile(e.ctx, e.memB, c.ID); return err }(), domain.ENotFound)
		wantCode(t, func() error { _, _, err := e.s.CourseFile(e.ctx, e.secB, c.ID); return err }(), domain.ENotFound)
		_, err = e.s.UploadCourseFile(e.ctx, e.secB, c.ID, study.CourseFileInput{Name: "a.pdf", Content: pdfContent})
		wantCode(t, err, domain.ENotFound)
		_, err = e.s.UploadCourseFile(e.ctx, e.memA, c.ID, study.CourseFileInput{Name: "a.pdf", Content: pdfContent})
		wantCode(t, err, domain.EForbidden)

		// Too big, wrong type (extension or content), nothing chosen.
		big := append(append([]byte{}, pdfContent...), make([]byte, domain.MaxCourseFileSize)...)
		for _, tc := range []struct {
			name    string
			content []byte
			key     string
		}{
			{"大.pdf", big, "study.course.file_size"},
			{"page.html", []byte("<html><script>alert(1)</script></html>"), "study.course.file_type"},
			{"fake.pdf", []byte("<html>not a pdf</html>"), "study.course.file_type"},
			{"renamed.doc", pdfContent, "study.course.file_type"},
			{"image.png", []byte("\x89PNG\r\n\x1a\n"), "study.course.file_type"},
			{"empty.pdf", nil, "err.required"},
		} {
			_, err := e.s.UploadCourseFile(e.ctx, e.secA, c.ID, study.CourseFileInput{Name: tc.name, ContentType: "application/pdf", Content: tc.content})
			wantCode(t, err, domain.EInvalid)
			if de, _ := domain.AsError(err); de.Fields["file"] != tc.key {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
			}
		}
		if f, _, _ := e.s.CourseFile(e.ctx, e.memA, c.ID); f.FileName != "党章（修订）.docx" {
			t.Errorf("a refused upload replaced the file: %+v", f)
		}

		// An edit keeps the stored file without a link; a course that stops being a document loses it.
		if _, err := e.s.UpdateCourse(e.ctx, e.secA, c.ID, study.CourseUpdate{Title: "党章", Kind: domain.CourseDocument, MinSeconds: 60}); err != nil {
			t.Fatalf("edit keeping the file: %v", err)
		}
		if info, err := e.s.CourseFileInfo(e.ctx, e.memA, c.ID); err != nil || info == nil {
			t.Fatalf("file after the edit: %v %v", info, err)
		}
		if _, err := e.s.UpdateCourse(e.ctx, e.secA, c.ID, study.CourseUpdate{Title: "党章", Kind: domain.CourseArticle, Body: "正文", MinSeconds: 60}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, func() error { _, _, err := e.s.CourseFile(e.ctx, e.memA, c.ID); return err }(), domain.ENotFound)
		_, err = e.s.UploadCourseFile(e.ctx, e.secA, c.ID, study.CourseFileInput{Name: "a.pdf", Content: pdfContent})
		if de, _ := domain.AsError(err); de == nil || de.Fields["file"] != "study.course.file_kind" {
			t.Errorf("upload to an article: %v", err)
		}
		// Without a stored file, an edit of a document needs a link again.
		_, err = e.s.UpdateCourse(e.ctx, e.secA, c.ID, study.CourseUpdate{Title: "党章", Kind: domain.CourseDocument, MinSeconds: 60})
		if de, _ := domain.AsError(err); de == nil || de.Fields["url"] != "err.required" {
			t.Errorf("document edit without link or file: %v", err)
		}
	})
}
