package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// acceptTransfer records that the member reported to the receiving branch, which takes
// them in.
func (h *handler) acceptTransfer(w http.ResponseWriter, r *http.Request) {
	h.transferStep(w, r, func(id int64, f *Form) (transferForms, error) {
		_, err := h.set.Transfers.Accept(r.Context(), actor(r), id, transfer.StepInput{On: f.Get("on")})
		return transferForms{Accept: f}, err
	})
}

// transferStep runs one step of a transfer from its form: a refusal comes back beside the
// field in that form, success shows the transfer.
func (h *handler) transferStep(w http.ResponseWriter, r *http.Request, run func(id int64, f *Form) (transferForms, error)) {
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
	forms, err := run(id, f)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, transferStepFields...)
			h.renderTransfer(w, r, id, status, forms)
		})
		return
	}
	h.redirect(w, r, "/transfers/"+itoa64(id)+"?saved=1")
}
