package meeting_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// env is a fixture tree with a clock the tests move, a secretary of BranchA, one of
// BranchA2, and a committee officer of CommitteeA (the upper organisation of both).
type env struct {
	t     *testing.T
	ctx   context.Context
	f     *testutil.Fixture
	s     *meeting.Service
	now   time.Time
	start time.Time // a meeting start one day ahead of the real clock, to the second

	secA, secA2, upper *auth.Actor
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	e := &env{t: t, ctx: context.Background(), f: f, s: f.Set.Meetings}
	e.start = time.Now().UTC().Truncate(time.Second).Add(24 * time.Hour)
	e.now = e.start.Add(-time.Hour)
	e.s.Now = func() time.Time { return e.now }
	e.secA = f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.secA2 = f.User(t, "sec_a2", 0, testutil.Grant(domain.RoleSecretary, f.BranchA2.ID))
	e.upper = f.User(t, "upper", 0, testutil.Grant(domain.RoleSecretary, f.CommitteeA.ID))
	return e
}

// member creates a member of org (full unless probationary) with optional positions, and
// returns it with an actor linked to it (a stored user, so audits and points name them).
func (e *env) member(orgID int64, name string, probationary bool, positions ...string) (*domain.Member, *auth.Actor) {
	e.t.Helper()
	in := e.f.MemberInput(orgID, name, "19800101")
	if probationary {
		cat := domain.CategoryProbationary
		joined := domain.Today(time.Now()).AddDate(0, -3, 0).String()
		in.Category, in.JoinedOn = &cat, &joined
	}
	if len(positions) > 0 {
		in.Positions = &positions
	}
	m, err := e.f.Set.Members.Create(e.ctx, auth.SystemActor(), in)
	if err != nil {
		e.t.Fatalf("member %s: %v", name, err)
	}
	u := e.f.User(e.t, fmt.Sprintf("u%d", m.ID), m.ID, testutil.Grant(domain.RoleMember, orgID))
	return m, u
}

// plan creates a meeting of kind at BranchA starting at e.start.
func (e *env) plan(kind string, mod ...func(*meeting.Input)) *domain.Meeting {
	e.t.Helper()
	in := meeting.Input{OrgID: e.f.BranchA.ID, Kind: kind, Title: "会议 " + kind, StartsAt: e.start,
		EndsAt: e.start.Add(2 * time.Hour), Location: "党员活动室"}
	for _, f := range mod {
		f(&in)
	}
	m, err := e.s.Create(e.ctx, e.secA, in)
	if err != nil {
		e.t.Fatalf("plan %s: %v", kind, err)
	}
	return m
}

func (e *env) summary(id int64) *domain.AttendanceSummary {
	e.t.Helper()
	s, err := e.s.Attendance(e.ctx, e.secA, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.f.DB.SQL().QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func itoa(n int64) string { return fmt.Sprint(n) }
