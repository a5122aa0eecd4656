package roster

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// The first pass of an import parses the upload and keeps its data rows in a row file in
// the importer's temporary folder: per row, the row number and then each cell in Columns
// order, each as a length-prefixed byte string (exact: no quoting or line-ending rules to
// alter a cell). The check and write passes read that file instead of parsing the upload
// again. The upload cannot change between the passes, so nothing is lost; what is saved is
// most of the reading: unpacking and parsing an .xlsx of 100,000 rows takes about 4 s each
// time, reading this file back a small fraction of that. Memory stays as bounded as with
// the upload: one row at a time. The file holds personal numbers in clear, as the upload
// does; it is created private (0600) and removed with the import.

// rowWriter writes a row file.
type rowWriter struct {
	f   *os.File
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func createRowFile(dir string) (*rowWriter, error) {
	f, err := os.CreateTemp(dir, "roster-*.rows")
	if err != nil {
		return nil, err
	}
	return &rowWriter{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

func (w *rowWriter) path() string { return w.f.Name() }

func (w *rowWriter) uvarint(n uint64) {
	if w.err == nil {
		_, w.err = w.w.Write(w.buf[:binary.PutUvarint(w.buf[:], n)])
	}
}

// write adds a row; cells are by Columns index.
func (w *rowWriter) write(num int, cells []string) error {
	w.uvarint(uint64(num))
	for _, c := range cells {
		w.uvarint(uint64(len(c)))
		if w.err == nil {
			_, w.err = w.w.WriteString(c)
		}
	}
	return w.err
}

// close finishes the file; on an error the file is removed.
func (w *rowWriter) close() error {
	err := w.err
	if err == nil {
		err = w.w.Flush()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(w.f.Name())
	}
	return err
}

// readRowFile gives fn every row of a row file, in order. The cells slice is reused
// between calls (the strings are not).
func readRowFile(path string, fn func(num int, cells []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	cells := make([]string, len(Columns))
	var buf []byte
	for {
		num, err := binary.ReadUvarint(r)
		if err == io.EOF {
			return nil
		}
		for i := 0; err == nil && i < len(cells); i++ {
			var n uint64
			if n, err = binary.ReadUvarint(r); err == nil {
				if n > MaxFileBytes {
					return errors.New("roster: row file: corrupt")
				}
				if uint64(cap(buf)) < n {
					buf = make([]byte, n)
				}
				buf = buf[:n]
				if _, err = io.ReadFull(r, buf); err == nil {
					cells[i] = string(buf)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("roster: row file: %w", err)
		}
		if err := fn(int(num), cells); err != nil {
			return err
		}
	}
}
