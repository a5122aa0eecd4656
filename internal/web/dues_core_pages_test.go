package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// The public calculator answers without signing in, in Chinese and English, on the rates of
// RULES.md; a base that is not an amount is refused beside its field.
func TestDuesCalculatorPage(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		res := c.get("/dues/calculator?category=in_service&base=3000.01")
		for _, want := range []string{`data-testid="dues-calc-amount" data-fen="3010"`, `data-testid="dues-calc-rate">1%<`, "党费计算器",
			`data-testid="dues-rates"`, "5000.01 – 10000.00", `name="viewport"`} {
			if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
				t.Fatalf("calculator: %d, missing %q\n%.2000s", res.Status, want, res.Body)
			}
		}
		res = c.get("/dues/calculator?category=retired&base=5000")
		if !strings.Contains(res.Body, `data-fen="2500"`) {
			t.Errorf("retired 5000: %.500s", res.Body)
		}
		res = c.get("/dues/calculator?category=student")
		if !strings.Contains(res.Body, `data-fen="20"`) {
			t.Errorf("student: %.500s", res.Body)
		}
		res = c.get("/dues/calculator?category=in_service&base=12.345")
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="base"`) || strings.Contains(res.Body, "dues-calc-result") {
			t.Errorf("bad base: %d", res.Status)
		}
		res = c.get("/dues/calculator?category=in_service&base=20000", "Accept-Language", "en-US")
		if !strings.Contains(res.Body, "Dues calculator") || !strings.Contains(res.Body, `data-fen="40000"`) || !strings.Contains(res.Body, "In service") {
			t.Errorf("English: %.800s", res.Body)
		}
	})
}

// The secretary sets 张三's dues profile on his page, generates the month's bills (twice:
// the second makes none), sees them with the payments bar; 张三 applies for relief, the
// branch agrees, the committee above approves and the bill is repriced; the payroll import
// page checks an upload.
func TestDuesCorePages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx := context.Background()
		secCA, err := f.Set.Accounts.Create(ctx, auth.SystemActor(), account.Input{Username: ptr("secretary_ca"),
			Password: ptr(testPassword), Grants: &[]account.GrantInput{{Role: domain.RoleSecretary, OrgID: f.CommA.ID}}})
		if err != nil || secCA == nil {
			t.Fatal(err)
		}
		month := webDuesMonth(0)
		sec := newClient(t, base)
		sec.login("secretary_a")

		// The member page loads the dues section.
		res := sec.get(fmt.Sprintf("/members/%d", f.MemberA.ID))
		if !strings.Contains(res.Body, fmt.Sprintf(`hx-get="/members/%d/dues"`, f.MemberA.ID)) {
			t.Fatalf("member page has no dues slot")
		}
		res = sec.get(fmt.Sprintf("/members/%d/dues", f.MemberA.ID), "HX-Request", "true")
		if res.Status != 200 || strings.Contains(res.Body, "<html") || !strings.Contains(res.Body, `data-testid="dues-no-profile"`) ||
			!strings.Contains(res.Body, `data-testid="dues-profile-form"`) {
			t.Fatalf("dues section: %d %.1500s", res.Status, res.Body)
		}
		form := url.Values{"category": {"in_service"}, "base": {"6543.215"}, "from_month": {webDuesMonth(-1)}}
		res = sec.post(fmt.Sprintf("/members/%d/dues", f.MemberA.ID), form)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="base"`) {
			t.Fatalf("three decimals: %d", res.Status)
		}
		form.Set("base", "6543.21")
		form.Set("return_to", fmt.Sprintf("/members/%d/dues?saved=1", f.MemberA.ID))
		res = sec.post(fmt.Sprintf("/members/%d/dues", f.MemberA.ID), form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("save profile: %d %.800s", res.Status, res.Body)
		}
		res = sec.get(res.Location)
		if !strings.Contains(res.Body, `data-testid="dues-current-amount" data-fen="9820"`) || !strings.Contains(res.Body, `data-testid="dues-saved"`) {
			t.Fatalf("profile page: %.2000s", res.Body)
		}
		// The member sees the section but no form; another branch's member is not found.
		plain := newClient(t, base)
		plain.login("zhangsan")
		res = plain.get(fmt.Sprintf("/members/%d/dues", f.MemberA.ID))
		if res.Status != 200 || strings.Contains(res.Body, "dues-profile-form") {
			t.Errorf("member's own dues: %d", res.Status)
		}
		if res := sec.get(fmt.Sprintf("/members/%d/dues", f.MemberB.ID)); res.Status != http.StatusNotFound {
			t.Errorf("secretary A on B's member: %d", res.Status)
		}

		// Bills: generate twice.
		res = sec.get("/dues/bills")
		if res.Status != 200 || !strings.Contains(res.Body, `data-testid="dues-generate-form"`) || !strings.Contains(res.Body, `data-testid="dues-bills-none"`) {
			t.Fatalf("bills page: %d %.1500s", res.Status, res.Body)
		}
		gen := url.Values{"org_id": {fmt.Sprint(f.BranchA.ID)}, "month": {month}}
		res = sec.post("/dues/bills/generate", gen)
		if res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "generated=1") {
			t.Fatalf("generate: %d %q", res.Status, res.Location)
		}
		res = sec.get(res.Location)
		for _, want := range []string{`data-testid="dues-generated"`, "已生成 1 张账单", `data-testid="dues-bill"`, `data-testid="dues-count-unpaid">1<`,
			`form="dues-pay-form"`, `data-testid="dues-pay-form"`} {
			if !strings.Contains(res.Body, want) {
				t.Fatalf("after generating: missing %q\n%.3000s", want, res.Body)
			}
		}
		res = sec.get(sec.post("/dues/bills/generate", gen).Location)
		if !strings.Contains(res.Body, "已生成 0 张账单，1 名党员本月账单已存在") {
			t.Errorf("second generation: %.1500s", res.Body)
		}
		if res := sec.post("/dues/bills/generate", url.Values{"org_id": {fmt.Sprint(f.BranchB.ID)}, "month": {month}}); res.Status != http.StatusForbidden {
			t.Errorf("generate for B: %d", res.Status)
		}
		res = sec.get("/dues/bills?status=paid&month=" + month)
		if strings.Contains(res.Body, `data-testid="dues-bill"`) {
			t.Errorf("status filter")
		}

		// Relief: 张三 applies, the branch agrees, the committee approves.
		res = plain.get("/dues/hardship/new")
		if res.Status != 200 || !strings.Contains(res.Body, "张三") {
			t.Fatalf("apply form: %d", res.Status)
		}
		apply := url.Values{"member_id": {fmt.Sprint(f.MemberA.ID)}, "kind": {"reduce"}, "amount": {"1.00"}, "from_month": {month},
			"to_month": {webDuesMonth(2)}, "reason": {""}}
		res = plain.post("/dues/hardship", apply)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="reason"`) {
			t.Fatalf("no reason: %d", res.Status)
		}
		apply.Set("reason", "家人重病")
		res = plain.post("/dues/hardship", apply)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("apply: %d %.500s", res.Status, res.Body)
		}
		hpath := res.Location
		res = sec.get("/dues/hardship")
		if !strings.Contains(res.Body, `data-testid="dues-hardship-pending"`) || !strings.Contains(res.Body, "张三") {
			t.Fatalf("pending for the branch: %.1500s", res.Body)
		}
		res = sec.get(hpath)
		if !strings.Contains(res.Body, `data-testid="dues-hardship-agree"`) || strings.Contains(res.Body, `data-testid="dues-hardship-approve"`) {
			t.Fatalf("branch step: %.1500s", res.Body)
		}
		if res := sec.post(hpath+"/agree", url.Values{"note": {"支委会同意"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("agree: %d", res.Status)
		}
		if res := sec.post(hpath+"/approve", url.Values{}); res.Status != http.StatusForbidden {
			t.Errorf("the branch approves itself: %d", res.Status)
		}
		upper := newClient(t, base)
		upper.login("secretary_ca")
		res = upper.get("/dues/hardship")
		if !strings.Contains(res.Body, `data-testid="dues-hardship-pending"`) {
			t.Fatalf("pending for the committee: %.1000s", res.Body)
		}
		if res := upper.post(hpath+"/approve", url.Values{"note": {"同意"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d", res.Status)
		}
		res = upper.get(hpath)
		if !strings.Contains(res.Body, `data-status="approved"`) {
			t.Fatalf("approved: %.1000s", res.Body)
		}
		res = sec.get("/dues/bills?month=" + month)
		if !regexp.MustCompile(`1\.00 <span class="text-secondary small text-decoration-line-through">98\.20`).MatchString(res.Body) {
			t.Errorf("repriced bill: %.3000s", res.Body)
		}

		// The payroll import: the form, the template, a dry run with an error row.
		res = sec.get("/dues/import")
		if res.Status != 200 || !strings.Contains(res.Body, `data-testid="dues-import-form"`) {
			t.Fatalf("import form: %d", res.Status)
		}
		if res := sec.get("/dues/import/template.xlsx"); res.Status != 200 || !strings.HasPrefix(res.Body, "PK") {
			t.Fatalf("template: %d", res.Status)
		}
		xf := excelize.NewFile()
		for i, row := range [][]any{{"党员编号", "月份", "基数（元）", "类别"}, {fmt.Sprint(f.MemberB.ID), month, "100", "在职"}} {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				xf.SetCellValue("Sheet1", cell, v)
			}
		}
		var file bytes.Buffer
		xf.WriteTo(&file)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("org_id", fmt.Sprint(f.BranchA.ID))
		mw.WriteField("mode", "dry")
		fw, _ := mw.CreateFormFile("file", "工资.xlsx")
		io.Copy(fw, &file)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, base+"/dues/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res = sec.do(req)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/dues/imports/") {
			t.Fatalf("upload: %d %.500s", res.Status, res.Body)
		}
		res = sec.get(res.Location)
		if res.Status != 200 || !strings.Contains(res.Body, `data-testid="dues-import-status"`) {
			t.Fatalf("import page: %d", res.Status)
		}
	})
}
