package suite

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/demo"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// The check-in storm (issue 5): checkinMembers members expected at one meeting check in over
// HTTP from checkinClients concurrent clients, each signed in to the console with a session
// of their own (the cookie a phone holds after logging in), posting the code to the same
// check-in page a phone posts to, on SQLite. Every check-in must be recorded exactly once. The
// baseline is a plain net/http handler answering a POST of the same form, measured the same
// way in the same run.
const (
	checkinMembers = 2000
	checkinClients = 200
	checkinCode    = "246810"
)

func checkinScenario(ctx context.Context, o Options, dir string) (Row, error) {
	row := Row{Scenario: fmt.Sprintf("check-in storm, SQLite: %d members, one meeting, %d clients, console sessions", checkinMembers, checkinClients)}
	key := make([]byte, 32)
	crand.Read(key)
	cfg := config.Default()
	path := filepath.Join(dir, "checkin.db")
	cfg.DataDir, cfg.DB = dir, "sqlite:"+path
	cfg.SecretKey, cfg.LogLevel = base64.StdEncoding.EncodeToString(key), "error"
	if err := cfg.Finish(); err != nil {
		return row, err
	}
	removeSQLite(path)
	defer removeSQLite(path)
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: slog.LevelError})))
	if err != nil {
		return row, err
	}
	defer a.Close()
	fmt.Fprintf(o.Log, "check-in storm: loading %d members, their users and sessions …\n", checkinMembers)
	if _, err := demo.Load(ctx, a.Services, demo.Options{Members: checkinMembers}); err != nil {
		return row, err
	}
	meetingID, cookies, err := seedStorm(ctx, a.Services.DB)
	if err != nil {
		return row, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return row, err
	}
	srvCtx, stop := context.WithCancel(ctx)
	defer stop()
	go a.ServeListener(srvCtx, ln)
	// A fresh instance runs the nightly jobs it finds not yet run today (the ledger check
	// reads every entry); a real storm meets an instance that did them at night.
	if err := waitScheduledIdle(ctx, a.Services.DB); err != nil {
		return row, err
	}
	origin := "http://" + ln.Addr().String()
	url := fmt.Sprintf("%s/meetings/%d/checkin", origin, meetingID)
	body := []byte("code=" + checkinCode)
	client := newClient(checkinClients)
	post := func(url string) func(i int) *http.Request {
		return func(i int) *http.Request {
			r, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Origin", origin) // as a phone's browser sends it; cross-origin checks pass
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			r.AddCookie(&http.Cookie{Name: "dj_session", Value: cookies[i]})
			return r
		}
	}
	get := func(url string) func(i int) *http.Request {
		return func(i int) *http.Request {
			r, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			r.AddCookie(&http.Cookie{Name: "dj_session", Value: cookies[i]})
			return r
		}
	}
	// The first phones open the check-in page from the QR code before anyone submits: the
	// instance has served pages before the storm, and the clients hold open connections.
	if _, err := storm(ctx, client, checkinClients, get(url), http.StatusOK); err != nil {
		return row, err
	}
	// A recorded check-in answers with the redirect to the "done" page.
	got, err := storm(ctx, client, len(cookies), post(url), http.StatusSeeOther)
	if err != nil {
		return row, err
	}
	var n, distinct int
	err = a.Services.DB.SQL().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT member_id) FROM meeting_checkins WHERE meeting_id = $1`, meetingID).Scan(&n, &distinct)
	if err != nil {
		return row, err
	}
	if n != len(cookies) || distinct != len(cookies) {
		return row, fmt.Errorf("check-in storm: %d check-ins recorded (%d members), want %d exactly once", n, distinct, len(cookies))
	}

	bln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return row, err
	}
	bsrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.ReadFrom(r.Body)
		w.Header().Set("Location", "/meetings/1/checkin?done=1")
		w.WriteHeader(http.StatusSeeOther)
	})}
	go bsrv.Serve(bln)
	defer bsrv.Close()
	burl := "http://" + bln.Addr().String() + "/"
	if _, err := storm(ctx, client, checkinClients, get(burl), http.StatusSeeOther); err != nil { // the same warm-up
		return row, err
	}
	base, err := storm(ctx, client, len(cookies), post(burl), http.StatusSeeOther)
	if err != nil {
		return row, err
	}
	row.Figure = fmt.Sprintf("%.0f check-ins/s, p50 %s, p99 %s; %d recorded exactly once (targets ≥ 2,000/s, p99 < 100 ms)",
		got.rate(), ms(got.p50), ms(got.p99), n)
	row.Baseline = fmt.Sprintf("%.0f req/s, p50 %s, p99 %s: plain net/http POST", base.rate(), ms(base.p50), ms(base.p99))
	row.Ratio = ratio(got.p99, base.p99)
	return row, nil
}

// seedStorm gives checkinMembers members on the roster a user each (one password hash for
// all: hashing is deliberately slow) and a signed-in session, stored as the login stores it
// (the hash of the cookie's secret), and plans a meeting starting now that expects them all.
// It returns the meeting and the session cookies.
func seedStorm(ctx context.Context, db *store.DB) (int64, []string, error) {
	hash := auth.HashPassword("storm-password-1")
	rows, err := db.SQL().QueryContext(ctx, `SELECT m.id, m.name, m.org_id FROM members m JOIN orgs o ON o.id = m.org_id
		WHERE m.category = 'full' AND m.standing <> 'expelled' AND m.left_on IS NULL ORDER BY m.id LIMIT $1`, checkinMembers)
	if err != nil {
		return 0, nil, err
	}
	var list []domain.Attendee
	for rows.Next() {
		var at domain.Attendee
		var orgID int64
		if err := rows.Scan(&at.MemberID, &at.Name, &orgID); err != nil {
			rows.Close()
			return 0, nil, err
		}
		at.Category, at.Status = "full", domain.AttendExpected
		list = append(list, at)
	}
	rows.Close()
	if len(list) < checkinMembers {
		return 0, nil, fmt.Errorf("check-in storm: only %d full members loaded", len(list))
	}
	cookies := make([]string, len(list))
	var meetingID int64
	var org domain.Org // read before the write transaction: SQLite has one writer connection
	if err := db.SQL().QueryRowContext(ctx, `SELECT id, path FROM orgs WHERE name = $1`, demo.SyntheticName).Scan(&org.ID, &org.Path); err != nil {
		return 0, nil, err
	}
	err = db.WriteTx(ctx, func(q *store.Q) error {
		start := time.Now().UTC()
		m := &domain.Meeting{OrgID: org.ID, OrgPath: org.Path, Kind: domain.MeetingPartyDay, Title: "check-in storm",
			StartsAt: start, EndsAt: start.Add(time.Hour), Status: domain.MeetingPlanned, CheckinCode: checkinCode, QRKey: "storm"}
		if err := q.InsertMeeting(ctx, m); err != nil {
			return err
		}
		meetingID = m.ID
		if err := q.InsertAttendees(ctx, m.ID, list); err != nil {
			return err
		}
		now := time.Now().UTC()
		for i, at := range list {
			u := &domain.User{Username: fmt.Sprintf("storm%05d", i), DisplayName: at.Name, MemberID: at.MemberID, Locale: "zh-CN",
				Grants: []domain.Grant{{Role: domain.RoleMember, OrgID: org.ID, OrgPath: org.Path}}}
			if err := q.InsertUser(ctx, u, hash); err != nil {
				return err
			}
			b := make([]byte, 32)
			crand.Read(b)
			cookies[i] = base64.RawURLEncoding.EncodeToString(b)
			h := sha256.Sum256([]byte(cookies[i])) // as auth stores session secrets
			sess := &domain.Session{ID: hex.EncodeToString(h[:]), UserID: u.ID, CreatedAt: now, LastSeenAt: now,
				ExpiresAt: now.Add(8 * time.Hour)}
			if err := q.InsertSession(ctx, sess, "127.0.0.1", "storm"); err != nil {
				return err
			}
		}
		return nil
	})
	return meetingID, cookies, err
}

// storm sends one request per index from checkinClients workers at once (no warm-up: every
// request is a first check-in) and returns the latency percentiles; any other status fails.
func storm(ctx context.Context, client *http.Client, n int, mk func(i int) *http.Request, want int) (stats, error) {
	var (
		next  atomic.Int64
		mu    sync.Mutex
		lat   = make([]time.Duration, 0, n)
		first error
		wg    sync.WaitGroup
	)
	start := time.Now()
	for w := 0; w < checkinClients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				t := time.Now()
				raw, status, err := fetch(client, mk(i))
				d := time.Since(t)
				mu.Lock()
				if err == nil && status != want {
					err = fmt.Errorf("status %d: %.200s", status, raw)
				}
				if err != nil && first == nil {
					first = err
				}
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if first != nil {
		return stats{}, first
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return stats{n: len(lat), p50: pct(0.50), p99: pct(0.99), took: took}, nil
}

// waitScheduledIdle waits until the instance's start-up run of the daily jobs has finished.
func waitScheduledIdle(ctx context.Context, db *store.DB) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var all, open int
		err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE finished_at IS NULL) FROM scheduled_runs`).Scan(&all, &open)
		if err != nil {
			return err
		}
		if all > 0 && open == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("check-in storm: the daily jobs did not finish within two minutes")
}
