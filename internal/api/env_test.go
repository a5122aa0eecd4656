package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"dangjian/internal/api"
	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/services"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// password is the password of every fixture user.
const password = "Dangjian-2024"

// passwordHash is computed once per test binary: argon2id costs tens of milliseconds.
var passwordHash = sync.OnceValue(func() string { return auth.HashPassword(password) })

// env is one running API over a fresh database of one engine, with the fixture:
//
//	测试区委 (region R)
//	├── 甲党委 (committee C)
//	│   ├── 甲一支部 (branch A) — 张三 a1, 李四 a2; 第一党小组 (group GA)
//	│   └── 甲二支部 (branch B) — 王五 b1, 赵六 b2
//	└── 乙党委 (committee X)
//	    └── 乙支部 (branch XB) — 孙七 x1
//
// and users: admin (admin), secA (secretary of A), orgadm (org_admin of C), auditor
// (auditor of C), plain (member of A, linked to a2).
type env struct {
	engine string
	set    *services.Set
	srv    *httptest.Server
	doc    *openapi3.T
	router routers.Router
	logs   *syncBuffer

	R, C, A, GA, B, X, XB int64
	a1, a2, b1, b2, x1    int64
	idNumbers             map[string]string // member key → clear ID number
	users                 map[string]int64
	tokens                map[string]string
	extra                 map[string]string // more placeholders ({appA}, …) a test adds

	seq int
}

// forEachEngine runs fn with a fresh env on SQLite and, when enabled, PostgreSQL.
func forEachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, newEnv(t, engine)) })
	}
}

func newEnv(t *testing.T, engine string) *env {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DB = testutil.MustDSN(t, engine)
	cfg.DataDir = t.TempDir()
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	set, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatalf("app.Open: %v", err)
	}
	t.Cleanup(func() { set.DB.Close() })
	set.Roster.TempDir = t.TempDir()
	// As in production (app.ServeListener), the instance runs its job runner: imports and
	// large exports progress in the background while the tests poll for them. It stops
	// before the database closes (cleanups run last-registered first).
	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() { set.Jobs.Run(jobsCtx); close(jobsDone) }()
	t.Cleanup(func() { stopJobs(); <-jobsDone })
	h, err := api.New(set)
	if err != nil {
		t.Fatalf("api.New: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", h) // as internal/app mounts it
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := &env{engine: engine, set: set, srv: srv, logs: logs, idNumbers: map[string]string{},
		users: map[string]int64{}, tokens: map[string]string{}, extra: map[string]string{}}
	e.loadDoc(t)
	e.build(t)
	t.Cleanup(func() {
		// A 500 is always a bug: the handlers log every one of them.
		if strings.Contains(logs.String(), "api: internal error") || strings.Contains(logs.String(), "api: panic") {
			t.Errorf("the API logged internal errors:\n%s", logs.String())
		}
	})
	return e
}

