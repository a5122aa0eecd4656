package web

import (
	"net/http"
	"slices"
	"strconv"

	"dangjian/internal/domain"
)

// questionBankLimit is how many questions the bank page shows at once; filters narrow it.
const questionBankLimit = 200

type questionBankData struct {
	*Page
	Questions []domain.Question
	Total     int // matching the filter, before the page limit
	Tags      []string
	Kinds     []Option
	Tag, Kind string
	OrgNames  map[int64]string
	Imported  int // questions just imported (the import redirects here)
}

// listQuestionBank is 学习管理 · 题库: the questions of the banks the user manages, filtered
// by ?tag= and ?kind=, with their answers (managers write them).
func (h *handler) listQuestionBank(w http.ResponseWriter, r *http.Request) {
	if !h.requireStudyManager(w, r) {
		return
	}
	ctx, a := r.Context(), actor(r)
	qs := r.URL.Query()
	all, err := h.set.Study.Questions(ctx, a, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.page(r, "web.study.manage.questions.title")
	d := &questionBankData{Page: p, Tag: qs.Get("tag"), Kind: qs.Get("kind"), Kinds: p.Choices("web.study.question.", domain.QuestionKinds),
		OrgNames: map[int64]string{}}
	d.Imported, _ = strconv.Atoi(qs.Get("imported"))
	for i := len(all) - 1; i >= 0; i-- { // newest first
		x := all[i]
		for _, t := range x.Tags {
			if !slices.Contains(d.Tags, t) {
				d.Tags = append(d.Tags, t)
			}
		}
		if (d.Tag != "" && !slices.Contains(x.Tags, d.Tag)) || (d.Kind != "" && x.Kind != d.Kind) {
			continue
		}
		d.Total++
		if len(d.Questions) < questionBankLimit {
			d.Questions = append(d.Questions, x)
		}
	}
	slices.Sort(d.Tags)
	_, orgs, err := h.managedOrgOptions(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for id, o := range orgs {
		d.OrgNames[id] = o.Name
	}
	h.html(w, r, http.StatusOK, "study_manage_questions", d)
}
