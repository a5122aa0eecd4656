package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/services"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
	"dangjian/internal/transfer"
)

// TestLifecycle checks what the demo's lifecycle pages show on the day it is loaded:
// applicants at every stage with exactly the two overdue steps made on purpose and
// something due this month, transfers in every kind and state with the overdue letter,
// the floating registers with the one missing report, and the standing changes.
func TestLifecycle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set := newSet(t, db)
		res, err := Load(ctx, set, Options{})
		if err != nil {
			t.Fatal(err)
		}
		sys := auth.SystemActor()
		today := set.Orgs.Today()
		thisMonth := month(today)
		tree, err := set.Orgs.Tree(ctx, sys)
		if err != nil {
			t.Fatal(err)
		}
		ent, _ := under(t, tree, EnterpriseName)
		dist, _ := under(t, tree, DistrictName)

		t.Run("development", func(t *testing.T) {
			list, _, err := set.Development.List(ctx, sys, development.Filter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != res.Applicants || len(list) < 40 || len(list) > 60 {
				t.Errorf("%d applicants listed, %d loaded, want 40 to 60", len(list), res.Applicants)
			}
			stages, statuses := map[int]int{}, map[string]int{}
			extended := 0
			for _, v := range list {
				stages[v.Stage]++
				statuses[v.Status]++
				if v.ExtensionMonths > 0 {
					extended++
				}
			}
			for s := 1; s <= domain.DevStages; s++ {
				if stages[s] == 0 {
					t.Errorf("no applicant at stage %d: %v", s, stages)
				}
			}
			for _, s := range []string{domain.ApplicantActive, domain.ApplicantProbationary, domain.ApplicantFull, domain.ApplicantWithdrawn} {
				if statuses[s] == 0 {
					t.Errorf("no applicant with status %s: %v", s, statuses)
				}
			}
			if extended != 1 {
				t.Errorf("%d probations extended, want 1", extended)
			}
			checkDue(t, set, ent.ID, dist.ID, today)
			// The demo secretary's branch has applicants to show.
			branch := findOrg(t, tree, ent, "智慧环保事业部党支部")
			mine, _, err := set.Development.List(ctx, sys, development.Filter{OrgID: branch})
			if err != nil || len(mine) == 0 {
				t.Errorf("no applicants in the demo secretary's branch: %v", err)
			}
		})

		t.Run("transfers", func(t *testing.T) {
			list, _, err := set.Transfers.List(ctx, sys, transfer.Filter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != res.Transfers {
				t.Errorf("%d transfers listed, %d loaded", len(list), res.Transfers)
			}
			kinds, states := map[string]int{}, map[string]int{}
			var overdue, missing []string
			for _, x := range list {
				kinds[x.Kind]++
				states[x.Kind+"/"+x.Status]++
				if x.LetterOverdue {
					overdue = append(overdue, x.Kind+"/"+x.Status)
				}
				if x.ReceiptMissing {
					missing = append(missing, x.Kind+"/"+x.Status)
				}
			}
			for _, want := range []string{"internal/completed", "system/pending", "system/accepted", "system/completed",
				"system/rejected", "outside/pending", "outside/completed", "in/accepted", "in/completed"} {
				if states[want] == 0 {
					t.Errorf("no transfer %s: %v", want, states)
				}
			}
			if len(overdue) != 1 || overdue[0] != "outside/pending" {
				t.Errorf("overdue letters %v, want the one sent outside", overdue)
			}
			if !domain.Contains(missing, "system/accepted") {
				t.Errorf("missing receipts %v, want the accepted one in the system", missing)
			}
		})

		t.Run("floating", func(t *testing.T) {
			all, _, err := set.Transfers.ListFloating(ctx, sys, transfer.FloatingFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != res.Floating {
				t.Errorf("%d register entries listed, %d loaded", len(all), res.Floating)
			}
			out, in, ended, lost := 0, 0, 0, 0
			for _, f := range all {
				switch f.Direction {
				case domain.FloatingOut:
					out++
					m, err := set.Members.Get(ctx, sys, f.MemberID, false)
					if err != nil {
						t.Fatal(err)
					}
					if m.Floating != f.EndedOn.IsZero() {
						t.Errorf("%s: floating flag %v, entry ended %s", m.Name, m.Floating, f.EndedOn)
					}
					if m.LostContact {
						lost++
					}
				case domain.FloatingIn:
					in++
				}
				if !f.EndedOn.IsZero() {
					ended++
				}
			}
			if out < 12 || in < 3 || ended != 1 || lost != 1 {
				t.Errorf("%d out, %d in, %d ended, %d out of contact", out, in, ended, lost)
			}
			late, _, err := set.Transfers.ListFloating(ctx, sys, transfer.FloatingFilter{OverdueOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(late) != 1 || late[0].Direction != domain.FloatingOut || late[0].OrgPath == "" ||
				!domain.InSubtree(late[0].OrgPath, ent.Path) {
				t.Errorf("yearly reports missing: %+v, want one of the enterprise's", late)
			}
		})

		t.Run("left", func(t *testing.T) {
			// The completed transfer out of the system and the cancelled probation left the
			// roster; their records stay.
			list, err := set.Members.List(ctx, sys, member.Filter{Left: domain.LeftOnly}, true)
			if err != nil {
				t.Fatal(err)
			}
			reasons := map[string]int{}
			for _, m := range list.Items {
				reasons[m.LeftReason]++
				if m.LeftOn.IsZero() || m.LeftOn.After(today) || m.Standing != domain.StandingNormal {
					t.Errorf("%s left on %s, standing %s", m.Name, m.LeftOn, m.Standing)
				}
			}
			if list.Total != 2 || res.Left != 2 || reasons[domain.LeftTransferredOut] != 1 || reasons[domain.LeftProbationCancelled] != 1 {
				t.Errorf("left the roster: %d (result %d), reasons %v", list.Total, res.Left, reasons)
			}
		})

		t.Run("standing", func(t *testing.T) {
			var actions []string
			for m := domain.AddMonths(today, -15); !m.After(today); m = domain.AddMonths(m, 1) {
				for _, root := range []int64{ent.ID, dist.ID} {
					list, err := set.Members.StandingChanges(ctx, sys, root, month(m))
					if err != nil {
						t.Fatal(err)
					}
					for _, c := range list {
						if c.Reason == "" {
							t.Errorf("standing change %s without a reason", c.Action)
						}
						actions = append(actions, c.Action)
					}
				}
			}
			sort.Strings(actions)
			// The cancelled probation is a departure; its standing change records the decision.
			if got := strings.Join(actions, " "); got != "cancel_probation lost_contact lost_contact restore retain retain suspend suspend" {
				t.Errorf("standing changes: %s", got)
			}
			now, err := set.Members.StandingChanges(ctx, sys, ent.ID, thisMonth)
			if err != nil || len(now) == 0 || now[0].Action != "restore" {
				t.Errorf("this month's standing changes: %+v %v, want the restoration", now, err)
			}
		})
	})
}

// checkDue checks the development due lists of both trees for this month: exactly the two
// overdue steps made on purpose (a story cut at today never leaves one overdue), and steps
// due or allowed this month.
func checkDue(t *testing.T, set *services.Set, ent, dist int64, today domain.Date) {
	t.Helper()
	ctx := context.Background()
	overdue := map[string]int{}
	dueThisMonth := 0
	for _, root := range []int64{ent, dist} {
		items, err := set.Development.Due(ctx, auth.SystemActor(), root, month(today))
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			switch {
			case it.Overdue:
				overdue[it.Step]++
			case month(it.On) == month(today):
				dueThisMonth++
			}
		}
	}
	if len(overdue) != 2 || overdue[domain.StepTalk] != 1 || overdue[domain.StepActivistReview] != 1 {
		t.Errorf("%s: overdue steps %v, want one talk and one activist review", today, overdue)
	}
	if dueThisMonth < 2 {
		t.Errorf("%s: %d steps due or allowed this month, want the full-membership meetings at least", today, dueThisMonth)
	}
}

// TestLifecycleOnAwkwardDays loads the demo as if on days where calendar months are
// awkward (month ends, leap days, the turn of the year): every timer holds — the services
// would refuse the load otherwise — and the due lists are as on any other day.
func TestLifecycleOnAwkwardDays(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo several times")
	}
	for _, day := range []domain.Date{domain.NewDate(2028, 2, 29), domain.NewDate(2027, 8, 31),
		domain.NewDate(2026, 12, 31), domain.NewDate(2027, 1, 1), domain.NewDate(2027, 3, 30)} {
		t.Run(day.String(), func(t *testing.T) {
			ctx := context.Background()
			set := newSet(t, testutil.MustOpen(t, store.SQLite))
			clock := func() time.Time {
				return time.Date(day.Time().Year(), day.Time().Month(), day.Time().Day(), 4, 0, 0, 0, time.UTC)
			}
			set.Orgs.Now, set.Members.Now, set.Development.Now, set.Transfers.Now = clock, clock, clock, clock
			if _, err := Load(ctx, set, Options{}); err != nil {
				t.Fatal(err)
			}
			tree, err := set.Orgs.Tree(ctx, auth.SystemActor())
			if err != nil {
				t.Fatal(err)
			}
			ent, _ := under(t, tree, EnterpriseName)
			dist, _ := under(t, tree, DistrictName)
			checkDue(t, set, ent.ID, dist.ID, day)
		})
	}
}

