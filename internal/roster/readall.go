package roster

import (
	"io"
	"os"
)

// ReadAll reads a roster upload the way an import does (spool, sniff, stream every row,
// read the cells) without checking rows against the member rules or touching the database,
// and returns the number of data rows. It is the baseline the import benchmark is compared
// with, and a quick way for tools to validate a file's shape.
func ReadAll(r io.Reader, tmpDir string) (int, error) {
	path, size, utf8ok, err := spool(tmpDir, r)
	if err != nil {
		return 0, err
	}
	defer os.Remove(path)
	format, err := sniff(path, size, utf8ok)
	if err != nil {
		return 0, err
	}
	src, err := openSource(path, format, tmpDir)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	var at []int
	cells := make([]string, len(Columns))
	present := make([]bool, len(Columns))
	n := 0
	for src.Next() {
		num, raw := src.Row()
		if blank(raw) {
			continue
		}
		if at == nil {
			if at, err = header(raw, true); err != nil {
				return 0, err
			}
			continue
		}
		cellsByField(at, raw, cells, present)
		readRow(num, cells, present)
		n++
	}
	return n, src.Err()
}
