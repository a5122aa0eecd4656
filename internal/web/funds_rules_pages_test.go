package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// The sources and purposes page: the secretary sees the lists in force, and from a month on
// renames one source, retires another, adds a new one; the ledger links to it; a bad code is
// refused beside its field; a member and another branch's secretary are refused (403); the
// change is audited like the API's; both engines.
func TestFundRulesPage(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		meetingUser(t, f, "secretary_b", domain.RoleSecretary, f.BranchB.ID)
		orgA := fmt.Sprint(f.BranchA.ID)
		month := time.Now().In(domain.Shanghai).Format("2006-01")
		sec := newClient(t, base)
		sec.login("secretary_a")
		if r := sec.get("/funds?org_id=" + orgA); !strings.Contains(r.Body, `href="/funds/rules?org_id=`+orgA+`"`) {
			t.Fatalf("no link on the ledger: %.2000s", r.Body)
		}
		page := sec.get("/funds/rules?org_id=" + orgA)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "经费来源与用途") ||
			!strings.Contains(page.Body, `data-testid="rules-form"`) || !strings.Contains(page.Body, `<code>union_fees</code>`) ||
			!strings.Contains(page.Body, "工会经费") {
			t.Fatalf("rules page: %d %.3000s", page.Status, page.Body)
		}

		// The form as the page shows it: sources 0..5 in force (dues, union, league, appraisal,
		// education 8 %, other), 6..8 blank; purposes 0..4, 5..7 blank.
		form := url.Values{"org_id": {orgA}, "from": {month}, "src_n": {"9"}, "pur_n": {"8"}}
		for i, code := range []string{"dues", "union_fees", "league_fees", "appraisal_leftover", "education_share", "other"} {
			k := fmt.Sprint(i)
			form.Set("src_code_"+k, code)
			if code != "league_fees" { // retired
				form.Set("src_keep_"+k, "1")
			}
		}
		form.Set("src_share_4", "8")
		form.Set("src_name_1", "工会经费返还") // renamed
		for i := 6; i < 9; i++ {
			form.Set(fmt.Sprintf("src_new_%d", i), "1")
		}
		form.Set("src_code_6", "Bad Code")
		form.Set("src_name_6", "企业党建支持")
		for i, code := range []string{"education", "activities", "hardship", "materials", "other"} {
			form.Set(fmt.Sprintf("pur_code_%d", i), code)
			form.Set(fmt.Sprintf("pur_keep_%d", i), "1")
		}
		for i := 5; i < 8; i++ {
			form.Set(fmt.Sprintf("pur_new_%d", i), "1")
		}
		// A new line with a name and no code: the line's code field is named.
		form.Set("pur_name_5", "志愿服务")
		r := sec.post("/funds/rules", form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `data-error-for="pur_code_5">`) ||
			strings.Contains(r.Body, `data-error-for="pur_code_5"></div>`) || !strings.Contains(r.Body, `value="志愿服务"`) {
			t.Fatalf("missing code not named: %.3000s", r.Body)
		}
		form.Del("pur_name_5")
		// The service refuses the bad code: the sources list is named, the lines stay as typed.
		r = sec.post("/funds/rules", form)
		if r.Status != http.StatusUnprocessableEntity || strings.Contains(r.Body, `data-error-for="sources"></div>`) ||
			!strings.Contains(r.Body, `data-error-for="sources"`) || !strings.Contains(r.Body, `value="Bad Code"`) {
			t.Fatalf("bad code: %d %.3000s", r.Status, r.Body)
		}
		// A malformed month is named too.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("src_code_6", "corporate")
		bad.Set("from", "2025-13")
		if r := sec.post("/funds/rules", bad); r.Status != http.StatusUnprocessableEntity || strings.Contains(r.Body, `data-error-for="from"></div>`) {
			t.Fatalf("bad month: %d %.2000s", r.Status, r.Body)
		}

		form.Set("src_code_6", "corporate")
		r = sec.post("/funds/rules", form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/funds/rules?") {
			t.Fatalf("save: %d %s %.2000s", r.Status, r.Location, r.Body)
		}
		saved := sec.get(r.Location)
		if !strings.Contains(saved.Body, `data-testid="rules-saved"`) || !strings.Contains(saved.Body, "工会经费返还") ||
			!strings.Contains(saved.Body, "企业党建支持") || strings.Contains(saved.Body, `<li class="list-group-item d-flex justify-content-between" data-code="league_fees">`) {
			t.Fatalf("after saving: %.4000s", saved.Body)
		}
		ctx := context.Background()
		rules, err := f.Set.Funds.Rules(ctx, auth.SystemActor(), f.BranchA.ID, domain.Today(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, c := range rules.Sources {
			codes = append(codes, c.Code)
		}
		if got := strings.Join(codes, " "); got != "dues union_fees appraisal_leftover education_share other corporate voluntary" {
			t.Errorf("sources in force: %s", got)
		}
		if rules.Sources[3].SharePercent != 8 || rules.Sources[1].Name != "工会经费返还" {
			t.Errorf("sources: %+v", rules.Sources)
		}
		var n int
		if err := f.Set.DB.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'funds.rules.set' AND entity_id = $1`,
			f.BranchA.ID).Scan(&n); err != nil || n != 2 {
			t.Errorf("audit rows: %d %v", n, err)
		}
		// The day before the month still shows the old list.
		before, _ := time.Parse("2006-01", month)
		old := sec.get("/funds/rules?org_id=" + orgA + "&on=" + before.AddDate(0, 0, -1).Format("2006-01-02"))
		if !strings.Contains(old.Body, `data-code="league_fees"`) || strings.Contains(old.Body, "企业党建支持") {
			t.Errorf("the list before the month: %.3000s", old.Body)
		}

		member := newClient(t, base)
		member.login("zhangsan")
		if r := member.get("/funds/rules?org_id=" + orgA); r.Status != http.StatusForbidden {
			t.Errorf("member reads: %d", r.Status)
		}
		if r := member.post("/funds/rules", form); r.Status != http.StatusForbidden {
			t.Errorf("member sets: %d", r.Status)
		}
		other := newClient(t, base)
		other.login("secretary_b")
		if r := other.post("/funds/rules", form); r.Status != http.StatusForbidden {
			t.Errorf("another branch's secretary sets: %d %.500s", r.Status, r.Body)
		}
		if r := other.get("/funds/rules?org_id=" + orgA); r.Status != http.StatusNotFound {
			t.Errorf("another branch's secretary reads: %d", r.Status)
		}
	})
}
