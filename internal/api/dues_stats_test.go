package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/domain"
)

// duesMonth is the month n months from the current one in China.
func duesMonth(n int) string {
	now := time.Now().In(domain.Shanghai)
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, domain.Shanghai).AddDate(0, n, 0).Format("2006-01")
}

// duesBill stores a bill as the dues capability would (1000 fen, 0 when exempt; paid in full).
func (e *env) duesBill(t *testing.T, memberID, orgID int64, month, status string) {
	t.Helper()
	ctx := context.Background()
	org, err := e.set.DB.Read().Org(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	amount, paid := int64(1000), int64(0)
	var paidAt any
	if status == domain.DuesExempt {
		amount = 0
	}
	if status == domain.DuesPaid {
		paid, paidAt = amount, time.Now().UTC()
	}
	_, err = e.set.DB.SQL().ExecContext(ctx, `INSERT INTO dues_bills (member_id, org_id, org_path, month, category, base_fen,
		standard_fen, amount_fen, rule_ref, status, paid_fen, paid_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'in_service', 200000, 1000, $5, 'in_service:50bp', $6, $7, $8, $9, $9)`,
		memberID, orgID, org.Path, month, amount, status, paid, paidAt, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
}

// duesFixture: 张三 (a1) owes the six months before this one (flagged); 李四 (a2) paid last
// month; 王五 (b1) owes last month; 孙七 (x1) owes last month. This month: a1 unpaid, a2 paid,
// b1 paid, b2 exempt.
func (e *env) duesFixture(t *testing.T) {
	t.Helper()
	for i := -6; i <= -1; i++ {
		e.duesBill(t, e.a1, e.A, duesMonth(i), domain.DuesUnpaid)
	}
	e.duesBill(t, e.a2, e.A, duesMonth(-1), domain.DuesPaid)
	e.duesBill(t, e.b1, e.B, duesMonth(-1), domain.DuesUnpaid)
	e.duesBill(t, e.x1, e.XB, duesMonth(-1), domain.DuesUnpaid)
	e.duesBill(t, e.a1, e.A, duesMonth(0), domain.DuesUnpaid)
	e.duesBill(t, e.a2, e.A, duesMonth(0), domain.DuesPaid)
	e.duesBill(t, e.b1, e.B, duesMonth(0), domain.DuesPaid)
	e.duesBill(t, e.b2, e.B, duesMonth(0), domain.DuesExempt)
}

func TestDuesArrearsAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.duesFixture(t)
		r := e.do(t, "GET", "/api/v1/dues/arrears?org_id={A}", "secA", nil)
		if r.status != 200 {
			t.Fatalf("arrears: %d %s", r.status, r.body)
		}
		members, _ := r.json["members"].([]any)
		if r.json["through"] != duesMonth(-1) || r.json["flagged"] != float64(1) || len(members) != 1 {
			t.Fatalf("arrears of A: %s", r.body)
		}
		m := members[0].(map[string]any)
		if m["name"] != "张三" || m["flagged"] != true || m["consecutive_months"] != float64(6) || m["threshold"] != float64(6) ||
			m["unpaid_fen"] != float64(6000) || m["member_id"] != fmt.Sprint(e.a1) || m["last_note"] != nil {
			t.Errorf("张三: %v", m)
		}
		r = e.do(t, "GET", "/api/v1/dues/arrears?org_id={C}", "orgadm", nil)
		if ms, _ := r.json["members"].([]any); r.status != 200 || len(ms) != 2 || ms[0].(map[string]any)["name"] != "张三" {
			t.Errorf("committee: %d %s", r.status, r.body)
		}
		// Through two months ago, 张三 has five consecutive months and is not flagged.
		r = e.do(t, "GET", "/api/v1/dues/arrears?org_id={A}&through="+duesMonth(-2), "secA", nil)
		if ms, _ := r.json["members"].([]any); len(ms) != 1 || ms[0].(map[string]any)["consecutive_months"] != float64(5) {
			t.Errorf("through %s: %s", duesMonth(-2), r.body)
		}
		for _, c := range []struct {
			path, user string
			status     int
		}{
			{"/api/v1/dues/arrears?org_id={B}", "secA", 404},
			{"/api/v1/dues/arrears?org_id={A}", "plain", 404},
			{"/api/v1/dues/arrears", "secA", 400},
			{"/api/v1/dues/arrears?org_id={A}&through=2025-13", "secA", 400},
			{"/api/v1/dues/arrears?org_id=abc", "secA", 400},
			{"/api/v1/dues/arrears?org_id={A}", "", 401},
		} {
			if r := e.do(t, "GET", c.path, c.user, nil); r.status != c.status {
				t.Errorf("GET %s as %q: %d, want %d", c.path, c.user, r.status, c.status)
			}
		}

		// The secretary records a decision; it shows on the list; others may not.
		r = e.do(t, "POST", "/api/v1/dues/arrears/notes", "secA", map[string]any{"member_id": fmt.Sprint(e.a1), "decision": "contacted", "note": "已谈话"})
		if r.status != 201 || r.json["decision"] != "contacted" || r.json["consecutive_months"] != float64(6) {
			t.Fatalf("note: %d %s", r.status, r.body)
		}
		r = e.do(t, "GET", "/api/v1/dues/arrears?org_id={A}", "auditor", nil)
		if ms, _ := r.json["members"].([]any); len(ms) != 1 || ms[0].(map[string]any)["last_note"] == nil {
			t.Errorf("the note is not on the list: %s", r.body)
		}
		for _, c := range []struct {
			user   string
			body   map[string]any
			status int
			field  string
		}{
			{"auditor", map[string]any{"member_id": fmt.Sprint(e.a1), "decision": "contacted"}, 403, ""},
			{"secA", map[string]any{"member_id": fmt.Sprint(e.b1), "decision": "contacted"}, 403, ""},
			{"secA", map[string]any{"member_id": "999999", "decision": "contacted"}, 404, ""},
			{"secA", map[string]any{"member_id": fmt.Sprint(e.a1), "decision": "expel"}, 422, "decision"},
			{"secA", map[string]any{"member_id": fmt.Sprint(e.a1), "decision": "note"}, 422, "note"},
			{"secA", map[string]any{"decision": "contacted"}, 422, "member_id"},
			{"secA", map[string]any{"member_id": fmt.Sprint(e.a1), "decision": "contacted", "extra": 1}, 400, ""},
		} {
			r := e.do(t, "POST", "/api/v1/dues/arrears/notes", c.user, c.body)
			if r.status != c.status {
				t.Errorf("note %v as %s: %d, want %d: %s", c.body, c.user, r.status, c.status, r.body)
			}
			if c.field != "" && r.errFields()[c.field] == nil {
				t.Errorf("note %v: no error on %s: %s", c.body, c.field, r.body)
			}
		}
	})
}

func TestDuesStatsAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.duesFixture(t)
		r := e.do(t, "GET", "/api/v1/dues/stats?org_id={C}", "orgadm", nil)
		if r.status != 200 {
			t.Fatalf("stats: %d %s", r.status, r.body)
		}
		total := r.json["total"].(map[string]any)
		if r.json["month"] != duesMonth(0) || total["bills"] != float64(4) || total["paid"] != float64(2) ||
			total["exempt"] != float64(1) || total["rate_bp"] != float64(6666) || total["due_fen"] != float64(3000) {
			t.Errorf("total: %v", total)
		}
		orgs := r.json["orgs"].([]any)
		if len(orgs) != 2 {
			t.Fatalf("orgs: %v", orgs)
		}
		for _, o := range orgs {
			o := o.(map[string]any)
			switch o["org_name"] {
			case "甲一支部":
				if o["rate_bp"] != float64(5000) || o["own"] != false {
					t.Errorf("甲一支部: %v", o)
				}
			case "甲二支部":
				if o["rate_bp"] != float64(10000) || o["exempt"] != float64(1) {
					t.Errorf("甲二支部: %v", o)
				}
			default:
				t.Errorf("line %v", o)
			}
		}
		trend := r.json["trend"].([]any)
		if len(trend) != 12 || trend[11].(map[string]any)["month"] != duesMonth(0) || trend[10].(map[string]any)["bills"] != float64(3) {
			t.Errorf("trend: %v", trend)
		}
		// Nothing due: the rate is null.
		r = e.do(t, "GET", "/api/v1/dues/stats?org_id={A}&month=2001-01", "secA", nil)
		if r.status != 200 || r.json["total"].(map[string]any)["rate_bp"] != nil {
			t.Errorf("empty month: %d %s", r.status, r.body)
		}
		for _, c := range []struct {
			path, user string
			status     int
		}{
			{"/api/v1/dues/stats?org_id={C}", "secA", 404},
			{"/api/v1/dues/stats?org_id={A}", "plain", 404},
			{"/api/v1/dues/stats?org_id={A}&month=2025-1", "secA", 400},
			{"/api/v1/dues/stats", "secA", 400},
			{"/api/v1/dues/sheet.xlsx?org_id={B}", "secA", 404},
			{"/api/v1/dues/sheet.pdf?org_id={B}", "secA", 404},
			{"/api/v1/dues/sheet.pdf?org_id={A}&month=x", "secA", 400},
		} {
			r := e.raw(t, "GET", c.path, c.user, nil, "")
			if r.status != c.status || r.errCode() == "" {
				t.Errorf("GET %s as %s: %d, want %d: %s", c.path, c.user, r.status, c.status, r.body)
			}
		}

		b := e.download(t, "/api/v1/dues/sheet.xlsx?org_id={C}", "auditor", contentTypeXLSX)
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("党费收缴表")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		var total0 []string
		for _, row := range rows[3:] {
			if len(row) > 1 && row[1] == "合计" {
				total0 = row
				break
			}
			names = append(names, row[1])
		}
		if strings.Join(names, ",") != "张三,李四,王五,赵六" || len(total0) < 7 || total0[5] != "30.00" || total0[6] != "20.00" {
			t.Errorf("sheet: names %v, totals %q", names, total0)
		}
		for _, id := range e.idNumbers {
			if bytes.Contains(b, []byte(id)) {
				t.Error("the sheet carries an ID number")
			}
		}
		pdf := e.download(t, "/api/v1/dues/sheet.pdf?org_id={A}&month="+duesMonth(0), "secA", "application/pdf")
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Error("not a PDF")
		}
	})
}

