package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// insertOrg inserts an organisation directly (the store has no rules of its own).
func insertOrg(t *testing.T, q *store.Q, parent *domain.Org, name string, typ domain.OrgType) *domain.Org {
	t.Helper()
	o := &domain.Org{Name: name, Type: typ}
	path := ""
	if parent != nil {
		o.ParentID, path = parent.ID, parent.Path
	}
	if err := q.InsertOrg(context.Background(), o, path); err != nil {
		t.Fatal(err)
	}
	return o
}

var memberSeq int

// insertMember stores a member with made-up sealed values (the store does not look inside).
func insertMember(t *testing.T, q *store.Q, o *domain.Org, name string) *store.MemberRecord {
	t.Helper()
	memberSeq++
	r := &store.MemberRecord{IDNumberEnc: []byte("sealed"), IDNumberHash: fmt.Sprintf("hash-%s-%d", name, memberSeq), IDNumberMasked: "masked"}
	r.OrgID, r.OrgPath, r.Name, r.Gender, r.Category, r.Standing = o.ID, o.Path, name, "male", domain.CategoryFull, domain.StandingNormal
	r.BirthDate = domain.NewDate(1980, 1, 1)
	if err := q.InsertMember(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

// Paths compare as strings, so the subtree of /1/2/ is the range ["/1/2/", "/1/20"); the
// sibling /1/23/ sorts after that bound only because '/' < '0'. Build such siblings and make
// sure nothing of one leaks into the other's scope, for orgs, members, audit and users.
func TestScopeSiblingPrefixes(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var short, long *domain.Org
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root := insertOrg(t, q, nil, "root", domain.OrgRegion)
			var children []*domain.Org
			for i := 0; short == nil && i < 200; i++ {
				c := insertOrg(t, q, root, "c"+strconv.Itoa(i), domain.OrgBranch)
				for _, prev := range children {
					if strings.HasPrefix(strconv.FormatInt(c.ID, 10), strconv.FormatInt(prev.ID, 10)) {
						short, long = prev, c
					}
				}
				children = append(children, c)
			}
			insertMember(t, q, short, "in-short")
			insertMember(t, q, long, "in-long")
			for _, o := range []*domain.Org{short, long} {
				if err := q.AddAudit(ctx, &domain.AuditEntry{Action: "test", EntityType: "org", EntityID: o.ID, OrgPath: o.Path}); err != nil {
					return err
				}
			}
			return q.InsertUser(ctx, &domain.User{Username: "long-sec", Grants: []domain.Grant{{Role: domain.RoleSecretary, OrgID: long.ID}}}, "x")
		})
		if err != nil {
			t.Fatal(err)
		}
		if short == nil {
			t.Fatal("no prefix siblings built")
		}
		t.Logf("siblings %s and %s", short.Path, long.Path)
		q := db.Read()
		orgs, err := q.Orgs(ctx, store.OrgFilter{Scopes: []string{short.Path}})
		if err != nil || len(orgs) != 1 || orgs[0].ID != short.ID {
			t.Fatalf("orgs in %s: %v %v", short.Path, orgIDs(orgs), err)
		}
		if orgs[0].MemberCount != 1 {
			t.Errorf("member count of %s counts its sibling's members: %d", short.Path, orgs[0].MemberCount)
		}
		members, err := q.Members(ctx, store.MemberFilter{Scopes: []string{short.Path}})
		if err != nil || len(members) != 1 || members[0].Name != "in-short" {
			t.Fatalf("members in %s: %d %v", short.Path, len(members), err)
		}
		n, err := q.CountMembers(ctx, store.MemberFilter{Scopes: []string{short.Path}})
		if err != nil || n != 1 {
			t.Fatalf("count %d %v", n, err)
		}
		entries, err := q.Audit(ctx, store.AuditFilter{Scopes: []string{short.Path}})
		if err != nil || len(entries) != 1 || entries[0].EntityID != short.ID {
			t.Fatalf("audit in %s: %+v %v", short.Path, entries, err)
		}
		users, err := q.Users(ctx, store.UserFilter{Scopes: []string{short.Path}})
		if err != nil || len(users) != 0 {
			t.Fatalf("users in %s: %d %v", short.Path, len(users), err)
		}
		under, err := q.Orgs(ctx, store.OrgFilter{Scopes: []string{"/"}, Under: short.Path})
		if err != nil || len(under) != 1 {
			t.Fatalf("under %s: %v %v", short.Path, orgIDs(under), err)
		}
	})
}

