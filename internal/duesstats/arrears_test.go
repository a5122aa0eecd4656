package duesstats_test

import (
	"slices"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestConsecutive(t *testing.T) {
	cases := []struct {
		last   string
		unpaid []string
		want   int
	}{
		{"2025-01", nil, 0},
		{"2025-01", []string{"2025-01", "2024-12", "2024-11"}, 3},
		{"2025-01", []string{"2025-01", "2024-12", "2024-10"}, 2},            // 2024-11 paid, exempt or unbilled
		{"2025-01", []string{"2024-12", "2024-11"}, 0},                       // the last billed month was paid
		{"2025-03", []string{"2025-03", "2025-02", "2025-01", "2024-12"}, 4}, // across the new year
		{"2024-12", []string{"2025-01", "2024-12"}, 1},                       // later months are not counted
	}
	for _, c := range cases {
		if got := duesstats.Consecutive(c.last, c.unpaid); got != c.want {
			t.Errorf("Consecutive(%s, %v) = %d, want %d", c.last, c.unpaid, got, c.want)
		}
	}
}

func find(list []duesstats.ArrearsMember, name string) *duesstats.ArrearsMember {
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	return nil
}

// The consecutive count runs back from each member's last billed month up to January 2025:
// across the new year; broken by a paid month, an exempt month or a month without a bill; it
// starts no earlier than a member's first bill (admitted mid-year); the current month's bill
// is not yet overdue. Six consecutive months flag; the flagged come first.
func TestArrears(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := e.f
		six := e.member(t, f.BranchA, "六个月")
		e.bills(t, six, "2024-07", P, U, U, U, U, U, U) // Aug 2024 … Jan 2025: six across the year end
		gap := e.member(t, f.BranchA, "中间缴过")
		e.bills(t, gap, "2024-08", U, U, U, P, U, U)
		exempt := e.member(t, f.BranchA, "免交一月")
		e.bills(t, exempt, "2024-08", U, U, U, X, U, U)
		hole := e.member(t, f.BranchA, "缺一个月")
		e.bills(t, hole, "2024-07", U, U, U, "", U, U, U)
		late := e.member(t, f.BranchA, "年中入党")
		e.bills(t, late, "2024-09", U, U, U, U, U) // admitted in September: five bills, five months
		lastPaid := e.member(t, f.BranchA, "最近已缴")
		e.bills(t, lastPaid, "2024-08", U, U, U, U, U, P)
		current := e.member(t, f.BranchA, "本月未缴")
		e.bills(t, current, "2025-01", P, U) // February 2025 is the current month
		clean := e.member(t, f.BranchA, "全部缴清")
		e.bills(t, clean, "2024-08", P, P, P, P, P, P)
		other := e.member(t, f.BranchB, "乙支部欠缴")
		e.bills(t, other, "2024-07", U, U, U, U, U, U, U)

		ar, err := e.svc.Arrears(e.ctx, e.secA, f.BranchA.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if ar.Through != "2025-01" || ar.Flagged != 1 {
			t.Fatalf("through %s, flagged %d", ar.Through, ar.Flagged)
		}
		want := []struct {
			name        string
			months      int
			consecutive int
			flagged     bool
		}{
			{"六个月", 6, 6, true},
			{"年中入党", 5, 5, false},
			{"缺一个月", 6, 3, false},
			{"中间缴过", 5, 2, false},
			{"免交一月", 5, 2, false},
			{"最近已缴", 5, 0, false},
		}
		var names []string
		for _, m := range ar.Members {
			names = append(names, m.Name)
		}
		wantNames := []string{"六个月", "年中入党", "缺一个月", "中间缴过", "免交一月", "最近已缴"}
		// The store orders by name within equal counts; compare the first three and the set.
		if !slices.Equal(names[:3], wantNames[:3]) || len(names) != len(wantNames) {
			t.Errorf("order: %v, want %v", names, wantNames)
		}
		for _, w := range want {
			m := find(ar.Members, w.name)
			if m == nil {
				t.Errorf("%s is not in arrears", w.name)
				continue
			}
			if len(m.UnpaidMonths) != w.months || m.Consecutive != w.consecutive || m.Flagged != w.flagged || m.Threshold != 6 {
				t.Errorf("%s: %d months %v, consecutive %d, flagged %v, threshold %d; want %d, %d, %v",
					w.name, len(m.UnpaidMonths), m.UnpaidMonths, m.Consecutive, m.Flagged, m.Threshold, w.months, w.consecutive, w.flagged)
			}
			if m.UnpaidFen != int64(w.months)*1000 {
				t.Errorf("%s owes %d fen", w.name, m.UnpaidFen)
			}
		}
		if m := find(ar.Members, "六个月"); m != nil && (m.UnpaidMonths[0] != "2024-08" || m.UnpaidMonths[5] != "2025-01" || m.LastBilledMonth != "2025-01") {
			t.Errorf("six: %+v", m)
		}
		if m := find(ar.Members, "免交一月"); m != nil && slices.Contains(m.UnpaidMonths, "2024-11") {
			t.Error("an exempt month is not unpaid")
		}
		for _, name := range []string{"本月未缴", "全部缴清", "乙支部欠缴"} {
			if find(ar.Members, name) != nil {
				t.Errorf("%s is listed in 甲一支部's arrears", name)
			}
		}

		// Through December 2024 the six-month member has five; through February the current
		// month counts and the member who paid last month is still at zero.
		dec, err := e.svc.Arrears(e.ctx, e.secA, f.BranchA.ID, "2024-12")
		if err != nil {
			t.Fatal(err)
		}
		if m := find(dec.Members, "六个月"); m == nil || m.Consecutive != 5 || m.Flagged {
			t.Errorf("through December: %+v", m)
		}
		feb, err := e.svc.Arrears(e.ctx, e.secA, f.BranchA.ID, "2025-02")
		if err != nil {
			t.Fatal(err)
		}
		if m := find(feb.Members, "本月未缴"); m == nil || m.Consecutive != 1 {
			t.Errorf("through February: %+v", m)
		}

		// The committee sees both branches' members; a secretary of 甲一支部 neither 乙支部 nor
		// the committee (404); a bad month is invalid.
		com, err := e.svc.Arrears(e.ctx, auth.SystemActor(), f.Region.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if com.Flagged != 2 || find(com.Members, "乙支部欠缴") == nil {
			t.Errorf("region: flagged %d", com.Flagged)
		}
		for _, org := range []int64{f.BranchB.ID, f.CommitteeA.ID, 999999} {
			if _, err := e.svc.Arrears(e.ctx, e.secA, org, ""); code(err) != domain.ENotFound {
				t.Errorf("secretary of A on org %d: %v", org, err)
			}
		}
		if _, err := e.svc.Arrears(e.ctx, e.secA, f.BranchA.ID, "2025-13"); code(err) != domain.EInvalid {
			t.Errorf("month 2025-13: %v", err)
		}
	})
}

// The threshold is rule dues.arrears of the member's organisation in force on the first day
// after the month counted: from February 2025 甲一支部 flags at 3 months, before that at 6.
func TestArrearsThresholdRule(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m := e.member(t, e.f.BranchA, "三个月")
		e.bills(t, m, "2024-11", U, U, U)
		other := e.member(t, e.f.BranchA2, "甲二三个月")
		e.bills(t, other, "2024-11", U, U, U)
		err := db.WriteTx(e.ctx, func(q *store.Q) error {
			return q.InsertRule(e.ctx, duesstats.RuleArrears, e.f.BranchA.ID, duesstats.ArrearsRule{Months: 3},
				domain.NewDate(2025, 2, 1), "test", "t")
		})
		if err != nil {
			t.Fatal(err)
		}
		ar, err := e.svc.Arrears(e.ctx, auth.SystemActor(), e.f.CommitteeA.ID, "2025-01")
		if err != nil {
			t.Fatal(err)
		}
		if x := find(ar.Members, "三个月"); x == nil || !x.Flagged || x.Threshold != 3 {
			t.Errorf("甲一支部 from February: %+v", x)
		}
		if x := find(ar.Members, "甲二三个月"); x == nil || x.Flagged || x.Threshold != 6 {
			t.Errorf("甲二支部 keeps the shipped rule: %+v", x)
		}
		ar, err = e.svc.Arrears(e.ctx, auth.SystemActor(), e.f.CommitteeA.ID, "2024-12")
		if err != nil {
			t.Fatal(err)
		}
		if x := find(ar.Members, "三个月"); x == nil || x.Flagged || x.Threshold != 6 {
			t.Errorf("through December the rule of its time applies: %+v", x)
		}
	})
}

