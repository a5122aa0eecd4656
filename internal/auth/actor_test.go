package auth_test

import (
	"slices"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

func actorWith(grants ...domain.Grant) *auth.Actor {
	return &auth.Actor{User: &domain.User{ID: 9, Username: "u", Grants: grants}}
}

func g(role, path string) domain.Grant { return domain.Grant{Role: role, OrgPath: path} }

func TestScopesFolding(t *testing.T) {
	a := actorWith(g(domain.RoleSecretary, "/1/2/3/"), g(domain.RoleOrgAdmin, "/1/2/"), g(domain.RoleSecretary, "/1/23/"),
		g(domain.RoleAuditor, "/1/5/"))
	if got := a.Scopes(auth.MemberWrite); !slices.Equal(got, []string{"/1/2/", "/1/23/"}) {
		t.Fatalf("member.write scopes %v: nested folded, sibling prefixes kept apart", got)
	}
	if got := a.Scopes(auth.MemberRead); !slices.Equal(got, []string{"/1/2/", "/1/23/", "/1/5/"}) {
		t.Fatalf("member.read scopes %v", got)
	}
	if got := a.Scopes(auth.UserManage); !slices.Equal(got, []string{"/1/2/"}) {
		t.Fatalf("user.manage scopes %v", got)
	}
	if got := a.Scopes(auth.AuditRead); !slices.Equal(got, []string{"/1/2/", "/1/5/"}) {
		t.Fatalf("audit.read scopes %v", got)
	}
	checks := []struct {
		p    auth.Permission
		path string
		want bool
	}{
		{auth.MemberWrite, "/1/2/3/4/", true},
		{auth.MemberWrite, "/1/2/", true},
		{auth.MemberWrite, "/1/", false},
		{auth.MemberWrite, "/1/24/", false},
		{auth.MemberWrite, "/1/5/", false}, // auditors write nothing
		{auth.MemberRead, "/1/5/9/", true},
		{auth.OrgCreate, "/1/23/", false}, // secretaries do not create orgs
		{auth.OrgUpdate, "/1/23/", true},
	}
	for _, c := range checks {
		if got := a.Can(c.p, c.path); got != c.want {
			t.Errorf("Can(%s, %s) = %v", c.p, c.path, got)
		}
	}
}

func TestScopesSpecialActors(t *testing.T) {
	admin := actorWith(g(domain.RoleAdmin, "/"))
	if !admin.IsAdmin() || !slices.Equal(admin.Scopes(auth.OrgCreate), []string{"/"}) || !admin.Can(auth.UserManage, "/77/") {
		t.Fatal("admin covers everything")
	}
	// An admin grant covers "/" even when stored against an org.
	if got := actorWith(g(domain.RoleAdmin, "/4/")).Scopes(auth.OrgRead); !slices.Equal(got, []string{"/"}) {
		t.Fatalf("admin grant on an org: %v", got)
	}
	sys := auth.SystemActor()
	if !sys.IsAdmin() || !sys.Can(auth.MemberReveal, "/1/") || sys.Name() != "system" || sys.UserID() != 0 {
		t.Fatal("system actor")
	}
	var none *auth.Actor
	if none.Scopes(auth.OrgRead) != nil || none.Can(auth.OrgRead, "/1/") || none.IsAdmin() || none.Name() != "" || none.MemberID() != 0 {
		t.Fatal("nil actor has nothing")
	}
	if (&auth.Actor{}).Scopes(auth.OrgRead) != nil {
		t.Fatal("actor without user")
	}
	member := actorWith(g(domain.RoleMember, "/1/2/"))
	if member.Scopes(auth.MemberRead) != nil || member.IsAdmin() {
		t.Fatal("the member role reads nobody else")
	}
	leader := actorWith(g(domain.RoleGroupLeader, "/1/2/3/4/"))
	if got := leader.Scopes(auth.MemberRead); !slices.Equal(got, []string{"/1/2/3/"}) {
		t.Fatalf("group leader reads the group's branch: %v", got)
	}
	if leader.Can(auth.MemberWrite, "/1/2/3/") {
		t.Fatal("group leader writes")
	}
	if got := actorWith(g(domain.RoleSecretary, "")).Scopes(auth.OrgRead); got != nil {
		t.Fatalf("a grant without a path covers nothing: %v", got)
	}
}
