package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/study"
)

// The study endpoints answer with the study package's own JSON shapes (documented in
// openapi.yaml): they carry ids as strings already, and an attempt's questions have no
// answer field at all.

func (h *handler) listCourses(w http.ResponseWriter, r *http.Request) error {
	list, err := h.set.Study.Courses(r.Context(), actor(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, ""))
	return nil
}

func (h *handler) createCourse(w http.ResponseWriter, r *http.Request) error {
	var in study.CourseInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	c, err := h.set.Study.CreateCourse(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/courses/"+formatID(c.ID))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// courseProgress records a study heartbeat of the caller: {seconds} since the previous one.
func (h *handler) courseProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	var req struct {
		Seconds int `json:"seconds"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	res, err := h.set.Study.Progress(r.Context(), actor(r), id, req.Seconds)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// getCourseRates is the completion of a required course per organisation under ?org_id=.
func (h *handler) getCourseRates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	p := queryParams(r)
	orgID := p.requiredID("org_id")
	if err := p.err(); err != nil {
		return err
	}
	res, err := h.set.Study.CourseRates(r.Context(), actor(r), id, orgID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// listQuestions lists the bank the caller manages, with answers; ?tags=a,b filters.
func (h *handler) listQuestions(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	tags := p.text("tags")
	if err := p.err(); err != nil {
		return err
	}
	var list []string
	if tags != "" {
		list = strings.Split(tags, ",")
	}
	qs, err := h.set.Study.Questions(r.Context(), actor(r), list)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(qs, ""))
	return nil
}

func (h *handler) createQuestion(w http.ResponseWriter, r *http.Request) error {
	var in study.QuestionInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	x, err := h.set.Study.CreateQuestion(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, x)
	return nil
}

// importQuestions reads an .xlsx (multipart part "file") into the bank of ?org_id=, all or
// nothing: 200 with {imported, errors}, or 422 with the row errors under "errors".
func (h *handler) importQuestions(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID := p.requiredID("org_id")
	if err := p.err(); err != nil {
		return err
	}
	tooBig := fileRefused("roster.file.too_big", 20)
	part, err := filePart(w, r, 20<<20, tooBig)
	if err != nil {
		return err
	}
	res, err := h.set.Study.ImportQuestions(r.Context(), actor(r), orgID, uploadReader{r: part, tooBig: tooBig})
	if err != nil && res != nil && len(res.Errors) > 0 {
		// Row errors: 422 naming each row and column ("row 3 题干"), in the caller's language.
		detail, status := h.errorOf(r, err)
		locale := i18n.FromRequest(r)
		detail.Fields = map[string]string{}
		for _, re := range res.Errors {
			detail.Fields[fmt.Sprintf("row %d %s", re.Row, re.Column)] = h.set.I18n.T(locale, re.Message, re.Args...)
		}
		writeJSON(w, status, errorBody{Error: detail})
		return nil
	}
	if err != nil {
		return asFileError(err)
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": res.Imported})
	return nil
}

func (h *handler) listExams(w http.ResponseWriter, r *http.Request) error {
	list, err := h.set.Study.Exams(r.Context(), actor(r))
	if err != nil {
		return err
	}
	items := make([]examView, len(list))
	for i := range list {
		items[i] = viewExam(&list[i])
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

// examRequest is study.ExamInput with ids as API.md writes them (strings).
type examRequest struct {
	OrgID            ID       `json:"org_id"`
	Title            string   `json:"title"`
	QuestionIDs      []ID     `json:"question_ids"`
	Tags             []string `json:"tags"`
	RandomCount      int      `json:"random_count"`
	TimeLimitSeconds int      `json:"time_limit_seconds"`
	PassMark         int      `json:"pass_mark"`
	MaxAttempts      int      `json:"max_attempts"`
	Shuffle          bool     `json:"shuffle"`
	Contest          bool     `json:"contest"`
	OpensAt          *string  `json:"opens_at"` // RFC 3339; null or "" for no bound
	ClosesAt         *string  `json:"closes_at"`
}

// optionalStampInput is parseStamp for an optional bound: nil when missing, null or "".
func optionalStampInput(v *domain.Validation, field string, s *string) *time.Time {
	if s == nil {
		return nil
	}
	t := parseStamp(v, field, *s)
	if t.IsZero() {
		return nil
	}
	return &t
}

func (h *handler) createExam(w http.ResponseWriter, r *http.Request) error {
	var req examRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := study.ExamInput{OrgID: idValue(req.OrgID.required("org_id", v)), Title: req.Title, Tags: req.Tags,
		RandomCount: req.RandomCount, TimeLimitSeconds: req.TimeLimitSeconds, PassMark: req.PassMark,
		MaxAttempts: req.MaxAttempts, Shuffle: req.Shuffle, Contest: req.Contest,
		OpensAt: optionalStampInput(v, "opens_at", req.OpensAt), ClosesAt: optionalStampInput(v, "closes_at", req.ClosesAt)}
	if !req.OrgID.given {
		v.Add("org_id", "err.required")
	}
	for _, id := range req.QuestionIDs {
		if n := idValue(id.required("question_ids", v)); n != 0 {
			in.QuestionIDs = append(in.QuestionIDs, n)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	e, err := h.set.Study.CreateExam(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/exams/"+formatID(e.ID))
	writeJSON(w, http.StatusCreated, viewExam(e))
	return nil
}

// startAttempt starts the caller's attempt: the questions without their answers.
func (h *handler) startAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "exam")
	if err != nil {
		return err
	}
	if err := decodeOptionalJSON(r, &struct{}{}); err != nil {
		return err
	}
	v, err := h.set.Study.StartAttempt(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// submitAttempt scores the caller's attempt: {answers: {question_id: [keys]}}.
func (h *handler) submitAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "attempt")
	if err != nil {
		return err
	}
	var req struct {
		Answers map[string][]string `json:"answers"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	answers := make(map[int64][]string, len(req.Answers))
	for k, v := range req.Answers {
		qid, bad := parseID(k)
		if bad {
			return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"answers": "api.invalid.id"}}
		}
		answers[qid] = v
	}
	res, err := h.set.Study.Submit(r.Context(), actor(r), id, answers)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (h *handler) getExamLeaderboard(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "exam")
	if err != nil {
		return err
	}
	p := queryParams(r)
	limit := p.limit()
	if err := p.err(); err != nil {
		return err
	}
	rows, err := h.set.Study.Leaderboard(r.Context(), actor(r), id, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rows, ""))
	return nil
}

