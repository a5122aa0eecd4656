package api

import "net/http"

// updateMember changes the given fields of a member; ?reveal=1 answers with the numbers in
// clear (audited), for an editor that shows them.
func (h *handler) updateMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	p := queryParams(r)
	reveal := p.flag("reveal")
	if err := p.err(); err != nil {
		return err
	}
	in, err := decodeMemberRequest(r.Body)
	if err != nil {
		return err
	}
	a := actor(r)
	m, err := h.set.Members.Update(r.Context(), a, id, in)
	if err != nil {
		return err
	}
	if reveal {
		if m, err = h.set.Members.Get(r.Context(), a, id, true); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, memberView(m))
	return nil
}
