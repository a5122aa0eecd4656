package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A secretary records a death on the member page: the member leaves the list (and shows
// under "left the roster"), their page still opens as history with nothing left to change,
// and only an administrator may take the departure back.
func TestMemberDepartureOnThePage(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		page := fmt.Sprintf("/members/%d", f.MemberA.ID)
		row := fmt.Sprintf(`data-member-id="%d"`, f.MemberA.ID)
		sec := newClient(t, base)
		sec.login("secretary_a")
		res := sec.get(page)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="departure-form"`) ||
			strings.Contains(res.Body, `data-testid="departure-undo-form"`) || strings.Contains(res.Body, `data-testid="left-note"`) {
			t.Fatalf("member page before: status %d", res.Status)
		}
		res = sec.post(page+"/departure", url.Values{"reason": {"other"}, "on": {"2024-05-01"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="note"`) ||
			!strings.Contains(res.Body, `id="departure" open`) {
			t.Fatalf("note missing: status %d", res.Status)
		}
		res = sec.post(page+"/departure", url.Values{"reason": {"deceased"}, "on": {"2024-05-01"}, "note": {"病故"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("record: status %d; %.400s", res.Status, res.Body)
		}
		res = sec.get(page)
		for _, want := range []string{`data-testid="left-note"`, `data-left-reason="deceased"`, "2024-05-01", "离开名册", "去世"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("left member's page lacks %s", want)
			}
		}
		for _, gone := range []string{`data-testid="departure-form"`, `data-testid="standing-form"`, `id="edit"`, `data-testid="start-transfer"`,
			`data-testid="departure-undo-form"`} {
			if strings.Contains(res.Body, gone) {
				t.Errorf("left member's page offers %s to the secretary", gone)
			}
		}
		if res := sec.get("/members"); strings.Contains(res.Body, row) {
			t.Error("left member in the current list")
		}
		res = sec.get("/members?left=only")
		if !strings.Contains(res.Body, row) || !strings.Contains(res.Body, `<option value="only" selected>`) {
			t.Errorf("left member missing under left=only")
		}
		if res := sec.get("/members?left=include"); !strings.Contains(res.Body, row) {
			t.Errorf("left member missing under left=include")
		}
		if res := sec.post(page+"/departure/undo", url.Values{"note": {"误录"}}); res.Status != http.StatusForbidden {
			t.Errorf("secretary undoes: status %d", res.Status)
		}
		// The member reads their own page still.
		plain := newClient(t, base)
		plain.login("zhangsan")
		if res := plain.get(page); res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="left-note"`) {
			t.Errorf("own page after leaving: status %d", res.Status)
		}

		admin := newClient(t, base)
		admin.login("admin")
		res = admin.get(page)
		if !strings.Contains(res.Body, `data-testid="departure-undo-form"`) {
			t.Fatal("admin is not offered the undo")
		}
		if res := admin.post(page+"/departure/undo", url.Values{"note": {" "}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, `id="departure-undo" open`) {
			t.Fatalf("undo without a note: status %d", res.Status)
		}
		if res := admin.post(page+"/departure/undo", url.Values{"note": {"误录，本人健在"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("undo: status %d", res.Status)
		}
		res = admin.get(page)
		if strings.Contains(res.Body, `data-testid="left-note"`) || !strings.Contains(res.Body, "撤销离开登记") {
			t.Error("page after the undo")
		}
		if res := sec.get("/members"); !strings.Contains(res.Body, row) {
			t.Error("member not back in the list")
		}
	})
}
