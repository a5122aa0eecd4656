package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// claimBodyLimit is the most a claim form may send: every evidence file at its limit, and
// room for the fields.
const claimBodyLimit = domain.MaxEvidenceFiles*domain.MaxEvidenceSize + 1<<20

// createClaim files the signed-in member's claim with its evidence and shows their points,
// where the claim is listed with its status.
func (h *handler) createClaim(w http.ResponseWriter, r *http.Request) {
	f, tooBig, err := parseUploadForm(w, r, claimBodyLimit)
	defer removeUploads(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if tooBig {
		f.Values.Set("occurred_on", today())
		h.refuseClaimForm(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
			Fields: map[string]string{"evidence": "err.points.evidence_size"}})
		return
	}
	bad := map[string]string{}
	qty := parsePointsField(f, "quantity", bad)
	if len(bad) > 0 {
		h.refuseClaimForm(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	in := points.ClaimInput{IndicatorID: queryID(f.Get("indicator_id")), OccurredOn: f.Get("occurred_on"), Note: f.Get("note")}
	if qty != nil {
		in.Quantity = *qty
	}
	if in.IndicatorID == 0 {
		h.refuseClaimForm(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"indicator_id": "err.required"}})
		return
	}
	files, err := formFiles(r, "evidence", domain.MaxEvidenceSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, file := range files {
		in.Evidence = append(in.Evidence, points.EvidenceFile{FileName: file.Name, ContentType: uploadType(file.ContentType, file.Content), Content: file.Content})
	}
	c, err := h.set.Points.Claim(r.Context(), actor(r), in)
	if err != nil {
		h.failOnForm(w, r, err, func(_ int, e *domain.Error) { h.refuseClaimForm(w, r, f, e) })
		return
	}
	h.redirect(w, r, "/claims/"+itoa64(c.ID)+"?saved=1")
}

// refuseClaimForm shows the claim form again with the problem beside its field. Chosen files
// cannot come back (browsers do not allow it): the message says to choose them again.
func (h *handler) refuseClaimForm(w http.ResponseWriter, r *http.Request, f *Form, e *domain.Error) {
	p := h.page(r, "")
	f.setError(p, e, claimFields...)
	h.renderClaimForm(w, r, statusOf(e.Code), f)
}
