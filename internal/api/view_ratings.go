package api

import (
	"net/http"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/ratings"
	"dangjian/internal/store"
)

// leaderboardJSON is a page of a ranking (API.md: items {rank, subject_id, name, points}).
type leaderboardJSON struct {
	OrgID       jsonID       `json:"org_id"`
	Year        int          `json:"year"`
	SubjectType string       `json:"subject_type"`
	Category    string       `json:"category"`
	TieRule     string       `json:"tie_rule"`
	Of          int          `json:"of"`
	Items       []leaderJSON `json:"items"`
	NextCursor  string       `json:"next_cursor,omitempty"`
}

type leaderJSON struct {
	Rank      int           `json:"rank"`
	SubjectID jsonID        `json:"subject_id"`
	Name      string        `json:"name"`
	OrgID     jsonID        `json:"org_id"`
	OrgName   string        `json:"org_name"`
	Points    domain.Points `json:"points"`
}

func leaderboardView(lb *ratings.Leaderboard) leaderboardJSON {
	v := leaderboardJSON{OrgID: jsonID(lb.OrgID), Year: lb.Year, SubjectType: lb.SubjectType, Category: lb.Category,
		TieRule: lb.TieRule, Of: lb.Of, Items: make([]leaderJSON, len(lb.Items)), NextCursor: encodeOffset(lb.NextCursor)}
	for i, it := range lb.Items {
		v.Items[i] = leaderJSON{Rank: it.Rank, SubjectID: jsonID(it.SubjectID), Name: it.Name, OrgID: jsonID(it.OrgID),
			OrgName: it.OrgName, Points: it.Points}
	}
	return v
}

// rankJSON is one subject's place in a ranking; rank 0 means not ranked (no points that year).
type rankJSON struct {
	SubjectType string        `json:"subject_type"`
	SubjectID   jsonID        `json:"subject_id"`
	OrgID       jsonID        `json:"org_id"`
	Year        int           `json:"year"`
	Category    string        `json:"category"`
	TieRule     string        `json:"tie_rule"`
	Rank        int           `json:"rank"`
	Of          int           `json:"of"`
	Points      domain.Points `json:"points"`
}

func rankView(r *ratings.Rank) rankJSON {
	return rankJSON{SubjectType: r.SubjectType, SubjectID: jsonID(r.SubjectID), OrgID: jsonID(r.OrgID), Year: r.Year,
		Category: r.Category, TieRule: r.TieRule, Rank: r.Rank, Of: r.Of, Points: r.Points}
}

// eligibilityJSON is the answer of GET /points/eligibility: one item per branch.
type eligibilityJSON struct {
	OrgID   jsonID               `json:"org_id"`
	Year    int                  `json:"year"`
	Top     int                  `json:"top"`
	TieRule string               `json:"tie_rule"`
	Items   []branchEligibleJSON `json:"items"`
}

type branchEligibleJSON struct {
	OrgID   jsonID         `json:"org_id"`
	Name    string         `json:"name"`
	Members []eligibleJSON `json:"members"`
}

type eligibleJSON struct {
	MemberID jsonID        `json:"member_id"`
	Name     string        `json:"name"`
	Points   domain.Points `json:"points"`
	Rank     int           `json:"rank"`
}

func eligibilityView(el *ratings.Eligibility) eligibilityJSON {
	v := eligibilityJSON{OrgID: jsonID(el.OrgID), Year: el.Year, Top: el.Top, TieRule: el.TieRule,
		Items: make([]branchEligibleJSON, len(el.Items))}
	for i, b := range el.Items {
		members := make([]eligibleJSON, len(b.Members))
		for j, m := range b.Members {
			members[j] = eligibleJSON{MemberID: jsonID(m.MemberID), Name: m.Name, Points: m.Points, Rank: m.Rank}
		}
		v.Items[i] = branchEligibleJSON{OrgID: jsonID(b.OrgID), Name: b.Name, Members: members}
	}
	return v
}

