package study_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/testutil"
)

// env is the fixture tree with members, managers and a settable clock (15 June 2024,
// 10:00 in Beijing) shared by the study and points services.
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	f     *testutil.Fixture
	s     *study.Service
	clock time.Time

	admin, comA, secA, secB  *auth.Actor
	memA, memA2, memA3, memB *auth.Actor
	mA, mA2, mA3, mA2b, mB   *domain.Member
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	e := &env{t: t, ctx: context.Background(), db: db, f: f, s: f.Set.Study,
		clock: time.Date(2024, time.June, 15, 2, 0, 0, 0, time.UTC)}
	e.s.Now = func() time.Time { return e.clock }
	f.Set.Points.Now = e.s.Now
	e.mA = f.Member(t, f.BranchA.ID, "张一", "19800101")
	e.mA2 = f.Member(t, f.BranchA.ID, "张二", "19810101")
	e.mA3 = f.Member(t, f.BranchA.ID, "张三", "19820101")
	e.mA2b = f.Member(t, f.BranchA2.ID, "李二", "19830101")
	e.mB = f.Member(t, f.BranchB.ID, "王乙", "19850101")
	e.admin = f.User(t, "admin", 0, testutil.Grant(domain.RoleAdmin, 0))
	e.comA = f.User(t, "coma", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
	e.secA = f.User(t, "seca", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.secB = f.User(t, "secb", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
	e.memA = f.User(t, "mema", e.mA.ID)
	e.memA2 = f.User(t, "mema2", e.mA2.ID)
	e.memA3 = f.User(t, "mema3", e.mA3.ID)
	e.memB = f.User(t, "memb", e.mB.ID)
	return e
}

func (e *env) advance(d time.Duration) { e.clock = e.clock.Add(d) }

// examPassIndicator gives the members under orgID the EXAM-PASS item worth 2 points.
func (e *env) examPassIndicator(orgID int64) {
	e.t.Helper()
	_, err := e.f.Set.Points.CreateIndicator(e.ctx, e.admin, points.IndicatorInput{OrgID: orgID, Year: 2024,
		Code: study.IndicatorExamPass, Name: "考试合格", Category: domain.CategoryExperience, Subject: domain.SubjectMember,
		Unit: domain.UnitCount, Points: domain.Whole(2)})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) question(a *auth.Actor, orgID int64, kind string, answer []string, tags ...string) *domain.Question {
	e.t.Helper()
	in := study.QuestionInput{OrgID: orgID, Kind: kind, Stem: "题目 " + kind, Answer: answer, Tags: tags,
		Options: []domain.QuestionOption{{Key: "A", Text: "甲"}, {Key: "B", Text: "乙"}, {Key: "C", Text: "丙"}, {Key: "D", Text: "丁"}}}
	x, err := e.s.CreateQuestion(e.ctx, a, in)
	if err != nil {
		e.t.Fatalf("question: %v", err)
	}
	return x
}

func (e *env) count(table, where string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE `+where, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func wantMessage(t *testing.T, err error, key string) {
	t.Helper()
	de, ok := domain.AsError(err)
	if !ok || de.Message != key {
		t.Fatalf("want %s, got %v", key, err)
	}
}
