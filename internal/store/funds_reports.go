package store

import (
	"context"
	"time"

	"dangjian/internal/domain"
)

// Attachments of fund entries and the publication of yearly fund reports (issue 6 part 6).

// InsertFundAttachment stores a file of an entry and sets its ID, Size and CreatedAt.
func (q *Q) InsertFundAttachment(ctx context.Context, f *domain.FundAttachment, content []byte) error {
	f.CreatedAt = now()
	f.Size = len(content)
	return q.q.QueryRowContext(ctx, `INSERT INTO fund_attachments (entry_id, file_name, content_type, size, content,
		created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, f.EntryID, f.FileName, f.ContentType,
		f.Size, content, f.CreatedBy, f.CreatedAt).Scan(&f.ID)
}

// FundAttachments lists the files of an entry.
func (q *Q) FundAttachments(ctx context.Context, entryID int64) ([]domain.FundAttachment, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT id, entry_id, file_name, content_type, size, created_by_name, created_at
		FROM fund_attachments WHERE entry_id = $1 ORDER BY id`, entryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.FundAttachment{}
	for rows.Next() {
		var f domain.FundAttachment
		if err := rows.Scan(&f.ID, &f.EntryID, &f.FileName, &f.ContentType, &f.Size, &f.CreatedBy, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// CountFundAttachments counts the files of an entry.
func (q *Q) CountFundAttachments(ctx context.Context, entryID int64) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM fund_attachments WHERE entry_id = $1`, entryID).Scan(&n)
	return n, err
}

// FundAttachment returns one file of an entry with its content, or ErrNoRows.
func (q *Q) FundAttachment(ctx context.Context, entryID, id int64) (*domain.FundAttachment, []byte, error) {
	var f domain.FundAttachment
	var content []byte
	err := q.q.QueryRowContext(ctx, `SELECT id, entry_id, file_name, content_type, size, created_by_name, created_at, content
		FROM fund_attachments WHERE entry_id = $1 AND id = $2`, entryID, id).Scan(&f.ID, &f.EntryID, &f.FileName,
		&f.ContentType, &f.Size, &f.CreatedBy, &f.CreatedAt, &content)
	if err != nil {
		return nil, nil, err
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return &f, content, nil
}

// FundPublication is a published yearly report: the figures as published, who and when.
type FundPublication struct {
	OrgID, PublishedBy                             int64
	Year                                           int
	OpeningFen, IncomeFen, SpendingFen, ClosingFen int64
	PublishedByName                                string
	PublishedAt                                    time.Time
}

// FundReportPublication returns the publication of an organisation's year, or ErrNoRows.
func (q *Q) FundReportPublication(ctx context.Context, orgID int64, year int) (*FundPublication, error) {
	p := FundPublication{OrgID: orgID, Year: year}
	err := q.q.QueryRowContext(ctx, `SELECT opening_fen, income_fen, spending_fen, closing_fen, COALESCE(published_by, 0),
		published_by_name, published_at FROM fund_reports WHERE org_id = $1 AND year = $2`, orgID, year).Scan(&p.OpeningFen,
		&p.IncomeFen, &p.SpendingFen, &p.ClosingFen, &p.PublishedBy, &p.PublishedByName, &p.PublishedAt)
	if err != nil {
		return nil, err
	}
	p.PublishedAt = p.PublishedAt.UTC()
	return &p, nil
}

// InsertFundPublication records the publication of a year and reports whether it did (false:
// published already).
func (q *Q) InsertFundPublication(ctx context.Context, p *FundPublication) (bool, error) {
	p.PublishedAt = now()
	res, err := q.q.ExecContext(ctx, `INSERT INTO fund_reports (org_id, year, opening_fen, income_fen, spending_fen,
		closing_fen, published_by, published_by_name, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (org_id, year) DO NOTHING`, p.OrgID, p.Year, p.OpeningFen, p.IncomeFen, p.SpendingFen, p.ClosingFen,
		nullInt(p.PublishedBy), p.PublishedByName, p.PublishedAt)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FundYearClosed reports whether a year is closed to an organisation's postings: its report,
// or a later year's, is published (a posting in an earlier year would change the balance
// carried into the published one).
func (q *Q) FundYearClosed(ctx context.Context, orgID int64, year int) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM fund_reports WHERE org_id = $1 AND year >= $2`, orgID, year).Scan(&n)
	return n > 0, err
}

// FundPublishedYears lists the years of an organisation's published reports, newest first.
func (q *Q) FundPublishedYears(ctx context.Context, orgID int64) ([]int, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT year FROM fund_reports WHERE org_id = $1 ORDER BY year DESC`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int{}
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}
