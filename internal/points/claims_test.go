package points_test

import (
	"bytes"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestClaimsApproveAndReject(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "SHARE", Points: pts("2"), NeedsApproval: true, NeedsEvidence: true})
		photo := points.EvidenceFile{FileName: "photo.jpg", ContentType: "image/jpeg", Content: []byte("jpeg bytes")}

		_, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, OccurredOn: "2024-05-01"})
		testutil.WantField(t, err, domain.EInvalid, "evidence", "err.points.evidence_required")
		big := points.EvidenceFile{FileName: "big.bin", Content: make([]byte, domain.MaxEvidenceSize+1)}
		_, err = e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, OccurredOn: "2024-05-01", Evidence: []points.EvidenceFile{big}})
		testutil.WantField(t, err, domain.EInvalid, "evidence", "err.points.evidence_size")
		_, err = e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, OccurredOn: "2024-07-01", Evidence: []points.EvidenceFile{photo}})
		testutil.WantField(t, err, domain.EInvalid, "occurred_on", "err.date_future")
		// A member claims for themselves only: another member is a write outside their scope.
		_, err = e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, SubjectID: e.m2.ID, OccurredOn: "2024-05-01", Evidence: []points.EvidenceFile{photo}})
		testutil.WantCode(t, err, domain.EForbidden)

		c, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, Quantity: pts("2"), OccurredOn: "2024-05-01",
			Note: "转发学习文章", Evidence: []points.EvidenceFile{photo}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != domain.ClaimPending || c.EntryID != 0 || len(c.Evidence) != 1 {
			t.Fatalf("claim: %+v", c)
		}
		// Only approvers in scope decide; the member cannot.
		_, err = e.s.ApproveClaim(e.ctx, e.member, c.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.ApproveClaim(e.ctx, e.secB, c.ID) // exists, outside secB's scope: 403
		testutil.WantCode(t, err, domain.EForbidden)
		got, err := e.s.ApproveClaim(e.ctx, e.leader, c.ID) // the group leader decides for the branch
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.ClaimApproved || got.EntryID == 0 || got.DecidedByName != "leader" {
			t.Fatalf("approved: %+v", got)
		}
		entry, _ := e.s.Entry(e.ctx, e.member, got.EntryID)
		if entry.Source != domain.SourceClaim || entry.ClaimID != c.ID || entry.Points != pts("4") ||
			entry.AwardedByName != "m1" || entry.ApprovedByName != "leader" {
			t.Fatalf("entry: %+v", entry)
		}
		_, err = e.s.ApproveClaim(e.ctx, e.sec, c.ID)
		testutil.WantCode(t, err, domain.EConflict)
		ev, content, err := e.s.Evidence(e.ctx, e.member, c.ID, got.Evidence[0].ID)
		if err != nil || !bytes.Equal(content, photo.Content) || ev.FileName != "photo.jpg" {
			t.Fatalf("evidence: %+v %v", ev, err)
		}

		// Nobody decides on their own claim, not even the secretary.
		own, err := e.s.Claim(e.ctx, e.sec, points.ClaimInput{IndicatorID: ind.ID, OccurredOn: "2024-05-02", Evidence: []points.EvidenceFile{photo}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ApproveClaim(e.ctx, e.sec, own.ID)
		testutil.WantField(t, err, domain.EForbidden, "", "")
		if de, _ := domain.AsError(err); de.Message != "err.points.own_claim" {
			t.Fatalf("own claim: %v", err)
		}
		if _, err := e.s.ApproveClaim(e.ctx, e.committee, own.ID); err != nil {
			t.Fatal(err)
		}

		// Reject with a reason; without one it is invalid.
		r, _ := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, OccurredOn: "2024-05-03", Evidence: []points.EvidenceFile{photo}})
		_, err = e.s.RejectClaim(e.ctx, e.sec, r.ID, " ")
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		rej, err := e.s.RejectClaim(e.ctx, e.sec, r.ID, "材料不清晰")
		if err != nil || rej.Status != domain.ClaimRejected || rej.Reason != "材料不清晰" || rej.EntryID != 0 {
			t.Fatalf("reject: %+v %v", rej, err)
		}

		// Bulk: each claim on its own; one already decided does not stop the others.
		var ids []int64
		for _, day := range []string{"2024-05-04", "2024-05-05"} {
			c, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: ind.ID, OccurredOn: day, Evidence: []points.EvidenceFile{photo}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		out := e.s.ApproveClaims(e.ctx, e.sec, append(ids, r.ID))
		if out[0].Err != nil || out[1].Err != nil || domain.ErrorCode(out[2].Err) != domain.EConflict {
			t.Fatalf("bulk: %+v", out)
		}
		queue, err := e.s.Claims(e.ctx, e.sec, points.ClaimFilter{Status: domain.ClaimPending})
		if err != nil || len(queue) != 0 {
			t.Fatalf("queue after bulk: %d %v", len(queue), err)
		}
		mine, _ := e.s.Claims(e.ctx, e.member, points.ClaimFilter{Mine: true})
		if len(mine) != 4 {
			t.Fatalf("member's claims: %d", len(mine))
		}
		other, _ := e.s.Claims(e.ctx, e.secB, points.ClaimFilter{})
		if len(other) != 0 {
			t.Fatalf("BranchB secretary sees %d claims of BranchA", len(other))
		}
		wantPoints(t, "m1 appraisal", e.account(domain.SubjectMember, e.m1.ID, 2024).Appraisal.Total, "8")

		// An item that needs no approval is approved at once.
		auto := e.indicator(points.IndicatorInput{Code: "AUTO", Points: pts("0.5")})
		a, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: auto.ID, OccurredOn: "2024-05-06"})
		if err != nil || a.Status != domain.ClaimApproved || a.EntryID == 0 {
			t.Fatalf("auto claim: %+v %v", a, err)
		}
		if testutil.AuditCount(t, db, "points.claim.reject") != 1 || testutil.AuditCount(t, db, "points.claim.approve") != 5 {
			t.Error("decisions not audited")
		}
		e.clean()
	})
}