func TestEmptyScopeSelectsNothing(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root := insertOrg(t, q, nil, "root", domain.OrgRegion)
			b := insertOrg(t, q, root, "b", domain.OrgBranch)
			insertMember(t, q, b, "m")
			return q.AddAudit(ctx, &domain.AuditEntry{Action: "x", EntityType: "org", OrgPath: b.Path})
		})
		if err != nil {
			t.Fatal(err)
		}
		q := db.Read()
		orgs, err1 := q.Orgs(ctx, store.OrgFilter{})
		members, err2 := q.Members(ctx, store.MemberFilter{})
		n, err3 := q.CountMembers(ctx, store.MemberFilter{})
		entries, err4 := q.Audit(ctx, store.AuditFilter{})
		counts, err5 := q.MemberCategoryCounts(ctx, nil)
		if len(orgs)+len(members)+n+len(entries)+len(counts) != 0 {
			t.Fatalf("empty scope returned %d orgs, %d members, count %d, %d audit entries, %v", len(orgs), len(members), n, len(entries), counts)
		}
		for _, err := range []error{err1, err2, err3, err4, err5} {
			if err != nil {
				t.Fatal(err)
			}
		}
		all, _ := q.Members(ctx, store.MemberFilter{Scopes: []string{"/"}})
		if len(all) != 1 {
			t.Fatalf("root scope sees %d members", len(all))
		}
	})
}

// Moving a subtree rewrites the paths and depths of its orgs, and the org_path of its members
// and audit entries, and nothing outside it.
func TestMoveRewritesMembersAndAudit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var root, from, to, branch, group, other *domain.Org
		var inBranch, inOther *store.MemberRecord
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root = insertOrg(t, q, nil, "root", domain.OrgRegion)
			from = insertOrg(t, q, root, "from", domain.OrgCommittee)
			to = insertOrg(t, q, root, "to", domain.OrgCommittee)
			branch = insertOrg(t, q, from, "branch", domain.OrgBranch)
			group = insertOrg(t, q, branch, "group", domain.OrgGroup)
			other = insertOrg(t, q, from, "other", domain.OrgBranch)
			inBranch = insertMember(t, q, branch, "a")
			inOther = insertMember(t, q, other, "b")
			return q.AddAudit(ctx, &domain.AuditEntry{Action: "x", EntityType: "member", EntityID: inBranch.ID, OrgPath: branch.Path})
		})
		if err != nil {
			t.Fatal(err)
		}
		oldBranchPath := branch.Path
		if err := db.WriteTx(ctx, func(q *store.Q) error { return q.MoveOrg(ctx, branch, to) }); err != nil {
			t.Fatal(err)
		}
		q := db.Read()
		wantPath := to.Path + strconv.FormatInt(branch.ID, 10) + "/"
		b, _ := q.Org(ctx, branch.ID)
		g, _ := q.Org(ctx, group.ID)
		if b.Path != wantPath || b.ParentID != to.ID || b.Depth != 3 {
			t.Fatalf("branch after move: %q parent %d depth %d", b.Path, b.ParentID, b.Depth)
		}
		if g.Path != wantPath+strconv.FormatInt(group.ID, 10)+"/" || g.Depth != 4 || g.ParentID != branch.ID {
			t.Fatalf("group after move: %q depth %d", g.Path, g.Depth)
		}
		m, _ := q.Member(ctx, inBranch.ID)
		if m.OrgPath != wantPath {
			t.Fatalf("member path %q, want %q", m.OrgPath, wantPath)
		}
		if o, _ := q.Member(ctx, inOther.ID); o.OrgPath != other.Path {
			t.Fatalf("member outside the subtree moved: %q", o.OrgPath)
		}
		if old, _ := q.Members(ctx, store.MemberFilter{Scopes: []string{oldBranchPath}}); len(old) != 0 {
			t.Fatalf("old path still selects %d members", len(old))
		}
		entries, _ := q.Audit(ctx, store.AuditFilter{Scopes: []string{to.Path}})
		if len(entries) != 1 || entries[0].OrgPath != wantPath {
			t.Fatalf("audit under new parent: %+v", entries)
		}
		if o, _ := q.Orgs(ctx, store.OrgFilter{Scopes: []string{from.Path}}); !slices.Equal(orgIDs(o), []int64{from.ID, other.ID}) {
			t.Fatalf("old parent's subtree: %v", orgIDs(o))
		}
	})
}

func orgIDs(orgs []domain.Org) []int64 {
	var ids []int64
	for _, o := range orgs {
		ids = append(ids, o.ID)
	}
	return ids
}
