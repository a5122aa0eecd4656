package api

import (
	"io"
	"net/http"
	"strings"

	"dangjian/internal/domain"
)

// filesUpload describes a request that is JSON, or multipart/form-data with the JSON in the
// part "body" and files in parts named FilePart (an applicant's step with its scans, a
// points claim with its photos).
type filesUpload struct {
	FilePart     string // form name of the file parts, also the field errors name
	MaxFiles     int
	MaxFileBytes int64
	TooBigKey    string // message key when the request or a file is too large
	TooManyKey   string // message key when there are more than MaxFiles files
}

// bodyLimit is the most such a request may send: every file at its limit, and room for the
// JSON and the framing.
func (u filesUpload) bodyLimit() int64 { return int64(u.MaxFiles)*u.MaxFileBytes + 2<<20 }

// read decodes the JSON through decode and hands each file to add, in order. A file one
// byte over its limit is still handed over, so the service refuses it by name.
func (u filesUpload) read(w http.ResponseWriter, r *http.Request, decode func(io.Reader) error,
	add func(name, contentType string, data []byte)) error {
	if !strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "multipart/") {
		return decode(r.Body)
	}
	tooBig := &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{u.FilePart: u.TooBigKey}}
	mr, err := multipartReader(w, r, u.bodyLimit())
	if err != nil {
		return err
	}
	seenBody, files := false, 0
	for {
		part, err := nextPart(mr, tooBig)
		if err != nil {
			return err
		}
		if part == nil {
			break
		}
		switch part.FormName() {
		case "body":
			if err := decode(uploadReader{r: part, tooBig: tooBig}); err != nil {
				return err
			}
			seenBody = true
		case u.FilePart:
			if files == u.MaxFiles {
				return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{u.FilePart: u.TooManyKey}}
			}
			data, err := readPart(part, u.MaxFileBytes, tooBig)
			if err != nil {
				return err
			}
			files++
			add(part.FileName(), part.Header.Get("Content-Type"), data)
		}
	}
	if !seenBody {
		return missingPart("body")
	}
	return nil
}
