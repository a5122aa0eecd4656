package store_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// backfill returns the UPDATE statements of migration 00008's Up section for the engine:
// the part that turns the records of before the migration into departures.
func backfill(t *testing.T, engine string) []string {
	t.Helper()
	b, err := os.ReadFile("migrations/" + engine + "/00008_member_left.sql")
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(string(b), "-- +goose Down")
	var out []string
	for _, stmt := range strings.Split(up, ";") {
		var lines []string
		for _, l := range strings.Split(stmt, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		if s := strings.TrimSpace(strings.Join(lines, "\n")); strings.HasPrefix(s, "UPDATE") {
			out = append(out, s)
		}
	}
	if len(out) != 3 {
		t.Fatalf("%d backfill statements", len(out))
	}
	return out
}

// A probation cancelled before 00008 was stored as an expulsion, and a member transferred
// out of the system stayed on the roster: the migration makes both departures and leaves a
// real expulsion and a transfer inside the system alone.
func TestMigrationBackfillsDepartures(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var cancelled, expelled, outside, inside *store.MemberRecord
		err := db.WriteTx(ctx, func(q *store.Q) error {
			region := insertOrg(t, q, nil, "区委", domain.OrgRegion)
			branch := insertOrg(t, q, region, "支部", domain.OrgBranch)
			cancelled = insertMember(t, q, branch, "取消")
			expelled = insertMember(t, q, branch, "开除")
			outside = insertMember(t, q, branch, "转出")
			inside = insertMember(t, q, branch, "系统内")
			for _, r := range []*store.MemberRecord{cancelled, expelled} {
				r.Standing = domain.StandingExpelled
				if err := q.UpdateMember(ctx, r); err != nil {
					return err
				}
			}
			for _, c := range []store.StandingChange{
				{MemberID: cancelled.ID, Action: "lost_contact", FromStanding: "normal", ToStanding: "normal", EffectiveOn: domain.NewDate(2024, 1, 2)},
				{MemberID: cancelled.ID, Action: "cancel_probation", FromStanding: "normal", ToStanding: "expelled", EffectiveOn: domain.NewDate(2024, 2, 3)},
				{MemberID: expelled.ID, Action: "expel", FromStanding: "suspended", ToStanding: "expelled", EffectiveOn: domain.NewDate(2024, 2, 4)},
			} {
				if err := q.InsertStandingChange(ctx, &c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		raw := db.SQL()
		now := time.Now().UTC()
		for _, tr := range []struct {
			m            *store.MemberRecord
			kind, status string
			receipt      any
		}{
			{outside, "outside", "completed", "2024-03-05"},
			{inside, "system", "completed", "2024-03-06"},
		} {
			_, err := raw.ExecContext(ctx, `INSERT INTO transfers (kind, status, member_id, member_name, issued_on, receipt_on,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, tr.kind, tr.status, tr.m.ID, tr.m.Name, "2024-03-01", tr.receipt, now)
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, stmt := range backfill(t, db.Engine) {
			if _, err := raw.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%v\n%s", err, stmt)
			}
		}
		q := db.Read()
		for _, c := range []struct {
			r                 *store.MemberRecord
			standing, on, why string
		}{
			{cancelled, "normal", "2024-02-03", domain.LeftProbationCancelled},
			{expelled, "expelled", "", ""},
			{outside, "normal", "2024-03-05", domain.LeftTransferredOut},
			{inside, "normal", "", ""},
		} {
			got, err := q.Member(ctx, c.r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Standing != c.standing || got.LeftOn.String() != c.on || got.LeftReason != c.why {
				t.Errorf("%s: standing %s, left %q %q", got.Name, got.Standing, got.LeftOn, got.LeftReason)
			}
		}
		changes, err := q.MemberStandingChanges(ctx, cancelled.ID, 0, 5)
		if err != nil || changes[0].Action != "cancel_probation" || changes[0].ToStanding != "normal" {
			t.Fatalf("cancellation's standing change %v %+v", err, changes)
		}
	})
}
