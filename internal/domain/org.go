package domain

import (
	"strconv"
	"strings"
	"time"
)

// OrgType is the kind of a party organisation.
type OrgType string

const (
	OrgRegion          OrgType = "region"           // district, town and work committees that manage others
	OrgCommittee       OrgType = "committee"        // 基层党委
	OrgGeneralBranch   OrgType = "general_branch"   // 党总支
	OrgBranch          OrgType = "branch"           // 党支部
	OrgJointBranch     OrgType = "joint_branch"     // 联合党支部
	OrgTemporaryBranch OrgType = "temporary_branch" // 临时党支部
	OrgGroup           OrgType = "group"            // 党小组
)

// OrgTypes lists every type in the order forms offer them.
var OrgTypes = []OrgType{OrgRegion, OrgCommittee, OrgGeneralBranch, OrgBranch, OrgJointBranch, OrgTemporaryBranch, OrgGroup}

// Valid reports whether t is a known type.
func (t OrgType) Valid() bool {
	for _, k := range OrgTypes {
		if k == t {
			return true
		}
	}
	return false
}

// IsBranch reports whether members belong to an organisation of this type directly.
func (t OrgType) IsBranch() bool {
	return t == OrgBranch || t == OrgJointBranch || t == OrgTemporaryBranch
}

// CanParent reports whether an organisation of type t may sit under one of type parent.
// Party groups live only inside branches; nothing lives inside a party group; regions sit
// only under regions (a region is the top of a tree or part of a chain of regions).
func (t OrgType) CanParent(parent OrgType) bool {
	switch {
	case parent == OrgGroup:
		return false
	case t == OrgGroup:
		return parent.IsBranch()
	case t == OrgRegion:
		return parent == OrgRegion
	case parent.IsBranch():
		return false // a branch holds members and groups only
	}
	return true
}

// Org warnings (API.md).
const (
	WarnOver50Members     = "over_50_members"
	WarnNeedsCommittee    = "needs_committee"
	WarnTooFewFullMembers = "too_few_full_members"
	WarnTermEnding        = "term_ending"
	WarnTermExpired       = "term_expired"
)

// Org is a party organisation in the tree.
type Org struct {
	ID                 int64
	ParentID           int64  // 0 at a root
	Path               string // materialised path of ids, "/1/7/42/"
	Depth              int
	Name               string
	Type               OrgType
	Code               string
	UnitName           string
	UnitCreditCode     string
	EstablishedOn      Date
	TermStartedOn      Date
	TermEndsOn         Date
	DemonstrationLevel string // "", "town", "district", "city", "province", "national"
	CommitteeSize      int    // committee members holding positions in the org (derived from positions)
	CreatedAt          time.Time
	UpdatedAt          time.Time

	// Counts filled by queries that need them.
	MemberCount     int // members in the organisation and its subtree
	FullMemberCount int
	ChildCount      int
}

// DemonstrationLevels lists the levels of demonstration sites, lowest first.
var DemonstrationLevels = []string{"town", "district", "city", "province", "national"}

// OrgPath builds the materialised path of an organisation below parentPath.
func OrgPath(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}

// PathIDs returns the ids on a materialised path, root first.
func PathIDs(path string) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// InSubtree reports whether path lies at or below root.
func InSubtree(path, root string) bool { return root != "" && strings.HasPrefix(path, root) }

// PathUpperBound returns the smallest string greater than every path below prefix, so a
// subtree is the index range [prefix, PathUpperBound(prefix)) in both engines (paths hold
// only digits and '/', and '0' follows '/' in byte order).
func PathUpperBound(prefix string) string { return prefix[:len(prefix)-1] + "0" }

// OrgRules are the organisational thresholds in force (RULES.md). They are data with a
// validity period (rule key "org.structure"); DefaultOrgRules are only the shipped values.
type OrgRules struct {
	MaxBranchMembers int            `json:"max_branch_members"` // warn above
	MinFullMembers   int            `json:"min_full_members"`   // fewer: joint branch or instructor
	CommitteeAtFull  int            `json:"committee_at_full"`  // this many full members elect a committee
	TermRemindMonths int            `json:"term_remind_months"` // first reminder before term end
	TermYears        map[string]int `json:"term_years"`         // by org type
}

// DefaultOrgRules are the shipped values of RULES.md.
var DefaultOrgRules = OrgRules{MaxBranchMembers: 50, MinFullMembers: 3, CommitteeAtFull: 7, TermRemindMonths: 6,
	TermYears: map[string]int{"region": 5, "committee": 5, "general_branch": 3, "branch": 3, "joint_branch": 3, "temporary_branch": 3}}

// TermEnd returns when a term that started on start ends for an organisation of type t, or
// the zero Date when the type has no term.
func (r OrgRules) TermEnd(t OrgType, start Date) Date {
	years := r.TermYears[string(t)]
	if years == 0 || start.IsZero() {
		return Date{}
	}
	return start.AddDate(years, 0, 0)
}

// Warnings computes the organisation's warnings on the given day. Member counts must be
// filled in; for branches they are the branch's own members.
func (o *Org) Warnings(r OrgRules, today Date) []string {
	w := []string{}
	if o.Type.IsBranch() {
		if o.MemberCount > r.MaxBranchMembers {
			w = append(w, WarnOver50Members)
		}
		if o.FullMemberCount < r.MinFullMembers {
			w = append(w, WarnTooFewFullMembers)
		}
		if o.FullMemberCount >= r.CommitteeAtFull && o.CommitteeSize < 3 {
			w = append(w, WarnNeedsCommittee)
		}
	}
	if !o.TermEndsOn.IsZero() && o.Type != OrgGroup {
		switch {
		case !o.TermEndsOn.After(today):
			w = append(w, WarnTermExpired)
		case !o.TermEndsOn.After(today.AddDate(0, r.TermRemindMonths, 0)):
			w = append(w, WarnTermEnding)
		}
	}
	return w
}
