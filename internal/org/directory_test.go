package org_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/org"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// TestDirectory: any writer finds receiving branches anywhere by part of their name, with
// the names above them and nothing else; readers without write rights may not look.
func TestDirectory(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Orgs
		secA := f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		auditor := f.User(t, "aud", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
		plain := f.User(t, "plain", 0, testutil.Grant(domain.RoleMember, f.BranchA.ID))
		joint := f.Org(t, f.CommitteeB.ID, "乙联合支部", domain.OrgJointBranch)

		// Secretary A cannot read committee B's branches, yet finds them by name.
		got, err := svc.Directory(ctx, secA, " 乙 ", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != f.BranchB.ID || got[1].ID != joint.ID {
			t.Fatalf("乙: %+v, want 乙支部 and 乙联合支部", got)
		}
		if got[0].Name != "乙支部" || !slices.Equal(got[0].Above, []string{"测试区委", "乙党委"}) {
			t.Fatalf("乙支部 as %+v", got[0])
		}
		// Only branches: the committees and groups that match are not receivers.
		got, _ = svc.Directory(ctx, secA, "党", 0)
		if len(got) != 0 {
			t.Fatalf("党 finds %+v: committees are not receivers", got)
		}
		got, _ = svc.Directory(ctx, secA, "支部", 0)
		if len(got) != 4 {
			t.Fatalf("支部: %d entries, want the 4 branches", len(got))
		}
		// A LIKE wildcard is a plain character.
		if got, _ := svc.Directory(ctx, secA, "%", 0); len(got) != 0 {
			t.Fatalf("%% finds %+v", got)
		}
		if got, _ := svc.Directory(ctx, secA, "", 0); got == nil || len(got) != 0 {
			t.Fatalf("empty query: %v", got)
		}
		// At most 20, whatever the caller asks.
		for i := range 25 {
			f.Org(t, f.CommitteeB.ID, fmt.Sprintf("丙支部%02d", i), domain.OrgBranch)
		}
		if got, _ := svc.Directory(ctx, secA, "丙", 100); len(got) != org.DirectoryLimit {
			t.Fatalf("丙: %d entries, want %d", len(got), org.DirectoryLimit)
		}
		if got, _ := svc.Directory(ctx, secA, "丙", 5); len(got) != 5 {
			t.Fatalf("丙 limit 5: %d entries", len(got))
		}
		// Who may look: writers only.
		_, err = svc.Directory(ctx, auditor, "乙", 0)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Directory(ctx, plain, "乙", 0)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Directory(ctx, secA, strings.Repeat("支", 101), 0)
		testutil.WantField(t, err, domain.EInvalid, "q", "err.too_long")
		_, err = svc.Directory(ctx, secA, "乙\x00", 0)
		testutil.WantField(t, err, domain.EInvalid, "q", "err.invalid")
	})
}
