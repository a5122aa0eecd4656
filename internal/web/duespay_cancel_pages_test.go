package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/testutil"
)

var openOrderID = regexp.MustCompile(`data-testid="open-order" data-id="(\d+)"`)

// 我的党费 lists the member's pending online order with a cancel button; only the member
// cancels it (a secretary 403, a member of another branch 404), a second cancel shows the
// conflict, and the member can then start a new order for the same bill. Both engines.
func TestMyDuesCancelOrder(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			f, base := serveDuesApp(t, engine)
			bA := addBill(t, f.Set.DB, f.MemberA, duesMonth(0), 1500)

			mem := newClient(t, base)
			mem.login("zhangsan")
			my := mem.get("/my/dues")
			pay := mem.post("/my/dues/pay", url.Values{"bill_id": {id64(bA)}, "key": {hidden(my.Body).Get("key")}})
			if pay.Status != http.StatusSeeOther || !strings.HasPrefix(pay.Location, base+"/testpay/pay?order=") {
				t.Fatalf("pay online: %d %s %.500s", pay.Status, pay.Location, pay.Body)
			}
			my = mem.get("/my/dues")
			m := openOrderID.FindStringSubmatch(my.Body)
			if m == nil || !strings.Contains(my.Body, `data-testid="cancel-order"`) || !strings.Contains(my.Body, `data-testid="continue-order"`) {
				t.Fatalf("no open order on my dues: %.3000s", my.Body)
			}
			cancel := "/my/dues/orders/" + m[1] + "/cancel"

			sec := newClient(t, base)
			sec.login("secretary_a")
			if r := sec.post(cancel, url.Values{}); r.Status != http.StatusForbidden {
				t.Fatalf("secretary cancels: %d", r.Status)
			}
			meetingUser(t, f, "member_b", domain.RoleMember, f.BranchB.ID)
			other := newClient(t, base)
			other.login("member_b")
			if r := other.post(cancel, url.Values{}); r.Status != http.StatusNotFound {
				t.Fatalf("another member cancels: %d", r.Status)
			}

			r := mem.post(cancel, url.Values{})
			if r.Status != http.StatusSeeOther || r.Location != "/my/dues?order=cancelled" {
				t.Fatalf("cancel: %d %s %.500s", r.Status, r.Location, r.Body)
			}
			my = mem.get(r.Location)
			if !strings.Contains(my.Body, `data-testid="dues-flash"`) || strings.Contains(my.Body, `data-testid="open-order"`) ||
				!strings.Contains(my.Body, `data-status="cancelled"`) || !strings.Contains(my.Body, "已取消") {
				t.Fatalf("after cancel: %.3000s", my.Body)
			}
			if r := mem.post(cancel, url.Values{}); r.Status != http.StatusConflict || !strings.Contains(r.Body, `data-testid="dues-error"`) {
				t.Fatalf("cancel twice: %d %.500s", r.Status, r.Body)
			}
			if billStatus(t, f.Set.DB, bA) != domain.DuesUnpaid {
				t.Fatal("cancel changed the bill")
			}
			pay = mem.post("/my/dues/pay", url.Values{"bill_id": {id64(bA)}, "key": {hidden(my.Body).Get("key")}})
			if pay.Status != http.StatusSeeOther || !strings.HasPrefix(pay.Location, base+"/testpay/pay?order=") {
				t.Fatalf("new order: %d %s", pay.Status, pay.Location)
			}
		})
	}
}
