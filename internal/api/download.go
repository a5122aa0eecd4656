package api

import (
	"mime"
	"net/http"
	"strconv"
)

// Content types of the files the API serves.
const (
	contentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	contentTypePDF  = "application/pdf"
)

// download is a ResponseWriter for a file written by a service: the headers and the 200
// go out with the first byte, so an error before it still becomes the JSON error envelope.
// Services write their files at the end (excelize assembles the workbook first), so almost
// every error comes before the first byte.
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

// finish ends the download after the service returned err. Before the first byte the error
// is answered as usual. After it the response cannot change any more: the connection is cut
// so the client sees a failed download rather than a truncated file it takes for whole.
func (d *download) finish(h *handler, r *http.Request, err error) error {
	if err == nil {
		if !d.started { // an empty file
			fileHeaders(d.w, d.contentType, d.filename, 0)
			d.w.WriteHeader(http.StatusOK)
		}
		return nil
	}
	if !d.started {
		return err
	}
	h.set.Log.Error("api: download broken off", "method", r.Method, "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

// writeFile answers 200 with a whole file in memory.
func writeFile(w http.ResponseWriter, contentType, filename string, data []byte) {
	fileHeaders(w, contentType, filename, len(data))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// fileHeaders sets what a download needs: its type, a file name (RFC 6266, with the UTF-8
// form for Chinese names) and, when known, its length. The sandbox policy keeps a stored
// file from running anything should a browser open it from the API's origin.
func fileHeaders(w http.ResponseWriter, contentType, filename string, size int) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": filename})
	if disposition == "" { // a name mime cannot encode: the client picks one
		disposition = "attachment"
	}
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Security-Policy", "sandbox")
	if size >= 0 {
		h.Set("Content-Length", strconv.Itoa(size))
	}
}
