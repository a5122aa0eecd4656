package api

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"

	"dangjian/internal/domain"
)

// A single upload (an attachment of a fund entry or of the minutes, a spreadsheet to import)
// is a multipart/form-data body whose part "file" is the file. These helpers are the one way
// such a body is read, so that the limits, the skipped parts and the errors answer alike on
// every route.

// filePart finds the part "file" of a body of at most limit bytes; other parts are skipped
// (NextPart skips the rest of each). A body without it is a 422 on "file". Read the part
// through uploadReader with the same tooBig, so that a body over its limit answers tooBig.
func filePart(w http.ResponseWriter, r *http.Request, limit int64, tooBig *domain.Error) (*multipart.Part, error) {
	mr, err := multipartReader(w, r, limit)
	if err != nil {
		return nil, err
	}
	for {
		part, err := nextPart(mr, tooBig)
		if err != nil {
			return nil, err
		}
		if part == nil {
			return nil, missingPart("file")
		}
		if part.FormName() == "file" {
			return part, nil
		}
	}
}

// readPart reads a file part whole, up to one byte over maxBytes: a file over its limit is
// still handed to the service, so that it refuses the file by name.
func readPart(part *multipart.Part, maxBytes int64, tooBig *domain.Error) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(uploadReader{r: part, tooBig: tooBig}, maxBytes+1)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// uploadedFile is a file sent alone in the part "file", as the client declared it.
type uploadedFile struct {
	Name        string
	ContentType string
	Data        []byte
}

// readUploadedFile reads the part "file" of a body that carries one file of at most
// maxBytes (and room for the framing). A body over that answers 422 on "file" with
// tooBigKey.
func readUploadedFile(w http.ResponseWriter, r *http.Request, maxBytes int64, tooBigKey string) (uploadedFile, error) {
	tooBig := &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"file": tooBigKey}}
	part, err := filePart(w, r, maxBytes+1<<20, tooBig)
	if err != nil {
		return uploadedFile{}, err
	}
	data, err := readPart(part, maxBytes, tooBig)
	if err != nil {
		return uploadedFile{}, err
	}
	return uploadedFile{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data}, nil
}
