package testpay_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/duespay/testpay"
)

func TestSignAndVerify(t *testing.T) {
	p := testpay.New([]byte("s3cret"))
	now := time.Unix(1_750_000_000, 0)
	p.Now = func() time.Time { return now }
	h, body := p.SignedNotification(testpay.Order{OrderNo: "DJ1", AmountFen: 1234}, 1234)
	n, at, nonce, err := testpay.Verify([]byte("s3cret"), h, body)
	if err != nil || n.OrderNo != "DJ1" || n.AmountFen != 1234 || n.Status != "paid" || !at.Equal(now) || nonce == "" {
		t.Fatalf("verify: %+v %v %q %v", n, at, nonce, err)
	}
	// The canonical string is timestamp\nnonce\nbody\n (a known vector).
	if got := testpay.Sign([]byte("k"), "1", "n", []byte("{}")); got != "b12d6524dd570d57706d81bea2eaf4d01e4d7069b25d3c461c4451eabf18f9ec" {
		t.Fatalf("signature %q", got)
	}
	for name, tamper := range map[string]func(http.Header) ([]byte, http.Header){
		"other secret": func(h http.Header) ([]byte, http.Header) { return body, h },
		"other body": func(h http.Header) ([]byte, http.Header) {
			return []byte(strings.Replace(string(body), "1234", "1", 1)), h
		},
		"other nonce": func(h http.Header) ([]byte, http.Header) {
			h = h.Clone()
			h.Set(testpay.HeaderNonce, "x")
			return body, h
		},
		"other time": func(h http.Header) ([]byte, http.Header) {
			h = h.Clone()
			h.Set(testpay.HeaderTimestamp, "1")
			return body, h
		},
	} {
		b, hh := tamper(h)
		secret := []byte("s3cret")
		if name == "other secret" {
			secret = []byte("other")
		}
		if _, _, _, err := testpay.Verify(secret, hh, b); !errors.Is(err, testpay.ErrSignature) {
			t.Errorf("%s: %v", name, err)
		}
	}
	bare := http.Header{}
	if _, _, _, err := testpay.Verify([]byte("s3cret"), bare, body); !errors.Is(err, testpay.ErrMissing) {
		t.Errorf("no headers: %v", err)
	}
}

func TestOrdersInPayURLs(t *testing.T) {
	p := testpay.New([]byte("s3cret"))
	now := time.Unix(1_750_000_000, 0)
	p.Now = func() time.Time { return now }
	o := testpay.Order{OrderNo: "DJ2", AmountFen: 500, NotifyURL: "http://x/api/v1/dues/notify/test", ExpiresAt: now.Add(time.Hour).Unix()}
	u := p.PayURL("http://x", o)
	enc := u[strings.Index(u, "order=")+6 : strings.Index(u, "&sig=")]
	sig := u[strings.Index(u, "&sig=")+5:]
	got, err := p.DecodeOrder(enc, sig)
	if err != nil || *got != o {
		t.Fatalf("decode: %+v %v", got, err)
	}
	if _, err := testpay.New([]byte("other")).DecodeOrder(enc, sig); !errors.Is(err, testpay.ErrOrder) {
		t.Errorf("another secret: %v", err)
	}
	if _, err := p.DecodeOrder(enc+"x", sig); !errors.Is(err, testpay.ErrOrder) {
		t.Errorf("changed order: %v", err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := p.DecodeOrder(enc, sig); !errors.Is(err, testpay.ErrOrder) {
		t.Errorf("expired order: %v", err)
	}
	// An order token is not a notification signature: the keys differ.
	if testpay.Sign([]byte("s3cret"), "", "", []byte(enc)) == sig {
		t.Error("order and notification signatures share a key")
	}
}
