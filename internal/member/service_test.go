package member_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func str(s string) *string { return &s }
func id(n int64) *int64    { return &n }

func TestCreateValidation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc, sys := f.Set.Members, auth.SystemActor()
		before := testutil.AuditCount(t, db, "")

		_, err := svc.Create(ctx, sys, member.Input{Name: str("张三")})
		for _, field := range []string{"id_number", "org_id", "category", "joined_on"} {
			testutil.WantField(t, err, domain.EInvalid, field, "err.required")
		}
		valid := func() member.Input { return f.MemberInput(f.BranchA.ID, "李四", "19800101") }
		cases := []struct {
			change      func(in *member.Input)
			field, want string
		}{
			{func(in *member.Input) { *in.IDNumber = (*in.IDNumber)[:17] + wrongCheck(*in.IDNumber) }, "id_number", "err.id_number.checksum"},
			{func(in *member.Input) { in.IDNumber = str("110105199002300012") }, "id_number", "err.id_number.birth_date"},
			{func(in *member.Input) { in.IDNumber = str("12345") }, "id_number", "err.id_number.length"},
			{func(in *member.Input) { in.BirthDate = str("1980-01-02") }, "birth_date", "err.member.birth_date_mismatch"},
			{func(in *member.Input) { in.BirthDate = str("1980-1-1") }, "birth_date", "err.date"},
			{func(in *member.Input) { in.Gender = str("female") }, "gender", "err.member.gender_mismatch"},
			{func(in *member.Input) { in.Gender = str("other") }, "gender", "err.choice"},
			{func(in *member.Input) { in.JoinedOn = str("1997-12-31") }, "joined_on", "err.member.joined_under_18"},
			{func(in *member.Input) { in.JoinedOn = str("2999-01-01") }, "joined_on", "err.date_future"},
			{func(in *member.Input) { in.OrgID = id(f.CommitteeA.ID) }, "org_id", "err.member.org_not_branch"},
			{func(in *member.Input) { in.OrgID = id(f.GroupA.ID) }, "org_id", "err.member.org_not_branch"},
			{func(in *member.Input) { in.OrgID = id(99999) }, "org_id", "err.org.unknown"},
			{func(in *member.Input) { in.OrgID, in.GroupID = id(f.BranchA2.ID), id(f.GroupA.ID) }, "group_id", "err.member.group_not_in_org"},
			{func(in *member.Input) { in.Category = str("candidate") }, "category", "err.choice"},
			{func(in *member.Input) { in.Category, in.FullMemberOn = str("probationary"), str("2010-01-01") }, "full_member_on", "err.member.probationary_full_date"},
			{func(in *member.Input) { in.FullMemberOn = str("2004-12-31") }, "full_member_on", "err.member.full_before_joined"},
			{func(in *member.Input) { in.Phone = str("12345") }, "phone", "err.phone.format"},
			{func(in *member.Input) { in.Positions = &[]string{"secretary", "king"} }, "positions", "err.choice"},
			{func(in *member.Input) { in.Name = str(strings.Repeat("名", 51)) }, "name", "err.too_long"},
		}
		for i, c := range cases {
			in := valid()
			c.change(&in)
			_, err := svc.Create(ctx, sys, in)
			if e, _ := domain.AsError(err); e == nil || e.Fields[c.field] != c.want {
				t.Errorf("case %d: got %v, want %s: %s", i, err, c.field, c.want)
			}
		}
		// Joining on the 18th birthday is allowed.
		in := valid()
		in.JoinedOn = str("1998-01-01")
		in.Phone = str("+86 138-0013-8000")
		in.Positions = &[]string{"secretary", "secretary", " organization_member "}
		in.GroupID = id(f.GroupA.ID)
		m, err := svc.Create(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		if m.Gender != "male" || m.BirthDate.String() != "1980-01-01" || m.IDNumber != domain.MaskIDNumber(*in.IDNumber) ||
			m.Phone != "138****8000" || m.Revealed || m.Standing != domain.StandingNormal || m.GroupName != "第一党小组" ||
			!slices.Equal(m.Positions, []string{"secretary", "organization_member"}) {
			t.Fatalf("created %+v", m)
		}
		if n := testutil.AuditCount(t, db, ""); n != before+1 {
			t.Fatalf("%d audit entries, want 1 (failed creates leave none)", n-before)
		}
		// The same ID number again (lower-case x, spaces) is a conflict.
		x := f.MemberInput(f.BranchA.ID, "王五", "19491231")
		x.IDNumber = str("11010519491231002X")
		if _, err := svc.Create(ctx, sys, x); err != nil {
			t.Fatal(err)
		}
		x.IDNumber = str(" 11010519491231002x ")
		x.OrgID = id(f.BranchB.ID)
		_, err = svc.Create(ctx, sys, x)
		testutil.WantField(t, err, domain.EConflict, "id_number", "err.member.duplicate_id_number")
		if n := testutil.AuditCount(t, db, ""); n != before+2 {
			t.Fatalf("%d audit entries, want 2", n-before)
		}
	})
}

func wrongCheck(id string) string {
	if id[17] == '1' {
		return "2"
	}
	return "1"
}