// A branch claims its own indicators for the organisation; the level above decides.
func TestOrgClaimAndYearEndBonus(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		act := e.indicator(points.IndicatorInput{Code: "ORG-ACT", OrgID: e.f.CommitteeA.ID, Subject: domain.SubjectOrg,
			Category: domain.CategoryContribution, Points: pts("10"), NeedsApproval: true})
		c, err := e.s.Claim(e.ctx, e.sec, points.ClaimInput{IndicatorID: act.ID, SubjectType: domain.SubjectOrg,
			SubjectID: e.f.BranchA.ID, Quantity: pts("2"), OccurredOn: "2024-04-01"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ApproveClaim(e.ctx, e.committee, c.ID) // the branch's own committee cannot
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := e.s.ApproveClaim(e.ctx, e.comA, c.ID); err != nil {
			t.Fatal(err)
		}
		// A member indicator does not apply to an organisation.
		mem := e.indicator(points.IndicatorInput{Code: "MEM", Points: pts("1")})
		_, err = e.s.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: mem.ID, SubjectType: domain.SubjectOrg,
			SubjectID: e.f.BranchA.ID, OccurredOn: "2024-04-01"})
		testutil.WantField(t, err, domain.EInvalid, "subject_type", "err.points.subject_mismatch")

		_, err = e.s.YearEndBonus(e.ctx, e.sec, points.BonusInput{OrgID: e.f.BranchA.ID, Year: 2023, Points: pts("5")})
		testutil.WantCode(t, err, domain.EForbidden) // a branch does not grade itself
		b, err := e.s.YearEndBonus(e.ctx, e.comA, points.BonusInput{OrgID: e.f.BranchA.ID, Year: 2024, Points: pts("7.5"), Note: "年终考评优秀"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.YearEndBonus(e.ctx, e.comA, points.BonusInput{OrgID: e.f.BranchA.ID, Year: 2024, Points: pts("1")})
		testutil.WantCode(t, err, domain.EConflict)
		v := e.account(domain.SubjectOrg, e.f.BranchA.ID, 2024)
		wantPoints(t, "branch appraisal", v.Appraisal.Total, "27.5")
		wantPoints(t, "branch contribution", v.Appraisal.ByCategory[domain.CategoryContribution], "27.5")
		wantPoints(t, "branch reward", v.RewardBalance, "27.5")
		// Reversed, the bonus can be given again.
		if _, err := e.s.Reverse(e.ctx, e.comA, b.EntryID, "评定更正"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.YearEndBonus(e.ctx, e.comA, points.BonusInput{OrgID: e.f.BranchA.ID, Year: 2024, Points: pts("6")}); err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "branch after correction", e.account(domain.SubjectOrg, e.f.BranchA.ID, 2024).Appraisal.Total, "26")
		// Members of the branch see its catalogue but not other people's accounts.
		if _, err := e.s.Account(e.ctx, e.member, domain.SubjectMember, e.m2.ID, 2024); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("member reads another's account: %v", err)
		}
		if _, err := e.s.Account(e.ctx, e.member, domain.SubjectMember, e.m1.ID, 2024); err != nil {
			t.Fatalf("member reads own account: %v", err)
		}
		if _, err := e.s.Account(e.ctx, e.secB, domain.SubjectOrg, e.f.BranchA.ID, 2024); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("reader outside scope: %v", err)
		}
		e.clean()
	})
}
