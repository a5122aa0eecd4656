package funds_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Income by source and approved spending by purpose add up in the report; a submitted or
// returned request does not count; the running account agrees with the ledger.
func TestReportSums(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.income(domain.FundSourceDues, 120000, "2025-01-31")
		e.income("union_fees", 300000, "2025-02-10")
		e.income("league_fees", 50000, "2025-02-11")
		e.income("union_fees", 100000, "2025-03-01")
		e.spend("education", 80000, "2025-03-05")
		e.spend("activities", 150000, "2025-04-20")
		e.spend("education", 20000, "2025-05-02")
		pending := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: "materials",
			AmountFen: 7000, Date: "2025-06-01", Description: "购买学习资料"})
		returned := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: "hardship",
			AmountFen: 9000, Date: "2025-06-02", Description: "慰问"})
		if _, err := e.s.Return(e.ctx, e.upper, returned.ID, "缺少发票"); err != nil {
			t.Fatal(err)
		}
		r := e.report(e.secA, 2025)
		if r.OpeningFen != 0 || r.IncomeFen != 570000 || r.SpendingFen != 250000 || r.ClosingFen != 320000 {
			t.Fatalf("report: opening %d income %d spending %d closing %d", r.OpeningFen, r.IncomeFen, r.SpendingFen, r.ClosingFen)
		}
		if l := lineOf(r.Income, "union_fees"); l.AmountFen != 400000 || l.Count != 2 {
			t.Errorf("union fees: %+v", l)
		}
		if l := lineOf(r.Spending, "education"); l.AmountFen != 100000 || l.Count != 2 {
			t.Errorf("education: %+v", l)
		}
		// The rule's order: dues first, then union and league fees.
		if got := codesOf(r.Income); got != "dues_retained=120000 union_fees=400000 league_fees=50000 " {
			t.Errorf("income order: %s", got)
		}
		if r.PendingFen != 7000 || r.PendingCount != 1 {
			t.Errorf("pending: %d in %d", r.PendingFen, r.PendingCount)
		}
		if m := r.Months[2]; m.Month != "2025-03" || m.IncomeFen != 100000 || m.SpendingFen != 80000 || m.BalanceFen != 490000 {
			t.Errorf("March: %+v", m)
		}
		if m := r.Months[11]; m.BalanceFen != r.ClosingFen {
			t.Errorf("December balance %d, closing %d", m.BalanceFen, r.ClosingFen)
		}
		e.checkAccount(e.f.BranchA.ID, 320000)
		if got, _ := e.s.Get(e.ctx, e.secA, pending.ID); got.Status != domain.FundSubmitted {
			t.Errorf("pending request: %s", got.Status)
		}
		if got, _ := e.s.Get(e.ctx, e.secA, returned.ID); got.Status != domain.FundReturned || got.ReturnReason != "缺少发票" {
			t.Errorf("returned request: %s %q", got.Status, got.ReturnReason)
		}
		if n := testutil.AuditCount(t, db, "funds.income.record"); n != 4 {
			t.Errorf("audited incomes: %d", n)
		}
	})
}

// The balance at the end of a year is carried into the next; the months of the next year start
// from it; entries of the later year do not change the earlier report.
func TestCarryForward(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.income("union_fees", 500000, "2024-03-01")
		e.spend("activities", 120000, "2024-12-31")
		e.income("league_fees", 30000, "2025-01-01")
		e.spend("materials", 10000, "2025-01-02")
		r24, r25 := e.report(e.secA, 2024), e.report(e.secA, 2025)
		if r24.ClosingFen != 380000 || r25.OpeningFen != 380000 {
			t.Fatalf("2024 closing %d, 2025 opening %d, want 380000", r24.ClosingFen, r25.OpeningFen)
		}
		if r25.Months[0].BalanceFen != 400000 || r25.ClosingFen != 400000 {
			t.Errorf("2025 January %d, closing %d, want 400000", r25.Months[0].BalanceFen, r25.ClosingFen)
		}
		if r24.Months[11].SpendingFen != 120000 || r24.IncomeFen != 500000 {
			t.Errorf("2024: %+v", r24.Months[11])
		}
		if r23 := e.report(e.secA, 2023); r23.ClosingFen != 0 || r23.OpeningFen != 0 {
			t.Errorf("2023: %d → %d", r23.OpeningFen, r23.ClosingFen)
		}
		e.checkAccount(e.f.BranchA.ID, 400000)
	})
}

