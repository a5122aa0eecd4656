package web

import (
	"mime"
	"net/http"
	"strconv"
	"time"
)

// Content types of the files the console serves.
const (
	contentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	contentTypePDF  = "application/pdf"
)

// download is a ResponseWriter for a file a service writes: the headers and the 200 go
// out with the first byte, so an error before it (every service assembles its file first)
// still becomes the usual error page.
type download struct {
	w           http.ResponseWriter
	contentType string
	filename    string
	started     bool
}

func newDownload(w http.ResponseWriter, contentType, filename string) *download {
	return &download{w: w, contentType: contentType, filename: filename}
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		fileHeaders(d.w, d.contentType, d.filename, -1)
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(p)
}

// finish ends the download after the service returned err. Before the first byte the
// error is shown as a page; after it the connection is cut, so the browser reports a
// failed download instead of keeping a truncated file.
func (h *handler) finish(d *download, w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case err == nil && !d.started:
		fileHeaders(w, d.contentType, d.filename, 0)
		w.WriteHeader(http.StatusOK)
	case err != nil && !d.started:
		h.fail(w, r, err)
	case err != nil:
		h.set.Log.Error("web: download broken off", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// sendFile answers 200 with a whole file in memory.
func sendFile(w http.ResponseWriter, contentType, filename string, data []byte) {
	fileHeaders(w, contentType, filename, len(data))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// fileHeaders names the file (RFC 6266, with the UTF-8 form for Chinese names), keeps it
// out of caches (it carries personal data) and sandboxes it should a browser open it.
func fileHeaders(w http.ResponseWriter, contentType, filename string, size int) {
	hdr := w.Header()
	hdr.Set("Content-Type", contentType)
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": filename})
	if disposition == "" {
		disposition = "attachment"
	}
	hdr.Set("Content-Disposition", disposition)
	hdr.Set("Content-Security-Policy", "sandbox")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	if size >= 0 {
		hdr.Set("Content-Length", strconv.Itoa(size))
	}
}

// today is the calendar day in China, for form defaults.
func today() string { return time.Now().In(shanghai).Format("2006-01-02") }

// thisMonth is the month in China (YYYY-MM), for monthly lists.
func thisMonth() string { return time.Now().In(shanghai).Format("2006-01") }
