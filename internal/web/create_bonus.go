package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// createBonus credits an organisation's year-end evaluation bonus (年终考评加分), once per
// organisation and year, with the form's Idempotency-Key so a double submission posts once.
// A rejected form (no points, a year not over yet, given already) comes back on the page.
func (h *handler) createBonus(w http.ResponseWriter, r *http.Request) {
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
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, bonusFields...)
		h.renderOrgPoints(w, r, status, id, f)
	}
	bad := map[string]string{}
	pts := parsePointsField(f, "points", bad)
	if pts == nil && bad["points"] == "" {
		bad["points"] = "err.required"
	}
	year, err := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if err != nil {
		bad["year"] = "err.points.year"
	}
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	res, err := h.set.Points.YearEndBonus(r.Context(), actor(r), points.BonusInput{OrgID: id, Year: year, Points: *pts,
		Category: f.Get("category"), Note: f.Get("note"), IdempotencyKey: f.Get("idempotency_key")})
	if err != nil {
		h.failOnForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/points/orgs/"+itoa64(id)+"?year="+strconv.Itoa(year)+"&bonus="+res.PointsAwarded.String())
}
