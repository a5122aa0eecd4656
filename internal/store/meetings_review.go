package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/domain"
)

// MinutesForReview is one submitted set of minutes with its meeting, for the upper
// organisation's approval list (attachments are not read here).
type MinutesForReview struct {
	Meeting domain.Meeting
	Minutes domain.Minutes
}

// SubmittedMinutes lists, in one query, the minutes waiting for a decision whose meeting
// lies in one of the subtrees, oldest submission first. The caller narrows the rows to the
// ones it may decide (a meeting's own organisation does not approve its minutes).
func (q *Q) SubmittedMinutes(ctx context.Context, scopes []string, limit int) ([]MinutesForReview, error) {
	out := []MinutesForReview{}
	if len(scopes) == 0 {
		return out, nil
	}
	args := []any{domain.MinutesSubmitted}
	var scope []string
	for _, s := range scopes {
		args = append(args, s, domain.PathUpperBound(s))
		scope = append(scope, "(t.org_path >= "+placeholder(len(args)-1)+" AND t.org_path < "+placeholder(len(args))+")")
	}
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	args = append(args, limit)
	rows, err := q.q.QueryContext(ctx, `SELECT `+meetingColumns+`, COALESCE(mn.recorder_id, 0), mn.recorder_name,
		mn.content, mn.decisions, mn.status, mn.return_reason, mn.submitted_at, mn.updated_at`+meetingFrom+`
		JOIN meeting_minutes mn ON mn.meeting_id = t.id
		WHERE mn.status = $1 AND (`+strings.Join(scope, " OR ")+`)
		ORDER BY mn.submitted_at, t.id LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r MinutesForReview
		m, mn := &r.Meeting, &r.Minutes
		var sub sql.NullTime
		if err := rows.Scan(&m.ID, &m.OrgID, &m.OrgPath, &m.OrgName, &m.Kind, &m.Title, &m.StartsAt, &m.EndsAt,
			&m.Location, &m.OnlineURL, &m.LecturerID, &m.LecturerName, &m.Agenda, &m.Status, &m.CheckinCode, &m.QRKey,
			&m.CreatedBy, &m.CreatedByName, &m.CreatedAt, &m.UpdatedAt, &m.GroupID, &m.GroupName,
			&mn.RecorderID, &mn.RecorderName, &mn.Content, &mn.Decisions, &mn.Status, &mn.ReturnReason, &sub,
			&mn.UpdatedAt); err != nil {
			return nil, err
		}
		m.StartsAt, m.EndsAt = m.StartsAt.UTC(), m.EndsAt.UTC()
		m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
		m.QRKey, m.CheckinCode = "", "" // never needed to review minutes
		mn.MeetingID, mn.UpdatedAt = m.ID, mn.UpdatedAt.UTC()
		if sub.Valid {
			mn.SubmittedAt = sub.Time.UTC()
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