func TestAuthorisationAndReveal(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Members
		inA := f.MemberInput(f.BranchA.ID, "甲一", "19800101")
		inA.Phone = str("13800138000")
		a1, err := svc.Create(ctx, auth.SystemActor(), inA)
		if err != nil {
			t.Fatal(err)
		}
		a2 := f.Member(t, f.BranchA.ID, "甲二", "19810101")
		b1 := f.Member(t, f.BranchB.ID, "乙一", "19820101")
		secA := f.User(t, "secA", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		auditor := f.User(t, "auditor", 0, testutil.Grant(domain.RoleAuditor, f.Region.ID))
		self := f.User(t, "self", a1.ID, testutil.Grant(domain.RoleMember, f.BranchA.ID))
		audits := testutil.AuditCount(t, db, "")

		// Secretary of A: B is invisible on read and forbidden on write.
		_, err = svc.Get(ctx, secA, b1.ID, false)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.Update(ctx, secA, b1.ID, member.Input{JobTitle: str("x")})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, secA, f.MemberInput(f.BranchB.ID, "丙", "19900101"))
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Update(ctx, secA, a1.ID, member.Input{OrgID: id(f.BranchB.ID)})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.List(ctx, secA, member.Filter{OrgID: f.BranchB.ID}, false)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.Events(ctx, secA, b1.ID, 0, 10)
		testutil.WantCode(t, err, domain.ENotFound)
		list, err := svc.List(ctx, secA, member.Filter{}, true)
		if err != nil || !slices.Equal(memberIDs(list.Items), []int64{a1.ID, a2.ID}) || list.Total != 2 {
			t.Fatalf("secretary's list %v %v", list, err)
		}
		// ... and reveals A's numbers, audited.
		got, err := svc.Get(ctx, secA, a1.ID, true)
		if err != nil || got.IDNumber != *inA.IDNumber || got.Phone != "13800138000" || !got.Revealed {
			t.Fatalf("reveal: %+v %v", got, err)
		}
		e := testutil.LastAudit(t, db)
		if e.Action != "member.reveal" || e.EntityID != a1.ID || e.Username != "secA" || e.OrgPath != f.BranchA.Path {
			t.Fatalf("reveal audit %+v", e)
		}
		page, err := svc.List(ctx, secA, member.Filter{Reveal: true, Limit: 1}, false)
		if err != nil || len(page.Items) != 1 || page.Items[0].IDNumber != *inA.IDNumber || page.NextID != a1.ID {
			t.Fatalf("revealed list %+v %v", page, err)
		}
		if n := testutil.AuditCount(t, db, "member.reveal"); n != 2 {
			t.Fatalf("%d reveal entries, want 2", n)
		}
		// Lookup by an exact ID number or phone works on the sealed values.
		found, _ := svc.List(ctx, secA, member.Filter{Query: strings.ToLower(*inA.IDNumber)}, false)
		byPhone, _ := svc.List(ctx, secA, member.Filter{Query: "138-0013-8000"}, false)
		if len(found.Items) != 1 || len(byPhone.Items) != 1 || found.Items[0].ID != a1.ID {
			t.Fatalf("lookup by number: %d %d", len(found.Items), len(byPhone.Items))
		}

		// The auditor reads everything masked and writes nothing.
		got, err = svc.Get(ctx, auditor, b1.ID, false)
		if err != nil || got.Revealed || !strings.Contains(got.IDNumber, "*") {
			t.Fatalf("auditor read %+v %v", got, err)
		}
		before := testutil.AuditCount(t, db, "")
		_, err = svc.Get(ctx, auditor, b1.ID, true)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.List(ctx, auditor, member.Filter{Reveal: true}, false)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Update(ctx, auditor, b1.ID, member.Input{JobTitle: str("x")})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, auditor, f.MemberInput(f.BranchB.ID, "丙", "19900101"))
		testutil.WantCode(t, err, domain.EForbidden)
		if testutil.AuditCount(t, db, "") != before {
			t.Fatal("refused calls were audited")
		}

		// A plain member sees themself only, and may reveal their own numbers.
		list, err = svc.List(ctx, self, member.Filter{}, true)
		if err != nil || !slices.Equal(memberIDs(list.Items), []int64{a1.ID}) || list.Total != 1 {
			t.Fatalf("member's own list %v %v", list, err)
		}
		list, err = svc.List(ctx, self, member.Filter{OrgID: f.BranchA.ID}, false)
		if err != nil || !slices.Equal(memberIDs(list.Items), []int64{a1.ID}) {
			t.Fatalf("member's branch list %v %v", list, err)
		}
		_, err = svc.Get(ctx, self, a2.ID, false)
		testutil.WantCode(t, err, domain.ENotFound)
		if got, err := svc.Get(ctx, self, a1.ID, true); err != nil || got.IDNumber != *inA.IDNumber {
			t.Fatalf("own reveal %v", err)
		}
		_, err = svc.Update(ctx, self, a1.ID, member.Input{JobTitle: str("x")})
		testutil.WantCode(t, err, domain.EForbidden)
		if n := testutil.AuditCount(t, db, ""); n != audits+3 {
			t.Fatalf("%d audit entries, want 3 reveals", n-audits)
		}
	})
}

