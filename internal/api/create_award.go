package api

import (
	"net/http"

	"dangjian/internal/points"
)

// createAward posts points of an indicator to a member or organisation directly:
// 201 {entry_id, points_requested, points_awarded, capped}; capped says the caps in force
// gave less than asked. The Idempotency-Key header is required: the same key with the same
// body answers the first response again (201, same body, Idempotent-Replayed: true) and
// posts nothing; with another body 409.
func (h *handler) createAward(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	in, err := decodeAwardRequest(r.Body)
	if err != nil {
		return err
	}
	in.IdempotencyKey = key
	res, err := h.set.Points.Award(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	writeAwardResult(w, res)
	return nil
}

// createBonus credits an organisation's year-end evaluation bonus (once per organisation
// and year; reverse it to correct it), with a required Idempotency-Key as createAward.
func (h *handler) createBonus(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	in, err := decodeBonusRequest(r.Body)
	if err != nil {
		return err
	}
	in.IdempotencyKey = key
	res, err := h.set.Points.YearEndBonus(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	writeAwardResult(w, res)
	return nil
}

// writeAwardResult answers 201 with the result, whose JSON is the service's (and what a
// replay repeats), and the entry's Location.
func writeAwardResult(w http.ResponseWriter, res *points.AwardResult) {
	markReplay(w, res.Replayed)
	w.Header().Set("Location", base+"/points/entries/"+formatID(res.EntryID))
	writeJSON(w, http.StatusCreated, res)
}
