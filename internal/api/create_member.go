package api

import "net/http"

// createMember adds a member to a branch: 201 with the member (numbers masked).
func (h *handler) createMember(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeMemberRequest(r.Body)
	if err != nil {
		return err
	}
	m, err := h.set.Members.Create(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/members/"+formatID(m.ID))
	writeJSON(w, http.StatusCreated, memberView(m))
	return nil
}
