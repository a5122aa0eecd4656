package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/meeting"
)

// The member's meeting pages (phone-first): 我的会议 with my status, the check-in page a
// scanned QR code opens (one tap) or where the 6-digit code is typed, and the leave request.

type myMeetingsData struct {
	*Page
	Upcoming []meeting.MyMeeting // not ended, not cancelled, soonest first
	Rows     []meeting.MyMeeting // the others, newest first
}

// listMyMeetings is 我的会议: first the meetings still to come (or under way) that the member
// is expected at, then the others.
func (h *handler) listMyMeetings(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	upcoming, err := h.set.Meetings.MyUpcoming(ctx, a, 20)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rows, err := h.set.Meetings.MyMeetings(ctx, a, 50)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	shown := map[int64]bool{}
	for _, m := range upcoming {
		shown[m.ID] = true
	}
	d := &myMeetingsData{Page: h.page(r, "web.my_meetings.title"), Upcoming: upcoming}
	for _, m := range rows {
		if !shown[m.ID] {
			d.Rows = append(d.Rows, m)
		}
	}
	h.html(w, r, http.StatusOK, "my_meetings", d)
}

type checkinData struct {
	*Page
	Meeting  *domain.Meeting
	Code     string
	MyStatus string
	Mine     *domain.Attendee // the caller's own line; nil when not expected
	Error    string
	Done     bool
}

// showCheckin is the check-in page; ?code= (from the QR code) fills the code in.
func (h *handler) showCheckin(w http.ResponseWriter, r *http.Request) {
	h.renderCheckin(w, r, http.StatusOK, r.URL.Query().Get("code"), "", r.URL.Query().Get("done") == "1")
}

func (h *handler) renderCheckin(w http.ResponseWriter, r *http.Request, status int, code, errKey string, done bool) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := actor(r)
	m, err := h.set.Meetings.Get(r.Context(), a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &checkinData{Page: h.page(r, "web.checkin.title"), Meeting: m, Code: code, Done: done}
	if mine, err := h.set.Meetings.MyAttendance(r.Context(), a, id); err == nil {
		d.Mine, d.MyStatus = mine, mine.Status
	}
	if errKey != "" {
		d.Error = d.T(errKey)
	}
	h.html(w, r, status, "checkin", d)
}

func (h *handler) checkIn(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, _, err := h.set.Meetings.CheckIn(r.Context(), actor(r), id, f.Get("code")); err != nil {
		e, ok := domain.AsError(err)
		if !ok || statusOf(e.Code) >= 500 || e.Code == domain.EUnauthorized {
			h.fail(w, r, err)
			return
		}
		// Wrong code, closed window, not expected: the member reads why on the same page.
		h.renderCheckin(w, r, statusOf(e.Code), f.Get("code"), e.Message, false)
		return
	}
	h.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/checkin?done=1")
}

func (h *handler) requestLeave(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.set.Meetings.RequestLeave(r.Context(), actor(r), id, f.Get("reason")); err != nil {
		if e, ok := domain.AsError(err); ok && e.Code != domain.EUnauthorized && statusOf(e.Code) < 500 {
			h.renderCheckin(w, r, statusOf(e.Code), "", e.Message, false)
			return
		}
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/my/meetings")
}

// isMeetingOfficer reports whether the user holds a role that plans meetings or decides
// minutes somewhere: nav only; the meeting service decides what they may do.
func isMeetingOfficer(a *auth.Actor) bool {
	if a == nil || a.User == nil {
		return false
	}
	if a.IsAdmin() {
		return true
	}
	for _, g := range a.User.Grants {
		switch g.Role {
		case domain.RoleOrgAdmin, domain.RoleSecretary, domain.RoleCommitteeMember:
			return true
		}
	}
	return false
}
