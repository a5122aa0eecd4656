package roster

import (
	"bufio"
	"bytes"
	"encoding/csv"

	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// rowSource streams the rows of a spreadsheet: one row in memory at a time (excelize's row
// iterator over a worksheet it unpacks to a temporary file when large; encoding/csv over a
// buffered file). Row numbers are as the user sees them in a spreadsheet program: the header
// is row 1.
type rowSource interface {
	Next() bool
	Row() (num int, cells []string)
	Err() error
	Close() error
}

// openSource opens the spooled file in the format sniff found.
func openSource(path, format, tmpDir string) (src rowSource, err error) {
	defer func() {
		if p := recover(); p != nil {
			src, err = nil, fileError("roster.file.corrupt")
		}
	}()
	if format == FormatXLSX {
		return openXLSX(path, tmpDir)
	}
	return openCSV(path, format == FormatGB18030)
}

type xlsxSource struct {
	f     *excelize.File
	rows  *excelize.Rows
	num   int
	cells []string
	err   error
}

func openXLSX(path, tmpDir string) (*xlsxSource, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: MaxUnzippedBytes,
		UnzipXMLSizeLimit: unzipXMLMemory, TmpDir: tmpDir})
	if err != nil {
		return nil, fileError("roster.file.corrupt")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fileError("roster.file.empty")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fileError("roster.file.corrupt")
	}
	return &xlsxSource{f: f, rows: rows}, nil
}

func (s *xlsxSource) Next() (ok bool) {
	if s.err != nil {
		return false
	}
	defer func() {
		if p := recover(); p != nil {
			s.err, ok = fileError("roster.file.corrupt"), false
		}
	}()
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			s.err = fileError("roster.file.corrupt")
		}
		return false
	}
	s.num++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		s.err = fileError("roster.file.corrupt")
		return false
	}
	s.cells = cells
	return true
}

func (s *xlsxSource) Row() (int, []string) { return s.num, s.cells }
func (s *xlsxSource) Err() error           { return s.err }
func (s *xlsxSource) Close() error {
	s.rows.Close()
	return s.f.Close() // removes excelize's temporary files
}

type csvSource struct {
	file  *os.File
	r     *csv.Reader
	num   int
	cells []string
	err   error
}

func openCSV(path string, gb18030 bool) (*csvSource, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(file, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	var in io.Reader = br
	if gb18030 {
		in = bufio.NewReaderSize(transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), 64<<10)
	}
	bin := in.(*bufio.Reader)
	r := csv.NewReader(bin)
	r.Comma = sniffDelimiter(bin)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	return &csvSource{file: file, r: r}, nil
}

// sniffDelimiter picks tab or semicolon when the first line has them and no commas (Excel's
// "text" export, some European locales); comma otherwise.
func sniffDelimiter(br *bufio.Reader) rune {
	head, _ := br.Peek(4096)
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if bytes.IndexByte(line, ',') < 0 && bytes.IndexByte(line, ',') < 0 {
		switch {
		case bytes.IndexByte(line, '\t') >= 0:
			return '\t'
		case bytes.IndexByte(line, ';') >= 0:
			return ';'
		}
	}
	return ','
}

func (s *csvSource) Next() bool {
	if s.err != nil {
		return false
	}
	rec, err := s.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		s.err = fileError("roster.file.corrupt_at", s.num+1)
		return false
	}
	s.num++
	s.cells = rec
	return true
}

func (s *csvSource) Row() (int, []string) { return s.num, s.cells }
func (s *csvSource) Err() error           { return s.err }
func (s *csvSource) Close() error         { return s.file.Close() }

// blank reports a row with nothing but spaces in it.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// header maps the header row to Columns: index in the row → index in Columns. It refuses
// unknown, repeated and missing required columns, naming them. orgOptional is true when the
// import's organisation is itself a branch, so rows may leave the branch out.
func header(cells []string, orgOptional bool) ([]int, error) {
	at := make([]int, len(cells))
	seen := map[int]bool{}
	var unknown, repeated []string
	for i, h := range cells {
		at[i] = -1
		if strings.TrimSpace(h) == "" {
			continue
		}
		c := columnFor(h)
		switch {
		case c < 0:
			unknown = append(unknown, strings.TrimSpace(h))
		case seen[c]:
			repeated = append(repeated, strings.TrimSpace(h))
		default:
			seen[c] = true
			at[i] = c
		}
	}
	if len(seen) == 0 {
		return nil, fileError("roster.file.no_header")
	}
	if len(unknown) > 0 {
		return nil, fileError("roster.file.unknown_columns", strings.Join(unknown, "、"))
	}
	if len(repeated) > 0 {
		return nil, fileError("roster.file.repeated_columns", strings.Join(repeated, "、"))
	}
	var missing []string
	for i, c := range Columns {
		if !seen[i] && (c.Required || (c.Kind == kindOrg && !orgOptional)) {
			missing = append(missing, c.ZH+"（"+c.EN+"）")
		}
	}
	if len(missing) > 0 {
		return nil, fileError("roster.file.missing_columns", strings.Join(missing, "、"))
	}
	return at, nil
}

// cellsByField spreads a row over the columns it has; a column of the header that the row
// is too short for is "" (present, empty).
func cellsByField(at []int, cells []string, dst []string, present []bool) {
	for i := range dst {
		dst[i], present[i] = "", false
	}
	for i, c := range at {
		if c < 0 {
			continue
		}
		present[c] = true
		if i < len(cells) {
			dst[c] = strings.TrimSpace(cells[i])
		}
	}
}
