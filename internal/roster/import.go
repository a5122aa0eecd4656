package roster

import (
	"context"
	"errors"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// An import runs in three passes over the file, each streaming it (pass 1 from a temporary
// copy of the upload, passes 2 and 3 from the row file that pass 1 wrote):
//
//  1. reading:  count the data rows (refusing more than MaxDataRows as soon as row
//     MaxDataRows+1 appears), find ID numbers that repeat inside the file, and keep the
//     rows' cells in a row file (rowfile.go) so the later passes need not parse the upload
//     again;
//  2. checking: read each row into member input and check it by the member service's rules
//     against the database, in batches, from the reader pool and outside any transaction;
//     a dry run stops here with the counts and errors;
//  3. writing:  if no row had a problem, read the rows again and check and write them in
//     ONE write transaction, so the roster gets every row or none. The rows are checked
//     again inside the transaction because the database may have changed since pass 2
//     (members with the same ID numbers, the branches and groups, the importer's scope):
//     every database lookup is made again through the transaction, and any problem then
//     rolls everything back. Only what cannot change is not redone: parsing the upload and
//     finding the duplicates inside the file.
//
// Each pass asks the database in batches: per batchRows rows, one lookup of existing
// members (by ID-number hash) and at most two of the branch and group cells not seen yet
// in this pass (resolve.go); the member rules' lookups of organisations by ID go through a
// member.OrgCache. All of these are remembered for the rest of that pass only: the write
// pass starts afresh inside its transaction.
//
// Progress: in passes 1 and 2 the counters are written to the jobs row every
// jobs.SaveEvery, in short transactions of their own. In pass 3 the import holds the write
// transaction; on SQLite that is the only writer connection, so a progress write would wait
// for the very transaction it reports on. There the counters live in memory only
// (Runner.Live, read by Import when the job runs on the same instance) and the jobs row
// keeps phase "writing" until the commit, which also finishes the job (Job.FinishIn) so the
// import and its status cannot disagree. On PostgreSQL progress writes go on in pass 3
// through other pool connections. Memory stays bounded: one batch of rows, plus the
// duplicate map of pass 1 (one entry per row) and the reported errors.

type importRun struct {
	s       *Service
	actor   *auth.Actor
	org     *domain.Org
	path    string
	format  string
	job     *jobs.Job
	res     *importResult
	dups    map[int]int          // row → another row with the same ID number
	orgs    map[string]orgLookup // branch cell → branch, for this pass
	groups  map[string]orgLookup // branch ID + group cell → group, for this pass
	byID    *member.OrgCache     // the member rules' lookups by ID, for this pass
	headers []string             // the file's header cells, by Columns index
	present []bool               // the columns the header has, by Columns index
	rows    string               // the row file written by pass 1
	total   int
}

func (s *Service) runImport(ctx context.Context, j *jobs.Job) error {
	var args importArgs
	if err := j.Args(&args); err != nil {
		return err
	}
	res := &importResult{Filename: args.Filename, DryRun: args.DryRun, Errors: []RowError{}}
	j.Result = res
	err := s.doImport(ctx, j, args, res)
	if e, ok := domain.AsError(err); ok && res.Error == "" {
		res.Error, res.ErrorArgs = e.Message, e.Args
	}
	if err != nil && !args.DryRun {
		// The counts so far are the checking pass's forecast (or a rolled-back write pass's);
		// a failed run wrote nothing, and its status must say so. The row errors stay.
		res.New, res.Updated, res.Unchanged = 0, 0, 0
	}
	return err
}

func (s *Service) doImport(ctx context.Context, j *jobs.Job, args importArgs, res *importResult) error {
	actor, err := s.actorFor(ctx, j.Record, args.jobArgs)
	if err != nil {
		return err
	}
	o, err := s.writableOrg(ctx, actor, args.OrgID)
	if err != nil {
		return err
	}
	path, err := s.copyJobFile(ctx, j.ID(), "input")
	if err != nil {
		return err
	}
	defer os.Remove(path)
	run := &importRun{s: s, actor: actor, org: o, path: path, format: args.Format, job: j, res: res}
	if err := run.scan(ctx); err != nil {
		return err
	}
	defer os.Remove(run.rows)
	if err := run.pass(ctx, s.DB.Read(), false); err != nil {
		return err
	}
	if res.ErrorCount > 0 {
		if args.DryRun {
			return nil // a dry run has done its job: it shows the errors
		}
		return fileError("roster.import.has_errors", res.ErrorCount)
	}
	if args.DryRun {
		return nil
	}
	// The write transaction may outlast the heartbeat's reach on SQLite: hold the claim for
	// a generous estimate (100,000 rows take well under a minute).
	if err := j.ExtendLease(ctx, 10*time.Minute+time.Duration(run.total)*time.Millisecond); err != nil {
		return err
	}
	j.LiveOnly(s.DB.Engine == store.SQLite)
	defer j.LiveOnly(false)
	if s.beforeWrite != nil {
		s.beforeWrite()
	}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		res.New, res.Updated, res.Unchanged = 0, 0, 0
		if err := q.PlanForArguments(ctx); err != nil {
			return err
		}
		if err := run.pass(ctx, q, true); err != nil {
			return err
		}
		if res.ErrorCount > 0 {
			return errRowsChanged
		}
		err := audit.Record(ctx, q, actor, "member.import", "job", j.ID(), o.Path, nil, map[string]any{
			"filename": args.Filename, "rows": res.Total, "new": res.New, "updated": res.Updated, "unchanged": res.Unchanged})
		if err != nil {
			return err
		}
		return j.FinishIn(ctx, q)
	})
	if errors.Is(err, errRowsChanged) {
		return fileError("roster.import.has_errors", res.ErrorCount)
	}
	return err
}

