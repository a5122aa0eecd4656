package api

import (
	"io"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// awardRequest is the body of POST /points/awards.
type awardRequest struct {
	IndicatorID ID       `json:"indicator_id"`
	SubjectType string   `json:"subject_type"`
	SubjectID   ID       `json:"subject_id"`
	Quantity    pointsIn `json:"quantity"`
	OccurredOn  string   `json:"occurred_on"`
	Note        string   `json:"note"`
}

func decodeAwardRequest(body io.Reader) (points.AwardInput, error) {
	var req awardRequest
	if err := decodeJSON(body, &req); err != nil {
		return points.AwardInput{}, err
	}
	v := &domain.Validation{}
	in := points.AwardInput{SubjectType: req.SubjectType, Quantity: req.Quantity.get("quantity", v), OccurredOn: req.OccurredOn,
		Note: req.Note}
	in.IndicatorID = requiredID(req.IndicatorID, "indicator_id", v)
	in.SubjectID = requiredID(req.SubjectID, "subject_id", v)
	if in.SubjectType == "" {
		v.Add("subject_type", "err.required")
	}
	return in, v.Err()
}

// requiredID is an id a body must give: missing, none or malformed is recorded in v.
func requiredID(id ID, field string, v *domain.Validation) int64 {
	if !id.given {
		v.Add(field, "err.required")
		return 0
	}
	if n := id.required(field, v); n != nil {
		return *n
	}
	return 0
}

// bonusRequest is the body of POST /points/bonuses.
type bonusRequest struct {
	OrgID    ID       `json:"org_id"`
	Year     int      `json:"year"`
	Points   pointsIn `json:"points"`
	Category string   `json:"category"`
	Note     string   `json:"note"`
}

func decodeBonusRequest(body io.Reader) (points.BonusInput, error) {
	var req bonusRequest
	if err := decodeJSON(body, &req); err != nil {
		return points.BonusInput{}, err
	}
	v := &domain.Validation{}
	in := points.BonusInput{OrgID: requiredID(req.OrgID, "org_id", v), Year: req.Year, Points: req.Points.get("points", v),
		Category: req.Category, Note: req.Note}
	if !req.Points.given {
		v.Add("points", "err.required")
	}
	return in, v.Err()
}
