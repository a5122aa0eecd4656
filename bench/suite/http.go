package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/demo"
)

// latencyScenarios serve the loaded database on 127.0.0.1 with the real app and measure
// member-list requests, each beside a plain net/http handler that writes a static body of
// the same size, driven by the same client in the same way.
func latencyScenarios(ctx context.Context, o Options, e *env) ([]Row, error) {
	a, err := app.New(ctx, e.cfg, e.log)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { a.ServeListener(sctx, ln); close(done) }()
	defer func() { stop(); <-done }()
	base := "http://" + ln.Addr().String()
	client := newClient(o.Concurrency)

	cookie, err := webSession(ctx, client, base, a)
	if err != nil {
		return nil, err
	}
	token, err := apiToken(ctx, client, base, a)
	if err != nil {
		return nil, err
	}
	// A page 90 % of the way down the list, and a search for the full name found there.
	var cursor int64
	var name string
	err = a.Services.DB.SQL().QueryRowContext(ctx, `SELECT id FROM members ORDER BY id LIMIT 1 OFFSET $1`, e.members*9/10).Scan(&cursor)
	if err == nil {
		err = a.Services.DB.SQL().QueryRowContext(ctx, `SELECT name FROM members WHERE id > $1 ORDER BY id LIMIT 1`, cursor).Scan(&name)
	}
	if err != nil {
		return nil, err
	}
	withCookie := func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "dj_session", Value: cookie}) }
	withToken := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
	scenarios := []struct {
		name, path, expect string
		auth               func(*http.Request)
	}{
		{"web GET /members, first page (admin, 50 rows)", "/members", "", withCookie},
		{"web GET /members?cursor=…, a page 90 % deep", "/members?cursor=" + strconv.FormatInt(cursor, 10), name, withCookie},
		{"web GET /members?q=" + name + ", search by full name", "/members?q=" + url.QueryEscape(name), name, withCookie},
		{"API GET /api/v1/members?limit=50 (Bearer token)", "/api/v1/members?limit=50", "", withToken},
	}
	var rows []Row
	var problems []error
	for _, s := range scenarios {
		fmt.Fprintf(o.Log, "%s …\n", s.name)
		mk := func() *http.Request {
			r, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+s.path, nil)
			s.auth(r)
			return r
		}
		body, status, err := fetch(client, mk())
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("%s answers %d", s.path, status)
		}
		if err == nil && s.expect != "" && !strings.Contains(string(body), s.expect) {
			err = fmt.Errorf("%s does not show %s", s.path, s.expect)
		}
		if err != nil {
			problems = append(problems, err)
			rows = append(rows, Row{Scenario: s.name, Figure: "not measured: " + err.Error(), Baseline: "–", Ratio: "–"})
			continue
		}
		got, err := hammer(ctx, client, o, mk)
		if err != nil {
			return rows, err
		}
		want, err := staticBaseline(ctx, client, o, len(body), contentType(s.path))
		if err != nil {
			return rows, err
		}
		rows = append(rows, Row{Scenario: s.name,
			Figure: fmt.Sprintf("p50 %s · p99 %s (%d req, %.0f req/s, %s)", ms(got.p50), ms(got.p99), got.n,
				got.rate(), size(len(body))),
			Baseline: fmt.Sprintf("p50 %s · p99 %s (%.0f req/s): static %s from a plain net/http handler",
				ms(want.p50), ms(want.p99), want.rate(), size(len(body))),
			Ratio: fmt.Sprintf("p50 %s · p99 %s", ratio(got.p50, want.p50), ratio(got.p99, want.p99)),
		})
	}
	return rows, errors.Join(problems...)
}

func contentType(path string) string {
	if strings.HasPrefix(path, "/api/") {
		return "application/json"
	}
	return "text/html; charset=utf-8"
}

func size(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

// newClient is a loopback client that keeps a connection per concurrent worker, does not
// follow redirects (the login answers with one) and uses no proxy.
func newClient(concurrency int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{Proxy: nil, MaxIdleConns: 2 * concurrency, MaxIdleConnsPerHost: 2 * concurrency,
			DisableCompression: true, IdleConnTimeout: time.Minute},
		Timeout:       time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func fetch(client *http.Client, r *http.Request) ([]byte, int, error) {
	resp, err := client.Do(r)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

// webSession signs the admin in through the login form; if the console does not answer
// with a session cookie (not built yet), it starts the session through the auth service.
func webSession(ctx context.Context, client *http.Client, base string, a *app.App) (string, error) {
	form := url.Values{"username": {"admin"}, "password": {demo.Password}}
	r, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := client.Do(r); err == nil {
		resp.Body.Close()
		for _, c := range resp.Cookies() {
			if c.Name == "dj_session" && c.Value != "" {
				return c.Value, nil
			}
		}
	}
	secret, _, err := a.Services.Auth.Login(ctx, "admin", demo.Password, "127.0.0.1", "bench")
	return secret, err
}

// apiToken gets a bearer token from POST /api/v1/auth/tokens, or from the auth service.
func apiToken(ctx context.Context, client *http.Client, base string, a *app.App) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": "admin", "password": demo.Password})
	r, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/auth/tokens", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if raw, status, err := fetch(client, r); err == nil && status == http.StatusCreated {
		var t struct{ Token string }
		if json.Unmarshal(raw, &t) == nil && t.Token != "" {
			return t.Token, nil
		}
	}
	token, _, err := a.Services.Auth.CreateToken(ctx, "admin", demo.Password, "127.0.0.1")
	return token, err
}

// stats are the latencies of one scenario.
type stats struct {
	n        int
	p50, p99 time.Duration
	took     time.Duration
}

func (s stats) rate() float64 { return float64(s.n) / s.took.Seconds() }

// hammer sends o.Requests requests from o.Concurrency workers (stopping early at
// o.MaxDuration) after a short warm-up, and returns the latency percentiles. Any answer
// other than 200 stops it with an error: a benchmark of error pages would mislead.
func hammer(ctx context.Context, client *http.Client, o Options, mk func() *http.Request) (stats, error) {
	for i := 0; i < 2*o.Concurrency; i++ {
		if _, _, err := fetch(client, mk()); err != nil {
			return stats{}, err
		}
	}
	var (
		next  atomic.Int64
		mu    sync.Mutex
		lat   = make([]time.Duration, 0, o.Requests)
		first error
		wg    sync.WaitGroup
	)
	deadline := time.Now().Add(o.MaxDuration)
	start := time.Now()
	for w := 0; w < o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(o.Requests) && time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				_, status, err := fetch(client, mk())
				d := time.Since(t)
				mu.Lock()
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("status %d", status)
				}
				if err != nil && first == nil {
					first = err
				}
				lat = append(lat, d)
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if first != nil {
		return stats{}, first
	}
	if len(lat) == 0 {
		return stats{}, ctx.Err()
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return stats{n: len(lat), p50: pct(0.50), p99: pct(0.99), took: took}, nil
}

// staticBaseline serves a fixed body of n bytes from a plain handler on another loopback
// port and measures it exactly as the scenario was measured.
func staticBaseline(ctx context.Context, client *http.Client, o Options, n int, ctype string) (stats, error) {
	body := bytes.Repeat([]byte("x"), n)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return stats{}, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Write(body)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/"
	return hammer(ctx, client, o, func() *http.Request {
		r, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		return r
	})
}
