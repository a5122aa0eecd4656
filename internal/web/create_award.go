package web

import (
	"net/http"
	"net/url"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// createAward posts a direct award with the form's Idempotency-Key: a second submission of
// the same form returns the first award instead of posting again. The form comes back empty
// with what was awarded (and whether a cap cut it).
func (h *handler) createAward(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rerender := func(status int, e *domain.Error) {
		if k, ok := e.Fields["subject_type"]; ok {
			e.Fields["subject"] = k // the form picks type and id in one field
		}
		f.setError(h.page(r, ""), e, awardFields...)
		h.renderAward(w, r, status, f, &awardFormData{})
	}
	bad := map[string]string{}
	qty := parsePointsField(f, "quantity", bad)
	typ, id, _ := strings.Cut(f.Get("subject"), ":")
	if !domain.ValidSubject(typ) || queryID(id) == 0 {
		bad["subject"] = "err.required"
	}
	if queryID(f.Get("indicator_id")) == 0 {
		bad["indicator_id"] = "err.required"
	}
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	in := points.AwardInput{IndicatorID: queryID(f.Get("indicator_id")), SubjectType: typ, SubjectID: queryID(id),
		OccurredOn: f.Get("occurred_on"), Note: f.Get("note"), IdempotencyKey: f.Get("idempotency_key")}
	if qty != nil {
		in.Quantity = *qty
	}
	res, err := h.set.Points.Award(r.Context(), actor(r), in)
	if err != nil {
		h.failOnForm(w, r, err, rerender)
		return
	}
	v := url.Values{"org_id": {f.Get("org_id")}, "subject": {f.Get("subject")}, "entry": {itoa64(res.EntryID)},
		"requested": {res.PointsRequested.String()}, "awarded": {res.PointsAwarded.String()}}
	if res.Capped {
		v.Set("capped", "1")
	}
	h.redirect(w, r, "/awards/new?"+v.Encode())
}
