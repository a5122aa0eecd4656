package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/transfer"
)

// incomingFields are the letter's fields of the incoming form (the member's are
// memberFields).
var incomingFields = []string{"from_external_name", "letter_no", "issued_on", "valid_days", "dues_paid_through", "reported_on", "reason"}

// createIncomingTransfer puts the member on the receiving branch's roster and records the
// letter; the receipt is then owed to the sender.
func (h *handler) createIncomingTransfer(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, append(append([]string{}, memberFields...), incomingFields...)...)
		h.renderIncomingTransfer(w, r, status, f)
	}
	if bad := badNumbers(f, "valid_days"); len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	in := transfer.IncomingInput{
		Member: member.Input{Name: f.str("name"), Gender: f.str("gender"), Ethnicity: f.str("ethnicity"),
			BirthDate: f.str("birth_date"), IDNumber: f.str("id_number"), Phone: f.str("phone"),
			Education: f.str("education"), OrgID: f.id("org_id"), GroupID: f.id("group_id"), Category: f.str("category"),
			Standing: f.str("standing"), Floating: f.flag("floating"), LostContact: f.flag("lost_contact"),
			JoinedOn: f.str("joined_on"), FullMemberOn: f.str("full_member_on"), JobTitle: f.str("job_title"),
			Positions: f.list("positions")},
		FromExternalName: f.Get("from_external_name"), LetterNo: f.Get("letter_no"), IssuedOn: f.Get("issued_on"),
		ValidDays: number(f, "valid_days"), DuesPaidThrough: f.Get("dues_paid_through"), ReportedOn: f.Get("reported_on"),
		Reason: f.Get("reason")}
	t, err := h.set.Transfers.Incoming(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/transfers/"+itoa64(t.ID)+"?saved=1")
}
