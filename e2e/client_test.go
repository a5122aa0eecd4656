package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// requestTimeout bounds one request. A request to a killed server fails at once (the
// connection is reset or refused); the timeout only stops a hung server from hanging the test.
const requestTimeout = 15 * time.Second

// reply is an answered request: the status, the Idempotent-Replayed header and the body.
type reply struct {
	status   int
	replayed bool
	body     []byte
}

// call sends one request and reads the whole answer. An error means no answer: the
// connection failed or broke before the body was complete, so the request may or may not
// have been applied.
func call(client *http.Client, method, url, token, key string, body []byte) (*reply, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &reply{status: resp.StatusCode, replayed: resp.Header.Get("Idempotent-Replayed") == "true", body: b}, nil
}

// newClient is an HTTP client for one life of the server: its idle connections die with
// the process, so every life gets its own.
func newClient() *http.Client {
	return &http.Client{Timeout: requestTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
}

// api is a client for the set-up and the checks, where every request must succeed.
type api struct {
	t      *testing.T
	client *http.Client
	base   string
}

// must sends a request that must answer want, and decodes the body into out (when not nil).
func (a *api) must(method, path, token string, body any, want int, out any) {
	a.t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			a.t.Fatal(err)
		}
	}
	key := ""
	if method == http.MethodPost {
		key = "setup-" + randomHex(8) // endpoints that require one get a fresh key
	}
	r, err := call(a.client, method, a.base+path, token, key, b)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	if r.status != want {
		a.t.Fatalf("%s %s: %d %s, want %d", method, path, r.status, r.body, want)
	}
	if out != nil {
		if err := json.Unmarshal(r.body, out); err != nil {
			a.t.Fatalf("%s %s: decode %s: %v", method, path, r.body, err)
		}
	}
}
