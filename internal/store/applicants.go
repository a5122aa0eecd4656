package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"dangjian/internal/domain"
)

// ApplicantRecord is an applicant as stored: the ID number sealed, with its keyed hash.
type ApplicantRecord struct {
	domain.Applicant
	IDNumberEnc  []byte
	IDNumberHash string
}

const applicantColumns = `a.id, a.org_id, o.name, o.path, a.name, a.gender, a.birth_date, a.id_number_enc,
	a.id_number_hash, a.id_number_masked, a.applied_on, a.status, COALESCE(a.member_id, 0), a.extension_months,
	a.extended_on, a.closed_on, a.close_reason, a.created_at, a.updated_at`

// Applicants are scoped through their organisation's current path (see the migration).
const applicantFrom = ` FROM applicants a JOIN orgs o ON o.id = a.org_id`

func scanApplicant(row interface{ Scan(...any) error }, r *ApplicantRecord) error {
	return row.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.OrgPath, &r.Name, &r.Gender, &r.BirthDate, &r.IDNumberEnc,
		&r.IDNumberHash, &r.IDNumber, &r.AppliedOn, &r.Status, &r.MemberID, &r.ExtensionMonths, &r.ExtendedOn,
		&r.ClosedOn, &r.CloseReason, &r.CreatedAt, &r.UpdatedAt)
}

