package funds_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// env is the fixture tree with the fund service on a fixed clock (15 June 2025 in China), the
// secretaries of BranchA and BranchA2, an org admin of CommitteeA (the level above both), an
// auditor of CommitteeA and a plain member of BranchA with an account.
type env struct {
	t   *testing.T
	ctx context.Context
	f   *testutil.Fixture
	s   *funds.Service
	now time.Time
	sys *auth.Actor

	secA, secA2, upper, auditor, plain *auth.Actor
	memberA                            *domain.Member
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	e := &env{t: t, ctx: context.Background(), f: f, s: funds.New(db), sys: auth.SystemActor()}
	e.now = time.Date(2025, 6, 15, 10, 0, 0, 0, domain.Shanghai)
	e.s.Now = func() time.Time { return e.now }
	e.secA = f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.secA2 = f.User(t, "sec_a2", 0, testutil.Grant(domain.RoleSecretary, f.BranchA2.ID))
	e.upper = f.User(t, "upper", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
	e.auditor = f.User(t, "auditor", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
	e.memberA = f.Member(t, f.BranchA.ID, "王小红", "19900101")
	e.plain = f.User(t, "plain", e.memberA.ID, testutil.Grant(domain.RoleMember, f.BranchA.ID))
	return e
}

// income records income of source to BranchA as the secretary.
func (e *env) income(source string, fen int64, date string) *domain.FundEntry {
	e.t.Helper()
	return e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: source, AmountFen: fen,
		Date: date, Description: "收入 " + source})
}

// spend files a spending request for BranchA as the secretary and has it approved by the
// upper org admin.
func (e *env) spend(purpose string, fen int64, date string) *domain.FundEntry {
	e.t.Helper()
	r := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: purpose, AmountFen: fen,
		Date: date, Description: "支出 " + purpose})
	got, err := e.s.Approve(e.ctx, e.upper, r.ID)
	if err != nil {
		e.t.Fatalf("approve %d: %v", r.ID, err)
	}
	return got
}

func (e *env) post(a *auth.Actor, in funds.EntryInput) *domain.FundEntry {
	e.t.Helper()
	r, err := e.s.Create(e.ctx, a, in)
	if err != nil {
		e.t.Fatalf("create %+v: %v", in, err)
	}
	return r.Entry
}

func (e *env) report(a *auth.Actor, year int) *funds.ReportView {
	e.t.Helper()
	r, err := e.s.Report(e.ctx, a, e.f.BranchA.ID, year)
	if err != nil {
		e.t.Fatalf("report %d: %v", year, err)
	}
	return r
}

// checkAccount fails unless the running account of org equals the balance recomputed from
// the ledger and want.
func (e *env) checkAccount(orgID, want int64) {
	e.t.Helper()
	q := e.f.DB.Read()
	acc, err := q.FundAccountOf(e.ctx, orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	led, err := q.FundLedgerBalance(e.ctx, orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	if acc.BalanceFen != led || led != want {
		e.t.Fatalf("balance: account %d, ledger %d, want %d", acc.BalanceFen, led, want)
	}
	if acc.IncomeFen-acc.SpendingFen != acc.BalanceFen {
		e.t.Fatalf("account income %d − spending %d ≠ balance %d", acc.IncomeFen, acc.SpendingFen, acc.BalanceFen)
	}
}

func lineOf(lines []domain.FundLine, code string) domain.FundLine {
	for _, l := range lines {
		if l.Code == code {
			return l
		}
	}
	return domain.FundLine{Code: code}
}

func codesOf(lines []domain.FundLine) string {
	s := ""
	for _, l := range lines {
		s += fmt.Sprintf("%s=%d ", l.Code, l.AmountFen)
	}
	return s
}
