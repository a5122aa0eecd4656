package web

import (
	"net/http"

	"dangjian/internal/study"
)

// studyCourseRow is a course of 我的学习 with the caller's progress as a percentage.
type studyCourseRow struct {
	study.CourseItem
	Percent   int
	Completed bool
}

type studyCoursesData struct {
	*Page
	Rows []studyCourseRow
}

// listCourses is 我的学习: the courses assigned to the member (required ones badged with
// their due date) with a progress bar each.
func (h *handler) listCourses(w http.ResponseWriter, r *http.Request) {
	items, err := h.set.Study.Courses(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &studyCoursesData{Page: h.page(r, "web.study.title")}
	for _, it := range items {
		row := studyCourseRow{CourseItem: it}
		if it.Progress != nil {
			row.Percent = studyPercent(it.Progress.Seconds, it.MinSeconds)
			row.Completed = it.Progress.CompletedAt != nil
		}
		d.Rows = append(d.Rows, row)
	}
	h.html(w, r, http.StatusOK, "study_courses", d)
}
