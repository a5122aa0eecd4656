package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"dangjian/internal/domain"
)

// rewardStock is the stock of the reward the stream redeems: more than it can take.
const rewardStock = 1_000_000

// demoPassword is the password of every account `dangjian demo` creates (internal/demo).
const demoPassword = "Dangjian@2026"

// fixture is what the stream works on, made through the API of the running server: the
// admin awards an indicator of its own to the member of the demo's "member" account, who
// redeems a reward of a merchant of their branch.
type fixture struct {
	adminToken, memberToken string
	memberID, orgID         string
	indicatorID             string
	day                     string // occurred_on of every award: today in China at set-up
	year                    int
	merchantID              string
	rewardID                string // the reward the member redeems, of the merchant
	rewardCost              domain.Points
}

// chinaToday is the calendar day the points engine keeps (Asia/Shanghai).
func chinaToday() time.Time {
	z, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		z = time.FixedZone("CST", 8*3600)
	}
	return time.Now().In(z)
}

func setUp(t *testing.T, a *api) *fixture {
	t.Helper()
	now := chinaToday()
	f := &fixture{day: now.Format("2006-01-02"), year: now.Year()}
	f.adminToken = token(a, "admin")
	f.memberToken = token(a, "member")

	var me struct {
		Member *struct {
			ID    string `json:"id"`
			OrgID string `json:"org_id"`
		} `json:"member"`
	}
	a.must("GET", "/api/v1/me", f.memberToken, nil, http.StatusOK, &me)
	if me.Member == nil {
		a.t.Fatal("the demo's member account has no member")
	}
	f.memberID, f.orgID = me.Member.ID, me.Member.OrgID

	// An item of the member's own branch with no caps and no de-duplication: every award
	// posts, so the ledger must hold exactly one entry per applied request.
	var ind struct {
		ID string `json:"id"`
	}
	a.must("POST", "/api/v1/indicators", f.adminToken, map[string]any{
		"org_id": f.orgID, "year": f.year, "code": "E2E-CRASH", "name": "崩溃测试积分", "category": "activity",
		"subject": "member", "points": 1, "unit": "count",
	}, http.StatusCreated, &ind)
	f.indicatorID = ind.ID

	// A merchant of the member's own branch, so the reward is within the member's reach,
	// with stock and no per-member limit that the stream could exhaust: every refusal but an
	// insufficient balance would then be a fault.
	var m, r struct {
		ID   string        `json:"id"`
		Cost domain.Points `json:"cost"`
	}
	a.must("POST", "/api/v1/merchants", f.adminToken, map[string]any{"org_id": f.orgID, "name": "崩溃测试商户"},
		http.StatusCreated, &m)
	a.must("POST", "/api/v1/rewards", f.adminToken, map[string]any{"merchant_id": m.ID, "name": "崩溃测试礼品",
		"cost": 1, "stock": rewardStock}, http.StatusCreated, &r)
	if r.Cost != domain.Whole(1) {
		a.t.Fatalf("reward cost %s, want 1", r.Cost)
	}
	f.merchantID, f.rewardID, f.rewardCost = m.ID, r.ID, r.Cost
	return f
}

// token signs in with a demo account and returns its API token (kept in the database, so
// it outlives every restart).
func token(a *api, username string) string {
	a.t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	a.must("POST", "/api/v1/auth/tokens", "", map[string]string{"username": username, "password": demoPassword},
		http.StatusCreated, &out)
	return out.Token
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
