package dues

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/roster"
	"dangjian/internal/store"
)

// The payroll import sets dues profiles from a payroll .xlsx: one row per member and month
// (身份证号 or 党员编号 names the member, 姓名 is checked against them when given, 月份 is the
// month the pay applies from, 基数（元） the monthly base in yuan with at most two decimals —
// parsed as a decimal string into fen, never through floating point — and 类别 the dues
// category). It runs as a job: the rows are read and checked first (a dry run stops there);
// then, only if no row has a problem, all rows are written in one transaction, so the
// profiles get every row or none. Each written row is a SetProfile (audited, open bills
// repriced).

// Import limits.
const (
	MaxImportRows  = 100_000
	MaxImportBytes = 20 << 20
	maxRowErrors   = 5_000
)

// ImportColumn is a column of the payroll sheet.
type ImportColumn struct {
	Field   string   // id_number, member_id, name, from_month, base, category, note
	ZH, EN  string   // the template's header
	Aliases []string // other headers accepted (normalised: no spaces, brackets or case)
}

// ImportColumns are the columns in template order.
var ImportColumns = []ImportColumn{
	{Field: "id_number", ZH: "身份证号", EN: "ID number", Aliases: []string{"身份证号码", "公民身份号码", "idnumber", "id_number"}},
	{Field: "member_id", ZH: "党员编号", EN: "Member ID", Aliases: []string{"党员id", "memberid", "member_id"}},
	{Field: "name", ZH: "姓名", EN: "Name", Aliases: []string{"name"}},
	{Field: "from_month", ZH: "月份", EN: "From month", Aliases: []string{"起始月份", "生效月份", "fromonth", "frommonth", "month", "from_month"}},
	{Field: "base", ZH: "基数（元）", EN: "Base (yuan)", Aliases: []string{"基数元", "基数", "工资基数", "月收入", "base", "baseyuan", "base_yuan"}},
	{Field: "category", ZH: "类别", EN: "Category", Aliases: []string{"党费类别", "category"}},
	{Field: "note", ZH: "备注", EN: "Note", Aliases: []string{"note"}},
}

// categoryLabels are the category cells accepted besides the codes, and the template's.
var categoryLabels = map[domain.DuesCategory][]string{
	domain.DuesInService:  {"在职", "在职职工", "in service"},
	domain.DuesRetired:    {"离退休", "退休", "离休", "retired"},
	domain.DuesFarmer:     {"农民", "farmer"},
	domain.DuesStudent:    {"学生", "student"},
	domain.DuesUnemployed: {"下岗失业", "失业", "下岗", "unemployed"},
	domain.DuesRelief:     {"低保", "领取救济", "救济", "领取最低生活保障", "relief"},
}

// CategoryLabel is how the template writes a category in a locale.
func CategoryLabel(c domain.DuesCategory, en bool) string {
	l := categoryLabels[c]
	if en {
		return l[len(l)-1]
	}
	return l[0]
}

func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "", "\u3000", "", "（", "", "）", "", "(", "", ")", "", "*", "", "＊", "", "-", "").Replace(s)
}

func columnOf(header string) int {
	h := normHeader(header)
	if h == "" {
		return -1
	}
	for i, c := range ImportColumns {
		if h == normHeader(c.ZH) || h == normHeader(c.EN) {
			return i
		}
		for _, a := range c.Aliases {
			if h == normHeader(a) {
				return i
			}
		}
	}
	return -1
}

