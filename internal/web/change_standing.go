package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// changeStanding suspends, retains, restores or expels a member, with the day and the
// reason; a refusal comes back beside the field on the member page.
func (h *handler) changeStanding(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.Members.ChangeStanding(r.Context(), actor(r), id, member.StandingInput{Action: f.Get("action"),
		On: f.Get("on"), Reason: f.Get("reason")})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "action", "on", "reason")
			h.renderMemberForms(w, r, id, status, nil, f, false)
		})
		return
	}
	h.redirect(w, r, "/members/"+itoa64(id)+"?saved=1")
}