// loadDoc loads the OpenAPI document the server serves: the tests validate against exactly
// what clients get.
func (e *env) loadDoc(t *testing.T) {
	t.Helper()
	res, err := http.Get(e.srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("openapi.json: %d %s", res.StatusCode, raw)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		t.Fatalf("served openapi.json does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("served openapi.json is not valid: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	e.doc, e.router = doc, router
}

// build creates the fixture through the services as the system, and signs every user in
// through the API.
func (e *env) build(t *testing.T) {
	t.Helper()
	e.R = e.org(t, 0, "测试区委", domain.OrgRegion)
	e.C = e.org(t, e.R, "甲党委", domain.OrgCommittee)
	e.A = e.org(t, e.C, "甲一支部", domain.OrgBranch)
	e.GA = e.org(t, e.A, "第一党小组", domain.OrgGroup)
	e.B = e.org(t, e.C, "甲二支部", domain.OrgBranch)
	e.X = e.org(t, e.R, "乙党委", domain.OrgCommittee)
	e.XB = e.org(t, e.X, "乙支部", domain.OrgBranch)
	e.a1 = e.member(t, "a1", e.A, "张三", "19800101")
	e.a2 = e.member(t, "a2", e.A, "李四", "19810202")
	e.b1 = e.member(t, "b1", e.B, "王五", "19820303")
	e.b2 = e.member(t, "b2", e.B, "赵六", "19830404")
	e.x1 = e.member(t, "x1", e.XB, "孙七", "19840505")
	e.user(t, "admin", 0, domain.Grant{Role: domain.RoleAdmin})
	e.user(t, "secA", 0, domain.Grant{Role: domain.RoleSecretary, OrgID: e.A})
	e.user(t, "orgadm", 0, domain.Grant{Role: domain.RoleOrgAdmin, OrgID: e.C})
	e.user(t, "auditor", 0, domain.Grant{Role: domain.RoleAuditor, OrgID: e.C})
	e.user(t, "plain", e.a2, domain.Grant{Role: domain.RoleMember, OrgID: e.A})
	for name := range e.users {
		e.tokens[name] = e.login(t, name)
	}
}

func (e *env) org(t *testing.T, parent int64, name string, typ domain.OrgType) int64 {
	t.Helper()
	ty := string(typ)
	in := org.Input{Name: &name, Type: &ty}
	if parent != 0 {
		in.ParentID = &parent
	}
	v, err := e.set.Orgs.Create(context.Background(), auth.SystemActor(), in)
	if err != nil {
		t.Fatalf("fixture org %s: %v", name, err)
	}
	return v.ID
}

// idNumber returns a fresh valid ID number for a birth date YYYYMMDD (odd sequence: male).
func (e *env) idNumber(birth string) string {
	e.seq++
	first17 := fmt.Sprintf("110105%s%03d", birth, (2*e.seq+1)%1000)
	return first17 + string(domain.IDNumberCheckChar(first17))
}

func (e *env) member(t *testing.T, key string, orgID int64, name, birth string) int64 {
	t.Helper()
	id := e.idNumber(birth)
	// Joined at 30: old enough, and long enough ago to be in the past.
	cat, joined, phone := domain.CategoryFull, fmt.Sprintf("%d-07-01", mustAtoi(birth[:4])+30), fmt.Sprintf("1380000%04d", e.seq)
	m, err := e.set.Members.Create(context.Background(), auth.SystemActor(), member.Input{Name: &name, IDNumber: &id,
		OrgID: &orgID, Category: &cat, JoinedOn: &joined, Phone: &phone})
	if err != nil {
		t.Fatalf("fixture member %s: %v", name, err)
	}
	e.idNumbers[key] = id
	return m.ID
}

func mustAtoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func (e *env) user(t *testing.T, username string, memberID int64, grants ...domain.Grant) {
	t.Helper()
	ctx := context.Background()
	u := &domain.User{Username: username, MemberID: memberID, Grants: grants}
	err := e.set.DB.WriteTx(ctx, func(q *store.Q) error { return q.InsertUser(ctx, u, passwordHash()) })
	if err != nil {
		t.Fatalf("fixture user %s: %v", username, err)
	}
	e.users[username] = u.ID
}

// login gets a token through POST /auth/tokens.
func (e *env) login(t *testing.T, username string) string {
	t.Helper()
	res := e.do(t, "POST", "/api/v1/auth/tokens", "", map[string]string{"username": username, "password": password})
	if res.status != 201 {
		t.Fatalf("login %s: %d %s", username, res.status, res.body)
	}
	return res.str("token")
}

// response is what a request got back.
type response struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

// str returns a top-level string field.
func (r *response) str(key string) string { s, _ := r.json[key].(string); return s }

// items returns the items of a list response.
func (r *response) items() []map[string]any {
	raw, _ := r.json["items"].([]any)
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i], _ = v.(map[string]any)
	}
	return out
}

