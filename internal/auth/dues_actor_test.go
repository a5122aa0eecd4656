package auth_test

import (
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// TestDuesPermissions is the dues rows of the matrix: readers read; admins, organisation
// admins and secretaries manage and approve (approval is of a lower organisation's request:
// the service checks the grant covers the parent of the member's branch).
func TestDuesPermissions(t *testing.T) {
	cases := []struct {
		role                  string
		read, manage, approve bool
	}{
		{domain.RoleAdmin, true, true, true},
		{domain.RoleOrgAdmin, true, true, true},
		{domain.RoleSecretary, true, true, true},
		{domain.RoleCommitteeMember, true, false, false},
		{domain.RoleGroupLeader, true, false, false},
		{domain.RoleInstructor, true, false, false},
		{domain.RoleAuditor, true, false, false},
		{domain.RoleMember, false, false, false},
		{domain.RoleMerchant, false, false, false},
	}
	for _, c := range cases {
		path := "/1/2/"
		if c.role == domain.RoleAdmin {
			path = "/"
		}
		a := actorWith(g(c.role, path))
		for p, want := range map[auth.Permission]bool{auth.DuesRead: c.read, auth.DuesManage: c.manage, auth.DuesApprove: c.approve} {
			if got := a.Can(p, "/1/2/3/"); got != want {
				t.Errorf("%s %s over its subtree: %v, want %v", c.role, p, got, want)
			}
			if c.role != domain.RoleAdmin && c.role != domain.RoleGroupLeader && a.Can(p, "/1/4/") { // a group leader reads the group's branch
				t.Errorf("%s %s outside its subtree", c.role, p)
			}
		}
	}
}
