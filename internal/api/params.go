package api

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// List sizes (API.md): default 50, at most 500.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// pathID reads the {id} of the path. An id that is not a positive integer cannot name
// anything, so it answers 404 like any other missing entity (entity: "org", "member", …).
func pathID(r *http.Request, entity string) (int64, error) {
	id, bad := parseID(r.PathValue("id"))
	if bad {
		return 0, domain.NotFound(entity)
	}
	return id, nil
}

// params reads query parameters and collects the malformed ones, so one 400 names them all.
type params struct {
	values   url.Values
	problems map[string]string
}

func queryParams(r *http.Request) *params {
	return &params{values: r.URL.Query(), problems: map[string]string{}}
}

func (p *params) problem(name, key string) {
	if _, seen := p.problems[name]; !seen {
		p.problems[name] = key
	}
}

// text is a free-text parameter, trimmed. NUL is refused: PostgreSQL cannot compare it.
func (p *params) text(name string) string {
	s := strings.TrimSpace(p.values.Get(name))
	if strings.ContainsRune(s, 0) {
		p.problem(name, "api.param.nul")
		return ""
	}
	if len(s) > 200 {
		p.problem(name, "err.too_long")
		return ""
	}
	return s
}

// id is an optional id parameter; absent or empty is 0.
func (p *params) id(name string) int64 {
	s := strings.TrimSpace(p.values.Get(name))
	if s == "" {
		return 0
	}
	id, bad := parseID(s)
	if bad {
		p.problem(name, "api.param.id")
	}
	return id
}

// flag is a boolean parameter: 1/true or 0/false; absent is false.
func (p *params) flag(name string) bool {
	switch strings.ToLower(strings.TrimSpace(p.values.Get(name))) {
	case "", "0", "false":
		return false
	case "1", "true":
		return true
	}
	p.problem(name, "api.param.flag")
	return false
}

// choice is an optional parameter with a fixed set of values.
func (p *params) choice(name string, options []string) string {
	s := strings.TrimSpace(p.values.Get(name))
	if s != "" && !domain.Contains(options, s) {
		p.problem(name, "err.choice")
		return ""
	}
	return s
}

// limit is the page size: 1 to 500, default 50.
func (p *params) limit() int {
	s := strings.TrimSpace(p.values.Get("limit"))
	if s == "" {
		return defaultLimit
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		p.problem("limit", "api.param.limit")
		return defaultLimit
	}
	return n
}

// cursor decodes the opaque ?cursor= of a list (0 when absent).
func (p *params) cursor() int64 {
	s := strings.TrimSpace(p.values.Get("cursor"))
	if s == "" {
		return 0
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(raw), "k") {
		p.problem("cursor", "api.param.cursor")
		return 0
	}
	id, bad := parseID(string(raw[1:]))
	if bad {
		p.problem("cursor", "api.param.cursor")
	}
	return id
}

// err returns the collected problems as a bad request, or nil.
func (p *params) err() error {
	if len(p.problems) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.EBadRequest, Message: "api.bad_request.params", Fields: p.problems}
}

// encodeCursor makes the opaque cursor of a keyset position. Clients must not build or parse
// cursors; the "k" prefix only lets a later format be told apart.
func encodeCursor(id int64) string {
	if id == 0 {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte("k" + strconv.FormatInt(id, 10)))
}

// fetchSize is how many rows to ask for so that one more than limit tells whether a next
// page exists. The services cap a page at 500, so a page of 500 asks for 500 and a full
// page is assumed to have a successor (which may turn out empty).
func fetchSize(limit int) int {
	if limit < maxLimit {
		return limit + 1
	}
	return maxLimit
}

// trimPage cuts a fetched page to limit and reports whether a next page may exist.
func trimPage[T any](items []T, limit int) ([]T, bool) {
	if len(items) > limit {
		return items[:limit], true
	}
	return items, limit == maxLimit && len(items) == maxLimit
}

// requiredID is an id parameter that must be given.
func (p *params) requiredID(name string) int64 {
	if strings.TrimSpace(p.values.Get(name)) == "" {
		p.problem(name, "api.param.required")
		return 0
	}
	return p.id(name)
}

// month is a YYYY-MM parameter; absent is the current month in China, where the officers
// who ask "what is due this month" are.
func (p *params) month(name string) string {
	s := strings.TrimSpace(p.values.Get(name))
	if s == "" {
		return time.Now().In(shanghai).Format("2006-01")
	}
	if domain.CheckMonth(s) != "" {
		p.problem(name, "err.month_yyyy_mm")
		return ""
	}
	return s
}

// choices is an optional parameter holding one value of a fixed set, or several separated
// by commas (status=pending,accepted).
func (p *params) choices(name string, options []string) []string {
	s := strings.TrimSpace(p.values.Get(name))
	if s == "" {
		return nil
	}
	var out []string
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if !domain.Contains(options, v) {
			p.problem(name, "err.choice")
			return nil
		}
		out = append(out, v)
	}
	return out
}

// number is an optional small integer parameter in [min, max]; absent is 0.
func (p *params) number(name string, min, max int) int {
	s := strings.TrimSpace(p.values.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		p.problem(name, "api.param.range")
		return 0
	}
	return n
}

// shanghai is the time zone of the calendar the party organisations keep.
var shanghai = domain.Shanghai

// jobID reads the {id} of an import or export job; the roster's own "no such job" answers
// an id that is not one.
func jobID(r *http.Request) (int64, error) {
	id, bad := parseID(r.PathValue("id"))
	if bad {
		return 0, &domain.Error{Code: domain.ENotFound, Message: "roster.job.not_found"}
	}
	return id, nil
}
