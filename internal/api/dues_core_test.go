package api_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/dues"
)

// duesCoreFixture gives a1, a2, b1 and x1 dues profiles, generates this month's bills of the
// region as the system and opens hardship applications: {hA} for a2 (waiting for branch A),
// {hB} for b1 (waiting for branch B), {hX} for x1. {billA2} and {billX} are this month's bills of a2
// and x1; {M} is this month.
func (e *env) duesCoreFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	month := duesMonth(0)
	e.extra["M"] = month
	for _, m := range []struct {
		id   int64
		base int64
	}{{e.a1, 654321}, {e.a2, 300000}, {e.b1, 500001}, {e.x1, 1000001}} {
		if _, err := e.set.Dues.SetProfile(ctx, sys, m.id, dues.ProfileInput{Category: "in_service", BaseFen: m.base, FromMonth: duesMonth(-12)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.set.Dues.GenerateNow(ctx, sys, dues.GenerateInput{OrgID: e.R, Month: month}); err != nil {
		t.Fatal(err)
	}
	bills, _, err := e.set.Dues.Bills(ctx, sys, dues.BillFilter{Month: month})
	if err != nil || len(bills) != 5-1 { // b2 has no profile
		t.Fatalf("fixture bills: %v %v", bills, err)
	}
	for _, b := range bills {
		switch b.MemberID {
		case e.a2:
			e.extra["billA2"] = fmt.Sprint(b.ID)
		case e.x1:
			e.extra["billX"] = fmt.Sprint(b.ID)
		}
	}
	for key, id := range map[string]int64{"hA": e.a2, "hB": e.b1, "hX": e.x1} {
		h, err := e.set.Dues.ApplyHardship(ctx, sys, dues.HardshipInput{MemberID: id, Kind: "exempt", FromMonth: duesMonth(1),
			ToMonth: duesMonth(2), Reason: "困难"})
		if err != nil {
			t.Fatal(err)
		}
		e.extra[key] = fmt.Sprint(h.ID)
	}
}

func profileBody(base int64) func(*env, string) any {
	return func(*env, string) any {
		return map[string]any{"category": "in_service", "base_fen": base, "from_month": duesMonth(-1)}
	}
}

// hardshipBody applies for member for months of its own per user, so successful ones do not
// overlap.
func hardshipBody(member string) func(*env, string) any {
	return func(e *env, user string) any {
		n := map[string]int{"admin": 3, "secA": 4, "orgadm": 5, "auditor": 6, "plain": 7}[user]
		return map[string]any{"member_id": member, "kind": "reduce", "amount_fen": 50, "from_month": duesMonth(n),
			"to_month": duesMonth(n), "reason": "家庭困难"}
	}
}

// duesCoreMatrix: admin secA orgadm auditor plain (a2's account).
var duesCoreMatrix = []pointsRow{
	row("POST", "/api/v1/dues/calculate", body(map[string]any{"category": "retired", "base_fen": 500001}), [5]int{200, 200, 200, 200, 200}),

	row("GET", "/api/v1/members/{a1}/dues-profile", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/members/{a2}/dues-profile", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/members/{x1}/dues-profile", nil, [5]int{200, 404, 404, 404, 404}),
	row("PUT", "/api/v1/members/{a1}/dues-profile", profileBody(400000), [5]int{200, 200, 200, 403, 404}),
	row("PUT", "/api/v1/members/{a2}/dues-profile", profileBody(400000), [5]int{200, 200, 200, 403, 403}),
	row("PUT", "/api/v1/members/{b1}/dues-profile", profileBody(400000), [5]int{200, 404, 200, 403, 404}),
	row("PUT", "/api/v1/members/999999/dues-profile", profileBody(400000), [5]int{404, 404, 404, 404, 404}),

	row("POST", "/api/v1/dues/bills/generate", body(map[string]any{"org_id": "{A}", "month": "{M}"}), [5]int{200, 200, 200, 403, 403}),
	row("POST", "/api/v1/dues/bills/generate", body(map[string]any{"org_id": "{B}", "month": "{M}"}), [5]int{200, 403, 200, 403, 403}),
	row("POST", "/api/v1/dues/bills/generate", body(map[string]any{"org_id": "{XB}", "month": "{M}"}), [5]int{200, 403, 403, 403, 403}),
	row("POST", "/api/v1/dues/bills/generate", body(map[string]any{"org_id": "999999", "month": "{M}"}), [5]int{404, 404, 404, 403, 403}),
	row("GET", "/api/v1/dues/bills", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/bills?org_id={A}&month={M}&status=unpaid", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/dues/bills?org_id={XB}", nil, [5]int{200, 404, 404, 404, 404}),
	row("GET", "/api/v1/dues/bills/{billA2}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/bills/{billX}", nil, [5]int{200, 404, 404, 404, 404}),
	row("GET", "/api/v1/dues/bills/999999", nil, [5]int{404, 404, 404, 404, 404}),

	row("POST", "/api/v1/dues/hardship", hardshipBody("{a2}"), [5]int{201, 201, 201, 403, 201}),
	row("POST", "/api/v1/dues/hardship", hardshipBody("{x1}"), [5]int{201, 404, 404, 404, 404}),
	row("GET", "/api/v1/dues/hardship", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/hardship?pending=1", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/hardship/{hA}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/hardship/{hX}", nil, [5]int{200, 404, 404, 404, 404}),
	// {hA} waits for branch A: approving is the next level's and too early (409); the branch's
	// own secretary never approves its branch (403).
	row("POST", "/api/v1/dues/hardship/{hA}/approve", nil, [5]int{409, 403, 409, 403, 403}),
	// {hB}: the admin agrees first; the org admin then finds it agreed already.
	row("POST", "/api/v1/dues/hardship/{hB}/agree", body(map[string]any{"note": "同意"}), [5]int{200, 404, 409, 403, 404}),
	row("POST", "/api/v1/dues/hardship/{hX}/reject", body(map[string]any{"note": "不符合"}), [5]int{200, 404, 404, 404, 404}),
	row("POST", "/api/v1/dues/hardship/999999/agree", nil, [5]int{404, 404, 404, 404, 404}),

	row("GET", "/api/v1/dues/jobs/999999", nil, [5]int{404, 404, 404, 404, 404}),
	row("GET", "/api/v1/dues/imports/999999", nil, [5]int{404, 404, 404, 404, 404}),
}

func TestAuthorizationMatrixDuesCore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.duesCoreFixture(t)
		e.runMatrix(t, duesCoreMatrix)
	})
}

