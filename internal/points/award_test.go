package points_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Caps per day, week (from Monday), month and quarter, by the day it happened.
func TestCapsPerPeriod(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "CAP", Points: pts("3"),
			Caps: domain.Caps{Day: ptr("5"), Week: ptr("8"), Quarter: ptr("12")}})
		steps := []struct {
			day, want string
			capped    bool
		}{
			{"2024-03-04", "3", false}, // Monday
			{"2024-03-04", "2", true},  // day cap 5
			{"2024-03-10", "3", false}, // Sunday, same week: 8
			{"2024-03-10", "0", true},  // week full
			{"2024-03-11", "3", false}, // Monday: a new week; quarter at 11
			{"2024-03-12", "1", true},  // quarter cap 12
			{"2024-03-31", "0", true},  // quarter full to its last day
			{"2024-04-01", "3", false}, // a new quarter
		}
		for _, s := range steps {
			r := e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", s.day)
			if r.PointsAwarded != pts(s.want) || r.Capped != s.capped || r.PointsRequested != pts("3") {
				t.Fatalf("%s: got %+v, want %s capped %v", s.day, r, s.want, s.capped)
			}
		}
		// Caps are per subject: another member has room.
		wantPoints(t, "m2", e.award(e.admin, ind, domain.SubjectMember, e.m2.ID, "1", "2024-03-04").PointsAwarded, "3")
		// A reversal frees the room it took.
		list := e.entries(domain.SubjectMember, e.m1.ID)
		last := list[0] // 2024-04-01
		if _, err := e.s.Reverse(e.ctx, e.admin, last.ID, "录入错误"); err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "after reversal", e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "2", "2024-04-02").PointsAwarded, "5")
		wantPoints(t, "m1 total", e.account(domain.SubjectMember, e.m1.ID, 2024).Appraisal.Total, "17")
		e.clean()
	})
}

// The day of an event is Beijing's: 17:00 UTC on 31 March is 1 April in China, a new quarter.
func TestEventDayIsChinaCalendar(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.s.Now = func() time.Time { return time.Date(2024, time.March, 31, 17, 0, 0, 0, time.UTC) }
		ind := e.indicator(points.IndicatorInput{Code: "ATTEND", Points: pts("2"), Caps: domain.Caps{Quarter: ptr("2")}})
		first := e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", "2024-03-31")
		if first.Capped {
			t.Fatal("first award capped")
		}
		r, err := e.s.AwardEvent(e.ctx, points.EventAward{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID,
			IndicatorCode: "ATTEND", DedupKey: "meeting:1:attend", Source: "meeting", Ref: "1"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Capped || r.PointsAwarded != pts("2") {
			t.Fatalf("event on 1 April (Beijing) fell into Q1: %+v", r)
		}
		en, _ := e.s.Entry(e.ctx, e.admin, r.EntryID)
		if en.OccurredOn.String() != "2024-04-01" || en.SourceRef != "meeting:1" || en.Source != domain.SourceEvent {
			t.Fatalf("entry: %+v", en)
		}
	})
}

// The same event never scores twice; AwardForEvent runs inside the caller's transaction.
func TestAwardForEventDedupAndTransaction(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.indicator(points.IndicatorInput{Code: "STUDY", Category: domain.CategoryExperience, Points: pts("1.5")})
		ev := points.EventAward{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID, IndicatorCode: "STUDY",
			OccurredOn: domain.NewDate(2024, time.May, 5), DedupKey: "study:course-9:done", Source: "study", Ref: "course-9"}
		first, err := e.s.AwardEvent(e.ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		again, err := e.s.AwardEvent(e.ctx, ev)
		if err != nil || !again.Duplicate || again.EntryID != first.EntryID {
			t.Fatalf("second call: %+v %v", again, err)
		}
		if n := len(e.entries(domain.SubjectMember, e.m1.ID)); n != 1 {
			t.Fatalf("%d entries", n)
		}

		// Inside the caller's transaction: an unknown code is ErrNoIndicator and the
		// transaction goes on; a rollback takes the points with it.
		boom := errors.New("attendance failed")
		err = db.WriteTx(e.ctx, func(q *store.Q) error {
			_, err := e.s.AwardForEvent(e.ctx, q, points.EventAward{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID,
				IndicatorCode: "NOPE", DedupKey: "x:1"})
			if !errors.Is(err, points.ErrNoIndicator) {
				t.Errorf("unknown code: %v", err)
			}
			ev2 := ev
			ev2.DedupKey = "study:course-10:done"
			if _, err := e.s.AwardForEvent(e.ctx, q, ev2); err != nil {
				t.Errorf("after ErrNoIndicator: %v", err)
			}
			return boom
		})
		if err != boom {
			t.Fatal(err)
		}
		if n := len(e.entries(domain.SubjectMember, e.m1.ID)); n != 1 {
			t.Fatalf("rolled-back award stayed: %d entries", n)
		}
		// A batch locks subjects in order and skips subjects without the item.
		res, err := func() ([]*points.AwardResult, error) {
			var out []*points.AwardResult
			err := db.WriteTx(e.ctx, func(q *store.Q) error {
				var err error
				out, err = e.s.AwardForEvents(e.ctx, q, []points.EventAward{
					{SubjectType: domain.SubjectMember, SubjectID: e.m2.ID, IndicatorCode: "STUDY", DedupKey: "m:7", OccurredOn: ev.OccurredOn},
					{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID, IndicatorCode: "STUDY", DedupKey: "m:7", OccurredOn: ev.OccurredOn},
					{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID, IndicatorCode: "NOPE", DedupKey: "m:8", OccurredOn: ev.OccurredOn},
				})
				return err
			})
			return out, err
		}()
		if err != nil || res[0] == nil || res[1] == nil || res[2] != nil || res[0].EntryID == res[1].EntryID {
			t.Fatalf("batch: %+v %v", res, err)
		}
		if testutil.AuditCount(t, db, "points.event") != 3 {
			t.Errorf("events audited: %d", testutil.AuditCount(t, db, "points.event"))
		}
		e.clean()
	})
}

