package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/transfer"
)

// memberData is the member page: particulars, one page of history and, for writers, the
// edit form.
type memberData struct {
	*Page
	Member    *domain.Member
	History   []historyRow
	OlderURL  string // the next page of history, back in time; "" at the first event
	NewestURL string // back to the latest events; "" when they are shown
	Form      *Form  // edit form, nil when the user may not edit
	Branches  []Option
	Groups    []Option
	CanReveal bool
	Saved     bool

	// The member's lifecycle beside the particulars: transfers, floating entries, and for
	// writers the standing-change form and the transfer and floating actions.
	Transfers []domain.Transfer
	Floating  []domain.Floating
	Standing  *Form // nil when the user may not change the standing
	CanMove   bool  // may start a transfer or an out-flow entry

	// The member's standing changes and lost-contact flags, newest first (the latest
	// memberLifecycleShown): whoever reads the member reads them, as in the history.
	StandingChanges []member.StandingChange

	// Leaving the roster: the form to record a departure (writers, while the member is on
	// the roster) and the form to take back a mistaken one (admins and org admins).
	Departure *Form
	Undo      *Form
}

// memberForms are the member page's forms as posted, to show again with their problems;
// nil ones are shown fresh.
type memberForms struct {
	Edit, Standing, Departure, Undo *Form
}

// memberLifecycleShown is how many transfers the member page lists.
const memberLifecycleShown = 20

// memberEventsShown is one page of a member's history.
const memberEventsShown = 50

// historyTarget is the element an "older" link swaps with htmx; without JavaScript the link
// loads the whole page at that point of the history.
const historyTarget = "history"

func (h *handler) showMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderMember(w, r, id, http.StatusOK, nil, false)
}

// renderMember shows a member; with reveal, the clear personal numbers (the service checks
// the right and audits it). edit carries a rejected edit form.
func (h *handler) renderMember(w http.ResponseWriter, r *http.Request, id int64, status int, edit *Form, reveal bool) {
	h.renderMemberForms(w, r, id, status, edit, nil, reveal)
}

// renderMemberForms is renderMember with a rejected standing form.
func (h *handler) renderMemberForms(w http.ResponseWriter, r *http.Request, id int64, status int, edit, standing *Form, reveal bool) {
	h.renderMemberWith(w, r, id, status, memberForms{Edit: edit, Standing: standing}, reveal)
}

// renderMemberWith shows a member with any rejected forms.
func (h *handler) renderMemberWith(w http.ResponseWriter, r *http.Request, id int64, status int, forms memberForms, reveal bool) {
	ctx, a := r.Context(), actor(r)
	m, err := h.set.Members.Get(ctx, a, id, reveal)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &memberData{Page: h.page(r, ""), Member: m,
		CanReveal: !m.Revealed && (a.Can(auth.MemberReveal, m.OrgPath) || a.MemberID() == m.ID),
		Saved:     r.Method == http.MethodGet && r.URL.Query().Get("saved") == "1"}
	d.Page.Title = m.Name
	// The history pages back by event id (newest first), like the member list by member id:
	// "before" is the oldest event of the page above, so every page costs the same.
	before := int64(0)
	if r.Method == http.MethodGet {
		before = queryID(r.URL.Query().Get("before"))
	}
	events, err := h.set.Members.Events(ctx, a, id, before, memberEventsShown+1)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	base := "/members/" + itoa64(id)
	if len(events) > memberEventsShown {
		events = events[:memberEventsShown]
		d.OlderURL = base + "?before=" + itoa64(events[len(events)-1].ID)
	}
	if before != 0 {
		d.NewestURL = base
	}
	d.History = history(d.Page, events)
	if wantsFragment(r, historyTarget) {
		h.fragment(w, r, http.StatusOK, "member", "member_history", d)
		return
	}
	if err := h.memberLifecycle(r, d); err != nil {
		h.fail(w, r, err)
		return
	}
	if member.CanUndoDeparture(a, m) {
		d.Undo = forms.Undo
		if d.Undo == nil {
			d.Undo = newForm(nil)
		}
	}
	// The record of a member who left is history: it shows, and nothing changes it but
	// the undoing of a mistaken departure.
	if a.Can(auth.MemberWrite, m.OrgPath) && !m.HasLeft() {
		d.Standing = forms.Standing
		if d.Standing == nil {
			d.Standing = newForm(url.Values{"on": {today()}})
		}
		d.Departure = forms.Departure
		if d.Departure == nil {
			d.Departure = newForm(url.Values{"on": {today()}})
		}
		d.CanMove = m.Standing != domain.StandingExpelled
		d.Form = forms.Edit
		if d.Form == nil {
			d.Form = memberEditForm(m)
		}
		if d.Branches, d.Groups, err = h.memberOrgOptions(r, a); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, status, "member", d)
}

