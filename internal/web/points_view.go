package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// Helpers shared by the points, ratings and redemption pages.

// CategoryLabel names a points category: the shipped ones are translated, an organisation's
// own category keys show as they were set.
func (p *Page) CategoryLabel(key string) string {
	if p.cat.Has(p.Locale, "points.category."+key) {
		return p.T("points.category." + key)
	}
	return key
}

// StarText draws a star rating out of five: ★★★☆☆.
func (p *Page) StarText(n int) string {
	n = max(0, min(n, maxStars))
	return strings.Repeat("★", n) + strings.Repeat("☆", maxStars-n)
}

// maxStars is the top of the star scale (RULES.md: 1 to 5 stars).
const maxStars = 5

// thisYear is the calendar year in China.
func thisYear() int { return time.Now().In(shanghai).Year() }

// yearParam reads a year from a query or form value; junk or nothing gives def.
func yearParam(s string, def int) int {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || y < 2000 || y > 2100 {
		return def
	}
	return y
}

// recentYears are the years a year picker offers: from this year back, and the chosen one.
func recentYears(chosen int) []int {
	now := thisYear()
	var out []int
	for y := now + 1; y >= now-4; y-- {
		out = append(out, y)
	}
	if chosen > now+1 || chosen < now-4 {
		out = append(out, chosen)
	}
	return out
}

// newIdempotencyKey is the key a form that creates ledger entries carries: generated when the
// form is shown, so a double submission (or a retry after a lost answer) posts once.
func newIdempotencyKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// formProblem reports whether a service error belongs beside the form that caused it (a
// validation problem, or a refusal such as a spent balance or an empty stock) rather than on
// an error page; statusOf gives its status.
func formProblem(err error) (*domain.Error, bool) {
	e, ok := domain.AsError(err)
	if !ok {
		return nil, false
	}
	switch e.Code {
	case domain.EInvalid, domain.EConflict, domain.EInsufficientBalance, domain.EOutOfStock, domain.ELimitReached:
		return e, true
	}
	return nil, false
}

// failOnForm is failForm for the pages here: problems formProblem accepts re-render the form
// with the message (and the fields' messages); everything else is an error page.
func (h *handler) failOnForm(w http.ResponseWriter, r *http.Request, err error, rerender func(status int, e *domain.Error)) {
	if e, ok := formProblem(err); ok {
		rerender(statusOf(e.Code), e)
		return
	}
	h.fail(w, r, err)
}

// parsePointsField reads a points value (to 0.1) of a form; empty gives nil. A malformed
// value is reported under the field.
func parsePointsField(f *Form, name string, bad map[string]string) *domain.Points {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return nil
	}
	p, err := domain.ParsePoints(v)
	if err != nil {
		bad[name] = "web.points.err_format"
		return nil
	}
	return &p
}

// firstScope picks the organisation a page opens on when none was chosen: the top of the
// caller's scope for the permission (the first in tree order).
func (h *handler) firstScope(r *http.Request, perm auth.Permission) (int64, error) {
	scopes := actor(r).Scopes(perm)
	if len(scopes) == 0 {
		return 0, nil
	}
	outline, err := h.set.Orgs.Outline(r.Context(), actor(r))
	if err != nil {
		return 0, err
	}
	var first int64
	walkOutline(outline, func(o *domain.Org, _ int) {
		if first == 0 && domain.InSubtree(o.Path, scopes[0]) {
			first = o.ID
		}
	})
	return first, nil
}

// scopeOrgOptions are the organisations (party groups left out) where the caller holds a
// permission, as picker options, the first levels and the chosen one.
func (h *handler) scopeOrgOptions(r *http.Request, perm auth.Permission, chosen int64) ([]Option, error) {
	a := actor(r)
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return orgOptions(outline, func(o *domain.Org, level int) bool {
		return o.Type != domain.OrgGroup && a.Can(perm, o.Path) && (level < orgPickerLevels || o.ID == chosen)
	}), nil
}

// requestBase is the scheme and host the browser used, for links printed into QR codes.
func (h *handler) requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || h.set.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// idList reads the checked ids of a checkbox group.
func idList(values []string) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, v := range values {
		if id := queryID(v); id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// GradeTable writes a grade table for reading: "60:6, 70:7, 80:8, 90:9".
func (p *Page) GradeTable(bands []domain.GradeBand) string { return formatGrades(bands) }

// hasMember reports whether the user is a member (my points, rewards): nav only.
func hasMember(a *auth.Actor) bool { return a.MemberID() != 0 }

// isMerchantOperator reports whether the user holds role merchant (the counter page): nav
// only; the services check the link to a merchant.
func isMerchantOperator(a *auth.Actor) bool {
	if a == nil || a.User == nil {
		return false
	}
	for _, g := range a.User.Grants {
		if g.Role == domain.RoleMerchant {
			return true
		}
	}
	return false
}
