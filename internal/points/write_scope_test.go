package points_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// API.md: a write to something outside the caller's scope answers 403 (EForbidden), whether
// or not the caller can read it; only what does not exist answers 404 (ENotFound).
func TestWritesOutsideScopeAreForbidden(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		indA := e.indicator(points.IndicatorInput{Code: "A1", OrgID: e.f.BranchA.ID, Points: pts("1"), NeedsApproval: true})
		indB := e.indicator(points.IndicatorInput{Code: "B1", OrgID: e.f.BranchB.ID, Points: pts("1"), NeedsApproval: true})
		claimA, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: indA.ID, OccurredOn: "2024-05-01"})
		if err != nil {
			t.Fatal(err)
		}
		entryA := e.award(e.admin, indA, domain.SubjectMember, e.m2.ID, "1", "2024-05-01")

		forbidden := map[string]error{}
		_, forbidden["secB changes A's item"] = e.s.UpdateIndicator(e.ctx, e.secB, indA.ID, points.IndicatorChange{Name: str("x")})
		_, forbidden["a member changes their branch's item"] = e.s.UpdateIndicator(e.ctx, e.member, indA.ID, points.IndicatorChange{Name: str("x")})
		_, forbidden["sec changes B's item"] = e.s.UpdateIndicator(e.ctx, e.sec, indB.ID, points.IndicatorChange{Name: str("x")})
		_, forbidden["secB claims for a member of A"] = e.s.Claim(e.ctx, e.secB, points.ClaimInput{IndicatorID: indA.ID,
			SubjectID: e.m1.ID, OccurredOn: "2024-05-01"})
		_, forbidden["a member claims for another"] = e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: indA.ID,
			SubjectID: e.mB.ID, OccurredOn: "2024-05-01"})
		_, forbidden["secB approves A's claim"] = e.s.ApproveClaim(e.ctx, e.secB, claimA.ID)
		_, forbidden["secB rejects A's claim"] = e.s.RejectClaim(e.ctx, e.secB, claimA.ID, "不符合")
		_, forbidden["secB reverses A's entry"] = e.s.Reverse(e.ctx, e.secB, entryA.EntryID, "更正")
		_, forbidden["a member reverses an entry"] = e.s.Reverse(e.ctx, e.member, entryA.EntryID, "更正")
		for name, err := range forbidden {
			if domain.ErrorCode(err) != domain.EForbidden {
				t.Errorf("%s: %v, want forbidden", name, err)
			}
		}

		missing := map[string]error{}
		_, missing["change"] = e.s.UpdateIndicator(e.ctx, e.secB, 999999, points.IndicatorChange{Name: str("x")})
		_, missing["claim"] = e.s.Claim(e.ctx, e.secB, points.ClaimInput{IndicatorID: indA.ID, SubjectID: 999999, OccurredOn: "2024-05-01"})
		_, missing["approve"] = e.s.ApproveClaim(e.ctx, e.secB, 999999)
		_, missing["reject"] = e.s.RejectClaim(e.ctx, e.secB, 999999, "x")
		_, missing["reverse"] = e.s.Reverse(e.ctx, e.secB, 999999, "x")
		for name, err := range missing {
			if domain.ErrorCode(err) != domain.ENotFound {
				t.Errorf("%s of a missing target: %v, want not found", name, err)
			}
		}
		// Nothing was changed by the refused writes.
		if c, _ := e.s.GetClaim(e.ctx, e.admin, claimA.ID); c.Status != domain.ClaimPending {
			t.Errorf("claim after refused decisions: %s", c.Status)
		}
		if en, _ := e.s.Entry(e.ctx, e.admin, entryA.EntryID); en.ReversedByID != 0 {
			t.Error("entry reversed by a refused reversal")
		}
		if ind, _ := e.s.Indicator(e.ctx, e.admin, indA.ID); ind.Name == "x" {
			t.Error("item changed by a refused change")
		}
	})
}