// A reversal negates its entry in the report and the balance; an entry is reversed once; a
// reversal is not reversed; a request still waiting is not reversed (it is returned instead).
func TestReversal(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := e.income("union_fees", 200000, "2025-02-01")
		wrong := e.income("league_fees", 12345, "2025-02-02")
		out := e.spend("education", 50000, "2025-02-03")
		rev, err := e.s.Reverse(e.ctx, e.secA, wrong.ID, funds.ReverseInput{Reason: "金额录错"})
		if err != nil {
			t.Fatal(err)
		}
		if rev.AmountFen != -12345 || rev.ReversesID != wrong.ID || rev.Date.String() != "2025-06-15" {
			t.Fatalf("reversal: %+v", rev)
		}
		_, err = e.s.Reverse(e.ctx, e.secA, wrong.ID, funds.ReverseInput{Reason: "again"})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.Reverse(e.ctx, e.secA, rev.ID, funds.ReverseInput{Reason: "undo"})
		testutil.WantCode(t, err, domain.EConflict)
		if _, err := e.s.Reverse(e.ctx, e.secA, out.ID, funds.ReverseInput{Reason: "退款", Date: "2025-03-01"}); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Reverse(e.ctx, e.secA, in.ID, funds.ReverseInput{Reason: "x", Date: "2025-01-01"})
		testutil.WantField(t, err, domain.EInvalid, "date", "err.funds.date_before")
		_, err = e.s.Reverse(e.ctx, e.auditor, in.ID, funds.ReverseInput{Reason: "x"})
		testutil.WantCode(t, err, domain.EForbidden)
		pending := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: "other", AmountFen: 100,
			Description: "待批"})
		_, err = e.s.Reverse(e.ctx, e.secA, pending.ID, funds.ReverseInput{Reason: "x"})
		testutil.WantCode(t, err, domain.EConflict)
		r := e.report(e.secA, 2025)
		if r.IncomeFen != 200000 || r.SpendingFen != 0 || r.ClosingFen != 200000 {
			t.Fatalf("report after reversals: %d − %d = %d", r.IncomeFen, r.SpendingFen, r.ClosingFen)
		}
		if l := lineOf(r.Income, "league_fees"); l.AmountFen != 0 || l.Count != 2 {
			t.Errorf("league fees line: %+v", l)
		}
		e.checkAccount(e.f.BranchA.ID, 200000)
		got, _ := e.s.Get(e.ctx, e.secA, wrong.ID)
		if got.ReversedByID != rev.ID {
			t.Errorf("reversed by %d, want %d", got.ReversedByID, rev.ID)
		}
	})
}

// The ledger is append-only in the database itself: amounts never change and rows are never
// deleted, whoever runs the SQL.
func TestLedgerAppendOnly(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		x := e.income("union_fees", 1000, "2025-02-01")
		if _, err := db.SQL().Exec(`UPDATE fund_entries SET amount_fen = 1 WHERE id = $1`, x.ID); err == nil {
			t.Error("an entry's amount was changed")
		}
		if _, err := db.SQL().Exec(`DELETE FROM fund_entries WHERE id = $1`, x.ID); err == nil {
			t.Error("an entry was deleted")
		}
		e.checkAccount(e.f.BranchA.ID, 1000)
	})
}

