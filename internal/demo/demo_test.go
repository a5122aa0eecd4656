package demo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dangjian/internal/account"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/secret"
	"dangjian/internal/services"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
	"dangjian/internal/transfer"
)

func newSet(t *testing.T, db *store.DB) *services.Set {
	t.Helper()
	box, err := secret.New([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	members := member.NewService(db, box)
	return &services.Set{DB: db, Auth: auth.NewService(db, auth.DefaultSettings), Orgs: org.NewService(db),
		Members: members, Development: development.NewService(db, members), Transfers: transfer.NewService(db, members),
		Accounts: &account.Service{DB: db}, Audit: &audit.Service{DB: db}}
}

// under returns the views at or below the named root.
func under(t *testing.T, tree []org.View, name string) (root org.View, all []org.View) {
	t.Helper()
	for _, v := range tree {
		if v.Name == name && v.ParentID == 0 {
			root = v
		}
	}
	if root.ID == 0 {
		t.Fatalf("no root named %s", name)
	}
	for _, v := range tree {
		if domain.InSubtree(v.Path, root.Path) {
			all = append(all, v)
		}
	}
	return root, all
}

func withWarning(list []org.View, w string) []string {
	var names []string
	for _, v := range list {
		if domain.Contains(v.Warnings, w) {
			names = append(names, v.Name)
		}
	}
	return names
}

func TestLoadDemo(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set := newSet(t, db)
		start := time.Now()
		res, err := Load(ctx, set, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("loaded %d orgs, %d members, %d applicants, %d transfers, %d floating, %d standing changes in %v",
			res.Orgs, res.Members, res.Applicants, res.Transfers, res.Floating, res.StandingChanges, time.Since(start))
		sys := auth.SystemActor()
		tree, err := set.Orgs.Tree(ctx, sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(tree) != res.Orgs {
			t.Errorf("tree has %d orgs, result says %d", len(tree), res.Orgs)
		}

		t.Run("enterprise", func(t *testing.T) {
			root, all := under(t, tree, EnterpriseName)
			var branches, groups int
			for _, v := range all {
				switch {
				case v.Type == domain.OrgBranch && v.ParentID == root.ID:
					branches++
				case v.Type == domain.OrgGroup:
					groups++
				}
			}
			if branches != 16 || groups == 0 {
				t.Errorf("enterprise: %d branches (want 16), %d groups (want some)", branches, groups)
			}
			if root.MemberCount < 400 || root.MemberCount > 420 {
				t.Errorf("enterprise: %d members, want 400 and a few", root.MemberCount)
			}
			if domain.CheckCreditCode(root.UnitCreditCode) != "" {
				t.Errorf("enterprise credit code %q invalid", root.UnitCreditCode)
			}
			for w, want := range map[string]string{domain.WarnOver50Members: "研发中心第一党支部",
				domain.WarnTooFewFullMembers: "海外业务部党支部", domain.WarnNeedsCommittee: "运维服务中心党支部"} {
				if got := withWarning(all, w); !domain.Contains(got, want) {
					t.Errorf("warning %s on %v, want it on %s", w, got, want)
				}
			}
			full := 0
			for _, v := range all {
				if v.Type == domain.OrgBranch && v.FullMemberCount >= 7 && v.CommitteeSize >= 3 {
					full++
				}
			}
			if full < 10 {
				t.Errorf("only %d branches with a committee of three or more", full)
			}
		})

		t.Run("district", func(t *testing.T) {
			root, all := under(t, tree, DistrictName)
			party, towns := 0, 0
			levels := map[string]int{}
			for _, v := range all {
				if v.Type != domain.OrgGroup {
					party++
				}
				if strings.HasSuffix(v.Name, "两新组织党委") && v.Type == domain.OrgRegion {
					towns++
				}
				levels[v.DemonstrationLevel]++
				if v.UnitCreditCode != "" && domain.CheckCreditCode(v.UnitCreditCode) != "" {
					t.Errorf("%s: credit code %q invalid", v.Name, v.UnitCreditCode)
				}
			}
			if party != districtOrgs || towns != 23 {
				t.Errorf("district: %d party organisations (want %d), %d towns (want 23)", party, districtOrgs, towns)
			}
			if levels["city"] != 12 || levels["district"] != 57 || levels["town"] != 138 {
				t.Errorf("demonstration levels %v", levels)
			}
			if root.MemberCount < 2000 || root.MemberCount > 6000 {
				t.Errorf("district: %d members, want a few thousand", root.MemberCount)
			}
			for _, w := range []string{domain.WarnTermEnding, domain.WarnTermExpired, domain.WarnTooFewFullMembers} {
				if len(withWarning(all, w)) == 0 {
					t.Errorf("no district org warns %s", w)
				}
			}
		})

		t.Run("members", func(t *testing.T) {
			today := set.Orgs.Today()
			seen, probationary, floating := 0, 0, 0
			var after int64
			for {
				page, err := set.Members.List(ctx, sys, member.Filter{AfterID: after, Limit: 500, Reveal: true}, false)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range page.Items {
					seen++
					checkLoaded(t, m, today)
					if m.Category == domain.CategoryProbationary {
						probationary++
					}
					if m.Floating {
						floating++
					}
				}
				if after = page.NextID; after == 0 {
					break
				}
			}
			if seen != res.Members {
				t.Errorf("listed %d members, loaded %d", seen, res.Members)
			}
			if probationary < seen/50 || floating == 0 {
				t.Errorf("%d probationary and %d floating of %d", probationary, floating, seen)
			}
			events, err := set.Members.Events(ctx, sys, 1, 0, 10)
			if err != nil || len(events) != 1 || events[0].Kind != "created" {
				t.Errorf("history of member 1: %v %v", events, err)
			}
			entries, err := set.Audit.List(ctx, sys, audit.Filter{Action: "member.bulk_create"})
			if err != nil || len(entries) == 0 {
				t.Errorf("no bulk audit entries: %v", err)
			}
		})

		t.Run("accounts", func(t *testing.T) {
			if len(res.Users) != 6 {
				t.Fatalf("%d accounts", len(res.Users))
			}
			for _, c := range res.Users {
				_, u, err := set.Auth.Login(ctx, c.Username, c.Password, "127.0.0.1", "test")
				if err != nil {
					t.Errorf("%s cannot sign in: %v", c.Username, err)
					continue
				}
				if (c.Username == "member" || c.Username == "ent_secretary") && u.MemberID == 0 {
					t.Errorf("%s is not linked to a member", c.Username)
				}
			}
		})

		if _, err := Load(ctx, set, Options{}); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("second load: %v, want ErrNotEmpty", err)
		}
	})
}

// checkLoaded checks a revealed member as read back from the database.
func checkLoaded(t *testing.T, m domain.Member, today domain.Date) {
	t.Helper()
	info, problem := domain.ParseIDNumber(m.IDNumber, today)
	switch {
	case problem != "":
		t.Errorf("%s: ID number %s: %s", m.Name, m.IDNumber, problem)
	case info.Birth != m.BirthDate || info.Female != (m.Gender == "female"):
		t.Errorf("%s: ID number %s disagrees with birth %s / gender %s", m.Name, m.IDNumber, m.BirthDate, m.Gender)
	}
	if m.Phone != "" && domain.CheckPhone(m.Phone) != "" {
		t.Errorf("%s: phone %q", m.Name, m.Phone)
	}
	if m.BirthDate.YearsSince(m.JoinedOn) < 18 || m.JoinedOn.Before(domain.NewDate(1970, 1, 1)) {
		t.Errorf("%s: born %s, joined %s", m.Name, m.BirthDate, m.JoinedOn)
	}
	// Full a year after joining (the development service counts the year in calendar
	// months, which differs on 29 February); probationary for at most a year and an
	// extension of up to another year.
	switch m.Category {
	case domain.CategoryFull:
		if m.FullMemberOn != m.JoinedOn.AddDate(1, 0, 0) && m.FullMemberOn != domain.AddMonths(m.JoinedOn, 12) {
			t.Errorf("%s: joined %s, full member %s", m.Name, m.JoinedOn, m.FullMemberOn)
		}
	case domain.CategoryProbationary:
		if !m.FullMemberOn.IsZero() || m.JoinedOn.Before(today.AddDate(-2, 0, 0)) {
			t.Errorf("%s: probationary, joined %s, full %s", m.Name, m.JoinedOn, m.FullMemberOn)
		}
	}
}

func TestSyntheticRegion(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set := newSet(t, db)
		var last, total int
		start := time.Now()
		res, err := Load(ctx, set, Options{Members: 2000, Progress: func(done, all int) { last, total = done, all }})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("loaded %d orgs, %d members in %v", res.Orgs, res.Members, time.Since(start))
		if last != total || total != res.Members+res.Left || res.Left != 2 {
			t.Errorf("progress ended at %d / %d, loaded %d on the roster and %d who left", last, total, res.Members, res.Left)
		}
		tree, err := set.Orgs.Tree(ctx, auth.SystemActor())
		if err != nil {
			t.Fatal(err)
		}
		root, all := under(t, tree, SyntheticName)
		if root.MemberCount != 2000 {
			t.Errorf("synthetic region has %d members, want 2000", root.MemberCount)
		}
		for _, v := range all {
			if v.Type == domain.OrgBranch && (v.MemberCount > 50 || v.MemberCount < 1) {
				t.Errorf("%s has %d members", v.Name, v.MemberCount)
			}
			if v.Type == domain.OrgBranch && domain.Contains(v.Warnings, domain.WarnNeedsCommittee) {
				t.Errorf("%s has no committee", v.Name)
			}
		}
		entries, err := set.Audit.List(ctx, auth.SystemActor(), audit.Filter{Action: "org.bulk_create"})
		if err != nil || len(entries) != 1 {
			t.Errorf("org.bulk_create entries: %d, %v", len(entries), err)
		}
	})
}

