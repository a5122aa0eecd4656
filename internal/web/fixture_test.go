package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/account"
	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/services"
	"dangjian/internal/testutil"
	"dangjian/internal/web"
)

// testPassword satisfies the password rules for every fixture account.
const testPassword = "Test-Pass-2024"

// fixture is a small organisation tree with members and accounts, built through the
// services as an operator would.
//
//	示范区党工委 (region)
//	├── 甲公司党委 (committee)
//	│   └── 甲公司第一党支部 (branch A) ── 第一党小组 (group); member 张三
//	└── 乙公司党委 (committee)
//	    └── 乙公司党支部 (branch B); member 李四
type fixture struct {
	Set                       *services.Set
	Handler                   http.Handler // the console alone
	Region, CommA, BranchA    *org.View
	GroupA, CommB, BranchB    *org.View
	MemberA, MemberB          *domain.Member
	Admin, SecretaryA, PlainA *domain.User
}

// testConfig is an instance's configuration on a fresh database of the engine, with a temp
// data folder.
func testConfig(t testing.TB, engine string) config.Config {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.DB = testutil.MustDSN(t, engine)
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	cfg.SecretKeyFile = filepath.Join(dir, "secret.key")
	return cfg
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newFixture opens the services on a fresh database and serves the console alone, so
// these tests depend on no other surface.
func newFixture(t testing.TB, engine string) *fixture {
	t.Helper()
	set, err := app.Open(context.Background(), testConfig(t, engine), quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { set.DB.Close() })
	h, err := web.New(set)
	if err != nil {
		t.Fatal(err)
	}
	f := buildFixture(t, set)
	f.Handler = h
	return f
}

// validID builds a valid resident ID number from 17 digits.
func validID(first17 string) string {
	return first17 + string(domain.IDNumberCheckChar(first17))
}

func ptr[T any](v T) *T { return &v }

// buildFixture creates the fixture's organisations, members and accounts.
func buildFixture(t testing.TB, set *services.Set) *fixture {
	t.Helper()
	sys, ctx := auth.SystemActor(), context.Background()
	f := &fixture{Set: set}
	mkOrg := func(name string, typ domain.OrgType, parent *org.View) *org.View {
		in := org.Input{Name: ptr(name), Type: ptr(string(typ))}
		if parent != nil {
			in.ParentID = ptr(parent.ID)
		}
		o, err := set.Orgs.Create(ctx, sys, in)
		if err != nil {
			t.Fatalf("create org %s: %v", name, err)
		}
		return o
	}
	f.Region = mkOrg("示范区党工委", domain.OrgRegion, nil)
	f.CommA = mkOrg("甲公司党委", domain.OrgCommittee, f.Region)
	f.BranchA = mkOrg("甲公司第一党支部", domain.OrgBranch, f.CommA)
	f.GroupA = mkOrg("第一党小组", domain.OrgGroup, f.BranchA)
	f.CommB = mkOrg("乙公司党委", domain.OrgCommittee, f.Region)
	f.BranchB = mkOrg("乙公司党支部", domain.OrgBranch, f.CommB)

	mkMember := func(name, id17, phone string, branch *org.View) *domain.Member {
		m, err := set.Members.Create(ctx, sys, member.Input{Name: ptr(name), IDNumber: ptr(validID(id17)),
			Phone: ptr(phone), OrgID: ptr(branch.ID), Category: ptr(domain.CategoryFull), JoinedOn: ptr("2015-07-01"),
			FullMemberOn: ptr("2016-07-01"), Ethnicity: ptr("汉族")})
		if err != nil {
			t.Fatalf("create member %s: %v", name, err)
		}
		return m
	}
	f.MemberA = mkMember("张三", "11010519900307123", "13800138000", f.BranchA)
	f.MemberB = mkMember("李四", "11010519880512234", "13900139000", f.BranchB)

	mkUser := func(username, role string, orgID int64, memberID int64) *domain.User {
		in := account.Input{Username: ptr(username), Password: ptr(testPassword), DisplayName: ptr(username),
			Grants: &[]account.GrantInput{{Role: role, OrgID: orgID}}}
		if memberID != 0 {
			in.MemberID = ptr(memberID)
		}
		u, err := set.Accounts.Create(ctx, sys, in)
		if err != nil {
			t.Fatalf("create user %s: %v", username, err)
		}
		return u
	}
	f.Admin = mkUser("admin", domain.RoleAdmin, 0, 0)
	f.SecretaryA = mkUser("secretary_a", domain.RoleSecretary, f.BranchA.ID, 0)
	f.PlainA = mkUser("zhangsan", domain.RoleMember, f.BranchA.ID, f.MemberA.ID)
	return f
}

// client is a browser-like HTTP client with cookies that does not follow redirects, so
// tests see them.
type client struct {
	t    testing.TB
	base string
	http *http.Client
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(b), Header: res.Header, Location: res.Header.Get("Location")}
}

func (c *client) get(path string, headers ...string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

func (c *client) post(path string, form url.Values, headers ...string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

// login signs in and fails the test unless it worked.
func (c *client) login(username string) {
	c.t.Helper()
	res := c.post("/login", url.Values{"username": {username}, "password": {testPassword}, "next": {"/"}})
	if res.Status != http.StatusSeeOther || res.Location != "/" {
		c.t.Fatalf("login %s: status %d, location %q, body %.300s", username, res.Status, res.Location, res.Body)
	}
}