func TestDuesCalculatorAPI(t *testing.T) {
	e := newEnv(t, "sqlite")
	for _, c := range []struct {
		cat    string
		base   int64
		amount float64
		rate   string
	}{{"in_service", 300000, 1500, "0.5%"}, {"in_service", 300001, 3010, "1%"}, {"in_service", 500001, 7510, "1.5%"},
		{"in_service", 1000001, 20010, "2%"}, {"retired", 500000, 2500, "0.5%"}, {"retired", 500001, 5010, "1%"},
		{"farmer", 0, 20, ""}, {"relief", 0, 20, ""}} {
		r := e.do(t, "POST", "/api/v1/dues/calculate", "", map[string]any{"category": c.cat, "base_fen": c.base})
		expect(t, r, 200, "")
		if r.json["amount_fen"] != c.amount || r.str("rate") != c.rate || r.str("rule") == "" {
			t.Errorf("%s %d: %s", c.cat, c.base, r.body)
		}
	}
	r := e.do(t, "POST", "/api/v1/dues/calculate", "", map[string]any{"category": "in_service", "base_fen": 300001}, "Accept-Language", "en-US")
	if rule := r.str("rule"); !bytes.Contains([]byte(rule), []byte("In service")) || !bytes.Contains([]byte(rule), []byte("3000.01")) {
		t.Errorf("English rule: %q", rule)
	}
	r = e.do(t, "POST", "/api/v1/dues/calculate", "", map[string]any{"category": "in_service", "base_fen": 300001})
	if rule := r.str("rule"); !bytes.Contains([]byte(rule), []byte("在职")) {
		t.Errorf("Chinese rule: %q", rule)
	}
	r = e.do(t, "POST", "/api/v1/dues/calculate", "", map[string]any{"category": "soldier", "base_fen": 1})
	expect(t, r, 422, "invalid")
	r = e.do(t, "POST", "/api/v1/dues/calculate", "", map[string]any{"category": "in_service", "base_fen": "12"})
	expect(t, r, 400, "bad_request")
	r = e.do(t, "POST", "/api/v1/dues/calculate", "", map[string]any{"category": "in_service", "base_fen": -1})
	expect(t, r, 422, "invalid")
	r = e.do(t, "POST", "/api/v1/dues/calculate", "", map[string]any{"category": "in_service", "base_fen": 100, "on": "2024-02-30"})
	expect(t, r, 422, "invalid")
}

