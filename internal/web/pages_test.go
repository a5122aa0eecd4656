package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/testutil"
)

// forEachFixture runs fn per engine against a served fixture.
func forEachFixture(t *testing.T, fn func(t *testing.T, f *fixture, base string)) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			srv := httptest.NewServer(f.Handler)
			t.Cleanup(srv.Close)
			fn(t, f, srv.URL)
		})
	}
}

// Every console page renders for an admin, in Chinese by default.
func TestPagesRenderForAdmin(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("admin")
		cases := []struct {
			path string
			want []string
		}{
			{"/", []string{"首页", `data-testid="count-members">2<`, `data-testid="count-orgs">6<`, "data-chart=", "正式党员不足3人"}},
			{"/orgs", []string{`class="org-tree"`, "data-tree-filter", "甲公司第一党支部", "第一党小组", "新建顶级组织"}},
			{fmt.Sprintf("/orgs/%d", f.BranchA.ID), []string{"甲公司第一党支部", "张三", "编辑组织信息", "新建下级组织", "调整上级组织", "新增党员"}},
			{"/members", []string{"共 2 名党员", "张三", "李四", "110105********", "138****8000"}},
			{"/members?q=" + url.QueryEscape("张"), []string{"共 1 名党员", "张三"}},
			{"/members?q=13900139000", []string{"共 1 名党员", "李四"}},
			{fmt.Sprintf("/members?org_id=%d&subtree=1", f.CommB.ID), []string{"共 1 名党员", "李四"}},
			{"/members?category=probationary", []string{"共 0 名党员", "没有符合条件的党员"}},
			{fmt.Sprintf("/members/new?org_id=%d", f.BranchA.ID), []string{`name="id_number"`, `name="positions"`, "甲公司第一党支部"}},
			{fmt.Sprintf("/members/%d", f.MemberA.ID), []string{"张三", "110105********", "查看完整号码", "登记入册", "编辑党员信息"}},
			{"/users", []string{"secretary_a", "书记 · 甲公司第一党支部"}},
			{"/users/new", []string{`name="grant_role"`, `name="username"`}},
			{fmt.Sprintf("/users/%d", f.SecretaryA.ID), []string{"secretary_a", "重置密码"}},
			{"/audit", []string{"member.create", "org.create", "&#34;name&#34;"}},
			{"/audit?action=user.", []string{"user.create"}},
		}
		for _, tc := range cases {
			res := c.get(tc.path)
			if res.Status != http.StatusOK {
				t.Errorf("GET %s: status %d; body %.500s", tc.path, res.Status, res.Body)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("GET %s: body lacks %q", tc.path, w)
				}
			}
		}
		// A filter that excludes a member really excludes it.
		if res := c.get("/members?q=" + url.QueryEscape("张")); strings.Contains(res.Body, "李四") {
			t.Errorf("search for 张 lists 李四")
		}
		// The reveal shows the clear numbers once and is audited.
		res := c.post(fmt.Sprintf("/members/%d/reveal", f.MemberA.ID), nil)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, validID("11010519900307123")) || !strings.Contains(res.Body, "13800138000") {
			t.Errorf("reveal: status %d, clear numbers missing", res.Status)
		}
		if res := c.get("/audit?action=member.reveal"); !strings.Contains(res.Body, "member.reveal") {
			t.Errorf("reveal not in the audit log")
		}
	})
}

