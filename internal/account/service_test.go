package account_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func str(s string) *string { return &s }
func id(n int64) *int64    { return &n }
func yes() *bool           { b := true; return &b }

func grants(gs ...account.GrantInput) *[]account.GrantInput { return &gs }

func TestCreateAndAuthorisation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Accounts
		adminA := f.User(t, "adminA", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
		auditor := f.User(t, "auditor", 0, testutil.Grant(domain.RoleAuditor, f.Region.ID))
		secB := f.User(t, "secB", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
		twoPlaces := f.User(t, "two", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID), testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
		audits := testutil.AuditCount(t, db, "")

		// Validation problems are found before any hashing or writing.
		_, err := svc.Create(ctx, adminA, account.Input{Username: str("a b"), Password: str("short")})
		testutil.WantField(t, err, domain.EInvalid, "username", "err.user.username")
		testutil.WantField(t, err, domain.EInvalid, "password", "err.password.short")
		_, err = svc.Create(ctx, adminA, account.Input{})
		testutil.WantField(t, err, domain.EInvalid, "username", "err.required")
		testutil.WantField(t, err, domain.EInvalid, "password", "err.required")
		base := func(gs ...account.GrantInput) account.Input {
			return account.Input{Username: str("newsec"), Password: str("Abcdefg1"), Grants: grants(gs...)}
		}
		_, err = svc.Create(ctx, adminA, base(account.GrantInput{Role: "king", OrgID: f.BranchA.ID}))
		testutil.WantField(t, err, domain.EInvalid, "grants", "err.user.role")
		_, err = svc.Create(ctx, adminA, base(account.GrantInput{Role: domain.RoleSecretary}))
		testutil.WantField(t, err, domain.EInvalid, "grants", "err.user.grant_org")
		_, err = svc.Create(ctx, adminA, base(account.GrantInput{Role: domain.RoleSecretary, OrgID: 99999}))
		testutil.WantField(t, err, domain.EInvalid, "grants", "err.org.unknown")

		// An org admin grants inside the subtree only, and never admin.
		_, err = svc.Create(ctx, adminA, base(account.GrantInput{Role: domain.RoleAdmin}))
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, adminA, base(account.GrantInput{Role: domain.RoleSecretary, OrgID: f.BranchB.ID}))
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, adminA, base(account.GrantInput{Role: domain.RoleOrgAdmin, OrgID: f.Region.ID}))
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, auditor, base(account.GrantInput{Role: domain.RoleSecretary, OrgID: f.BranchA.ID}))
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Create(ctx, secB, base(account.GrantInput{Role: domain.RoleSecretary, OrgID: f.BranchB.ID}))
		testutil.WantCode(t, err, domain.EForbidden)
		if testutil.AuditCount(t, db, "") != audits {
			t.Fatal("refused creates were audited")
		}

		u, err := svc.Create(ctx, adminA, base(account.GrantInput{Role: domain.RoleSecretary, OrgID: f.BranchA.ID}))
		if err != nil || len(u.Grants) != 1 || u.Grants[0].OrgPath != f.BranchA.Path {
			t.Fatalf("create %+v %v", u, err)
		}
		e := testutil.LastAudit(t, db)
		if testutil.AuditCount(t, db, "") != audits+1 || e.Action != "user.create" || e.OrgPath != f.BranchA.Path ||
			strings.Contains(e.After, "Abcdefg1") || strings.Contains(e.After, "argon2") {
			t.Fatalf("create audit %+v", e)
		}
		_, err = svc.Create(ctx, adminA, base(account.GrantInput{Role: domain.RoleSecretary, OrgID: f.BranchA2.ID}))
		testutil.WantField(t, err, domain.EConflict, "username", "err.user.taken")

		// Reading: in scope only; an account that also works elsewhere is not the org admin's.
		if _, err := svc.Get(ctx, adminA, u.ID); err != nil {
			t.Fatal(err)
		}
		for _, other := range []*auth.Actor{secB, twoPlaces, auditor} {
			_, err = svc.Get(ctx, adminA, other.User.ID)
			testutil.WantCode(t, err, domain.ENotFound)
			_, err = svc.Update(ctx, adminA, other.User.ID, account.Input{DisplayName: str("x")})
			testutil.WantCode(t, err, domain.EForbidden)
		}
		_, err = svc.Update(ctx, adminA, 99999, account.Input{DisplayName: str("x")})
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.Update(ctx, auditor, u.ID, account.Input{DisplayName: str("x")})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.Update(ctx, adminA, u.ID, account.Input{Grants: grants(account.GrantInput{Role: domain.RoleAdmin})})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.List(ctx, auditor, "", 0, 10)
		testutil.WantCode(t, err, domain.EForbidden)
		list, err := svc.List(ctx, adminA, "", 0, 10)
		if err != nil || len(list) != 2 { // adminA and newsec
			t.Fatalf("org admin's list %d %v", len(list), err)
		}
		sys := auth.SystemActor()
		if all, _ := svc.List(ctx, sys, "", 0, 100); len(all) != 5 {
			t.Fatalf("admin sees %d users", len(all))
		}
		if me, err := svc.Me(ctx, adminA); err != nil || me.Username != "adminA" {
			t.Fatalf("me %v", err)
		}
		_, err = svc.Me(ctx, sys)
		testutil.WantCode(t, err, domain.EUnauthorized)
		if testutil.AuditCount(t, db, "") != audits+1 {
			t.Fatal("refused calls were audited")
		}
	})
}

