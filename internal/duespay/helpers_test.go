package duespay_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/duespay/testpay"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// env is a fixture tree with the payment service on a clock the tests move, the test provider
// registered (secret "test-secret"), a secretary of BranchA (sec), of BranchB (secB) and a
// committee officer over BranchA (upper).
type env struct {
	t    *testing.T
	ctx  context.Context
	db   *store.DB
	f    *testutil.Fixture
	s    *duespay.Service
	prov *duespay.TestProvider
	now  time.Time

	sec, secB, upper *auth.Actor
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	e := &env{t: t, ctx: context.Background(), db: db, f: f}
	e.now = time.Now().UTC().Truncate(time.Second)
	e.s = duespay.New(db, f.Set.Points)
	e.s.Now = func() time.Time { return e.now }
	e.prov = duespay.NewTestProvider([]byte("test-secret"), f.Set.I18n)
	e.prov.P.Now = func() time.Time { return e.now }
	e.s.Register(e.prov)
	e.sec = f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.secB = f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
	e.upper = f.User(t, "upper", 0, testutil.Grant(domain.RoleSecretary, f.CommitteeA.ID))
	return e
}

// member creates a member of org with a linked user.
func (e *env) member(orgID int64, name string) (*domain.Member, *auth.Actor) {
	e.t.Helper()
	m := e.f.Member(e.t, orgID, name, "19800101")
	u := e.f.User(e.t, fmt.Sprintf("u%d", m.ID), m.ID, testutil.Grant(domain.RoleMember, orgID))
	return m, u
}

// month returns the YYYY-MM month n months before the clock's month (China time).
func (e *env) month(back int) string {
	return domain.DuesMonthAdd(domain.DuesMonthOf(domain.Today(e.now)), -back)
}

// bill inserts an unpaid bill directly (the dues-core generator is another capability).
func (e *env) bill(m *domain.Member, month string, amount int64) int64 {
	e.t.Helper()
	return e.billStatus(m, month, amount, domain.DuesUnpaid)
}

func (e *env) billStatus(m *domain.Member, month string, amount int64, status string) int64 {
	e.t.Helper()
	o, err := e.db.Read().Org(e.ctx, m.OrgID)
	if err != nil {
		e.t.Fatal(err)
	}
	var id int64
	now := time.Now().UTC().Truncate(time.Microsecond)
	err = e.db.SQL().QueryRowContext(e.ctx, `INSERT INTO dues_bills (member_id, org_id, org_path, month, category,
		base_fen, standard_fen, amount_fen, rule_ref, status, paid_fen, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'in_service', 500000, $5, $5, 'in_service:100bp', $6, 0, $7, $7) RETURNING id`,
		m.ID, o.ID, o.Path, month, amount, status, now).Scan(&id)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *env) billStatusOf(id int64) (status string, paymentID int64) {
	e.t.Helper()
	b, err := e.db.Read().DuesBill(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return b.Status, b.PaymentID
}

// cash records a cash payment as the actor.
func (e *env) cash(a *auth.Actor, ids ...int64) (*domain.DuesPayment, error) {
	res, err := e.s.Pay(e.ctx, a, duespay.PayInput{BillIDs: ids, Method: domain.PayCash})
	if err != nil {
		return nil, err
	}
	return res.Payment, nil
}

// online starts an online payment as the member actor.
func (e *env) online(a *auth.Actor, ids ...int64) *domain.DuesPayment {
	e.t.Helper()
	res, err := e.s.Pay(e.ctx, a, duespay.PayInput{BillIDs: ids, Method: domain.PayOnline, BaseURL: "http://dj.test"})
	if err != nil {
		e.t.Fatalf("online payment: %v", err)
	}
	return res.Payment
}

// notification is a signed "paid" notification of a payment's order for amount fen.
func (e *env) notification(p *domain.DuesPayment, amount int64) (http.Header, []byte) {
	return e.prov.P.SignedNotification(orderOf(p), amount)
}

func orderOf(p *domain.DuesPayment) testpay.Order {
	return testpay.Order{OrderNo: p.OrderNo, AmountFen: p.AmountFen}
}

func (e *env) notify(h http.Header, body []byte) (*duespay.NotifyResult, error) {
	return e.s.Notify(e.ctx, duespay.TestProviderName, h, body, "192.0.2.9")
}

// indicator adds the on-time item to the region's catalogue for the clock's year.
func (e *env) indicator() {
	e.t.Helper()
	_, err := e.f.Set.Points.CreateIndicator(e.ctx, auth.SystemActor(), points.IndicatorInput{OrgID: e.f.Region.ID,
		Year: domain.Today(e.now).Time().Year(), Code: "DUES-ON-TIME", Name: "按时交纳党费", Category: domain.CategoryContribution,
		Subject: domain.SubjectMember, Points: domain.Whole(1), Unit: domain.UnitCount})
	if err != nil {
		e.t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func code(err error) string { return domain.ErrorCode(err) }
