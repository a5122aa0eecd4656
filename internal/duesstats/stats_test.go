package duesstats_test

import (
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func rate(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

func line(s *duesstats.Stats, orgID int64) *duesstats.OrgTally {
	for i := range s.Orgs {
		if s.Orgs[i].OrgID == orgID && !s.Orgs[i].Own {
			return &s.Orgs[i]
		}
	}
	return nil
}

// January 2025 in 甲党委: 甲一支部 has a paid, an unpaid and an exempt bill (rate 1 of 2), 甲二支部
// two paid (2 of 2); the committee 3 of 4: exempt bills are not due. A bill counts where it was
// made, so a member who moved later still counts for the old branch. The trend covers twelve
// months, zero where nothing was billed; a secretary sees their branch only.
func TestStats(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := e.f
		a1, a2, a3 := e.member(t, f.BranchA, "甲一已缴"), e.member(t, f.BranchA, "甲一未缴"), e.member(t, f.BranchA, "甲一免交")
		b1, b2 := e.member(t, f.BranchA2, "甲二已缴"), e.member(t, f.BranchA2, "甲二也缴")
		x := e.member(t, f.BranchB, "乙支部")
		e.bill(t, a1, "2025-01", P)
		e.bill(t, a2, "2025-01", U)
		e.bill(t, a3, "2025-01", X)
		e.bill(t, b1, "2025-01", P)
		e.billAt(t, b2, f.BranchA2.ID, f.BranchA2.Path, "2025-01", P, 2500)
		e.bill(t, x, "2025-01", U)
		e.bill(t, a1, "2024-12", P)
		e.bill(t, a2, "2024-12", P)

		s, err := e.svc.Stats(e.ctx, auth.SystemActor(), f.CommitteeA.ID, "2025-01")
		if err != nil {
			t.Fatal(err)
		}
		tot := s.Total
		if tot.Bills != 5 || tot.Paid != 3 || tot.Exempt != 1 || tot.Unpaid != 1 || tot.DueFen != 5500 || tot.PaidFen != 4500 ||
			rate(tot.RateBP) != 7500 || rate(tot.AmountRateBP) != 8181 {
			t.Errorf("committee total: %+v rate %d amount rate %d", tot, rate(tot.RateBP), rate(tot.AmountRateBP))
		}
		if len(s.Orgs) != 2 {
			t.Fatalf("lines: %+v", s.Orgs)
		}
		if l := line(s, f.BranchA.ID); l == nil || l.Bills != 3 || l.Paid != 1 || rate(l.RateBP) != 5000 || l.DueFen != 2000 {
			t.Errorf("甲一支部: %+v", l)
		}
		if l := line(s, f.BranchA2.ID); l == nil || l.Paid != 2 || rate(l.RateBP) != 10000 || l.PaidFen != 3500 {
			t.Errorf("甲二支部: %+v", l)
		}
		if len(s.Trend) != duesstats.TrendMonths || s.Trend[0].Month != "2024-02" || s.Trend[11].Month != "2025-01" {
			t.Fatalf("trend months: %+v", s.Trend)
		}
		if dec := s.Trend[10]; dec.Bills != 2 || rate(dec.RateBP) != 10000 {
			t.Errorf("December: %+v", dec)
		}
		if jan := s.Trend[11]; jan.Bills != tot.Bills || rate(jan.RateBP) != 7500 {
			t.Errorf("January in the trend: %+v", jan)
		}
		if s.Trend[0].Bills != 0 || s.Trend[0].RateBP != nil {
			t.Errorf("a month without bills: %+v", s.Trend[0])
		}

		// Only exempt bills: nothing is due, no rate.
		only := e.member(t, f.BranchA2, "只免交")
		e.bill(t, only, "2024-11", X)
		s, err = e.svc.Stats(e.ctx, auth.SystemActor(), f.BranchA2.ID, "2024-11")
		if err != nil {
			t.Fatal(err)
		}
		if s.Total.Bills != 1 || s.Total.Exempt != 1 || s.Total.RateBP != nil || s.Total.AmountRateBP != nil ||
			len(s.Orgs) != 1 || !s.Orgs[0].Own {
			t.Errorf("all exempt: %+v", s)
		}

		// The branch's own line is the branch; the region sees both committees.
		s, err = e.svc.Stats(e.ctx, e.secA, f.BranchA.ID, "2025-01")
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Orgs) != 1 || !s.Orgs[0].Own || s.Orgs[0].Bills != 3 {
			t.Errorf("branch lines: %+v", s.Orgs)
		}
		s, err = e.svc.Stats(e.ctx, auth.SystemActor(), f.Region.ID, "2025-01")
		if err != nil {
			t.Fatal(err)
		}
		if s.Total.Bills != 6 || len(s.Orgs) != 2 || line(s, f.CommitteeB.ID).Unpaid != 1 {
			t.Errorf("region: %+v", s)
		}
		for _, org := range []int64{f.BranchB.ID, f.CommitteeA.ID, f.Region.ID} {
			if _, err := e.svc.Stats(e.ctx, e.secA, org, "2025-01"); code(err) != domain.ENotFound {
				t.Errorf("secretary of A on %d: %v", org, err)
			}
		}
		if _, err := e.svc.Stats(e.ctx, e.secA, f.BranchA.ID, "202501"); code(err) != domain.EInvalid {
			t.Errorf("bad month: %v", err)
		}
		// The current month by default.
		if s, err := e.svc.Stats(e.ctx, e.secA, f.BranchA.ID, ""); err != nil || s.Month != "2025-02" {
			t.Errorf("default month: %+v, %v", s, err)
		}
	})
}