// itemIDs returns the ids of a list response's items.
func (r *response) itemIDs() []string {
	var ids []string
	for _, it := range r.items() {
		ids = append(ids, fmt.Sprint(it["id"]))
	}
	return ids
}

// errCode and errFields read the error envelope.
func (r *response) errCode() string {
	e, _ := r.json["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func (r *response) errFields() map[string]any {
	e, _ := r.json["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	return f
}

// do sends a request as user ("" for none) and validates the response against the OpenAPI
// document: every response body a test receives is checked, so the document cannot drift.
// body is nil, a string or []byte (sent as is), or a value (sent as JSON).
func (e *env) do(t *testing.T, method, path, user string, body any, headers ...string) *response {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	rep := e.replacer()
	path = rep.Replace(path)
	if s, ok := body.(string); ok {
		raw = []byte(rep.Replace(s))
	}
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		token, ok := e.tokens[user]
		if !ok {
			token = user // a raw (bad) token
		}
		req.Header.Set("Authorization", "Bearer "+token)
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
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	if err := json.Unmarshal(out.body, &out.json); err != nil {
		t.Errorf("%s %s: response is not a JSON object: %v\n%s", method, path, err, out.body)
	}
	e.validate(t, req, raw, out)
	return out
}

// validate checks a response against the document, failing the test when it does not match.
func (e *env) validate(t *testing.T, req *http.Request, reqBody []byte, res *response) {
	t.Helper()
	if err := e.check(req, reqBody, res); err != nil {
		t.Errorf("%s %s → %d does not match the OpenAPI document: %v\n%s", req.Method, req.URL.String(), res.status, err, res.body)
	}
}

// check validates a response: status, headers and body must be what the document says for
// the operation. Requests that match no documented operation (unknown paths, other methods)
// must be 404/405 errors in the error schema.
func (e *env) check(req *http.Request, reqBody []byte, res *response) error {
	ctx := context.Background()
	vreq := req.Clone(ctx)
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	// The document's server is the relative "/api/v1", which kin-openapi matches against the
	// URL as written: give it the path alone.
	vreq.URL = &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery}
	route, pathParams, err := e.router.FindRoute(vreq)
	if err != nil {
		if res.status != 404 && res.status != 405 {
			return fmt.Errorf("no documented operation, yet status %d", res.status)
		}
		var v any
		if err := json.Unmarshal(res.body, &v); err != nil {
			return err
		}
		return e.doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: pathParams, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status:  res.status,
		Header:  res.header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	input.SetBodyBytes(res.body)
	return openapi3filter.ValidateResponse(ctx, input)
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// replacer turns placeholders in test tables into the fixture's ids: {A} is branch A,
// {a1} member a1, {u:secA} the user secA, {id:a1} a1's clear ID number.
func (e *env) replacer() *strings.Replacer {
	pairs := []string{"{R}", fmt.Sprint(e.R), "{C}", fmt.Sprint(e.C), "{A}", fmt.Sprint(e.A), "{GA}", fmt.Sprint(e.GA),
		"{B}", fmt.Sprint(e.B), "{X}", fmt.Sprint(e.X), "{XB}", fmt.Sprint(e.XB), "{a1}", fmt.Sprint(e.a1),
		"{a2}", fmt.Sprint(e.a2), "{b1}", fmt.Sprint(e.b1), "{b2}", fmt.Sprint(e.b2), "{x1}", fmt.Sprint(e.x1)}
	for name, id := range e.users {
		pairs = append(pairs, "{u:"+name+"}", fmt.Sprint(id))
	}
	for key, v := range e.extra {
		pairs = append(pairs, "{"+key+"}", v)
	}
	for key, id := range e.idNumbers {
		pairs = append(pairs, "{id:"+key+"}", id, "{mask:"+key+"}", domain.MaskIDNumber(id))
	}
	return strings.NewReplacer(pairs...)
}