// errRowsChanged rolls back a write pass whose rows no longer pass (the roster changed
// between the check and the write).
var errRowsChanged = errors.New("roster: rows changed since the check")

// eachUploadRow streams the upload's data rows (not blank, not the template's example) after
// the header, giving fn the row number and the cells spread over Columns.
func (r *importRun) eachUploadRow(fn func(num int, cells []string, present []bool) error) error {
	src, err := openSource(r.path, r.format, r.s.TempDir)
	if err != nil {
		return err
	}
	defer src.Close()
	var at []int
	cells := make([]string, len(Columns))
	present := make([]bool, len(Columns))
	for src.Next() {
		num, raw := src.Row()
		if blank(raw) {
			continue
		}
		if at == nil {
			if at, err = header(raw, r.org.Type.IsBranch()); err != nil {
				return err
			}
			r.headers = make([]string, len(Columns))
			for i, c := range at {
				if c >= 0 {
					r.headers[c] = raw[i]
				}
			}
			continue
		}
		cellsByField(at, raw, cells, present)
		if normalizeID(cells[idColumn]) == ExampleIDNumber {
			continue
		}
		if err := fn(num, cells, present); err != nil {
			return err
		}
	}
	if err := src.Err(); err != nil {
		return err
	}
	if at == nil {
		return fileError("roster.file.empty")
	}
	return nil
}

var idColumn = columnFor("id_number")

// eachRow gives fn the data rows kept by pass 1, as eachUploadRow gave them.
func (r *importRun) eachRow(fn func(num int, cells []string, present []bool) error) error {
	return readRowFile(r.rows, func(num int, cells []string) error { return fn(num, cells, r.present) })
}

// scan is pass 1: count rows, refuse too many, pair up repeated ID numbers, and keep the
// rows in the row file (r.rows, removed by the caller; on an error removed here).
func (r *importRun) scan(ctx context.Context) error {
	w, err := createRowFile(r.s.TempDir)
	if err != nil {
		return err
	}
	err = r.scanInto(ctx, w)
	if cerr := w.close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(w.path())
		return err
	}
	r.rows = w.path()
	return nil
}

