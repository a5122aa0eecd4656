package roster

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"unicode/utf8"

	"dangjian/internal/domain"
)

// Formats of an accepted upload.
const (
	FormatXLSX    = "xlsx"
	FormatCSV     = "csv"     // UTF-8, with or without BOM
	FormatGB18030 = "gb18030" // CSV in GB18030 (what Excel on Chinese Windows saves)
)

// fileError is a problem with the file as a whole; key is a roster.* message key.
func fileError(key string, args ...any) *domain.Error {
	return &domain.Error{Code: domain.EInvalid, Message: key, Args: args}
}

// spool copies an upload to a temporary file (refusing more than MaxFileBytes) and notes
// whether the whole of it is valid UTF-8, which decides how a CSV is decoded.
func spool(dir string, r io.Reader) (path string, size int64, validUTF8 bool, err error) {
	f, err := os.CreateTemp(dir, "roster-*.upload")
	if err != nil {
		return "", 0, false, err
	}
	defer f.Close()
	check := &utf8Check{valid: true}
	size, err = io.Copy(io.MultiWriter(f, check), io.LimitReader(r, MaxFileBytes+1))
	if err == nil && size > MaxFileBytes {
		err = fileError("roster.file.too_big", MaxFileBytes>>20)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", 0, false, err
	}
	return f.Name(), size, check.done(), nil
}

// utf8Check validates a stream as UTF-8 across write boundaries.
type utf8Check struct {
	valid bool
	tail  []byte // an incomplete sequence at the end of the last write
}

func (c *utf8Check) Write(p []byte) (int, error) {
	if !c.valid {
		return len(p), nil
	}
	b := append(c.tail, p...)
	c.tail = nil
	// Keep back up to 3 bytes of a sequence the next write may complete.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(b[:cut]) {
		c.valid = false
		return len(p), nil
	}
	c.tail = append([]byte(nil), b[cut:]...)
	return len(p), nil
}

func (c *utf8Check) done() bool { return c.valid && utf8.Valid(c.tail) }

// sniff decides the format of the spooled file from its content (never its name).
func sniff(path string, size int64, validUTF8 bool) (string, error) {
	if size == 0 {
		return "", fileError("roster.file.empty")
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX, checkZip(f, size)
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")):
		return "", fileError("roster.file.xls") // Excel 97–2003, or a password-protected workbook
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return "", fileError("roster.file.utf16")
	case looksBinary(head):
		return "", fileError("roster.file.not_spreadsheet")
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")))) == 0 {
		return "", fileError("roster.file.empty")
	}
	if validUTF8 {
		return FormatCSV, nil
	}
	return FormatGB18030, nil
}

// looksBinary reports content that is no text: NUL bytes, or the magic of common formats
// people upload by mistake (PDF, images, archives, Word).
func looksBinary(head []byte) bool {
	for _, magic := range []string{"%PDF", "\x89PNG", "\xFF\xD8\xFF", "GIF8", "{\\rtf", "\x1F\x8B", "Rar!", "7z\xBC\xAF"} {
		if bytes.HasPrefix(head, []byte(magic)) {
			return true
		}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	lower := bytes.ToLower(bytes.TrimSpace(head))
	return bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html"))
}

// checkZip refuses archives that are not workbooks, and zip bombs, from the central
// directory alone: nothing is unpacked here.
func checkZip(f io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return fileError("roster.file.corrupt")
	}
	if len(zr.File) > maxZipEntries {
		return fileError("roster.file.zip_bomb")
	}
	var total uint64
	workbook := false
	for _, e := range zr.File {
		if e.Name == "xl/workbook.xml" {
			workbook = true
		}
		total += e.UncompressedSize64
		if total > MaxUnzippedBytes {
			return fileError("roster.file.zip_bomb")
		}
		if e.UncompressedSize64 > ratioFloor && e.UncompressedSize64 > MaxUnzipRatio*max(e.CompressedSize64, 1) {
			return fileError("roster.file.zip_bomb")
		}
	}
	if !workbook {
		return fileError("roster.file.not_spreadsheet")
	}
	return nil
}
