package api

import "net/http"

// createApplicant registers an application received by a branch (step 1 on applied_on):
// 201 with the applicant and the timeline.
func (h *handler) createApplicant(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeApplicantRequest(r.Body)
	if err != nil {
		return err
	}
	v, err := h.set.Development.Create(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/applicants/"+formatID(v.ID))
	writeJSON(w, http.StatusCreated, applicantDetailView(v))
	return nil
}
