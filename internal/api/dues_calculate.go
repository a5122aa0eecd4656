package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/i18n"
)

// duesCalcRequest is the body of POST /dues/calculate.
type duesCalcRequest struct {
	Category string  `json:"category"`
	BaseFen  *int64  `json:"base_fen"`
	On       *string `json:"on"`
}

// calculateDues is the public dues calculator: {category, base_fen, on?} → {amount_fen, rate,
// rate_bp, rule} by the rule in force on the day on (default today in China). No token needed.
func (h *handler) calculateDues(w http.ResponseWriter, r *http.Request) error {
	var req duesCalcRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	var v domain.Validation
	var on domain.Date
	if req.On != nil && *req.On != "" {
		d, err := domain.ParseDate(*req.On)
		if err != nil {
			v.Add("on", "err.date")
		}
		on = d
	}
	var base int64
	if req.BaseFen != nil {
		base = *req.BaseFen
	}
	if req.Category == "" {
		v.Add("category", "err.required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	a, err := h.set.Dues.Calculate(r.Context(), req.Category, base, on)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"amount_fen": a.AmountFen, "rate": a.Rate, "rate_bp": a.RateBP,
		"rule": dues.DescribeRule(h.set.I18n, i18n.FromRequest(r), a)})
	return nil
}
