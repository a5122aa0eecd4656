package api

import (
	"dangjian/internal/domain"
	"dangjian/internal/org"
)

// orgJSON is an organisation as the API shows it (API.md fields, plus depth, counts and
// timestamps).
type orgJSON struct {
	ID                 jsonID      `json:"id"`
	Name               string      `json:"name"`
	Type               string      `json:"type"`
	ParentID           nullID      `json:"parent_id"`
	Path               string      `json:"path"`
	Depth              int         `json:"depth"`
	Code               string      `json:"code"`
	UnitName           string      `json:"unit_name"`
	UnitCreditCode     string      `json:"unit_credit_code"`
	EstablishedOn      domain.Date `json:"established_on"`
	TermStartedOn      domain.Date `json:"term_started_on"`
	TermEndsOn         domain.Date `json:"term_ends_on"`
	DemonstrationLevel string      `json:"demonstration_level"`
	MemberCount        int         `json:"member_count"`
	FullMemberCount    int         `json:"full_member_count"`
	ChildCount         int         `json:"child_count"`
	Warnings           []string    `json:"warnings"`
	CreatedAt          stamp       `json:"created_at"`
	UpdatedAt          stamp       `json:"updated_at"`
}

func orgView(v *org.View) orgJSON {
	o := v.Org
	warnings := v.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	return orgJSON{ID: jsonID(o.ID), Name: o.Name, Type: string(o.Type), ParentID: nullID(o.ParentID), Path: o.Path,
		Depth: o.Depth, Code: o.Code, UnitName: o.UnitName, UnitCreditCode: o.UnitCreditCode,
		EstablishedOn: o.EstablishedOn, TermStartedOn: o.TermStartedOn, TermEndsOn: o.TermEndsOn,
		DemonstrationLevel: o.DemonstrationLevel, MemberCount: o.MemberCount, FullMemberCount: o.FullMemberCount,
		ChildCount: o.ChildCount, Warnings: warnings, CreatedAt: stamp(o.CreatedAt), UpdatedAt: stamp(o.UpdatedAt)}
}

func orgViews(vs []org.View) []orgJSON {
	out := make([]orgJSON, len(vs))
	for i := range vs {
		out[i] = orgView(&vs[i])
	}
	return out
}
