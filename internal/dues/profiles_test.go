package dues_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestCalculatePublic(t *testing.T) {
	db := testutil.MustOpen(t, store.SQLite)
	e := newEnv(t, db)
	a, err := e.s.Calculate(e.ctx, "in_service", 300001, domain.Date{})
	if err != nil || a.AmountFen != 3010 || a.Rate != "1%" || a.Rule == "" {
		t.Fatalf("%+v %v", a, err)
	}
	_, err = e.s.Calculate(e.ctx, "nobody", 1, domain.Date{})
	testutil.WantField(t, err, domain.EInvalid, "category", "err.dues.category")
}

// TestRuleChangedMidYear: a new dues.rates row from 1 July 2024 raises the first bracket and
// the farmers' amount. Months before keep the old rule, also for bills generated after the
// change; months from July use the new one.
func TestRuleChangedMidYear(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.profile(e.m1, "in_service", 200000, "2024-01") // 0.5 %: 10.00
		e.profile(e.m2, "farmer", 0, "2024-01")          // 0.20
		if _, err := e.s.Generate(e.ctx, e.admin, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-05"}); err != nil {
			t.Fatal(err)
		}
		err := db.WriteTx(e.ctx, func(q *store.Q) error {
			return q.InsertRule(e.ctx, dues.RuleRates, 0, map[string]any{
				"brackets":  map[string]any{"in_service": []map[string]any{{"up_to_fen": 300000, "bp": 80}, {"up_to_fen": 500000, "bp": 100}, {"up_to_fen": 1000000, "bp": 150}, {"bp": 200}}},
				"fixed_fen": map[string]any{"farmer": 50},
			}, domain.NewDate(2024, 7, 1), "test: mid-year change", "test")
		})
		if err != nil {
			t.Fatal(err)
		}
		before, _ := e.s.Calculate(e.ctx, "in_service", 200000, domain.NewDate(2024, 6, 30))
		after, _ := e.s.Calculate(e.ctx, "in_service", 200000, domain.NewDate(2024, 7, 1))
		farmer, _ := e.s.Calculate(e.ctx, "farmer", 0, domain.NewDate(2024, 7, 1))
		retired, _ := e.s.Calculate(e.ctx, "retired", 500001, domain.NewDate(2024, 7, 1))
		if before.AmountFen != 1000 || after.AmountFen != 1600 || after.Rate != "0.8%" || farmer.AmountFen != 50 || retired.AmountFen != 5010 {
			t.Fatalf("before %+v after %+v farmer %+v retired (unchanged) %+v", before, after, farmer, retired)
		}
		for _, month := range []string{"2024-06", "2024-07"} {
			if _, err := e.s.Generate(e.ctx, e.admin, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: month}); err != nil {
				t.Fatal(err)
			}
		}
		want := map[string][2]int64{"2024-05": {1000, 20}, "2024-06": {1000, 20}, "2024-07": {1600, 50}}
		for month, w := range want {
			b := e.bills(e.f.BranchA.ID, month)
			if b[e.m1.ID].AmountFen != w[0] || b[e.m2.ID].AmountFen != w[1] {
				t.Errorf("%s: m1 %d m2 %d, want %v", month, b[e.m1.ID].AmountFen, b[e.m2.ID].AmountFen, w)
			}
		}
	})
}

func TestProfiles(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Who may set: the branch's secretary yes; the member, an auditor: 403; another
		// committee's admin: 404 (cannot see the member).
		in := dues.ProfileInput{Category: "in_service", BaseFen: 600000, FromMonth: "2024-01"}
		p, err := e.s.SetProfile(e.ctx, e.secA, e.m1.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.AmountFen != 9000 || p.Rate != "1.5%" || p.CreatedByName != "seca" {
			t.Fatalf("profile: %+v", p)
		}
		_, err = e.s.SetProfile(e.ctx, e.member, e.m1.ID, in)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.SetProfile(e.ctx, e.auditor, e.m1.ID, in)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.SetProfile(e.ctx, e.orgadmB, e.m1.ID, in)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.SetProfile(e.ctx, e.secA, 999999, in)
		testutil.WantCode(t, err, domain.ENotFound)
		for field, bad := range map[string]dues.ProfileInput{
			"category":   {Category: "soldier", FromMonth: "2024-01"},
			"base_fen":   {Category: "in_service", BaseFen: -1, FromMonth: "2024-01"},
			"from_month": {Category: "in_service", FromMonth: "2024-1"},
		} {
			_, err := e.s.SetProfile(e.ctx, e.secA, e.m1.ID, bad)
			if e, ok := domain.AsError(err); !ok || e.Code != domain.EInvalid || e.Fields[field] == "" {
				t.Errorf("%s: %v", field, err)
			}
		}

		// Bills of June exist; a raise from June reprices June (unpaid), not May.
		if _, err := e.s.Generate(e.ctx, e.secA, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-05"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Generate(e.ctx, e.secA, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-06"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetProfile(e.ctx, e.secA, e.m1.ID, dues.ProfileInput{Category: "in_service", BaseFen: 1200000, FromMonth: "2024-06", Note: "涨薪"}); err != nil {
			t.Fatal(err)
		}
		if b := e.bills(e.f.BranchA.ID, "2024-05")[e.m1.ID]; b.AmountFen != 9000 {
			t.Errorf("May repriced: %+v", b)
		}
		if b := e.bills(e.f.BranchA.ID, "2024-06")[e.m1.ID]; b.AmountFen != 24000 || b.BaseFen != 1200000 || b.RuleRef != "in_service:200bp" {
			t.Errorf("June not repriced: %+v", b)
		}
		// A paid bill is never repriced.
		if _, err := db.SQL().Exec(`UPDATE dues_bills SET status = 'paid', paid_fen = amount_fen WHERE month = '2024-06'`); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetProfile(e.ctx, e.secA, e.m1.ID, dues.ProfileInput{Category: "retired", BaseFen: 100000, FromMonth: "2024-06"}); err != nil {
			t.Fatal(err)
		}
		if b := e.bills(e.f.BranchA.ID, "2024-06")[e.m1.ID]; b.AmountFen != 24000 {
			t.Errorf("paid bill repriced: %+v", b)
		}

		// History and the current profile, for the member themself and readers.
		v, err := e.s.Profile(e.ctx, e.member, e.m1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.History) != 2 || v.Current == nil || v.Current.FromMonth != "2024-06" || v.Current.Category != "retired" ||
			v.Current.AmountFen != 500 || v.History[1].FromMonth != "2024-01" || v.BilledFrom != "2005-01" {
			t.Fatalf("view: %+v current %+v", v, v.Current)
		}
		if _, err := e.s.Profile(e.ctx, e.auditor, e.m1.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Profile(e.ctx, e.orgadmB, e.m1.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		if n := testutil.AuditCount(t, db, "dues.profile.set"); n != 3 {
			t.Errorf("%d audit entries", n)
		}
	})
}
