package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"dangjian/internal/domain"
)

// The forms that carry files (a fund entry with its invoices, a points claim with its
// evidence, an applicant's step with its scans) are read the same way: the body is limited,
// a form sent without files still counts, and each file is read to one byte over its limit
// so that the service refuses it by name. These helpers are that one way.

// parseUploadForm reads a form of at most limit bytes, multipart or (a form without
// JavaScript, a hand-made request) urlencoded. tooBig reports a body over the limit, with an
// empty form, for the caller to name its file field; err is a bad request. Defer
// removeUploads(r) right after the call.
func parseUploadForm(w http.ResponseWriter, r *http.Request, limit int64) (f *Form, tooBig bool, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	perr := r.ParseMultipartForm(uploadMemory)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(perr, &mbe):
		return newForm(nil), true, nil
	case errors.Is(perr, http.ErrNotMultipart):
		if r.ParseForm() != nil {
			return nil, false, domain.Errorf(domain.EBadRequest, "err.bad_request")
		}
		return newForm(r.PostForm), false, nil
	case perr != nil:
		return nil, false, domain.Errorf(domain.EBadRequest, "err.bad_request")
	}
	return newForm(url.Values(r.MultipartForm.Value)), false, nil
}

// removeUploads deletes the temporary files of a parsed multipart form, if there is one.
func removeUploads(r *http.Request) {
	if r.MultipartForm != nil {
		r.MultipartForm.RemoveAll()
	}
}

// formFile is one file chosen in a form's file input, with the type the browser declared.
type formFile struct {
	Name        string
	ContentType string
	Content     []byte
}

// formFiles reads the files of the file input field, each up to one byte over maxBytes. The
// empty part a file input sends when nothing was chosen is skipped.
func formFiles(r *http.Request, field string, maxBytes int64) ([]formFile, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []formFile
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		file, err := fh.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(io.LimitReader(file, maxBytes+1))
		file.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, formFile{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Content: content})
	}
	return out, nil
}

// uploadType keeps a declared type and sniffs a missing or generic one.
func uploadType(declared string, content []byte) string {
	if declared == "" || declared == "application/octet-stream" {
		return http.DetectContentType(content)
	}
	return declared
}
