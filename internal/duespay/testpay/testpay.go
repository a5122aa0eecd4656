// Package testpay is a built-in online-payment provider for tests, demos and development: a
// small cashier served by the binary itself under /testpay/, where the payer presses "pay"
// and the provider POSTs a signed notification over HTTP to the notify URL of the order, as a
// real provider (WeChat Pay, Alipay, UnionPay) would. It moves no money. Nothing is kept in
// memory: the order travels in the pay URL, signed, so any instance can serve the cashier.
//
// Signatures are HMAC-SHA256 with the shared secret over a canonical string, in the manner of
// WeChat Pay API v3 (which signs with RSA instead):
//
//	timestamp + "\n" + nonce + "\n" + body + "\n"
//
// sent in the headers X-Testpay-Timestamp (Unix seconds), X-Testpay-Nonce and
// X-Testpay-Signature (lower-case hex).
package testpay

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Header names of a signed notification.
const (
	HeaderTimestamp = "X-Testpay-Timestamp"
	HeaderNonce     = "X-Testpay-Nonce"
	HeaderSignature = "X-Testpay-Signature"
)

// Order is what the cashier shows and pays. It travels in the pay URL with a signature, so
// the cashier needs no storage and nobody can change the amount or the notify URL.
type Order struct {
	OrderNo   string `json:"order_no"`
	AmountFen int64  `json:"amount_fen"`
	Subject   string `json:"subject"`
	NotifyURL string `json:"notify_url"`
	ReturnURL string `json:"return_url"`
	ExpiresAt int64  `json:"expires_at"` // Unix seconds
}

// Notification is the body the provider POSTs when an order is paid.
type Notification struct {
	ID        string    `json:"id"`
	OrderNo   string    `json:"order_no"`
	TxnID     string    `json:"txn_id"`
	AmountFen int64     `json:"amount_fen"`
	Status    string    `json:"status"` // "paid"
	PaidAt    time.Time `json:"paid_at"`
}

// Sign returns the signature of a notification: lower-case hex of HMAC-SHA256(secret,
// timestamp\nnonce\nbody\n).
func Sign(secret []byte, timestamp, nonce string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'\n'})
	mac.Write([]byte(nonce))
	mac.Write([]byte{'\n'})
	mac.Write(body)
	mac.Write([]byte{'\n'})
	return hex.EncodeToString(mac.Sum(nil))
}

// Errors of Verify.
var (
	ErrMissing   = errors.New("testpay: signature headers missing")
	ErrSignature = errors.New("testpay: bad signature")
	ErrMalformed = errors.New("testpay: malformed notification")
)

// Verify checks the signature headers of a notification body and returns the notification
// with the time it was signed and its nonce. It does not judge the age: the receiver does,
// with its own clock.
func Verify(secret []byte, h http.Header, body []byte) (n *Notification, sentAt time.Time, nonce string, err error) {
	ts, nonce, sig := h.Get(HeaderTimestamp), h.Get(HeaderNonce), h.Get(HeaderSignature)
	if ts == "" || nonce == "" || sig == "" {
		return nil, time.Time{}, "", ErrMissing
	}
	want := Sign(secret, ts, nonce, body)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return nil, time.Time{}, "", ErrSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, time.Time{}, "", ErrMalformed
	}
	n = &Notification{}
	if err := json.Unmarshal(body, n); err != nil || n.ID == "" || n.OrderNo == "" {
		return nil, time.Time{}, "", ErrMalformed
	}
	return n, time.Unix(sec, 0).UTC(), nonce, nil
}

// RandomID returns prefix and 24 random hex characters.
func RandomID(prefix string) string {
	b := make([]byte, 12)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Provider is the provider side of the test payments: it signs orders and notifications with
// Secret and sends notifications with Client.
type Provider struct {
	Secret []byte
	Client *http.Client
	Now    func() time.Time
}

// New returns a provider with the shared secret.
func New(secret []byte) *Provider {
	return &Provider{Secret: secret, Client: &http.Client{Timeout: 15 * time.Second}, Now: time.Now}
}

// orderMAC signs an encoded order with a key of its own (derived from the secret), so an
// order token can never pass for a notification signature.
func (p *Provider) orderMAC(encoded string) string {
	mac := hmac.New(sha256.New, append([]byte("testpay-order\n"), p.Secret...))
	mac.Write([]byte(encoded))
	return hex.EncodeToString(mac.Sum(nil))
}

// PayURL returns the cashier URL of an order under base (e.g. "http://127.0.0.1:8080").
func (p *Provider) PayURL(base string, o Order) string {
	raw, _ := json.Marshal(o)
	enc := base64.RawURLEncoding.EncodeToString(raw)
	return base + "/testpay/pay?order=" + enc + "&sig=" + p.orderMAC(enc)
}

// ErrOrder is a pay URL whose order is not ours, or expired.
var ErrOrder = errors.New("testpay: invalid or expired order")

// DecodeOrder checks and decodes the order of a pay URL.
func (p *Provider) DecodeOrder(encoded, sig string) (*Order, error) {
	if !hmac.Equal([]byte(p.orderMAC(encoded)), []byte(sig)) {
		return nil, ErrOrder
	}
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return nil, ErrOrder
	}
	o := &Order{}
	if err := json.Unmarshal(raw, o); err != nil {
		return nil, ErrOrder
	}
	if o.ExpiresAt != 0 && p.Now().Unix() > o.ExpiresAt {
		return nil, ErrOrder
	}
	return o, nil
}

// SignedNotification builds the body and headers of a "paid" notification of an order for
// amount fen, signed now with a fresh id and nonce. Tests use it to send their own.
func (p *Provider) SignedNotification(o Order, amountFen int64) (http.Header, []byte) {
	now := p.Now().UTC()
	n := Notification{ID: RandomID("ntf_"), OrderNo: o.OrderNo, TxnID: RandomID("tp_"), AmountFen: amountFen,
		Status: "paid", PaidAt: now.Truncate(time.Second)}
	body, _ := json.Marshal(n)
	return p.Sign(body, now), body
}

// Sign returns the headers that sign body at time t with a fresh nonce.
func (p *Provider) Sign(body []byte, t time.Time) http.Header {
	ts := strconv.FormatInt(t.Unix(), 10)
	nonce := RandomID("")
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderNonce, nonce)
	h.Set(HeaderSignature, Sign(p.Secret, ts, nonce, body))
	return h
}

// Send POSTs a signed notification to url and returns the status and body of the answer.
func (p *Provider) Send(ctx context.Context, url string, h http.Header, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header = h.Clone()
	res, err := p.Client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, answer, nil
}

// Notify tells the order's notify URL that the order was paid in full, as the provider does
// after the payer pressed "pay". An answer other than 2xx is an error.
func (p *Provider) Notify(ctx context.Context, o Order) error {
	h, body := p.SignedNotification(o, o.AmountFen)
	status, answer, err := p.Send(ctx, o.NotifyURL, h, body)
	if err != nil {
		return err
	}
	if status/100 != 2 {
		return fmt.Errorf("testpay: notify answered %d: %s", status, answer)
	}
	return nil
}
