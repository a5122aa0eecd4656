package api

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/ratings"
)

// pathYear reads the {year} of a ratings path; what is not a year names nothing (404).
func pathYear(r *http.Request) (int, error) {
	s := r.PathValue("year")
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || n < 2000 || n > 2100 {
		return 0, domain.NotFound("rating_run")
	}
	return n, nil
}

// runRequest is a body naming the organisation whose subtree a rating covers.
type runRequest struct {
	OrgID ID `json:"org_id"`
}

func (req runRequest) id() (int64, error) {
	v := &domain.Validation{}
	id := requiredID(req.OrgID, "org_id", v)
	return id, v.Err()
}

// ratingsLocation is where a run of a year and organisation is read.
func ratingsLocation(year int, orgID int64) string {
	return base + "/ratings/" + strconv.Itoa(year) + "?org_id=" + formatID(orgID)
}

// startRatingRun starts (or starts again) the rating of a year for an organisation's subtree
// {org_id}: 202 with the run (queued; it computes in the background) and a Location to poll.
// Computing again keeps calibrations; a published year answers 409.
func (h *handler) startRatingRun(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var req runRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	orgID, err := req.id()
	if err != nil {
		return err
	}
	run, err := h.set.Ratings.StartRun(r.Context(), actor(r), year, orgID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", ratingsLocation(year, orgID))
	writeJSON(w, http.StatusAccepted, runView(r, h.set.I18n, run))
	return nil
}

// ratingsPage is the answer of GET /ratings/{year}: the run beside a page of its results.
type ratingsPage struct {
	Run        runJSON      `json:"run"`
	Items      []resultJSON `json:"items"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// getRatings answers the run of a year for an organisation — status, progress, deadline,
// star distribution — and a page of its results, best final composite first, each with the
// computed values beside the final ones: ?org_id= (required) &subject_type= &stars= (final
// stars) &calibrated=1 &limit=&cursor=.
func (h *handler) getRatings(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	p := queryParams(r)
	orgID := p.requiredID("org_id")
	f := ratings.ResultFilter{SubjectType: p.choice("subject_type", subjectTypes), Calibrated: p.flag("calibrated"),
		Limit: p.limit(), Cursor: p.offsetCursor()}
	if p.values.Get("stars") != "" {
		stars := p.number("stars", 0, 5)
		f.Stars = &stars
	}
	if err := p.err(); err != nil {
		return err
	}
	page, err := h.set.Ratings.Results(r.Context(), actor(r), year, orgID, f)
	if err != nil {
		return err
	}
	out := ratingsPage{Run: runView(r, h.set.I18n, page.Run), Items: make([]resultJSON, len(page.Items)),
		NextCursor: encodeOffset(page.NextCursor)}
	for i := range page.Items {
		out.Items[i] = resultView(&page.Items[i])
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// calibrationRequest is the body of POST /ratings/{year}/calibrations.
type calibrationRequest struct {
	OrgID       ID       `json:"org_id"`
	SubjectType string   `json:"subject_type"`
	SubjectID   ID       `json:"subject_id"`
	Stars       *int     `json:"stars"`
	Composite   pointsIn `json:"composite"`
	Reason      string   `json:"reason"`
}

// calibrateRating sets a result's final stars and/or composite with a reason; the computed
// values stay beside them: 200 with the result. Giving only a composite derives the stars.
func (h *handler) calibrateRating(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var req calibrationRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	orgID := requiredID(req.OrgID, "org_id", v)
	in := ratings.CalibrateInput{SubjectType: req.SubjectType, SubjectID: requiredID(req.SubjectID, "subject_id", v),
		Stars: req.Stars, Composite: req.Composite.ptr("composite", v), Reason: req.Reason}
	if in.SubjectType == "" {
		in.SubjectType = domain.SubjectMember
	} else if !domain.ValidSubject(in.SubjectType) {
		v.Add("subject_type", "err.choice")
	}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := h.set.Ratings.Calibrate(r.Context(), actor(r), year, orgID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, resultView(res))
	return nil
}

// publishRequest is the body of POST /ratings/{year}/publish.
type publishRequest struct {
	OrgID      ID     `json:"org_id"`
	LateReason string `json:"late_reason"`
}

// publishRatings publishes a computed run {org_id, late_reason?}: the final values become
// the year's stars and the year is closed for the subtree (later postings of that year answer
// 409). After the deadline (before 1 July of the next year by default) late_reason is
// required. 200 with the run.
func (h *handler) publishRatings(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var req publishRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	orgID, err := runRequest{OrgID: req.OrgID}.id()
	if err != nil {
		return err
	}
	run, err := h.set.Ratings.Publish(r.Context(), actor(r), year, orgID, ratings.PublishInput{LateReason: req.LateReason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, runView(r, h.set.I18n, run))
	return nil
}