// A secretary of branch A sees branch A and nothing of branch B: not the org, not its
// members, not in lists.
func TestSecretaryScope(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("secretary_a")
		for _, path := range []string{fmt.Sprintf("/orgs/%d", f.BranchB.ID), fmt.Sprintf("/members/%d", f.MemberB.ID),
			fmt.Sprintf("/orgs/%d", f.CommB.ID), fmt.Sprintf("/members?org_id=%d", f.BranchB.ID)} {
			res := c.get(path)
			if res.Status != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, res.Status)
			}
			if strings.Contains(res.Body, "李四") || strings.Contains(res.Body, "乙公司") {
				t.Errorf("GET %s: leaks branch B", path)
			}
		}
		if res := c.get(fmt.Sprintf("/orgs/%d", f.BranchA.ID)); res.Status != http.StatusOK || !strings.Contains(res.Body, "张三") {
			t.Errorf("own branch: status %d", res.Status)
		}
		res := c.get("/members")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "张三") || strings.Contains(res.Body, "李四") {
			t.Errorf("member list: status %d, want only branch A", res.Status)
		}
		// The nav offers only what a secretary may use; users and audit answer 403.
		if strings.Contains(res.Body, `href="/users"`) || strings.Contains(res.Body, `href="/audit"`) {
			t.Errorf("secretary sees admin nav items")
		}
		for _, path := range []string{"/users", "/audit"} {
			if res := c.get(path); res.Status != http.StatusForbidden {
				t.Errorf("GET %s: status %d, want 403", path, res.Status)
			}
		}
		// Writing into branch B is refused even with a hand-made form (API.md: 403 on
		// write outside the scope), and reveals nothing.
		res = c.post(fmt.Sprintf("/orgs/%d", f.BranchB.ID), url.Values{"name": {"改名"}, "type": {"branch"}})
		if res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
			t.Errorf("update branch B: status %d, want 403 or 404", res.Status)
		}
		if strings.Contains(res.Body, "乙公司") {
			t.Errorf("refused update leaks branch B")
		}
		if o, _ := f.Set.Orgs.Get(context.Background(), auth.SystemActor(), f.BranchB.ID); o.Name != f.BranchB.Name {
			t.Errorf("branch B renamed to %q", o.Name)
		}
	})
}

// A plain member sees their own record on the home page and nothing else.
func TestPlainMemberHome(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("zhangsan")
		res := c.get("/")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "我的党员信息") || !strings.Contains(res.Body, "张三") {
			t.Fatalf("home: status %d; body %.400s", res.Status, res.Body)
		}
		if strings.Contains(res.Body, `href="/members"`) || strings.Contains(res.Body, `href="/orgs"`) {
			t.Errorf("plain member sees staff nav items")
		}
		if res := c.get(fmt.Sprintf("/members/%d", f.MemberA.ID)); res.Status != http.StatusOK || strings.Contains(res.Body, "编辑党员信息") {
			t.Errorf("own record: status %d or edit form shown", res.Status)
		}
		if res := c.get(fmt.Sprintf("/members/%d", f.MemberB.ID)); res.Status != http.StatusNotFound {
			t.Errorf("other member: status %d, want 404", res.Status)
		}
	})
}

// Signing in: the way back after login stays on this site; bad credentials are explained in
// the user's language; sessions end at logout.
func TestLoginFlow(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		res := c.get("/members?q=x")
		if res.Status != http.StatusSeeOther || res.Location != "/login?next="+url.QueryEscape("/members?q=x") {
			t.Fatalf("anonymous: status %d, location %q", res.Status, res.Location)
		}
		res = c.post("/login", url.Values{"username": {"admin"}, "password": {"wrong"}})
		if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, "用户名或密码错误") {
			t.Errorf("bad password: status %d", res.Status)
		}
		if strings.Contains(res.Body, `value="wrong"`) {
			t.Errorf("password echoed back")
		}
		res = c.post("/login", url.Values{"username": {"admin"}, "password": {"wrong"}}, "Cookie", "lang=en-US")
		if !strings.Contains(res.Body, "Wrong username or password") {
			t.Errorf("bad password in English: body lacks the English message")
		}
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
			res = c.post("/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {next}})
			if res.Status != http.StatusSeeOther || res.Location != "/" {
				t.Errorf("next=%q: location %q, want /", next, res.Location)
			}
		}
		res = c.post("/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {"/members?q=x"}})
		if res.Location != "/members?q=x" {
			t.Errorf("local next: location %q", res.Location)
		}
		var cookie *http.Cookie
		for _, ck := range (&http.Response{Header: res.Header}).Cookies() {
			if ck.Name == "dj_session" {
				cookie = ck
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Errorf("session cookie: %+v", cookie)
		}
		if res := c.get("/"); res.Status != http.StatusOK {
			t.Fatalf("home after login: %d", res.Status)
		}
		// The language switch sets the cookie and returns to the page.
		res = c.post("/language", url.Values{"lang": {"en-US"}, "next": {"/orgs"}})
		if res.Status != http.StatusSeeOther || res.Location != "/orgs" {
			t.Errorf("language: status %d, location %q", res.Status, res.Location)
		}
		if res := c.get("/orgs"); !strings.Contains(res.Body, "Expand all") || !strings.Contains(res.Body, `lang="en-US"`) {
			t.Errorf("English tree page not in English")
		}
		res = c.post("/logout", nil)
		if res.Status != http.StatusSeeOther || res.Location != "/login" {
			t.Errorf("logout: status %d, location %q", res.Status, res.Location)
		}
		if res := c.get("/"); res.Status != http.StatusSeeOther {
			t.Errorf("after logout: status %d, want redirect to login", res.Status)
		}
	})
}

