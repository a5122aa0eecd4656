package api

import "dangjian/internal/domain"

// userJSON is an account as the API shows it; never the password hash.
type userJSON struct {
	ID          jsonID      `json:"id"`
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	MemberID    nullID      `json:"member_id"`
	Locale      string      `json:"locale"`
	Disabled    bool        `json:"disabled"`
	Grants      []grantJSON `json:"grants"`
	CreatedAt   stamp       `json:"created_at"`
}

// grantJSON is one role over an organisation's subtree; org_id is null for admin.
type grantJSON struct {
	Role    string `json:"role"`
	OrgID   nullID `json:"org_id"`
	OrgName string `json:"org_name"`
}

func userView(u *domain.User) userJSON {
	return userJSON{ID: jsonID(u.ID), Username: u.Username, DisplayName: u.DisplayName, MemberID: nullID(u.MemberID),
		Locale: u.Locale, Disabled: u.Disabled, Grants: grantViews(u.Grants), CreatedAt: stamp(u.CreatedAt)}
}

func grantViews(gs []domain.Grant) []grantJSON {
	out := make([]grantJSON, len(gs))
	for i, g := range gs {
		out[i] = grantJSON{Role: g.Role, OrgID: nullID(g.OrgID), OrgName: g.OrgName}
	}
	return out
}
