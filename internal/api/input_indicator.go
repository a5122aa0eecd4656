package api

import (
	"io"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// indicatorRequest is the body of POST /indicators and PATCH /indicators/{id}. In a PATCH a
// field left out (or null) keeps its value; org_id, year and code identify the item and
// cannot change.
type indicatorRequest struct {
	OrgID         ID             `json:"org_id"`
	Year          *int           `json:"year"`
	Code          *string        `json:"code"`
	Name          *string        `json:"name"`
	Category      *string        `json:"category"`
	Subject       *string        `json:"subject"`
	Points        pointsIn       `json:"points"`
	Unit          *string        `json:"unit"`
	Caps          *capsRequest   `json:"caps"`
	NeedsEvidence *bool          `json:"needs_evidence"`
	NeedsApproval *bool          `json:"needs_approval"`
	Deduction     *bool          `json:"deduction"`
	Veto          *bool          `json:"veto"`
	AppraisalOnly *bool          `json:"appraisal_only"`
	Welfare       *bool          `json:"welfare"`
	Grades        []gradeRequest `json:"grades"`
	DedupTemplate *string        `json:"dedup_template"`
	AwardRoles    []string       `json:"award_roles"`
	ValidFrom     *string        `json:"valid_from"`
}

// capsRequest are the caps per period; a period left out or null has no cap. In a PATCH the
// caps object replaces all caps.
type capsRequest struct {
	Day     pointsIn `json:"day"`
	Week    pointsIn `json:"week"`
	Month   pointsIn `json:"month"`
	Quarter pointsIn `json:"quarter"`
	Year    pointsIn `json:"year"`
}

type gradeRequest struct {
	Grade  int      `json:"grade"`
	Points pointsIn `json:"points"`
}

func decodeIndicatorRequest(body io.Reader) (indicatorRequest, error) {
	var req indicatorRequest
	err := decodeJSON(body, &req)
	return req, err
}

// create is the service input of a new item: what is not given is left empty for the
// service to refuse by name.
func (req indicatorRequest) create() (points.IndicatorInput, error) {
	v := &domain.Validation{}
	var in points.IndicatorInput
	if id := req.OrgID.required("org_id", v); id != nil {
		in.OrgID = *id
	} else if !req.OrgID.given {
		v.Add("org_id", "err.required")
	}
	if req.Year != nil {
		in.Year = *req.Year
	}
	if req.Code != nil {
		in.Code = *req.Code
	}
	req.overlay(&in, v)
	return in, v.Err()
}

// update is the service input of a change to ind: ind's values overlaid with the given ones
// (the service replaces every field, so the PATCH is merged here).
func (req indicatorRequest) update(ind *domain.Indicator) (points.IndicatorInput, error) {
	v := &domain.Validation{}
	if req.OrgID.given {
		v.Add("org_id", "api.invalid.fixed")
	}
	if req.Year != nil {
		v.Add("year", "api.invalid.fixed")
	}
	if req.Code != nil && *req.Code != ind.Code {
		v.Add("code", "api.invalid.fixed")
	}
	in := points.IndicatorInput{OrgID: ind.OrgID, Year: ind.Year, Code: ind.Code, Name: ind.Name, Category: ind.Category,
		Subject: ind.SubjectType, Points: ind.Points, Unit: ind.Unit, Caps: ind.Caps, NeedsEvidence: ind.NeedsEvidence,
		NeedsApproval: ind.NeedsApproval, Deduction: ind.Deduction, Veto: ind.Veto, AppraisalOnly: ind.AppraisalOnly,
		Welfare: ind.Welfare, Grades: ind.Grades, DedupTemplate: ind.DedupTemplate, AwardRoles: ind.AwardRoles}
	req.overlay(&in, v)
	return in, v.Err()
}

// overlay copies the given fields other than the identifying ones into in.
func (req indicatorRequest) overlay(in *points.IndicatorInput, v *domain.Validation) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	flag := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	set(&in.Name, req.Name)
	set(&in.Category, req.Category)
	set(&in.Subject, req.Subject)
	set(&in.Unit, req.Unit)
	set(&in.DedupTemplate, req.DedupTemplate)
	set(&in.ValidFrom, req.ValidFrom)
	flag(&in.NeedsEvidence, req.NeedsEvidence)
	flag(&in.NeedsApproval, req.NeedsApproval)
	flag(&in.Deduction, req.Deduction)
	flag(&in.Veto, req.Veto)
	flag(&in.AppraisalOnly, req.AppraisalOnly)
	flag(&in.Welfare, req.Welfare)
	if req.Points.given {
		in.Points = req.Points.get("points", v)
	}
	if req.Caps != nil {
		in.Caps = domain.Caps{Day: req.Caps.Day.ptr("caps", v), Week: req.Caps.Week.ptr("caps", v),
			Month: req.Caps.Month.ptr("caps", v), Quarter: req.Caps.Quarter.ptr("caps", v), Year: req.Caps.Year.ptr("caps", v)}
	}
	if req.Grades != nil {
		in.Grades = make([]domain.GradeBand, len(req.Grades))
		for i, g := range req.Grades {
			in.Grades[i] = domain.GradeBand{Grade: g.Grade, Points: g.Points.get("grades", v)}
		}
	}
	if req.AwardRoles != nil {
		in.AwardRoles = req.AwardRoles
	}
}

// retireRequest is the body of POST /indicators/{id}/retire; an empty body ends it today.
type retireRequest struct {
	ValidTo string `json:"valid_to"`
}

// copyRequest is the body of POST /indicators/copy.
type copyRequest struct {
	OrgID    ID  `json:"org_id"`
	FromYear int `json:"from_year"`
	ToYear   int `json:"to_year"`
}
