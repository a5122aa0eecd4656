package web

// Study pages (我的学习): a member's courses, the course reader with its heartbeat, exams,
// the exam sitting, its result and a contest's leaderboard. study_partials.html holds the
// progress bar the heartbeat swaps.
var studyTemplates = map[string][]string{
	"study_courses":     {"study_courses.html", "study_partials.html"},
	"study_course":      {"study_course.html", "study_partials.html"},
	"study_exams":       {"study_exams.html", "study_partials.html"},
	"study_attempt":     {"study_attempt.html", "study_partials.html"},
	"study_result":      {"study_result.html", "study_partials.html"},
	"study_leaderboard": {"study_leaderboard.html", "study_partials.html"},
}

func init() {
	for k, v := range studyTemplates {
		pageTemplates[k] = v
	}
}

// studyPercent is how far a reader is through a course, 0–100, for the progress bar.
func studyPercent(seconds, minSeconds int) int {
	if minSeconds <= 0 || seconds >= minSeconds {
		return 100
	}
	return seconds * 100 / minSeconds
}
