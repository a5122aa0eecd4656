package points_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func checksOf(t *testing.T, e *env) map[string]int {
	t.Helper()
	breaches, err := e.s.Verify(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, b := range breaches {
		out[b.Check]++
	}
	return out
}

// Verify finds each kind of breach injected behind the service's back, and none otherwise.
func TestVerifyFindsInjectedBreaches(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "V", Points: pts("2"), Veto: true, Deduction: true})
		good := e.indicator(points.IndicatorInput{Code: "G", Points: pts("2")})
		e.award(e.admin, good, domain.SubjectMember, e.m1.ID, "3", "2024-05-01")
		r := e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", "2024-05-02")
		if _, err := e.s.Reverse(e.ctx, e.admin, r.EntryID, "更正"); err != nil {
			t.Fatal(err)
		}
		e.award(e.admin, good, domain.SubjectMember, e.m2.ID, "1", "2024-05-01")
		if got := checksOf(t, e); len(got) != 0 {
			t.Fatalf("clean ledger reported %v", got)
		}
		raw := db.SQL()
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := raw.Exec(q, args...); err != nil {
				t.Fatal(err)
			}
		}

		exec(`UPDATE point_accounts SET reward_balance = reward_balance + 1 WHERE subject_id = $1`, e.m2.ID)
		if got := checksOf(t, e); got["account_balance"] != 1 || len(got) != 1 {
			t.Fatalf("balance off by 0.1: %v", got)
		}
		exec(`UPDATE point_accounts SET reward_balance = reward_balance - 1 WHERE subject_id = $1`, e.m2.ID)

		exec(`UPDATE point_totals SET vetoes = 1 WHERE subject_id = $1`, e.m1.ID)
		if got := checksOf(t, e); got["totals"] != 1 || len(got) != 1 {
			t.Fatalf("totals: %v", got)
		}
		exec(`UPDATE point_totals SET vetoes = 0 WHERE subject_id = $1`, e.m1.ID)

		// An entry slipped into the ledger without a source, breaking the running balance.
		exec(`INSERT INTO point_entries (subject_type, subject_id, org_id, org_path, year, category, source, points,
			appraisal, reward, appraisal_after, reward_after, occurred_on, created_at)
			VALUES ('member', $1, $2, $3, 2024, 'activity', 'gift', 10, 10, 10, 999, 999, '2024-05-03', CURRENT_TIMESTAMP)`,
			e.m2.ID, e.f.BranchA.ID, e.f.BranchA.Path)
		got := checksOf(t, e)
		for _, c := range []string{"running_balance", "source", "account_balance", "totals", "capped"} {
			if got[c] == 0 {
				t.Errorf("injected entry: %s not reported (%v)", c, got)
			}
		}
		// And the report names the entry.
		breaches, _ := e.s.Verify(e.ctx)
		var id int64
		raw.QueryRow(`SELECT MAX(id) FROM point_entries`).Scan(&id)
		found := false
		for _, b := range breaches {
			found = found || (b.Check == "source" && b.EntryID == id)
		}
		if !found {
			t.Errorf("breach of entry %d not named: %+v", id, breaches)
		}
	})
}

func TestVerifyFindsNegativeBalanceAndBrokenReversal(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		good := e.indicator(points.IndicatorInput{Code: "G", Points: pts("2")})
		r := e.award(e.admin, good, domain.SubjectMember, e.m1.ID, "1", "2024-05-01")
		raw := db.SQL()
		// A reversal that reverses only half, and drives the reward negative.
		_, err := raw.Exec(`INSERT INTO point_entries (subject_type, subject_id, org_id, org_path, year, category,
			indicator_id, series_id, source, reverses_id, points, appraisal, reward, appraisal_after, reward_after,
			occurred_on, created_at) VALUES ('member', $1, $2, $3, 2024, 'activity', $4, $4, 'reversal', $5, -10, -10, -30,
			10, -10, '2024-05-01', CURRENT_TIMESTAMP)`, e.m1.ID, e.f.BranchA.ID, e.f.BranchA.Path, good.ID, r.EntryID)
		if err != nil {
			t.Fatal(err)
		}
		got := checksOf(t, e)
		for _, c := range []string{"reversal", "negative_reward", "account_balance", "totals"} {
			if got[c] == 0 {
				t.Errorf("%s not reported: %v", c, got)
			}
		}
	})
}