// runJSON is a rating run: its status and progress, the deadline, who published it and the
// distribution of the final stars per subject type (counts of 0 to 5 stars).
type runJSON struct {
	ID            jsonID           `json:"id"`
	Year          int              `json:"year"`
	OrgID         jsonID           `json:"org_id"`
	OrgName       string           `json:"org_name"`
	Status        string           `json:"status"`
	JobID         nullID           `json:"job_id"`
	TotalSubjects int              `json:"total_subjects"`
	Processed     int              `json:"processed"`
	Error         string           `json:"error"`
	StartedBy     string           `json:"started_by"`
	StartedAt     *stamp           `json:"started_at"`
	ComputedAt    *stamp           `json:"computed_at"`
	PublishedBy   string           `json:"published_by"`
	PublishedAt   *stamp           `json:"published_at"`
	PublishBy     domain.Date      `json:"publish_by"`
	PublishedLate bool             `json:"published_late"`
	LateReason    string           `json:"late_reason"`
	Stars         map[string][]int `json:"stars"`
}

// runView renders a run. A failed computation's cause stays in the server log (it may be a
// database error); the caller learns that it failed and may start it again.
func runView(r *http.Request, cat *i18n.Catalog, run *ratings.Run) runJSON {
	v := runJSON{ID: jsonID(run.ID), Year: run.Year, OrgID: jsonID(run.OrgID), OrgName: run.OrgName, Status: run.Status,
		JobID: nullID(run.JobID), TotalSubjects: run.TotalSubjects, Processed: run.Processed, StartedBy: run.StartedBy,
		StartedAt: stampOf(run.StartedAt), ComputedAt: stampOf(run.ComputedAt), PublishedBy: run.PublishedBy,
		PublishedAt: stampOf(run.PublishedAt), PublishBy: run.PublishBy, PublishedLate: run.PublishedLate,
		LateReason: run.LateReason, Stars: run.Stars}
	if run.Status == store.RatingFailed {
		v.Error = cat.T(i18n.FromRequest(r), "api.ratings.failed")
	}
	if v.Stars == nil {
		v.Stars = map[string][]int{}
	}
	return v
}

// stampOf is optionalStamp for a time that may be missing.
func stampOf(t *time.Time) *stamp {
	if t == nil {
		return nil
	}
	return optionalStamp(*t)
}

// resultJSON is one subject's rating: the computed values beside the final (calibrated) ones,
// with who calibrated and why.
type resultJSON struct {
	SubjectType       string        `json:"subject_type"`
	SubjectID         jsonID        `json:"subject_id"`
	Name              string        `json:"name"`
	OrgID             jsonID        `json:"org_id"`
	Total             domain.Points `json:"total"`
	Composite         domain.Points `json:"composite"`
	Stars             int           `json:"stars"`
	Vetoes            int           `json:"vetoes"`
	FinalComposite    domain.Points `json:"final_composite"`
	FinalStars        int           `json:"final_stars"`
	Calibrated        bool          `json:"calibrated"`
	CalibratedBy      string        `json:"calibrated_by"`
	CalibratedAt      *stamp        `json:"calibrated_at"`
	CalibrationReason string        `json:"calibration_reason"`
}

func resultView(res *ratings.Result) resultJSON {
	return resultJSON{SubjectType: res.SubjectType, SubjectID: jsonID(res.SubjectID), Name: res.Name, OrgID: jsonID(res.OrgID),
		Total: res.Total, Composite: res.Composite, Stars: res.Stars, Vetoes: res.Vetoes, FinalComposite: res.FinalComposite,
		FinalStars: res.FinalStars, Calibrated: res.Calibrated, CalibratedBy: res.CalibratedBy,
		CalibratedAt: stampOf(res.CalibratedAt), CalibrationReason: res.CalibrationReason}
}
