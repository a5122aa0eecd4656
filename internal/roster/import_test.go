package roster_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// The acceptance scenario: a 10,000-row file with 3 bad rows imports nothing and
// reports exactly those rows and fields; the fixed file imports 10,000; importing it again
// changes nothing; one changed row is one update with one event.
func TestImportTenThousand(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sys := auth.SystemActor()
		const n = 10_000
		bad := func(i int, rec []string) {
			switch i {
			case 99: // row 101: wrong check character
				id := []byte(rec[1])
				id[17] = map[bool]byte{true: '1', false: '0'}[id[17] == '0']
				rec[1] = string(id)
			case 4999: // row 5001: not a mobile number
				rec[2] = "12345"
			case 9998: // row 10000: a branch that does not exist
				rec[4] = "不存在支部"
			}
		}
		want := []string{"101 id_number 公民身份号码 err.id_number.checksum", "5001 phone 手机号码 err.phone.format",
			"10000 org 所在党支部 roster.org.not_found"}
		for _, dry := range []bool{true, false} {
			st := e.importFile(t, sys, e.Region.ID, csvBytes(n, bad), dry)
			var got []string
			for _, er := range st.Errors {
				got = append(got, fmt.Sprintf("%d %s %s %s", er.Row, er.Field, er.Column, er.Message))
			}
			if !slices.Equal(got, want) || st.ErrorCount != 3 {
				t.Fatalf("dry=%v errors:\n got %v\nwant %v", dry, got, want)
			}
			wantStatus := "failed"
			if dry {
				wantStatus = "done"
			}
			if st.Status != wantStatus || st.TotalRows != n {
				t.Fatalf("dry=%v: status %s total %d error %s", dry, st.Status, st.TotalRows, st.Error)
			}
			if c := countRows(t, db, `SELECT COUNT(*) FROM members`); c != 0 {
				t.Fatalf("dry=%v: %d members written", dry, c)
			}
		}

		fixed := csvBytes(n, nil)
		dry := e.importFile(t, sys, e.Region.ID, fixed, true)
		if dry.Status != "done" || dry.Imported != n || dry.ErrorCount != 0 || countRows(t, db, `SELECT COUNT(*) FROM members`) != 0 {
			t.Fatalf("dry run of the fixed file: %+v", dry)
		}
		st := e.importFile(t, sys, e.Region.ID, fixed, false)
		if st.Status != "done" || st.Imported != n || st.Updated != 0 || st.ErrorCount != 0 || st.ProcessedRows != n {
			t.Fatalf("fixed file: %+v", st)
		}
		if c := countRows(t, db, `SELECT COUNT(*) FROM members WHERE org_id = $1`, e.BranchA.ID); c != n {
			t.Fatalf("%d members in the branch", c)
		}
		if c := countRows(t, db, `SELECT COUNT(*) FROM members WHERE group_id = $1`, e.GroupA.ID); c != (n+2)/3 {
			t.Fatalf("%d members in the group", c)
		}
		events := countRows(t, db, `SELECT COUNT(*) FROM member_events`)
		audits := countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'member.%'`)
		if events != n || audits != n+1 {
			t.Fatalf("events %d, audit entries %d", events, audits)
		}
		// A member imported looks like one created through the form.
		list, err := e.Set.Members.List(context.Background(), sys, member.Filter{Query: idFor(7), Reveal: true}, false)
		if err != nil || len(list.Items) != 1 {
			t.Fatalf("lookup: %v %v", list, err)
		}
		m := list.Items[0]
		if m.Name != "党员00007" || m.Phone != "13900000007" || m.Gender != "male" || m.Education != "bachelor" ||
			m.Category != domain.CategoryFull || m.FullMemberOn.IsZero() || m.Standing != domain.StandingNormal {
			t.Fatalf("imported member: %+v", m)
		}

		again := e.importFile(t, sys, e.Region.ID, fixed, false)
		if again.Status != "done" || again.Imported != 0 || again.Updated != 0 || again.Unchanged != n {
			t.Fatalf("re-import: %+v", again)
		}
		if countRows(t, db, `SELECT COUNT(*) FROM member_events`) != events ||
			countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action IN ('member.create', 'member.update')`) != n {
			t.Fatal("re-import wrote events or audit entries")
		}

		changed := csvBytes(n, func(i int, rec []string) {
			if i == 7 {
				rec[0] = "改名党员"
				rec[5] = "" // leaves the group
			}
		})
		one := e.importFile(t, sys, e.Region.ID, changed, false)
		if one.Status != "done" || one.Updated != 1 || one.Unchanged != n-1 || one.Imported != 0 {
			t.Fatalf("one change: %+v", one)
		}
		evs, err := e.Set.Members.Events(context.Background(), sys, m.ID, 0, 10)
		if err != nil || len(evs) != 2 || evs[0].Kind != "updated" {
			t.Fatalf("events: %+v %v", evs, err)
		}
		got, _ := e.Set.Members.Get(context.Background(), sys, m.ID, false)
		if got.Name != "改名党员" || got.GroupID != 0 {
			t.Fatalf("after update: %+v", got)
		}
		if c := countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'member.update' AND entity_id = $1`, m.ID); c != 1 {
			t.Fatalf("%d update audit entries", c)
		}
	})
}

func TestImportRowRules(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		outsider := e.Member(t, e.BranchB.ID, "乙某", "19800101")
		outsiderID, _ := e.Set.Members.Get(ctx, auth.SystemActor(), outsider.ID, true)
		secretary := e.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, e.CommitteeA.ID))
		rows := csvBytes(8, func(i int, rec []string) {
			switch i {
			case 1: // row 3 repeats row 6's ID number
				rec[1] = idFor(4)
			case 2: // row 4: a branch outside the secretary's scope
				rec[4] = "乙支部"
			case 3: // row 5: the ID number of a member the secretary may not see
				rec[1] = outsiderID.IDNumber
			case 5: // row 7: joined before 18, unknown group, bad yes/no
				rec[7], rec[5], rec[9] = "1961-01-01", "不存在小组", "也许"
			case 6: // row 8: a committee is no branch
				rec[4] = "甲党委"
			case 7: // row 9: a probationary member with a full-member date; missing name
				rec[6], rec[0] = "预备党员", ""
			}
		})
		st := e.importFile(t, secretary, e.CommitteeA.ID, rows, true)
		var got []string
		for _, er := range st.Errors {
			got = append(got, fmt.Sprintf("%d %s %s", er.Row, er.Field, er.Message))
		}
		want := []string{
			"3 id_number roster.id_number.duplicate_in_file",
			"4 org roster.org.not_found",
			"5 id_number roster.id_number.unavailable",
			"6 id_number roster.id_number.duplicate_in_file",
			"7 group roster.group.not_found",
			"7 joined_on err.member.joined_under_18",
			"7 floating roster.cell.yes_no",
			"8 org err.member.org_not_branch",
			"9 name err.required",
			"9 full_member_on err.member.probationary_full_date",
		}
		if !slices.Equal(got, want) {
			t.Fatalf("errors:\n got %q\nwant %q", got, want)
		}
		if st.Errors[0].Args[0] != float64(6) || st.Errors[3].Args[0] != float64(3) {
			t.Fatalf("duplicates should name each other: %+v %+v", st.Errors[0], st.Errors[3])
		}
		// The status is the starter's (and admins'); someone else sees nothing.
		other := e.User(t, "other", 0, testutil.Grant(domain.RoleSecretary, e.CommitteeA.ID))
		if _, err := e.svc.Import(ctx, other, st.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("another user read the import: %v", err)
		}
		// A reader without write rights cannot start one.
		auditor := e.User(t, "aud", 0, testutil.Grant(domain.RoleAuditor, e.Region.ID))
		_, err := e.svc.StartImport(ctx, auditor, roster_req(e.Region.ID, rows))
		if domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("auditor import: %v", err)
		}
	})
}
