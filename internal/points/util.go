package points

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// text trims s and checks its length; the error's text is the message key.
func text(s string, maxRunes int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", errors.New("err.required")
	case utf8.RuneCountInString(s) > maxRunes:
		return "", errors.New("err.too_long")
	}
	return s, nil
}

// entryAudit is what the audit log keeps of an entry.
type entryAudit struct {
	ID          int64  `json:"id"`
	Subject     string `json:"subject"`
	Indicator   int64  `json:"indicator_id,omitempty"`
	Source      string `json:"source"`
	SourceRef   string `json:"source_ref,omitempty"`
	Requested   string `json:"requested"`
	Points      string `json:"points"`
	Reward      string `json:"reward"`
	Capped      bool   `json:"capped,omitempty"`
	ReversesID  int64  `json:"reverses_id,omitempty"`
	ClaimID     int64  `json:"claim_id,omitempty"`
	OccurredOn  string `json:"occurred_on"`
	Note        string `json:"note,omitempty"`
	Deduplicate string `json:"dedup_key,omitempty"`
}

// auditEntry records an entry's posting in the audit log, in the posting's transaction.
func auditEntry(ctx context.Context, q *store.Q, a *auth.Actor, action string, e *domain.PointEntry) error {
	if a == nil {
		a = auth.SystemActor()
	}
	return audit.Record(ctx, q, a, action, "point_entry", e.ID, e.OrgPath, nil, entryAudit{ID: e.ID,
		Subject: e.SubjectType + ":" + itoa(e.SubjectID), Indicator: e.IndicatorID, Source: e.Source,
		SourceRef: e.SourceRef, Requested: e.Requested.String(), Points: e.Points.String(), Reward: e.Reward.String(),
		Capped: e.Capped, ReversesID: e.ReversesID, ClaimID: e.ClaimID, OccurredOn: e.OccurredOn.String(), Note: e.Note,
		Deduplicate: e.DedupKey})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// parseDay parses an occurred_on date: required, not in the future.
func (s *Service) parseDay(v string) (domain.Date, string) {
	d, err := domain.ParseDate(strings.TrimSpace(v))
	switch {
	case err != nil:
		return d, "err.date"
	case d.IsZero():
		return d, "err.required"
	case d.After(s.today()):
		return d, "err.date_future"
	}
	return d, ""
}
