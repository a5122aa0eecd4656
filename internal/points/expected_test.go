package points_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// A claim shows what it would earn before caps, wherever it is read: for the approval queue.
func TestClaimPointsExpected(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		count := e.indicator(points.IndicatorInput{Code: "CNT", Points: pts("2.5"), NeedsApproval: true,
			Caps: domain.Caps{Day: ptr("1")}}) // the cap does not lower what is expected
		deduct := e.indicator(points.IndicatorInput{Code: "DED", Points: pts("3"), Deduction: true, NeedsApproval: true})
		grade := e.indicator(points.IndicatorInput{Code: "GRD", Points: pts("1"), Unit: domain.UnitGrade, NeedsApproval: true})
		welfare := e.indicator(points.IndicatorInput{Code: "WEL", Points: pts("2"), Unit: domain.UnitHour, Welfare: true,
			Category: domain.CategoryContribution, NeedsApproval: true})

		claim := func(ind *domain.Indicator, qty, day string) *domain.Claim {
			t.Helper()
			c, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, Quantity: pts(qty), OccurredOn: day})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		want := map[int64]string{}
		c := claim(count, "3", "2024-05-01")
		wantPoints(t, "filed claim", c.PointsExpected, "7.5")
		want[c.ID] = "7.5"
		want[claim(deduct, "1", "2024-05-01").ID] = "-3"
		want[claim(grade, "85", "2024-05-01").ID] = "8" // the 80 band
		// Welfare: 2 duty hours a year; 3 hours earn for 1 hour beyond them.
		w := claim(welfare, "3", "2024-05-02")
		want[w.ID] = "2"

		list, err := e.s.Claims(e.ctx, e.sec, points.ClaimFilter{Status: domain.ClaimPending})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(want) {
			t.Fatalf("queue holds %d claims, want %d", len(list), len(want))
		}
		for _, c := range list {
			wantPoints(t, "queue: "+c.IndicatorCode, c.PointsExpected, want[c.ID])
			one, err := e.s.GetClaim(e.ctx, e.member, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantPoints(t, "one claim: "+c.IndicatorCode, one.PointsExpected, want[c.ID])
		}

		// Approved, the claim shows what its entry asked for; a second welfare claim, pending,
		// counts the hours already logged against the duty.
		got, err := e.s.ApproveClaim(e.ctx, e.sec, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "approved welfare claim", got.PointsExpected, "2")
		w2 := claim(welfare, "3", "2024-05-03")
		wantPoints(t, "second welfare claim", w2.PointsExpected, "6")
		again, _ := e.s.GetClaim(e.ctx, e.sec, w.ID)
		wantPoints(t, "approved welfare claim read again", again.PointsExpected, "2")
		rejected, err := e.s.RejectClaim(e.ctx, e.sec, c.ID, "不符合")
		if err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "rejected claim", rejected.PointsExpected, "7.5")
		// The cap applies to what is posted, not to what is expected.
		capped, err := e.s.ApproveClaim(e.ctx, e.sec, claim(count, "2", "2024-05-04").ID)
		if err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "capped claim", capped.PointsExpected, "5")
		if en, _ := e.s.Entry(e.ctx, e.admin, capped.EntryID); en.Points != pts("1") || !en.Capped {
			t.Errorf("capped entry: %+v", en)
		}
		e.clean()
	})
}
