package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

var entryLocation = regexp.MustCompile(`^/funds/entries/(\d+)$`)

// The fund pages end to end: the secretary records income with an invoice (amount in yuan,
// a double submission posting once) and a voluntary payment, files a spending request that
// an officer above approves (not the secretary), the report shows the sums and charts and
// downloads as PDF, publication opens it to the branch's member on their phone page, and
// another branch's secretary sees nothing of it.
func TestFundPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx := context.Background()
		_, err := f.Set.Accounts.Create(ctx, auth.SystemActor(), account.Input{Username: ptr("secretary_b"), Password: ptr(testPassword),
			DisplayName: ptr("secretary_b"), Grants: &[]account.GrantInput{{Role: domain.RoleSecretary, OrgID: f.BranchB.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		year := time.Now().In(domain.Shanghai).Year()
		today := time.Now().In(domain.Shanghai).Format("2006-01-02")
		orgA := fmt.Sprint(f.BranchA.ID)
		sec := newClient(t, base)
		sec.login("secretary_a")
		if res := sec.get("/funds?org_id=" + orgA); res.Status != 200 || !strings.Contains(res.Body, "党建经费台账") || !strings.Contains(res.Body, `data-testid="new-income"`) {
			t.Fatalf("ledger: %d\n%.2000s", res.Status, res.Body)
		}
		if res := sec.get("/funds/new?kind=income&org_id=" + orgA); res.Status != 200 || !strings.Contains(res.Body, `value="union_fees"`) ||
			!strings.Contains(res.Body, "职工教育经费提取（8%）") || !strings.Contains(res.Body, `name="idempotency_key"`) {
			t.Fatalf("income form: %d\n%.3000s", res.Status, res.Body)
		}
		income := url.Values{"org_id": {orgA}, "kind": {"income"}, "category": {"union_fees"}, "amount": {"3,000.00"},
			"date": {today}, "description": {"上半年工会经费"}, "idempotency_key": {"form-1"}}
		res := sec.upload("/funds/entries", income, "files", "发票.pdf", []byte("%PDF-1.4 invoice"))
		m := entryLocation.FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("record income: %d %q\n%.2000s", res.Status, res.Location, res.Body)
		}
		if again := sec.upload("/funds/entries", income, "files", "发票.pdf", []byte("%PDF-1.4 invoice")); again.Location != res.Location {
			t.Errorf("double submission: %q, want %q", again.Location, res.Location)
		}
		page := sec.get(res.Location)
		if !strings.Contains(page.Body, "3,000.00") || !strings.Contains(page.Body, "发票.pdf") || !strings.Contains(page.Body, `data-testid="reverse-form"`) {
			t.Errorf("income page:\n%.3000s", page.Body)
		}
		bad := income
		bad.Set("amount", "12.345")
		bad.Set("idempotency_key", "form-2")
		if res := sec.post("/funds/entries", bad); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "最多两位小数") {
			t.Errorf("bad amount: %d\n%.2000s", res.Status, res.Body)
		}
		vol := url.Values{"org_id": {orgA}, "kind": {"income"}, "category": {"voluntary"}, "amount": {"1000"}, "date": {today},
			"description": {"自愿多交党费"}, "payer_name": {"李明"}, "idempotency_key": {"form-3"}}
		if res := sec.post("/funds/entries", vol); res.Status != http.StatusSeeOther {
			t.Fatalf("voluntary: %d\n%.2000s", res.Status, res.Body)
		} else if page := sec.get(res.Location); !strings.Contains(page.Body, `data-testid="to-remit"`) || !strings.Contains(page.Body, `data-testid="remit-form"`) {
			t.Errorf("voluntary page lacks the remittance:\n%.3000s", page.Body)
		}
		spend := url.Values{"org_id": {orgA}, "kind": {"spending"}, "category": {"activities"}, "amount": {"500"}, "date": {today},
			"description": {"红色教育活动"}, "idempotency_key": {"form-4"}}
		res = sec.post("/funds/entries", spend)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("spending: %d\n%.2000s", res.Status, res.Body)
		}
		spendPath := res.Location
		if page := sec.get(spendPath); strings.Contains(page.Body, `data-testid="decide"`) || !strings.Contains(page.Body, "待审批") {
			t.Errorf("the secretary may decide their own request:\n%.2000s", page.Body)
		}
		if res := sec.post(spendPath+"/approve", url.Values{}); res.Status != http.StatusForbidden {
			t.Errorf("own approval: %d", res.Status)
		}
		admin := newClient(t, base)
		admin.login("admin")
		if q := admin.get("/funds/approvals"); !strings.Contains(q.Body, "红色教育活动") {
			t.Errorf("approvals queue:\n%.2000s", q.Body)
		}
		if res := admin.post(spendPath+"/approve", url.Values{"next": {"/funds/approvals"}}); res.Status != http.StatusSeeOther || res.Location != "/funds/approvals" {
			t.Fatalf("approve: %d %q", res.Status, res.Location)
		}
		if page := sec.get(spendPath); !strings.Contains(page.Body, "已批准") || !strings.Contains(page.Body, `data-testid="decided-by">admin`) {
			t.Errorf("approved request:\n%.2000s", page.Body)
		}
		report := sec.get(fmt.Sprintf("/funds/report?org_id=%s&year=%d", orgA, year))
		for _, want := range []string{`data-testid="income-chart"`, `data-testid="monthly-chart"`, "工会经费", "自愿多交党费", "组织活动",
			`data-testid="closing">3,500.00<`, `data-testid="income">4,000.00<`, "李明", `data-testid="publish"`, "echarts.min.js"} {
			if !strings.Contains(report.Body, want) {
				t.Errorf("report page lacks %q", want)
			}
		}
		if pdf := sec.get(fmt.Sprintf("/funds/report.pdf?org_id=%s&year=%d", orgA, year)); pdf.Status != 200 || !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Errorf("PDF: %d", pdf.Status)
		}
		member := newClient(t, base)
		member.login("zhangsan")
		if res := member.get("/my/funds"); res.Status != 200 || !strings.Contains(res.Body, `data-testid="no-reports"`) {
			t.Errorf("member before publication: %d\n%.2000s", res.Status, res.Body)
		}
		if res := member.get("/funds?org_id=" + orgA); res.Status != http.StatusForbidden {
			t.Errorf("member on the ledger: %d", res.Status)
		}
		if res := sec.post("/funds/report/publish", url.Values{"org_id": {orgA}, "year": {fmt.Sprint(year)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%.2000s", res.Status, res.Body)
		}
		mine := member.get("/my/funds")
		for _, want := range []string{"甲公司第一党支部", "工会经费", `data-testid="closing">3,500.00<`, "data-chart=", `name="viewport"`} {
			if !strings.Contains(mine.Body, want) {
				t.Errorf("member's page lacks %q", want)
			}
		}
		if strings.Contains(mine.Body, "李明") {
			t.Error("the member's page names the voluntary payer")
		}
		if res := member.get(fmt.Sprintf("/funds/report.pdf?org_id=%s&year=%d", orgA, year)); res.Status != 200 {
			t.Errorf("member's PDF: %d", res.Status)
		}
		other := newClient(t, base)
		other.login("secretary_b")
		if res := other.get(spendPath); res.Status != http.StatusNotFound {
			t.Errorf("another branch's secretary on the entry: %d", res.Status)
		}
		if res := other.get(fmt.Sprintf("/funds/report?org_id=%s&year=%d", orgA, year)); res.Status != http.StatusNotFound {
			t.Errorf("another branch's secretary on the report: %d", res.Status)
		}
		if res := sec.post("/funds/entries", url.Values{"org_id": {orgA}, "kind": {"income"}, "category": {"other"}, "amount": {"1"},
			"date": {today}, "description": {"x"}, "idempotency_key": {"form-5"}}); res.Status != http.StatusConflict {
			t.Errorf("posting into the published year: %d", res.Status)
		}
	})
}