// Applicant returns one applicant (locked inside a write transaction), or ErrNoRows.
func (q *Q) Applicant(ctx context.Context, id int64) (*ApplicantRecord, error) {
	var r ApplicantRecord
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF a"
	}
	if err := scanApplicant(q.q.QueryRowContext(ctx, `SELECT `+applicantColumns+applicantFrom+` WHERE a.id = $1`+lock, id), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// ApplicantFilter selects applicants; empty Scopes selects nothing.
type ApplicantFilter struct {
	Scopes   []string
	Under    string   // an org subtree
	Statuses []string // any of these
	AfterID  int64
	Limit    int // 0: no limit
}

// Applicants lists applicants in id order.
func (q *Q) Applicants(ctx context.Context, f ApplicantFilter) ([]ApplicantRecord, error) {
	args := []any{}
	where := []string{scopeClause("o.path", f.Scopes, &args)}
	if f.Under != "" {
		where = append(where, scopeClause("o.path", []string{f.Under}, &args))
	}
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			args = append(args, s)
			marks[i] = placeholder(len(args))
		}
		where = append(where, "a.status IN ("+strings.Join(marks, ",")+")")
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		where = append(where, "a.id > "+placeholder(len(args)))
	}
	text := `SELECT ` + applicantColumns + applicantFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY a.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	rows, err := q.q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ApplicantRecord
	for rows.Next() {
		var r ApplicantRecord
		if err := scanApplicant(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenApplicantByHash returns the id of an applicant with the ID-number hash who is still in
// the process (active or probationary), 0 when none.
func (q *Q) OpenApplicantByHash(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := q.q.QueryRowContext(ctx, `SELECT id FROM applicants WHERE id_number_hash = $1 AND status IN ($2, $3)
		ORDER BY id LIMIT 1`, hash, domain.ApplicantActive, domain.ApplicantProbationary).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// InsertApplicant inserts r and sets r.ID.
func (q *Q) InsertApplicant(ctx context.Context, r *ApplicantRecord) error {
	t := now()
	r.CreatedAt, r.UpdatedAt = t, t
	return q.q.QueryRowContext(ctx, `INSERT INTO applicants (org_id, name, gender, birth_date, id_number_enc,
		id_number_hash, id_number_masked, applied_on, status, member_id, extension_months, extended_on, closed_on,
		close_reason, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15) RETURNING id`,
		r.OrgID, r.Name, r.Gender, r.BirthDate, r.IDNumberEnc, r.IDNumberHash, r.IDNumber, r.AppliedOn, r.Status,
		nullInt(r.MemberID), r.ExtensionMonths, r.ExtendedOn, r.ClosedOn, r.CloseReason, t).Scan(&r.ID)
}

// UpdateApplicantState writes the fields that change as the process moves on.
func (q *Q) UpdateApplicantState(ctx context.Context, r *ApplicantRecord) error {
	r.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE applicants SET status=$1, member_id=$2, extension_months=$3, extended_on=$4,
		closed_on=$5, close_reason=$6, updated_at=$7 WHERE id=$8`, r.Status, nullInt(r.MemberID), r.ExtensionMonths,
		r.ExtendedOn, r.ClosedOn, r.CloseReason, r.UpdatedAt, r.ID)
	return err
}

// InsertApplicantStep stores a step record (without attachments) and sets its ID.
func (q *Q) InsertApplicantStep(ctx context.Context, s *domain.DevStepRecord) error {
	people, err := json.Marshal(s.People)
	if err != nil {
		return err
	}
	detail, err := json.Marshal(s.Detail)
	if err != nil {
		return err
	}
	s.CreatedAt = now()
	return q.q.QueryRowContext(ctx, `INSERT INTO applicant_steps (applicant_id, step, done_on, people, note, detail,
		actor, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, s.ApplicantID, s.Step, s.DoneOn,
		string(people), s.Note, string(detail), s.Actor, s.CreatedAt).Scan(&s.ID)
}

// ApplicantSteps returns the step records of the applicants with their attachments'
// descriptions, by applicant, each in record order.
func (q *Q) ApplicantSteps(ctx context.Context, applicantIDs []int64) (map[int64][]domain.DevStepRecord, error) {
	out := map[int64][]domain.DevStepRecord{}
	if len(applicantIDs) == 0 {
		return out, nil
	}
	in, args := idList(applicantIDs)
	rows, err := q.q.QueryContext(ctx, `SELECT id, applicant_id, step, done_on, people, note, detail, actor, created_at
		FROM applicant_steps WHERE applicant_id IN (`+in+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	index := map[int64][2]int64{} // step id → applicant id, position
	for rows.Next() {
		var s domain.DevStepRecord
		var people, detail string
		if err := rows.Scan(&s.ID, &s.ApplicantID, &s.Step, &s.DoneOn, &people, &s.Note, &detail, &s.Actor, &s.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(people), &s.People); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(detail), &s.Detail); err != nil {
			return nil, err
		}
		s.Attachments = []domain.Attachment{}
		index[s.ID] = [2]int64{s.ApplicantID, int64(len(out[s.ApplicantID]))}
		out[s.ApplicantID] = append(out[s.ApplicantID], s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	att, err := q.q.QueryContext(ctx, `SELECT id, step_id, file_name, content_type, size FROM applicant_attachments
		WHERE applicant_id IN (`+in+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer att.Close()
	for att.Next() {
		var a domain.Attachment
		var stepID int64
		if err := att.Scan(&a.ID, &stepID, &a.Name, &a.ContentType, &a.Size); err != nil {
			return nil, err
		}
		if at, ok := index[stepID]; ok {
			list := out[at[0]]
			list[at[1]].Attachments = append(list[at[1]].Attachments, a)
		}
	}
	return out, att.Err()
}

// InsertAttachment stores a file of a step and sets a.ID.
func (q *Q) InsertAttachment(ctx context.Context, applicantID, stepID int64, a *domain.Attachment, content []byte) error {
	a.Size = int64(len(content))
	return q.q.QueryRowContext(ctx, `INSERT INTO applicant_attachments (applicant_id, step_id, file_name, content_type,
		size, content, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, applicantID, stepID, a.Name,
		a.ContentType, a.Size, content, now()).Scan(&a.ID)
}

// Attachment returns a stored file of an applicant, or ErrNoRows.
func (q *Q) Attachment(ctx context.Context, applicantID, id int64) (*domain.Attachment, []byte, error) {
	var a domain.Attachment
	var content []byte
	err := q.q.QueryRowContext(ctx, `SELECT id, file_name, content_type, size, content FROM applicant_attachments
		WHERE id = $1 AND applicant_id = $2`, id, applicantID).Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &content)
	if err != nil {
		return nil, nil, err
	}
	return &a, content, nil
}

// idList returns "$1,$2,…" and the ids as arguments.
func idList(ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = placeholder(i+1), id
	}
	return strings.Join(marks, ","), args
}
