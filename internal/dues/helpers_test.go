package dues_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/jobs"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// start is the tests' clock: Saturday 15 June 2024, 10:00 in Beijing.
var start = time.Date(2024, time.June, 15, 2, 0, 0, 0, time.UTC)

// env is the fixture tree with dues actors:
//
//	admin      admin
//	secA       secretary of BranchA (甲一支部): the branch step for its members
//	secCA      secretary of CommitteeA (甲党委): the next level above BranchA
//	orgadmB    org_admin of CommitteeB
//	auditor    auditor of the Region
//	member     m1's account (BranchA), no grant
type env struct {
	t      *testing.T
	ctx    context.Context
	db     *store.DB
	f      *testutil.Fixture
	s      *dues.Service
	runner *jobs.Runner

	admin, secA, secCA, orgadmB, auditor, member *auth.Actor

	m1, m2, mB *domain.Member
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	e := &env{t: t, ctx: context.Background(), db: db, f: f}
	e.runner = jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.s = dues.New(db, f.Set.Members, e.runner)
	e.s.Now = func() time.Time { return start }
	e.m1 = f.Member(t, f.BranchA.ID, "张一", "19800101")
	e.m2 = f.Member(t, f.BranchA.ID, "李二", "19900202")
	e.mB = f.Member(t, f.BranchB.ID, "王乙", "19850303")
	e.admin = f.User(t, "admin", 0, testutil.Grant(domain.RoleAdmin, 0))
	e.secA = f.User(t, "seca", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.secCA = f.User(t, "secca", 0, testutil.Grant(domain.RoleSecretary, f.CommitteeA.ID))
	e.orgadmB = f.User(t, "orgadmb", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeB.ID))
	e.auditor = f.User(t, "auditor", 0, testutil.Grant(domain.RoleAuditor, f.Region.ID))
	e.member = f.User(t, "m1", e.m1.ID)
	return e
}

// profile sets a member's profile as the admin.
func (e *env) profile(m *domain.Member, cat string, base int64, from string) {
	e.t.Helper()
	if _, err := e.s.SetProfile(e.ctx, e.admin, m.ID, dues.ProfileInput{Category: cat, BaseFen: base, FromMonth: from}); err != nil {
		e.t.Fatalf("profile %s: %v", m.Name, err)
	}
}

// bills returns the month's bills of an org's subtree as the admin, by member id.
func (e *env) bills(orgID int64, month string) map[int64]domain.DuesBill {
	e.t.Helper()
	out := map[int64]domain.DuesBill{}
	var after int64
	for {
		items, next, err := e.s.Bills(e.ctx, e.admin, dues.BillFilter{OrgID: orgID, Month: month, AfterID: after, Limit: 500})
		if err != nil {
			e.t.Fatal(err)
		}
		for _, b := range items {
			if _, dup := out[b.MemberID]; dup {
				e.t.Fatalf("member %d billed twice for %s", b.MemberID, month)
			}
			out[b.MemberID] = b
		}
		if next == 0 {
			return out
		}
		after = next
	}
}

// countBills counts the rows of dues_bills of a month straight from the table.
func countBills(t *testing.T, db *store.DB, month string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM dues_bills WHERE month = $1`, month).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// newMember adds a member with changes to the fixture's input.
func (e *env) newMember(orgID int64, name, birth string, change func(in *member.Input)) *domain.Member {
	e.t.Helper()
	in := e.f.MemberInput(orgID, name, birth)
	if change != nil {
		change(&in)
	}
	m, err := e.f.Set.Members.Create(e.ctx, auth.SystemActor(), in)
	if err != nil {
		e.t.Fatalf("member %s: %v", name, err)
	}
	return m
}
