package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/testutil"
)

var codeOnPage = regexp.MustCompile(`data-testid="code">(\d{6})<`)

// meetingUser adds an account with one grant for the meeting tests.
func meetingUser(t *testing.T, f *fixture, username, role string, orgID int64) {
	t.Helper()
	_, err := f.Set.Accounts.Create(context.Background(), auth.SystemActor(), account.Input{Username: ptr(username),
		Password: ptr(testPassword), DisplayName: ptr(username), Grants: &[]account.GrantInput{{Role: role, OrgID: orgID}}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMeetingFlow: the secretary plans a meeting, the member checks in with the code, the
// counts follow, the minutes go up and the upper organisation approves them; another
// branch's secretary neither sees nor acts on the meeting.
func TestMeetingFlow(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			srv := httptest.NewServer(f.Handler)
			defer srv.Close()
			meetingUser(t, f, "secretary_comm_a", domain.RoleSecretary, f.CommA.ID)
			meetingUser(t, f, "secretary_b2", domain.RoleSecretary, f.BranchB.ID)

			sec := newClient(t, srv.URL)
			sec.login("secretary_a")
			start := time.Now().In(shanghaiZone()).Add(5 * time.Minute)
			res := sec.post("/meetings", url.Values{"org_id": {id64(f.BranchA.ID)}, "kind": {domain.MeetingBranchGeneral},
				"title": {"三月支部党员大会"}, "starts_at": {start.Format("2006-01-02T15:04")},
				"ends_at": {start.Add(time.Hour).Format("2006-01-02T15:04")}, "location": {"会议室"}})
			id := idIn(t, res, "/meetings/")
			mpath := "/meetings/" + id64(id)

			page := sec.get(mpath)
			m := codeOnPage.FindStringSubmatch(page.Body)
			if page.Status != http.StatusOK || m == nil || !strings.Contains(page.Body, `data-testid="count-present">0<`) {
				t.Fatalf("meeting page: %d %.500s", page.Status, page.Body)
			}
			if qr := sec.get(mpath + "/qr"); qr.Status != http.StatusOK || !strings.Contains(qr.Body, m[1]) || !strings.Contains(qr.Body, "qr.png") {
				t.Fatalf("qr screen: %d", qr.Status)
			}
			if png := sec.get(mpath + "/qr.png"); png.Status != http.StatusOK || png.Header.Get("Content-Type") != "image/png" {
				t.Fatalf("qr png: %d", png.Status)
			}

			// Another branch's secretary: 404 on the pages, 403 (or 404) on actions.
			other := newClient(t, srv.URL)
			other.login("secretary_b2")
			for _, p := range []string{mpath, mpath + "/qr", mpath + "/minutes"} {
				if r := other.get(p); r.Status != http.StatusNotFound {
					t.Errorf("other branch GET %s: %d, want 404", p, r.Status)
				}
			}
			if r := other.post(mpath+"/cancel", url.Values{"reason": {"x"}}); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
				t.Errorf("other branch cancel: %d", r.Status)
			}

			// The member: sees the meeting among their own, a wrong code is refused, the right one checks in.
			mem := newClient(t, srv.URL)
			mem.login("zhangsan")
			if r := mem.get("/my/meetings"); !strings.Contains(r.Body, "三月支部党员大会") {
				t.Fatalf("my meetings: %d %.300s", r.Status, r.Body)
			}
			if r := mem.post(mpath+"/checkin", url.Values{"code": {"000000"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "checkin-error") {
				t.Fatalf("wrong code: %d %.300s", r.Status, r.Body)
			}
			ci := mem.post(mpath+"/checkin", url.Values{"code": {m[1]}})
			if ci.Status != http.StatusSeeOther {
				t.Fatalf("check in: %d %.300s", ci.Status, ci.Body)
			}
			if r := mem.get(ci.Location); !strings.Contains(r.Body, "checked-in") || !strings.Contains(r.Body, `data-testid="my-attendance" data-status="present"`) {
				t.Fatalf("member not shown checked in: %.500s", r.Body)
			}
			if r := mem.get("/my/meetings"); !strings.Contains(r.Body, `data-testid="my-meeting" data-status="present"`) || !strings.Contains(r.Body, "签到时间") {
				t.Fatalf("my meetings do not show my check-in: %.800s", r.Body)
			}
			if r := mem.get(mpath + "/qr.png"); r.Status == http.StatusOK {
				t.Errorf("member got the QR image")
			}

			// The live block (what htmx polls) shows the count.
			frag := sec.get(mpath, "HX-Request", "true", "HX-Target", "meeting-attendance")
			if !strings.Contains(frag.Body, `data-testid="count-present">1<`) || strings.Contains(frag.Body, "<html") {
				t.Fatalf("attendance fragment: %.500s", frag.Body)
			}

			// Minutes: saved and submitted, then approved by the committee above.
			if r := sec.post(mpath+"/minutes", url.Values{"recorder_id": {id64(f.MemberA.ID)}, "content": {"学习传达会议精神"},
				"decisions": {"通过"}, "submit": {"1"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("submit minutes: %d %.500s", r.Status, r.Body)
			}
			up := newClient(t, srv.URL)
			up.login("secretary_comm_a")
			if r := up.get("/minutes/approvals"); !strings.Contains(r.Body, "三月支部党员大会") {
				t.Fatalf("approval list: %d %.500s", r.Status, r.Body)
			}
			if r := sec.post(mpath+"/minutes/approve", nil); r.Status != http.StatusForbidden {
				t.Errorf("own secretary approving: %d, want 403", r.Status)
			}
			if r := up.post(mpath+"/minutes/approve", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("approve: %d %.300s", r.Status, r.Body)
			}
			if r := sec.get(mpath + "/minutes"); !strings.Contains(r.Body, `data-status="approved"`) {
				t.Fatalf("minutes not approved: %.500s", r.Body)
			}
		})
	}
}

func shanghaiZone() *time.Location {
	z, _ := time.LoadLocation("Asia/Shanghai")
	return z
}
