package api

import (
	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// Views of party dues (issue 6): money in integer fen, months as YYYY-MM.

type duesBillJSON struct {
	ID          jsonID `json:"id"`
	MemberID    jsonID `json:"member_id"`
	MemberName  string `json:"member_name"`
	OrgID       jsonID `json:"org_id"`
	OrgName     string `json:"org_name"`
	Month       string `json:"month"`
	Category    string `json:"category"`
	BaseFen     int64  `json:"base_fen"`
	StandardFen int64  `json:"standard_fen"`
	AmountFen   int64  `json:"amount_fen"`
	RuleRef     string `json:"rule_ref"`
	HardshipID  nullID `json:"hardship_id"`
	Status      string `json:"status"`
	PaidFen     int64  `json:"paid_fen"`
	PaidAt      *stamp `json:"paid_at"`
	PaymentID   nullID `json:"payment_id"`
	CreatedAt   stamp  `json:"created_at"`
	UpdatedAt   stamp  `json:"updated_at"`
}

func duesBillView(b *domain.DuesBill) duesBillJSON {
	return duesBillJSON{ID: jsonID(b.ID), MemberID: jsonID(b.MemberID), MemberName: b.MemberName, OrgID: jsonID(b.OrgID),
		OrgName: b.OrgName, Month: b.Month, Category: string(b.Category), BaseFen: b.BaseFen, StandardFen: b.StandardFen,
		AmountFen: b.AmountFen, RuleRef: b.RuleRef, HardshipID: nullID(b.HardshipID), Status: b.Status, PaidFen: b.PaidFen,
		PaidAt: optionalStamp(b.PaidAt), PaymentID: nullID(b.PaymentID), CreatedAt: stamp(b.CreatedAt), UpdatedAt: stamp(b.UpdatedAt)}
}

type duesProfileJSON struct {
	ID        jsonID `json:"id"`
	MemberID  jsonID `json:"member_id"`
	Category  string `json:"category"`
	BaseFen   int64  `json:"base_fen"`
	FromMonth string `json:"from_month"`
	Note      string `json:"note"`
	AmountFen int64  `json:"amount_fen"`
	Rate      string `json:"rate"`
	CreatedBy string `json:"created_by"`
	CreatedAt stamp  `json:"created_at"`
}

func duesProfileView(p *domain.DuesProfile) duesProfileJSON {
	return duesProfileJSON{ID: jsonID(p.ID), MemberID: jsonID(p.MemberID), Category: string(p.Category), BaseFen: p.BaseFen,
		FromMonth: p.FromMonth, Note: p.Note, AmountFen: p.AmountFen, Rate: p.Rate, CreatedBy: p.CreatedByName,
		CreatedAt: stamp(p.CreatedAt)}
}

type duesProfileSetJSON struct {
	MemberID   jsonID            `json:"member_id"`
	MemberName string            `json:"member_name"`
	JoinedOn   domain.Date       `json:"joined_on"`
	BilledFrom *string           `json:"billed_from"`
	Current    *duesProfileJSON  `json:"current"`
	History    []duesProfileJSON `json:"history"`
}

func duesProfileSetView(v *dues.ProfileView) duesProfileSetJSON {
	out := duesProfileSetJSON{MemberID: jsonID(v.MemberID), MemberName: v.MemberName, JoinedOn: v.JoinedOn,
		History: make([]duesProfileJSON, len(v.History))}
	if v.BilledFrom != "" {
		out.BilledFrom = &v.BilledFrom
	}
	if v.Current != nil {
		c := duesProfileView(v.Current)
		out.Current = &c
	}
	for i := range v.History {
		out.History[i] = duesProfileView(&v.History[i])
	}
	return out
}

type duesHardshipJSON struct {
	ID           jsonID `json:"id"`
	MemberID     jsonID `json:"member_id"`
	MemberName   string `json:"member_name"`
	OrgID        jsonID `json:"org_id"`
	OrgName      string `json:"org_name"`
	Kind         string `json:"kind"`
	AmountFen    int64  `json:"amount_fen"`
	FromMonth    string `json:"from_month"`
	ToMonth      string `json:"to_month"`
	Reason       string `json:"reason"`
	Status       string `json:"status"`
	AppliedAt    stamp  `json:"applied_at"`
	BranchAt     *stamp `json:"branch_at"`
	BranchNote   string `json:"branch_note"`
	ApprovedAt   *stamp `json:"approved_at"`
	ApprovedNote string `json:"approved_note"`
	RejectedAt   *stamp `json:"rejected_at"`
	RejectedNote string `json:"rejected_note"`
	UpdatedAt    stamp  `json:"updated_at"`
}

func duesHardshipView(h *domain.DuesHardship) duesHardshipJSON {
	return duesHardshipJSON{ID: jsonID(h.ID), MemberID: jsonID(h.MemberID), MemberName: h.MemberName, OrgID: jsonID(h.OrgID),
		OrgName: h.OrgName, Kind: h.Kind, AmountFen: h.AmountFen, FromMonth: h.FromMonth, ToMonth: h.ToMonth, Reason: h.Reason,
		Status: h.Status, AppliedAt: stamp(h.AppliedAt), BranchAt: optionalStamp(h.BranchAt), BranchNote: h.BranchNote,
		ApprovedAt: optionalStamp(h.ApprovedAt), ApprovedNote: h.ApprovedNote, RejectedAt: optionalStamp(h.RejectedAt),
		RejectedNote: h.RejectedNote, UpdatedAt: stamp(h.UpdatedAt)}
}

type duesGenerateJSON struct {
	OrgID     jsonID `json:"org_id"`
	Month     string `json:"month"`
	Status    string `json:"status"`
	JobID     nullID `json:"job_id"`
	Members   int    `json:"members"`
	Billed    int    `json:"billed"`
	Existed   int    `json:"existed"`
	NoProfile int    `json:"no_profile"`
	NotDue    int    `json:"not_due"`
	Bills     int    `json:"bills"`
	Exempt    int    `json:"exempt"`
	Reduced   int    `json:"reduced"`
	AmountFen int64  `json:"amount_fen"`
}

func duesGenerateView(r *dues.GenerateResult) duesGenerateJSON {
	return duesGenerateJSON{OrgID: jsonID(r.OrgID), Month: r.Month, Status: r.Status, JobID: nullID(r.JobID), Members: r.Members,
		Billed: r.Billed, Existed: r.Existed, NoProfile: r.NoProfile, NotDue: r.NotDue, Bills: r.Bills, Exempt: r.Exempt,
		Reduced: r.Reduced, AmountFen: r.AmountFen}
}

type duesImportJSON struct {
	ID            jsonID         `json:"id"`
	Status        string         `json:"status"`
	Phase         string         `json:"phase"`
	Percent       int            `json:"percent"`
	DryRun        bool           `json:"dry_run"`
	Filename      string         `json:"filename"`
	OrgID         nullID         `json:"org_id"`
	TotalRows     int            `json:"total_rows"`
	ProcessedRows int            `json:"processed_rows"`
	Imported      int            `json:"imported"`
	BillsRepriced int            `json:"bills_repriced"`
	ErrorCount    int            `json:"error_count"`
	Errors        []rowErrorJSON `json:"errors"`
	Error         *string        `json:"error"`
	CreatedAt     stamp          `json:"created_at"`
	FinishedAt    *stamp         `json:"finished_at"`
}

func (h *handler) duesImportView(st *dues.ImportStatus, locale string) duesImportJSON {
	out := duesImportJSON{ID: jsonID(st.ID), Status: st.Status, Phase: st.Phase, Percent: st.Percent, TotalRows: st.Total,
		ProcessedRows: st.Processed, Errors: []rowErrorJSON{}, Error: h.message(locale, st.Error, nil),
		CreatedAt: stamp(st.CreatedAt), FinishedAt: optionalStamp(st.FinishedAt)}
	if r := st.Import; r != nil {
		out.DryRun, out.Filename, out.OrgID = r.DryRun, r.Filename, nullID(r.OrgID)
		out.TotalRows, out.Imported, out.BillsRepriced, out.ErrorCount = r.Total, r.Imported, r.Repriced, r.ErrorCount
		if r.Error != "" {
			out.Error = h.message(locale, r.Error, nil)
		}
		for _, e := range r.Errors {
			out.Errors = append(out.Errors, rowErrorJSON{Row: e.Row, Field: e.Field, Column: e.Column,
				Message: h.set.I18n.T(locale, e.Message, e.Args...)})
		}
	}
	return out
}

type duesJobJSON struct {
	ID            jsonID            `json:"id"`
	Kind          string            `json:"kind"`
	Status        string            `json:"status"`
	Phase         string            `json:"phase"`
	Percent       int               `json:"percent"`
	TotalRows     int               `json:"total_rows"`
	ProcessedRows int               `json:"processed_rows"`
	Error         *string           `json:"error"`
	Generation    *duesGenerateJSON `json:"generation"`
	CreatedAt     stamp             `json:"created_at"`
	FinishedAt    *stamp            `json:"finished_at"`
}
