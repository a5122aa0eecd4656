package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// transferFields are the fields of the transfer form.
var transferFields = []string{"to_org_id", "to_external_name", "reason", "dues_paid_through", "valid_days", "issued_on", "letter_no"}

// createTransfer issues the transfer (an internal one moves the member at once) and shows
// it.
func (h *handler) createTransfer(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, transferFields...)
		h.renderNewTransfer(w, r, status, f)
	}
	if bad := badNumbers(f, "valid_days"); len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	in := transfer.CreateInput{MemberID: queryID(f.Get("member_id")), Reason: f.Get("reason"),
		DuesPaidThrough: f.Get("dues_paid_through"), ValidDays: number(f, "valid_days"), IssuedOn: f.Get("issued_on"),
		LetterNo: f.Get("letter_no")}
	// Only the chosen destination is sent, so a value left in the other one does not make
	// the service refuse two destinations.
	if f.Get("destination") == "outside" {
		in.ToExternalName = f.Get("to_external_name")
	} else {
		in.ToOrgID = queryID(f.Get("to_org_id"))
	}
	t, err := h.set.Transfers.Create(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/transfers/"+itoa64(t.ID)+"?saved=1")
}
