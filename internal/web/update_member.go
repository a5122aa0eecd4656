package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// updateMember saves the edit form: the fields the user changed (an emptied one clears).
// The personal numbers show empty, since the page knows only their masked forms: typing one
// replaces it, leaving it empty keeps it. The phone, which a member may have none of, is
// removed by ticking "clear phone" (the service clears on an empty string).
func (h *handler) updateMember(w http.ResponseWriter, r *http.Request) {
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
	m, err := h.set.Members.Get(ctx, a, id, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	was := memberEditForm(m)
	phone := f.str("phone")
	if f.Get("clear_phone") != "" {
		if phone != nil {
			// A new number and "clear" together: ask rather than guess which was meant.
			p := h.page(r, "")
			f.Errors["phone"] = p.T("web.member.clear_phone_conflict")
			f.Message = p.T("err.invalid")
			h.renderMember(w, r, id, http.StatusUnprocessableEntity, f, false)
			return
		}
		phone = new("")
	}
	in := member.Input{Name: f.changed(was, "name"), Gender: f.changed(was, "gender"), Ethnicity: f.changed(was, "ethnicity"),
		BirthDate: f.changed(was, "birth_date"), IDNumber: f.str("id_number"), Phone: phone,
		Education: f.changed(was, "education"), OrgID: f.changedID(was, "org_id"), GroupID: f.changedID(was, "group_id"),
		Category: f.changed(was, "category"), Standing: f.changed(was, "standing"),
		Floating: f.changedFlag(was, "floating"), LostContact: f.changedFlag(was, "lost_contact"),
		JoinedOn: f.changed(was, "joined_on"), FullMemberOn: f.changed(was, "full_member_on"),
		JobTitle: f.changed(was, "job_title"), Positions: f.changedList(was, "positions")}
	if _, err := h.set.Members.Update(ctx, a, id, in); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, memberFields...)
			h.renderMember(w, r, id, status, f, false)
		})
		return
	}
	h.redirect(w, r, "/members/"+itoa64(id)+"?saved=1")
}
