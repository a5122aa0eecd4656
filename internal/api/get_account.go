package api

import "net/http"

// getAccount answers a subject's two accounts for a year: {appraisal: {total, by_category,
// composite}, reward_balance, stars, …}: ?subject_type= (default member) &subject_id=
// (default the caller's own member record) &year= (default this year in China).
func (h *handler) getAccount(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	typ, id := p.subject(actor(r).MemberID())
	year := p.year("year")
	if err := p.err(); err != nil {
		return err
	}
	v, err := h.set.Points.Account(r.Context(), actor(r), typ, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
