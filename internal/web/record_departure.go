package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// recordDeparture takes a member off the roster (deceased, other) from a day; a refusal
// comes back beside the field on the member page.
func (h *handler) recordDeparture(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.Members.RecordDeparture(r.Context(), actor(r), id, member.DepartureInput{Reason: f.Get("reason"),
		On: f.Get("on"), Note: f.Get("note")})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "reason", "on", "note")
			h.renderMemberWith(w, r, id, status, memberForms{Departure: f}, false)
		})
		return
	}
	h.redirect(w, r, "/members/"+itoa64(id)+"?saved=1")
}
