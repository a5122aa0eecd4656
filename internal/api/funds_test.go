package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// fundsFixture posts, as the system, income to A ({fiA}, and more so that reversing it and
// the remittance leave the pool above zero) and B ({fiB}), a voluntary payment of 1,000 yuan
// to A ({vA}), spending requests for A ({fsA}) and B ({fsB}), and one for A filed by secA
// ({fsA2}).
func (e *env) fundsFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	post := func(key string, a *auth.Actor, in funds.EntryInput) {
		r, err := e.set.Funds.Create(ctx, a, in)
		if err != nil {
			t.Fatalf("fixture %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(r.Entry.ID)
	}
	post("fiA", sys, funds.EntryInput{OrgID: e.A, Kind: domain.FundIncome, Source: "union_fees", AmountFen: 500000, Description: "工会经费"})
	post("fiA0", sys, funds.EntryInput{OrgID: e.A, Kind: domain.FundIncome, Source: "other", AmountFen: 1000000, Description: "上年结转"})
	post("fiB", sys, funds.EntryInput{OrgID: e.B, Kind: domain.FundIncome, Source: "union_fees", AmountFen: 500000, Description: "工会经费"})
	post("vA", sys, funds.EntryInput{OrgID: e.A, Kind: domain.FundIncome, Source: domain.FundSourceVoluntary, AmountFen: 100000,
		PayerMemberID: e.a1, Description: "自愿多交党费"})
	post("fsA", sys, funds.EntryInput{OrgID: e.A, Kind: domain.FundSpending, Purpose: "activities", AmountFen: 1000, Description: "活动"})
	post("fsB", sys, funds.EntryInput{OrgID: e.B, Kind: domain.FundSpending, Purpose: "activities", AmountFen: 1000, Description: "活动"})
	secA, err := e.set.Auth.TokenActor(ctx, e.tokens["secA"], "")
	if err != nil {
		t.Fatal(err)
	}
	post("fsA2", secA, funds.EntryInput{OrgID: e.A, Kind: domain.FundSpending, Purpose: "education", AmountFen: 2000, Description: "培训"})
	e.extra["year"] = fmt.Sprint(time.Now().In(domain.Shanghai).Year())
}

func fundIncomeBody(org string) func(*env, string) any {
	return func(e *env, user string) any {
		return map[string]any{"org_id": org, "kind": "income", "source": "league_fees", "amount_fen": 100, "description": "团费 " + user}
	}
}

// fundsMatrix tries every fund endpoint as admin, secA, orgadm, auditor, plain (a2 in A).
// Reads outside the scope answer 404, writes 403; the auditor reads and never writes; a plain
// member reads nothing but the published report of their own branch.
var fundsMatrix = []matrixRow{
	{"GET", "/api/v1/funds/entries?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/funds/entries?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/funds/entries?org_id={XB}", nil, [5]int{200, 404, 404, 404, 404}},
	{"GET", "/api/v1/funds/entries?org_id=999999", nil, [5]int{404, 404, 404, 404, 404}},
	{"GET", "/api/v1/funds/entries/{fiA}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/funds/entries/{fiB}", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/funds/entries", fundIncomeBody("{A}"), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/funds/entries", fundIncomeBody("{B}"), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/funds/entries", fundIncomeBody("{XB}"), [5]int{201, 403, 403, 403, 403}},
	{"GET", "/api/v1/funds/approvals", nil, [5]int{200, 200, 200, 403, 403}},
	// secA filed fsA2: not theirs to approve; the auditor and the member never decide.
	{"POST", "/api/v1/funds/entries/{fsA2}/approve", nil, [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/funds/entries/{fsA2}/approve", nil, [5]int{0, 0, 200, 0, 0}},
	{"POST", "/api/v1/funds/entries/{fsB}/approve", nil, [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/funds/entries/{fsB}/approve", nil, [5]int{200, 0, 0, 0, 0}},
	{"POST", "/api/v1/funds/entries/{fsB}/approve", nil, [5]int{0, 0, 409, 0, 0}},
	{"POST", "/api/v1/funds/entries/{fsA}/return", body(map[string]any{"reason": "缺发票"}), [5]int{0, 0, 0, 403, 403}},
	{"POST", "/api/v1/funds/entries/{fsA}/return", body(map[string]any{"reason": "缺发票"}), [5]int{0, 200, 0, 0, 0}},
	{"POST", "/api/v1/funds/entries/{fiA}/reverse", body(map[string]any{"reason": "录错"}), [5]int{0, 0, 0, 403, 403}},
	{"POST", "/api/v1/funds/entries/{fiB}/reverse", body(map[string]any{"reason": "录错"}), [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/funds/entries/{fiA}/reverse", body(map[string]any{"reason": "录错"}), [5]int{0, 201, 0, 0, 0}},
	{"POST", "/api/v1/funds/entries/{fiA}/reverse", body(map[string]any{"reason": "录错"}), [5]int{409, 0, 0, 0, 0}},
	{"POST", "/api/v1/funds/entries/{vA}/remittance", body(map[string]any{"note": "回单"}), [5]int{0, 0, 0, 403, 403}},
	{"POST", "/api/v1/funds/entries/{vA}/remittance", body(map[string]any{"note": "回单"}), [5]int{0, 201, 0, 0, 0}},
	{"POST", "/api/v1/funds/entries/{vA}/remittance", body(map[string]any{"note": "回单"}), [5]int{0, 0, 409, 0, 0}},
	{"GET", "/api/v1/funds/report?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/funds/report?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/funds/report?org_id={A}&year=1999", nil, [5]int{400, 400, 400, 400, 400}},
	{"GET", "/api/v1/funds/report.pdf?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/funds/report.pdf?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/funds/dues-income", body(map[string]any{"org_id": "{A}", "year": "{year}"}), [5]int{200, 200, 200, 403, 403}},
	{"POST", "/api/v1/funds/dues-income", body(map[string]any{"org_id": "{B}", "year": "{year}"}), [5]int{200, 403, 200, 403, 403}},
	{"GET", "/api/v1/funds/rules?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/funds/rules?org_id={XB}", nil, [5]int{200, 404, 404, 404, 404}},
	{"POST", "/api/v1/funds/rules", body(map[string]any{"org_id": "{C}", "valid_from": "2020-01-01",
		"sources": []map[string]any{{"code": "union_fees"}, {"code": "league_fees"}, {"code": "corporate", "name": "企业支持"}}}), [5]int{200, 403, 200, 403, 403}},
	{"POST", "/api/v1/funds/rules", body(map[string]any{"valid_from": "2020-01-01", "voluntary_threshold_fen": 100000}), [5]int{200, 403, 403, 403, 403}},
	// Publishing: the officers of B's level, not secA; then the year is closed.
	{"POST", "/api/v1/funds/report/publish", body(map[string]any{"org_id": "{B}", "year": "{year}"}), [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/funds/report/publish", body(map[string]any{"org_id": "{B}", "year": "{year}"}), [5]int{0, 0, 200, 0, 0}},
	{"POST", "/api/v1/funds/report/publish", body(map[string]any{"org_id": "{B}", "year": "{year}"}), [5]int{409, 0, 0, 0, 0}},
	{"POST", "/api/v1/funds/entries/{fsA3}/approve", nil, [5]int{404, 404, 404, 404, 404}},
	{"POST", "/api/v1/funds/report/publish", body(map[string]any{"org_id": "{A}", "year": "{year}"}), [5]int{0, 200, 0, 0, 0}},
	// A member reads the published report of their branch, and only that.
	{"GET", "/api/v1/funds/report?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/funds/report.pdf?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/funds/report?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/funds/entries?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"POST", "/api/v1/funds/entries", fundIncomeBody("{A}"), [5]int{409, 409, 409, 403, 403}},
}

// TestAuthorizationMatrixFunds runs fundsMatrix on both engines; no body shown to secA or
// the plain member names branch B.
func TestAuthorizationMatrixFunds(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.fundsFixture(t)
		e.extra["fsA3"] = "999999" // no such entry
		rep := e.replacer()
		for n, row := range fundsMatrix {
			for i, user := range matrixUsers {
				want := row.want[i]
				if want == 0 {
					continue
				}
				name := fmt.Sprintf("row %d: %s %s as %s", n, row.method, row.path, user)
				var r *response
				headers := []string{"Idempotency-Key", fmt.Sprintf("k-%d-%s", n, user)}
				if b := bodyFor(e, row, user); b == nil {
					r = e.raw(t, row.method, row.path, user, nil, "", headers...)
				} else {
					raw, _ := json.Marshal(b)
					s := strings.ReplaceAll(rep.Replace(string(raw)), `"`+e.extra["year"]+`"`, e.extra["year"])
					r = e.raw(t, row.method, row.path, user, []byte(s), "application/json", headers...)
				}
				if r.status != want {
					t.Errorf("%s: status %d, want %d\n%s", name, r.status, want, r.body)
					continue
				}
				if user == "secA" || user == "plain" {
					if strings.Contains(string(r.body), "甲二支部") {
						t.Errorf("%s: body shows 甲二支部\n%s", name, r.body)
					}
				}
				if want >= 400 && r.errCode() == "" {
					t.Errorf("%s: status %d without an error envelope", name, r.status)
				}
			}
		}
		// The member's view is totals only.
		r := e.do(t, "GET", "/api/v1/funds/report?org_id={A}", "plain", nil)
		if r.json["complete"] != false || len(r.json["to_remit"].([]any)) != 0 || r.json["published"] != true {
			t.Errorf("member's report: %s", r.body)
		}
	})
}

// multipartEntry builds a multipart body: the JSON in "body" and files in "files".
func multipartEntry(t *testing.T, body string, files ...part) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="body"`)
	h.Set("Content-Type", "application/json")
	w, _ := mw.CreatePart(h)
	w.Write([]byte(body))
	for _, p := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.filename))
		h.Set("Content-Type", p.contentType)
		w, _ := mw.CreatePart(h)
		w.Write(p.data)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// The end to end flow through the API: income with an invoice (multipart), a replayed
// Idempotency-Key, a voluntary payment at the threshold, a spending request approved by the
// level above, an attachment added later and downloaded byte for byte, the report's sums,
// and the validation errors named by field.
func TestFundsFlow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		invoice := []byte("%PDF-1.4\nfake invoice\n%%EOF")
		body := e.replacer().Replace(`{"org_id":"{A}","kind":"income","source":"union_fees","amount_fen":300000,"description":"上半年工会经费划拨"}`)
		raw, ct := multipartEntry(t, body, part{name: "files", filename: "发票.pdf", contentType: "application/pdf", data: invoice})
		r := e.raw(t, "POST", "/api/v1/funds/entries", "secA", raw, ct, "Idempotency-Key", "inc-1")
		if r.status != 201 || r.str("status") != "posted" || r.str("category_name") != "工会经费" {
			t.Fatalf("income: %d %s", r.status, r.body)
		}
		id := r.str("id")
		again := e.raw(t, "POST", "/api/v1/funds/entries", "secA", raw, ct, "Idempotency-Key", "inc-1")
		if again.status != 201 || again.str("id") != id || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %d %s", again.status, again.body)
		}
		if r := e.do(t, "POST", "/api/v1/funds/entries", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "kind": "income",
			"source": "union_fees", "amount_fen": 1, "description": "x"}); r.status != 400 {
			t.Errorf("without a key: %d", r.status)
		}
		// The organisation may be in the query, as API.md writes it.
		if r := e.do(t, "POST", "/api/v1/funds/entries?org_id={A}", "secA", map[string]any{"kind": "income", "source": "other",
			"amount_fen": 1, "description": "x"}, "Idempotency-Key", "q-1"); r.status != 201 || r.str("org_id") != fmt.Sprint(e.A) {
			t.Errorf("org_id in the query: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", "/api/v1/funds/entries", "secA", map[string]any{"kind": "income", "source": "other",
			"amount_fen": 1, "description": "x"}, "Idempotency-Key", "q-2"); r.status != 422 || r.errFields()["org_id"] == nil {
			t.Errorf("no org_id: %d %s", r.status, r.body)
		}
		atts := r.json["attachments"].([]any)
		url := atts[0].(map[string]any)["url"].(string)
		if got := e.download(t, url, "auditor", "application/pdf"); !bytes.Equal(got, invoice) {
			t.Error("invoice differs")
		}
		if r := e.raw(t, "GET", url, "plain", nil, ""); r.status != 404 {
			t.Errorf("member downloads an invoice: %d", r.status)
		}
		// 99999 is kept, 100000 is to be remitted.
		vol := func(fen int, key string) *response {
			return e.do(t, "POST", "/api/v1/funds/entries", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "kind": "income",
				"source": "voluntary", "amount_fen": fen, "payer_member_id": fmt.Sprint(e.a1), "description": "自愿多交党费"}, "Idempotency-Key", key)
		}
		if r := vol(99999, "v1"); r.status != 201 || r.json["remit_required"] != false || r.str("payer_name") != "张三" {
			t.Errorf("99999: %d %s", r.status, r.body)
		}
		if r := vol(100000, "v2"); r.status != 201 || r.json["remit_required"] != true {
			t.Errorf("100000: %d %s", r.status, r.body)
		}
		// A spending request by secA, decided by the org admin above.
		req := e.do(t, "POST", "/api/v1/funds/entries", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "kind": "spending",
			"purpose": "activities", "amount_fen": 80000, "date": time.Now().In(domain.Shanghai).Format("2006-01-02"),
			"description": "红色教育基地参观"}, "Idempotency-Key", "s1")
		if req.status != 201 || req.str("status") != "submitted" || req.json["counted"] != false {
			t.Fatalf("request: %d %s", req.status, req.body)
		}
		path := "/api/v1/funds/entries/" + req.str("id")
		if r := e.do(t, "POST", path+"/approve", "secA", nil); r.status != 403 {
			t.Errorf("own approval: %d", r.status)
		}
		photo := []byte("\x89PNG\r\n\x1a\nxyz")
		up := e.upload(t, path+"/attachments", "secA", part{name: "file", filename: "合影.png", contentType: "image/png", data: photo})
		if up.status != 201 {
			t.Fatalf("attachment: %d %s", up.status, up.body)
		}
		if got := e.download(t, up.str("url"), "orgadm", "image/png"); !bytes.Equal(got, photo) {
			t.Error("photo differs")
		}
		if r := e.do(t, "POST", path+"/approve", "orgadm", nil); r.status != 200 || r.str("status") != "approved" || r.str("decided_by_name") != "orgadm" {
			t.Fatalf("approve: %d %s", r.status, r.body)
		}
		rep := e.do(t, "GET", "/api/v1/funds/report?org_id={A}", "secA", nil)
		if rep.num("income_fen") != 500000 || rep.num("spending_fen") != 80000 || rep.num("closing_balance_fen") != 420000 ||
			rep.num("to_remit_fen") != 100000 || len(rep.json["months"].([]any)) != 12 {
			t.Fatalf("report: %s", rep.body)
		}
		lines := rep.json["income_by_source"].([]any)
		if first := lines[0].(map[string]any); first["code"] != "union_fees" || first["name"] != "工会经费" {
			t.Errorf("income lines: %v", lines)
		}
		en := e.do(t, "GET", "/api/v1/funds/report?org_id={A}", "secA", nil, "Accept-Language", "en-US")
		if n := en.json["income_by_source"].([]any)[0].(map[string]any)["name"]; n != "Union fees" {
			t.Errorf("English name: %v", n)
		}
		list := e.do(t, "GET", "/api/v1/funds/entries?org_id={A}&kind=income&limit=2", "auditor", nil)
		if len(list.items()) != 2 || list.str("next_cursor") == "" {
			t.Errorf("paged list: %s", list.body)
		}
		bad := e.do(t, "POST", "/api/v1/funds/entries", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "kind": "income",
			"source": "lottery", "amount_fen": 0, "description": ""}, "Idempotency-Key", "bad")
		if f := bad.errFields(); bad.status != 422 || f["source"] == nil || f["amount_fen"] == nil || f["description"] == nil {
			t.Errorf("invalid entry: %d %s", bad.status, bad.body)
		}
		pdf := e.download(t, "/api/v1/funds/report.pdf?org_id={A}", "secA", "application/pdf")
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Error("not a PDF")
		}
	})
}