// examView is an exam: the configuration, never answers.
type examView struct {
	ID               jsonID   `json:"id"`
	OrgID            jsonID   `json:"org_id"`
	Title            string   `json:"title"`
	QuestionCount    int      `json:"question_count"`
	Tags             []string `json:"tags"`
	TimeLimitSeconds int      `json:"time_limit_seconds"`
	PassMark         int      `json:"pass_mark"`
	MaxAttempts      int      `json:"max_attempts"`
	Shuffle          bool     `json:"shuffle"`
	Contest          bool     `json:"contest"`
	OpensAt          *stamp   `json:"opens_at"`
	ClosesAt         *stamp   `json:"closes_at"`
	CreatedBy        string   `json:"created_by"`
	CreatedAt        stamp    `json:"created_at"`
}

func viewExam(e *domain.Exam) examView {
	n := len(e.QuestionIDs)
	if n == 0 {
		n = e.RandomCount
	}
	tags := e.Tags
	if tags == nil {
		tags = []string{}
	}
	return examView{ID: jsonID(e.ID), OrgID: jsonID(e.OrgID), Title: e.Title, QuestionCount: n, Tags: tags,
		TimeLimitSeconds: e.TimeLimitSeconds, PassMark: e.PassMark, MaxAttempts: e.MaxAttempts, Shuffle: e.Shuffle,
		Contest: e.Contest, OpensAt: stampOf(e.OpensAt), ClosesAt: stampOf(e.ClosesAt), CreatedBy: e.CreatedBy,
		CreatedAt: stamp(e.CreatedAt)}
}
