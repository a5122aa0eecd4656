package roster

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// The row file gives back exactly the cells written: line breaks (CRLF too), quotes,
// commas, empty and long cells, any script.
func TestRowFileRoundTrip(t *testing.T) {
	odd := []string{"", "a\r\nb", "\"引号\",逗号", "\r", "\n\n", "张三\u3000", strings.Repeat("长", 5000), "\x00"}
	var want [][]string
	for i := 0; i < 1000; i++ {
		row := make([]string, len(Columns))
		for c := range row {
			row[c] = odd[(i+c)%len(odd)]
		}
		want = append(want, row)
	}
	w, err := createRowFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range want {
		if err := w.write(i+2, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(w.path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("row file mode: %v %v", fi.Mode(), err)
	}
	n := 0
	err = readRowFile(w.path(), func(num int, cells []string) error {
		if num != n+2 || !slices.Equal(cells, want[n]) {
			t.Fatalf("row %d came back as %d %q", n+2, num, cells)
		}
		n++
		return nil
	})
	if err != nil || n != len(want) {
		t.Fatalf("read %d rows: %v", n, err)
	}
	// A cut-off file is an error, not a short read.
	data, _ := os.ReadFile(w.path())
	os.WriteFile(w.path(), data[:len(data)-3], 0o600)
	if err := readRowFile(w.path(), func(int, []string) error { return nil }); err == nil {
		t.Fatal("a truncated row file read without error")
	}
}
