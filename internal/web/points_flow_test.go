package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/redemption"
)

func todayCN() string {
	z, _ := time.LoadLocation("Asia/Shanghai")
	return time.Now().In(z).Format("2006-01-02")
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

var locationID = regexp.MustCompile(`/(\d+)(\?|$)`)

// idIn reads the id out of a redirect's location, failing the test when there is none.
func idIn(t *testing.T, res response, prefix string) int64 {
	t.Helper()
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, prefix) {
		t.Fatalf("want a redirect to %s…, got %d %q; body %.400s", prefix, res.Status, res.Location, res.Body)
	}
	m := locationID.FindStringSubmatch(strings.TrimPrefix(res.Location, prefix[:strings.LastIndex(prefix, "/")]))
	if m == nil {
		t.Fatalf("no id in %q", res.Location)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

// A member claims with a photo, the secretary sees it in the queue with the evidence and
// approves it, and the member's page shows the points with their source; a second claim is
// rejected, with the reason required beside its field and shown to the member.
func TestFlowClaimApproveShowsPoints(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		w := addPoints(t, f)
		m := newClient(t, base)
		m.login("zhangsan")
		photo := []byte("\xff\xd8\xff\xe0 a photo of the party day")

		// Without an indicator the form comes back with the message beside the field.
		res := m.upload("/points/claims", url.Values{"quantity": {"1"}, "occurred_on": {todayCN()}}, "evidence", "day.jpg", photo)
		if res.Status != http.StatusUnprocessableEntity || !regexp.MustCompile(`data-error-for="indicator_id">[^<]+<`).MatchString(res.Body) {
			t.Fatalf("claim without indicator: status %d, no field message", res.Status)
		}
		res = m.upload("/points/claims", url.Values{"indicator_id": {id64(w.Ind.ID)}, "quantity": {"1"}, "occurred_on": {todayCN()},
			"note": {"参加了支部主题党日"}}, "evidence", "day.jpg", photo)
		claimID := idIn(t, res, "/claims/")
		expectPage(t, m, fmt.Sprintf("/claims/%d", claimID), http.StatusOK, "待审核", "day.jpg", `data-testid="points-expected">5<`)
		if res := m.post(fmt.Sprintf("/claims/%d/approve", claimID), nil); res.Status != http.StatusForbidden {
			t.Errorf("member approves their own claim: status %d, want 403", res.Status)
		}

		s := newClient(t, base)
		s.login("secretary_a")
		q := expectPage(t, s, "/approvals", http.StatusOK, "张三", "参加了支部主题党日", "+5", "day.jpg")
		if !strings.Contains(q.Body, fmt.Sprintf(`/claims/%d/evidence/`, claimID)) {
			t.Fatalf("queue lacks the evidence link")
		}
		ev := regexp.MustCompile(fmt.Sprintf(`/claims/%d/evidence/\d+`, claimID)).FindString(q.Body)
		file := s.get(ev)
		if file.Status != http.StatusOK || file.Body != string(photo) || file.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("evidence: status %d, type %q, %d bytes", file.Status, file.Header.Get("Content-Type"), len(file.Body))
		}
		if res := m.get(ev); res.Status != http.StatusOK {
			t.Errorf("the member cannot open their own evidence: %d", res.Status)
		}
		res = s.post("/approvals", url.Values{"action": {"approve"}, "ids": {id64(claimID)}})
		if res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "decided=1") {
			t.Fatalf("bulk approve: %d %q; %.300s", res.Status, res.Location, res.Body)
		}
		expectPage(t, s, "/approvals?decided=1", http.StatusOK, "已处理 1 条申报", "暂无待审核的积分申报")

		p := expectPage(t, m, "/points", http.StatusOK, `data-testid="points-total">5<`, `data-testid="reward-balance">5<`,
			"参加主题党日", "审核：secretary_a", "已通过", "第 1 名 / 共 1 人")
		if !strings.Contains(p.Body, fmt.Sprintf(`href="/claims/%d"`, claimID)) {
			t.Errorf("the ledger line does not lead to its claim and evidence")
		}
		expectPage(t, m, "/", http.StatusOK, `data-testid="home-points-total">5<`)

		// A second claim, rejected: the reason is required, then shown to the member.
		res = m.upload("/points/claims", url.Values{"indicator_id": {id64(w.Ind.ID)}, "quantity": {"2"}, "occurred_on": {todayCN()}}, "", "", nil)
		second := idIn(t, res, "/claims/")
		res = s.post(fmt.Sprintf("/claims/%d/reject", second), url.Values{"reason": {""}})
		if res.Status != http.StatusUnprocessableEntity || !regexp.MustCompile(`data-error-for="reason">[^<]+<`).MatchString(res.Body) {
			t.Fatalf("reject without reason: status %d, no message beside the field", res.Status)
		}
		if res := s.post(fmt.Sprintf("/claims/%d/reject", second), url.Values{"reason": {"当天未参加"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", res.Status)
		}
		expectPage(t, m, fmt.Sprintf("/claims/%d", second), http.StatusOK, "已驳回", "当天未参加")
		expectPage(t, m, "/points", http.StatusOK, `data-testid="points-total">5<`, "已驳回")
	})
}

