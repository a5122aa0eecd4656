package api

import (
	"io"

	"dangjian/internal/account"
	"dangjian/internal/domain"
)

// userRequest is the body of POST /users and PATCH /users/{id}. grants, when given,
// replaces all of the user's grants.
type userRequest struct {
	Username    *string         `json:"username"`
	Password    *string         `json:"password"`
	DisplayName *string         `json:"display_name"`
	MemberID    ID              `json:"member_id"`
	Locale      *string         `json:"locale"`
	Disabled    *bool           `json:"disabled"`
	Grants      *[]grantRequest `json:"grants"`
}

type grantRequest struct {
	Role  string `json:"role"`
	OrgID ID     `json:"org_id"`
}

// decodeUserRequest reads a user body into the service's Input. Errors: EBadRequest,
// EInvalid (a malformed id).
func decodeUserRequest(body io.Reader) (account.Input, error) {
	var req userRequest
	if err := decodeJSON(body, &req); err != nil {
		return account.Input{}, err
	}
	v := &domain.Validation{}
	in := account.Input{Username: req.Username, Password: req.Password, DisplayName: req.DisplayName,
		MemberID: req.MemberID.optional("member_id", v), Locale: req.Locale, Disabled: req.Disabled}
	if req.Grants != nil {
		grants := make([]account.GrantInput, 0, len(*req.Grants))
		for _, g := range *req.Grants {
			var orgID int64
			if p := g.OrgID.optional("grants", v); p != nil {
				orgID = *p
			}
			grants = append(grants, account.GrantInput{Role: g.Role, OrgID: orgID})
		}
		in.Grants = &grants
	}
	return in, v.Err()
}
