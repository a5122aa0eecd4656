package duespay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/config"
	"dangjian/internal/domain"
	"dangjian/internal/duespay/testpay"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// server is a whole instance with the test provider on, served over real HTTP.
type server struct {
	t   *testing.T
	srv *httptest.Server
	db  *store.DB
	f   *testutil.Fixture
	tp  *testpay.Provider // the provider side, with the instance's secret
}

func newServer(t *testing.T, engine string) *server {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.DB = testutil.MustDSN(t, engine)
	cfg.TestPay = true
	cfg.TestPaySecret = "e2e-secret"
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	cfg.SecretKeyFile = filepath.Join(dir, "secret.key")
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &server{t: t, srv: srv, db: a.Services.DB, f: testutil.NewFixture(t, a.Services.DB), tp: testpay.New([]byte("e2e-secret"))}
}

// token signs a fixture user in through the API.
func (s *server) token(username string) string {
	s.t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	s.call("POST", "/api/v1/auth/tokens", "", map[string]string{"username": username, "password": testutil.FixturePassword}, 201, &out)
	return out.Token
}

// call sends a JSON request and decodes the answer, failing unless the status is want.
func (s *server) call(method, path, token string, body any, want int, out any, headers ...string) {
	s.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, s.srv.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: %d, want %d\n%s", method, path, res.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
}

var hiddenInput = regexp.MustCompile(`name="(order|sig)" value="([^"]+)"`)

// The test provider really runs over HTTP: the member starts an online payment through the
// API, opens the cashier the binary serves, presses pay; the cashier POSTs the signed
// notification to the notify endpoint and sends the browser back; the bill is paid. Then
// notifications sent over HTTP: a replay changes nothing, a bad signature and a wrong amount
// are refused. On both engines.
func TestTestProviderOverHTTP(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			s := newServer(t, engine)
			m := s.f.Member(t, s.f.BranchA.ID, "陈一", "19800101")
			s.f.User(t, "chen", m.ID, testutil.Grant(domain.RoleMember, s.f.BranchA.ID))
			e := &env{t: t, ctx: context.Background(), db: s.db, f: s.f, now: time.Now()}
			bill := e.bill(m, e.month(0), 350)
			tok := s.token("chen")

			var p struct {
				ID     string `json:"id"`
				Status string `json:"status"`
				PayURL string `json:"pay_url"`
			}
			s.call("POST", "/api/v1/dues/payments", tok, map[string]any{"bill_ids": []string{itoa(bill)}, "method": "online"},
				201, &p, "Idempotency-Key", "e2e-1")
			if p.Status != "pending" || !strings.HasPrefix(p.PayURL, s.srv.URL+"/testpay/pay?") {
				t.Fatalf("payment: %+v", p)
			}

			// The cashier page, then "pay", as a browser would (no redirects followed).
			jar, _ := cookiejar.New(nil)
			browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := browser.Get(p.PayURL)
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(page), "3.50") {
				t.Fatalf("cashier: %d\n%s", res.StatusCode, page)
			}
			form := url.Values{"action": {"pay"}}
			for _, mt := range hiddenInput.FindAllStringSubmatch(string(page), -1) {
				form.Set(mt[1], mt[2])
			}
			req, _ := http.NewRequest("POST", s.srv.URL+"/testpay/pay", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", s.srv.URL)
			res, err = browser.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != s.srv.URL+"/my/dues?testpay=paid" {
				t.Fatalf("pay: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
			}
			if st, pid := e.billStatusOf(bill); st != domain.DuesPaid || itoa(pid) != p.ID {
				t.Fatalf("bill after paying at the cashier: %s %d", st, pid)
			}

			// Notifications over HTTP.
			notifyURL := s.srv.URL + "/api/v1/dues/notify/test"
			var order struct {
				OrderNo string `json:"order_no"`
			}
			s.call("GET", "/api/v1/dues/payments/"+p.ID, tok, nil, 200, &order)
			bill2 := e.bill(m, e.month(1), 350)
			var p2 struct {
				ID      string `json:"id"`
				OrderNo string `json:"order_no"`
			}
			s.call("POST", "/api/v1/dues/payments", tok, map[string]any{"bill_ids": []string{itoa(bill2)}, "method": "online"},
				201, &p2, "Idempotency-Key", "e2e-2")
			o := testpay.Order{OrderNo: p2.OrderNo, AmountFen: 350}
			send := func(h http.Header, body []byte) (int, string) {
				status, answer, err := s.tp.Send(context.Background(), notifyURL, h, body)
				if err != nil {
					t.Fatal(err)
				}
				return status, string(answer)
			}
			h, nbody := s.tp.SignedNotification(o, 350)
			bad := h.Clone()
			bad.Set(testpay.HeaderSignature, strings.Repeat("ab", 32))
			if status, answer := send(bad, nbody); status != 401 || !strings.Contains(answer, `"unauthorized"`) {
				t.Fatalf("bad signature: %d %s", status, answer)
			}
			wh, wbody := s.tp.SignedNotification(o, 349)
			if status, answer := send(wh, wbody); status != 422 || !strings.Contains(answer, "amount_fen") {
				t.Fatalf("amount mismatch: %d %s", status, answer)
			}
			if st, _ := e.billStatusOf(bill2); st != domain.DuesUnpaid {
				t.Fatal("a refused notification paid the bill")
			}
			if status, answer := send(h, nbody); status != 200 || !strings.Contains(answer, `"processed"`) {
				t.Fatalf("notification: %d %s", status, answer)
			}
			before := e.count(`SELECT COUNT(*) FROM audit_log`)
			for range 3 {
				if status, answer := send(h, nbody); status != 200 || !strings.Contains(answer, `"already_processed"`) {
					t.Fatalf("replay: %d %s", status, answer)
				}
			}
			if after := e.count(`SELECT COUNT(*) FROM audit_log`); after != before {
				t.Fatalf("replays wrote %d audit entries", after-before)
			}
			if n := e.count(`SELECT COUNT(*) FROM dues_notifications WHERE order_no = $1`, p2.OrderNo); n != 1 {
				t.Fatalf("notifications stored %d", n)
			}
			if st, _ := e.billStatusOf(bill2); st != domain.DuesPaid {
				t.Fatal("bill 2 unpaid")
			}
			if status, _ := send(h, []byte(fmt.Sprintf("%s ", nbody))); status != 401 {
				t.Fatalf("a changed body passed the signature: %d", status)
			}
		})
	}
}
