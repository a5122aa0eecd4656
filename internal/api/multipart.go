package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"dangjian/internal/domain"
)

// multipartReader starts reading a multipart/form-data body of at most limit bytes. Parts
// are streamed, never parsed into memory or temporary files by net/http: an upload goes
// straight to the service that checks it. Errors: EBadRequest (not multipart).
func multipartReader(w http.ResponseWriter, r *http.Request, limit int64) (*multipart.Reader, error) {
	mediaType, ps, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" || ps["boundary"] == "" {
		return nil, badRequest("api.bad_request.multipart")
	}
	return multipart.NewReader(http.MaxBytesReader(w, r.Body, limit), ps["boundary"]), nil
}

// nextPart returns the next part, nil at the end. A body over its limit is tooBig; any
// other problem with the framing is a bad request.
func nextPart(mr *multipart.Reader, tooBig *domain.Error) (*multipart.Part, error) {
	p, err := mr.NextPart()
	switch {
	case err == io.EOF:
		return nil, nil
	case err != nil:
		return nil, uploadError(err, tooBig)
	}
	return p, nil
}

// uploadError turns a read error of a body into the client's error: over the size limit →
// tooBig, anything else (a broken body, a dropped connection) → 400.
func uploadError(err error, tooBig *domain.Error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooBig
	}
	return badRequest("api.bad_request.multipart")
}

// uploadReader reads a part for a service, so that a read error reaches the service (and
// comes back from it) as the client's error rather than as an internal one.
type uploadReader struct {
	r      io.Reader
	tooBig *domain.Error
}

func (u uploadReader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if err != nil && err != io.EOF {
		err = uploadError(err, u.tooBig)
	}
	return n, err
}

// missingPart is the answer to a form without a part it needs.
func missingPart(field string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "api.upload.missing", Fields: map[string]string{field: "api.upload.missing"}}
}

// fileRefused is a problem with an uploaded file as a whole, named on the field "file" so
// it answers like every other 422.
func fileRefused(key string, args ...any) *domain.Error {
	return &domain.Error{Code: domain.EInvalid, Message: key, Args: args, Fields: map[string]string{"file": key}}
}

// asFileError names the field "file" on a service's 422 about a whole file (which has a
// message and no fields).
func asFileError(err error) error {
	if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid && len(e.Fields) == 0 {
		return fileRefused(e.Message, e.Args...)
	}
	return err
}
