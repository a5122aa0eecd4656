package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// getMe answers who the caller is: {user, member, grants}. member is null when the account
// is not linked to a member on the roster.
func (h *handler) getMe(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	u, err := h.set.Accounts.Me(r.Context(), a)
	if err != nil {
		return err
	}
	var m *memberJSON
	if u.MemberID != 0 {
		mem, err := h.set.Members.Get(r.Context(), a, u.MemberID, false)
		switch domain.ErrorCode(err) {
		case "":
			v := memberView(mem)
			m = &v
		case domain.ENotFound:
			// The linked member is gone from the caller's sight: show no member.
		default:
			return err
		}
	}
	writeJSON(w, http.StatusOK, struct {
		User   userJSON    `json:"user"`
		Member *memberJSON `json:"member"`
		Grants []grantJSON `json:"grants"`
	}{userView(u), m, grantViews(u.Grants)})
	return nil
}
