package demo

import (
	"context"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// The demo's fund pools: last year in full and published (so the member's page is not
// empty), every source and purpose present, a remittance made; this year up to today with a
// request waiting; the running accounts agree with the ledgers and never went below zero.
func TestDemoFunds(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set := newSet(t, db)
		set.Funds = funds.New(db)
		if _, err := Load(ctx, set, Options{}); err != nil {
			t.Fatal(err)
		}
		sys := auth.SystemActor()
		year := set.Orgs.Today().Time().Year() - 1
		for _, name := range []string{EnterpriseName, enterpriseBranches[6].name} {
			var id int64
			if err := db.SQL().QueryRowContext(ctx, `SELECT id FROM orgs WHERE name = $1`, name).Scan(&id); err != nil {
				t.Fatal(err)
			}
			r, err := set.Funds.Report(ctx, sys, id, year)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Published || len(r.Income) < 6 || len(r.Spending) < 5 || r.IncomeFen <= 0 || r.ClosingFen <= 0 {
				t.Errorf("%s %d: published %v, %d sources, %d purposes, income %d, closing %d", name, year, r.Published,
					len(r.Income), len(r.Spending), r.IncomeFen, r.ClosingFen)
			}
			for _, m := range r.Months {
				if m.BalanceFen < 0 {
					t.Errorf("%s %s: balance %d", name, m.Month, m.BalanceFen)
				}
			}
			found := false
			for _, l := range r.Spending {
				found = found || l.Code == domain.FundPurposeRemittance
			}
			if !found {
				t.Errorf("%s: no remittance upward", name)
			}
			now, err := set.Funds.Report(ctx, sys, id, year+1)
			if err != nil {
				t.Fatal(err)
			}
			if now.PendingCount != 1 || now.OpeningFen != r.ClosingFen {
				t.Errorf("%s this year: %d pending, opening %d (last closing %d)", name, now.PendingCount, now.OpeningFen, r.ClosingFen)
			}
			acc, _ := db.Read().FundAccountOf(ctx, id)
			led, _ := db.Read().FundLedgerBalance(ctx, id)
			if acc.BalanceFen != led || led < 0 {
				t.Errorf("%s: account %d, ledger %d", name, acc.BalanceFen, led)
			}
		}
	})
}