// A member redeems (twice with the same form: one redemption), sees the QR code and the
// code, cannot redeem beyond the balance, and the operator types the code (in lower case,
// with a dash) and confirms it: fulfilled on both sides.
func TestFlowRedeemAndConfirmByCode(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		w := addPoints(t, f)
		award(t, f, w.Ind, f.MemberA.ID, 1)

		m := newClient(t, base)
		m.login("zhangsan")
		expectPage(t, m, "/rewards", http.StatusOK, `data-testid="reward-balance">5<`, "立即兑换")
		form := url.Values{"reward_id": {id64(w.Book.ID)}, "idempotency_key": {"key-0001"}}
		first := m.post("/redemptions", form)
		id := idIn(t, first, "/redemptions/")
		if again := m.post("/redemptions", form); again.Location != first.Location {
			t.Fatalf("the same form twice: %q then %q", first.Location, again.Location)
		}
		mine, _ := f.Set.Redemption.MyRedemptions(t.Context(), actorOf(t, f, "zhangsan"), redemption.ListFilter{})
		if len(mine) != 1 {
			t.Fatalf("%d redemptions after a double submission, want 1", len(mine))
		}
		page := expectPage(t, m, fmt.Sprintf("/redemptions/%d", id), http.StatusOK, "待核销", `data-testid="qr"`, mine[0].Code, "前有效", "取消兑换")
		if !strings.Contains(page.Body, fmt.Sprintf(`/redemptions/%d/qr.png`, id)) {
			t.Errorf("no QR image")
		}
		qr := m.get(fmt.Sprintf("/redemptions/%d/qr.png", id))
		if qr.Status != http.StatusOK || qr.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(qr.Body, "\x89PNG") {
			t.Errorf("QR: status %d, type %q", qr.Status, qr.Header.Get("Content-Type"))
		}
		expectPage(t, m, "/points", http.StatusOK, `data-testid="reward-balance">0<`, `data-testid="points-total">5<`)
		// The balance is spent: another redemption is refused beside the reward.
		res := m.post("/redemptions", url.Values{"reward_id": {id64(w.Book.ID)}, "idempotency_key": {"key-0002"}})
		if res.Status != http.StatusConflict || !strings.Contains(res.Body, "可兑换积分余额不足") {
			t.Errorf("redeem beyond the balance: status %d", res.Status)
		}
		// Another member cannot see it, nor its QR code.
		b := newClient(t, base)
		b.login("lisi")
		expectPage(t, b, fmt.Sprintf("/redemptions/%d", id), http.StatusNotFound)
		if res := b.get(fmt.Sprintf("/redemptions/%d/qr.png", id)); res.Status != http.StatusNotFound {
			t.Errorf("another member's QR: %d", res.Status)
		}
		if res := b.post(fmt.Sprintf("/redemptions/%d/cancel", id), nil); res.Status != http.StatusForbidden {
			t.Errorf("another member cancels: %d, want 403", res.Status)
		}
		expectPage(t, b, "/m/redeem?code="+mine[0].Code, http.StatusOK, "没有找到该兑换码")

		o := newClient(t, base)
		o.login("shop_op")
		typed := strings.ToLower(mine[0].Code[:4] + "-" + mine[0].Code[4:])
		expectPage(t, o, "/m/redeem?code="+url.QueryEscape(typed), http.StatusOK, "党史读本", "张三", `data-testid="confirm"`)
		expectPage(t, o, "/m/redeem/"+mine[0].Code, http.StatusOK, `data-testid="confirm"`) // the QR code's address
		res = o.post("/m/redeem/confirm", url.Values{"code": {typed}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/m/redeem?confirmed=") {
			t.Fatalf("confirm: %d %q; %.300s", res.Status, res.Location, res.Body)
		}
		expectPage(t, o, res.Location, http.StatusOK, "核销成功", "张三", "已核销")
		expectPage(t, m, fmt.Sprintf("/redemptions/%d", id), http.StatusOK, "已核销", "shop_op")
		if res := m.post(fmt.Sprintf("/redemptions/%d/cancel", id), nil); res.Status != http.StatusConflict {
			t.Errorf("cancel a fulfilled redemption: %d, want 409", res.Status)
		}
		expectPage(t, m, "/redemptions", http.StatusOK, "已核销", "联盟卡")

		// Cancel gives the points back.
		award(t, f, w.Ind, f.MemberA.ID, 1)
		id2 := idIn(t, m.post("/redemptions", url.Values{"reward_id": {id64(w.Book.ID)}, "idempotency_key": {"key-0003"}}), "/redemptions/")
		if res := m.post(fmt.Sprintf("/redemptions/%d/cancel", id2), nil); res.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.Status)
		}
		expectPage(t, m, fmt.Sprintf("/redemptions/%d", id2), http.StatusOK, "已取消")
		expectPage(t, m, "/points", http.StatusOK, `data-testid="reward-balance">5<`)
	})
}

