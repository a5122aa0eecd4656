package api

import (
	"context"
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// floatingStep is a service step of a register entry (report, end, lost contact).
type floatingStep func(ctx context.Context, a *auth.Actor, id int64, in transfer.FloatingStep) (*domain.Floating, error)

// runFloatingStep reads {on, note} (an empty body is {}) and answers 200 with the entry as
// changed.
func (h *handler) runFloatingStep(w http.ResponseWriter, r *http.Request, step floatingStep) error {
	id, err := pathID(r, "floating")
	if err != nil {
		return err
	}
	var req floatingStepRequest
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	f, err := step(r.Context(), actor(r), id, transfer.FloatingStep{On: req.On, Note: req.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, floatingView(f))
	return nil
}

// reportFloating records the floating member's report to the home organisation (yearly).
func (h *handler) reportFloating(w http.ResponseWriter, r *http.Request) error {
	return h.runFloatingStep(w, r, h.set.Transfers.Report)
}

// endFloating closes the entry: the member came back or transferred formally.
func (h *handler) endFloating(w http.ResponseWriter, r *http.Request) error {
	return h.runFloatingStep(w, r, h.set.Transfers.EndFloating)
}

// lostContactFloating flags an out-flow member as out of contact (失联) from a day; the
// note is the reason and is required.
func (h *handler) lostContactFloating(w http.ResponseWriter, r *http.Request) error {
	return h.runFloatingStep(w, r, h.set.Transfers.LostContact)
}
