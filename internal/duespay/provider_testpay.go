package duespay

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"net/http"
	"strings"

	"dangjian/internal/duespay/testpay"
	"dangjian/internal/i18n"
)

// TestProviderName is the built-in test provider's name (notify URL /api/v1/dues/notify/test).
const TestProviderName = "test"

// TestProvider adapts the built-in test provider (package testpay) to Provider. Its cashier is
// served by the binary under /testpay/; enable it only in development, demos and tests
// (--testpay): it accepts every payment without moving money.
type TestProvider struct {
	P       *testpay.Provider
	cashier *testpay.Cashier
	// Base is the URL prefix of the cashier (the instance's own base URL); empty: the base of
	// the order's notify URL.
	Base string
}

// NewTestProvider returns the test provider signing with secret; cat renders the cashier.
func NewTestProvider(secret []byte, cat *i18n.Catalog) *TestProvider {
	p := testpay.New(secret)
	return &TestProvider{P: p, cashier: &testpay.Cashier{P: p, I18n: cat}}
}

// DeriveTestSecret derives the test provider's signing secret from the instance key, so every
// instance sharing the key shares the secret without another setting.
func DeriveTestSecret(instanceKey []byte) []byte {
	mac := hmac.New(sha256.New, instanceKey)
	mac.Write([]byte("dangjian testpay notification secret v1"))
	return mac.Sum(nil)
}

// Name implements Provider.
func (t *TestProvider) Name() string { return TestProviderName }

// CreateOrder implements Provider: the order is signed into the cashier URL, nothing is stored.
func (t *TestProvider) CreateOrder(ctx context.Context, o Order) (string, error) {
	base := t.Base
	if base == "" {
		base = baseOf(o.NotifyURL)
	}
	return t.P.PayURL(base, testpay.Order{OrderNo: o.OrderNo, AmountFen: o.AmountFen, Subject: o.Subject,
		NotifyURL: o.NotifyURL, ReturnURL: o.ReturnURL, ExpiresAt: o.ExpiresAt.Unix()}), nil
}

// ParseNotification implements Provider.
func (t *TestProvider) ParseNotification(h http.Header, body []byte) (*Notification, error) {
	n, sentAt, nonce, err := testpay.Verify(t.P.Secret, h, body)
	switch {
	case errors.Is(err, testpay.ErrMissing), errors.Is(err, testpay.ErrSignature):
		return nil, ErrSignature
	case err != nil:
		return nil, ErrMalformed
	}
	return &Notification{ID: n.ID, Nonce: nonce, SentAt: sentAt, OrderNo: n.OrderNo, ProviderTxn: n.TxnID,
		AmountFen: n.AmountFen, Paid: n.Status == "paid"}, nil
}

// Refund implements Provider: the test provider accepts every refund of a paid order at once.
func (t *TestProvider) Refund(ctx context.Context, r RefundRequest) (string, error) {
	if r.AmountFen <= 0 || r.AmountFen > r.TotalFen || r.ProviderTxn == "" {
		return "", errors.New("testpay: refund refused")
	}
	return testpay.RandomID("tprf_"), nil
}

// Routes implements Router: the cashier.
func (t *TestProvider) Routes() (string, http.Handler) {
	return "/testpay/", http.NewCrossOriginProtection().Handler(t.cashier)
}

// baseOf returns scheme://host of an absolute URL ("" for anything else).
func baseOf(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(u[i+3:], '/')
	if j < 0 {
		return u
	}
	return u[:i+3+j]
}
