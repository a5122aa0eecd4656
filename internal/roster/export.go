package roster

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// ExportSize counts the members a filter selects for the caller, so a handler can write a
// small export directly (fewer than SmallExportRows) and start a job for a large one.
// Who and errors: as member.Service.List.
func (s *Service) ExportSize(ctx context.Context, a *auth.Actor, f member.Filter) (int, error) {
	f.Limit, f.Reveal, f.AfterID = 1, false, 0
	res, err := s.Members.List(ctx, a, f, true)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// ExportMembers writes the members a filter selects, in the caller's scope, as .xlsx with the
// roster's columns (so an export with revealed numbers imports back unchanged). Personal
// numbers are masked unless reveal; a reveal needs member.reveal over every member written
// and is audited page by page by the member service. It streams: a page of 500 members in
// memory at a time. Who and errors: as member.Service.List. Returns the rows written.
func (s *Service) ExportMembers(ctx context.Context, a *auth.Actor, f member.Filter, reveal bool, locale string, w io.Writer) (int, error) {
	return s.export(ctx, a, f, reveal, locale, w, nil)
}

func (s *Service) export(ctx context.Context, a *auth.Actor, f member.Filter, reveal bool, locale string, w io.Writer, progress func(int)) (int, error) {
	x := excelize.NewFile(excelize.Options{TmpDir: s.TempDir})
	defer x.Close()
	sheet := sheetName(locale)
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return 0, err
	}
	styles, err := newStyles(x)
	if err != nil {
		return 0, err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	for i, c := range Columns {
		sw.SetColWidth(i+1, i+1, c.Width)
	}
	head := make([]any, len(Columns))
	for i, c := range Columns {
		head[i] = excelize.Cell{StyleID: styles.header, Value: c.Header(locale)}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{}); err != nil {
		return 0, err
	}
	f.Limit, f.Reveal, f.AfterID = 500, reveal, 0
	n := 0
	row := make([]any, len(Columns))
	for {
		res, err := s.Members.List(ctx, a, f, false)
		if err != nil {
			return n, err
		}
		for i := range res.Items {
			memberCells(&res.Items[i], locale, styles.text, row)
			cell, _ := excelize.CoordinatesToCellName(1, n+2)
			if err := sw.SetRow(cell, row); err != nil {
				return n, err
			}
			n++
		}
		if progress != nil {
			progress(n)
		}
		if res.NextID == 0 {
			break
		}
		f.AfterID = res.NextID
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	_, err = x.WriteTo(w)
	return n, err
}

// memberCells fills row with a member's values in Columns order.
func memberCells(m *domain.Member, locale string, textStyle int, row []any) {
	yes := func(c *Column, b bool) string {
		if b {
			return c.Label("true", locale)
		}
		return c.Label("false", locale)
	}
	for i := range Columns {
		c := &Columns[i]
		var v string
		switch c.Field {
		case "name":
			v = m.Name
		case "gender":
			v = c.Label(m.Gender, locale)
		case "ethnicity":
			v = m.Ethnicity
		case "birth_date":
			v = m.BirthDate.String()
		case "id_number":
			v = m.IDNumber
		case "phone":
			v = m.Phone
		case "education":
			v = c.Label(m.Education, locale)
		case "org":
			v = m.OrgName
		case "group":
			v = m.GroupName
		case "category":
			v = c.Label(m.Category, locale)
		case "standing":
			v = c.Label(m.Standing, locale)
		case "joined_on":
			v = m.JoinedOn.String()
		case "full_member_on":
			v = m.FullMemberOn.String()
		case "floating":
			v = yes(c, m.Floating)
		case "lost_contact":
			v = yes(c, m.LostContact)
		case "job_title":
			v = m.JobTitle
		}
		if c.Kind == kindDate || c.Kind == kindNumber {
			row[i] = excelize.Cell{StyleID: textStyle, Value: v}
		} else {
			row[i] = v
		}
	}
}

type exportArgs struct {
	jobArgs
	Filter member.Filter `json:"filter"`
	Reveal bool          `json:"reveal,omitempty"`
	Locale string        `json:"locale"`
}

type exportResult struct {
	Rows int `json:"rows"`
}

// StartExport queues a large export. Who: readers of the filter's organisation; reveal needs
// member.reveal. Errors: ENotFound (org), EForbidden (reveal).
func (s *Service) StartExport(ctx context.Context, a *auth.Actor, f member.Filter, reveal bool, locale string) (int64, error) {
	if _, err := s.ExportSize(ctx, a, f); err != nil {
		return 0, err
	}
	if reveal && len(a.Scopes(auth.MemberReveal)) == 0 {
		return 0, domain.Forbidden()
	}
	path := "/"
	if scopes := a.Scopes(auth.MemberRead); len(scopes) == 1 {
		path = scopes[0]
	}
	args := exportArgs{jobArgs: jobArgs{System: a.System, IP: a.IP}, Filter: f, Reveal: reveal, Locale: locale}
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		rec, err := s.Jobs.Enqueue(ctx, q, KindExport, a.UserID(), path, args)
		if rec != nil {
			id = rec.ID
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	s.Jobs.Wake()
	return id, nil
}

func (s *Service) runExport(ctx context.Context, j *jobs.Job) error {
	var args exportArgs
	if err := j.Args(&args); err != nil {
		return err
	}
	a, err := s.actorFor(ctx, j.Record, args.jobArgs)
	if err != nil {
		return err
	}
	total, err := s.ExportSize(ctx, a, args.Filter)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.TempDir, "roster-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := s.export(ctx, a, args.Filter, args.Reveal, args.Locale, tmp, func(n int) {
		j.Progress(ctx, "writing", total, n)
	})
	if err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	j.Result = exportResult{Rows: n}
	return s.DB.WriteTx(ctx, func(q *store.Q) error {
		if err := q.DeleteJobFile(ctx, j.ID(), "output"); err != nil { // a retried attempt's leftovers
			return err
		}
		if _, err := jobs.WriteFile(ctx, q, j.ID(), "output", tmp); err != nil {
			return err
		}
		return j.FinishIn(ctx, q)
	})
}

// ExportStatus is a large export's progress.
type ExportStatus struct {
	ID            int64
	Status        string
	TotalRows     int
	ProcessedRows int
	Error         string
	CreatedAt     time.Time
}

// Export returns an export job's status. Who: whoever started it, and admins. Errors:
// ENotFound.
func (s *Service) Export(ctx context.Context, a *auth.Actor, id int64) (*ExportStatus, error) {
	rec, err := s.ownJob(ctx, a, id, KindExport)
	if err != nil {
		return nil, err
	}
	st := &ExportStatus{ID: rec.ID, Status: rec.Status, TotalRows: rec.TotalRows, ProcessedRows: rec.ProcessedRows,
		CreatedAt: rec.CreatedAt}
	if rec.Status == store.JobFailed {
		st.Error = rec.Error
	}
	if _, total, processed, ok := s.Jobs.Live(id); ok && rec.Status == store.JobRunning {
		st.TotalRows, st.ProcessedRows = total, processed
	}
	if rec.Status == store.JobDone {
		var res exportResult
		json.Unmarshal([]byte(rec.Result), &res)
		st.TotalRows, st.ProcessedRows = res.Rows, res.Rows
	}
	return st, nil
}

// ExportFile writes a finished export's .xlsx. Who: as Export. Errors: ENotFound, EConflict
// (not finished yet).
func (s *Service) ExportFile(ctx context.Context, a *auth.Actor, id int64, w io.Writer) error {
	rec, err := s.ownJob(ctx, a, id, KindExport)
	if err != nil {
		return err
	}
	if rec.Status != store.JobDone {
		return &domain.Error{Code: domain.EConflict, Message: "roster.export.not_ready"}
	}
	_, err = io.Copy(w, jobs.OpenFile(ctx, s.DB, id, "output"))
	return err
}
