package roster

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/i18n"
)

// ErrorsXLSX writes the import's input as .xlsx with one more column that says what is
// wrong in each row (in the locale), rows with errors shaded, at the same row numbers as the
// input, so the user fixes that file and uploads it again. Who: as Import. Errors: ENotFound.
func (s *Service) ErrorsXLSX(ctx context.Context, a *auth.Actor, id int64, cat *i18n.Catalog, locale string, w io.Writer) error {
	rec, err := s.ownJob(ctx, a, id, KindImport)
	if err != nil {
		return err
	}
	var args importArgs
	json.Unmarshal([]byte(rec.Args), &args)
	var res importResult
	json.Unmarshal([]byte(rec.Result), &res)
	byRow := map[int][]RowError{}
	for _, e := range res.Errors {
		byRow[e.Row] = append(byRow[e.Row], e)
	}
	path, err := s.copyJobFile(ctx, id, "input")
	if err != nil {
		return err
	}
	defer os.Remove(path)
	src, err := openSource(path, args.Format, s.TempDir)
	if err != nil {
		return err
	}
	defer src.Close()

	x := excelize.NewFile(excelize.Options{TmpDir: s.TempDir})
	defer x.Close()
	sheet := sheetName(locale)
	x.SetSheetName("Sheet1", sheet)
	styles, err := newStyles(x)
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	errHeader := "错误说明"
	if locale == i18n.EN {
		errHeader = "Errors"
	}
	width, headerDone := 0, false
	for src.Next() {
		num, cells := src.Row()
		if blank(cells) && headerDone {
			continue
		}
		if !headerDone && !blank(cells) {
			width = len(cells)
		}
		row := make([]any, width+1)
		style := styles.text
		if errs := byRow[num]; len(errs) > 0 {
			style = styles.errorRow
			row[width] = excelize.Cell{StyleID: style, Value: describeRow(errs, cat, locale)}
		}
		for i, c := range cells {
			if i >= width {
				break
			}
			row[i] = excelize.Cell{StyleID: style, Value: c}
		}
		if !headerDone && !blank(cells) {
			headerDone = true
			for i := range row[:width] {
				row[i] = excelize.Cell{StyleID: styles.header, Value: cells[i]}
			}
			row[width] = excelize.Cell{StyleID: styles.required, Value: errHeader}
		}
		cell, _ := excelize.CoordinatesToCellName(1, num)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := src.Err(); err != nil {
		return err
	}
	sw.SetColWidth(width+1, width+1, 60)
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

// describeRow is "column: problem; column: problem" in the locale.
func describeRow(errs []RowError, cat *i18n.Catalog, locale string) string {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Text(cat, locale)
	}
	sep := "；"
	if locale == i18n.EN {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// Text is the error as a sentence in the locale: the column as the file wrote it (or the
// column's name in the locale) and the problem.
func (e RowError) Text(cat *i18n.Catalog, locale string) string {
	col := e.Column
	if col == "" {
		if c := columnOfField(e.Field); c >= 0 {
			col = Columns[c].Header(locale)
		} else {
			col = e.Field
		}
	}
	sep := "："
	if locale == i18n.EN {
		sep = ": "
	}
	return col + sep + cat.T(locale, e.Message, e.Args...)
}