// duesMatrix tries the dues statistics endpoints as admin, secA, orgadm (of C), auditor (of
// C), plain (a2 in A). Reads outside the scope answer 404, writes 403; the auditor reads and
// never writes; a plain member reads none of it.
var duesMatrix = []matrixRow{
	{"GET", "/api/v1/dues/arrears?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/dues/arrears?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/dues/arrears?org_id={XB}", nil, [5]int{200, 404, 404, 404, 404}},
	{"GET", "/api/v1/dues/arrears?org_id=999999", nil, [5]int{404, 404, 404, 404, 404}},
	{"POST", "/api/v1/dues/arrears/notes", body(map[string]any{"member_id": "{a1}", "decision": "contacted"}), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/dues/arrears/notes", body(map[string]any{"member_id": "{b1}", "decision": "contacted"}), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/dues/arrears/notes", body(map[string]any{"member_id": "{x1}", "decision": "contacted"}), [5]int{201, 403, 403, 403, 403}},
	{"GET", "/api/v1/dues/stats?org_id={C}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/dues/stats?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/dues/stats?org_id={X}", nil, [5]int{200, 404, 404, 404, 404}},
	{"GET", "/api/v1/dues/sheet.xlsx?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/dues/sheet.xlsx?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/dues/sheet.pdf?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/dues/sheet.pdf?org_id={XB}", nil, [5]int{200, 404, 404, 404, 404}},
}

// TestAuthorizationMatrixDues runs duesMatrix on both engines.
func TestAuthorizationMatrixDues(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.duesFixture(t)
		rep := e.replacer()
		for _, row := range duesMatrix {
			for i, user := range matrixUsers {
				want := row.want[i]
				name := fmt.Sprintf("%s %s as %s", row.method, row.path, user)
				var r *response
				if b := bodyFor(e, row, user); b == nil {
					r = e.raw(t, row.method, row.path, user, nil, "")
				} else {
					raw, _ := json.Marshal(b)
					r = e.raw(t, row.method, row.path, user, []byte(rep.Replace(string(raw))), "application/json")
				}
				if r.status != want {
					t.Errorf("%s: status %d, want %d\n%s", name, r.status, want, r.body)
					continue
				}
				if want >= 400 && r.errCode() == "" {
					t.Errorf("%s: status %d without an error envelope", name, r.status)
				}
				if (user == "secA" || user == "plain") && r.status < 300 {
					for _, s := range []string{"王五", "赵六", "孙七"} {
						if bytes.Contains(r.body, []byte(s)) {
							t.Errorf("%s: body shows %q", name, s)
						}
					}
				}
			}
		}
	})
}
