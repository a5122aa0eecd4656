package duespay

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"
)

// Provider is an online-payment provider. Everything provider-specific — the order API, the
// notification format and its signature, refunds, the acknowledgement — lives in its adapter
// file (provider_testpay.go for the built-in test provider); the service does the rest: who may
// pay, replay protection, stale timestamps, amounts, bills, points and audit.
type Provider interface {
	// Name is the provider's short name, used in the notify URL /api/v1/dues/notify/{name}.
	Name() string
	// CreateOrder registers an order at the provider and returns the URL where the payer pays.
	// It may be called again for the same order number (a retry) and must then not charge twice.
	CreateOrder(ctx context.Context, o Order) (payURL string, err error)
	// ParseNotification verifies the signature of a notification (headers and raw body) with
	// the provider's secret and parses it. A bad or missing signature is ErrSignature; a body
	// that does not parse is ErrMalformed.
	ParseNotification(h http.Header, body []byte) (*Notification, error)
	// Refund returns money of a paid order to the payer. RefundNo is ours and identifies the
	// refund at the provider: asking again with the same RefundNo refunds once.
	Refund(ctx context.Context, r RefundRequest) (providerRefundID string, err error)
}

// Router is implemented by providers that serve pages of their own inside the binary (the
// test cashier): the app mounts Handler at Pattern.
type Router interface {
	Routes() (pattern string, h http.Handler)
}

// Order is an online order: our order number, the amount, a subject shown to the payer, where
// the provider notifies us and where it sends the payer back, and until when it may be paid.
type Order struct {
	OrderNo   string
	AmountFen int64
	Subject   string
	NotifyURL string
	ReturnURL string
	ExpiresAt time.Time
}

// Notification is a verified notification: the provider's id of it and the nonce it was
// signed with (both kept against replays), when it was signed, the order it is about, the
// provider's transaction, the amount paid and whether it says the order was paid.
type Notification struct {
	ID          string
	Nonce       string
	SentAt      time.Time
	OrderNo     string
	ProviderTxn string
	AmountFen   int64
	Paid        bool
}

// RefundRequest asks a provider to refund part or all of a paid order.
type RefundRequest struct {
	RefundNo    string
	OrderNo     string
	ProviderTxn string
	AmountFen   int64
	TotalFen    int64
	Reason      string
}

// Errors of ParseNotification.
var (
	ErrSignature = errors.New("duespay: notification signature invalid")
	ErrMalformed = errors.New("duespay: notification malformed")
)

// Register adds a provider; the first registered is the default for online payments.
func (s *Service) Register(p Provider) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.providers == nil {
		s.providers = map[string]Provider{}
	}
	if _, ok := s.providers[p.Name()]; !ok {
		s.names = append(s.names, p.Name())
	}
	s.providers[p.Name()] = p
}

// Provider returns a registered provider by name.
func (s *Service) Provider(name string) (Provider, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.providers[name]
	return p, ok
}

// Providers are the names of the registered providers, the default first.
func (s *Service) Providers() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.names)
}

// OnlineEnabled reports whether online payment is available (a provider is registered).
func (s *Service) OnlineEnabled() bool { return len(s.Providers()) > 0 }

// defaultProvider is the provider named, or the default when name is "".
func (s *Service) defaultProvider(name string) (Provider, bool) {
	if name == "" {
		names := s.Providers()
		if len(names) == 0 {
			return nil, false
		}
		name = names[0]
	}
	return s.Provider(name)
}

// Route is a page a provider serves inside the binary.
type Route struct {
	Pattern string
	Handler http.Handler
}

// Routes are the pages the registered providers serve (the test cashier under /testpay/).
func (s *Service) Routes() []Route {
	var out []Route
	for _, name := range s.Providers() {
		p, _ := s.Provider(name)
		if r, ok := p.(Router); ok {
			pattern, h := r.Routes()
			out = append(out, Route{Pattern: pattern, Handler: h})
		}
	}
	return out
}
