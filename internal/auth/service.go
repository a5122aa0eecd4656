package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Settings are the sign-in policies (config; API.md defaults).
type Settings struct {
	IdleTimeout     time.Duration // a session unused this long ends (30 min)
	SessionLifetime time.Duration // a session ends this long after sign-in, used or not (12 h)
	TokenLifetime   time.Duration // API tokens (30 days)
	LockoutFailures int           // failures within LockoutWindow that lock the account (5)
	LockoutWindow   time.Duration // 15 min
	LockoutDuration time.Duration // 15 min
}

// DefaultSettings are the values of API.md.
var DefaultSettings = Settings{IdleTimeout: 30 * time.Minute, SessionLifetime: 12 * time.Hour,
	TokenLifetime: 30 * 24 * time.Hour, LockoutFailures: 5, LockoutWindow: 15 * time.Minute, LockoutDuration: 15 * time.Minute}

// Service signs users in and turns cookies and tokens back into Actors. All state is in the
// database, so any instance serves any request.
type Service struct {
	DB       *store.DB
	Settings Settings
	Now      func() time.Time
}

// NewService returns a Service with the real clock.
func NewService(db *store.DB, s Settings) *Service {
	return &Service{DB: db, Settings: s, Now: func() time.Time { return time.Now().UTC() }}
}

// touchEvery limits last-seen writes to one a minute per session, so reading pages does not
// turn into a write per request.
const touchEvery = time.Minute

// hashSecret is how session and token secrets are stored: a leaked table cannot be replayed.
func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// checkCredentials verifies a username and password with lockout. Returns ELocked while
// the account is locked (even with the right password), EUnauthorized on a mismatch.
func (s *Service) checkCredentials(ctx context.Context, username, password, ip string) (*domain.User, error) {
	now := s.Now()
	q := s.DB.Read()
	// Locked: the latest LockoutFailures failures lie within one LockoutWindow, and the last
	// of them is less than LockoutDuration ago. (Counting only the failures of the window
	// ending now would let the lock lapse early, as the first failures slide out of it.)
	fails, err := q.LoginFailures(ctx, username, now.Add(-s.Settings.LockoutWindow-s.Settings.LockoutDuration), s.Settings.LockoutFailures)
	if err != nil {
		return nil, err
	}
	n := len(fails)
	if n >= s.Settings.LockoutFailures && fails[0].Sub(fails[n-1]) <= s.Settings.LockoutWindow &&
		now.Before(fails[0].Add(s.Settings.LockoutDuration)) {
		return nil, &domain.Error{Code: domain.ELocked, Message: "err.auth.locked"}
	}
	u, hash, err := q.UserByUsername(ctx, username)
	if err != nil && err != sql.ErrNoRows {
		return nil, err
	}
	if err == sql.ErrNoRows || !CheckPassword(hash, password) || u.Disabled {
		if err == sql.ErrNoRows {
			CheckPassword(dummyHash, password) // same work either way, so timing does not tell which names exist
		}
		if werr := s.DB.WriteTx(ctx, func(q *store.Q) error { return q.AddLoginFailure(ctx, username, ip, now) }); werr != nil {
			return nil, werr
		}
		return nil, &domain.Error{Code: domain.EUnauthorized, Message: "err.auth.bad_credentials"}
	}
	if n > 0 {
		if err := s.DB.WriteTx(ctx, func(q *store.Q) error { return q.ClearLoginFailures(ctx, username) }); err != nil {
			return nil, err
		}
	}
	return u, nil
}

var dummyHash = HashPassword("dummy password for timing")

// Login checks credentials and starts a session; it returns the cookie value.
// Errors: EUnauthorized, ELocked.
func (s *Service) Login(ctx context.Context, username, password, ip, userAgent string) (string, *domain.User, error) {
	u, err := s.checkCredentials(ctx, username, password, ip)
	if err != nil {
		return "", nil, err
	}
	secret := newSecret()
	now := s.Now()
	sess := &domain.Session{ID: hashSecret(secret), UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.Settings.SessionLifetime)}
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error { return q.InsertSession(ctx, sess, ip, userAgent) })
	return secret, u, err
}

// SessionActor returns the Actor of a session cookie. Errors: EUnauthorized when the
// session is unknown, expired, idle too long, or its user is disabled.
func (s *Service) SessionActor(ctx context.Context, cookie, ip string) (*Actor, error) {
	unauth := &domain.Error{Code: domain.EUnauthorized, Message: "err.auth.session"}
	if cookie == "" {
		return nil, unauth
	}
	id := hashSecret(cookie)
	sess, err := s.DB.Read().Session(ctx, id)
	if err == sql.ErrNoRows {
		return nil, unauth
	}
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.Settings.IdleTimeout {
		s.DB.WriteTx(ctx, func(q *store.Q) error { return q.DeleteSession(ctx, id) })
		return nil, unauth
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.DB.WriteTx(ctx, func(q *store.Q) error { return q.TouchSession(ctx, id, now) }); err != nil {
			return nil, err
		}
	}
	return s.userActor(ctx, sess.UserID, ip, unauth)
}

func (s *Service) userActor(ctx context.Context, userID int64, ip string, unauth error) (*Actor, error) {
	u, err := s.DB.Read().User(ctx, userID)
	if err == sql.ErrNoRows {
		return nil, unauth
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, unauth
	}
	return &Actor{User: u, IP: ip}, nil
}

// Logout ends the session of a cookie.
func (s *Service) Logout(ctx context.Context, cookie string) error {
	return s.DB.WriteTx(ctx, func(q *store.Q) error { return q.DeleteSession(ctx, hashSecret(cookie)) })
}

// CreateToken checks credentials (with lockout) and issues an API token.
// Errors: EUnauthorized, ELocked.
func (s *Service) CreateToken(ctx context.Context, username, password, ip string) (string, time.Time, error) {
	u, err := s.checkCredentials(ctx, username, password, ip)
	if err != nil {
		return "", time.Time{}, err
	}
	token := "dj_" + newSecret()
	exp := s.Now().Add(s.Settings.TokenLifetime).Truncate(time.Second)
	err = s.DB.WriteTx(ctx, func(q *store.Q) error { return q.InsertToken(ctx, u.ID, hashSecret(token), "api", exp) })
	return token, exp, err
}

// TokenActor returns the Actor of a bearer token. Errors: EUnauthorized.
func (s *Service) TokenActor(ctx context.Context, token, ip string) (*Actor, error) {
	unauth := &domain.Error{Code: domain.EUnauthorized, Message: "err.auth.token"}
	userID, exp, err := s.DB.Read().TokenUser(ctx, hashSecret(token))
	if err == sql.ErrNoRows {
		return nil, unauth
	}
	if err != nil {
		return nil, err
	}
	if s.Now().After(exp) {
		return nil, unauth
	}
	return s.userActor(ctx, userID, ip, unauth)
}

// PruneSessions deletes expired and idle sessions; run now and then.
func (s *Service) PruneSessions(ctx context.Context) (int64, error) {
	now := s.Now()
	var n int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		var err error
		n, err = q.DeleteExpiredSessions(ctx, now, now.Add(-s.Settings.IdleTimeout))
		return err
	})
	return n, err
}
