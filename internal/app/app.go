// Package app wires one running instance: configuration, database, services, and the HTTP
// surfaces. The CLI and the end-to-end tests both start instances through it.
package app

import (
	"context"
	"dangjian/internal/compliance"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"dangjian/internal/account"
	"dangjian/internal/api"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/development"
	"dangjian/internal/dues"
	"dangjian/internal/duespay"
	"dangjian/internal/duesstats"
	"dangjian/internal/funds"
	"dangjian/internal/i18n"
	"dangjian/internal/jobs"
	"dangjian/internal/meeting"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/points"
	"dangjian/internal/ratings"
	"dangjian/internal/redemption"
	"dangjian/internal/roster"
	"dangjian/internal/schedule"
	"dangjian/internal/secret"
	"dangjian/internal/services"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/transfer"
	"dangjian/internal/web"
)

// Version is set at build time with -ldflags "-X dangjian/internal/app.Version=…".
var Version = "dev"

// App is one instance.
type App struct {
	Config   config.Config
	Services *services.Set
	Handler  http.Handler
	Log      *slog.Logger
}

// Open connects to the database (migrating it), loads the key and builds the services,
// without serving anything: what every CLI command needs.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*services.Set, error) {
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	key, err := secret.LoadKey(cfg.SecretKey, cfg.SecretKeyFile)
	if err != nil {
		db.Close()
		return nil, err
	}
	box, err := secret.New(key)
	if err != nil {
		db.Close()
		return nil, err
	}
	cat, err := i18n.Load()
	if err != nil {
		db.Close()
		return nil, err
	}
	settings := auth.DefaultSettings
	settings.IdleTimeout = cfg.IdleTimeout
	settings.LockoutFailures, settings.LockoutWindow, settings.LockoutDuration = cfg.LockoutFailures, cfg.LockoutWindow, cfg.LockoutDuration
	members := member.NewService(db, box)
	runner := jobs.New(db, log)
	pts := points.NewService(db)
	duesPay := duespay.New(db, pts)
	duesPay.PublicURL = cfg.PublicURL
	if cfg.TestPay {
		testSecret := []byte(cfg.TestPaySecret)
		if len(testSecret) == 0 {
			testSecret = duespay.DeriveTestSecret(key)
		}
		duesPay.Register(duespay.NewTestProvider(testSecret, cat))
	}
	return &services.Set{
		DB:            db,
		Auth:          auth.NewService(db, settings),
		Orgs:          org.NewService(db),
		Members:       members,
		Development:   development.NewService(db, members),
		Transfers:     transfer.NewService(db, members),
		Roster:        roster.New(db, members, runner),
		Points:        pts,
		Redemption:    redemption.NewService(db, pts),
		Ratings:       ratings.New(db, runner),
		Meetings:      meeting.NewService(db, pts),
		Compliance:    &compliance.Service{DB: db},
		Study:         study.New(db, pts),
		Funds:         funds.New(db),
		Dues:          dues.New(db, members, runner),
		DuesPay:       duesPay,
		DuesStats:     duesstats.New(db),
		Jobs:          runner,
		Accounts:      &account.Service{DB: db},
		Audit:         &audit.Service{DB: db},
		I18n:          cat,
		Log:           log,
		Version:       Version,
		SecureCookies: cfg.SecureCookies,
	}, nil
}

// New builds an instance ready to serve.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	set, err := Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	h, err := handler(set)
	if err != nil {
		set.DB.Close()
		return nil, err
	}
	return &App{Config: cfg, Services: set, Handler: h, Log: set.Log}, nil
}

// handler joins the surfaces: probes outside everything, the JSON API under /api/, the
// console for the rest.
func handler(set *services.Set) (http.Handler, error) {
	webH, err := web.New(set)
	if err != nil {
		return nil, err
	}
	apiH, err := api.New(set)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := set.DB.Ping(ctx); err != nil {
			set.Log.Warn("readyz: database does not answer", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unavailable\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("/api/", apiH)
	if set.DuesPay != nil { // pages of payment providers served by the binary (the test cashier)
		for _, rt := range set.DuesPay.Routes() {
			mux.Handle(rt.Pattern, rt.Handler)
		}
	}
	mux.Handle("/", webH)
	return mux, nil
}

// Close releases the database.
func (a *App) Close() error { return a.Services.DB.Close() }

// Serve listens on the configured address until ctx ends, then shuts down gracefully:
// in-flight requests get up to 20 seconds to finish.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	return a.ServeListener(ctx, ln)
}

// ServeListener is Serve on an open listener (tests pass 127.0.0.1:0).
func (a *App) ServeListener(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	go a.pruneSessions(ctx)
	go schedule.New(a.Services.DB, a.Log, dailyJobs(a.Services)...).Run(ctx)
	// Every instance sweeps expired redemption holds; each hold is released exactly once.
	go a.Services.Redemption.RunExpiry(ctx, time.Minute, a.Log)
	// Every instance sweeps expired online dues orders; each order is expired exactly once.
	go a.Services.DuesPay.RunExpiry(ctx, time.Minute, a.Log)
	jobsDone := make(chan struct{})
	go func() { a.Services.Jobs.Run(ctx); close(jobsDone) }()
	defer func() { <-jobsDone }() // a job in progress finishes or gives up its lease first
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Log.Info("serving", "addr", ln.Addr().String(), "db", a.Services.DB.Engine, "version", Version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// pruneSessions deletes dead sessions every ten minutes. Any number of instances may do it
// at once: it is an idempotent delete.
func (a *App) pruneSessions(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.Services.Auth.PruneSessions(ctx); err != nil {
				a.Log.Warn("prune sessions", "err", err)
			} else if n > 0 {
				a.Log.Debug("pruned sessions", "count", n)
			}
		}
	}
}
