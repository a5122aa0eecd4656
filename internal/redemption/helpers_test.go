package redemption_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/redemption"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// start is the tests' clock at the beginning: Saturday 15 June 2024, 10:00 in Beijing.
var start = time.Date(2024, time.June, 15, 2, 0, 0, 0, time.UTC)

// clock is a settable clock shared by every service of a test (instances agree on time).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// env is the alliance of CommitteeA with two merchants, their operators, members with
// points, and the services over one or two database handles (instances).
type env struct {
	t     *testing.T
	ctx   context.Context
	f     *testutil.Fixture
	clock *clock
	pts   *points.Service
	s     *redemption.Service // instance 1
	s2    *redemption.Service // instance 2 (another handle on the same database)

	admin   *auth.Actor
	manager *auth.Actor // org_admin of CommitteeA: runs the alliance
	mgrB    *auth.Actor // org_admin of CommitteeB
	op1     *auth.Actor // operator of shop1
	op2     *auth.Actor // operator of shop2
	member  *auth.Actor // m1, BranchA (in the alliance)
	memberB *auth.Actor // mB, BranchB (outside it)
	auditor *auth.Actor

	m1, mB       *domain.Member
	shop1, shop2 *domain.Merchant
	ind          *domain.Indicator
}

// newEnv builds the env on db1; db2 (may be db1) is the second instance's handle.
func newEnv(t *testing.T, db1, db2 *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db1)
	e := &env{t: t, ctx: context.Background(), f: f, clock: &clock{t: start}}
	e.pts = points.NewService(db1)
	e.pts.Now = e.clock.Now
	e.s = redemption.NewService(db1, e.pts)
	e.s.Now = e.clock.Now
	pts2 := points.NewService(db2)
	pts2.Now = e.clock.Now
	e.s2 = redemption.NewService(db2, pts2)
	e.s2.Now = e.clock.Now

	e.m1 = f.Member(t, f.BranchA.ID, "张一", "19800101")
	e.mB = f.Member(t, f.BranchB.ID, "王乙", "19850101")
	e.admin = f.User(t, "admin", 0, testutil.Grant(domain.RoleAdmin, 0))
	e.manager = f.User(t, "alliance", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
	e.mgrB = f.User(t, "mgrb", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeB.ID))
	e.op1 = f.User(t, "shop1", 0, testutil.Grant(domain.RoleMerchant, f.CommitteeA.ID))
	e.op2 = f.User(t, "shop2", 0, testutil.Grant(domain.RoleMerchant, f.CommitteeA.ID))
	e.member = f.User(t, "m1", e.m1.ID)
	e.memberB = f.User(t, "mb", e.mB.ID)
	e.auditor = f.User(t, "auditor", 0, testutil.Grant(domain.RoleAuditor, f.Region.ID))

	e.shop1 = e.merchant("德企服务中心咖啡馆")
	e.shop2 = e.merchant("太仓书店")
	e.must(e.s.AddOperator(e.ctx, e.manager, e.shop1.ID, e.op1.UserID()))
	e.must(e.s.AddOperator(e.ctx, e.manager, e.shop2.ID, e.op2.UserID()))

	var err error
	e.ind, err = e.pts.CreateIndicator(e.ctx, e.admin, points.IndicatorInput{OrgID: f.Region.ID, Year: 2024, Code: "GIFT",
		Name: "参加活动", Category: domain.CategoryActivity, Subject: domain.SubjectMember, Points: pts("1"), Unit: domain.UnitCount})
	e.must(err)
	return e
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func pts(s string) domain.Points {
	p, err := domain.ParsePoints(s)
	if err != nil {
		panic(err)
	}
	return p
}

func ptr[T any](v T) *T { return &v }

// merchant creates an active merchant of CommitteeA's alliance as its manager.
func (e *env) merchant(name string) *domain.Merchant {
	e.t.Helper()
	m, err := e.s.CreateMerchant(e.ctx, e.manager, redemption.MerchantInput{OrgID: &e.f.CommitteeA.ID, Name: &name,
		Address: ptr("太仓市上海东路1号"), Contact: ptr("王经理"), Phone: ptr("0512-53500000")})
	e.must(err)
	return m
}

