package api

import (
	"dangjian/internal/domain"
)

// claimJSON is a claim with its evidence list (the files download from each item's url) and
// the points it earns before caps (points_expected, for the approval queue).
type claimJSON struct {
	ID            jsonID         `json:"id"`
	IndicatorID   jsonID         `json:"indicator_id"`
	IndicatorCode string         `json:"indicator_code"`
	IndicatorName string         `json:"indicator_name"`
	SubjectType   string         `json:"subject_type"`
	SubjectID     jsonID         `json:"subject_id"`
	SubjectName   string         `json:"subject_name"`
	OrgID         jsonID         `json:"org_id"`
	Quantity      domain.Points  `json:"quantity"`
	Expected      domain.Points  `json:"points_expected"`
	OccurredOn    domain.Date    `json:"occurred_on"`
	Note          string         `json:"note"`
	Status        string         `json:"status"`
	Reason        string         `json:"reason"`
	EntryID       nullID         `json:"entry_id"`
	ClaimedBy     nullID         `json:"claimed_by"`
	ClaimedByName string         `json:"claimed_by_name"`
	DecidedBy     nullID         `json:"decided_by"`
	DecidedByName string         `json:"decided_by_name"`
	DecidedAt     *stamp         `json:"decided_at"`
	CreatedAt     stamp          `json:"created_at"`
	Evidence      []evidenceJSON `json:"evidence"`
}

type evidenceJSON struct {
	ID          jsonID `json:"id"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
}

func claimView(c *domain.Claim) claimJSON {
	ev := make([]evidenceJSON, len(c.Evidence))
	for i, e := range c.Evidence {
		ev[i] = evidenceJSON{ID: jsonID(e.ID), FileName: e.FileName, ContentType: e.ContentType, Size: e.Size,
			URL: base + "/points/claims/" + formatID(c.ID) + "/evidence/" + formatID(e.ID)}
	}
	var decided *stamp
	if c.DecidedAt != nil {
		s := stamp(*c.DecidedAt)
		decided = &s
	}
	return claimJSON{ID: jsonID(c.ID), IndicatorID: jsonID(c.IndicatorID), IndicatorCode: c.IndicatorCode,
		IndicatorName: c.IndicatorName, SubjectType: c.SubjectType, SubjectID: jsonID(c.SubjectID), SubjectName: c.SubjectName,
		OrgID: jsonID(c.OrgID), Quantity: c.Quantity, Expected: c.PointsExpected, OccurredOn: c.OccurredOn, Note: c.Note, Status: c.Status,
		Reason: c.Reason, EntryID: nullID(c.EntryID), ClaimedBy: nullID(c.ClaimedBy),
		ClaimedByName: c.ClaimedByName, DecidedBy: nullID(c.DecidedBy), DecidedByName: c.DecidedByName, DecidedAt: decided,
		CreatedAt: stamp(c.CreatedAt), Evidence: ev}
}

func claimViews(list []domain.Claim) []claimJSON {
	out := make([]claimJSON, len(list))
	for i := range list {
		out[i] = claimView(&list[i])
	}
	return out
}
