package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/domain"
)

func sampleLetter() TransferLetter {
	return TransferLetter{LetterNo: "2024000017", Name: "王晓明", Gender: "male", Age: 34, Ethnicity: "汉族",
		Category: domain.CategoryFull, IDNumber: "110105199001011234", FromOrg: "中共甲党委甲一支部",
		ToOrg: "中共上海市浦东新区某街道工委", DuesPaidThrough: "2024-06", ValidDays: 30,
		IssuedOn: domain.NewDate(2024, 7, 1), ExpiresOn: domain.NewDate(2024, 7, 31)}
}

// The letter is a valid PDF that embeds the CJK font and draws the member's name: fpdf
// writes UTF-8 text as glyph ids of the subset font, so the test reads the ToUnicode map
// the PDF carries and checks that every character of the name is mapped.
func TestTransferLetterRenders(t *testing.T) {
	b, err := sampleLetter().Render()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.Contains(b[len(b)-64:], []byte("%%EOF")) {
		t.Fatalf("not a PDF: %q … %q", b[:16], b[len(b)-16:])
	}
	if len(b) < 10_000 || len(b) > 2_000_000 {
		t.Fatalf("PDF of %d bytes: the font should be subset, not missing or whole", len(b))
	}
	if !bytes.Contains(b, []byte("/FontFile2")) || !bytes.Contains(b, []byte("/ToUnicode")) {
		t.Fatal("no embedded TrueType font with a ToUnicode map")
	}
	// The font's ToUnicode map is the identity, so text is drawn as UTF-16BE code points
	// (each CJK character its own cell); Latin runs are plain bytes in Helvetica.
	text := decodedStreams(t, b)
	for _, r := range "王晓明介绍信存根回执甲一支部" {
		if !strings.Contains(text, utf16be(r)) {
			t.Errorf("character %c is not drawn", r)
		}
	}
	for _, s := range []string{"110105199001011234", "2024000017"} {
		if !strings.Contains(text, s) {
			t.Errorf("%s is not drawn", s)
		}
	}
	if os.Getenv("DANGJIAN_WRITE_PDF") != "" {
		os.WriteFile(os.Getenv("DANGJIAN_WRITE_PDF"), b, 0o644)
	}
}

// The same letter renders to the same bytes (fixed creation date), so a reprint matches.
func TestTransferLetterStable(t *testing.T) {
	a, _ := sampleLetter().Render()
	b, _ := sampleLetter().Render()
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of one letter differ")
	}
}

func utf16be(r rune) string { return string([]byte{byte(r >> 8), byte(r)}) }

var streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// decodedStreams returns every stream of the PDF, inflated where it is compressed.
func decodedStreams(t *testing.T, b []byte) string {
	t.Helper()
	var out strings.Builder
	for _, m := range streamRE.FindAllSubmatch(b, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			out.Write(m[1])
			continue
		}
		data, _ := io.ReadAll(r)
		out.Write(data)
	}
	return out.String()
}
