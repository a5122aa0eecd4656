package org_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/org"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func str(s string) *string { return &s }
func id(n int64) *int64    { return &n }

func TestCreateValidation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc, sys := f.Set.Orgs, auth.SystemActor()
		before := testutil.AuditCount(t, db, "")

		_, err := svc.Create(ctx, sys, org.Input{})
		testutil.WantField(t, err, domain.EInvalid, "name", "err.required")
		testutil.WantField(t, err, domain.EInvalid, "type", "err.required")
		_, err = svc.Create(ctx, sys, org.Input{Name: str("  "), Type: str("party")})
		testutil.WantField(t, err, domain.EInvalid, "name", "err.required")
		testutil.WantField(t, err, domain.EInvalid, "type", "err.org.type")

		cases := []struct {
			in           org.Input
			field, want  string
			conflictCode bool
		}{
			{org.Input{ParentID: id(99999)}, "parent_id", "err.org.parent_unknown", false},
			{org.Input{ParentID: id(f.CommitteeA.ID), Type: str("group")}, "parent_id", "err.org.parent_type", false},
			{org.Input{ParentID: id(f.GroupA.ID)}, "parent_id", "err.org.parent_type", false},
			{org.Input{UnitCreditCode: str("91350100M000100Y44")}, "unit_credit_code", "err.credit_code.checksum", false},
			{org.Input{UnitCreditCode: str("91350100I000100Y43")}, "unit_credit_code", "err.credit_code.chars", false},
			{org.Input{EstablishedOn: str("2024-02-30")}, "established_on", "err.date", false},
			{org.Input{EstablishedOn: str("2999-01-01")}, "established_on", "err.date_future", false},
			{org.Input{TermStartedOn: str("2024-01-01"), TermEndsOn: str("2024-01-01")}, "term_ends_on", "err.org.term_order", false},
			{org.Input{DemonstrationLevel: str("galaxy")}, "demonstration_level", "err.org.demonstration_level", false},
			{org.Input{Name: str("甲一支部")}, "name", "err.org.duplicate_name", true},
		}
		for _, c := range cases {
			in := c.in
			if in.Name == nil {
				in.Name = str("新支部")
			}
			if in.Type == nil {
				in.Type = str("branch")
			}
			if in.ParentID == nil {
				in.ParentID = id(f.CommitteeA.ID)
			}
			_, err := svc.Create(ctx, sys, in)
			code := domain.EInvalid
			if c.conflictCode {
				code = domain.EConflict
			}
			testutil.WantField(t, err, code, c.field, c.want)
		}
		if n := testutil.AuditCount(t, db, ""); n != before {
			t.Fatalf("failed creates wrote %d audit entries", n-before)
		}
		// A valid credit code (normalised to upper case) and the same name under another parent.
		v, err := svc.Create(ctx, sys, org.Input{Name: str("甲一支部"), Type: str("branch"), ParentID: id(f.CommitteeB.ID),
			UnitCreditCode: str(" 91350100m000100y43 "), EstablishedOn: str("2020-05-04")})
		if err != nil || v.UnitCreditCode != "91350100M000100Y43" || v.EstablishedOn.String() != "2020-05-04" || v.Depth != 3 {
			t.Fatalf("create: %+v %v", v, err)
		}
		if n := testutil.AuditCount(t, db, "org.create"); n != 8 {
			t.Fatalf("%d org.create entries, want 7 fixture + 1", n)
		}
		e := testutil.LastAudit(t, db)
		if e.Action != "org.create" || e.EntityID != v.ID || e.OrgPath != v.Path || e.Before != "" || e.Username != "system" {
			t.Fatalf("audit entry %+v", e)
		}
		var after map[string]any
		if err := json.Unmarshal([]byte(e.After), &after); err != nil || after["name"] != "甲一支部" || after["unit_credit_code"] != "91350100M000100Y43" {
			t.Fatalf("audit after %s", e.After)
		}
	})
}