// award gives a member n times an indicator directly (as the system).
func award(t *testing.T, f *fixture, ind *domain.Indicator, memberID int64, n int64) {
	t.Helper()
	day := todayCN()
	if ind.Year != time.Now().Year() {
		day = strconv.Itoa(ind.Year) + "-06-01"
	}
	if _, err := f.Set.Points.Award(t.Context(), auth.SystemActor(), points.AwardInput{IndicatorID: ind.ID, SubjectType: domain.SubjectMember,
		SubjectID: memberID, Quantity: domain.Whole(n), OccurredOn: day}); err != nil {
		t.Fatalf("award: %v", err)
	}
}

// The secretary adds an item to the branch's catalogue (a malformed number comes back beside
// its field), changes it, copies the catalogue to next year, and awards it directly: the same
// form submitted twice posts one entry.
func TestFlowCatalogueAndAward(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		w := addPoints(t, f)
		s := newClient(t, base)
		s.login("secretary_a")
		form := url.Values{"org_id": {id64(f.BranchA.ID)}, "year": {strconv.Itoa(w.Year)}, "code": {"X01"}, "name": {"志愿服务"},
			"category": {"contribution"}, "subject": {"member"}, "unit": {"hour"}, "points": {"abc"}, "cap_week": {"10"},
			"welfare": {"1"}, "needs_approval": {"1"}, "award_roles": {"secretary"}}
		res := s.post("/catalogue", form)
		if res.Status != http.StatusUnprocessableEntity || !regexp.MustCompile(`data-error-for="points">[^<]+<`).MatchString(res.Body) {
			t.Fatalf("bad points: status %d, no message beside the field", res.Status)
		}
		if !strings.Contains(res.Body, `value="志愿服务"`) {
			t.Errorf("the typed name was not kept")
		}
		form.Set("points", "2.5")
		id := idIn(t, s.post("/catalogue", form), "/catalogue/")
		expectPage(t, s, fmt.Sprintf("/catalogue/%d?saved=1", id), http.StatusOK, "已保存", `data-testid="indicator-form"`, `value="2.5"`, `value="10"`)
		list := expectPage(t, s, fmt.Sprintf("/catalogue?org_id=%d&year=%d", f.BranchA.ID, w.Year), http.StatusOK, "X01", "志愿服务", "公益时长", "周上限 10")
		if !regexp.MustCompile(`data-code="X01"[^>]*>`).MatchString(list.Body) || regexp.MustCompile(`data-code="X01" data-inherited`).MatchString(list.Body) {
			t.Errorf("own item not listed as own")
		}
		form.Set("points", "3")
		if res := s.post(fmt.Sprintf("/catalogue/%d", id), form); res.Status != http.StatusSeeOther {
			t.Fatalf("update: %d %.300s", res.Status, res.Body)
		}
		ind, err := f.Set.Points.Indicator(t.Context(), auth.SystemActor(), id)
		if err != nil || ind.Points != domain.Whole(3) || !ind.Welfare || ind.Caps.Week == nil || *ind.Caps.Week != domain.Whole(10) {
			t.Fatalf("after the update: %+v, %v", ind, err)
		}
		// The region's item cannot be changed by the branch.
		if res := s.post(fmt.Sprintf("/catalogue/%d", w.Ind.ID), url.Values{"name": {"改名"}, "points": {"9"}}); res.Status != http.StatusForbidden {
			t.Errorf("branch edits the region's item: %d, want 403", res.Status)
		}
		res = s.post("/catalogue/copy", url.Values{"org_id": {id64(f.BranchA.ID)}, "from_year": {strconv.Itoa(w.Year)}, "to_year": {strconv.Itoa(w.Year + 1)}})
		if res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "copied=1") {
			t.Fatalf("copy: %d %q", res.Status, res.Location)
		}
		expectPage(t, s, res.Location, http.StatusOK, "已复制 1 项指标", "X01")

		// Award the region's item to 张三 twice with the same form: one entry.
		page := expectPage(t, s, fmt.Sprintf("/awards/new?org_id=%d", f.BranchA.ID), http.StatusOK)
		key := regexp.MustCompile(`name="idempotency_key" value="([0-9a-f]{32})"`).FindStringSubmatch(page.Body)
		if key == nil {
			t.Fatalf("the award form has no Idempotency-Key")
		}
		aw := url.Values{"org_id": {id64(f.BranchA.ID)}, "subject": {"member:" + id64(f.MemberA.ID)}, "indicator_id": {id64(w.Ind.ID)},
			"quantity": {"2"}, "occurred_on": {todayCN()}, "note": {"七一表彰"}, "idempotency_key": {key[1]}}
		one, two := s.post("/awards", aw), s.post("/awards", aw)
		if one.Status != http.StatusSeeOther || one.Location != two.Location {
			t.Fatalf("double award: %d %q / %q", one.Status, one.Location, two.Location)
		}
		expectPage(t, s, one.Location, http.StatusOK, "已奖励 10 分")
		entries, _ := f.Set.Points.Entries(t.Context(), auth.SystemActor(), points.EntryFilter{SubjectType: domain.SubjectMember, SubjectID: f.MemberA.ID})
		if len(entries) != 1 || entries[0].Points != domain.Whole(10) {
			t.Fatalf("entries after a double submission: %+v", entries)
		}
		// A fresh form has a fresh key.
		if again := s.get(fmt.Sprintf("/awards/new?org_id=%d", f.BranchA.ID)); strings.Contains(again.Body, key[1]) {
			t.Errorf("a new award form reuses the key")
		}
	})
}