func TestUpdate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Accounts
		adminA := f.User(t, "adminA", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
		m := f.Member(t, f.BranchA.ID, "张三", "19800101")
		mB := f.Member(t, f.BranchB.ID, "李四", "19800101")
		sec := f.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		cookie, _, err := f.Set.Auth.Login(ctx, "sec", testutil.FixturePassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		audits := testutil.AuditCount(t, db, "")

		_, err = svc.Update(ctx, adminA, adminA.User.ID, account.Input{Disabled: yes()})
		testutil.WantField(t, err, domain.EInvalid, "disabled", "err.user.disable_self")
		_, err = svc.Update(ctx, adminA, sec.User.ID, account.Input{Username: str("renamed")})
		testutil.WantField(t, err, domain.EInvalid, "username", "err.user.username_fixed")
		_, err = svc.Update(ctx, adminA, sec.User.ID, account.Input{Locale: str("fr-FR")})
		testutil.WantField(t, err, domain.EInvalid, "locale", "err.choice")
		_, err = svc.Update(ctx, adminA, sec.User.ID, account.Input{MemberID: id(mB.ID)})
		testutil.WantField(t, err, domain.EInvalid, "member_id", "err.member.unknown")
		_, err = svc.Update(ctx, adminA, sec.User.ID, account.Input{Password: str("password")})
		testutil.WantField(t, err, domain.EInvalid, "password", "err.password.classes")
		if testutil.AuditCount(t, db, "") != audits {
			t.Fatal("refused updates were audited")
		}
		if _, err := f.Set.Auth.SessionActor(ctx, cookie, ""); err != nil {
			t.Fatalf("refused updates ended the session: %v", err)
		}

		u, err := svc.Update(ctx, adminA, sec.User.ID, account.Input{DisplayName: str(" 书记 "), MemberID: id(m.ID), Locale: str("en-US"),
			Password: str("Another-Pass-1"), Grants: grants(account.GrantInput{Role: domain.RoleSecretary, OrgID: f.BranchA2.ID})})
		if err != nil || u.DisplayName != "书记" || u.MemberID != m.ID || u.Locale != "en-US" || len(u.Grants) != 1 || u.Grants[0].OrgID != f.BranchA2.ID {
			t.Fatalf("update %+v %v", u, err)
		}
		e := testutil.LastAudit(t, db)
		var before, after map[string]any
		json.Unmarshal([]byte(e.Before), &before)
		json.Unmarshal([]byte(e.After), &after)
		if testutil.AuditCount(t, db, "") != audits+1 || e.Action != "user.update" || before["display_name"] != "" ||
			after["display_name"] != "书记" || after["password"] != "changed" || strings.Contains(e.After, "Another-Pass-1") {
			t.Fatalf("update audit before %s after %s", e.Before, e.After)
		}
		// A password change ends the user's sessions; the new password works.
		_, err = f.Set.Auth.SessionActor(ctx, cookie, "")
		testutil.WantCode(t, err, domain.EUnauthorized)
		_, _, err = f.Set.Auth.Login(ctx, "sec", testutil.FixturePassword, "", "")
		testutil.WantCode(t, err, domain.EUnauthorized)
		cookie, _, err = f.Set.Auth.Login(ctx, "sec", "Another-Pass-1", "", "")
		if err != nil {
			t.Fatal(err)
		}
		// Disabling ends them too.
		if _, err := svc.Update(ctx, adminA, sec.User.ID, account.Input{Disabled: yes()}); err != nil {
			t.Fatal(err)
		}
		_, err = f.Set.Auth.SessionActor(ctx, cookie, "")
		testutil.WantCode(t, err, domain.EUnauthorized)
	})
}
