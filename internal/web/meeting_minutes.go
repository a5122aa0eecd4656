package web

import (
	"io"
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/store"
)

// Minutes: the secretary's editor (recorder, content, decisions, attachments, submit) and the
// upper organisation's approval list with approve and return.

type minutesData struct {
	*Page
	Meeting  *domain.Meeting
	View     *meeting.MinutesView
	Form     *Form
	Editable bool
	Decide   bool
}

func (h *handler) showMinutes(w http.ResponseWriter, r *http.Request) {
	h.renderMinutes(w, r, http.StatusOK, nil)
}

func (h *handler) renderMinutes(w http.ResponseWriter, r *http.Request, status int, f *Form) {
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
	d := &minutesData{Page: h.page(r, "web.minutes.title"), Meeting: m}
	v, err := h.set.Meetings.GetMinutes(r.Context(), a, id)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		h.fail(w, r, err)
		return
	}
	d.View = v
	if f == nil {
		f = newForm(nil)
		if v != nil {
			f.Values.Set("recorder_id", strconv.FormatInt(v.Minutes.RecorderID, 10))
			f.Values.Set("content", v.Minutes.Content)
			f.Values.Set("decisions", v.Minutes.Decisions)
		}
	}
	d.Form = f
	st := ""
	if v != nil {
		st = v.Minutes.Status
	}
	d.Editable = m.CheckinCode != "" && (st == "" || st == domain.MinutesDraft || st == domain.MinutesReturned)
	d.Decide = st == domain.MinutesSubmitted && m.CheckinCode == "" || st == domain.MinutesSubmitted && !d.Editable
	h.html(w, r, status, "meeting_minutes", d)
}

func (h *handler) saveMinutes(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.Meetings.SaveMinutes(r.Context(), actor(r), id, meeting.MinutesInput{
		RecorderID: queryID(f.Get("recorder_id")), Content: f.Get("content"), Decisions: f.Get("decisions")})
	if err == nil && f.Get("submit") == "1" {
		_, err = h.set.Meetings.Submit(r.Context(), actor(r), id)
	}
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e)
			h.renderMinutes(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/minutes")
}

// addMinutesAttachment takes one uploaded file (multipart) into the draft minutes.
func (h *handler) addMinutesAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, domain.MaxMeetingAttachmentSize+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		h.fail(w, r, domain.Errorf(domain.EInvalid, "err.invalid"))
		return
	}
	defer file.Close()
	content, err := io.ReadAll(file)
	if err != nil {
		h.fail(w, r, domain.Errorf(domain.EInvalid, "err.invalid"))
		return
	}
	if _, err := h.set.Meetings.AddAttachment(r.Context(), actor(r), id, hdr.Filename, hdr.Header.Get("Content-Type"), content); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/minutes")
}

func (h *handler) downloadMinutesAttachment(w http.ResponseWriter, r *http.Request) {
	id, fid, err := fileRoute(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	att, content, err := h.set.Meetings.Attachment(r.Context(), actor(r), id, fid)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendFile(w, "application/octet-stream", att.FileName, content)
}

func (h *handler) approveMinutes(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.set.Meetings.Approve(r.Context(), actor(r), id); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/minutes/approvals")
}

func (h *handler) returnMinutes(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Meetings.Return(r.Context(), actor(r), id, f.Get("reason")); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/minutes/approvals")
}

type minutesApprovalsData struct {
	*Page
	Items []store.MinutesForReview
}

// listMinutesApprovals lists the submitted minutes the caller may decide: meetings in the
// organisations below the caller's whose minutes wait (one query; the service decides).
func (h *handler) listMinutesApprovals(w http.ResponseWriter, r *http.Request) {
	rows, err := h.set.Meetings.MinutesToReview(r.Context(), actor(r), 200)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &minutesApprovalsData{Page: h.page(r, "web.minutes.approvals_title"), Items: rows}
	h.html(w, r, http.StatusOK, "minutes_approvals", d)
}