func TestAuthorisation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Orgs
		secA := f.User(t, "secA", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		adminA := f.User(t, "adminA", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
		auditor := f.User(t, "auditor", 0, testutil.Grant(domain.RoleAuditor, f.Region.ID))
		before := testutil.AuditCount(t, db, "")

		// Reads outside the scope are "not found"; writes are "forbidden".
		if _, err := svc.Get(ctx, secA, f.BranchA.ID); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Get(ctx, secA, f.BranchB.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.Get(ctx, secA, f.CommitteeA.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.Subtree(ctx, secA, f.BranchB.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.List(ctx, secA, org.Filter{Under: f.BranchB.ID})
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.Update(ctx, secA, f.BranchB.ID, org.Input{Code: str("x")})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, secA, org.Input{Name: str("x"), Type: str("branch"), ParentID: id(f.CommitteeB.ID)})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, secA, org.Input{Name: str("x"), Type: str("group"), ParentID: id(f.BranchA.ID)})
		testutil.WantCode(t, err, domain.EForbidden) // secretaries do not create orgs
		_, err = svc.Update(ctx, secA, 99999, org.Input{Code: str("x")})
		testutil.WantCode(t, err, domain.ENotFound)

		tree, err := svc.Tree(ctx, secA)
		if err != nil || !slices.Equal(ids(tree), []int64{f.BranchA.ID, f.GroupA.ID}) {
			t.Fatalf("secretary's tree %v %v", ids(tree), err)
		}
		list, err := svc.List(ctx, secA, org.Filter{})
		if err != nil || len(list) != 2 {
			t.Fatalf("secretary's list %v %v", ids(list), err)
		}
		if v, err := svc.Update(ctx, secA, f.BranchA.ID, org.Input{Code: str("A-1")}); err != nil || v.Code != "A-1" {
			t.Fatalf("secretary updates own branch: %v", err)
		}

		// The auditor reads everything and writes nothing.
		tree, err = svc.Tree(ctx, auditor)
		if err != nil || len(tree) != 7 {
			t.Fatalf("auditor's tree %v %v", ids(tree), err)
		}
		if _, err := svc.Get(ctx, auditor, f.BranchB.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Create(ctx, auditor, org.Input{Name: str("x"), Type: str("branch"), ParentID: id(f.CommitteeB.ID)})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Update(ctx, auditor, f.BranchB.ID, org.Input{Code: str("x")})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Move(ctx, auditor, f.BranchA2.ID, f.CommitteeB.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, auditor, org.Input{Name: str("x"), Type: str("region")})
		testutil.WantCode(t, err, domain.EForbidden)

		// An org admin works inside the subtree only, and cannot create roots or move the root of the grant.
		if _, err := svc.Create(ctx, adminA, org.Input{Name: str("甲三支部"), Type: str("branch"), ParentID: id(f.CommitteeA.ID)}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Create(ctx, adminA, org.Input{Name: str("x"), Type: str("region")})
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.required")
		_, err = svc.Move(ctx, adminA, f.BranchA2.ID, f.CommitteeB.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Move(ctx, adminA, f.CommitteeA.ID, f.CommitteeB.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Move(ctx, adminA, f.BranchB.ID, f.CommitteeA.ID)
		testutil.WantCode(t, err, domain.EForbidden)

		if n := testutil.AuditCount(t, db, ""); n != before+2 {
			t.Fatalf("%d audit entries written, want 2 (one update, one create)", n-before)
		}
	})
}

func TestMove(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc, sys := f.Set.Orgs, auth.SystemActor()
		m := f.Member(t, f.BranchA.ID, "张三", "19800101")

		_, err := svc.Move(ctx, sys, f.CommitteeA.ID, f.BranchA.ID)
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.org.move_into_self")
		_, err = svc.Move(ctx, sys, f.CommitteeA.ID, f.CommitteeA.ID)
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.org.move_into_self")
		_, err = svc.Move(ctx, sys, f.BranchA.ID, 99999)
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.org.parent_unknown")
		_, err = svc.Move(ctx, sys, f.BranchA.ID, f.BranchB.ID)
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.org.parent_type")
		_, err = svc.Move(ctx, sys, f.GroupA.ID, f.CommitteeB.ID)
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.org.parent_type")
		_, err = svc.Move(ctx, sys, f.BranchA.ID, f.CommitteeA.ID)
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.org.same_parent")
		_, err = svc.Move(ctx, sys, 99999, f.CommitteeA.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		// A sibling of the same name under the new parent is a conflict.
		f.Org(t, f.CommitteeB.ID, "甲一支部", domain.OrgBranch)
		_, err = svc.Move(ctx, sys, f.BranchA.ID, f.CommitteeB.ID)
		testutil.WantField(t, err, domain.EConflict, "name", "err.org.duplicate_name")
		_, err = svc.Update(ctx, sys, f.BranchA.ID, org.Input{ParentID: id(f.CommitteeB.ID)})
		testutil.WantField(t, err, domain.EInvalid, "parent_id", "err.org.use_move")
		before := testutil.AuditCount(t, db, "")

		v, err := svc.Move(ctx, sys, f.BranchA.ID, f.Region.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantPath := domain.OrgPath(f.Region.Path, f.BranchA.ID)
		if v.Path != wantPath || v.ParentID != f.Region.ID || v.Depth != 2 || v.MemberCount != 1 {
			t.Fatalf("moved: %+v", v.Org)
		}
		g, _ := svc.Get(ctx, sys, f.GroupA.ID)
		if g.Path != domain.OrgPath(wantPath, f.GroupA.ID) || g.Depth != 3 {
			t.Fatalf("group under the moved branch: %s %d", g.Path, g.Depth)
		}
		mm, _ := f.Set.Members.Get(ctx, sys, m.ID, false)
		if mm.OrgPath != wantPath {
			t.Fatalf("member path %s", mm.OrgPath)
		}
		if c, _ := svc.Get(ctx, sys, f.CommitteeA.ID); c.MemberCount != 0 || c.ChildCount != 1 {
			t.Fatalf("old parent counts: members %d children %d", c.MemberCount, c.ChildCount)
		}
		if n := testutil.AuditCount(t, db, ""); n != before+1 {
			t.Fatalf("move wrote %d audit entries", n-before)
		}
		e := testutil.LastAudit(t, db)
		var b, a map[string]any
		json.Unmarshal([]byte(e.Before), &b)
		json.Unmarshal([]byte(e.After), &a)
		if e.Action != "org.move" || b["parent_id"] != float64(f.CommitteeA.ID) || b["path"] != f.BranchA.Path ||
			a["parent_id"] != float64(f.Region.ID) || a["path"] != wantPath {
			t.Fatalf("move audit: before %s after %s", e.Before, e.After)
		}
	})
}

func TestUpdateAndWarnings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc, sys := f.Set.Orgs, auth.SystemActor()
		for i, name := range []string{"甲", "乙"} {
			f.Member(t, f.BranchA.ID, name, "1980010"+string(rune('1'+i)))
		}
		start := svc.Today().AddDate(-3, 3, 0).String() // a branch term of 3 years ends in 3 months
		before := testutil.AuditCount(t, db, "")
		v, err := svc.Update(ctx, sys, f.BranchA.ID, org.Input{TermStartedOn: str(start), Name: str(" 甲一支部（新） ")})
		if err != nil {
			t.Fatal(err)
		}
		if v.Name != "甲一支部（新）" || v.MemberCount != 2 || !slices.Equal(v.Warnings, []string{domain.WarnTooFewFullMembers, domain.WarnTermEnding}) {
			t.Fatalf("view %q members %d warnings %v", v.Name, v.MemberCount, v.Warnings)
		}
		e := testutil.LastAudit(t, db)
		if testutil.AuditCount(t, db, "") != before+1 || e.Action != "org.update" || e.Before == "" || e.After == "" {
			t.Fatalf("update audit %+v", e)
		}
		var b, a map[string]any
		json.Unmarshal([]byte(e.Before), &b)
		json.Unmarshal([]byte(e.After), &a)
		if b["name"] != "甲一支部" || a["name"] != "甲一支部（新）" || a["term_started_on"] != start {
			t.Fatalf("audit before %s after %s", e.Before, e.After)
		}
		// The list shows the same warnings (rules in force apply to lists as well).
		list, err := svc.List(ctx, sys, org.Filter{Type: domain.OrgBranch})
		if err != nil || len(list) != 3 {
			t.Fatalf("list %v %v", ids(list), err)
		}
		for _, o := range list {
			if o.ID == f.BranchA.ID && !slices.Equal(o.Warnings, v.Warnings) {
				t.Fatalf("list warnings %v", o.Warnings)
			}
		}
		// Changing the type must still fit under the parent.
		_, err = svc.Update(ctx, sys, f.BranchA.ID, org.Input{Type: str("region")})
		testutil.WantField(t, err, domain.EInvalid, "type", "err.org.parent_type")
		_, err = svc.Update(ctx, sys, f.BranchA2.ID, org.Input{Name: str("甲一支部（新）")})
		testutil.WantField(t, err, domain.EConflict, "name", "err.org.duplicate_name")
		if testutil.AuditCount(t, db, "") != before+1 {
			t.Fatal("failed updates were audited")
		}
		// A rule row for one organisation applies to its subtree from its date.
		if err := db.WriteTx(ctx, func(q *store.Q) error {
			r := domain.DefaultOrgRules
			r.MinFullMembers = 1
			return q.InsertRule(ctx, "org.structure", f.CommitteeA.ID, r, svc.Today(), "", "test")
		}); err != nil {
			t.Fatal(err)
		}
		if v, _ := svc.Get(ctx, sys, f.BranchA.ID); !slices.Equal(v.Warnings, []string{domain.WarnTermEnding}) {
			t.Fatalf("org-specific rule ignored: %v", v.Warnings)
		}
		if v, _ := svc.Get(ctx, sys, f.BranchB.ID); !slices.Contains(v.Warnings, domain.WarnTooFewFullMembers) {
			t.Fatalf("org-specific rule leaked to another subtree: %v", v.Warnings)
		}
	})
}

func ids(views []org.View) []int64 {
	var out []int64
	for _, v := range views {
		out = append(out, v.ID)
	}
	return out
}
