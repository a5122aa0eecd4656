package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// listOperators lists a merchant's operators (to its managers, readers and operators).
func (h *handler) listOperators(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "merchant")
	if err != nil {
		return err
	}
	return h.writeOperators(w, r, id)
}

// addOperator links a user who holds role merchant over the alliance to the merchant
// {user_id} (again: nothing changes): 200 with the operators.
func (h *handler) addOperator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "merchant")
	if err != nil {
		return err
	}
	var req operatorRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	userID := requiredID(req.UserID, "user_id", v)
	if err := v.Err(); err != nil {
		return err
	}
	if err := h.set.Redemption.AddOperator(r.Context(), actor(r), id, userID); err != nil {
		return err
	}
	return h.writeOperators(w, r, id)
}

// removeOperator unlinks an operator (one not linked: nothing changes): 200 with the
// operators.
func (h *handler) removeOperator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "merchant")
	if err != nil {
		return err
	}
	userID, bad := parseID(r.PathValue("user_id"))
	if bad {
		return domain.NotFound("user")
	}
	if err := h.set.Redemption.RemoveOperator(r.Context(), actor(r), id, userID); err != nil {
		return err
	}
	return h.writeOperators(w, r, id)
}

func (h *handler) writeOperators(w http.ResponseWriter, r *http.Request, merchantID int64) error {
	list, err := h.set.Redemption.Operators(r.Context(), actor(r), merchantID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(operatorViews(list), ""))
	return nil
}
