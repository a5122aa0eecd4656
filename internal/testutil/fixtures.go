package testutil

import (
	"context"
	"crypto/rand"
	"dangjian/internal/compliance"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"

	"dangjian/internal/account"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/duespay"
	"dangjian/internal/duesstats"
	"dangjian/internal/funds"
	"dangjian/internal/i18n"
	"dangjian/internal/meeting"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/points"
	"dangjian/internal/ratings"
	"dangjian/internal/redemption"
	"dangjian/internal/secret"
	"dangjian/internal/services"
	"dangjian/internal/store"
	"dangjian/internal/study"
)

// FixturePassword is the password of every user a Fixture creates.
const FixturePassword = "Dangjian-2024"

// fixtureHash is computed once per test binary: argon2id costs about 50 ms a hash, and a
// suite that hashed per user would spend most of its time there.
var fixtureHash = sync.OnceValue(func() string { return auth.HashPassword(FixturePassword) })

// IDNumber returns a valid resident ID number (region 110105) for a birth date written
// YYYYMMDD and a 3-digit sequence; an odd sequence is a man, an even one a woman.
func IDNumber(birth string, seq int) string {
	first17 := fmt.Sprintf("110105%s%03d", birth, seq%1000)
	return first17 + string(domain.IDNumberCheckChar(first17))
}

// NewSet builds the services over db the way app.Open does, with a fresh random secret key.
func NewSet(tb testing.TB, db *store.DB) *services.Set {
	tb.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	box, err := secret.New(key)
	if err != nil {
		tb.Fatal(err)
	}
	set := &services.Set{
		DB:       db,
		Auth:     auth.NewService(db, auth.DefaultSettings),
		Orgs:     org.NewService(db),
		Members:  member.NewService(db, box),
		Accounts: &account.Service{DB: db},
		Audit:    &audit.Service{DB: db},
		Points:   points.NewService(db),
		I18n:     i18n.MustLoad(),
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Version:  "test",
	}
	set.Redemption = redemption.NewService(db, set.Points)
	set.Ratings = ratings.New(db, nil) // no job runner: rating runs compute in the caller
	set.Meetings = meeting.NewService(db, set.Points)
	set.Compliance = &compliance.Service{DB: db}
	set.Study = study.New(db, set.Points)
	set.DuesPay = duespay.New(db, set.Points) // no payment provider: tests register one
	set.Funds = funds.New(db)
	set.DuesStats = duesstats.New(db)
	set.Dues = dues.New(db, set.Members, nil) // no job runner: generations run in the caller
	return set
}

// Fixture is a small organisation tree built through the services:
//
//	Region 测试区委
//	├── CommitteeA 甲党委
//	│   ├── BranchA 甲一支部
//	│   │   └── GroupA 第一党小组
//	│   └── BranchA2 甲二支部
//	└── CommitteeB 乙党委
//	    └── BranchB 乙支部
type Fixture struct {
	DB  *store.DB
	Set *services.Set

	Region, CommitteeA, BranchA, GroupA, BranchA2, CommitteeB, BranchB *domain.Org

	seq int // for unique ID numbers
}

// NewFixture builds the tree on db (a fresh database).
func NewFixture(tb testing.TB, db *store.DB) *Fixture {
	tb.Helper()
	f := &Fixture{DB: db, Set: NewSet(tb, db)}
	f.Region = f.Org(tb, 0, "测试区委", domain.OrgRegion)
	f.CommitteeA = f.Org(tb, f.Region.ID, "甲党委", domain.OrgCommittee)
	f.BranchA = f.Org(tb, f.CommitteeA.ID, "甲一支部", domain.OrgBranch)
	f.GroupA = f.Org(tb, f.BranchA.ID, "第一党小组", domain.OrgGroup)
	f.BranchA2 = f.Org(tb, f.CommitteeA.ID, "甲二支部", domain.OrgBranch)
	f.CommitteeB = f.Org(tb, f.Region.ID, "乙党委", domain.OrgCommittee)
	f.BranchB = f.Org(tb, f.CommitteeB.ID, "乙支部", domain.OrgBranch)
	return f
}

// Org creates an organisation as the system.
func (f *Fixture) Org(tb testing.TB, parentID int64, name string, t domain.OrgType) *domain.Org {
	tb.Helper()
	typ := string(t)
	in := org.Input{Name: &name, Type: &typ}
	if parentID != 0 {
		in.ParentID = &parentID
	}
	v, err := f.Set.Orgs.Create(context.Background(), auth.SystemActor(), in)
	if err != nil {
		tb.Fatalf("fixture org %s: %v", name, err)
	}
	return &v.Org
}

// MemberInput returns a valid create input for a full member of orgID born on birth
// (YYYYMMDD) with a fresh ID number; callers change fields before creating.
func (f *Fixture) MemberInput(orgID int64, name, birth string) member.Input {
	f.seq++
	id := IDNumber(birth, 2*f.seq+1) // odd: male
	cat, joined := domain.CategoryFull, birth[:4]+"-"+birth[4:6]+"-"+birth[6:]
	joinedDate, _ := domain.ParseDate(joined)
	joined = joinedDate.AddDate(25, 0, 0).String()
	return member.Input{Name: &name, IDNumber: &id, OrgID: &orgID, Category: &cat, JoinedOn: &joined}
}

// Member creates a full male member as the system and returns it (masked).
func (f *Fixture) Member(tb testing.TB, orgID int64, name, birth string) *domain.Member {
	tb.Helper()
	m, err := f.Set.Members.Create(context.Background(), auth.SystemActor(), f.MemberInput(orgID, name, birth))
	if err != nil {
		tb.Fatalf("fixture member %s: %v", name, err)
	}
	return m
}

// User stores a user with the given grants (password FixturePassword) and returns the
// Actor it signs in as. It writes through the store, not the account service, so the hash
// is computed once per test binary.
func (f *Fixture) User(tb testing.TB, username string, memberID int64, grants ...domain.Grant) *auth.Actor {
	tb.Helper()
	ctx := context.Background()
	u := &domain.User{Username: username, MemberID: memberID, Grants: grants}
	err := f.DB.WriteTx(ctx, func(q *store.Q) error { return q.InsertUser(ctx, u, fixtureHash()) })
	if err != nil {
		tb.Fatalf("fixture user %s: %v", username, err)
	}
	stored, err := f.DB.Read().User(ctx, u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return &auth.Actor{User: stored, IP: "192.0.2.1"}
}

// Grant is a grant of role over the organisation (0 for admin).
func Grant(role string, orgID int64) domain.Grant { return domain.Grant{Role: role, OrgID: orgID} }
