package domain

import (
	"bytes"
	"path/filepath"
	"strings"
	"time"
)

// CourseFile is the file of a document course (课程文档), uploaded by a manager instead of
// (or beside) a link: one per course, a new upload replaces it.
type CourseFile struct {
	CourseID    int64     `json:"course_id,string"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// MaxCourseFileSize bounds the file of a document course.
const MaxCourseFileSize = 20 << 20

// courseFileTypes are the documents a course may carry, by extension: the type the file is
// stored and served under, and the first bytes its content must start with (PDF; the OLE2
// compound file of the old Office formats; the zip of the new ones).
var courseFileTypes = map[string]struct {
	contentType string
	magic       []byte
}{
	".pdf":  {"application/pdf", []byte("%PDF-")},
	".doc":  {"application/msword", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}},
	".ppt":  {"application/vnd.ms-powerpoint", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []byte("PK\x03\x04")},
	".pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", []byte("PK\x03\x04")},
}

// CourseFileType is the type a course document is stored under, judged by its extension
// and its content together (whatever type the browser declared); "" when the file is not a
// PDF, Word or PowerPoint document whose content matches its name.
func CourseFileType(name string, content []byte) string {
	t, ok := courseFileTypes[strings.ToLower(filepath.Ext(name))]
	if !ok || !bytes.HasPrefix(content, t.magic) {
		return ""
	}
	return t.contentType
}
