package study

import (
	"context"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// QuestionInput creates a question of the bank. True/false questions get the options T and
// F; their answer is "T" or "F".
type QuestionInput struct {
	OrgID   int64                   `json:"org_id,string"`
	Kind    string                  `json:"kind"`
	Stem    string                  `json:"stem"`
	Options []domain.QuestionOption `json:"options"`
	Answer  []string                `json:"answer"`
	Tags    []string                `json:"tags"`
}

func (in QuestionInput) question() (*domain.Question, map[string]string) {
	x := &domain.Question{OrgID: in.OrgID, Kind: in.Kind, Stem: strings.TrimSpace(in.Stem), Answer: in.Answer, Tags: cleanTags(in.Tags)}
	for _, o := range in.Options {
		x.Options = append(x.Options, domain.QuestionOption{Key: strings.ToUpper(strings.TrimSpace(o.Key)), Text: strings.TrimSpace(o.Text)})
	}
	bad := x.Check()
	if len([]rune(x.Stem)) > 2000 {
		bad["stem"] = "err.too_long"
	}
	return x, bad
}

func cleanTags(tags []string) []string {
	out := []string{}
	for _, t := range tags {
		t = strings.TrimSpace(strings.ReplaceAll(t, "|", ""))
		if t != "" && !domain.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// CreateQuestion adds a question to the bank of an organisation.
// Who: org_admin or secretary over the organisation. Errors: EForbidden, EInvalid.
func (s *Service) CreateQuestion(ctx context.Context, a *auth.Actor, in QuestionInput) (*domain.Question, error) {
	x, bad := in.question()
	if len(bad) > 0 {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad}
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := loadOrg(ctx, q, in.OrgID)
		if err != nil {
			return err
		}
		if !canManage(a, o.Path) {
			return domain.Forbidden()
		}
		x.OrgPath = o.Path
		if err := q.InsertQuestions(ctx, []*domain.Question{x}); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "study.question.create", "question", x.ID, o.Path, nil, x)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// Questions lists the bank in the actor's managed scope (with answers: managers write the
// questions), optionally only those carrying any of tags.
func (s *Service) Questions(ctx context.Context, a *auth.Actor, tags []string) ([]domain.Question, error) {
	return s.DB.Read().Questions(ctx, store.QuestionFilter{Scopes: managedScopes(a), Tags: cleanTags(tags)})
}

// RowError is one problem of one row of an import: the spreadsheet row (header = 1), the
// column as the file wrote it, and a message key with its arguments (as in the roster import).
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
	Args    []any  `json:"args,omitempty"`
}

// ImportResult is what an import did: all rows, or none when any row has an error.
type ImportResult struct {
	Imported int        `json:"imported"` // on a dry run: how many the import would add
	Errors   []RowError `json:"errors"`
	DryRun   bool       `json:"dry_run"`
}

// maxImportRows bounds one import; a bank is built in parts beyond that.
const maxImportRows = 5000

// import columns: the header names accepted (Chinese as in the template, or English).
var importColumns = map[string]string{
	"题型": "kind", "kind": "kind", "题干": "stem", "stem": "stem", "答案": "answer", "answer": "answer",
	"标签": "tags", "tags": "tags",
	"选项a": "A", "选项b": "B", "选项c": "C", "选项d": "D", "选项e": "E", "选项f": "F",
	"option a": "A", "option b": "B", "option c": "C", "option d": "D", "option e": "E", "option f": "F",
}

var kindNames = map[string]string{
	"单选": domain.QuestionSingle, "单选题": domain.QuestionSingle, "single": domain.QuestionSingle,
	"多选": domain.QuestionMultiple, "多选题": domain.QuestionMultiple, "multiple": domain.QuestionMultiple,
	"判断": domain.QuestionTrueFal, "判断题": domain.QuestionTrueFal, "true_false": domain.QuestionTrueFal,
}

var trueFalseNames = map[string]string{
	"对": "T", "正确": "T", "是": "T", "√": "T", "t": "T", "true": "T",
	"错": "F", "错误": "F", "否": "F", "×": "F", "f": "F", "false": "F",
}

// ImportQuestions reads questions from an .xlsx workbook (first sheet; header row 题型, 题干,
// 选项A…选项F, 答案, 标签) into the bank of orgID. All or nothing: when any row has an error,
// nothing is imported and the result lists every row error (and err is EInvalid
// study.import.has_errors). A file that cannot be read at all is EInvalid with a file key.
// Who: org_admin or secretary over the organisation. Errors: EForbidden, EInvalid.
func (s *Service) ImportQuestions(ctx context.Context, a *auth.Actor, orgID int64, r io.Reader) (*ImportResult, error) {
	return s.importQuestions(ctx, a, orgID, r, false)
}

// DryRunQuestions checks a workbook as ImportQuestions would and writes nothing: the result
// has DryRun set and Imported is how many questions the import would add; row errors come
// back exactly as from the import (with EInvalid study.import.has_errors). Nothing is
// audited, as nothing changes.
// Who: org_admin or secretary over the organisation. Errors: EForbidden, EInvalid.
func (s *Service) DryRunQuestions(ctx context.Context, a *auth.Actor, orgID int64, r io.Reader) (*ImportResult, error) {
	return s.importQuestions(ctx, a, orgID, r, true)
}

func (s *Service) importQuestions(ctx context.Context, a *auth.Actor, orgID int64, r io.Reader, dryRun bool) (*ImportResult, error) {
	o, err := loadOrg(ctx, s.DB.Read(), orgID)
	if err != nil {
		return nil, err
	}
	if !canManage(a, o.Path) {
		return nil, domain.Forbidden()
	}
	list, res, err := parseQuestions(r)
	if err != nil {
		return nil, err
	}
	res.DryRun = dryRun
	if len(res.Errors) > 0 {
		return res, &domain.Error{Code: domain.EInvalid, Message: "study.import.has_errors", Args: []any{len(res.Errors)}}
	}
	if dryRun {
		res.Imported = len(list)
		return res, nil
	}
	for _, x := range list {
		x.OrgID, x.OrgPath = o.ID, o.Path
	}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		if err := q.InsertQuestions(ctx, list); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "study.question.import", "org", o.ID, o.Path, nil, map[string]int{"imported": len(list)})
	})
	if err != nil {
		return nil, err
	}
	res.Imported = len(list)
	return res, nil
}

