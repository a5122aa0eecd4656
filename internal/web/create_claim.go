package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// claimBodyLimit is the most a claim form may send: every evidence file at its limit, and
// room for the fields.
const claimBodyLimit = domain.MaxEvidenceFiles*domain.MaxEvidenceSize + 1<<20

// createClaim files the signed-in member's claim with its evidence and shows their points,
// where the claim is listed with its status.
func (h *handler) createClaim(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, claimBodyLimit)
	err := r.ParseMultipartForm(uploadMemory)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var f *Form
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		f = newForm(nil)
		f.Values.Set("occurred_on", today())
		h.refuseClaimForm(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
			Fields: map[string]string{"evidence": "err.points.evidence_size"}})
		return
	case errors.Is(err, http.ErrNotMultipart):
		if r.ParseForm() != nil {
			h.fail(w, r, domain.Errorf(domain.EBadRequest, "err.bad_request"))
			return
		}
		f = newForm(r.PostForm)
	case err != nil:
		h.fail(w, r, domain.Errorf(domain.EBadRequest, "err.bad_request"))
		return
	default:
		f = newForm(url.Values(r.MultipartForm.Value))
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
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["evidence"] {
			if fh.Size == 0 && fh.Filename == "" {
				continue // the empty part a file input sends when nothing was chosen
			}
			file, err := fh.Open()
			if err != nil {
				h.fail(w, r, err)
				return
			}
			content, err := io.ReadAll(io.LimitReader(file, domain.MaxEvidenceSize+1))
			file.Close()
			if err != nil {
				h.fail(w, r, err)
				return
			}
			ct := fh.Header.Get("Content-Type")
			if ct == "" || ct == "application/octet-stream" {
				ct = http.DetectContentType(content)
			}
			in.Evidence = append(in.Evidence, points.EvidenceFile{FileName: fh.Filename, ContentType: ct, Content: content})
		}
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
