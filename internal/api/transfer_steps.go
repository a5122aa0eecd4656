package api

import (
	"context"
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// transferStep is a service step of a transfer (accept, reject, receipt).
type transferStep func(ctx context.Context, a *auth.Actor, id int64, in transfer.StepInput) (*domain.Transfer, error)

// runTransferStep reads {on, reason} (an empty body is {}) and answers 200 with the transfer
// as changed.
func (h *handler) runTransferStep(w http.ResponseWriter, r *http.Request, step transferStep) error {
	id, err := pathID(r, "transfer")
	if err != nil {
		return err
	}
	var req transferStepRequest
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	t, err := step(r.Context(), actor(r), id, transfer.StepInput{On: req.On, Reason: req.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, transferView(t))
	return nil
}

// acceptTransfer: the member reported to the receiving branch, which takes them in.
func (h *handler) acceptTransfer(w http.ResponseWriter, r *http.Request) error {
	return h.runTransferStep(w, r, h.set.Transfers.Accept)
}

// rejectTransfer: the receiving branch refuses, with a reason; the member stays.
func (h *handler) rejectTransfer(w http.ResponseWriter, r *http.Request) error {
	return h.runTransferStep(w, r, h.set.Transfers.Reject)
}

// receiptTransfer records the receipt (回执) that ends the sender's responsibility.
func (h *handler) receiptTransfer(w http.ResponseWriter, r *http.Request) error {
	return h.runTransferStep(w, r, h.set.Transfers.Receipt)
}
