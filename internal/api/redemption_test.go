package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// expect fails the test unless r has the status (and, for errors, the code).
func expect(t *testing.T, r *response, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d\n%s", r.status, status, r.body)
	}
	if code != "" && r.errCode() != code {
		t.Fatalf("error code %q, want %q\n%s", r.errCode(), code, r.body)
	}
}

// Seed 003 through HTTP: a member earns points, the committee runs a service alliance with a
// merchant, its operator and a reward; the member redeems (held, with a code and its QR
// code), the operator confirms by the typed code (fulfilled, the points stay spent), a second
// redemption is cancelled (the points and the stock come back), and the ledger holds.
func TestRedemptionScenario(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.indicator(t, "act", e.A, points.IndicatorInput{Points: domain.Whole(10)})
		e.award(t, "secA", "act", e.a2, "1")

		r := e.do(t, "POST", "/api/v1/merchants", "orgadm", map[string]any{"org_id": fmt.Sprint(e.C), "name": "红色书店",
			"address": "人民路 1 号", "phone": "010-12345678"})
		expect(t, r, 201, "")
		merchant := r.str("id")
		if r.header.Get("Location") != "/api/v1/merchants/"+merchant || r.str("status") != "active" || r.str("org_name") != "甲党委" {
			t.Fatalf("merchant: %v %s", r.header, r.body)
		}
		e.addUser(t, "shop", 0, domain.Grant{Role: domain.RoleMerchant, OrgID: e.C})
		r = e.do(t, "POST", "/api/v1/merchants/"+merchant+"/operators", "orgadm", map[string]any{"user_id": fmt.Sprint(e.users["shop"])})
		expect(t, r, 200, "")
		if len(r.items()) != 1 || r.items()[0]["username"] != "shop" {
			t.Fatalf("operators: %s", r.body)
		}
		// A user without role merchant over the alliance cannot serve it.
		r = e.do(t, "POST", "/api/v1/merchants/"+merchant+"/operators", "orgadm", js(map[string]any{"user_id": "{u:plain}"}))
		expect(t, r, 422, "invalid")
		r = e.do(t, "GET", "/api/v1/merchants?mine=1", "shop", nil)
		if ids := r.itemIDs(); len(ids) != 1 || ids[0] != merchant {
			t.Fatalf("shop's merchants: %s", r.body)
		}

		r = e.do(t, "POST", "/api/v1/rewards", "orgadm", map[string]any{"merchant_id": merchant, "name": "党史读本", "cost": 3,
			"stock": 2, "per_member_limit": 0, "limit_period": "month"})
		expect(t, r, 201, "")
		reward := r.str("id")
		if num(r, "cost") != "3" || num(r, "stock") != "2" || r.json["valid_from"] != nil {
			t.Fatalf("reward: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/rewards", "plain", nil)
		if ids := r.itemIDs(); len(ids) != 1 || ids[0] != reward {
			t.Fatalf("the member's catalogue: %s", r.body)
		}

		// Redeem: held, with a code, for 72 hours; the points are held at once.
		r = e.do(t, "POST", "/api/v1/redemptions", "plain", map[string]any{"reward_id": reward}, "Idempotency-Key", newKey())
		expect(t, r, 201, "")
		first, code := r.str("id"), r.str("code")
		if r.str("status") != "held" || len(code) != 8 || r.header.Get("Location") != "/api/v1/redemptions/"+first {
			t.Fatalf("redemption: %v %s", r.header, r.body)
		}
		if exp, _ := time.Parse(time.RFC3339, r.str("expires_at")); exp.Sub(time.Now()) < 71*time.Hour || exp.Sub(time.Now()) > 73*time.Hour {
			t.Errorf("expires_at %s, want in 72 hours", r.str("expires_at"))
		}
		if got := e.balance(t, e.a2); got != "7" {
			t.Errorf("balance after the hold %s, want 7", got)
		}
		png := e.raw(t, "GET", "/api/v1/redemptions/"+first+"/qr.png?size=128", "plain", nil, "")
		if png.status != 200 || png.header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(png.body, []byte("\x89PNG")) {
			t.Fatalf("qr.png: %d %v", png.status, png.header)
		}

		// The operator sees it in the merchant's list and confirms the typed code.
		r = e.do(t, "GET", "/api/v1/redemptions?merchant_id="+merchant+"&status=held", "shop", nil)
		if ids := r.itemIDs(); len(ids) != 1 || ids[0] != first {
			t.Fatalf("merchant's list: %s", r.body)
		}
		typed := strings.ToLower(code[:4] + "-" + code[4:])
		r = e.do(t, "POST", "/api/v1/redemptions/confirm", "shop", map[string]any{"code": typed})
		expect(t, r, 200, "")
		if r.str("status") != "fulfilled" || r.str("settled_by_name") == "" || r.json["settled_at"] == nil {
			t.Fatalf("confirmed: %s", r.body)
		}
		r = e.do(t, "POST", "/api/v1/redemptions/"+first+"/confirm", "shop", nil)
		expect(t, r, 200, "")
		expect(t, e.do(t, "POST", "/api/v1/redemptions/"+first+"/cancel", "plain", nil), 409, "conflict")
		expect(t, e.raw(t, "GET", "/api/v1/redemptions/"+first+"/qr.png", "plain", nil, ""), 409, "conflict")
		expect(t, e.do(t, "POST", "/api/v1/redemptions/confirm", "shop", map[string]any{"code": "AAAAAAAA"}), 404, "not_found")
		if got := e.balance(t, e.a2); got != "7" {
			t.Errorf("balance after fulfilment %s, want 7", got)
		}

		// A second one empties the stock; a third finds none; cancelling gives both back.
		r = e.do(t, "POST", "/api/v1/redemptions", "plain", map[string]any{"reward_id": reward}, "Idempotency-Key", newKey())
		expect(t, r, 201, "")
		second := r.str("id")
		r = e.do(t, "POST", "/api/v1/redemptions", "plain", map[string]any{"reward_id": reward}, "Idempotency-Key", newKey())
		expect(t, r, 409, "out_of_stock")
		if got := e.balance(t, e.a2); got != "4" {
			t.Errorf("balance after the second hold %s, want 4", got)
		}
		r = e.do(t, "POST", "/api/v1/redemptions/"+second+"/cancel", "plain", map[string]any{"reason": "改天再来"})
		expect(t, r, 200, "")
		if r.str("status") != "cancelled" || r.str("reason") != "改天再来" || r.json["release_entry_id"] == nil {
			t.Fatalf("cancelled: %s", r.body)
		}
		expect(t, e.do(t, "POST", "/api/v1/redemptions/"+second+"/cancel", "plain", nil), 200, "")
		if got := e.balance(t, e.a2); got != "7" {
			t.Errorf("balance after the cancellation %s, want 7", got)
		}
		r = e.do(t, "GET", "/api/v1/rewards/"+reward, "orgadm", nil)
		if num(r, "stock") != "1" {
			t.Errorf("stock after fulfilment and cancellation: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/redemptions", "plain", nil)
		if ids := r.itemIDs(); len(ids) != 2 || ids[0] != second || ids[1] != first {
			t.Errorf("my redemptions: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/points/entries", "plain", nil)
		var sources []string
		for _, it := range r.items() {
			sources = append(sources, fmt.Sprint(it["source"]))
		}
		if strings.Join(sources, ",") != "redemption_release,redemption_hold,redemption_hold,award" {
			t.Errorf("ledger sources %v", sources)
		}

		// The three refusals of API.md, each with its own code.
		e.extra["m"] = merchant
		e.reward(t, "dear", "m", 100, 10, 0)
		e.reward(t, "once", "m", 1, 10, 1)
		e.reward(t, "twice", "m", 1, 10, 0)
		redeem := func(reward, key string) *response {
			return e.do(t, "POST", "/api/v1/redemptions", "plain", `{"reward_id":"{`+reward+`}"}`, "Idempotency-Key", key)
		}
		expect(t, redeem("dear", newKey()), 409, "insufficient_balance")
		expect(t, redeem("once", newKey()), 201, "")
		expect(t, redeem("once", newKey()), 409, "limit_reached")
		// The key: the same body answers the first response again, another body 409, none 400.
		key := newKey()
		r = redeem("twice", key)
		expect(t, r, 201, "")
		again := redeem("twice", key)
		expect(t, again, 201, "")
		if string(again.body) != string(r.body) || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay %v %s, first %s", again.header, again.body, r.body)
		}
		expect(t, redeem("once", key), 409, "conflict")
		expect(t, e.do(t, "POST", "/api/v1/redemptions", "plain", `{"reward_id":"{twice}"}`), 400, "bad_request")
		if got := e.balance(t, e.a2); got != "5" {
			t.Errorf("balance at the end %s, want 5", got)
		}
		e.noBreach(t)
	})
}