// reward creates a reward of shop1 costing cost with stock; in may set more.
func (e *env) reward(cost string, stock int64, in redemption.RewardInput) *domain.Reward {
	e.t.Helper()
	if in.MerchantID == nil {
		in.MerchantID = &e.shop1.ID
	}
	if in.Name == nil {
		in.Name = ptr("咖啡一杯")
	}
	in.Cost, in.Stock = ptr(pts(cost)), &stock
	r, err := e.s.CreateReward(e.ctx, e.manager, in)
	e.must(err)
	return r
}

// give awards whole points to a member (through the ledger, like any award).
func (e *env) give(memberID int64, whole int64) {
	e.t.Helper()
	_, err := e.pts.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: e.ind.ID, SubjectType: domain.SubjectMember,
		SubjectID: memberID, Quantity: domain.Whole(whole), OccurredOn: "2024-06-01"})
	e.must(err)
}

func (e *env) balance(memberID int64) domain.Points {
	e.t.Helper()
	v, err := e.pts.Account(e.ctx, e.admin, domain.SubjectMember, memberID, 2024)
	e.must(err)
	return v.RewardBalance
}

func (e *env) appraisal(memberID int64) domain.Points {
	e.t.Helper()
	v, err := e.pts.Account(e.ctx, e.admin, domain.SubjectMember, memberID, 2024)
	e.must(err)
	return v.Appraisal.Total
}

func (e *env) stock(id int64) int64 {
	e.t.Helper()
	r, err := e.s.Reward(e.ctx, e.manager, id)
	e.must(err)
	return r.Stock
}

// entries counts a member's ledger entries of a source.
func (e *env) entries(memberID int64, source string) int {
	e.t.Helper()
	list, err := e.pts.Entries(e.ctx, e.admin, points.EntryFilter{SubjectType: domain.SubjectMember, SubjectID: memberID, Limit: 500})
	e.must(err)
	n := 0
	for _, x := range list {
		if x.Source == source {
			n++
		}
	}
	return n
}

func (e *env) redeem(a *auth.Actor, rewardID int64) *domain.Redemption {
	e.t.Helper()
	r, err := e.s.Redeem(e.ctx, a, redemption.RedeemInput{RewardID: rewardID})
	if err != nil {
		e.t.Fatalf("redeem %d: %v", rewardID, err)
	}
	return &r.Redemption
}

// member creates another member of BranchA with a user, and gives them points.
func (e *env) newMember(name, username string, whole int64) (*domain.Member, *auth.Actor) {
	e.t.Helper()
	m := e.f.Member(e.t, e.f.BranchA.ID, name, "19900101")
	if whole > 0 {
		e.give(m.ID, whole)
	}
	return m, e.f.User(e.t, username, m.ID)
}

// clean fails the test when the ledger check finds any breach.
func (e *env) clean() {
	e.t.Helper()
	breaches, err := e.pts.Verify(e.ctx)
	e.must(err)
	for _, b := range breaches {
		e.t.Errorf("breach %s: entry %d %s %d: %s", b.Check, b.EntryID, b.SubjectType, b.SubjectID, b.Detail)
	}
}

// twoInstances opens two handles on one fresh database, as two app instances would.
func twoInstances(t *testing.T, engine string) (*store.DB, *store.DB) {
	t.Helper()
	dsn := testutil.MustDSN(t, engine)
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

// forEachEngine runs fn per engine on a fresh database (both services on one handle).
func forEachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) { fn(t, newEnv(t, db, db)) })
}

// forEachEngineTwoInstances runs fn per engine with two instances on one database: on
// PostgreSQL two pools on the same schema, on SQLite two writers on the same file.
func forEachEngineTwoInstances(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			db1, db2 := twoInstances(t, engine)
			fn(t, newEnv(t, db1, db2))
		})
	}
}
