package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/meeting"
)

func (h *handler) getMinutes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	mv, err := h.set.Meetings.GetMinutes(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewMinutes(mv.Minutes, mv.Attendance))
	return nil
}

// putMinutes writes the whole text of the minutes as a draft.
func (h *handler) putMinutes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req struct {
		RecorderID ID     `json:"recorder_id"`
		Content    string `json:"content"`
		Decisions  string `json:"decisions"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := meeting.MinutesInput{RecorderID: idValue(req.RecorderID.optional("recorder_id", v)), Content: req.Content, Decisions: req.Decisions}
	if err := v.Err(); err != nil {
		return err
	}
	mn, err := h.set.Meetings.SaveMinutes(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewMinutes(mn, nil))
	return nil
}

func (h *handler) submitMinutes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	if err := decodeOptionalJSON(r, &struct{}{}); err != nil {
		return err
	}
	mn, err := h.set.Meetings.Submit(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewMinutes(mn, nil))
	return nil
}

func (h *handler) approveMinutes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	if err := decodeOptionalJSON(r, &struct{}{}); err != nil {
		return err
	}
	mn, err := h.set.Meetings.Approve(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewMinutes(mn, nil))
	return nil
}

func (h *handler) returnMinutes(w http.ResponseWriter, r *http.Request) error {
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
	mn, err := h.set.Meetings.Return(r.Context(), actor(r), id, req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewMinutes(mn, nil))
	return nil
}

// addMinutesAttachment stores one photo or file of the draft minutes, sent as multipart
// with the file in the part "file": 201 with it.
func (h *handler) addMinutesAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	file, err := readUploadedFile(w, r, domain.MaxMeetingAttachmentSize, "err.meeting.file_size")
	if err != nil {
		return err
	}
	f, err := h.set.Meetings.AddAttachment(r.Context(), actor(r), id, file.Name, file.ContentType, file.Data)
	if err != nil {
		return err
	}
	v := viewMeetingAttachment(f)
	w.Header().Set("Location", v.URL)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// getMinutesAttachment serves one file of the minutes to whoever may read them.
func (h *handler) getMinutesAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	fileID, bad := parseID(r.PathValue("attachment_id"))
	if bad {
		return domain.NotFound("meeting_attachment")
	}
	f, content, err := h.set.Meetings.Attachment(r.Context(), actor(r), id, fileID)
	if err != nil {
		return err
	}
	writeStoredFile(w, f.ContentType, f.FileName, content)
	return nil
}