// ImportTemplate writes the payroll template in the locale: the header, an example row
// (skipped on import because its 身份证号 is the example's), a category dropdown, text format
// for months and ID numbers, and a sheet of instructions.
func (s *Service) ImportTemplate(w io.Writer, en bool) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "党费基数"
	if en {
		sheet = "Dues bases"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	moneyStyle, err := f.NewStyle(&excelize.Style{NumFmt: 2})
	if err != nil {
		return err
	}
	example := []string{exampleIDNumber, "", "张三", "2024-07", "6543.21", CategoryLabel(domain.DuesInService, en), ""}
	if en {
		example[2], example[6] = "Zhang San", "example row: skipped"
	} else {
		example[6] = "示例行，导入时跳过"
	}
	for i, c := range ImportColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		h := c.ZH
		if en {
			h = c.EN
		}
		f.SetCellStr(sheet, col+"1", h)
		f.SetCellStyle(sheet, col+"1", col+"1", head)
		f.SetColWidth(sheet, col, col, 18)
		switch c.Field {
		case "base":
			f.SetCellStyle(sheet, col+"2", col+"5000", moneyStyle)
		default:
			f.SetCellStyle(sheet, col+"2", col+"5000", textStyle)
		}
		f.SetCellStr(sheet, col+"2", example[i])
		if c.Field == "category" {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = col + "2:" + col + "5000"
			labels := make([]string, len(domain.DuesCategories))
			for k, cat := range domain.DuesCategories {
				labels[k] = CategoryLabel(cat, en)
			}
			if err := dv.SetDropList(labels); err != nil {
				return err
			}
			f.AddDataValidation(sheet, dv)
		}
	}
	help := "说明"
	lines := []string{
		"每行一名党员、一个起始月份：从该月起按此基数和类别计算党费（工资变动从首次领取新工资的月份起）。",
		"身份证号或党员编号至少填一项；填写姓名时须与系统中的党员一致。",
		"月份格式：2024-07（也接受 2024/7、2024年7月、202407）。",
		"基数（元）：按月税后收入，最多两位小数，如 6543.21；农民、学生、下岗失业、低保类别可不填。",
		"类别：在职、离退休、农民、学生、下岗失业、低保。",
		"全部行检查通过才会导入；有错误时逐行列出，不导入任何一行。",
	}
	if en {
		help = "Instructions"
		lines = []string{
			"One row per member and starting month: dues are computed from that month on with this base and category (a change of pay applies from the month the new pay is first received).",
			"Fill in the ID number or the member ID; a name, when given, must match the member.",
			"Month: 2024-07 (2024/7, 2024年7月 and 202407 are accepted too).",
			"Base (yuan): monthly income after tax, at most two decimals, e.g. 6543.21; may be empty for farmer, student, unemployed and relief.",
			"Category: in service, retired, farmer, student, unemployed, relief.",
			"Nothing is imported unless every row passes; otherwise the problems are listed by row.",
		}
	}
	f.NewSheet(help)
	f.SetColWidth(help, "A", "A", 120)
	for i, l := range lines {
		f.SetCellStr(help, fmt.Sprintf("A%d", i+1), l)
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// exampleIDNumber is the template's example row; rows with it are skipped.
const exampleIDNumber = "110101199003070079"

// ImportRequest is an upload to import.
type ImportRequest struct {
	OrgID    int64 // rows must name members of this organisation's subtree
	Filename string
	Body     io.Reader
	DryRun   bool
}

type importArgs struct {
	jobArgs
	OrgID    int64  `json:"org_id"`
	Filename string `json:"filename"`
	DryRun   bool   `json:"dry_run,omitempty"`
}

// RowError is one problem of one row: Row is the spreadsheet row (header = 1), Field the
// column's field, Column the header as the file wrote it, Message a message key.
type RowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Column  string `json:"column"`
	Message string `json:"message"`
	Args    []any  `json:"args,omitempty"`
}

// ImportResult is stored as the job's result.
type ImportResult struct {
	Filename   string     `json:"filename"`
	DryRun     bool       `json:"dry_run"`
	OrgID      int64      `json:"org_id,string"`
	Total      int        `json:"total_rows"`
	Imported   int        `json:"imported"` // rows written (0 on a dry run or with errors)
	Repriced   int        `json:"bills_repriced"`
	ErrorCount int        `json:"error_count"`
	Errors     []RowError `json:"errors"`
	Error      string     `json:"error,omitempty"` // a problem of the whole file
}

func fileError(key string, args ...any) *domain.Error {
	return &domain.Error{Code: domain.EInvalid, Message: key, Args: args}
}

