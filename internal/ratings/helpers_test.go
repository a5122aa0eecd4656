package ratings_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/ratings"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// env is a fixture tree with the points and ratings services on one clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	f     *testutil.Fixture
	pts   *points.Service
	r     *ratings.Service
	admin *auth.Actor
	now   time.Time
	inds  map[string]*domain.Indicator
	seq   int
}

// newEnv starts on 1 March 2024 (Beijing): 2023 is last year, its stars are due before
// 1 July 2024.
func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	e := &env{t: t, ctx: context.Background(), db: db, f: f, pts: f.Set.Points, r: f.Set.Ratings,
		now: time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC), inds: map[string]*domain.Indicator{}}
	clock := func() time.Time { return e.now }
	e.pts.Now, e.r.Now = clock, clock
	e.admin = f.User(t, "admin", 0, testutil.Grant(domain.RoleAdmin, 0))
	return e
}

func pts(s string) domain.Points {
	p, err := domain.ParsePoints(s)
	if err != nil {
		panic(err)
	}
	return p
}

// indicator creates (once) a count item worth 1 point per unit in a category, owned by org.
func (e *env) indicator(orgID int64, year int, code, category, subject string, veto bool) *domain.Indicator {
	e.t.Helper()
	key := fmt.Sprint(orgID, year, code)
	if ind := e.inds[key]; ind != nil {
		return ind
	}
	p := pts("1")
	ind, err := e.pts.CreateIndicator(e.ctx, e.admin, points.IndicatorInput{OrgID: orgID, Year: year, Code: code,
		Name: "指标 " + code, Category: category, Subject: subject, Unit: domain.UnitCount, Points: p, Veto: veto,
		Deduction: veto})
	if err != nil {
		e.t.Fatalf("indicator %s: %v", code, err)
	}
	e.inds[key] = ind
	return ind
}

// give awards qty units of ind to a subject on a day.
func (e *env) give(ind *domain.Indicator, subjectType string, id int64, qty int64, day string) {
	e.t.Helper()
	_, err := e.pts.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: ind.ID, SubjectType: subjectType,
		SubjectID: id, Quantity: domain.Whole(qty), OccurredOn: day})
	if err != nil {
		e.t.Fatalf("award %s to %s %d: %v", ind.Code, subjectType, id, err)
	}
}

func (e *env) member(orgID int64, name string) *domain.Member {
	e.t.Helper()
	e.seq++
	return e.f.Member(e.t, orgID, name, fmt.Sprintf("19%02d0%d1%d", 60+e.seq%40, 1+e.seq%9, e.seq%10))
}

// clean fails when the points ledger has a breach (ranking triggers must not disturb it).
func (e *env) clean() {
	e.t.Helper()
	list, err := e.pts.Verify(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, b := range list {
		e.t.Errorf("breach %s: %s %d: %s", b.Check, b.SubjectType, b.SubjectID, b.Detail)
	}
	var n int
	err = e.db.SQL().QueryRowContext(e.ctx, `SELECT COUNT(*) FROM ranking_totals r WHERE r.points <> (SELECT COALESCE(SUM(t.points), 0)
		FROM point_totals t WHERE t.subject_type = r.subject_type AND t.subject_id = r.subject_id AND t.year = r.year)
		OR r.org_path <> (SELECT MAX(t.org_path) FROM point_totals t WHERE t.subject_type = r.subject_type
		AND t.subject_id = r.subject_id AND t.year = r.year)`).Scan(&n)
	if err != nil {
		e.t.Fatal(err)
	}
	if n != 0 {
		e.t.Errorf("%d ranking_totals rows disagree with point_totals", n)
	}
}

func wantCode(t *testing.T, err error, code, key string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != code || (key != "" && de.Message != key) {
		t.Fatalf("got %v, want %s %s", err, code, key)
	}
}

func ranksOf(lb *ratings.Leaderboard) []int {
	out := make([]int, len(lb.Items))
	for i, it := range lb.Items {
		out[i] = it.Rank
	}
	return out
}
