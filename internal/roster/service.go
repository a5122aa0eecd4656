package roster

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// Job kinds.
const (
	KindImport = "roster.import"
	KindExport = "roster.export"
)

// Service is the roster import and export capability. The web console, the JSON API and
// the CLI call it; it registers its job handlers on the runner it is given, so the app must
// run that runner (Runner.Run) for imports and large exports to progress.
type Service struct {
	DB      *store.DB
	Members *member.Service
	Jobs    *jobs.Runner
	TempDir string // for spooled uploads and excelize's temporary files; "" = the system's
	Log     *slog.Logger

	// beforeWrite, when set (by tests), runs after an import's check pass and before its
	// write transaction: the moment another writer may change the roster or the tree.
	beforeWrite func()
}

// New returns the service and registers its jobs on runner.
func New(db *store.DB, members *member.Service, runner *jobs.Runner) *Service {
	s := &Service{DB: db, Members: members, Jobs: runner, Log: runner.Log}
	runner.Register(KindImport, s.runImport)
	runner.Register(KindExport, s.runExport)
	return s
}

// jobArgs are what every roster job needs to act as the person who asked for it.
type jobArgs struct {
	System bool   `json:"system,omitempty"` // the CLI operator
	IP     string `json:"ip,omitempty"`
}

// actorFor rebuilds the actor of a job from the database, with the grants the user holds
// now: a grant withdrawn while the job waited is not used.
func (s *Service) actorFor(ctx context.Context, rec *store.JobRecord, a jobArgs) (*auth.Actor, error) {
	if a.System {
		return auth.SystemActor(), nil
	}
	u, err := s.DB.Read().User(ctx, rec.UserID)
	if err == sql.ErrNoRows || (err == nil && u.Disabled) {
		return nil, &domain.Error{Code: domain.EForbidden, Message: "err.forbidden"}
	}
	if err != nil {
		return nil, err
	}
	return &auth.Actor{User: u, IP: a.IP}, nil
}

// ownJob returns the job if the actor may see it: whoever started it, and admins.
func (s *Service) ownJob(ctx context.Context, a *auth.Actor, id int64, kind string) (*store.JobRecord, error) {
	rec, err := s.DB.Read().Job(ctx, id)
	if err == sql.ErrNoRows || (err == nil && rec.Kind != kind) {
		return nil, &domain.Error{Code: domain.ENotFound, Message: "roster.job.not_found"}
	}
	if err != nil {
		return nil, err
	}
	if a.IsAdmin() || (rec.UserID != 0 && rec.UserID == a.UserID()) {
		return rec, nil
	}
	return nil, &domain.Error{Code: domain.ENotFound, Message: "roster.job.not_found"}
}

// writableOrg returns the organisation if the actor may write members there.
// Errors: EForbidden (no member rights at all), ENotFound (no such organisation),
// EForbidden (outside the actor's member.write scope, readable or not: API.md answers a
// write outside the caller's scope with 403).
func (s *Service) writableOrg(ctx context.Context, a *auth.Actor, orgID int64) (*domain.Org, error) {
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		return nil, domain.Forbidden()
	}
	o, err := s.DB.Read().Org(ctx, orgID)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("org")
	}
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.MemberWrite, o.Path) {
		return nil, domain.Forbidden()
	}
	return o, nil
}

// copyJobFile copies a job's stored file to a temporary file (excelize wants a file).
func (s *Service) copyJobFile(ctx context.Context, jobID int64, role string) (string, error) {
	f, err := os.CreateTemp(s.TempDir, "roster-*.job")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(f, jobs.OpenFile(ctx, s.DB, jobID, role)); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// ImportRequest is an upload to import.
type ImportRequest struct {
	OrgID    int64 // rows go to branches in this organisation's subtree
	Filename string
	Body     io.Reader
	DryRun   bool
}

type importArgs struct {
	jobArgs
	OrgID    int64  `json:"org_id"`
	Filename string `json:"filename"`
	Format   string `json:"format"`
	DryRun   bool   `json:"dry_run,omitempty"`
}

// StartImport checks the upload as a file (its kind, size, header) and queues the import;
// the rows are checked by the job. Who: admin, org_admin, secretary with member rights over
// the organisation. Errors: EForbidden (also an organisation outside the caller's scope),
// ENotFound (no such organisation), EInvalid with a roster.file.* key (not a spreadsheet,
// empty, too big, a zip bomb, unknown or missing columns).
func (s *Service) StartImport(ctx context.Context, a *auth.Actor, req ImportRequest) (int64, error) {
	o, err := s.writableOrg(ctx, a, req.OrgID)
	if err != nil {
		return 0, err
	}
	path, size, utf8ok, err := spool(s.TempDir, req.Body)
	if err != nil {
		return 0, err
	}
	defer os.Remove(path)
	format, err := sniff(path, size, utf8ok)
	if err != nil {
		return 0, err
	}
	if err := checkHeader(path, format, s.TempDir, o.Type.IsBranch()); err != nil {
		return 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	args := importArgs{jobArgs: jobArgs{System: a.System, IP: a.IP}, OrgID: o.ID, Filename: req.Filename,
		Format: format, DryRun: req.DryRun}
	var id int64
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		rec, err := s.Jobs.Enqueue(ctx, q, KindImport, a.UserID(), o.Path, args)
		if err != nil {
			return err
		}
		id = rec.ID
		_, err = jobs.WriteFile(ctx, q, id, "input", f)
		return err
	})
	if err != nil {
		return 0, err
	}
	s.Jobs.Wake()
	return id, nil
}

