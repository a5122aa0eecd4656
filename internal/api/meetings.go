package api

import (
	"net/http"
	"strings"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/meeting"
)

// meetingRequest is the body of POST /meetings. Expected attendees: member_ids, else
// group_id, else the organisation's members. A group meeting planned at a branch names its
// party group in group_id (the meeting then counts for that group).
type meetingRequest struct {
	OrgID      ID     `json:"org_id"`
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	StartsAt   string `json:"starts_at"`
	EndsAt     string `json:"ends_at"`
	Location   string `json:"location"`
	OnlineURL  string `json:"online_url"`
	LecturerID ID     `json:"lecturer_id"`
	Agenda     string `json:"agenda"`
	GroupID    ID     `json:"group_id"`
	MemberIDs  []ID   `json:"member_ids"`
}

// parseStamp reads an RFC 3339 time; an absent one is zero (the service says "required").
func parseStamp(v *domain.Validation, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.Add(field, "api.invalid.timestamp")
	}
	return t
}

func idValue(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func (h *handler) createMeeting(w http.ResponseWriter, r *http.Request) error {
	var req meetingRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := meeting.Input{OrgID: idValue(req.OrgID.required("org_id", v)), Kind: req.Kind, Title: req.Title,
		StartsAt: parseStamp(v, "starts_at", req.StartsAt), EndsAt: parseStamp(v, "ends_at", req.EndsAt),
		Location: req.Location, OnlineURL: req.OnlineURL, Agenda: req.Agenda,
		LecturerID: idValue(req.LecturerID.optional("lecturer_id", v)), GroupID: idValue(req.GroupID.optional("group_id", v))}
	if !req.OrgID.given {
		v.Add("org_id", "err.required")
	}
	for _, id := range req.MemberIDs {
		if n := idValue(id.required("member_ids", v)); n != 0 {
			in.MemberIDs = append(in.MemberIDs, n)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	m, err := h.set.Meetings.Create(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/meetings/"+formatID(m.ID))
	writeJSON(w, http.StatusCreated, viewMeeting(m))
	return nil
}

// listMeetings lists meetings newest first: ?org_id= (a subtree), ?mine=1 (where the
// caller's member is expected).
func (h *handler) listMeetings(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := meeting.ListFilter{OrgID: p.id("org_id"), Mine: p.flag("mine"), BeforeID: p.cursor()}
	limit := p.limit()
	if err := p.err(); err != nil {
		return err
	}
	f.Limit = fetchSize(limit)
	list, err := h.set.Meetings.List(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	list, more := trimPage(list, limit)
	items := make([]meetingView, len(list))
	for i := range list {
		items[i] = viewMeeting(&list[i])
	}
	next := ""
	if more && len(list) > 0 {
		next = encodeCursor(list[len(list)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (h *handler) getMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	m, err := h.set.Meetings.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewMeeting(m))
	return nil
}

func (h *handler) cancelMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	m, err := h.set.Meetings.Cancel(r.Context(), actor(r), id, req.Reason)
	if err != nil {
		return err
	}
	m.QRKey = ""
	writeJSON(w, http.StatusOK, viewMeeting(m))
	return nil
}

func (h *handler) rescheduleMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req struct {
		StartsAt  string  `json:"starts_at"`
		EndsAt    string  `json:"ends_at"`
		Location  *string `json:"location"`
		OnlineURL *string `json:"online_url"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	starts, ends := parseStamp(v, "starts_at", req.StartsAt), parseStamp(v, "ends_at", req.EndsAt)
	if err := v.Err(); err != nil {
		return err
	}
	m, err := h.set.Meetings.Reschedule(r.Context(), actor(r), id, starts, ends, req.Location, req.OnlineURL)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewMeeting(m))
	return nil
}

// requestLeave records the caller's own leave request (请假) before the start.
func (h *handler) requestLeave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	a, err := h.set.Meetings.RequestLeave(r.Context(), actor(r), id, req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, viewAttendee(a))
	return nil
}

// getMeetingQR is the token the secretary's screen shows now (as a QR code) and when it
// rotates.
func (h *handler) getMeetingQR(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	token, expires, err := h.set.Meetings.QRToken(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Token     string `json:"token"`
		ExpiresAt stamp  `json:"expires_at"`
	}{token, stamp(expires)})
	return nil
}

// checkIn checks the caller in: 201 the first time, 200 with the same record on a repeat.
func (h *handler) checkIn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req struct {
		Code string `json:"code"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	c, created, err := h.set.Meetings.CheckIn(r.Context(), actor(r), id, req.Code)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, viewCheckin(c))
	return nil
}

func (h *handler) getAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	s, err := h.set.Meetings.Attendance(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewAttendance(s))
	return nil
}

// recordAttendance records or corrects attendance (补录), audited by the service.
func (h *handler) recordAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req struct {
		MemberIDs []ID   `json:"member_ids"`
		Status    string `json:"status"`
		Note      string `json:"note"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := meeting.RecordInput{Status: req.Status, Note: req.Note}
	for _, mid := range req.MemberIDs {
		if n := idValue(mid.required("member_ids", v)); n != 0 {
			in.MemberIDs = append(in.MemberIDs, n)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	s, err := h.set.Meetings.RecordAttendance(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewAttendance(s))
	return nil
}
