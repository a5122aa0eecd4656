package duesstats_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// env is a fixture tree (testutil.NewFixture) with the service pinned to 10 February 2025
// (China time): the latest month arrears count by default is January 2025.
type env struct {
	ctx  context.Context
	db   *store.DB
	f    *testutil.Fixture
	svc  *duesstats.Service
	secA *auth.Actor // secretary of 甲一支部
	audA *auth.Actor // auditor of 甲党委: reads, never writes
}

var pinned = time.Date(2025, 2, 10, 9, 0, 0, 0, domain.Shanghai)

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	f := testutil.NewFixture(t, db)
	svc := duesstats.New(db)
	svc.SetClock(func() time.Time { return pinned })
	e := &env{ctx: context.Background(), db: db, f: f, svc: svc}
	e.secA = f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.audA = f.User(t, "aud_a", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
	return e
}

// bill stores a bill of a member as the dues capability would: amount due 1000 fen (0 when
// exempt), paid in full when paid.
func (e *env) bill(t *testing.T, m *domain.Member, month, status string) {
	t.Helper()
	e.billAt(t, m, m.OrgID, m.OrgPath, month, status, 1000)
}

func (e *env) billAt(t *testing.T, m *domain.Member, orgID int64, orgPath, month, status string, amount int64) {
	t.Helper()
	standard := amount
	if status == domain.DuesExempt {
		amount = 0
	}
	paid := int64(0)
	var paidAt any
	if status == domain.DuesPaid {
		paid = amount
		paidAt = time.Date(2025, 1, 15, 2, 0, 0, 0, time.UTC)
	}
	now := time.Now().UTC()
	_, err := e.db.SQL().ExecContext(e.ctx, `INSERT INTO dues_bills (member_id, org_id, org_path, month, category, base_fen,
		standard_fen, amount_fen, rule_ref, status, paid_fen, paid_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'in_service', 200000, $5, $6, 'in_service:50bp', $7, $8, $9, $10, $10)`,
		m.ID, orgID, orgPath, month, standard, amount, status, paid, paidAt, now)
	if err != nil {
		t.Fatalf("bill %s %s: %v", m.Name, month, err)
	}
}

// bills stores bills of consecutive months from first, one status each ("" leaves the
// month without a bill).
func (e *env) bills(t *testing.T, m *domain.Member, first string, statuses ...string) {
	t.Helper()
	month, _ := time.Parse("2006-01", first)
	for _, s := range statuses {
		if s != "" {
			e.bill(t, m, month.Format("2006-01"), s)
		}
		month = month.AddDate(0, 1, 0)
	}
}

func (e *env) member(t *testing.T, org *domain.Org, name string) *domain.Member {
	t.Helper()
	return e.f.Member(t, org.ID, name, "19800101")
}

const (
	U = domain.DuesUnpaid
	P = domain.DuesPaid
	X = domain.DuesExempt
)

func code(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}
