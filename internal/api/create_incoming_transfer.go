package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// incomingFields are the fields of the letter itself; every other field problem belongs
// to the member's particulars and is named member.FIELD.
var incomingFields = []string{"from_external_name", "letter_no", "issued_on", "valid_days", "dues_paid_through",
	"reported_on", "reason"}

// createIncomingTransfer takes in a member transferred from an organisation outside the
// system: the member joins the receiving branch's roster and the transfer (kind in, status
// accepted) waits for the receipt to be sent back. 201 with the transfer.
func (h *handler) createIncomingTransfer(w http.ResponseWriter, r *http.Request) error {
	var req incomingRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := transfer.IncomingInput{Member: req.Member.input(v), FromExternalName: req.FromExternalName,
		LetterNo: req.LetterNo, IssuedOn: req.IssuedOn, ValidDays: req.ValidDays, DuesPaidThrough: req.DuesPaidThrough,
		ReportedOn: req.ReportedOn, Reason: req.Reason}
	if err := v.Err(); err != nil {
		return incomingProblem(err)
	}
	t, err := h.set.Transfers.Incoming(r.Context(), actor(r), in)
	if err != nil {
		return incomingProblem(err)
	}
	w.Header().Set("Location", base+"/transfers/"+formatID(t.ID))
	writeJSON(w, http.StatusCreated, transferView(t))
	return nil
}

// incomingProblem names the fields as the request does: the service calls the day the
// member reported "on", and the member's fields carry no prefix.
func incomingProblem(err error) error {
	e, ok := domain.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	fields := make(map[string]string, len(e.Fields))
	for name, key := range e.Fields {
		switch {
		case name == "on":
			name = "reported_on"
		case !domain.Contains(incomingFields, name):
			name = "member." + name
		}
		fields[name] = key
	}
	return &domain.Error{Code: e.Code, Message: e.Message, Args: e.Args, Fields: fields}
}
