package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// fieldError returns the message shown beside a field (data-error-for), "" when none.
func fieldError(body, field string) string {
	m := regexp.MustCompile(`data-error-for="`+regexp.QuoteMeta(field)+`">([^<]*)<`).FindAllStringSubmatch(body, -1)
	for _, s := range m {
		if s[1] != "" {
			return s[1]
		}
	}
	return ""
}

// A committee officer plans an activity, a branch secretary claims it, the committee records
// its completion and the branch's points show it; the year-end bonus and a reversal work on
// the branch's points page; nobody acts outside their scope.
func TestActivityPlansFlow(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		w := addPoints(t, f)
		ctx := context.Background()
		if _, err := f.Set.Accounts.Create(ctx, auth.SystemActor(), account.Input{Username: ptr("officer_cb"),
			Password: ptr(testPassword), DisplayName: ptr("乙党委书记"),
			Grants: &[]account.GrantInput{{Role: domain.RoleSecretary, OrgID: f.CommB.ID}}}); err != nil {
			t.Fatal(err)
		}
		year := strconv.Itoa(w.Year)
		commB, branchB := id64(f.CommB.ID), id64(f.BranchB.ID)

		// The committee's page: the nav entry and the plan form; a form without a name comes
		// back with the message beside the field.
		o := newClient(t, base)
		o.login("officer_cb")
		expectPage(t, o, "/activities?org_id="+commB, http.StatusOK, `href="/activities"`, "活动认领", `data-testid="plan-form"`)
		res := o.post("/activities", url.Values{"org_id": {commB}, "year": {year}, "name": {""}, "complexity": {"2"},
			"max_claims": {"x"}})
		if res.Status != http.StatusUnprocessableEntity || fieldError(res.Body, "max_claims") != "请输入整数" {
			t.Fatalf("bad plan form: status %d, max_claims error %q", res.Status, fieldError(res.Body, "max_claims"))
		}
		res = o.post("/activities", url.Values{"org_id": {commB}, "year": {year}, "name": {""}, "complexity": {"2"},
			"expected": {"1999-13"}})
		if res.Status != http.StatusUnprocessableEntity || fieldError(res.Body, "name") == "" || fieldError(res.Body, "expected") == "" {
			t.Fatalf("plan without name: status %d, name %q, expected %q", res.Status, fieldError(res.Body, "name"), fieldError(res.Body, "expected"))
		}
		res = o.post("/activities", url.Values{"org_id": {commB}, "year": {year}, "name": {"红色观影"}, "complexity": {"2"},
			"claim_deadline": {year + "-12-31"}, "max_claims": {"2"}, "expected": {year + "-Q4"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create plan: status %d; %.500s", res.Status, res.Body)
		}
		plans, err := f.Set.Points.Plans(ctx, auth.SystemActor(), f.CommB.ID, w.Year)
		if err != nil || len(plans) != 1 {
			t.Fatalf("plans: %v %d", err, len(plans))
		}
		plan := id64(plans[0].ID)

		// Secretary of branch A: neither sees committee B's plans nor claims for branch B.
		a := newClient(t, base)
		a.login("secretary_a")
		expectPage(t, a, "/activities?org_id="+branchB, http.StatusNotFound)
		if res := a.post("/activities/"+plan+"/claims", url.Values{"org_id": {branchB}, "year": {year}}); res.Status != http.StatusForbidden {
			t.Errorf("secretary A claims for branch B: status %d, want 403", res.Status)
		}

		// Secretary of branch B sees the plan with its deadline and limit, and claims it once.
		b := newClient(t, base)
		b.login("secretary_b")
		expectPage(t, b, "/activities?org_id="+branchB, http.StatusOK, "红色观影", "认领截止："+year+"-12-31", "上限 2 个支部", `data-testid="claim-button"`)
		if res := b.post("/activities/"+plan+"/claims", url.Values{"org_id": {branchB}, "year": {year}}); res.Status != http.StatusSeeOther {
			t.Fatalf("claim: status %d; %.400s", res.Status, res.Body)
		}
		page := expectPage(t, b, "/activities?org_id="+branchB, http.StatusOK, `data-testid="my-claim" data-status="claimed"`)
		if strings.Contains(page.Body, `data-testid="claim-button"`) {
			t.Errorf("a claimed plan still offers the claim button")
		}
		if res := b.post("/activities/"+plan+"/claims", url.Values{"org_id": {branchB}, "year": {year}}); res.Status != http.StatusConflict ||
			!strings.Contains(res.Body, "本支部已认领过该活动") {
			t.Errorf("second claim: status %d, want 409 with the message", res.Status)
		}
		if res := b.post("/activities/"+plan+"/claims/"+branchB+"/complete", url.Values{"participants": {"1"}}); res.Status != http.StatusForbidden {
			t.Errorf("branch completes its own claim: status %d, want 403", res.Status)
		}

		// The committee records the completion: members prefilled from the roster (1).
		page = expectPage(t, o, "/activities?org_id="+commB, http.StatusOK, `data-testid="complete-form"`, "乙公司党支部")
		if !strings.Contains(page.Body, `name="members" value="1"`) {
			t.Errorf("members not prefilled from the branch's roster")
		}
		res = o.post("/activities/"+plan+"/claims/"+branchB+"/complete", url.Values{"back_org_id": {commB}, "year": {year},
			"participants": {"3"}, "members": {"1"}, "on": {todayCN()}})
		if res.Status != http.StatusUnprocessableEntity || fieldError(res.Body, "participants") == "" {
			t.Fatalf("participants above members: status %d, error %q", res.Status, fieldError(res.Body, "participants"))
		}
		res = o.post("/activities/"+plan+"/claims/"+branchB+"/complete", url.Values{"back_org_id": {commB}, "year": {year},
			"participants": {"1"}, "members": {"1"}, "on": {todayCN()}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("complete: status %d; %.400s", res.Status, res.Body)
		}
		expectPage(t, o, "/activities?org_id="+commB, http.StatusOK, "系数 1 · 得分 10")
		expectPage(t, b, "/activities?org_id="+branchB, http.StatusOK, `data-status="completed"`, "系数 1 · 得分 10")

		// The branch's points show the 10 points; its secretary may not reverse them.
		orgPage := "/points/orgs/" + branchB + "?year=" + year
		bp := expectPage(t, b, orgPage, http.StatusOK, `data-testid="points-total">10<`, "红色观影")
		if strings.Contains(bp.Body, "/reverse") || strings.Contains(bp.Body, `data-testid="bonus-form"`) {
			t.Errorf("branch secretary is offered the reversal or bonus of their own branch")
		}
		entries, err := f.Set.Points.Entries(ctx, auth.SystemActor(), points.EntryFilter{SubjectType: domain.SubjectOrg, SubjectID: f.BranchB.ID, Year: w.Year})
		if err != nil || len(entries) != 1 {
			t.Fatalf("entries: %v %d", err, len(entries))
		}
		entry := id64(entries[0].ID)
		if res := b.post("/points/entries/"+entry+"/reverse", url.Values{"reason": {"误记"}}); res.Status != http.StatusForbidden {
			t.Errorf("branch secretary reverses: status %d, want 403", res.Status)
		}

		// The committee: year-end bonus (a missing value comes back beside the field), then a
		// reversal without a reason (refused beside the line) and with one.
		expectPage(t, o, orgPage, http.StatusOK, `data-testid="bonus-form"`, `data-testid="reverse-`+entry+`"`)
		res = o.post("/points/orgs/"+branchB+"/bonus", url.Values{"year": {year}, "points": {""}, "idempotency_key": {"k1"}})
		if res.Status != http.StatusUnprocessableEntity || fieldError(res.Body, "points") == "" {
			t.Fatalf("bonus without points: status %d, error %q", res.Status, fieldError(res.Body, "points"))
		}
		res = o.post("/points/orgs/"+branchB+"/bonus", url.Values{"year": {year}, "points": {"5"}, "category": {"contribution"},
			"idempotency_key": {"k2"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("bonus: status %d; %.400s", res.Status, res.Body)
		}
		expectPage(t, o, res.Location, http.StatusOK, `data-testid="points-total">15<`, `data-testid="bonus-done"`)
		res = o.post("/points/entries/"+entry+"/reverse", url.Values{"reason": {" "}, "back": {orgPage}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("reverse without reason: status %d", res.Status)
		}
		refused := expectPage(t, o, res.Location, http.StatusOK)
		if !strings.Contains(refused.Body, `id="err-reason-`+entry+`" data-error-for="reason">`) || fieldError(refused.Body, "reason") == "" {
			t.Errorf("reversal without a reason shows no message beside the line")
		}
		res = o.post("/points/entries/"+entry+"/reverse", url.Values{"reason": {"活动登记有误"}, "back": {orgPage}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("reverse: status %d", res.Status)
		}
		expectPage(t, o, res.Location, http.StatusOK, `data-testid="reversed"`, `data-testid="points-total">5<`, "活动登记有误")

		// English is complete on the new pages.
		en := o.get("/activities?org_id="+commB, "Accept-Language", "en-US")
		for _, want := range []string{"Branch activities", "Publish plan", "factor 1 · 10 points"} {
			if !strings.Contains(en.Body, want) {
				t.Errorf("English activities page lacks %q", want)
			}
		}
	})
}