// StartImport checks the upload as a file (an .xlsx within the limits, with the columns it
// needs) and queues the import as a job; poll Job. Who: dues.manage over the organisation.
// Errors: ENotFound (no such organisation), EForbidden, EInvalid with a dues.import.* key.
func (s *Service) StartImport(ctx context.Context, a *auth.Actor, req ImportRequest) (int64, error) {
	if len(a.Scopes(auth.DuesManage)) == 0 {
		return 0, domain.Forbidden()
	}
	if s.Jobs == nil {
		return 0, errors.New("dues: imports need a job runner")
	}
	o, err := loadOrg(ctx, s.DB.Read(), req.OrgID)
	if err != nil {
		return 0, err
	}
	if !a.Can(auth.DuesManage, o.Path) {
		return 0, domain.Forbidden()
	}
	raw, err := io.ReadAll(io.LimitReader(req.Body, MaxImportBytes+1))
	if err != nil {
		return 0, err
	}
	if len(raw) > MaxImportBytes {
		return 0, fileError("dues.import.too_big", MaxImportBytes>>20)
	}
	if len(raw) < 4 || !bytes.HasPrefix(raw, []byte("PK\x03\x04")) {
		return 0, fileError("dues.import.not_xlsx")
	}
	if _, err := readSheet(bytes.NewReader(raw), s.TempDir, true); err != nil {
		return 0, err
	}
	args := importArgs{jobArgs: argsOf(a), OrgID: o.ID, Filename: req.Filename, DryRun: req.DryRun}
	var id int64
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		rec, err := s.Jobs.Enqueue(ctx, q, KindImport, a.UserID(), o.Path, args)
		if err != nil {
			return err
		}
		id = rec.ID
		_, err = jobs.WriteFile(ctx, q, id, "input", bytes.NewReader(raw))
		return err
	})
	if err != nil {
		return 0, err
	}
	s.Jobs.Wake()
	return id, nil
}

// sheetRow is one data row by field.
type sheetRow struct {
	num   int
	cells map[string]string
}

type sheet struct {
	headers map[string]string // field → header as written
	rows    []sheetRow
}

// readSheet reads the first worksheet: the header (the first non-blank row) and, unless
// headerOnly, every non-blank data row, with raw cell values (no number formats applied, so a
// base of 6543.21 stays "6543.21" however the cell is formatted).
func readSheet(r io.Reader, tmpDir string, headerOnly bool) (sh *sheet, err error) {
	defer func() {
		if p := recover(); p != nil {
			sh, err = nil, fileError("dues.import.corrupt")
		}
	}()
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: roster.MaxUnzippedBytes,
		UnzipXMLSizeLimit: 16 << 20, TmpDir: tmpDir})
	if err != nil {
		return nil, fileError("dues.import.corrupt")
	}
	defer f.Close()
	list := f.GetSheetList()
	if len(list) == 0 {
		return nil, fileError("dues.import.empty")
	}
	rows, err := f.Rows(list[0])
	if err != nil {
		return nil, fileError("dues.import.corrupt")
	}
	defer rows.Close()
	sh = &sheet{headers: map[string]string{}}
	var at []int // column index → ImportColumns index
	num := 0
	for rows.Next() {
		num++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileError("dues.import.corrupt")
		}
		blank := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		if at == nil {
			at = make([]int, len(cells))
			for i, c := range cells {
				at[i] = columnOf(c)
				if at[i] >= 0 {
					if _, dup := sh.headers[ImportColumns[at[i]].Field]; dup {
						return nil, fileError("dues.import.column_twice", strings.TrimSpace(c))
					}
					sh.headers[ImportColumns[at[i]].Field] = strings.TrimSpace(c)
				}
			}
			_, id := sh.headers["id_number"]
			_, mid := sh.headers["member_id"]
			switch {
			case !id && !mid:
				return nil, fileError("dues.import.missing_column", "身份证号 / 党员编号")
			case sh.headers["from_month"] == "":
				return nil, fileError("dues.import.missing_column", "月份")
			case sh.headers["category"] == "":
				return nil, fileError("dues.import.missing_column", "类别")
			}
			if headerOnly {
				return sh, nil
			}
			continue
		}
		if len(sh.rows) >= MaxImportRows {
			return nil, fileError("dues.import.too_many_rows", MaxImportRows)
		}
		row := sheetRow{num: num, cells: map[string]string{}}
		for i, c := range cells {
			if i < len(at) && at[i] >= 0 {
				row.cells[ImportColumns[at[i]].Field] = strings.TrimSpace(c)
			}
		}
		sh.rows = append(sh.rows, row)
	}
	if err := rows.Error(); err != nil {
		return nil, fileError("dues.import.corrupt")
	}
	if at == nil {
		return nil, fileError("dues.import.empty")
	}
	return sh, nil
}