// A secretary records what the branch decided about a flagged member: audited, shown on the
// arrears list; readers who may not manage and members outside the scope get 403 (a write),
// a member that does not exist 404.
func TestRecordNote(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m := e.member(t, e.f.BranchA, "谈话对象")
		e.bills(t, m, "2024-08", U, U, U, U, U, U)
		b := e.member(t, e.f.BranchB, "乙支部党员")
		n, err := e.svc.RecordNote(e.ctx, e.secA, duesstats.NoteInput{MemberID: m.ID, Decision: duesstats.DecisionContacted, Note: " 已谈话，承诺补缴 "})
		if err != nil {
			t.Fatal(err)
		}
		if n.Streak != 6 || n.Note != "已谈话，承诺补缴" || n.CreatedByName != "sec_a" {
			t.Errorf("note: %+v", n)
		}
		ar, err := e.svc.Arrears(e.ctx, e.secA, e.f.BranchA.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if x := find(ar.Members, "谈话对象"); x == nil || x.LastNote == nil || x.LastNote.ID != n.ID || x.LastNote.Decision != duesstats.DecisionContacted {
			t.Errorf("arrears without the note: %+v", x)
		}
		entries, err := db.Read().Audit(e.ctx, store.AuditFilter{Scopes: []string{"/"}, Action: "dues.arrears_note", Limit: 10})
		if err != nil || len(entries) != 1 || entries[0].EntityID != m.ID {
			t.Errorf("audit: %+v, %v", entries, err)
		}
		checks := []struct {
			a    *auth.Actor
			in   duesstats.NoteInput
			want string
		}{
			{e.audA, duesstats.NoteInput{MemberID: m.ID, Decision: duesstats.DecisionContacted}, domain.EForbidden},
			{e.secA, duesstats.NoteInput{MemberID: b.ID, Decision: duesstats.DecisionContacted}, domain.EForbidden},
			{e.secA, duesstats.NoteInput{MemberID: 999999, Decision: duesstats.DecisionContacted}, domain.ENotFound},
			{e.secA, duesstats.NoteInput{MemberID: m.ID, Decision: "expel"}, domain.EInvalid},
			{e.secA, duesstats.NoteInput{MemberID: m.ID, Decision: duesstats.DecisionGoodReason}, domain.EInvalid},
		}
		for i, c := range checks {
			if _, err := e.svc.RecordNote(e.ctx, c.a, c.in); code(err) != c.want {
				t.Errorf("check %d: %v, want %s", i, err, c.want)
			}
		}
		notes, err := e.svc.Notes(e.ctx, e.audA, m.ID)
		if err != nil || len(notes) != 1 {
			t.Errorf("notes: %+v, %v", notes, err)
		}
		if _, err := e.svc.Notes(e.ctx, e.secA, b.ID); code(err) != domain.ENotFound {
			t.Errorf("notes of B's member: %v", err)
		}
	})
}
