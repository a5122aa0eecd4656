package meeting

import (
	"context"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// MinutesToReview lists the submitted minutes the caller may approve or return: meetings
// below an organisation where the caller holds an approver's grant (the administrator:
// everywhere). One query; the exact rule (canDecide) then drops the caller's own
// organisation's meetings. Limit 0 means 200.
func (s *Service) MinutesToReview(ctx context.Context, a *auth.Actor, limit int) ([]store.MinutesForReview, error) {
	var scopes []string
	if a.IsAdmin() {
		scopes = []string{"/"}
	} else if a != nil && a.User != nil {
		for _, g := range a.User.Grants {
			if domain.Contains(approvers, g.Role) && g.OrgPath != "" {
				scopes = append(scopes, g.OrgPath)
			}
		}
	}
	rows, err := s.DB.Read().SubmittedMinutes(ctx, scopes, limit)
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, r := range rows {
		if canDecide(a, &r.Meeting) {
			out = append(out, r)
		}
	}
	return out, nil
}
