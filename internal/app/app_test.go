package app_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"dangjian/internal/account"
	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/testutil"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newKey() string {
	k := make([]byte, 32)
	rand.Read(k)
	return base64.StdEncoding.EncodeToString(k)
}

func testConfig(t *testing.T, dsn, key string) config.Config {
	c := config.Default()
	c.DB, c.SecretKey, c.DataDir = dsn, key, t.TempDir()
	if err := c.Finish(); err != nil {
		t.Fatal(err)
	}
	return c
}

// Two instances on one database with one key behave as one: a session made on one is valid
// on the other, and a member written by one is readable, numbers included, on the other.
func TestTwoInstancesShareState(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			cfg := testConfig(t, testutil.MustDSN(t, engine), newKey())
			var apps [2]*app.App
			var errs [2]error
			var wg sync.WaitGroup
			for i := range apps { // they start together, migrating the same database
				wg.Add(1)
				go func() { defer wg.Done(); apps[i], errs[i] = app.New(ctx, cfg, quiet) }()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("instance %d: %v", i, err)
				}
				t.Cleanup(func() { apps[i].Close() })
			}
			one, two := apps[0].Services, apps[1].Services
			sys := auth.SystemActor()

			region, err := one.Orgs.Create(ctx, sys, orgInput("区委", "region", 0))
			if err != nil {
				t.Fatal(err)
			}
			branch, err := one.Orgs.Create(ctx, sys, orgInput("支部", "branch", region.ID))
			if err != nil {
				t.Fatal(err)
			}
			username, password := "sec", "Dangjian-2024"
			if _, err := one.Accounts.Create(ctx, sys, account.Input{Username: &username, Password: &password,
				Grants: &[]account.GrantInput{{Role: domain.RoleSecretary, OrgID: branch.ID}}}); err != nil {
				t.Fatal(err)
			}
			cookie, _, err := one.Auth.Login(ctx, username, password, "", "")
			if err != nil {
				t.Fatal(err)
			}
			actor, err := two.Auth.SessionActor(ctx, cookie, "")
			if err != nil || actor.Name() != "sec" {
				t.Fatalf("session from instance one on instance two: %v", err)
			}

			idNumber := testutil.IDNumber("19800101", 1)
			name, cat, joined := "张三", domain.CategoryFull, "2010-07-01"
			m, err := one.Members.Create(ctx, actor, member.Input{Name: &name, IDNumber: &idNumber, OrgID: &branch.ID, Category: &cat, JoinedOn: &joined})
			if err != nil {
				t.Fatal(err)
			}
			got, err := two.Members.Get(ctx, actor, m.ID, true)
			if err != nil || got.IDNumber != idNumber {
				t.Fatalf("reveal on instance two: %+v %v", got, err)
			}
			// The same ID number is a duplicate on either instance (the lookup hash is keyed alike).
			_, err = two.Members.Create(ctx, actor, member.Input{Name: &name, IDNumber: &idNumber, OrgID: &branch.ID, Category: &cat, JoinedOn: &joined})
			testutil.WantCode(t, err, domain.EConflict)
			if err := two.Auth.Logout(ctx, cookie); err != nil {
				t.Fatal(err)
			}
			_, err = one.Auth.SessionActor(ctx, cookie, "")
			testutil.WantCode(t, err, domain.EUnauthorized)

			// An instance with another key cannot open the numbers: the key must be shared.
			stranger, err := app.New(ctx, testConfig(t, cfg.DB, newKey()), quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer stranger.Close()
			if _, err := stranger.Services.Members.Get(ctx, sys, m.ID, true); err == nil {
				t.Fatal("revealed with the wrong key")
			}
		})
	}
}

func orgInput(name, typ string, parent int64) org.Input {
	in := org.Input{Name: &name, Type: &typ}
	if parent != 0 {
		in.ParentID = &parent
	}
	return in
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Code, rec.Body.String()
}

// /healthz answers while the process runs; /readyz only while the database answers.
func TestProbes(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			a, err := app.New(context.Background(), testConfig(t, testutil.MustDSN(t, engine), newKey()), quiet)
			if err != nil {
				t.Fatal(err)
			}
			if code, body := get(t, a.Handler, "/healthz"); code != 200 || body != "ok\n" {
				t.Fatalf("healthz %d %q", code, body)
			}
			if code, _ := get(t, a.Handler, "/readyz"); code != 200 {
				t.Fatalf("readyz %d", code)
			}
			a.Close()
			if code, _ := get(t, a.Handler, "/readyz"); code != http.StatusServiceUnavailable {
				t.Fatalf("readyz with the database closed: %d", code)
			}
			if code, _ := get(t, a.Handler, "/healthz"); code != 200 {
				t.Fatalf("healthz with the database closed: %d", code)
			}
		})
	}
}

// ServeListener serves until its context ends, then shuts down cleanly.
func TestServeListener(t *testing.T) {
	a, err := app.New(context.Background(), testConfig(t, testutil.MustDSN(t, "sqlite"), newKey()), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.ServeListener(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz over HTTP: %v", err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("did not shut down")
	}
}
