package api

import "net/http"

// getMember returns one member; ?reveal=1 shows the personal numbers in clear (audited).
func (h *handler) getMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	p := queryParams(r)
	reveal := p.flag("reveal")
	if err := p.err(); err != nil {
		return err
	}
	m, err := h.set.Members.Get(r.Context(), actor(r), id, reveal)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberView(m))
	return nil
}
