package api_test

import (
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
)

func TestTokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.runScenarios(t, []scenario{
			{name: "right password gives a token", method: "POST", path: "/api/v1/auth/tokens",
				body: map[string]string{"username": "secA", "password": password}, status: 201,
				check: func(t *testing.T, e *env, r *response) {
					exp, err := time.Parse(time.RFC3339, r.str("expires_at"))
					if err != nil || !strings.HasSuffix(r.str("expires_at"), "Z") {
						t.Fatalf("expires_at %q: %v", r.str("expires_at"), err)
					}
					if d := time.Until(exp); d < 29*24*time.Hour || d > 31*24*time.Hour {
						t.Errorf("token lives %v, want 30 days", d)
					}
					if me := e.do(t, "GET", "/api/v1/me", r.str("token"), nil); me.status != 200 || !strings.Contains(string(me.body), `"username":"secA"`) {
						t.Errorf("the new token does not work: %d %s", me.status, me.body)
					}
				}},
			{name: "wrong password", method: "POST", path: "/api/v1/auth/tokens",
				body: map[string]string{"username": "secA", "password": "wrong"}, status: 401, code: "unauthorized"},
			{name: "unknown user", method: "POST", path: "/api/v1/auth/tokens",
				body: map[string]string{"username": "nobody", "password": password}, status: 401, code: "unauthorized"},
			{name: "missing password", method: "POST", path: "/api/v1/auth/tokens",
				body: map[string]string{"username": "secA"}, status: 422, code: "invalid", fields: []string{"password"}},
			{name: "unknown field", method: "POST", path: "/api/v1/auth/tokens",
				body: `{"username":"secA","password":"x","remember":true}`, status: 400, code: "bad_request", fields: []string{"remember"}},
			{name: "no token", method: "GET", path: "/api/v1/me", status: 401, code: "unauthorized",
				check: func(t *testing.T, e *env, r *response) {
					if got := r.header.Get("WWW-Authenticate"); got != `Bearer realm="dangjian"` {
						t.Errorf("WWW-Authenticate %q", got)
					}
				}},
			{name: "bad token", method: "GET", path: "/api/v1/orgs", user: "dj_not-a-token", status: 401, code: "unauthorized",
				check: func(t *testing.T, e *env, r *response) {
					if got := r.header.Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) {
						t.Errorf("WWW-Authenticate %q", got)
					}
				}},
			{name: "basic auth is not a bearer token", method: "GET", path: "/api/v1/me", header: []string{"Authorization", "Basic c2VjQTp4"},
				status: 401, code: "unauthorized"},
			{name: "every protected route needs the token", method: "POST", path: "/api/v1/members", body: map[string]any{},
				status: 401, code: "unauthorized"},
			{name: "the document needs none", method: "GET", path: "/api/v1/openapi.json", status: 200, has: []string{`"openapi":"3.1.0"`}},
		})
	})
}

// Five failures lock the account: the sixth attempt answers 429 even with the right
// password, and other accounts are not affected.
func TestLoginLockout(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.user(t, "locky", 0, domain.Grant{Role: domain.RoleSecretary, OrgID: e.A})
		for i := 1; i <= 5; i++ {
			r := e.do(t, "POST", "/api/v1/auth/tokens", "", map[string]string{"username": "locky", "password": "Wrong-pass-1"})
			if r.status != 401 || r.errCode() != "unauthorized" {
				t.Fatalf("failure %d: %d %s", i, r.status, r.body)
			}
		}
		r := e.do(t, "POST", "/api/v1/auth/tokens", "", map[string]string{"username": "locky", "password": password})
		if r.status != 429 || r.errCode() != "locked" {
			t.Fatalf("6th attempt with the right password: %d %s, want 429 locked", r.status, r.body)
		}
		if strings.Contains(string(r.body), `"token"`) {
			t.Fatal("a locked account got a token")
		}
		r = e.do(t, "POST", "/api/v1/auth/tokens", "", map[string]string{"username": "locky", "password": password},
			"Accept-Language", "en-US,en;q=0.9")
		if r.status != 429 || !strings.Contains(string(r.body), "locked") {
			t.Errorf("English lock message: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", "/api/v1/auth/tokens", "", map[string]string{"username": "secA", "password": password}); r.status != 201 {
			t.Errorf("another account is affected: %d %s", r.status, r.body)
		}
	})
}