func TestUpdateEventsAndAudit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc, sys := f.Set.Members, auth.SystemActor()
		in := f.MemberInput(f.BranchA.ID, "张三", "19800101")
		in.GroupID, in.Phone = id(f.GroupA.ID), str("13800138000")
		m, err := svc.Create(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		secA := f.User(t, "secA", 0, testutil.Grant(domain.RoleSecretary, f.CommitteeA.ID))
		audits := testutil.AuditCount(t, db, "")

		if _, err := svc.Update(ctx, secA, m.ID, member.Input{Phone: str("13900139000"), JobTitle: str("工程师"), Name: str("张三")}); err != nil {
			t.Fatal(err)
		}
		events, err := svc.Events(ctx, secA, m.ID, 0, 10)
		if err != nil || len(events) != 2 || events[0].Kind != "updated" || events[1].Kind != "created" || events[0].Actor != "secA" {
			t.Fatalf("events %+v %v", events, err)
		}
		var data struct{ Before, After map[string]any }
		json.Unmarshal([]byte(events[0].Data), &data)
		if keys := slices.Sorted(maps.Keys(data.After)); !slices.Equal(keys, []string{"job_title", "phone"}) {
			t.Fatalf("event records unchanged fields: %v", events[0].Data)
		}
		if data.Before["job_title"] != "" || data.After["job_title"] != "工程师" {
			t.Fatalf("event data %s", events[0].Data)
		}
		e := testutil.LastAudit(t, db)
		if testutil.AuditCount(t, db, "") != audits+1 || e.Action != "member.update" || !strings.Contains(e.Before, "138****8000") ||
			!strings.Contains(e.After, "139****9000") {
			t.Fatalf("update audit %+v", e)
		}

		// A no-op changes nothing; a refused one leaves no trace.
		if _, err := svc.Update(ctx, secA, m.ID, member.Input{JobTitle: str(" 工程师 ")}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Update(ctx, secA, m.ID, member.Input{Phone: str("139"), JobTitle: str("经理")})
		testutil.WantField(t, err, domain.EInvalid, "phone", "err.phone.format")
		// Birth date and gender stay tied to the stored ID number.
		_, err = svc.Update(ctx, secA, m.ID, member.Input{BirthDate: str("1980-01-02")})
		testutil.WantField(t, err, domain.EInvalid, "birth_date", "err.member.birth_date_mismatch")
		_, err = svc.Update(ctx, secA, m.ID, member.Input{Gender: str("female")})
		testutil.WantField(t, err, domain.EInvalid, "gender", "err.member.gender_mismatch")
		if events, _ := svc.Events(ctx, secA, m.ID, 0, 10); len(events) != 2 || testutil.AuditCount(t, db, "") != audits+1 {
			t.Fatalf("no-op or refused updates left %d events", len(events))
		}

		// A move to another branch is a "moved" event and leaves the old branch's group.
		moved, err := svc.Update(ctx, secA, m.ID, member.Input{OrgID: id(f.BranchA2.ID), Positions: &[]string{"secretary"}})
		if err != nil || moved.OrgID != f.BranchA2.ID || moved.GroupID != 0 || moved.OrgPath != f.BranchA2.Path ||
			!slices.Equal(moved.Positions, []string{"secretary"}) {
			t.Fatalf("moved %+v %v", moved, err)
		}
		if events, _ := svc.Events(ctx, secA, m.ID, 0, 10); events[0].Kind != "moved" {
			t.Fatalf("move event %+v", events[0])
		}
		if v, _ := f.Set.Orgs.Get(ctx, sys, f.BranchA2.ID); v.CommitteeSize != 1 || v.MemberCount != 1 {
			t.Fatalf("committee %d members %d in the new branch", v.CommitteeSize, v.MemberCount)
		}
		// A new ID number re-derives birth date and gender.
		newID := testutil.IDNumber("19850505", 2)
		if u, err := svc.Update(ctx, secA, m.ID, member.Input{IDNumber: str(newID)}); err != nil || u.Gender != "female" || u.BirthDate.String() != "1985-05-05" {
			t.Fatalf("new ID number: %+v %v", u, err)
		}

		// Neither the audit log nor the history holds a personal number in clear.
		for _, clear := range []string{*in.IDNumber, newID, "13800138000", "13900139000"} {
			for _, table := range []string{"audit_log", "member_events", "members"} {
				if where := findText(t, db, table, clear); where != "" {
					t.Errorf("%s holds %s in clear: %s", table, clear, where)
				}
			}
		}
	})
}

// findText scans every column of every row of a table for s.
func findText(t *testing.T, db *store.DB, table, s string) string {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			text := fmt.Sprint(v)
			if b, ok := v.([]byte); ok {
				text = string(b)
			}
			if strings.Contains(text, s) {
				return cols[i] + " = " + text
			}
		}
	}
	return ""
}

func memberIDs(ms []domain.Member) []int64 {
	var out []int64
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}
