package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
)

type duesArrearsData struct {
	*Page
	Arrears    *duesstats.Arrears
	Decisions  []Option
	Form       *Form // the decision form that was rejected, for FormMember
	FormMember int64
}

// Yuan formats fen for the page.
func (d *duesArrearsData) Yuan(fen int64) string { return yuan(fen) }

// FormFor is the decision form of a member: the rejected one with its errors, or an empty one.
func (d *duesArrearsData) FormFor(memberID int64) *Form {
	if d.Form != nil && d.FormMember == memberID {
		return d.Form
	}
	return newForm(url.Values{"decision": {duesstats.DecisionContacted}})
}

// listDuesArrears is the secretary's arrears list (党费欠缴): members of the subtree with unpaid
// months, flagged members (six consecutive months by default) on top with the branch's
// latest decision, and a form to record one.
func (h *handler) listDuesArrears(w http.ResponseWriter, r *http.Request) {
	h.renderDuesArrears(w, r, http.StatusOK, nil, 0)
}

func (h *handler) renderDuesArrears(w http.ResponseWriter, r *http.Request, status int, f *Form, memberID int64) {
	orgID, err := h.duesOrgID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	through := monthParam(r, "through")
	if f != nil { // a rejected form comes back to the list it was sent from
		orgID, through = queryID(f.Get("org_id")), f.Get("through")
	}
	ar, err := h.set.DuesStats.Arrears(r.Context(), actor(r), orgID, through)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.page(r, "web.duesstats.arrears_title", ar.OrgName)
	h.html(w, r, status, "dues_arrears", &duesArrearsData{Page: p, Arrears: ar, Form: f, FormMember: memberID,
		Decisions: p.Choices("web.duesstats.decision.", duesstats.Decisions)})
}

// recordArrearsNote records what the branch decided about a member in arrears and returns to
// the list at the member.
func (h *handler) recordArrearsNote(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	memberID := queryID(f.Get("member_id"))
	_, err = h.set.DuesStats.RecordNote(r.Context(), actor(r), duesstats.NoteInput{MemberID: memberID,
		Decision: f.Get("decision"), Note: f.Get("note")})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "decision", "note")
			h.renderDuesArrears(w, r, status, f, memberID)
		})
		return
	}
	q := url.Values{"org_id": {f.Get("org_id")}}
	if t := f.Get("through"); t != "" {
		q.Set("through", t)
	}
	h.redirect(w, r, "/dues/arrears?"+q.Encode()+"#m"+strconv.FormatInt(memberID, 10))
}
