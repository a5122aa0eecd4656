package auth

import (
	"sort"
	"strings"

	"dangjian/internal/domain"
)

// Actor is who is calling a service: a signed-in user with grants, or the system itself
// (CLI and demo loader). It is passed explicitly to every service method.
type Actor struct {
	User   *domain.User
	IP     string
	System bool // the operator at the console: every permission, audited as "system"
}

// SystemActor is the operator running the CLI on the server.
func SystemActor() *Actor {
	return &Actor{System: true, User: &domain.User{Username: "system"}}
}

// Permission names an action; each maps to the roles that may perform it.
type Permission string

const (
	OrgRead      Permission = "org.read"
	OrgCreate    Permission = "org.create" // create below, and move within
	OrgUpdate    Permission = "org.update"
	MemberRead   Permission = "member.read"
	MemberWrite  Permission = "member.write"
	MemberReveal Permission = "member.reveal"
	UserManage   Permission = "user.manage"
	AuditRead    Permission = "audit.read"

	// Points (issue 4). Readers see accounts and entries in scope (members see their own
	// without a grant); award is a direct award; approve decides claims; catalogue edits
	// indicator catalogues of the organisations in scope; reverse posts reversing entries.
	PointsRead      Permission = "points.read"
	PointsAward     Permission = "points.award"
	PointsApprove   Permission = "points.approve"
	PointsCatalogue Permission = "points.catalogue"
	PointsReverse   Permission = "points.reverse"

	// Redemption at the service alliance (issue 4 part 6): manage runs the merchants, their
	// operators and rewards of the alliances in scope; read sees them and their redemptions.
	// Members redeem and operators confirm through their own links, without a permission.
	RedemptionManage Permission = "redemption.manage"
	RedemptionRead   Permission = "redemption.read"

	// Ratings (issue 4 part 5): run computes a year's composite scores and stars for a
	// subtree and calibrates results; publish publishes them, which closes the year there.
	RatingsRun     Permission = "ratings.run"
	RatingsPublish Permission = "ratings.publish"

	// The party-fund pool (issue 6 part 6): read sees an organisation's fund ledger and
	// report; manage records income, files spending requests, reverses and remits; approve
	// decides spending requests (never one's own) and publishes the yearly report.
	FundsRead    Permission = "funds.read"
	FundsManage  Permission = "funds.manage"
	FundsApprove Permission = "funds.approve"

	// Party dues (issue 6): read sees profiles, hardship applications and bills in scope;
	// manage sets profiles, generates bills, imports bases and agrees to hardship for the
	// branch; approve is the next-level approval of a hardship application, so the grant must
	// cover the parent of the member's branch.
	DuesRead    Permission = "dues.read"
	DuesManage  Permission = "dues.manage"
	DuesApprove Permission = "dues.approve"
)

var readers = []string{domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary, domain.RoleCommitteeMember,
	domain.RoleGroupLeader, domain.RoleInstructor, domain.RoleAuditor}

// permissionRoles is the authorisation matrix: which roles grant which permission over the
// granted organisation's subtree. Auditors read everything in scope and write nothing.
var permissionRoles = map[Permission][]string{
	OrgRead:      readers,
	OrgCreate:    {domain.RoleAdmin, domain.RoleOrgAdmin},
	OrgUpdate:    {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},
	MemberRead:   readers,
	MemberWrite:  {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},
	MemberReveal: {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},
	UserManage:   {domain.RoleAdmin, domain.RoleOrgAdmin},
	AuditRead:    {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleAuditor},

	PointsRead:      readers,
	PointsAward:     {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary, domain.RoleCommitteeMember},
	PointsApprove:   {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary, domain.RoleCommitteeMember, domain.RoleGroupLeader},
	PointsCatalogue: {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},
	PointsReverse:   {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},

	RedemptionManage: {domain.RoleAdmin, domain.RoleOrgAdmin},
	RedemptionRead:   {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleAuditor},

	RatingsRun:     {domain.RoleAdmin, domain.RoleOrgAdmin},
	RatingsPublish: {domain.RoleAdmin, domain.RoleOrgAdmin},

	FundsRead:    readers,
	FundsManage:  {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},
	FundsApprove: {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},

	DuesRead:    readers,
	DuesManage:  {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},
	DuesApprove: {domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary},
}

// grantPath is the subtree a grant covers. An admin grant covers everything. A group
// leader's grant on a party group covers the group's branch, whose members the group is
// drawn from (members belong to branches; groups only label them).
func grantPath(g domain.Grant) string {
	if g.Role == domain.RoleAdmin {
		return "/"
	}
	if g.Role == domain.RoleGroupLeader && strings.Count(g.OrgPath, "/") > 2 {
		p := strings.TrimSuffix(g.OrgPath, "/")
		return p[:strings.LastIndex(p, "/")+1]
	}
	return g.OrgPath
}

// Scopes returns the subtree roots where the actor has the permission, with nested roots
// folded into their ancestors. Empty means nowhere.
func (a *Actor) Scopes(p Permission) []string {
	if a == nil {
		return nil
	}
	if a.System {
		return []string{"/"}
	}
	if a.User == nil {
		return nil
	}
	var paths []string
	for _, g := range a.User.Grants {
		if domain.Contains(permissionRoles[p], g.Role) && g.OrgPath != "" {
			paths = append(paths, grantPath(g))
		}
	}
	return foldPaths(paths)
}

func foldPaths(paths []string) []string {
	sort.Strings(paths)
	var out []string
	for _, p := range paths {
		if len(out) > 0 && strings.HasPrefix(p, out[len(out)-1]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Can reports whether the actor has the permission over the organisation at path.
func (a *Actor) Can(p Permission, path string) bool {
	for _, s := range a.Scopes(p) {
		if domain.InSubtree(path, s) {
			return true
		}
	}
	return false
}

// IsAdmin reports whether the actor is a system administrator (or the system).
func (a *Actor) IsAdmin() bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	if a.User == nil {
		return false
	}
	for _, g := range a.User.Grants {
		if g.Role == domain.RoleAdmin {
			return true
		}
	}
	return false
}

// Name is how the actor appears in audit entries and histories.
func (a *Actor) Name() string {
	if a == nil || a.User == nil {
		return ""
	}
	return a.User.Username
}

// UserID is the actor's user id, 0 for the system.
func (a *Actor) UserID() int64 {
	if a == nil || a.User == nil {
		return 0
	}
	return a.User.ID
}

// MemberID is the member the actor's account is linked to, 0 when none.
func (a *Actor) MemberID() int64 {
	if a == nil || a.User == nil {
		return 0
	}
	return a.User.MemberID
}

// HasRoleOver reports whether the actor holds one of roles by a grant whose subtree covers
// path (the system and admins always do). Capabilities whose data names the roles that may
// act (a points indicator's award roles) check with it, on top of a permission.
func (a *Actor) HasRoleOver(roles []string, path string) bool {
	if a.IsAdmin() {
		return true
	}
	if a == nil || a.User == nil {
		return false
	}
	for _, g := range a.User.Grants {
		if domain.Contains(roles, g.Role) && g.OrgPath != "" && domain.InSubtree(path, grantPath(g)) {
			return true
		}
	}
	return false
}
