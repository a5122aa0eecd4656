package api_test

import (
	"strings"
	"testing"
)

// scenario is one request and what must come back (the habit of pocketbase's tests/api.go).
// Paths and string bodies may hold the env's placeholders ({A}, {a1}, {u:secA}, {id:a1}).
type scenario struct {
	name   string
	method string
	path   string
	user   string // "" sends no token
	body   any
	header []string // name, value pairs

	status int
	code   string   // the error code, for errors
	fields []string // error fields that must be named
	has    []string // substrings the body must contain (placeholders allowed)
	hasNot []string // substrings the body must not contain (placeholders allowed)
	check  func(t *testing.T, e *env, r *response)
}

// runScenarios runs the scenarios in order (later ones may rely on earlier writes).
func (e *env) runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			rep := e.replacer() // per scenario: an earlier one may have named a new id
			r := e.do(t, sc.method, sc.path, sc.user, sc.body, sc.header...)
			if r.status != sc.status {
				t.Fatalf("%s %s as %q: status %d, want %d\n%s", sc.method, sc.path, sc.user, r.status, sc.status, r.body)
			}
			if sc.code != "" && r.errCode() != sc.code {
				t.Errorf("error code %q, want %q\n%s", r.errCode(), sc.code, r.body)
			}
			for _, f := range sc.fields {
				if _, ok := r.errFields()[f]; !ok {
					t.Errorf("error fields lack %q\n%s", f, r.body)
				}
			}
			body := string(r.body)
			for _, s := range sc.has {
				if s = rep.Replace(s); !strings.Contains(body, s) {
					t.Errorf("body lacks %q\n%s", s, body)
				}
			}
			for _, s := range sc.hasNot {
				if s = rep.Replace(s); strings.Contains(body, s) {
					t.Errorf("body holds %q\n%s", s, body)
				}
			}
			if sc.check != nil {
				sc.check(t, e, r)
			}
		})
	}
}
