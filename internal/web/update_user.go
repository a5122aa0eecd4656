package web

import (
	"net/http"

	"dangjian/internal/account"
	"dangjian/internal/domain"
)

// updateUser saves an account: display name, disabled, grants, and a new password when one
// is typed (which also ends the user's sessions — the service does that).
func (h *handler) updateUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	in := account.Input{DisplayName: f.strAlways("display_name"), Password: f.str("password"),
		Disabled: f.flag("disabled"), Grants: grantInputs(f)}
	f.Values.Del("password")
	if _, err := h.set.Accounts.Update(ctx, a, id, in); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			u, gerr := h.set.Accounts.Get(ctx, a, id)
			if gerr != nil {
				h.fail(w, r, gerr)
				return
			}
			f.Values.Set("username", u.Username)
			f.setError(h.page(r, ""), e, userFields...)
			h.renderUser(w, r, status, u, f)
		})
		return
	}
	h.redirect(w, r, "/users/"+itoa64(id)+"?saved=1")
}
