package api

import (
	"dangjian/internal/domain"
)

// indicatorJSON is one version of a catalogue item (API.md fields, plus the versioning and
// the engine's options). inherited is true in a catalogue view when an ancestor of the viewed
// organisation owns the item (the "1" of "1 + X").
type indicatorJSON struct {
	ID            jsonID          `json:"id"`
	SeriesID      jsonID          `json:"series_id"`
	Version       int             `json:"version"`
	OrgID         jsonID          `json:"org_id"`
	OrgName       string          `json:"org_name"`
	Year          int             `json:"year"`
	Code          string          `json:"code"`
	Name          string          `json:"name"`
	Category      string          `json:"category"`
	Subject       string          `json:"subject"`
	Points        domain.Points   `json:"points"`
	Unit          string          `json:"unit"`
	Caps          domain.Caps     `json:"caps"`
	NeedsEvidence bool            `json:"needs_evidence"`
	NeedsApproval bool            `json:"needs_approval"`
	Deduction     bool            `json:"deduction"`
	Veto          bool            `json:"veto"`
	AppraisalOnly bool            `json:"appraisal_only"`
	Welfare       bool            `json:"welfare"`
	Grades        []gradeBandJSON `json:"grades"`
	DedupTemplate string          `json:"dedup_template"`
	AwardRoles    []string        `json:"award_roles"`
	ValidFrom     domain.Date     `json:"valid_from"`
	ValidTo       domain.Date     `json:"valid_to"`
	Inherited     bool            `json:"inherited"`
	Used          bool            `json:"used"`
	CreatedBy     string          `json:"created_by"`
	CreatedAt     stamp           `json:"created_at"`
}

type gradeBandJSON struct {
	Grade  int           `json:"grade"`
	Points domain.Points `json:"points"`
}

func indicatorView(ind *domain.Indicator) indicatorJSON {
	grades := make([]gradeBandJSON, len(ind.Grades))
	for i, g := range ind.Grades {
		grades[i] = gradeBandJSON{Grade: g.Grade, Points: g.Points}
	}
	roles := ind.AwardRoles
	if len(roles) == 0 {
		roles = domain.DefaultAwardRoles
	}
	return indicatorJSON{ID: jsonID(ind.ID), SeriesID: jsonID(ind.SeriesID), Version: ind.Version, OrgID: jsonID(ind.OrgID),
		OrgName: ind.OrgName, Year: ind.Year, Code: ind.Code, Name: ind.Name, Category: ind.Category, Subject: ind.SubjectType,
		Points: ind.Points, Unit: ind.Unit, Caps: ind.Caps, NeedsEvidence: ind.NeedsEvidence, NeedsApproval: ind.NeedsApproval,
		Deduction: ind.Deduction, Veto: ind.Veto, AppraisalOnly: ind.AppraisalOnly, Welfare: ind.Welfare, Grades: grades,
		DedupTemplate: ind.DedupTemplate, AwardRoles: roles, ValidFrom: ind.ValidFrom, ValidTo: ind.ValidTo,
		Inherited: ind.Inherited, Used: ind.Used, CreatedBy: ind.CreatedBy, CreatedAt: stamp(ind.CreatedAt)}
}

func indicatorViews(list []domain.Indicator) []indicatorJSON {
	out := make([]indicatorJSON, len(list))
	for i := range list {
		out[i] = indicatorView(&list[i])
	}
	return out
}
