package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"

	"dangjian/internal/domain"
)

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

// decodeJSON reads one JSON object from body into dst, strictly: a body that is empty, too
// large, not JSON, not an object, has a field dst does not know or a value of the wrong
// type, has data after the object, or holds a NUL character is a bad request (400) whose
// message names the field where there is one.
func decodeJSON(body io.Reader, dst any) error {
	raw, err := io.ReadAll(io.LimitReader(body, maxBody+1))
	if err != nil {
		return badRequest("api.bad_request.read")
	}
	if len(raw) > maxBody {
		return badRequest("api.bad_request.too_large")
	}
	trimmed := bytes.TrimLeft(raw, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return badRequest("api.bad_request.empty")
	case trimmed[0] != '{':
		return badRequest("api.bad_request.not_object")
	case hasNULEscape(raw):
		// PostgreSQL text cannot hold NUL, and no party roster needs one.
		return badRequest("api.bad_request.nul")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeProblem(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("api.bad_request.trailing")
	}
	return nil
}

// decodeProblem turns an encoding/json error into a bad request naming the field.
func decodeProblem(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return badRequest("api.bad_request.not_object")
		}
		e := badRequest("api.bad_request.type", typeErr.Field)
		e.Fields = map[string]string{typeErr.Field: jsonTypeKey(typeErr.Type)}
		return e
	case errors.As(err, &syntaxErr):
		return badRequest("api.bad_request.syntax", syntaxErr.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("api.bad_request.truncated")
	}
	// DisallowUnknownFields reports `json: unknown field "name"` and has no error type.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		e := badRequest("api.bad_request.unknown_field", name)
		e.Fields = map[string]string{name: "api.field.unknown"}
		return e
	}
	return badRequest("err.bad_request")
}

func badRequest(key string, args ...any) *domain.Error {
	return &domain.Error{Code: domain.EBadRequest, Message: key, Args: args}
}

// jsonTypeKey is the message key that says which JSON type a Go type expects.
func jsonTypeKey(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "api.type.other"
	}
	switch t.Kind() {
	case reflect.String:
		return "api.type.string"
	case reflect.Bool:
		return "api.type.boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "api.type.number"
	case reflect.Slice, reflect.Array:
		return "api.type.array"
	case reflect.Struct, reflect.Map:
		return "api.type.object"
	}
	return "api.type.other"
}

// hasNULEscape reports whether a JSON text holds the escape \u0000 (a raw NUL byte is already
// a syntax error). A backslash counts only when it is not itself escaped.
func hasNULEscape(b []byte) bool {
	for i := 0; i+5 < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if b[i+1] == 'u' && string(b[i+2:i+6]) == "0000" {
			return true
		}
		i++ // skip the escaped character, so `\\u0000` is a backslash and text
	}
	return false
}

// decodeOptionalJSON is decodeJSON for actions whose fields all have defaults: an empty
// body counts as {}.
func decodeOptionalJSON(r *http.Request, dst any) error {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return badRequest("api.bad_request.read")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	return decodeJSON(bytes.NewReader(raw), dst)
}
