package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// studyProgress is what the progress bar shows; the heartbeat answers with it.
type studyProgress struct {
	CourseID   int64
	Seconds    int
	MinSeconds int
	Percent    int
	Completed  bool
}

type studyCourseData struct {
	*Page
	Course     *domain.Course
	Progress   studyProgress
	MinMinutes int                // the minimum study time, rounded up to whole minutes
	Member     bool               // only a member's reading is counted, so only then the heartbeat runs
	File       *domain.CourseFile // the uploaded document of a document course, nil when none
}

// showCourse is the course reader: the article, or a link to the document or video. While
// the page is visible, htmx posts a heartbeat every 15 s (see study_partials.html).
func (h *handler) showCourse(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := actor(r)
	c, err := h.set.Study.Course(r.Context(), a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &studyCourseData{Page: h.page(r, "web.study.course.title"), Course: c, Member: a.MemberID() != 0, MinMinutes: (c.MinSeconds + 59) / 60,
		Progress: studyProgress{CourseID: c.ID, MinSeconds: c.MinSeconds}}
	d.Title = c.Title
	if d.File, err = h.set.Study.CourseFileInfo(r.Context(), a, c.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	// The list carries the caller's progress; a course page is opened from it, so one more
	// read of the (short) list is the simplest way to show where the reader stands.
	if items, err := h.set.Study.Courses(r.Context(), a); err == nil {
		for _, it := range items {
			if it.ID == c.ID && it.Progress != nil {
				d.Progress.Seconds = it.Progress.Seconds
				d.Progress.Completed = it.Progress.CompletedAt != nil
			}
		}
	}
	d.Progress.Percent = studyPercent(d.Progress.Seconds, c.MinSeconds)
	h.html(w, r, http.StatusOK, "study_course", d)
}
