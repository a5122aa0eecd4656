package store_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// HeldMeetingsUnder returns a meeting's party group (migration 00016), leaves cancelled
// meetings out and takes the UTC instants of a China calendar year; meetings read back with
// their group's name.
func TestHeldMeetingsWithGroups(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var branch, group *domain.Org
		ids := map[string]int64{}
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root := insertOrg(t, q, nil, "root", domain.OrgCommittee)
			branch = insertOrg(t, q, root, "branch", domain.OrgBranch)
			group = insertOrg(t, q, branch, "group", domain.OrgGroup)
			for _, m := range []struct {
				key, status string
				org         *domain.Org
				groupID     int64
				start       time.Time
			}{
				{"planned_for_group", domain.MeetingPlanned, branch, group.ID, time.Date(2026, 3, 31, 23, 30, 0, 0, domain.Shanghai)},
				{"at_group", domain.MeetingPlanned, group, 0, time.Date(2026, 1, 1, 0, 10, 0, 0, domain.Shanghai)},
				{"cancelled", domain.MeetingCancelled, branch, group.ID, time.Date(2026, 5, 1, 9, 0, 0, 0, domain.Shanghai)},
				{"last_year", domain.MeetingPlanned, branch, 0, time.Date(2025, 12, 31, 23, 59, 0, 0, domain.Shanghai)},
			} {
				x := &domain.Meeting{OrgID: m.org.ID, OrgPath: m.org.Path, Kind: domain.MeetingGroup, Title: m.key, StartsAt: m.start,
					EndsAt: m.start.Add(time.Hour), Status: m.status, CheckinCode: "123456", QRKey: "k", GroupID: m.groupID}
				if err := q.InsertMeeting(ctx, x); err != nil {
					return err
				}
				ids[m.key] = x.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, domain.Shanghai)
		rows, err := db.Read().HeldMeetingsUnder(ctx, branch.Path, from, from.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].OrgID != branch.ID || rows[0].GroupID != group.ID || rows[1].OrgID != group.ID || rows[1].GroupID != 0 {
			t.Fatalf("held in 2026: %+v", rows)
		}
		m, err := db.Read().Meeting(ctx, ids["planned_for_group"])
		if err != nil || m.GroupID != group.ID || m.GroupName != "group" {
			t.Fatalf("read back: %+v %v", m, err)
		}
		if m, err := db.Read().Meeting(ctx, ids["last_year"]); err != nil || m.GroupID != 0 || m.GroupName != "" {
			t.Fatalf("no group: %+v %v", m, err)
		}
	})
}

// DeleteRemindersExcept removes the open reminders not named (met since), keeps those named
// and those of periods already ended; OpenReminders names the party group.
func TestDeleteRemindersExcept(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := domain.NewDate(2026, 3, 27)
		var branch, group *domain.Org
		mk := func(kind, period string, groupID int64, ends domain.Date) store.Reminder {
			return store.Reminder{OrgID: branch.ID, OrgPath: branch.Path, Kind: kind, Period: period, GroupID: groupID, Required: 1, EndsOn: ends}
		}
		var keep, drop, ended store.Reminder
		err := db.WriteTx(ctx, func(q *store.Q) error {
			branch = insertOrg(t, q, nil, "branch", domain.OrgBranch)
			group = insertOrg(t, q, branch, "group", domain.OrgGroup)
			keep = mk(domain.MeetingGroup, "2026-03", group.ID, domain.NewDate(2026, 3, 31))
			drop = mk(domain.MeetingPartyDay, "2026-03", 0, domain.NewDate(2026, 3, 31))
			ended = mk(domain.MeetingPartyDay, "2026-02", 0, domain.NewDate(2026, 2, 28))
			for _, r := range []store.Reminder{keep, drop, ended} {
				if err := q.UpsertReminder(ctx, r); err != nil {
					return err
				}
			}
			n, err := q.DeleteRemindersExcept(ctx, today, []store.Reminder{keep})
			if err != nil || n != 1 {
				t.Errorf("removed %d, %v", n, err)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		open, err := db.Read().OpenReminders(ctx, []string{branch.Path}, today)
		if err != nil || len(open) != 1 || open[0].Kind != domain.MeetingGroup || open[0].GroupName != "group" {
			t.Fatalf("open: %+v %v", open, err)
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM reminders WHERE period = '2026-02'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("the ended period's reminder: %d %v", n, err)
		}
	})
}