// The administrator rates last year: starts the run (the page polls while it computes),
// reviews computed beside final, calibrates with a required reason, and publishes past the
// deadline with a required late reason; the member then sees the published stars.
func TestFlowRatingRun(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		w := addPoints(t, f)
		award(t, f, w.IndLast, f.MemberA.ID, 14) // 70 points: a composite of 30 (activity's share)
		a := newClient(t, base)
		a.login("admin")
		v := url.Values{"org_id": {id64(f.Region.ID)}, "year": {strconv.Itoa(w.LastYear)}}
		res := a.post("/ratings/run", v)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("start: %d %.300s", res.Status, res.Body)
		}
		frag := a.get(res.Location, "HX-Request", "true", "HX-Target", "rating-status")
		if frag.Status != http.StatusOK || !strings.Contains(frag.Body, `hx-trigger="every 1s"`) || strings.Contains(frag.Body, "<html") {
			t.Fatalf("while queued the status fragment polls: %d %.300s", frag.Status, frag.Body)
		}
		run, err := f.Set.Ratings.RunStatus(t.Context(), auth.SystemActor(), w.LastYear, f.Region.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Set.Jobs.RunJob(t.Context(), run.JobID); err != nil {
			t.Fatal(err)
		}
		if frag := a.get(res.Location, "HX-Request", "true", "HX-Target", "rating-status"); frag.Header.Get("HX-Refresh") != "true" {
			t.Errorf("a finished run does not reload the page")
		}
		key := "member:" + id64(f.MemberA.ID)
		page := expectPage(t, a, res.Location, http.StatusOK, "已计算，待审核公布", `data-subject="`+key+`"`, "公布评星结果", "逾期原因")
		if !strings.Contains(page.Body, `data-computed-stars="0"`) {
			t.Errorf("computed stars missing")
		}
		cal := url.Values{"org_id": v["org_id"], "year": v["year"], "subject": {key}, "stars": {"3"}}
		res = a.post("/ratings/calibrate", cal)
		if res.Status != http.StatusUnprocessableEntity || !regexp.MustCompile(`data-error-for="reason">[^<]+<`).MatchString(res.Body) {
			t.Fatalf("calibrate without reason: %d", res.Status)
		}
		cal.Set("reason", "民主评议结果优秀")
		if res = a.post("/ratings/calibrate", cal); res.Status != http.StatusSeeOther {
			t.Fatalf("calibrate: %d %.300s", res.Status, res.Body)
		}
		page = expectPage(t, a, res.Location, http.StatusOK, "民主评议结果优秀", `data-final-stars="3"`, `data-computed-stars="0"`)
		res = a.post("/ratings/publish", v)
		if res.Status != http.StatusConflict || !regexp.MustCompile(`data-error-for="late_reason">[^<]+<`).MatchString(res.Body) {
			t.Fatalf("late publication without reason: %d", res.Status)
		}
		v.Set("late_reason", "上级统一部署推迟")
		res = a.post("/ratings/publish", v)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d %.300s", res.Status, res.Body)
		}
		expectPage(t, a, res.Location, http.StatusOK, "评星结果已公布", "逾期公布", "上级统一部署推迟", `data-stars="3"`)

		m := newClient(t, base)
		m.login("zhangsan")
		expectPage(t, m, fmt.Sprintf("/points?year=%d", w.LastYear), http.StatusOK, `data-testid="published-rating"`, `data-stars="3"`, "★★★☆☆")
	})
}
