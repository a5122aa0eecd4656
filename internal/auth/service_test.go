package auth_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// clock is a fake clock the tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newService(t *testing.T, db *store.DB) (*auth.Service, *clock, *testutil.Fixture) {
	f := testutil.NewFixture(t, db)
	c := &clock{t: time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC)}
	svc := auth.NewService(db, auth.DefaultSettings)
	svc.Now = c.now
	return svc, c, f
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if domain.ErrorCode(err) != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

func TestSessionLifecycle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, c, f := newService(t, db)
		f.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))

		cookie, u, err := svc.Login(ctx, "sec", testutil.FixturePassword, "192.0.2.1", "test")
		if err != nil || cookie == "" || u.Username != "sec" {
			t.Fatalf("login: %v", err)
		}
		a, err := svc.SessionActor(ctx, cookie, "192.0.2.2")
		if err != nil || a.Name() != "sec" || a.IP != "192.0.2.2" || !a.Can(auth.MemberWrite, f.BranchA.Path) {
			t.Fatalf("session actor: %+v %v", a, err)
		}
		_, err = svc.SessionActor(ctx, cookie+"x", "")
		wantCode(t, err, domain.EUnauthorized)
		_, err = svc.SessionActor(ctx, "", "")
		wantCode(t, err, domain.EUnauthorized)

		// Activity keeps the session alive past the idle timeout...
		for range 4 {
			c.advance(29 * time.Minute)
			if _, err := svc.SessionActor(ctx, cookie, ""); err != nil {
				t.Fatalf("active session ended after %v: %v", c.t.Sub(u.CreatedAt), err)
			}
		}
		// ...but 31 idle minutes end it, for good.
		c.advance(31 * time.Minute)
		_, err = svc.SessionActor(ctx, cookie, "")
		wantCode(t, err, domain.EUnauthorized)
		c.t = c.t.Add(-31 * time.Minute)
		_, err = svc.SessionActor(ctx, cookie, "")
		wantCode(t, err, domain.EUnauthorized)

		// Logout ends a session.
		cookie, _, _ = svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		if err := svc.Logout(ctx, cookie); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SessionActor(ctx, cookie, "")
		wantCode(t, err, domain.EUnauthorized)
	})
}

func TestSessionAbsoluteLifetimeAndDisabledUser(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, c, f := newService(t, db)
		sec := f.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		cookie, _, err := svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		start := c.t
		for c.t.Sub(start) < 12*time.Hour-20*time.Minute {
			c.advance(20 * time.Minute)
			if _, err := svc.SessionActor(ctx, cookie, ""); err != nil {
				t.Fatalf("session ended early at %v: %v", c.t.Sub(start), err)
			}
		}
		c.t = start.Add(12*time.Hour + time.Second)
		_, err = svc.SessionActor(ctx, cookie, "")
		wantCode(t, err, domain.EUnauthorized)

		// A disabled user's session no longer works, nor can they sign in.
		cookie, _, err = svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		sec.User.Disabled = true
		if err := db.WriteTx(ctx, func(q *store.Q) error { return q.UpdateUser(ctx, sec.User, "") }); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SessionActor(ctx, cookie, "")
		wantCode(t, err, domain.EUnauthorized)
		_, _, err = svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		wantCode(t, err, domain.EUnauthorized)
		_, _, err = svc.CreateToken(ctx, "sec", testutil.FixturePassword, "")
		wantCode(t, err, domain.EUnauthorized)
	})
}

func TestLockout(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, c, f := newService(t, db)
		f.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))

		// Failures spread beyond the window do not add up.
		for range 4 {
			_, _, err := svc.Login(ctx, "sec", "wrong", "", "")
			wantCode(t, err, domain.EUnauthorized)
		}
		c.advance(16 * time.Minute)
		_, _, err := svc.Login(ctx, "sec", "wrong", "", "")
		wantCode(t, err, domain.EUnauthorized)
		if _, _, err := svc.Login(ctx, "sec", testutil.FixturePassword, "", ""); err != nil {
			t.Fatalf("old failures locked the account: %v", err)
		}

		// Five failures within 15 minutes lock it, even against the right password.
		for i := range 5 {
			c.advance(time.Minute)
			_, _, err := svc.Login(ctx, "sec", "wrong", "", "")
			wantCode(t, err, domain.EUnauthorized)
			_ = i
		}
		_, _, err = svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		wantCode(t, err, domain.ELocked)
		_, _, err = svc.CreateToken(ctx, "sec", testutil.FixturePassword, "")
		wantCode(t, err, domain.ELocked)
		c.advance(14 * time.Minute)
		_, _, err = svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		wantCode(t, err, domain.ELocked)
		// 15 minutes after the last failure the lock is gone.
		c.advance(time.Minute + time.Second)
		if _, _, err := svc.Login(ctx, "sec", testutil.FixturePassword, "", ""); err != nil {
			t.Fatalf("still locked: %v", err)
		}
		// Unknown users fail the same way (and are counted, so guessing is slowed too).
		_, _, err = svc.Login(ctx, "nobody", testutil.FixturePassword, "", "")
		wantCode(t, err, domain.EUnauthorized)
	})
}

func TestTokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, c, f := newService(t, db)
		f.User(t, "api", 0, testutil.Grant(domain.RoleAuditor, f.Region.ID))
		token, exp, err := svc.CreateToken(ctx, "api", testutil.FixturePassword, "")
		if err != nil || len(token) < 40 || !exp.Equal(c.t.Add(30*24*time.Hour)) {
			t.Fatalf("token %q exp %v err %v", token, exp, err)
		}
		a, err := svc.TokenActor(ctx, token, "198.51.100.1")
		if err != nil || a.Name() != "api" || !a.Can(auth.AuditRead, f.BranchB.Path) {
			t.Fatalf("token actor %+v %v", a, err)
		}
		_, err = svc.TokenActor(ctx, token[:len(token)-1], "")
		wantCode(t, err, domain.EUnauthorized)
		// A token is not a session cookie, nor the other way round.
		_, err = svc.SessionActor(ctx, token, "")
		wantCode(t, err, domain.EUnauthorized)
		c.advance(30 * 24 * time.Hour)
		if _, err := svc.TokenActor(ctx, token, ""); err != nil {
			t.Fatalf("token expired early: %v", err)
		}
		c.advance(time.Second)
		_, err = svc.TokenActor(ctx, token, "")
		wantCode(t, err, domain.EUnauthorized)
		_, _, err = svc.CreateToken(ctx, "api", "wrong", "")
		wantCode(t, err, domain.EUnauthorized)
	})
}

func TestPruneSessions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, c, f := newService(t, db)
		f.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		old, _, _ := svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		c.advance(20 * time.Minute)
		fresh, _, _ := svc.Login(ctx, "sec", testutil.FixturePassword, "", "")
		c.advance(15 * time.Minute) // old: idle 35 min; fresh: 15 min
		n, err := svc.PruneSessions(ctx)
		if err != nil || n != 1 {
			t.Fatalf("pruned %d %v", n, err)
		}
		if _, err := svc.SessionActor(ctx, fresh, ""); err != nil {
			t.Fatalf("fresh session pruned: %v", err)
		}
		_, err = svc.SessionActor(ctx, old, "")
		wantCode(t, err, domain.EUnauthorized)
	})
}