func findOrg(t *testing.T, tree []org.View, root org.View, name string) int64 {
	t.Helper()
	for _, v := range tree {
		if v.Name == name && domain.InSubtree(v.Path, root.Path) {
			return v.ID
		}
	}
	t.Fatalf("no org %s", name)
	return 0
}

// TestLifecycleDeterministic loads the demo twice on the same day: the same applicants,
// steps and transfers come out.
func TestLifecycleDeterministic(t *testing.T) {
	ctx := context.Background()
	var runs [2]string
	for i := range runs {
		set := newSet(t, testutil.MustOpen(t, store.SQLite))
		if _, err := Load(ctx, set, Options{}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		apps, _, err := set.Development.List(ctx, auth.SystemActor(), development.Filter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range apps {
			fmt.Fprintf(&b, "%s %s %s %d|", v.Name, v.IDNumber, v.AppliedOn, v.Stage)
			for _, s := range v.Steps {
				fmt.Fprintf(&b, "%v,", s.Done)
			}
		}
		trs, _, err := set.Transfers.List(ctx, auth.SystemActor(), transfer.Filter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range trs {
			fmt.Fprintf(&b, "%s %s %s %s|", x.MemberName, x.Kind, x.Status, x.IssuedOn)
		}
		runs[i] = b.String()
	}
	if runs[0] != runs[1] || runs[0] == "" {
		t.Error("two loads on the same day differ")
	}
}
