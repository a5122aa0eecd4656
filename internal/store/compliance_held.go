package store

import (
	"context"
	"time"

	"dangjian/internal/domain"
)

// HeldMeetingRow is a meeting that was not cancelled, for the compliance engine: the
// organisation that held it (a party group's meetings are held by the group), the party group
// it was planned for (0: none; a branch planning a group's meeting names the group) and
// whether the upper organisation approved its minutes.
type HeldMeetingRow struct {
	OrgID    int64
	GroupID  int64
	Kind     string
	StartsAt time.Time
	Approved bool
}

// HeldMeetingsUnder returns, in one scan, the meetings not cancelled of the whole subtree at
// path that start in [from, to): the roll-up must not query per organisation.
func (q *Q) HeldMeetingsUnder(ctx context.Context, path string, from, to time.Time) ([]HeldMeetingRow, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT t.org_id, COALESCE(t.group_id, 0), t.kind, t.starts_at,
		CASE WHEN mm.status = $1 THEN 1 ELSE 0 END
		FROM meetings t LEFT JOIN meeting_minutes mm ON mm.meeting_id = t.id
		WHERE t.org_path >= $2 AND t.org_path < $3 AND t.status <> $4 AND t.starts_at >= $5 AND t.starts_at < $6
		ORDER BY t.id`, domain.MinutesApproved, path, domain.PathUpperBound(path), domain.MeetingCancelled, from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HeldMeetingRow
	for rows.Next() {
		var r HeldMeetingRow
		var approved int
		if err := rows.Scan(&r.OrgID, &r.GroupID, &r.Kind, &r.StartsAt, &approved); err != nil {
			return nil, err
		}
		r.StartsAt, r.Approved = r.StartsAt.UTC(), approved == 1
		out = append(out, r)
	}
	return out, rows.Err()
}
