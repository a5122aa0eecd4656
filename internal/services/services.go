// Package services bundles the capability services that the web console, the JSON API and
// the CLI all call, so the three surfaces share one set and cannot differ in rules.
package services

import (
	"log/slog"

	"dangjian/internal/account"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/i18n"
	"dangjian/internal/member"
	"dangjian/internal/org"
	"dangjian/internal/store"
)

// Set is every service of a running instance.
type Set struct {
	DB       *store.DB
	Auth     *auth.Service
	Orgs     *org.Service
	Members  *member.Service
	Accounts *account.Service
	Audit    *audit.Service
	I18n     *i18n.Catalog
	Log      *slog.Logger
	Version  string
	// SecureCookies marks cookies Secure (behind HTTPS). Off for plain-HTTP development.
	SecureCookies bool
}