// checkHeader reads up to the header row so an upload with wrong columns is refused at once.
func checkHeader(path, format, tmpDir string, orgOptional bool) error {
	src, err := openSource(path, format, tmpDir)
	if err != nil {
		return err
	}
	defer src.Close()
	for src.Next() {
		if _, cells := src.Row(); !blank(cells) {
			_, err := header(cells, orgOptional)
			return err
		}
	}
	if err := src.Err(); err != nil {
		return err
	}
	return fileError("roster.file.empty")
}

// RowError is one problem of one row: Row is the spreadsheet row number (header = 1),
// Field the member field, Column the header as the file wrote it, Message a message key.
type RowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Column  string `json:"column"`
	Message string `json:"message"`
	Args    []any  `json:"args,omitempty"`
}

// importResult is stored as the job's result.
type importResult struct {
	Filename   string     `json:"filename"`
	DryRun     bool       `json:"dry_run"`
	Total      int        `json:"total_rows"`
	New        int        `json:"new"`
	Updated    int        `json:"updated"`
	Unchanged  int        `json:"unchanged"`
	ErrorCount int        `json:"error_count"`
	Errors     []RowError `json:"errors"`
	Error      string     `json:"error,omitempty"` // a problem of the whole file
	ErrorArgs  []any      `json:"error_args,omitempty"`
}

// ImportStatus is what an import has done so far. Imported, Updated and Unchanged are what
// the run did, or for a dry run what it would do; a run that failed wrote nothing, so its
// counts are 0.
type ImportStatus struct {
	ID            int64
	Status        string // queued, running, done, failed
	Phase         string // reading, checking, writing
	DryRun        bool
	Filename      string
	OrgID         int64
	TotalRows     int
	ProcessedRows int
	Imported      int
	Updated       int
	Unchanged     int
	ErrorCount    int        // all row errors (Errors holds the first MaxReportedErrors)
	Errors        []RowError // sorted by row
	Error         string     // message key of a problem of the whole file or run
	ErrorArgs     []any
	CreatedAt     time.Time
	FinishedAt    time.Time
}

// Percent is overall progress for a progress bar: reading the file is the first 10%,
// checking the rows the next part, writing them the rest.
func (st *ImportStatus) Percent() int {
	if st.Status == store.JobDone || st.Status == store.JobFailed {
		return 100
	}
	frac := 0.0
	if st.TotalRows > 0 {
		frac = min(float64(st.ProcessedRows)/float64(st.TotalRows), 1)
	}
	switch {
	case st.Phase == "checking" && st.DryRun:
		return 10 + int(90*frac)
	case st.Phase == "checking":
		return 10 + int(45*frac)
	case st.Phase == "writing":
		return 55 + int(45*frac)
	}
	return 5 * int(frac*2) // reading: the total is not known yet
}

// Import returns an import's status. Progress comes from this instance's memory while the
// job runs here (it moves even inside the one write transaction), otherwise from the jobs
// row. Who: whoever started it, and admins. Errors: ENotFound.
func (s *Service) Import(ctx context.Context, a *auth.Actor, id int64) (*ImportStatus, error) {
	rec, err := s.ownJob(ctx, a, id, KindImport)
	if err != nil {
		return nil, err
	}
	var args importArgs
	json.Unmarshal([]byte(rec.Args), &args)
	st := &ImportStatus{ID: rec.ID, Status: rec.Status, Phase: rec.Phase, DryRun: args.DryRun, Filename: args.Filename,
		OrgID: args.OrgID, TotalRows: rec.TotalRows, ProcessedRows: rec.ProcessedRows, CreatedAt: rec.CreatedAt,
		Errors: []RowError{}}
	if rec.FinishedAt.Valid {
		st.FinishedAt = rec.FinishedAt.Time
	}
	if rec.Status == store.JobFailed || rec.Error != "" && rec.Status != store.JobDone {
		st.Error = rec.Error
	}
	if phase, total, processed, ok := s.Jobs.Live(id); ok && rec.Status == store.JobRunning {
		st.Phase, st.TotalRows, st.ProcessedRows = phase, total, processed
	}
	if rec.Result != "" {
		var res importResult
		if err := json.Unmarshal([]byte(rec.Result), &res); err == nil {
			st.TotalRows, st.Imported, st.Updated, st.Unchanged = res.Total, res.New, res.Updated, res.Unchanged
			st.ErrorCount, st.ErrorArgs = res.ErrorCount, res.ErrorArgs
			if res.Errors != nil {
				st.Errors = res.Errors
			}
			if res.Error != "" {
				st.Error = res.Error
			}
			if rec.Status == store.JobDone || rec.Status == store.JobFailed {
				st.ProcessedRows = res.Total
			}
		}
	}
	return st, nil
}
