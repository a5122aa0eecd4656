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

func (c *capsRequest) caps(v *domain.Validation) domain.Caps {
	return domain.Caps{Day: c.Day.ptr("caps", v), Week: c.Week.ptr("caps", v), Month: c.Month.ptr("caps", v),
		Quarter: c.Quarter.ptr("caps", v), Year: c.Year.ptr("caps", v)}
}

type gradeRequest struct {
	Grade  int      `json:"grade"`
	Points pointsIn `json:"points"`
}

func (req indicatorRequest) grades(v *domain.Validation) []domain.GradeBand {
	out := make([]domain.GradeBand, len(req.Grades))
	for i, g := range req.Grades {
		out[i] = domain.GradeBand{Grade: g.Grade, Points: g.Points.get("grades", v)}
	}
	return out
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

// change is the service input of a PATCH: the given fields only (the service merges them
// onto the version it locks, so concurrent changes of different fields both stay). org_id
// and year identify the item and are refused; code is passed on for the service to refuse
// unless it is the item's own.
func (req indicatorRequest) change() (points.IndicatorChange, error) {
	v := &domain.Validation{}
	if req.OrgID.given {
		v.Add("org_id", "api.invalid.fixed")
	}
	if req.Year != nil {
		v.Add("year", "api.invalid.fixed")
	}
	c := points.IndicatorChange{Code: req.Code, Name: req.Name, Category: req.Category, Subject: req.Subject,
		Unit: req.Unit, NeedsEvidence: req.NeedsEvidence, NeedsApproval: req.NeedsApproval, Deduction: req.Deduction,
		Veto: req.Veto, AppraisalOnly: req.AppraisalOnly, Welfare: req.Welfare, DedupTemplate: req.DedupTemplate}
	if req.ValidFrom != nil {
		c.ValidFrom = *req.ValidFrom
	}
	if req.Points.given {
		p := req.Points.get("points", v)
		c.Points = &p
	}
	if req.Caps != nil {
		caps := req.Caps.caps(v)
		c.Caps = &caps
	}
	if req.Grades != nil {
		grades := req.grades(v)
		c.Grades = &grades
	}
	if req.AwardRoles != nil {
		c.AwardRoles = &req.AwardRoles
	}
	return c, v.Err()
}

// overlay copies the given fields other than the identifying ones into a new item's input.
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
		in.Caps = req.Caps.caps(v)
	}
	if req.Grades != nil {
		in.Grades = req.grades(v)
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