// parseMonth reads a month cell: 2024-07, 2024/7, 2024.7, 2024年7月, 202407, or an Excel date
// serial (a date-formatted cell read raw).
func parseMonth(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "月")
	for _, sep := range []string{"年", "/", ".", "-"} {
		if y, m, ok := strings.Cut(s, sep); ok {
			if i := strings.IndexAny(m, "-/."); i >= 0 { // a full date: keep year and month
				m = m[:i]
			}
			return yearMonth(y, m)
		}
	}
	if len(s) == 6 {
		return yearMonth(s[:4], s[4:])
	}
	if n, err := strconv.Atoi(s); err == nil && n > 20000 && n < 80000 { // Excel serial day
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
		return t.Format("2006-01"), true
	}
	return "", false
}

func yearMonth(y, m string) (string, bool) {
	yi, err1 := strconv.Atoi(strings.TrimSpace(y))
	mi, err2 := strconv.Atoi(strings.TrimSpace(m))
	if err1 != nil || err2 != nil || yi < 1949 || yi > 2999 || mi < 1 || mi > 12 {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d", yi, mi), true
}

// parseBase reads a base in yuan into fen exactly. A raw numeric cell is the shortest decimal
// form of a binary double; a value like 6543.2100000000001 (what some programs write for
// 6543.21) is taken as the two-decimal number it stands for. Anything else with more than two
// decimals is an error, never rounded.
func parseBase(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if whole, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 && !strings.ContainsAny(s, "eE") {
		tail := frac[2:]
		if t := strings.TrimRight(tail, "0"); t == "" {
			return domain.ParseYuan(whole + "." + frac[:2])
		}
		if len(tail) >= 8 && (strings.HasPrefix(tail, "0000000") || strings.HasPrefix(tail, "9999999")) {
			fen, ok := domain.ParseYuan(whole + "." + frac[:2])
			if ok && tail[0] == '9' {
				fen++
			}
			return fen, ok
		}
		return 0, false
	}
	if strings.ContainsAny(s, "eE") { // 1E+4 and the like from a raw cell
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 || f > 1e8 {
			return 0, false
		}
		return parseBase(strconv.FormatFloat(f, 'f', -1, 64))
	}
	return domain.ParseYuan(s)
}

func parseCategory(s string) (domain.DuesCategory, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for c, labels := range categoryLabels {
		if t == string(c) {
			return c, true
		}
		for _, l := range labels {
			if t == strings.ToLower(l) {
				return c, true
			}
		}
	}
	return "", false
}

// checkedRow is a row ready to write.
type checkedRow struct {
	num    int
	member *store.MemberRecord
	in     ProfileInput
}

func (s *Service) runImport(ctx context.Context, j *jobs.Job) error {
	var args importArgs
	if err := j.Args(&args); err != nil {
		return err
	}
	res := &ImportResult{Filename: args.Filename, DryRun: args.DryRun, OrgID: args.OrgID, Errors: []RowError{}}
	j.Result = res
	a, err := s.actorFor(ctx, j.Record, args.jobArgs)
	if err != nil {
		return err
	}
	o, err := loadOrg(ctx, s.DB.Read(), args.OrgID)
	if err != nil {
		return err
	}
	if !a.Can(auth.DuesManage, o.Path) {
		return domain.Forbidden()
	}
	j.Progress(ctx, "reading", 0, 0)
	raw, err := io.ReadAll(jobs.OpenFile(ctx, s.DB, j.ID(), "input"))
	if err != nil {
		return err
	}
	sh, err := readSheet(bytes.NewReader(raw), s.TempDir, false)
	if e, ok := domain.AsError(err); ok {
		res.Error = e.Message
		return s.DB.WriteTx(ctx, func(q *store.Q) error { return j.FinishIn(ctx, q) })
	}
	if err != nil {
		return err
	}
	res.Total = len(sh.rows)
	j.Progress(ctx, "checking", res.Total, 0)
	rows, err := s.checkRows(ctx, s.DB.Read(), a, o, sh, res, func(n int) { j.Progress(ctx, "checking", res.Total, n) })
	if err != nil {
		return err
	}
	if res.DryRun || res.ErrorCount > 0 {
		return s.DB.WriteTx(ctx, func(q *store.Q) error { return j.FinishIn(ctx, q) })
	}
	j.Progress(ctx, "writing", len(rows), 0)
	j.SaveProgress(ctx)
	if err := j.ExtendLease(ctx, 30*time.Minute); err != nil {
		return err
	}
	j.LiveOnly(true)
	defer j.LiveOnly(false)
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		// The rows again, inside the transaction: members may have moved since the check.
		again := &ImportResult{Errors: []RowError{}}
		rows, err := s.checkRows(ctx, q, a, o, sh, again, nil)
		if err != nil {
			return err
		}
		if again.ErrorCount > 0 {
			res.ErrorCount, res.Errors = again.ErrorCount, again.Errors
			return j.FinishIn(ctx, q)
		}
		for i, r := range rows {
			p := &domain.DuesProfile{MemberID: r.member.ID, Category: domain.DuesCategory(r.in.Category), BaseFen: r.in.BaseFen,
				FromMonth: r.in.FromMonth, Note: r.in.Note, CreatedBy: a.UserID(), CreatedByName: a.Name()}
			before, err := q.SaveDuesProfile(ctx, p)
			if err != nil {
				return err
			}
			n, err := s.repriceFrom(ctx, q, r.member, p.FromMonth)
			if err != nil {
				return err
			}
			res.Repriced += n
			var b any
			if before != nil {
				b = map[string]any{"category": before.Category, "base_fen": before.BaseFen, "from_month": before.FromMonth}
			}
			if err := record(ctx, q, a, "dues.profile.set", "member", r.member.ID, r.member.OrgPath, b,
				map[string]any{"category": p.Category, "base_fen": p.BaseFen, "from_month": p.FromMonth, "note": p.Note,
					"bills_repriced": n, "import_job": j.ID(), "row": r.num}); err != nil {
				return err
			}
			j.Progress(ctx, "writing", len(rows), i+1)
		}
		res.Imported = len(rows)
		return j.FinishIn(ctx, q)
	})
	return err
}

