package dues

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/store"
)

// genChunk is how many bills one write transaction of a generation inserts.
const genChunk = 5000

// GenerateResult is what a generation did (or, queued as a job, will report when done).
// Billed counts the bills this run made; Existed the members that had the month's bill
// already (generation is idempotent); NoProfile the members on the roster without a dues
// profile for the month (skipped: nobody knows their base, so no amount is guessed —
// set a profile or import bases, then generate again); NotDue the members not billed this
// month: admitted after it (probationary members pay from the month of admission), or whose
// standing is suspended (停止党籍), retained (保留党籍) or expelled. Members who left the roster
// before the month ended are not counted at all.
type GenerateResult struct {
	OrgID     int64  `json:"org_id,string"`
	Month     string `json:"month"`
	Status    string `json:"status"` // done, or queued/running when it runs as a job
	JobID     int64  `json:"job_id,string,omitempty"`
	Members   int    `json:"members"`
	Billed    int    `json:"billed"`
	Existed   int    `json:"existed"`
	NoProfile int    `json:"no_profile"`
	NotDue    int    `json:"not_due"`
	// The month's totals of the subtree after the run: bills, of which exempt and reduced by an
	// approved hardship, and the sum due.
	Bills     int   `json:"bills"`
	Exempt    int   `json:"exempt"`
	Reduced   int   `json:"reduced"`
	AmountFen int64 `json:"amount_fen"`
}

// GenerateInput names the organisation (its whole subtree) and the month.
type GenerateInput struct {
	OrgID int64  `json:"org_id,string"`
	Month string `json:"month"`
}

// maxAheadMonths is how far ahead of this month bills may be made.
const maxAheadMonths = 1

// Generate makes the month's bills for every member of the organisation's subtree who has a
// profile for it (see GenerateResult for who is skipped). It is idempotent per member and
// month: a second run, or two at the same time, bill each member once. A scope of more than
// InlineLimit members runs as a job (Status queued, JobID set; poll GenerationJob); smaller
// ones run now. Audited as dues.bills.generate. Who: dues.manage over the organisation.
// Errors: ENotFound (no such organisation), EForbidden, EInvalid (org_id, month).
func (s *Service) Generate(ctx context.Context, a *auth.Actor, in GenerateInput) (*GenerateResult, error) {
	o, month, err := s.checkGenerate(ctx, a, in)
	if err != nil {
		return nil, err
	}
	next := domain.DuesMonthStart(month).AddDate(0, 1, 0)
	n, err := s.DB.Read().CountMembersUnder(ctx, o.Path, next)
	if err != nil {
		return nil, err
	}
	if n > s.inlineLimit() && s.Jobs != nil {
		res := &GenerateResult{OrgID: o.ID, Month: month, Status: store.JobQueued, Members: n}
		err := s.DB.WriteTx(ctx, func(q *store.Q) error {
			rec, err := s.Jobs.Enqueue(ctx, q, KindGenerate, a.UserID(), o.Path, genArgs{jobArgs: argsOf(a), OrgID: o.ID, Month: month})
			if err != nil {
				return err
			}
			res.JobID = rec.ID
			return nil
		})
		if err != nil {
			return nil, err
		}
		s.Jobs.Wake()
		return res, nil
	}
	return s.generate(ctx, a, o, month, nil, nil)
}

// GenerateNow is Generate run in the caller whatever the size of the scope (the CLI and the
// benchmark).
func (s *Service) GenerateNow(ctx context.Context, a *auth.Actor, in GenerateInput) (*GenerateResult, error) {
	o, month, err := s.checkGenerate(ctx, a, in)
	if err != nil {
		return nil, err
	}
	return s.generate(ctx, a, o, month, nil, nil)
}

