package web

import (
	"net/http"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/study"
)

// Page is what the layout needs on every page; each page's data embeds it, so templates
// call {{.T "web.key"}} (or {{$.T …}} inside a range).
type Page struct {
	Locale   string
	Title    string // translated
	Actor    *auth.Actor
	Nav      []navItem
	Path     string // the request path, to mark the active nav item
	ReturnTo string // where the language switch comes back to
	Version  string
	cat      *i18n.Catalog
}

type navItem struct {
	Href, Label string
	Active      bool
	Children    []navItem // a dropdown of related sections (navGroups), to keep the bar on one line
}

// page builds the Page of a request with a title key.
func (h *handler) page(r *http.Request, titleKey string, args ...any) *Page {
	p := &Page{Locale: locale(r), Actor: actor(r), Path: r.URL.Path, ReturnTo: r.URL.RequestURI(),
		Version: h.set.Version, cat: h.set.I18n}
	if titleKey != "" {
		p.Title = p.T(titleKey, args...)
	}
	p.Nav = p.navItems()
	return p
}

// T translates a catalogue key in the page's language.
func (p *Page) T(key string, args ...any) string { return p.cat.T(p.Locale, key, args...) }

// Label translates an enumerated value: Label "web.org.type." "branch"; empty stays empty.
func (p *Page) Label(prefix, value string) string {
	if value == "" {
		return ""
	}
	return p.T(prefix + value)
}

// User is the signed-in user, nil on the login page.
func (p *Page) User() *domain.User {
	if p.Actor == nil {
		return nil
	}
	return p.Actor.User
}

// UserName is how the navbar names the signed-in user.
func (p *Page) UserName() string {
	u := p.User()
	if u == nil {
		return ""
	}
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// May reports whether the user holds a permission anywhere; it only decides what to show,
// the services decide what is allowed.
func (p *Page) May(perm string) bool { return len(p.Actor.Scopes(auth.Permission(perm))) > 0 }

// Can reports whether the user holds a permission over the organisation at path.
func (p *Page) Can(perm, path string) bool { return p.Actor.Can(auth.Permission(perm), path) }

// navItems are the sections the user's roles open; a plain member sees the home page, their
// points and the rewards.
func (p *Page) navItems() []navItem {
	if p.Actor == nil {
		return nil
	}
	items := []struct {
		href, key string
		perm      auth.Permission
		show      func(*auth.Actor) bool // instead of perm: links without a permission
	}{
		{"/", "web.nav.home", "", nil},
		{"/orgs", "web.nav.orgs", auth.OrgRead, nil},
		{"/members", "web.nav.members", auth.MemberRead, nil},
		{"/applicants", "web.nav.applicants", auth.MemberRead, nil},
		{"/transfers", "web.nav.transfers", auth.MemberRead, nil},
		{"/floating", "web.nav.floating", auth.MemberRead, nil},
		{"/meetings", "web.nav.meetings", "", isMeetingOfficer},
		{"/minutes/approvals", "web.nav.minutes_approvals", "", isMeetingOfficer},
		{"/my/meetings", "web.nav.my_meetings", "", hasMember},
		{"/study", "web.nav.study", "", hasMember},
		{"/manage/study", "web.nav.study_manage", "", study.Manages},
		{"/dues/bills", "web.nav.dues_bills", auth.DuesRead, nil},
		{"/dues/hardship", "web.nav.dues_hardship", "", hasMember},
		{"/dues/stats", "web.nav.dues_stats", auth.DuesRead, nil},
		{"/dues/payments", "web.nav.duespay_payments", auth.DuesRead, nil},
		{"/my/dues", "web.nav.duespay_my", "", hasMember},
		{"/funds", "web.nav.funds", auth.FundsRead, nil},
		{"/my/funds", "web.nav.my_funds", "", hasMember},
		{"/users", "web.nav.users", auth.UserManage, nil},
		{"/audit", "web.nav.audit", auth.AuditRead, nil},
		{"/points", "web.nav.points", "", hasMember},
		{"/rewards", "web.nav.rewards", "", hasMember},
		{"/approvals", "web.nav.approvals", auth.PointsApprove, nil},
		{"/catalogue", "web.nav.catalogue", auth.PointsCatalogue, nil},
		{"/rankings", "web.nav.rankings", auth.PointsRead, nil},
		{"/activities", "web.nav.activities", auth.PointsCatalogue, nil},
		{"/ratings", "web.nav.ratings", auth.RatingsRun, nil},
		{"/merchants", "web.nav.merchants", auth.RedemptionRead, nil},
		{"/m/redeem", "web.nav.scan", "", isMerchantOperator},
	}
	var out []navItem
	for _, it := range items {
		if it.perm != "" && len(p.Actor.Scopes(it.perm)) == 0 {
			continue
		}
		if it.show != nil && !it.show(p.Actor) {
			continue
		}
		active := p.Path == it.href || (it.href != "/" && strings.HasPrefix(p.Path, it.href+"/"))
		out = append(out, navItem{Href: it.href, Label: p.T(it.key), Active: active})
	}
	return p.groupNav(out)
}

// Option is one choice of a select, radio group or checkbox group.
type Option struct {
	Value, Label string
	Depth        int // indentation in organisation pickers
}

// Choices turns enumerated values into options labelled from the catalogue.
func (p *Page) Choices(prefix string, values []string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v, Label: p.T(prefix + v)}
	}
	return out
}

// Initial is the first character of the user's name, for the avatar.
func (p *Page) Initial() string {
	for _, r := range p.UserName() {
		return string(r)
	}
	return "?"
}
