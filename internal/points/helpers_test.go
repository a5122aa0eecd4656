package points_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// now is the tests' clock: 15 June 2024, 10:00 in Beijing.
var now = time.Date(2024, time.June, 15, 2, 0, 0, 0, time.UTC)

// env is a fixture tree with people and the points service on a fresh database.
type env struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	f   *testutil.Fixture
	s   *points.Service

	admin     *auth.Actor // system administrator
	sec       *auth.Actor // secretary of BranchA, also its member mSec
	committee *auth.Actor // committee member of BranchA
	leader    *auth.Actor // group leader of GroupA (decides for BranchA)
	secB      *auth.Actor // secretary of BranchB
	comA      *auth.Actor // org_admin of CommitteeA
	member    *auth.Actor // the member m1 of BranchA, no grants

	m1, m2, mSec, mB *domain.Member
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	e := &env{t: t, ctx: context.Background(), db: db, f: f, s: points.NewService(db)}
	e.s.Now = func() time.Time { return now }
	e.m1 = f.Member(t, f.BranchA.ID, "张一", "19800101")
	e.m2 = f.Member(t, f.BranchA.ID, "张二", "19810101")
	e.mSec = f.Member(t, f.BranchA.ID, "李书记", "19700101")
	e.mB = f.Member(t, f.BranchB.ID, "王乙", "19850101")
	e.admin = f.User(t, "admin", 0, testutil.Grant(domain.RoleAdmin, 0))
	e.sec = f.User(t, "sec", e.mSec.ID, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.committee = f.User(t, "committee", 0, testutil.Grant(domain.RoleCommitteeMember, f.BranchA.ID))
	e.leader = f.User(t, "leader", 0, testutil.Grant(domain.RoleGroupLeader, f.GroupA.ID))
	e.secB = f.User(t, "secb", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
	e.comA = f.User(t, "coma", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
	e.member = f.User(t, "m1", e.m1.ID)
	return e
}

func pts(s string) domain.Points {
	p, err := domain.ParsePoints(s)
	if err != nil {
		panic(err)
	}
	return p
}

func ptr(s string) *domain.Points { p := pts(s); return &p }

// indicator creates an item as the admin; in gets defaults for what it leaves empty.
func (e *env) indicator(in points.IndicatorInput) *domain.Indicator {
	e.t.Helper()
	if in.Year == 0 {
		in.Year = 2024
	}
	if in.Category == "" {
		in.Category = domain.CategoryActivity
	}
	if in.Subject == "" {
		in.Subject = domain.SubjectMember
	}
	if in.Unit == "" {
		in.Unit = domain.UnitCount
	}
	if in.Name == "" {
		in.Name = "指标 " + in.Code
	}
	if in.OrgID == 0 {
		in.OrgID = e.f.Region.ID
	}
	ind, err := e.s.CreateIndicator(e.ctx, e.admin, in)
	if err != nil {
		e.t.Fatalf("create indicator %s: %v", in.Code, err)
	}
	return ind
}

func (e *env) award(a *auth.Actor, ind *domain.Indicator, subjectType string, subjectID int64, qty, day string) *points.AwardResult {
	e.t.Helper()
	r, err := e.s.Award(e.ctx, a, points.AwardInput{IndicatorID: ind.ID, SubjectType: subjectType, SubjectID: subjectID,
		Quantity: pts(qty), OccurredOn: day})
	if err != nil {
		e.t.Fatalf("award %s to %s %d on %s: %v", ind.Code, subjectType, subjectID, day, err)
	}
	return r
}

func (e *env) account(subjectType string, id int64, year int) *points.AccountView {
	e.t.Helper()
	v, err := e.s.Account(e.ctx, e.admin, subjectType, id, year)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

// clean fails the test when Verify finds any breach.
func (e *env) clean() {
	e.t.Helper()
	breaches, err := e.s.Verify(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, b := range breaches {
		e.t.Errorf("breach %s: entry %d %s %d: %s", b.Check, b.EntryID, b.SubjectType, b.SubjectID, b.Detail)
	}
}

func (e *env) entries(subjectType string, id int64) []domain.PointEntry {
	e.t.Helper()
	list, err := e.s.Entries(e.ctx, e.admin, points.EntryFilter{SubjectType: subjectType, SubjectID: id, Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

func wantPoints(t *testing.T, what string, got domain.Points, want string) {
	t.Helper()
	if got != pts(want) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}
