package redemption_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/redemption"
	"dangjian/internal/testutil"
)

// Seed 003: a member earns points, redeems a coffee at an alliance merchant, shows the QR
// code, and the merchant's operator confirms by typing the code.
func TestRedeemAndConfirm(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 30)
		rw := e.reward("12.5", 3, redemption.RewardInput{})

		res, err := e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: rw.ID})
		e.must(err)
		r := res.Redemption
		if r.Status != domain.RedemptionHeld || len(r.Code) != 8 || r.Cost != pts("12.5") || r.HoldEntryID == 0 {
			t.Fatalf("redemption: %+v", r)
		}
		if want := start.Add(72 * time.Hour); !r.ExpiresAt.Equal(want) {
			t.Errorf("expires at %v, want %v", r.ExpiresAt, want)
		}
		if got := e.balance(e.m1.ID); got != pts("17.5") {
			t.Errorf("balance %s after the hold, want 17.5", got)
		}
		if got := e.appraisal(e.m1.ID); got != pts("30") {
			t.Errorf("appraisal %s: spending must not lower it", got)
		}
		if got := e.stock(rw.ID); got != 2 {
			t.Errorf("stock %d, want 2", got)
		}
		card, err := e.s.Card(e.ctx, e.member, e.m1.ID)
		e.must(err)
		if card.Number != domain.AllianceCardNumber(e.m1.ID) || !strings.HasPrefix(card.Number, "DJ") || len(card.Number) != 13 {
			t.Errorf("card %+v", card)
		}
		if _, err := e.s.Card(e.ctx, e.memberB, e.m1.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("another member's card: %v", err)
		}

		png, err := e.s.QRCode(e.ctx, e.member, r.ID, "https://dj.example.org", 0)
		e.must(err)
		if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("QR code is not a PNG")
		}
		if got := redemption.QRCodeContent("https://dj.example.org/", r.Code); got != "https://dj.example.org/m/redeem/"+r.Code {
			t.Errorf("QR content %q", got)
		}

		// The other merchant's operator: by code it looks unknown, by id it is forbidden.
		_, err = e.s2.ConfirmCode(e.ctx, e.op2, r.Code)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s2.Confirm(e.ctx, e.op2, r.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		// The member cannot confirm their own redemption; neither can the alliance's manager.
		_, err = e.s.Confirm(e.ctx, e.member, r.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Confirm(e.ctx, e.manager, r.ID)
		testutil.WantCode(t, err, domain.EForbidden)

		// Typed in lower case with a dash, or scanned as the URL.
		typed := strings.ToLower(r.Code[:4] + "-" + r.Code[4:])
		done, err := e.s.ConfirmCode(e.ctx, e.op1, typed)
		e.must(err)
		if done.Status != domain.RedemptionFulfilled || done.SettledByName != "shop1" || done.SettledAt.IsZero() {
			t.Fatalf("confirmed: %+v", done)
		}
		again, err := e.s.ConfirmCode(e.ctx, e.op1, "https://dj.example.org/m/redeem/"+r.Code)
		e.must(err)
		if again.Status != domain.RedemptionFulfilled {
			t.Errorf("second confirmation: %+v", again)
		}
		if got := e.balance(e.m1.ID); got != pts("17.5") {
			t.Errorf("balance %s after fulfilment, want 17.5 (points stay spent)", got)
		}
		_, err = e.s.Cancel(e.ctx, e.member, r.ID, "")
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.QRCode(e.ctx, e.member, r.ID, "", 0)
		testutil.WantCode(t, err, domain.EConflict)

		// Lists: mine, the merchant's (its operator and readers), not another operator's.
		mine, err := e.s.MyRedemptions(e.ctx, e.member, redemption.ListFilter{})
		e.must(err)
		if len(mine) != 1 || mine[0].ID != r.ID || mine[0].RewardName != "咖啡一杯" || mine[0].MerchantName != e.shop1.Name {
			t.Errorf("my redemptions: %+v", mine)
		}
		for _, c := range []struct {
			who  *auth.Actor
			n    int
			code string
		}{{e.op1, 1, ""}, {e.auditor, 1, ""}, {e.manager, 1, ""}, {e.op2, 0, domain.ENotFound},
			{e.memberB, 0, domain.ENotFound}} {
			list, err := e.s.MerchantRedemptions(e.ctx, c.who, e.shop1.ID, redemption.ListFilter{})
			if domain.ErrorCode(err) != c.code || len(list) != c.n {
				t.Errorf("%s: merchant redemptions %d, %v", c.who.Name(), len(list), err)
			}
		}
		if _, err := e.s.Get(e.ctx, e.op2, r.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("another operator reads a redemption: %v", err)
		}
		if n := testutil.AuditCount(t, e.f.DB, "redemption.create"); n != 1 {
			t.Errorf("%d redemption.create audit entries", n)
		}
		if n := testutil.AuditCount(t, e.f.DB, "redemption.confirm"); n != 1 {
			t.Errorf("%d redemption.confirm audit entries", n)
		}
		e.clean()
	})
}
