package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// expectPage fetches a page and checks its status and that it holds every want.
func expectPage(t *testing.T, c *client, path string, status int, want ...string) response {
	t.Helper()
	res := c.get(path)
	if res.Status != status {
		t.Errorf("GET %s: status %d, want %d; body %.400s", path, res.Status, status, res.Body)
		return res
	}
	for _, w := range want {
		if !strings.Contains(res.Body, w) {
			t.Errorf("GET %s: body lacks %q", path, w)
		}
	}
	return res
}

// The points, ratings and redemption pages render for the roles they are for, in Chinese,
// and answer others 403 (a page of a permission they lack) or 404 (a record out of scope).
func TestPointsPagesByRole(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		w := addPoints(t, f)
		claimB := fmt.Sprintf("/claims/%d", w.ClaimB.ID)

		// A plain member: their own points, claim form, rewards and redemptions; nothing else.
		m := newClient(t, base)
		m.login("zhangsan")
		home := expectPage(t, m, "/", http.StatusOK, `data-testid="home-points"`, "我的积分", "积分兑换", `href="/points"`)
		if strings.Contains(home.Body, `href="/approvals"`) || strings.Contains(home.Body, `href="/catalogue"`) {
			t.Errorf("a plain member's nav offers staff pages")
		}
		expectPage(t, m, "/points", http.StatusOK, "年度总积分", "综合得分", "可兑换积分", "支部排名", "暂未排名", "我的申报", "data-chart=")
		expectPage(t, m, "/points/claims/new", http.StatusOK, `enctype="multipart/form-data"`, "参加主题党日", `name="evidence"`)
		expectPage(t, m, "/rewards", http.StatusOK, "党史读本", "红色书店", `name="idempotency_key"`, "积分不足")
		expectPage(t, m, fmt.Sprintf("/rewards/%d", w.Book.ID), http.StatusOK, "党史读本", `data-testid="redeem-form"`)
		expectPage(t, m, "/redemptions", http.StatusOK, "暂无兑换记录")
		expectPage(t, m, "/points?member_id="+strconv.FormatInt(f.MemberB.ID, 10), http.StatusNotFound)
		expectPage(t, m, claimB, http.StatusNotFound)
		for _, p := range []string{"/approvals", "/ratings", "/rankings", "/catalogue"} {
			if res := m.get(p); res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
				t.Errorf("member GET %s: status %d, want 403 or 404", p, res.Status)
			}
		}
		if res := m.post(claimB+"/approve", nil); res.Status != http.StatusForbidden {
			t.Errorf("member approves 李四's claim: status %d, want 403", res.Status)
		}

		// Secretary of branch A: the queue, catalogue, awards and rankings of branch A; branch
		// B's claims and members' points are not found, and acting on them is forbidden.
		s := newClient(t, base)
		s.login("secretary_a")
		sec := expectPage(t, s, "/", http.StatusOK, `href="/approvals"`, `href="/catalogue"`, `href="/rankings"`)
		if strings.Contains(sec.Body, `href="/points"`) || strings.Contains(sec.Body, `href="/merchants"`) {
			t.Errorf("secretary without a member record sees member or alliance links")
		}
		q := expectPage(t, s, "/approvals", http.StatusOK, "暂无待审核的积分申报")
		if strings.Contains(q.Body, "乙支部主题党日") {
			t.Errorf("secretary A's queue shows branch B's claim")
		}
		expectPage(t, s, fmt.Sprintf("/catalogue?org_id=%d", f.BranchA.ID), http.StatusOK, "A01", `data-inherited="1"`, "上级", "新增指标", "复制到新年度")
		expectPage(t, s, fmt.Sprintf("/catalogue/new?org_id=%d", f.BranchA.ID), http.StatusOK, `name="cap_week"`, `name="grades"`, `name="welfare"`, `name="award_roles"`)
		expectPage(t, s, fmt.Sprintf("/catalogue/%d", w.Ind.ID), http.StatusOK, `data-testid="indicator-readonly"`, `data-testid="versions"`)
		expectPage(t, s, fmt.Sprintf("/awards/new?org_id=%d", f.BranchA.ID), http.StatusOK, `name="idempotency_key"`, "张三")
		expectPage(t, s, fmt.Sprintf("/rankings?org_id=%d", f.BranchA.ID), http.StatusOK, "积分排名", "优秀党员候选资格", "甲公司第一党支部")
		expectPage(t, s, fmt.Sprintf("/points?member_id=%d", f.MemberA.ID), http.StatusOK, "张三 的积分")
		expectPage(t, s, fmt.Sprintf("/points?member_id=%d", f.MemberB.ID), http.StatusNotFound)
		expectPage(t, s, claimB, http.StatusNotFound)
		expectPage(t, s, fmt.Sprintf("/catalogue?org_id=%d", f.BranchB.ID), http.StatusNotFound)
		expectPage(t, s, fmt.Sprintf("/rankings?org_id=%d", f.BranchB.ID), http.StatusNotFound)
		if res := s.post(claimB+"/approve", nil); res.Status != http.StatusForbidden {
			t.Errorf("secretary A approves B's claim: status %d, want 403", res.Status)
		}
		if res := s.post(claimB+"/reject", url.Values{"reason": {"不符合"}}); res.Status != http.StatusForbidden {
			t.Errorf("secretary A rejects B's claim: status %d, want 403", res.Status)
		}
		bulk := s.post("/approvals", url.Values{"action": {"approve"}, "ids": {strconv.FormatInt(w.ClaimB.ID, 10)}})
		if bulk.Status != http.StatusOK || !strings.Contains(bulk.Body, `data-testid="failures"`) {
			t.Errorf("bulk approval of B's claim by A: status %d, no failure listed", bulk.Status)
		}
		if res := s.get(fmt.Sprintf("/awards/new?org_id=%d", f.BranchB.ID)); res.Status != http.StatusNotFound {
			t.Errorf("award form of branch B for secretary A: status %d, want 404", res.Status)
		}
		if res := s.post("/awards", url.Values{"org_id": {strconv.FormatInt(f.BranchA.ID, 10)}, "subject": {"member:" + strconv.FormatInt(f.MemberB.ID, 10)},
			"indicator_id": {strconv.FormatInt(w.Ind.ID, 10)}, "quantity": {"1"}, "occurred_on": {time.Now().Format("2006-01-02")}}); res.Status != http.StatusForbidden {
			t.Errorf("secretary A awards 李四: status %d, want 403", res.Status)
		}
		if bView, _ := f.Set.Points.GetClaim(t.Context(), actorOf(t, f, "secretary_b"), w.ClaimB.ID); bView == nil || bView.Status != "pending" {
			t.Errorf("B's claim changed by A's attempts")
		}

		// Secretary of branch B sees the claim in the queue with the points it would earn.
		sb := newClient(t, base)
		sb.login("secretary_b")
		expectPage(t, sb, "/approvals", http.StatusOK, "李四", "乙支部主题党日", "+5")
		expectPage(t, sb, claimB, http.StatusOK, "乙支部主题党日", `data-testid="approve"`, `name="reason"`)

		// The administrator: ratings, merchants, a reward's edit form, English on request.
		a := newClient(t, base)
		a.login("admin")
		expectPage(t, a, fmt.Sprintf("/ratings?org_id=%d&year=%d", f.Region.ID, w.LastYear), http.StatusOK, "开始评星计算", `data-status="none"`)
		expectPage(t, a, "/merchants", http.StatusOK, "红色书店", "添加商家")
		expectPage(t, a, fmt.Sprintf("/merchants/%d", w.Shop.ID), http.StatusOK, "党史读本", "shop_op", `data-testid="reward-form"`)
		expectPage(t, a, fmt.Sprintf("/rewards/%d", w.Book.ID), http.StatusOK, `data-testid="reward-edit"`)
		expectPage(t, a, fmt.Sprintf("/rankings?org_id=%d&subject_type=org", f.Region.ID), http.StatusOK, "积分排名")
		a.post("/language", url.Values{"lang": {"en-US"}, "next": {"/"}})
		expectPage(t, a, fmt.Sprintf("/catalogue?org_id=%d", f.BranchA.ID), http.StatusOK, "Points indicators", "Inherited", "Copy to a new year")
		expectPage(t, a, "/merchants", http.StatusOK, "Alliance merchants")

		// The merchant's operator: the counter page and their merchant; not the member pages.
		o := newClient(t, base)
		o.login("shop_op")
		expectPage(t, o, "/", http.StatusOK, `href="/m/redeem"`)
		expectPage(t, o, "/m/redeem", http.StatusOK, `name="code"`, "红色书店", "最近兑换")
		expectPage(t, o, "/m/redeem?code=NOSUCHCODE", http.StatusOK, "没有找到该兑换码")
		expectPage(t, o, fmt.Sprintf("/merchants/%d", w.Shop.ID), http.StatusOK, `data-testid="reward-form"`)
		if res := o.get("/points"); res.Status != http.StatusNotFound {
			t.Errorf("operator GET /points: status %d, want 404", res.Status)
		}
	})
}
