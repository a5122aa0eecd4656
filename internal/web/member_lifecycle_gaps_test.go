package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/transfer"
)

// destinationsFragment asks for the transfer form's search results alone, as htmx does.
var destinationsFragment = []string{"HX-Request", "true", "HX-Target", "destinations"}

// A secretary finds a branch under another committee, which they cannot read, by name on
// the transfer form (as htmx suggestions and, without JavaScript, as a reloaded form that
// keeps what was typed), and transfers the member there.
func TestTransferFormFindsBranchesByName(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("secretary_a")
		if res := c.get(fmt.Sprintf("/orgs/%d", f.BranchB.ID)); res.Status != http.StatusNotFound {
			t.Fatalf("secretary A reads branch B: %d", res.Status)
		}
		newPage := fmt.Sprintf("/transfers/new?member_id=%d", f.MemberA.ID)
		res := c.get(newPage)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="org-search"`) || !strings.Contains(res.Body, `name="to_org_q"`) ||
			strings.Contains(res.Body, "乙公司") {
			t.Fatalf("transfer form: status %d; %.400s", res.Status, res.Body)
		}
		q := url.QueryEscape("乙公司")
		res = c.get(newPage+"&to_org_q="+q, destinationsFragment...)
		radioB := fmt.Sprintf(`name="to_org_id" value="%d"`, f.BranchB.ID)
		if res.Status != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(res.Body), `<div id="destinations"`) ||
			strings.Contains(res.Body, "<html") || !strings.Contains(res.Body, radioB) || !strings.Contains(res.Body, "示范区党工委 / 乙公司党委") {
			t.Fatalf("suggestions: status %d; %s", res.Status, res.Body)
		}
		if strings.Contains(res.Body, "李四") {
			t.Errorf("suggestions show branch B's members")
		}
		// The member's own branch is no destination.
		res = c.get(newPage+"&to_org_q="+url.QueryEscape("甲公司"), destinationsFragment...)
		if strings.Contains(res.Body, fmt.Sprintf(`value="%d"`, f.BranchA.ID)) || !strings.Contains(res.Body, `data-testid="no-destination"`) {
			t.Errorf("own branch offered: %s", res.Body)
		}
		// Without JavaScript the search button reloads the form with the results and keeps
		// what was typed.
		res = c.get(newPage + "&destination=system&reason=" + url.QueryEscape("工作调动") + "&to_org_q=" + q)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, radioB) || !strings.Contains(res.Body, `value="工作调动"`) ||
			!strings.Contains(res.Body, "<html") {
			t.Fatalf("search reload: status %d", res.Status)
		}
		form := url.Values{"member_id": {fmt.Sprint(f.MemberA.ID)}, "destination": {"system"}, "to_org_q": {"乙公司"},
			"to_org_id": {fmt.Sprint(f.BranchB.ID)}, "reason": {"工作调动"}, "dues_paid_through": {"2024-13"}, "valid_days": {"30"}}
		res = c.post("/transfers", form)
		if res.Status != http.StatusUnprocessableEntity || !regexp.MustCompile(regexp.QuoteMeta(radioB)+`[^>]* checked`).MatchString(res.Body) {
			t.Fatalf("rejected form does not keep the chosen branch: status %d", res.Status)
		}
		form.Set("dues_paid_through", "2024-12")
		res = c.post("/transfers", form)
		m := regexp.MustCompile(`^/transfers/(\d+)\?saved=1$`).FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create: status %d, location %q; body %.600s", res.Status, res.Location, res.Body)
		}
		if res := c.get("/transfers/" + m[1]); res.Status != http.StatusOK || !strings.Contains(res.Body, "乙公司党支部") {
			t.Errorf("sender's transfer page: status %d", res.Status)
		}
		// A plain member may not look in the directory.
		plain := newClient(t, base)
		plain.login("zhangsan")
		if res := plain.get(newPage+"&to_org_q="+q, destinationsFragment...); res.Status != http.StatusForbidden || strings.Contains(res.Body, "乙公司党支部") {
			t.Errorf("plain member searches: status %d", res.Status)
		}
	})
}

// The member page lists the member's standing changes for whoever reads the member, and
// their floating entries wherever they were registered (also in a branch they since left).
func TestMemberPageStandingChangesAndFloating(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx, sys := context.Background(), auth.SystemActor()
		if _, err := f.Set.Members.ChangeStanding(ctx, sys, f.MemberA.ID, member.StandingInput{Action: member.ActionSuspend,
			On: "2024-03-01", Reason: "组织决定停止党籍"}); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/members/%d", f.MemberA.ID)
		for _, user := range []string{"secretary_a", "zhangsan"} { // zhangsan is member A
			c := newClient(t, base)
			c.login(user)
			res := c.get(page)
			if res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="standing-changes"`) ||
				!strings.Contains(res.Body, "组织决定停止党籍") || !strings.Contains(res.Body, "2024-03-01") {
				t.Errorf("%s: member page lacks the standing change (status %d)", user, res.Status)
			}
		}
		admin := newClient(t, base)
		admin.login("admin")
		if res := admin.get(fmt.Sprintf("/members/%d", f.MemberB.ID)); strings.Contains(res.Body, `data-testid="standing-changes"`) {
			t.Errorf("a member without changes shows the card")
		}

		// An out-flow entry registered in branch A, ended, and the member moved to another
		// branch: the page still lists it.
		fl, err := f.Set.Transfers.RegisterFloating(ctx, sys, transfer.FloatingInput{Direction: domain.FloatingOut,
			MemberID: f.MemberB.ID, Place: "海南省三亚市", Since: "2024-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Set.Transfers.EndFloating(ctx, sys, fl.ID, transfer.FloatingStep{On: "2024-02-01"}); err != nil {
			t.Fatal(err)
		}
		name, typ := "乙公司第二党支部", string(domain.OrgBranch)
		other, err := f.Set.Orgs.Create(ctx, sys, org.Input{Name: &name, Type: &typ, ParentID: &f.CommB.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Set.Members.Update(ctx, sys, f.MemberB.ID, member.Input{OrgID: &other.ID}); err != nil {
			t.Fatal(err)
		}
		res := admin.get(fmt.Sprintf("/members/%d", f.MemberB.ID))
		if !strings.Contains(res.Body, fmt.Sprintf(`data-floating-id="%d"`, fl.ID)) || !strings.Contains(res.Body, "海南省三亚市") {
			t.Errorf("member page misses the floating entry of the former branch")
		}
	})
}
