package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// courseBodyLimit is the most the course form may send: the document at its limit, and
// room for the fields.
const courseBodyLimit = domain.MaxCourseFileSize + 1<<20

// parseCourseForm reads the course form (new or edit), multipart with the document of a
// document course in "file", or urlencoded without one. file is nil when none was chosen.
// Defer removeUploads(r) right after the call.
func parseCourseForm(w http.ResponseWriter, r *http.Request) (f *Form, file *study.CourseFileInput, err error) {
	f, tooBig, err := parseUploadForm(w, r, courseBodyLimit)
	if err != nil {
		return nil, nil, err
	}
	if tooBig {
		return nil, nil, &domain.Error{Code: domain.EInvalid, Message: "study.course.file_size"}
	}
	files, err := formFiles(r, "file", domain.MaxCourseFileSize)
	if err != nil {
		return nil, nil, err
	}
	if len(files) > 0 {
		file = &study.CourseFileInput{Name: files[0].Name, ContentType: files[0].ContentType, Content: files[0].Content}
	}
	return f, file, nil
}
