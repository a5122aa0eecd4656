package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// transferForms are the steps' forms; a rejected one comes back with its errors.
type transferForms struct {
	Accept, Reject, Receipt *Form
}

// transferData is a transfer's page: the letter's data, the flags, and the step each end
// may take now.
type transferData struct {
	*Page
	Transfer   *domain.Transfer
	Forms      transferForms
	CanAccept  bool // the receiving branch, while the letter is pending
	CanReceipt bool
	CanLetter  bool
	Saved      bool
}

func (h *handler) showTransfer(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderTransfer(w, r, id, http.StatusOK, transferForms{})
}

func (h *handler) renderTransfer(w http.ResponseWriter, r *http.Request, id int64, status int, forms transferForms) {
	a := actor(r)
	t, err := h.set.Transfers.Get(r.Context(), a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &transferData{Page: h.page(r, ""), Transfer: t, Forms: forms,
		Saved: r.Method == http.MethodGet && r.URL.Query().Get("saved") == "1"}
	d.Page.Title = d.T("web.transfer.title", t.MemberName)
	writes := func(path string) bool { return path != "" && a.Can(auth.MemberWrite, path) }
	d.CanAccept = t.Kind == domain.TransferSystem && t.Status == domain.TransferPending && writes(t.ToOrgPath)
	d.CanReceipt = (writes(t.FromOrgPath) || writes(t.ToOrgPath)) &&
		((t.Kind == domain.TransferSystem || t.Kind == domain.TransferIn) && t.Status == domain.TransferAccepted ||
			t.Kind == domain.TransferOutside && t.Status == domain.TransferPending)
	d.CanLetter = (t.Kind == domain.TransferSystem || t.Kind == domain.TransferOutside) &&
		t.FromOrgPath != "" && a.Can(auth.MemberReveal, t.FromOrgPath)
	for _, f := range []**Form{&d.Forms.Accept, &d.Forms.Reject, &d.Forms.Receipt} {
		if *f == nil {
			*f = newForm(url.Values{"on": {today()}})
		}
	}
	h.html(w, r, status, "transfer", d)
}

// transferStepFields are the fields of the step forms.
var transferStepFields = []string{"on", "reason"}