// Idempotency-Key: the same key and body return the first response; another body conflicts.
func TestAwardIdempotencyKey(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "IDEM", Points: pts("4"), Caps: domain.Caps{Day: ptr("6")}})
		in := points.AwardInput{IndicatorID: ind.ID, SubjectType: domain.SubjectMember, SubjectID: e.m1.ID, Quantity: pts("1"),
			OccurredOn: "2024-05-05", IdempotencyKey: "k-1"}
		first, err := e.s.Award(e.ctx, e.sec, in)
		if err != nil || first.Replayed {
			t.Fatal(first, err)
		}
		second, err := e.s.Award(e.ctx, e.sec, in)
		if err != nil || !second.Replayed || second.EntryID != first.EntryID || second.PointsAwarded != first.PointsAwarded {
			t.Fatalf("replay: %+v %v", second, err)
		}
		in.Quantity = pts("2")
		_, err = e.s.Award(e.ctx, e.sec, in)
		testutil.WantCode(t, err, domain.EConflict)
		// Keys are per user: another user's "k-1" is another request.
		in.Quantity = pts("1")
		other, err := e.s.Award(e.ctx, e.committee, in)
		if err != nil || other.EntryID == first.EntryID || !other.Capped || other.PointsAwarded != pts("2") {
			t.Fatalf("other user's key: %+v %v", other, err)
		}
		// A failed request does not burn its key.
		bad := in
		bad.IdempotencyKey, bad.OccurredOn = "k-2", "2030-01-01"
		_, err = e.s.Award(e.ctx, e.sec, bad)
		testutil.WantCode(t, err, domain.EInvalid)
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM idempotency_keys`).Scan(&n)
		if n != 2 {
			t.Fatalf("%d keys stored", n)
		}
		if len(e.entries(domain.SubjectMember, e.m1.ID)) != 2 {
			t.Fatal("replay posted again")
		}
		// The member cannot award, nor can a role the item does not name.
		_, err = e.s.Award(e.ctx, e.member, in)
		testutil.WantCode(t, err, domain.EForbidden)
		narrow := e.indicator(points.IndicatorInput{Code: "SEC-ONLY", Points: pts("1"), AwardRoles: []string{domain.RoleSecretary}})
		_, err = e.s.Award(e.ctx, e.committee, points.AwardInput{IndicatorID: narrow.ID, SubjectType: domain.SubjectMember,
			SubjectID: e.m1.ID, OccurredOn: "2024-05-05"})
		testutil.WantCode(t, err, domain.EForbidden)
		e.award(e.sec, narrow, domain.SubjectMember, e.m1.ID, "1", "2024-05-05")
		_, err = e.s.Award(e.ctx, e.secB, points.AwardInput{IndicatorID: narrow.ID, SubjectType: domain.SubjectMember,
			SubjectID: e.m1.ID, OccurredOn: "2024-05-05"})
		testutil.WantCode(t, err, domain.EForbidden)
		e.clean()
	})
}

// Reversals debit both accounts as credited, stop the reward debit at the balance, and
// restore totals, vetoes and stars.
func TestReversals(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		ind := e.indicator(points.IndicatorInput{Code: "GOOD", Category: domain.CategoryExperience, Points: pts("10")})
		r := e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", "2024-05-01")
		// Spend 8 of the 10 reward points (a redemption hold).
		err := db.WriteTx(ctx, func(q *store.Q) error {
			_, err := e.s.PostReward(ctx, q, points.RewardPosting{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID,
				Amount: -pts("8"), Source: domain.SourceHold, SourceRef: "redemption:1", DedupKey: "redemption:1:hold"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Reverse(ctx, e.member, r.EntryID, "错误")
		testutil.WantCode(t, err, domain.EForbidden)
		rev, err := e.s.Reverse(ctx, e.sec, r.EntryID, "重复录入")
		if err != nil {
			t.Fatal(err)
		}
		if rev.Appraisal != -pts("10") || rev.Reward != -pts("2") || rev.RewardAfter != 0 || rev.AppraisalAfter != 0 || rev.ReversesID != r.EntryID {
			t.Fatalf("reversal: %+v", rev)
		}
		_, err = e.s.Reverse(ctx, e.sec, r.EntryID, "again")
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.Reverse(ctx, e.sec, rev.ID, "undo the undo")
		testutil.WantCode(t, err, domain.EConflict)
		v := e.account(domain.SubjectMember, e.m1.ID, 2024)
		if v.Appraisal.Total != 0 || v.RewardBalance != 0 {
			t.Fatalf("after reversal: %+v", v)
		}

		// A deduction debits the reward as far as it goes; its reversal credits it back.
		e.award(e.admin, ind, domain.SubjectMember, e.m2.ID, "1", "2024-05-01")
		ded := e.indicator(points.IndicatorInput{Code: "LATE", Category: domain.CategoryExperience, Points: pts("3"), Deduction: true})
		d := e.award(e.admin, ded, domain.SubjectMember, e.m2.ID, "1", "2024-05-02")
		wantPoints(t, "deduction", d.PointsAwarded, "-3")
		wantPoints(t, "m2 after deduction", e.account(domain.SubjectMember, e.m2.ID, 2024).RewardBalance, "7")
		if _, err := e.s.Reverse(ctx, e.sec, d.EntryID, "请假已批准"); err != nil {
			t.Fatal(err)
		}
		v2 := e.account(domain.SubjectMember, e.m2.ID, 2024)
		wantPoints(t, "m2 appraisal", v2.Appraisal.Total, "10")
		wantPoints(t, "m2 reward", v2.RewardBalance, "10")

		// A veto caps the stars until it is reversed.
		big := e.indicator(points.IndicatorInput{Code: "BIG", Category: domain.CategoryActivity, Points: pts("30"), AppraisalOnly: true})
		for _, c := range []string{domain.CategoryContribution} {
			con := e.indicator(points.IndicatorInput{Code: "CON", Category: c, Points: pts("30")})
			e.award(e.admin, con, domain.SubjectMember, e.m2.ID, "1", "2024-05-03")
		}
		e.award(e.admin, big, domain.SubjectMember, e.m2.ID, "1", "2024-05-03")
		if v := e.account(domain.SubjectMember, e.m2.ID, 2024); v.Appraisal.Composite != pts("70") || v.Stars != 2 || v.RewardBalance != pts("40") {
			t.Fatalf("before veto: %+v", v)
		}
		veto := e.indicator(points.IndicatorInput{Code: "VETO", Category: domain.CategoryActivity, Points: pts("0.1"), Deduction: true, Veto: true})
		vr := e.award(e.admin, veto, domain.SubjectMember, e.m2.ID, "1", "2024-05-04")
		if v := e.account(domain.SubjectMember, e.m2.ID, 2024); v.Stars != 0 || v.Vetoes != 1 {
			t.Fatalf("veto: %+v", v)
		}
		if _, err := e.s.Reverse(ctx, e.admin, vr.EntryID, "申诉成立"); err != nil {
			t.Fatal(err)
		}
		if v := e.account(domain.SubjectMember, e.m2.ID, 2024); v.Stars != 2 || v.Vetoes != 0 {
			t.Fatalf("veto reversed: %+v", v)
		}
		if testutil.AuditCount(t, db, "points.reverse") != 3 {
			t.Error("reversals not audited")
		}
		e.clean()
	})
}

// Reward-only postings: holds never exceed the balance, never touch the appraisal score, and
// a de-duplication key makes them happen once.
func TestPostReward(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "R", Points: pts("5")})
		e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", "2024-05-01")
		post := func(amount, source, key string) (*domain.PointEntry, error) {
			var out *domain.PointEntry
			err := db.WriteTx(e.ctx, func(q *store.Q) error {
				var err error
				out, err = e.s.PostReward(e.ctx, q, points.RewardPosting{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID,
					Amount: pts(amount), Source: source, SourceRef: key, DedupKey: key})
				return err
			})
			return out, err
		}
		_, err := post("-5.1", domain.SourceHold, "h1")
		testutil.WantCode(t, err, domain.EInsufficientBalance)
		h, err := post("-5", domain.SourceHold, "h1")
		if err != nil || h.RewardAfter != 0 || h.Appraisal != 0 {
			t.Fatalf("hold: %+v %v", h, err)
		}
		again, err := post("-5", domain.SourceHold, "h1")
		if err != nil || again.ID != h.ID {
			t.Fatalf("same key again: %+v %v", again, err)
		}
		if _, err := post("5", domain.SourceRelease, "r1"); err != nil {
			t.Fatal(err)
		}
		_, err = post("1", domain.SourceAward, "x")
		testutil.WantField(t, err, domain.EInvalid, "source", "err.choice")
		_, err = e.s.Reverse(e.ctx, e.admin, h.ID, "no")
		testutil.WantCode(t, err, domain.EConflict)
		v := e.account(domain.SubjectMember, e.m1.ID, 2024)
		wantPoints(t, "appraisal", v.Appraisal.Total, "5")
		wantPoints(t, "reward", v.RewardBalance, "5")
		e.clean()
	})
}
