package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// memberFields are the fields the member forms show, so an error on any other field is
// still shown (in the form's overall message).
var memberFields = []string{"name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education", "org_id",
	"group_id", "category", "standing", "floating", "lost_contact", "joined_on", "full_member_on", "job_title", "positions"}

// createMember adds a member from the new-member form; a rejected form comes back with
// the entered values and each problem beside its field.
func (h *handler) createMember(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := member.Input{Name: f.str("name"), Gender: f.str("gender"), Ethnicity: f.str("ethnicity"),
		BirthDate: f.str("birth_date"), IDNumber: f.str("id_number"), Phone: f.str("phone"),
		Education: f.str("education"), OrgID: f.id("org_id"), GroupID: f.id("group_id"), Category: f.str("category"),
		Standing: f.str("standing"), Floating: f.flag("floating"), LostContact: f.flag("lost_contact"),
		JoinedOn: f.str("joined_on"), FullMemberOn: f.str("full_member_on"), JobTitle: f.str("job_title"),
		Positions: f.list("positions")}
	m, err := h.set.Members.Create(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, memberFields...)
			h.renderNewMember(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/members/"+itoa64(m.ID)+"?saved=1")
}