// TestDuesFlowAPI: profiles, generation twice (idempotent), the member's view, hardship through
// its three steps with the pending lists, and the payroll import with a dry run.
func TestDuesFlowAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		month := duesMonth(0)
		e.extra["M"] = month
		r := e.do(t, "PUT", "/api/v1/members/{a1}/dues-profile", "secA", map[string]any{"category": "in_service", "base_fen": 654321, "from_month": duesMonth(-2)})
		expect(t, r, 200, "")
		if cur, _ := r.json["current"].(map[string]any); cur["amount_fen"] != float64(9820) || cur["rate"] != "1.5%" {
			t.Fatalf("profile: %s", r.body)
		}
		r = e.do(t, "PUT", "/api/v1/members/{a2}/dues-profile", "secA", map[string]any{"category": "retired", "base_fen": 500001, "from_month": duesMonth(-2)})
		expect(t, r, 200, "")
		r = e.do(t, "PUT", "/api/v1/members/{a2}/dues-profile", "secA", map[string]any{"category": "retired", "from_month": "2024-13"})
		expect(t, r, 422, "invalid")

		r = e.do(t, "POST", "/api/v1/dues/bills/generate", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "month": month})
		expect(t, r, 200, "")
		if r.num("billed") != 2 || r.num("existed") != 0 || r.num("amount_fen") != 9820+5010 || r.json["job_id"] != nil {
			t.Fatalf("generate: %s", r.body)
		}
		r = e.do(t, "POST", "/api/v1/dues/bills/generate", "orgadm", map[string]any{"org_id": fmt.Sprint(e.C), "month": month})
		if r.num("billed") != 0 || r.num("existed") != 2 || r.num("no_profile") != 2 {
			t.Fatalf("generate again: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/dues/bills?org_id={A}&month={M}&limit=1", "secA", nil)
		if len(r.items()) != 1 || r.str("next_cursor") == "" {
			t.Fatalf("page 1: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/dues/bills", "plain", nil) // a2's own
		if len(r.items()) != 1 || r.items()[0]["member_id"] != fmt.Sprint(e.a2) || r.items()[0]["amount_fen"] != float64(5010) {
			t.Fatalf("plain's bills: %s", r.body)
		}

		// Hardship: a2 applies, the branch agrees, the committee's org admin approves.
		r = e.do(t, "POST", "/api/v1/dues/hardship", "plain", map[string]any{"member_id": fmt.Sprint(e.a2), "kind": "exempt",
			"from_month": month, "to_month": duesMonth(1), "reason": "大病住院"})
		expect(t, r, 201, "")
		h := r.str("id")
		e.extra["h"] = h
		if ids := e.do(t, "GET", "/api/v1/dues/hardship?pending=1", "secA", nil).itemIDs(); len(ids) != 1 || ids[0] != h {
			t.Fatalf("secA pending: %v", ids)
		}
		expect(t, e.do(t, "POST", "/api/v1/dues/hardship/{h}/agree", "secA", nil), 200, "")
		if ids := e.do(t, "GET", "/api/v1/dues/hardship?pending=1", "secA", nil).itemIDs(); len(ids) != 0 {
			t.Fatalf("secA pending after agreeing: %v", ids)
		}
		if ids := e.do(t, "GET", "/api/v1/dues/hardship?pending=1", "orgadm", nil).itemIDs(); len(ids) != 1 {
			t.Fatalf("orgadm pending: %v", ids)
		}
		expect(t, e.do(t, "POST", "/api/v1/dues/hardship/{h}/approve", "secA", nil), 403, "forbidden")
		r = e.do(t, "POST", "/api/v1/dues/hardship/{h}/approve", "orgadm", map[string]any{"note": "同意"})
		expect(t, r, 200, "")
		if r.str("status") != "approved" || r.str("approved_at") == "" {
			t.Fatalf("approved: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/dues/bills?member_id={a2}&month={M}", "secA", nil)
		if it := r.items(); len(it) != 1 || it[0]["status"] != "exempt" || it[0]["amount_fen"] != float64(0) || it[0]["hardship_id"] != h {
			t.Fatalf("a2's bill after approval: %s", r.body)
		}

		// The payroll import: template, a dry run, the real run.
		tpl := e.download(t, "/api/v1/dues/imports/template.xlsx", "secA", contentTypeXLSX)
		if rows := openXLSX(t, tpl); len(rows) < 2 || rows[0][0] != "身份证号" {
			t.Fatalf("template: %v", rows)
		}
		f := excelize.NewFile()
		for i, v := range []any{"党员编号", "姓名", "月份", "基数（元）", "类别"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellValue("Sheet1", cell, v)
		}
		for i, v := range []any{fmt.Sprint(e.a1), "张三", month, "12000.00", "在职"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			f.SetCellValue("Sheet1", cell, v)
		}
		for i, v := range []any{fmt.Sprint(e.b1), "", month, "100.5", "在职"} { // b1 is outside branch A
			cell, _ := excelize.CoordinatesToCellName(i+1, 3)
			f.SetCellValue("Sheet1", cell, v)
		}
		var buf bytes.Buffer
		f.WriteTo(&buf)
		r = e.upload(t, "/api/v1/dues/imports?org_id={A}", "secA", part{name: "file", filename: "payroll.xlsx", data: buf.Bytes()})
		expect(t, r, 202, "")
		st := e.poll(t, "/api/v1/dues/imports/"+r.str("id"), "secA")
		if st.num("error_count") != 1 || st.num("imported") != 0 {
			t.Fatalf("import with an error: %s", st.body)
		}
		errs, _ := st.json["errors"].([]any)
		if first, _ := errs[0].(map[string]any); first["row"] != float64(3) || first["column"] != "党员编号" || first["message"] == "" {
			t.Fatalf("row error: %s", st.body)
		}
		r = e.upload(t, "/api/v1/dues/imports?org_id={A}", "secA", part{name: "file", filename: "x.csv", data: []byte("a,b\n")})
		expect(t, r, 422, "invalid")
		r = e.upload(t, "/api/v1/dues/imports?org_id={XB}", "secA", part{name: "file", filename: "payroll.xlsx", data: buf.Bytes()})
		expect(t, r, 403, "forbidden")
		expect(t, e.do(t, "GET", "/api/v1/dues/imports/"+st.str("id"), "orgadm", nil), 404, "not_found")
	})
}
