package api

import (
	"bytes"
	"io"
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
	tooBig := &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"file": "err.meeting.file_size"}}
	mr, err := multipartReader(w, r, domain.MaxMeetingAttachmentSize+1<<20)
	if err != nil {
		return err
	}
	for {
		part, err := nextPart(mr, tooBig)
		if err != nil {
			return err
		}
		if part == nil {
			return missingPart("file")
		}
		if part.FormName() != "file" {
			continue
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, io.LimitReader(uploadReader{r: part, tooBig: tooBig}, domain.MaxMeetingAttachmentSize+1)); err != nil {
			return err
		}
		f, err := h.set.Meetings.AddAttachment(r.Context(), actor(r), id, part.FileName(), part.Header.Get("Content-Type"), buf.Bytes())
		if err != nil {
			return err
		}
		v := viewMeetingAttachment(f)
		w.Header().Set("Location", v.URL)
		writeJSON(w, http.StatusCreated, v)
		return nil
	}
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
	ct := f.ContentType
	if !domain.Contains(servedTypes, ct) {
		ct = "application/octet-stream"
	}
	writeFile(w, ct, f.FileName, content)
	return nil
}
