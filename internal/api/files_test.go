package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const contentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// raw sends a request with a body of any content type as user and validates the response
// against the OpenAPI document like do; the body is parsed as JSON only when it is JSON,
// so downloads (.xlsx, .pdf) and uploads (multipart) go through it.
func (e *env) raw(t *testing.T, method, path, user string, body []byte, contentType string, headers ...string) *response {
	t.Helper()
	path = e.replacer().Replace(path)
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := &response{status: res.StatusCode, header: res.Header}
	out.body, _ = io.ReadAll(res.Body)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(out.body, &out.json); err != nil {
			t.Errorf("%s %s: response is not a JSON object: %v\n%s", method, path, err, out.body)
		}
	}
	e.validate(t, req, body, out)
	return out
}

// download GETs a file as user and fails the test unless it is a 200 attachment of the
// content type.
func (e *env) download(t *testing.T, path, user, contentType string, headers ...string) []byte {
	t.Helper()
	r := e.raw(t, "GET", path, user, nil, "", headers...)
	if r.status != 200 {
		t.Fatalf("GET %s as %s: %d %s", path, user, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != contentType {
		t.Fatalf("GET %s: Content-Type %q, want %q", path, ct, contentType)
	}
	if d := r.header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment") {
		t.Errorf("GET %s: Content-Disposition %q", path, d)
	}
	return r.body
}

// part is one part of a multipart upload.
type part struct {
	name, filename, contentType string
	data                        []byte
}

// upload POSTs a multipart/form-data body.
func (e *env) upload(t *testing.T, path, user string, parts ...part) *response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		disposition := fmt.Sprintf(`form-data; name=%q`, p.name)
		if p.filename != "" {
			disposition += fmt.Sprintf(`; filename=%q`, p.filename)
		}
		h.Set("Content-Disposition", disposition)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return e.raw(t, "POST", path, user, buf.Bytes(), mw.FormDataContentType())
}

// poll GETs path until its status is done or failed (the job runner works in the
// background), and returns the last response.
func (e *env) poll(t *testing.T, path, user string) *response {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := e.do(t, "GET", path, user, nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		if s := r.str("status"); s == "done" || s == "failed" {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: still %s after a minute\n%s", path, r.str("status"), r.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// openXLSX opens a workbook and returns the rows of its first sheet.
func openXLSX(t *testing.T, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// num reads a number field of a response.
func (r *response) num(key string) int {
	f, _ := r.json[key].(float64)
	return int(f)
}
