package api

import (
	"dangjian/internal/domain"
)

// entryJSON is one line of the ledger: the movement of each account (appraisal, reward) and
// the running balances right after it, with its source and who awarded and approved it.
type entryJSON struct {
	ID              jsonID        `json:"id"`
	SubjectType     string        `json:"subject_type"`
	SubjectID       jsonID        `json:"subject_id"`
	OrgID           jsonID        `json:"org_id"`
	Year            int           `json:"year"`
	Category        *string       `json:"category"`
	IndicatorID     nullID        `json:"indicator_id"`
	IndicatorCode   string        `json:"indicator_code"`
	Source          string        `json:"source"`
	SourceRef       string        `json:"source_ref"`
	ClaimID         nullID        `json:"claim_id"`
	ReversesID      nullID        `json:"reverses_id"`
	ReversedByID    nullID        `json:"reversed_by_id"`
	Quantity        domain.Points `json:"quantity"`
	PointsRequested domain.Points `json:"points_requested"`
	Points          domain.Points `json:"points"`
	Appraisal       domain.Points `json:"appraisal"`
	Reward          domain.Points `json:"reward"`
	AppraisalAfter  domain.Points `json:"appraisal_after"`
	RewardAfter     domain.Points `json:"reward_after"`
	Capped          bool          `json:"capped"`
	Veto            bool          `json:"veto"`
	OccurredOn      domain.Date   `json:"occurred_on"`
	AwardedBy       nullID        `json:"awarded_by"`
	AwardedByName   string        `json:"awarded_by_name"`
	ApprovedBy      nullID        `json:"approved_by"`
	ApprovedByName  string        `json:"approved_by_name"`
	Note            string        `json:"note"`
	CreatedAt       stamp         `json:"created_at"`
}

func entryView(e *domain.PointEntry) entryJSON {
	var category *string
	if e.Category != "" {
		category = &e.Category
	}
	return entryJSON{ID: jsonID(e.ID), SubjectType: e.SubjectType, SubjectID: jsonID(e.SubjectID), OrgID: jsonID(e.OrgID),
		Year: e.Year, Category: category, IndicatorID: nullID(e.IndicatorID), IndicatorCode: e.IndicatorCode, Source: e.Source,
		SourceRef: e.SourceRef, ClaimID: nullID(e.ClaimID), ReversesID: nullID(e.ReversesID), ReversedByID: nullID(e.ReversedByID),
		Quantity: e.Quantity, PointsRequested: e.Requested, Points: e.Points, Appraisal: e.Appraisal, Reward: e.Reward,
		AppraisalAfter: e.AppraisalAfter, RewardAfter: e.RewardAfter, Capped: e.Capped, Veto: e.Veto, OccurredOn: e.OccurredOn,
		AwardedBy: nullID(e.AwardedBy), AwardedByName: e.AwardedByName, ApprovedBy: nullID(e.ApprovedBy),
		ApprovedByName: e.ApprovedByName, Note: e.Note, CreatedAt: stamp(e.CreatedAt)}
}
