package domain

import "time"

// Roles (API.md). A grant names an org and covers its subtree.
const (
	RoleAdmin           = "admin"
	RoleOrgAdmin        = "org_admin"
	RoleSecretary       = "secretary"
	RoleCommitteeMember = "committee_member"
	RoleGroupLeader     = "group_leader"
	RoleMember          = "member"
	RoleInstructor      = "instructor"
	RoleMerchant        = "merchant"
	RoleAuditor         = "auditor"
)

var Roles = []string{RoleAdmin, RoleOrgAdmin, RoleSecretary, RoleCommitteeMember, RoleGroupLeader, RoleMember, RoleInstructor, RoleMerchant, RoleAuditor}

// User is an account that can sign in.
type User struct {
	ID          int64
	Username    string
	DisplayName string
	MemberID    int64
	Locale      string
	Disabled    bool
	CreatedAt   time.Time
	Grants      []Grant
}

// Grant gives a role over an organisation's subtree. OrgPath is filled from the org.
type Grant struct {
	ID      int64
	UserID  int64
	Role    string
	OrgID   int64
	OrgPath string
	OrgName string
}

// AuditEntry records one write or reveal.
type AuditEntry struct {
	ID         int64
	At         time.Time
	UserID     int64
	Username   string
	Action     string // e.g. org.create, member.update, member.reveal
	EntityType string
	EntityID   int64
	OrgPath    string
	Before     string // JSON
	After      string // JSON
	IP         string
}

// Session is a signed-in browser session.
type Session struct {
	ID         string // the hash of the cookie value
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}