func fileError(key string, args ...any) error {
	return &domain.Error{Code: domain.EInvalid, Message: key, Args: args}
}

// parseQuestions reads and checks every row; it touches no database.
func parseQuestions(r io.Reader) ([]*domain.Question, *ImportResult, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, nil, fileError("study.import.corrupt")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, fileError("study.import.no_rows")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, nil, fileError("study.import.corrupt")
	}
	if len(rows) == 0 {
		return nil, nil, fileError("study.import.no_rows")
	}
	col := map[string]int{}      // field → column index
	names := map[string]string{} // field → header as written
	for i, h := range rows[0] {
		if field, ok := importColumns[strings.ToLower(strings.TrimSpace(h))]; ok {
			col[field], names[field] = i, strings.TrimSpace(h)
		}
	}
	var missing []string
	for _, need := range []string{"kind", "stem", "answer"} {
		if _, ok := col[need]; !ok {
			missing = append(missing, need)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fileError("study.import.missing_columns", strings.Join(missing, ", "))
	}
	if len(rows)-1 > maxImportRows {
		return nil, nil, fileError("study.import.too_many_rows", maxImportRows)
	}
	res := &ImportResult{Errors: []RowError{}}
	var list []*domain.Question
	for i, row := range rows[1:] {
		num := i + 2
		cell := func(field string) string {
			c, ok := col[field]
			if !ok || c >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[c])
		}
		if strings.Join(row, "") == "" {
			continue
		}
		rowErr := func(field, key string, args ...any) {
			column := names[field]
			if column == "" {
				column = field
			}
			res.Errors = append(res.Errors, RowError{Row: num, Column: column, Message: key, Args: args})
		}
		in := QuestionInput{Stem: cell("stem"), Tags: strings.FieldsFunc(cell("tags"), func(r rune) bool {
			return strings.ContainsRune(",，;；、 ", r)
		})}
		kind, ok := kindNames[strings.ToLower(cell("kind"))]
		if !ok {
			rowErr("kind", "study.import.kind")
			continue
		}
		in.Kind = kind
		for _, k := range []string{"A", "B", "C", "D", "E", "F"} {
			if t := cell(k); t != "" {
				in.Options = append(in.Options, domain.QuestionOption{Key: k, Text: t})
			}
		}
		ans := cell("answer")
		if kind == domain.QuestionTrueFal {
			if v, ok := trueFalseNames[strings.ToLower(ans)]; ok {
				in.Answer = []string{v}
			} else if ans != "" {
				rowErr("answer", "study.import.true_false")
				continue
			}
		} else {
			for _, r := range strings.ToUpper(ans) {
				if r >= 'A' && r <= 'Z' {
					in.Answer = append(in.Answer, string(r))
				}
			}
		}
		x, bad := in.question()
		for _, field := range []string{"kind", "stem", "options", "answer"} {
			if key, ok := bad[field]; ok {
				if field == "options" {
					rowErr("A", key)
				} else {
					rowErr(field, key)
				}
			}
		}
		if len(bad) == 0 {
			list = append(list, x)
		}
	}
	if len(list) == 0 && len(res.Errors) == 0 {
		return nil, nil, fileError("study.import.no_rows")
	}
	return list, res, nil
}

// TemplateHeader is the header row of the import template, in column order.
var TemplateHeader = []string{"题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "标签"}
