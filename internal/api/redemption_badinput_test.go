package api_test

import (
	"testing"

	"dangjian/internal/store"
)

// Malformed bodies and parameters of the alliance, ranking and rating endpoints answer 400
// naming the field, invalid values 422, and nothing changes.
func TestRedemptionAndRatingsBadInput(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.allianceFixture(t)
	for _, c := range []struct {
		method, path, user, body string
		status                   int
		field                    string
	}{
		{"POST", "/api/v1/merchants", "admin", `{"org_id":"{C}","name":"店","owner":"x"}`, 400, "owner"},
		{"POST", "/api/v1/merchants", "admin", `{"org_id":"{C}"}`, 422, "name"},
		{"POST", "/api/v1/merchants", "admin", `{"name":"店"}`, 422, "org_id"},
		{"POST", "/api/v1/merchants", "admin", `{"org_id":"abc","name":"店"}`, 422, "org_id"},
		{"PATCH", "/api/v1/merchants/{mC}", "admin", `{"status":"closed"}`, 422, "status"},
		{"POST", "/api/v1/rewards", "admin", `{"merchant_id":"{mC}","name":"书","cost":1.25}`, 422, "cost"},
		{"POST", "/api/v1/rewards", "admin", `{"merchant_id":"{mC}","name":"书"}`, 422, "cost"},
		{"POST", "/api/v1/rewards", "admin", `{"merchant_id":"{mC}","name":"书","cost":1,"stock":"many"}`, 400, "stock"},
		{"POST", "/api/v1/rewards", "admin", `{"merchant_id":"{mC}","name":"书","cost":1,"stock":-1}`, 422, "stock"},
		{"POST", "/api/v1/rewards", "admin", `{"merchant_id":"{mC}","name":"书","cost":1,"limit_period":"decade"}`, 422, "limit_period"},
		{"PATCH", "/api/v1/rewards/{rC}", "admin", `{"merchant_id":"{mX}"}`, 422, "merchant_id"},
		{"PATCH", "/api/v1/rewards/{rC}", "admin", `{"valid_from":"2025-02-30"}`, 422, "valid_from"},
		{"POST", "/api/v1/merchants/{mC}/operators", "admin", `{}`, 422, "user_id"},
		{"POST", "/api/v1/redemptions/confirm", "shop", `{"code":""}`, 422, "code"},
		{"POST", "/api/v1/redemptions/{rdA}/cancel", "plain", `{"why":"x"}`, 400, "why"},
		{"GET", "/api/v1/redemptions?status=lost", "plain", "", 400, "status"},
		{"GET", "/api/v1/redemptions/{rdA}/qr.png?size=9", "plain", "", 400, "size"},
		{"GET", "/api/v1/leaderboards?org_id={A}&subject_type=team", "admin", "", 400, "subject_type"},
		{"GET", "/api/v1/points/eligibility?org_id={C}&top=101", "admin", "", 400, "top"},
		{"GET", "/api/v1/ratings/2024?org_id={C}&stars=6", "admin", "", 400, "stars"},
		{"POST", "/api/v1/ratings/2024/runs", "admin", `{}`, 422, "org_id"},
		{"POST", "/api/v1/ratings/2100/runs", "admin", `{"org_id":"{C}"}`, 422, "year"},
		{"POST", "/api/v1/ratings/2024/calibrations", "admin", `{"org_id":"{C}","subject_id":"{a1}","composite":1.25,"reason":"x"}`, 422, "composite"},
		{"POST", "/api/v1/ratings/2024/calibrations", "admin", `{"org_id":"{C}","subject_type":"team","subject_id":"{a1}","stars":1,"reason":"x"}`, 422, "subject_type"},
	} {
		var body any
		if c.body != "" {
			body = c.body
		}
		r := e.do(t, c.method, c.path, c.user, body)
		if r.status != c.status {
			t.Errorf("%s %s %s: %d, want %d\n%s", c.method, c.path, c.body, r.status, c.status, r.body)
			continue
		}
		if _, ok := r.errFields()[c.field]; !ok {
			t.Errorf("%s %s %s: fields lack %q\n%s", c.method, c.path, c.body, c.field, r.body)
		}
	}
	r := e.do(t, "GET", "/api/v1/rewards/{rC}", "admin", nil)
	if r.str("merchant_id") != e.extra["mC"] || num(r, "stock") != "98" || r.json["valid_from"] != nil {
		t.Errorf("the reward changed: %s", r.body)
	}
}