// memberLifecycle loads the member's standing changes, and for readers of the member's
// branch their transfers and out-flow entries (a plain member reading their own record
// sees the particulars and the standing changes only).
func (h *handler) memberLifecycle(r *http.Request, d *memberData) error {
	ctx, a, m := r.Context(), actor(r), d.Member
	var err error
	if d.StandingChanges, err = h.set.Members.MemberStandingChanges(ctx, a, m.ID, 0, memberLifecycleShown); err != nil {
		return err
	}
	if !a.Can(auth.MemberRead, m.OrgPath) {
		return nil
	}
	if d.Transfers, _, err = h.set.Transfers.List(ctx, a, transfer.Filter{MemberID: m.ID, Limit: memberLifecycleShown}); err != nil {
		return err
	}
	d.Floating, _, err = h.set.Transfers.ListFloating(ctx, a, transfer.FloatingFilter{MemberID: m.ID,
		Direction: domain.FloatingOut, Limit: memberLifecycleShown})
	return err
}

// memberEditForm fills the edit form with a member's values. The personal numbers stay
// empty: the page only knows their masked forms, and an empty field keeps the number.
func memberEditForm(m *domain.Member) *Form {
	v := url.Values{
		"name": {m.Name}, "gender": {m.Gender}, "ethnicity": {m.Ethnicity}, "birth_date": {m.BirthDate.String()},
		"education": {m.Education}, "org_id": {itoa64(m.OrgID)}, "category": {m.Category}, "standing": {m.Standing},
		"joined_on": {m.JoinedOn.String()}, "full_member_on": {m.FullMemberOn.String()}, "job_title": {m.JobTitle},
		"positions": m.Positions,
	}
	if m.GroupID != 0 {
		v.Set("group_id", itoa64(m.GroupID))
	}
	if m.Floating {
		v.Set("floating", "1")
	}
	if m.LostContact {
		v.Set("lost_contact", "1")
	}
	return newForm(v)
}

// historyRow is one event of a member's history, ready to read.
type historyRow struct {
	At      time.Time
	Kind    string
	Actor   string
	Changes []change
}

type change struct{ Field, Before, After string }

// history turns events (whose data is {"before": {...}, "after": {...}}) into rows that
// name each changed field in the user's language.
func history(p *Page, events []domain.MemberEvent) []historyRow {
	rows := make([]historyRow, len(events))
	for i, e := range events {
		rows[i] = historyRow{At: e.At, Kind: p.T("web.event." + e.Kind), Actor: e.Actor}
		var data struct{ Before, After map[string]any }
		if json.Unmarshal([]byte(e.Data), &data) != nil {
			continue
		}
		keys := make([]string, 0, len(data.After))
		for k := range data.After {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if hiddenEventFields[k] {
				continue
			}
			before, after := eventValue(p, k, data.Before[k]), eventValue(p, k, data.After[k])
			if before == after || ((e.Kind == "created" || data.Before == nil) && (after == "" || after == p.T("web.no"))) {
				continue // nothing to read: unchanged in effect, or an empty field of a new record
			}
			rows[i].Changes = append(rows[i].Changes, change{Field: p.T("web.field." + k), Before: before, After: after})
		}
	}
	return rows
}

// eventLabels are the history fields whose values are catalogue labels.
var eventLabels = map[string]string{"gender": "web.gender.", "education": "web.education.", "left_reason": "member.left_reason.",
	"category": "web.member.category.", "standing": "web.member.standing.", "action": "standing.action.",
	"kind": "transfer.kind.", "status": "transfer.status.", "step": "development.step.", "direction": "floating.direction."}

// hiddenEventFields are the references a lifecycle event keeps for the record (the
// transfer, entry or applicant it belongs to, the other ends' ids) that mean nothing to a
// reader; the organisations show by name.
var hiddenEventFields = map[string]bool{"transfer_id": true, "floating_id": true, "applicant_id": true,
	"from_org_id": true, "to_org_id": true, "member_id": true, "detail": true}

// eventValue shows a recorded value: labels translated, flags as yes/no, ids as #n, and
// the personal numbers without the hash suffix the history keeps to notice a change.
func eventValue(p *Page, field string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return p.T("web.yes")
		}
		return p.T("web.no")
	case float64:
		if field != "group_id" && field != "org_id" {
			return strconv.FormatFloat(x, 'f', -1, 64) // a count: days, months
		}
		if x == 0 {
			return ""
		}
		return "#" + strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if prefix, ok := eventLabels[field]; ok {
			return p.Label(prefix, x)
		}
		switch field {
		case "id_number", "phone":
			x, _, _ = strings.Cut(x, "#")
		case "positions":
			if x == "" {
				return ""
			}
			parts := strings.Split(x, ",")
			for i, pos := range parts {
				parts[i] = p.Label("web.position.", pos)
			}
			return strings.Join(parts, "、")
		}
		return x
	case []any:
		// People ({member_id, name}) and file names.
		parts := make([]string, 0, len(x))
		for _, item := range x {
			switch y := item.(type) {
			case string:
				parts = append(parts, y)
			case map[string]any:
				if name, ok := y["name"].(string); ok {
					parts = append(parts, name)
				}
			}
		}
		return strings.Join(parts, "、")
	}
	b, _ := json.Marshal(v)
	return string(b)
}
