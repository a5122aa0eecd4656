package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/org"
	"dangjian/internal/store"
)

// The secretary's meeting pages: the list per organisation, the plan form, the meeting page
// with live attendance and 补录, the full-screen QR view, cancel and reschedule.

type meetingsData struct {
	*Page
	OrgID     int64
	Meetings  []domain.Meeting
	Form      *Form
	Kinds     []Option
	Groups    []Option         // the party groups of the organisation, for group meetings
	Reminders []store.Reminder // the organisation's open compliance reminders
}

// attendanceTarget is the block the meeting page and the QR screen poll for live counts.
const attendanceTarget = "meeting-attendance"

// qrTarget is the block of the QR screen that swaps in the current token every few seconds.
const qrTarget = "meeting-qr"

func (h *handler) listMeetings(w http.ResponseWriter, r *http.Request) {
	h.renderMeetings(w, r, http.StatusOK, newForm(r.URL.Query()))
}

func (h *handler) renderMeetings(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	orgID := queryID(r.URL.Query().Get("org"))
	if orgID == 0 {
		orgID = queryID(f.Get("org_id"))
	}
	list, err := h.set.Meetings.List(r.Context(), actor(r), meeting.ListFilter{OrgID: orgID, Limit: 100})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.page(r, "web.meetings.title")
	if f.Get("org_id") == "" && orgID != 0 {
		f.Values.Set("org_id", strconv.FormatInt(orgID, 10))
	}
	d := &meetingsData{Page: p, OrgID: orgID, Meetings: list, Form: f, Kinds: p.Choices("meeting.kind.", domain.MeetingKinds)}
	if orgID != 0 {
		if d.Reminders, err = h.orgReminders(r, orgID); err != nil {
			h.fail(w, r, err)
			return
		}
		if d.Groups, err = h.partyGroups(r, orgID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, status, "meetings", d)
}

// orgReminders are the open compliance reminders of an organisation and those below it for
// the reminders partial; none for a caller who may not read the organisation (a member
// opening their branch's meetings).
func (h *handler) orgReminders(r *http.Request, orgID int64) ([]store.Reminder, error) {
	if h.set.Compliance == nil {
		return nil, nil
	}
	list, err := h.set.Compliance.OrgReminders(r.Context(), actor(r), orgID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, nil
	}
	return list, err
}

// partyGroups lists the party groups directly below an organisation as options (value: id).
func (h *handler) partyGroups(r *http.Request, orgID int64) ([]Option, error) {
	groups, err := h.set.Orgs.List(r.Context(), actor(r), org.Filter{ParentID: orgID, Type: domain.OrgGroup, Limit: 200})
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, nil
	}
	var out []Option
	for _, g := range groups {
		out = append(out, Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Name})
	}
	return out, err
}

// shanghaiInput reads a datetime-local input as Shanghai time; a bad value is the zero time,
// which the service reports as missing.
func shanghaiInput(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), shanghai)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func (h *handler) createMeeting(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := meeting.Input{OrgID: queryID(f.Get("org_id")), Kind: f.Get("kind"), Title: f.Get("title"),
		StartsAt: shanghaiInput(f.Get("starts_at")), EndsAt: shanghaiInput(f.Get("ends_at")),
		Location: f.Get("location"), OnlineURL: f.Get("online_url"), LecturerID: queryID(f.Get("lecturer_id")),
		Agenda: f.Get("agenda"), GroupID: queryID(f.Get("group_id"))}
	m, err := h.set.Meetings.Create(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e)
			h.renderMeetings(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/meetings/"+strconv.FormatInt(m.ID, 10))
}

type meetingData struct {
	*Page
	Meeting    *domain.Meeting
	Attendance *domain.AttendanceSummary
	Manage     bool
	Minutes    *domain.Minutes
	QRToken    string
	Form       *Form
}

// loadMeeting reads the meeting and its attendance for the meeting page and its fragments.
func (h *handler) loadMeeting(w http.ResponseWriter, r *http.Request, titleKey string) (*meetingData, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	m, err := h.set.Meetings.Get(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	att, err := h.set.Meetings.Attendance(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	d := &meetingData{Page: h.page(r, titleKey), Meeting: m, Attendance: att, Manage: m.CheckinCode != "",
		Form: newForm(nil)}
	if d.Title == "" {
		d.Title = m.Title
	}
	if mv, err := h.set.Meetings.GetMinutes(r.Context(), actor(r), id); err == nil {
		d.Minutes = mv.Minutes
	}
	return d, true
}

func (h *handler) showMeeting(w http.ResponseWriter, r *http.Request) {
	d, ok := h.loadMeeting(w, r, "")
	if !ok {
		return
	}
	if wantsFragment(r, attendanceTarget) {
		h.fragment(w, r, http.StatusOK, "meeting", "meeting_attendance", d)
		return
	}
	h.html(w, r, http.StatusOK, "meeting", d)
}

// showMeetingQR is the full-screen check-in view: the rotating QR token (as an image that
// htmx refreshes) and the 6-digit code in large digits, with the live counts below.
func (h *handler) showMeetingQR(w http.ResponseWriter, r *http.Request) {
	d, ok := h.loadMeeting(w, r, "")
	if !ok {
		return
	}
	tok, _, err := h.set.Meetings.QRToken(r.Context(), actor(r), d.Meeting.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.QRToken = tok
	switch {
	case wantsFragment(r, qrTarget):
		h.fragment(w, r, http.StatusOK, "meeting_qr", "meeting_qr_image", d)
	case wantsFragment(r, attendanceTarget):
		h.fragment(w, r, http.StatusOK, "meeting_qr", "meeting_attendance", d)
	default:
		h.html(w, r, http.StatusOK, "meeting_qr", d)
	}
}

// checkinURL is what the QR code holds: the member's check-in page with the token, so a
// phone camera opens it and one tap checks in.
func (h *handler) checkinURL(r *http.Request, id int64, token string) string {
	return h.requestBase(r) + "/meetings/" + strconv.FormatInt(id, 10) + "/checkin?code=" + token
}

// showMeetingQRImage serves the PNG of the current QR token (managers only: QRToken checks).
func (h *handler) showMeetingQRImage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tok, _, err := h.set.Meetings.QRToken(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	png, err := qrcode.Encode(h.checkinURL(r, id, tok), qrcode.Medium, 384)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "image/png")
	hdr.Set("Content-Length", strconv.Itoa(len(png)))
	hdr.Set("Cache-Control", "no-store") // the token rotates; a cached one would not check in
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(png)
}

// recordAttendance is 补录: the secretary sets the status of checked members.
func (h *handler) recordAttendance(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.Meetings.RecordAttendance(r.Context(), actor(r), id, meeting.RecordInput{
		MemberIDs: idList(f.Values["member_id"]), Status: f.Get("status"), Note: f.Get("note")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10))
}

func (h *handler) cancelMeeting(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Meetings.Cancel(r.Context(), actor(r), id, f.Get("reason")); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10))
}

func (h *handler) rescheduleMeeting(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.Meetings.Reschedule(r.Context(), actor(r), id, shanghaiInput(f.Get("starts_at")),
		shanghaiInput(f.Get("ends_at")), f.str("location"), f.str("online_url"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10))
}