// TestPlansPassTheServices pushes generated members through member.Service.Create, so the
// bulk path's checks cannot drift from the service's own validation unnoticed.
func TestPlansPassTheServices(t *testing.T) {
	ctx := context.Background()
	set := newSet(t, testutil.MustOpen(t, store.SQLite))
	today := set.Orgs.Today()
	g, ids := newRNG(7), newIDNumbers()
	ent := enterprisePlan(g, ids, today)
	dist := districtPlan(g, ids, today)
	l := &loader{set: set, actor: auth.SystemActor(), today: today}
	for _, p := range []*orgPlan{ent, dist} {
		if err := l.orgsViaService(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	var sample []*orgPlan
	sample = append(sample, ent.children[0], ent.children[15]) // groups; too few full members
	dist.walk(func(o, _ *orgPlan) {
		if o.Type.IsBranch() && len(sample) < 40 {
			sample = append(sample, o)
		}
	})
	n := 0
	for _, b := range sample {
		for _, p := range b.members {
			in := member.Input{Name: &p.Name, Gender: &p.Gender, Ethnicity: &p.Ethnicity, BirthDate: ptr(p.BirthDate.String()),
				IDNumber: &p.IDNumber, Phone: &p.Phone, Education: &p.Education, OrgID: &b.ID, Category: &p.Category,
				Standing: &p.Standing, Floating: &p.Floating, LostContact: &p.LostContact, JoinedOn: ptr(p.JoinedOn.String()),
				FullMemberOn: ptr(p.FullMemberOn.String()), JobTitle: &p.JobTitle, Positions: &p.Positions}
			if p.group != nil {
				in.GroupID = &p.group.ID
			}
			if _, err := set.Members.Create(ctx, l.actor, in); err != nil {
				t.Fatalf("%s (%s): %v", p.Name, b.Name, err)
			}
			if err := checkMember(p, b, today); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	t.Logf("%d generated members accepted by member.Service.Create", n)
}

func TestDeterministic(t *testing.T) {
	today := domain.NewDate(2026, 3, 1)
	a := districtPlan(newRNG(1), newIDNumbers(), today)
	b := districtPlan(newRNG(1), newIDNumbers(), today)
	var x, y []string
	a.walk(func(o, _ *orgPlan) {
		for _, p := range o.members {
			x = append(x, o.Name+p.Name+p.IDNumber+p.Phone)
		}
	})
	b.walk(func(o, _ *orgPlan) {
		for _, p := range o.members {
			y = append(y, o.Name+p.Name+p.IDNumber+p.Phone)
		}
	})
	if strings.Join(x, "|") != strings.Join(y, "|") || len(x) == 0 {
		t.Error("the same seed gave different districts")
	}
}

func TestCheckCharacters(t *testing.T) {
	g := newRNG(3)
	ids := newIDNumbers()
	today := domain.NewDate(2026, 1, 1)
	for i := 0; i < 2000; i++ {
		female := i%2 == 0
		birth := g.dateBetween(domain.NewDate(1950, 1, 1), domain.NewDate(2005, 12, 31))
		id := ids.next(g, "500118", birth, female)
		info, problem := domain.ParseIDNumber(id, today)
		if problem != "" || info.Birth != birth || info.Female != female {
			t.Fatalf("%s: %s %v", id, problem, info)
		}
		if code := creditCode(g, "91", "500118"); domain.CheckCreditCode(code) != "" || !strings.HasPrefix(code, "91500118") {
			t.Fatalf("credit code %s invalid", code)
		}
		if ph := phoneNumber(g); domain.CheckPhone(ph) != "" || ph[1] < '3' {
			t.Fatalf("phone %s", ph)
		}
	}
	// A known organisation code: GB 11714's worked example D2143569-X.
	if c := orgCodeCheck([]byte("D2143569")); c != 'X' {
		t.Errorf("orgCodeCheck(D2143569) = %c, want X", c)
	}
}