func (r *importRun) scanInto(ctx context.Context, w *rowWriter) error {
	first := map[string]int{}
	r.dups = map[int]int{}
	n := 0
	err := r.eachUploadRow(func(num int, cells []string, present []bool) error {
		n++
		if n > MaxDataRows {
			return fileError("roster.file.too_many_rows", MaxDataRows)
		}
		if r.present == nil {
			r.present = slices.Clone(present) // the same for every row: it follows the header
		}
		if err := w.write(num, cells); err != nil {
			return err
		}
		if id := normalizeID(cells[idColumn]); id != "" {
			if prev, ok := first[id]; ok {
				r.dups[num] = prev
				if _, named := r.dups[prev]; !named {
					r.dups[prev] = num
				}
			} else {
				first[id] = num
			}
		}
		if n%1000 == 0 {
			r.job.Progress(ctx, "reading", 0, n)
			return ctx.Err()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return fileError("roster.file.no_rows")
	}
	r.total, r.res.Total = n, n
	r.job.Progress(ctx, "reading", n, n)
	return nil
}

// pass checks every row against q (pass 2) or checks and writes them (pass 3, q is the
// write transaction). In pass 3 it stops at the first problem.
func (r *importRun) pass(ctx context.Context, q *store.Q, write bool) error {
	phase := "checking"
	if write {
		phase = "writing"
	}
	// Every pass resolves the organisations afresh through its own q: the write pass must
	// see the tree as it is inside its transaction, not as the check pass saw it.
	r.orgs, r.groups, r.byID = map[string]orgLookup{}, map[string]orgLookup{}, member.NewOrgCache(q)
	batch := make([]*rowInput, 0, batchRows)
	done := 0
	flush := func() error {
		if err := r.checkBatch(ctx, q, batch, write); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		r.job.Progress(ctx, phase, r.total, done)
		if write && r.res.ErrorCount > 0 {
			return errRowsChanged
		}
		return ctx.Err()
	}
	err := r.eachRow(func(num int, cells []string, present []bool) error {
		batch = append(batch, readRow(num, cells, present))
		if len(batch) == batchRows {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if errors.Is(err, errRowsChanged) {
		return nil // the caller sees ErrorCount
	}
	return err
}

func (r *importRun) checkBatch(ctx context.Context, q *store.Q, batch []*rowInput, write bool) error {
	hashes := make([]string, 0, len(batch))
	rowHash := make([]string, len(batch))
	for i, row := range batch {
		if h := r.s.Members.HashIDNumber(row.idNumber); h != "" {
			hashes = append(hashes, h)
			rowHash[i] = h
		}
	}
	existing, err := q.MembersByHashes(ctx, hashes)
	if err != nil {
		return err
	}
	if err := r.resolveOrgs(ctx, q, batch); err != nil {
		return err
	}
	checked := make([]*member.ImportRow, 0, len(batch))
	for i, row := range batch {
		if other, ok := r.dups[row.num]; ok {
			row.problem("id_number", "roster.id_number.duplicate_in_file", other)
		}
		r.resolveOrg(row)
		ir, err := r.s.Members.CheckImportRow(ctx, r.byID, r.actor, existing[rowHash[i]], row.in)
		if err != nil {
			return err
		}
		for f, key := range ir.Problems {
			row.problem(f, key)
		}
		if len(row.problems) > 0 {
			r.report(row)
			continue
		}
		switch {
		case ir.New:
			r.res.New++
		case ir.Changed:
			r.res.Updated++
		default:
			r.res.Unchanged++
		}
		checked = append(checked, ir)
	}
	if write && r.res.ErrorCount == 0 {
		return r.s.Members.WriteImport(ctx, q, r.actor, checked)
	}
	return nil
}

// report adds a row's problems to the result, in column order.
func (r *importRun) report(row *rowInput) {
	var list []RowError
	for field, key := range row.problems {
		e := RowError{Row: row.num, Field: field, Message: key, Args: row.args[field]}
		if c := columnOfField(field); c >= 0 {
			e.Field = Columns[c].Field
			if r.headers != nil {
				e.Column = r.headers[c]
			}
		}
		list = append(list, e)
	}
	sort.Slice(list, func(i, j int) bool { return columnOfField(list[i].Field) < columnOfField(list[j].Field) })
	for _, e := range list {
		r.res.ErrorCount++
		if len(r.res.Errors) < MaxReportedErrors {
			r.res.Errors = append(r.res.Errors, e)
		}
	}
}

// columnOfField finds the column of a field key (the member service's or ours), -1 if none.
func columnOfField(field string) int {
	for i, c := range Columns {
		if c.Field == field || c.errField() == field {
			return i
		}
	}
	return -1
}

// normalizeID is an ID number as typed with spaces removed and the check letter upper-cased.
func normalizeID(s string) string {
	return domain.NormalizeIDNumber(strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\u3000", ""))
}
