package demo

import (
	"context"
	"fmt"

	"dangjian/internal/account"
	"dangjian/internal/domain"
)

// Password is every demo account's password (≥ 8 characters, four character classes).
const Password = "Dangjian@2026"

// demoAccount is one account to create: a role over an organisation, optionally linked to
// a member (the secretary and the plain member sign in as themselves).
type demoAccount struct {
	username, display, role string
	org                     *orgPlan
	member                  *person
}

// accounts creates the demo's sign-ins through account.Service, so they are validated,
// hashed and audited like any other.
func (l *loader) accounts(ctx context.Context, ent, dist *orgPlan) ([]Credential, error) {
	branch := ent.children[6] // 智慧环保事业部党支部: a mid-sized branch with a full committee
	secretary, plain := holder(branch, "secretary"), holder(branch, "")
	list := []demoAccount{
		{username: "admin", display: "系统管理员", role: domain.RoleAdmin},
		{username: "ent_admin", display: "企业党委党务管理员", role: domain.RoleOrgAdmin, org: ent},
		{username: "ent_secretary", display: secretary.Name, role: domain.RoleSecretary, org: branch, member: secretary},
		{username: "district_admin", display: "区委两新工委党务管理员", role: domain.RoleOrgAdmin, org: dist},
		{username: "district_auditor", display: "区委组织部审计员", role: domain.RoleAuditor, org: dist},
		{username: "member", display: plain.Name, role: domain.RoleMember, org: branch, member: plain},
	}
	var out []Credential
	for _, a := range list {
		grant := account.GrantInput{Role: a.role}
		orgName := ""
		if a.org != nil {
			grant.OrgID, orgName = a.org.ID, a.org.Name
		}
		grants := []account.GrantInput{grant}
		in := account.Input{Username: ptr(a.username), Password: ptr(Password), DisplayName: ptr(a.display),
			Locale: ptr(""), Grants: &grants}
		if a.member != nil {
			in.MemberID = &a.member.ID
		}
		if _, err := l.set.Accounts.Create(ctx, l.actor, in); err != nil {
			return nil, fmt.Errorf("demo: account %s: %w", a.username, err)
		}
		out = append(out, Credential{Username: a.username, Password: Password, Role: a.role, Org: orgName})
	}
	return out, nil
}

// holder returns the branch's member holding position, or with "" a full member holding
// none.
func holder(branch *orgPlan, position string) *person {
	for _, p := range branch.members {
		if position != "" && domain.Contains(p.Positions, position) {
			return p
		}
		if position == "" && len(p.Positions) == 0 && p.Category == domain.CategoryFull && p.Standing == domain.StandingNormal {
			return p
		}
	}
	panic("demo: no member for position " + position + " in " + branch.Name) // the plan always has one
}
