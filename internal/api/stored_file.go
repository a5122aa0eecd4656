package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// servedTypes are the stored content types served as they are; anything else (HTML, script,
// SVG) goes out as application/octet-stream, so a stored file never renders as a page.
var servedTypes = []string{"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain; charset=utf-8",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword", contentTypeXLSX}

// writeStoredFile serves a file someone uploaded (an applicant's scan, a claim's evidence, an
// invoice of a fund entry, a photo of the minutes). Every such download goes through here so
// that the rule of servedTypes holds in one place: a type not in the list is sent as
// application/octet-stream.
func writeStoredFile(w http.ResponseWriter, contentType, filename string, data []byte) {
	if !domain.Contains(servedTypes, contentType) {
		contentType = "application/octet-stream"
	}
	writeFile(w, contentType, filename, data)
}
