package web

import (
	"net/http"
	"strings"

	"dangjian/internal/domain"
)

// addOperator links a user (named by username; they must hold role merchant over the
// alliance) to the merchant as one of its operators.
func (h *handler) addOperator(w http.ResponseWriter, r *http.Request) {
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
	rerender := func(status int, e *domain.Error) {
		if k, ok := e.Fields["user_id"]; ok {
			e.Fields["username"] = k
		}
		f.setError(h.page(r, ""), e, "username")
		h.renderMerchant(w, r, status, &merchantData{OpForm: f})
	}
	name := strings.TrimSpace(f.Get("username"))
	var userID int64
	if name != "" {
		users, err := h.set.Accounts.List(ctx, a, name, 0, 20)
		if err != nil && domain.ErrorCode(err) != domain.EForbidden {
			h.fail(w, r, err)
			return
		}
		for _, u := range users {
			if strings.EqualFold(u.Username, name) {
				userID = u.ID
			}
		}
	}
	if userID == 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
			Fields: map[string]string{"username": "web.merchant.no_such_user"}})
		return
	}
	if err := h.set.Redemption.AddOperator(ctx, a, id, userID); err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/merchants/"+itoa64(id)+"?saved=1")
}