// A rejected form comes back with the message beside the field and the values kept; a
// good one saves and redirects.
func TestMemberFormErrors(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("secretary_a")
		good := validID("11010519950101123")
		bad := good[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", good[17])+1)%11])
		form := url.Values{"name": {"王五"}, "id_number": {bad}, "org_id": {fmt.Sprint(f.BranchA.ID)},
			"category": {"probationary"}, "standing": {"normal"}, "joined_on": {"2024-07-01"}, "phone": {"13700137000"},
			"positions": {"group_leader"}}
		res := c.post("/members", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad id: status %d; body %.300s", res.Status, res.Body)
		}
		if !strings.Contains(res.Body, `data-error-for="id_number">身份证号校验位不正确，请核对</div>`) {
			t.Errorf("the checksum message is not beside id_number")
		}
		for _, kept := range []string{`value="王五"`, `value="` + bad + `"`, `value="13700137000"`, `value="group_leader" checked`} {
			if !strings.Contains(res.Body, kept) {
				t.Errorf("value %s not kept", kept)
			}
		}
		// English field errors come from the catalogue too.
		res = c.post("/members", form, "Cookie", "lang=en-US")
		if !strings.Contains(res.Body, "check character") {
			t.Errorf("English id_number message missing")
		}
		form.Set("id_number", good)
		res = c.post("/members", form)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/members/") {
			t.Fatalf("good form: status %d, location %q; body %.300s", res.Status, res.Location, res.Body)
		}
		if res := c.get("/members?q=" + good); !strings.Contains(res.Body, "王五") || !strings.Contains(res.Body, "共 1 名党员") {
			t.Errorf("new member not found by ID number")
		}
		// A duplicate ID number is a conflict shown beside the field.
		res = c.post("/members", form)
		if res.Status != http.StatusConflict || !strings.Contains(res.Body, `data-error-for="id_number">该身份证号的党员已在名册中`) {
			t.Errorf("duplicate: status %d", res.Status)
		}
		// Editing: an invalid date is shown beside its field on the member page.
		res = c.post(fmt.Sprintf("/members/%d", f.MemberA.ID), url.Values{"name": {"张三"}, "org_id": {fmt.Sprint(f.BranchA.ID)},
			"category": {"full"}, "standing": {"normal"}, "joined_on": {"2015-13-45"}, "full_member_on": {"2016-07-01"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="joined_on">日期格式`) {
			t.Errorf("edit with bad date: status %d", res.Status)
		}
	})
}

// Organisation forms: edit, create a child, move; errors stay beside their fields.
func TestOrgForms(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("admin")
		res := c.post("/orgs", url.Values{"name": {"新支部"}, "type": {"branch"}, "parent_id": {fmt.Sprint(f.CommA.ID)},
			"unit_credit_code": {"91110000600037341X"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="unit_credit_code">统一社会信用代码`) {
			t.Errorf("bad credit code: status %d", res.Status)
		}
		if !strings.Contains(res.Body, `value="新支部"`) {
			t.Errorf("child form values not kept")
		}
		res = c.post("/orgs", url.Values{"name": {"新支部"}, "type": {"branch"}, "parent_id": {fmt.Sprint(f.CommA.ID)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create child: status %d; %.300s", res.Status, res.Body)
		}
		res = c.post(fmt.Sprintf("/orgs/%d/move", f.BranchA.ID), url.Values{"parent_id": {fmt.Sprint(f.BranchB.ID)}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="parent_id">该类型的组织不能设在所选上级组织之下`) {
			t.Errorf("move under a branch: status %d", res.Status)
		}
		res = c.post(fmt.Sprintf("/orgs/%d/move", f.BranchA.ID), url.Values{"parent_id": {fmt.Sprint(f.CommB.ID)}})
		if res.Status != http.StatusSeeOther {
			t.Errorf("move: status %d", res.Status)
		}
		res = c.post(fmt.Sprintf("/orgs/%d", f.BranchA.ID), url.Values{"name": {""}, "type": {"branch"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="name">必填`) {
			t.Errorf("edit with empty name: status %d", res.Status)
		}
		res = c.post(fmt.Sprintf("/orgs/%d", f.BranchA.ID), url.Values{"name": {"甲公司第一党支部（新）"}, "type": {"branch"}, "term_started_on": {"2024-01-01"}})
		if res.Status != http.StatusSeeOther {
			t.Errorf("edit: status %d", res.Status)
		}
		if res := c.get(fmt.Sprintf("/orgs/%d", f.BranchA.ID)); !strings.Contains(res.Body, "甲公司第一党支部（新）") || !strings.Contains(res.Body, "2027-01-01") {
			t.Errorf("edit not shown (name or computed term end)")
		}
	})
}

// Users: create with grants, errors beside fields, edit.
func TestUserForms(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("admin")
		res := c.post("/users", url.Values{"username": {"x"}, "password": {"short"}, "grant_role": {"secretary", ""},
			"grant_org": {fmt.Sprint(f.BranchB.ID), ""}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="username">用户名为3到64位`) ||
			!strings.Contains(res.Body, `data-error-for="password">密码至少8位`) {
			t.Errorf("bad user: status %d", res.Status)
		}
		if strings.Contains(res.Body, `value="short"`) {
			t.Errorf("password echoed back")
		}
		res = c.post("/users", url.Values{"username": {"secretary_b"}, "password": {testPassword}, "grant_role": {"secretary", ""},
			"grant_org": {fmt.Sprint(f.BranchB.ID), ""}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create user: status %d; %.300s", res.Status, res.Body)
		}
		res = c.get(res.Location)
		if !strings.Contains(res.Body, "已保存") || !strings.Contains(res.Body, fmt.Sprintf(`value="%d" selected`, f.BranchB.ID)) {
			t.Errorf("new user's grant not shown")
		}
		c2 := newClient(t, base)
		c2.login("secretary_b")
		if res := c2.get(fmt.Sprintf("/members/%d", f.MemberB.ID)); res.Status != http.StatusOK {
			t.Errorf("new secretary cannot read their branch: %d", res.Status)
		}
	})
}

// Cross-site form posts are refused before any handler runs.
func TestCrossOriginRefused(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("admin")
		res := c.post(fmt.Sprintf("/orgs/%d", f.BranchA.ID), url.Values{"name": {"hijack"}, "type": {"branch"}},
			"Sec-Fetch-Site", "cross-site")
		if res.Status != http.StatusForbidden {
			t.Errorf("cross-site post: status %d, want 403", res.Status)
		}
		if res := c.get(fmt.Sprintf("/orgs/%d", f.BranchA.ID)); strings.Contains(res.Body, "hijack") {
			t.Errorf("cross-site post changed the org")
		}
	})
}

// Static files carry a content version and may be cached for a year at that version.
func TestStaticFiles(t *testing.T) {
	f := newFixture(t, "sqlite")
	srv := httptest.NewServer(f.Handler)
	defer srv.Close()
	c := newClient(t, srv.URL)
	res := c.get("/login")
	i := strings.Index(res.Body, "/static/app.css?v=")
	if i < 0 {
		t.Fatalf("login page has no versioned app.css")
	}
	href := res.Body[i : i+strings.IndexByte(res.Body[i:], '"')]
	res = c.get(href, "Accept-Encoding", "gzip")
	if res.Status != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") ||
		res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("versioned css: status %d, headers %v", res.Status, res.Header)
	}
	if res := c.get("/static/app.css?v=old"); strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("stale version cached for a year")
	}
	if res := c.get("/static/nothing.js"); res.Status != http.StatusNotFound {
		t.Errorf("missing static file: %d", res.Status)
	}
}
