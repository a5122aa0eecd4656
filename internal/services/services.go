// Package services bundles the capability services that the web console, the JSON API and
// the CLI all call, so the three surfaces share one set and cannot differ in rules.
package services

import (
	"dangjian/internal/compliance"
	"log/slog"

	"dangjian/internal/account"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
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
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/transfer"
)

// Set is every service of a running instance.
type Set struct {
	DB       *store.DB
	Auth     *auth.Service
	Orgs     *org.Service
	Members  *member.Service
	Accounts *account.Service
	Audit    *audit.Service
	// Development is member development (applicants through the 25 steps).
	Development *development.Service
	// Transfers are transfers of the formal relationship and the floating-member registers.
	Transfers *transfer.Service
	// Roster is the Excel roster import and export.
	Roster *roster.Service
	// Points is the points engine: catalogues, claims, awards, the ledger (issue 4).
	Points *points.Service
	// Redemption is reward redemption at the service alliance: merchants, rewards, holds.
	Redemption *redemption.Service
	// Ratings are leaderboards, eligibility and the yearly rating runs (stars).
	Ratings *ratings.Service
	// Meetings are organisational life: meetings, check-in, attendance, minutes (issue 5).
	Meetings *meeting.Service
	// Compliance judges meetings held against the meeting rules per org and period (issue 5).
	Compliance *compliance.Service
	// Dues is the core of party dues: calculator, profiles, hardship, monthly bills, payroll import.
	Dues *dues.Service
	// Study is courses, study progress, the question bank, exams and contests (issue 5).
	Study *study.Service
	// Funds is the party-fund pool (党建经费蓄水池): the ledger per organisation, spending
	// approval, voluntary dues to remit, the yearly report (issue 6 part 6).
	Funds *funds.Service
	// DuesPay is the payment of party dues: cash and transfer by the branch, online through a
	// provider with signed notifications, 代缴, refunds of overpayment (issue 6).
	DuesPay *duespay.Service
	// DuesStats is what dues add up to: arrears and the self-withdrawal flag, dues reminders,
	// collection rates per organisation and month, the monthly dues sheet (issue 6).
	DuesStats *duesstats.Service
	// Jobs runs background work (imports, large exports); every instance runs one, and a job
	// is claimed by exactly one of them.
	Jobs    *jobs.Runner
	I18n    *i18n.Catalog
	Log     *slog.Logger
	Version string
	// SecureCookies marks cookies Secure (behind HTTPS). Off for plain-HTTP development.
	SecureCookies bool
}