// The share source takes its share of the base (8 % of the staff-education funds), rounded
// half up; a given amount must agree with it; a plain source refuses a base.
func TestShareSource(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		got := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "education_share",
			BaseFen: 1234567, Date: "2025-03-31", Description: "一季度职工教育经费 8%"})
		if got.AmountFen != 98765 || got.BaseFen != 1234567 {
			t.Fatalf("share: %d of %d", got.AmountFen, got.BaseFen)
		}
		_, err := e.s.Create(e.ctx, e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "education_share",
			BaseFen: 100000, AmountFen: 9000, Description: "x"})
		testutil.WantField(t, err, domain.EInvalid, "amount_fen", "err.funds.share_mismatch")
		_, err = e.s.Create(e.ctx, e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "union_fees",
			BaseFen: 100000, Description: "x"})
		testutil.WantField(t, err, domain.EInvalid, "base_fen", "err.funds.base_not_share")
	})
}

// Validation names the field; a source not in the rule, a purpose among sources, the
// remittance purpose and a future date are refused.
func TestCreateValidation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "union_fees", AmountFen: 100, Description: "x"}
		cases := []struct {
			change      func(*funds.EntryInput)
			field, want string
		}{
			{func(in *funds.EntryInput) { in.Kind = "gift" }, "kind", "err.choice"},
			{func(in *funds.EntryInput) { in.Source = "lottery" }, "source", "err.funds.category"},
			{func(in *funds.EntryInput) { in.Source = "education" }, "source", "err.funds.category"},
			{func(in *funds.EntryInput) { in.Kind, in.Source, in.Purpose = domain.FundSpending, "", "remittance" }, "purpose", "err.funds.category"},
			{func(in *funds.EntryInput) { in.AmountFen = 0 }, "amount_fen", "err.funds.amount"},
			{func(in *funds.EntryInput) { in.AmountFen = -5 }, "amount_fen", "err.funds.amount"},
			{func(in *funds.EntryInput) { in.Date = "2025-06-16" }, "date", "err.date_future"},
			{func(in *funds.EntryInput) { in.Date = "2025-13-01" }, "date", "err.date"},
			{func(in *funds.EntryInput) { in.Description = " " }, "description", "err.required"},
			{func(in *funds.EntryInput) { in.Source = domain.FundSourceVoluntary }, "payer_name", "err.required"},
			{func(in *funds.EntryInput) { in.PayerMemberID = 999999 }, "payer_member_id", "err.funds.payer"},
			{func(in *funds.EntryInput) { in.Files = []funds.File{{Name: "a.jpg"}} }, "files", "err.funds.file_empty"},
		}
		for _, c := range cases {
			in := base
			c.change(&in)
			_, err := e.s.Create(e.ctx, e.secA, in)
			testutil.WantField(t, err, domain.EInvalid, c.field, c.want)
		}
		in := base
		in.OrgID = e.f.BranchB.ID
		_, err := e.s.Create(e.ctx, e.secA, in)
		testutil.WantCode(t, err, domain.EForbidden)
		in.OrgID = 999999
		_, err = e.s.Create(e.ctx, e.secA, in)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.Create(e.ctx, e.auditor, base)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Create(e.ctx, e.plain, base)
		testutil.WantCode(t, err, domain.EForbidden)
	})
}

// The same Idempotency-Key and input returns the first entry and posts nothing; another
// input with the key is a conflict.
func TestIdempotencyKey(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "union_fees", AmountFen: 5000,
			Description: "工会经费", IdempotencyKey: "k-1", Files: []funds.File{{Name: "发票.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 x")}}}
		first, err := e.s.Create(e.ctx, e.secA, in)
		if err != nil {
			t.Fatal(err)
		}
		again, err := e.s.Create(e.ctx, e.secA, in)
		if err != nil || !again.Replayed || again.Entry.ID != first.Entry.ID || first.Replayed {
			t.Fatalf("replay: %+v %v", again, err)
		}
		in.AmountFen = 6000
		_, err = e.s.Create(e.ctx, e.secA, in)
		testutil.WantCode(t, err, domain.EConflict)
		e.checkAccount(e.f.BranchA.ID, 5000)
		if n := len(again.Entry.Attachments); n != 1 {
			t.Errorf("attachments: %d", n)
		}
	})
}
