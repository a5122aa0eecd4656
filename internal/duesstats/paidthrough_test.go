package duesstats_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
	"dangjian/internal/transfer"
)

// PaidThrough is the last month before the first unpaid bill that is paid or exempt; months
// without a bill do not stop it; no qualifying bill gives "".
func TestPaidThrough(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		cases := []struct {
			name, first string
			statuses    []string
			want        string
		}{
			{"全缴", "2024-08", []string{P, P, P, P, P, P}, "2025-01"},
			{"免交算缴清", "2024-08", []string{P, P, X, U, P}, "2024-10"},
			{"跨年", "2024-11", []string{P, P, P, U}, "2025-01"},
			{"首月未缴", "2024-08", []string{U, P, P}, ""},
			{"无账单", "2024-08", nil, ""},
			{"缺月", "2024-08", []string{P, "", P, U}, "2024-10"},
		}
		for _, c := range cases {
			m := e.member(t, e.f.BranchA, c.name)
			e.bills(t, m, c.first, c.statuses...)
			got, err := duesstats.PaidThrough(e.ctx, db.Read(), m.ID)
			if err != nil || got != c.want {
				t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
			}
		}
	})
}

// A transfer created without dues_paid_through takes it from the bills and the letter shows
// it; one that states it keeps it; with no bill to go by the field stays required.
func TestTransferDefaultsPaidThrough(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		svc := transfer.NewService(db, e.f.Set.Members)
		m := e.member(t, e.f.BranchA, "转出党员")
		e.bills(t, m, "2024-10", P, P, X, U)
		tr, err := svc.Create(e.ctx, e.secA, transfer.CreateInput{MemberID: m.ID, ToOrgID: e.f.BranchB.ID, Reason: "工作调动"})
		if err != nil {
			t.Fatal(err)
		}
		if tr.DuesPaidThrough != "2024-12" {
			t.Errorf("paid through %q, want 2024-12", tr.DuesPaidThrough)
		}
		stated := e.member(t, e.f.BranchA, "自填月份")
		e.bills(t, stated, "2024-10", P)
		tr, err = svc.Create(e.ctx, e.secA, transfer.CreateInput{MemberID: stated.ID, ToExternalName: "某外省党委", Reason: "随迁", DuesPaidThrough: "2025-01"})
		if err != nil || tr.DuesPaidThrough != "2025-01" {
			t.Errorf("stated: %+v, %v", tr, err)
		}
		none := e.member(t, e.f.BranchA, "没有账单")
		_, err = svc.Create(e.ctx, e.secA, transfer.CreateInput{MemberID: none.ID, ToExternalName: "某外省党委", Reason: "随迁"})
		testutil.WantField(t, err, domain.EInvalid, "dues_paid_through", "err.month_yyyy_mm")
	})
}