func (s *Service) checkGenerate(ctx context.Context, a *auth.Actor, in GenerateInput) (*domain.Org, string, error) {
	if len(a.Scopes(auth.DuesManage)) == 0 {
		return nil, "", domain.Forbidden()
	}
	var v domain.Validation
	if in.OrgID == 0 {
		v.Add("org_id", "err.required")
	}
	checkMonth(&v, "month", in.Month)
	if !v.Has("month") && in.Month > domain.DuesMonthAdd(s.thisMonth(), maxAheadMonths) {
		v.Add("month", "err.dues.month_future")
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	o, err := loadOrg(ctx, s.DB.Read(), in.OrgID)
	if err != nil {
		return nil, "", err
	}
	if !a.Can(auth.DuesManage, o.Path) {
		return nil, "", domain.Forbidden()
	}
	return o, in.Month, nil
}

// generate makes the bills in chunks of genChunk members. The subtree's member ids come first
// (one index-only scan); then each chunk is read (its members, their profiles and approved
// hardships: three index reads), priced in Go, sorted by member id and inserted — 500-row
// statements with ON CONFLICT DO NOTHING, one write transaction per chunk. A reader goroutine
// reads the next chunk while this one is written; its reads are short, so SQLite's WAL
// checkpoints keep up. When the subtree has bills of the month already, each chunk first
// drops the members billed, so a re-run writes nothing. A crash half-way leaves whole chunks,
// and running again completes the month. progress (may be nil) is called after every chunk
// with the members done; finish (may be nil) runs in the last transaction (a job's end).
func (s *Service) generate(ctx context.Context, a *auth.Actor, o *domain.Org, month string,
	progress func(done int), finish func(context.Context, *store.Q, *GenerateResult) error) (*GenerateResult, error) {
	res := &GenerateResult{OrgID: o.ID, Month: month, Status: store.JobDone}
	next := domain.DuesMonthStart(month).AddDate(0, 1, 0)
	read := s.DB.Read()
	rc, err := newRateCache(ctx, read, month)
	if err != nil {
		return nil, err
	}
	ids, err := read.DuesMemberIDsUnder(ctx, o.Path, next)
	if err != nil {
		return nil, err
	}
	res.Members = len(ids)
	billedBefore, err := read.AnyDuesBill(ctx, o.Path, month)
	if err != nil {
		return nil, err
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan genChunkResult, 1)
	go func() {
		defer close(chunks)
		for start := 0; start < len(ids); start += genChunk {
			c := s.readChunk(rctx, read, rc, ids[start:min(start+genChunk, len(ids))], month, next, billedBefore)
			select {
			case chunks <- c:
			case <-rctx.Done():
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	var sum store.DuesBillSummary
	done := 0
	for c := range chunks {
		if c.err != nil {
			return nil, c.err
		}
		res.NotDue += c.notDue
		res.NoProfile += c.noProfile
		res.Existed += c.existed
		if len(c.bills) > 0 {
			var n int
			err := s.DB.WriteTx(ctx, func(q *store.Q) error {
				var err error
				n, err = q.InsertDuesBills(ctx, c.bills)
				return err
			})
			if err != nil {
				return nil, err
			}
			res.Billed += n
			res.Existed += len(c.bills) - n
			for _, b := range c.bills {
				sum.Bills++
				sum.AmountFen += b.AmountFen
				switch {
				case b.Status == domain.DuesExempt:
					sum.Exempt++
				case b.HardshipID != 0:
					sum.Reduced++
				}
			}
		}
		done += c.size
		if progress != nil {
			progress(done)
		}
	}
	// The month's totals of the subtree after this run: this run's own sums when it made every
	// bill there is, else counted from the table (whichever run made each bill).
	if billedBefore || res.Existed > 0 {
		if sum, err = s.DB.Read().DuesBillSummary(ctx, o.Path, month); err != nil {
			return nil, err
		}
	}
	res.Bills, res.Exempt, res.Reduced, res.AmountFen = sum.Bills, sum.Exempt, sum.Reduced, sum.AmountFen
	if err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		if err := record(ctx, q, a, "dues.bills.generate", "org", o.ID, o.Path, nil, res); err != nil {
			return err
		}
		if finish != nil {
			return finish(ctx, q, res)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return res, nil
}

// genChunkResult is one chunk of a generation, read and priced: the bills to insert (sorted
// by member id) and the members left out.
type genChunkResult struct {
	size                       int
	bills                      []domain.DuesBill
	existed, notDue, noProfile int
	err                        error
}

// readChunk reads and prices one chunk of member ids (sorted).
func (s *Service) readChunk(ctx context.Context, q *store.Q, rc *rateCache, ids []int64, month string, next domain.Date,
	checkBilled bool) genChunkResult {
	c := genChunkResult{size: len(ids)}
	members, err := q.DuesGenMembers(ctx, ids, month)
	if err != nil {
		c.err = err
		return c
	}
	var billed map[int64]bool
	if checkBilled {
		if billed, err = q.DuesBilledAmong(ctx, ids, month); err != nil {
			c.err = err
			return c
		}
	}
	c.bills = make([]domain.DuesBill, 0, len(members))
	for i := range members {
		g := &members[i]
		switch {
		case g.Standing != domain.StandingNormal || (!g.JoinedOn.IsZero() && !g.JoinedOn.Before(next)):
			c.notDue++
			continue
		case g.ProfileID == 0:
			c.noProfile++
			continue
		case billed[g.ID]:
			c.existed++
			continue
		}
		r, err := rc.get(ctx, g.OrgID, g.OrgPath)
		if err != nil {
			c.err = err
			return c
		}
		std, amount, status, ref, err := price(r, g.Category, g.BaseFen, g.HardshipKind, g.HardshipFen)
		if err != nil {
			c.err = err
			return c
		}
		c.bills = append(c.bills, domain.DuesBill{MemberID: g.ID, OrgID: g.OrgID, OrgPath: g.OrgPath, Month: month,
			Category: domain.DuesCategory(g.Category), BaseFen: g.BaseFen, StandardFen: std, AmountFen: amount, RuleRef: ref,
			HardshipID: g.HardshipID, Status: status})
	}
	slices.SortFunc(c.bills, func(x, y domain.DuesBill) int { return cmpID(x.MemberID, y.MemberID) })
	return c
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// jobArgs are what every dues job needs to act as the person who asked for it.
type jobArgs struct {
	System bool   `json:"system,omitempty"`
	IP     string `json:"ip,omitempty"`
}

func argsOf(a *auth.Actor) jobArgs { return jobArgs{System: a.System, IP: a.IP} }

type genArgs struct {
	jobArgs
	OrgID int64  `json:"org_id"`
	Month string `json:"month"`
}

// actorFor rebuilds the actor of a job from the database with the grants the user holds now.
func (s *Service) actorFor(ctx context.Context, rec *store.JobRecord, a jobArgs) (*auth.Actor, error) {
	if a.System {
		return auth.SystemActor(), nil
	}
	u, err := s.DB.Read().User(ctx, rec.UserID)
	if err == sql.ErrNoRows || (err == nil && u.Disabled) {
		return nil, domain.Forbidden()
	}
	if err != nil {
		return nil, err
	}
	return &auth.Actor{User: u, IP: a.IP}, nil
}

func (s *Service) runGenerate(ctx context.Context, j *jobs.Job) error {
	var args genArgs
	if err := j.Args(&args); err != nil {
		return err
	}
	a, err := s.actorFor(ctx, j.Record, args.jobArgs)
	if err != nil {
		return err
	}
	o, month, err := s.checkGenerate(ctx, a, GenerateInput{OrgID: args.OrgID, Month: args.Month})
	if err != nil {
		return err
	}
	next := domain.DuesMonthStart(month).AddDate(0, 1, 0)
	total, err := s.DB.Read().CountMembersUnder(ctx, o.Path, next)
	if err != nil {
		return err
	}
	j.Progress(ctx, "generating", total, 0)
	_, err = s.generate(ctx, a, o, month, func(done int) { j.Progress(ctx, "generating", total, done) },
		func(ctx context.Context, q *store.Q, res *GenerateResult) error {
			j.Result = res
			return j.FinishIn(ctx, q) // the audit entry and the job's end commit together
		})
	return err
}

// JobStatus is a dues job's state for polling: phase, counts, percent and, when done, the
// result (a GenerateResult or an ImportResult).
type JobStatus struct {
	ID         int64           `json:"id,string"`
	Kind       string          `json:"kind"`
	Status     string          `json:"status"` // queued, running, done, failed
	Phase      string          `json:"phase"`
	Total      int             `json:"total_rows"`
	Processed  int             `json:"processed_rows"`
	Percent    int             `json:"percent"`
	Error      string          `json:"error,omitempty"`
	Result     json.RawMessage `json:"result,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	FinishedAt time.Time       `json:"finished_at,omitzero"`
}

// Job returns a dues job (a generation or an import). Who: whoever started it, and admins.
// Errors: ENotFound.
func (s *Service) Job(ctx context.Context, a *auth.Actor, id int64) (*JobStatus, error) {
	rec, err := s.DB.Read().Job(ctx, id)
	if err == sql.ErrNoRows || (err == nil && rec.Kind != KindGenerate && rec.Kind != KindImport) {
		return nil, domain.NotFound("dues_job")
	}
	if err != nil {
		return nil, err
	}
	if !a.IsAdmin() && (rec.UserID == 0 || rec.UserID != a.UserID()) {
		return nil, domain.NotFound("dues_job")
	}
	st := &JobStatus{ID: rec.ID, Kind: rec.Kind, Status: rec.Status, Phase: rec.Phase, Total: rec.TotalRows,
		Processed: rec.ProcessedRows, CreatedAt: rec.CreatedAt.UTC()}
	if s.Jobs != nil {
		if phase, total, processed, ok := s.Jobs.Live(id); ok && rec.Status == store.JobRunning {
			st.Phase, st.Total, st.Processed = phase, total, processed
		}
	}
	if rec.FinishedAt.Valid {
		st.FinishedAt = rec.FinishedAt.Time.UTC()
	}
	if rec.Status == store.JobFailed {
		st.Error = rec.Error
	}
	if rec.Result != "" && rec.Status == store.JobDone {
		st.Result = json.RawMessage(rec.Result)
	}
	switch {
	case rec.Status == store.JobDone || rec.Status == store.JobFailed:
		st.Percent = 100
	case st.Total > 0:
		st.Percent = min(99, st.Processed*100/st.Total)
	}
	return st, nil
}

// BillFilter selects bills for Bills.
type BillFilter struct {
	OrgID    int64 // the subtree of this organisation (0: everything in scope)
	Month    string
	Status   string
	MemberID int64
	AfterID  int64
	Limit    int
}

// Bills lists bills in id order. Dues readers see the bills of their scope; a member without
// a grant sees their own. Who: dues readers, members (own). Errors: ENotFound (org_id not
// visible, member_id not visible), EInvalid (month, status).
func (s *Service) Bills(ctx context.Context, a *auth.Actor, f BillFilter) ([]domain.DuesBill, int64, error) {
	var v domain.Validation
	if f.Month != "" {
		checkMonth(&v, "month", f.Month)
	}
	if f.Status != "" && !slices.Contains(domain.DuesBillStatuses, f.Status) {
		v.Add("status", "err.choice")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	q := s.DB.Read()
	sf := store.DuesBillFilter{Scopes: a.Scopes(auth.DuesRead), Month: f.Month, Status: f.Status, MemberID: f.MemberID,
		AfterID: f.AfterID, Limit: limit(f.Limit) + 1}
	if f.OrgID != 0 {
		o, err := loadOrg(ctx, q, f.OrgID)
		if err != nil {
			return nil, 0, err
		}
		if !a.Can(auth.DuesRead, o.Path) {
			return nil, 0, domain.NotFound("org")
		}
		sf.Under = o.Path
	}
	if f.MemberID != 0 {
		m, err := loadMember(ctx, q, f.MemberID)
		if err != nil {
			return nil, 0, err
		}
		if !canReadMember(a, m) {
			return nil, 0, domain.NotFound("member")
		}
		if !a.Can(auth.DuesRead, m.OrgPath) { // the member's own bills, wherever they were made
			sf.Scopes = []string{"/"}
		}
	}
	if len(sf.Scopes) == 0 && a.MemberID() != 0 && f.OrgID == 0 {
		sf.Scopes, sf.MemberID = []string{"/"}, a.MemberID()
	}
	items, err := q.DuesBills(ctx, sf)
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if n := limit(f.Limit); len(items) > n {
		items = items[:n]
		next = items[n-1].ID
	}
	if items == nil {
		items = []domain.DuesBill{}
	}
	return items, next, nil
}

// Bill returns one bill. Who: dues readers of the bill's organisation, the member. Errors:
// ENotFound.
func (s *Service) Bill(ctx context.Context, a *auth.Actor, id int64) (*domain.DuesBill, error) {
	b, err := s.DB.Read().DuesBill(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("dues_bill")
	}
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.DuesRead, b.OrgPath) && (a.MemberID() == 0 || a.MemberID() != b.MemberID) {
		return nil, domain.NotFound("dues_bill")
	}
	return b, nil
}

// BillCounts counts the month's bills of an organisation's subtree by status. Who: dues
// readers of the organisation. Errors: ENotFound.
func (s *Service) BillCounts(ctx context.Context, a *auth.Actor, orgID int64, month string) (map[string]int, error) {
	q := s.DB.Read()
	o, err := loadOrg(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.DuesRead, o.Path) {
		return nil, domain.NotFound("org")
	}
	return q.DuesBillCounts(ctx, o.Path, month)
}