// checkRows checks every row against the database through q and returns the good rows; the
// problems go to res (the first maxRowErrors of them; ErrorCount counts all).
func (s *Service) checkRows(ctx context.Context, q *store.Q, a *auth.Actor, o *domain.Org, sh *sheet, res *ImportResult,
	progress func(int)) ([]checkedRow, error) {
	report := func(row int, field, key string, args ...any) {
		res.ErrorCount++
		if len(res.Errors) < maxRowErrors {
			res.Errors = append(res.Errors, RowError{Row: row, Field: field, Column: sh.headers[field], Message: key, Args: args})
		}
	}
	var out []checkedRow
	seen := map[string]int{} // member id + month → first row
	const batch = 500
	for start := 0; start < len(sh.rows); start += batch {
		part := sh.rows[start:min(start+batch, len(sh.rows))]
		hashes := []string{}
		for _, r := range part {
			if id := r.cells["id_number"]; id != "" && s.Members != nil {
				if h := s.Members.HashIDNumber(id); h != "" {
					hashes = append(hashes, h)
				}
			}
		}
		byHash, err := q.MembersByHashes(ctx, hashes)
		if err != nil {
			return nil, err
		}
		for _, r := range part {
			c := r.cells
			if c["id_number"] == exampleIDNumber {
				continue
			}
			problems := 0
			bad := func(field, key string, args ...any) { problems++; report(r.num, field, key, args...) }
			var m *store.MemberRecord
			switch {
			case c["id_number"] != "":
				h := ""
				if s.Members != nil {
					h = s.Members.HashIDNumber(c["id_number"])
				}
				if _, k := domain.ParseIDNumber(domain.NormalizeIDNumber(c["id_number"]), s.today()); k != "" {
					bad("id_number", k)
				} else if h == "" {
					bad("id_number", "dues.import.id_number")
				} else if m = byHash[h]; m == nil {
					bad("id_number", "dues.import.no_member")
				}
			case c["member_id"] != "":
				id, err := strconv.ParseInt(c["member_id"], 10, 64)
				if err != nil || id <= 0 {
					bad("member_id", "dues.import.member_id")
					break
				}
				rec, err := q.Member(ctx, id)
				if errors.Is(err, sql.ErrNoRows) {
					bad("member_id", "dues.import.no_member")
				} else if err != nil {
					return nil, err
				} else {
					m = rec
				}
			default:
				field := "id_number"
				if _, ok := sh.headers[field]; !ok {
					field = "member_id"
				}
				bad(field, "err.required")
			}
			if m != nil {
				field := "id_number"
				if c["id_number"] == "" {
					field = "member_id"
				}
				switch {
				case !domain.InSubtree(m.OrgPath, o.Path) || !a.Can(auth.DuesManage, m.OrgPath):
					bad(field, "dues.import.out_of_scope")
					m = nil
				case m.HasLeft():
					bad(field, "dues.import.member_left")
				case c["name"] != "" && strings.TrimSpace(c["name"]) != m.Name:
					bad("name", "dues.import.name_mismatch", m.Name)
				}
			}
			var in ProfileInput
			month, ok := parseMonth(c["from_month"])
			switch {
			case c["from_month"] == "":
				bad("from_month", "err.required")
			case !ok:
				bad("from_month", "err.month_yyyy_mm")
			default:
				in.FromMonth = month
			}
			cat, ok := parseCategory(c["category"])
			switch {
			case c["category"] == "":
				bad("category", "err.required")
			case !ok:
				bad("category", "err.dues.category")
			default:
				in.Category = string(cat)
			}
			if c["base"] == "" {
				if ok && domain.DuesBracketed(cat) {
					bad("base", "err.required")
				}
			} else if fen, ok := parseBase(c["base"]); !ok {
				bad("base", "dues.import.base")
			} else if fen > domain.MaxDuesBaseFen {
				bad("base", "err.dues.base")
			} else {
				in.BaseFen = fen
			}
			note, err := text(c["note"], 200, false)
			if err != nil {
				bad("note", err.Error())
			}
			in.Note = note
			if m != nil && in.FromMonth != "" {
				key := strconv.FormatInt(m.ID, 10) + "/" + in.FromMonth
				if first, dup := seen[key]; dup {
					bad("from_month", "dues.import.duplicate", first)
				} else {
					seen[key] = r.num
				}
			}
			if problems == 0 && m != nil {
				out = append(out, checkedRow{num: r.num, member: m, in: in})
			}
		}
		if progress != nil {
			progress(min(start+batch, len(sh.rows)))
		}
	}
	return out, nil
}

// ImportStatus is an import's state with its result decoded.
type ImportStatus struct {
	JobStatus
	Import *ImportResult `json:"import,omitempty"`
}

// Import returns a payroll import's status and, when done, its counts and row errors. Who:
// whoever started it, and admins. Errors: ENotFound.
func (s *Service) Import(ctx context.Context, a *auth.Actor, id int64) (*ImportStatus, error) {
	st, err := s.Job(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if st.Kind != KindImport {
		return nil, domain.NotFound("dues_job")
	}
	out := &ImportStatus{JobStatus: *st}
	if len(st.Result) > 0 {
		var r ImportResult
		if err := json.Unmarshal(st.Result, &r); err == nil {
			out.Import = &r
		}
	}
	return out, nil
}
