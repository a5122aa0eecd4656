package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// ID is an id in a request body. API.md writes ids as JSON strings ("12"); numbers (12) are
// accepted too, for lenient clients. null and "" mean "none". Any other string or number is
// kept as bad, so the request answers 422 naming the field (the JSON was well-formed; its
// value is wrong), while a boolean, array or object is a wrong type (400).
type ID struct {
	given bool
	none  bool
	bad   bool
	value int64
}

func (id *ID) UnmarshalJSON(b []byte) error {
	*id = ID{given: true}
	switch {
	case string(b) == "null":
		id.none = true
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s = strings.TrimSpace(s); s == "" {
			id.none = true
		} else {
			id.value, id.bad = parseID(s)
		}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		id.value, id.bad = parseID(string(b))
	default:
		kind := map[byte]string{'t': "bool", 'f': "bool", '[': "array", '{': "object"}[b[0]]
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[string]()}
	}
	return nil
}

// parseID accepts a positive decimal integer without sign or other decoration.
func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 19 {
		return 0, true
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, true
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, true
	}
	return n, false
}

// optional maps the id for a service Input: nil when not given, 0 for none. A bad id is
// recorded in v.
func (id ID) optional(field string, v *domain.Validation) *int64 {
	switch {
	case !id.given:
		return nil
	case id.bad:
		v.Add(field, "api.invalid.id")
		return nil
	case id.none:
		zero := int64(0)
		return &zero
	}
	n := id.value
	return &n
}

// required is optional for an id that cannot be cleared: none is "required".
func (id ID) required(field string, v *domain.Validation) *int64 {
	if id.given && id.none {
		v.Add(field, "err.required")
		return nil
	}
	return id.optional(field, v)
}

// jsonID writes an id as a JSON string.
type jsonID int64

func (id jsonID) MarshalJSON() ([]byte, error) {
	return []byte(`"` + strconv.FormatInt(int64(id), 10) + `"`), nil
}

// nullID writes an id as a JSON string, and 0 (no such link) as null.
type nullID int64

func (id nullID) MarshalJSON() ([]byte, error) {
	if id == 0 {
		return []byte("null"), nil
	}
	return jsonID(id).MarshalJSON()
}

// stamp writes a time as RFC 3339 in UTC, to the second.
type stamp time.Time

func (s stamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(s).UTC().Format(time.RFC3339) + `"`), nil
}

// formatID is an id in a URL or cursor.
func formatID(id int64) string { return strconv.FormatInt(id, 10) }
