package pdf

import (
	"strings"

	"github.com/go-pdf/fpdf"
)

// writer lays out mixed Chinese and Latin text. Droid Sans Fallback has CJK glyphs (and
// full-width punctuation) but no Latin letters or digits, so runs of those are set in the
// PDF core font Helvetica, which every viewer has without embedding. Lines are broken here
// rather than by fpdf's MultiCell, which drops the character at a break in unspaced CJK text.
type writer struct {
	f     *fpdf.Fpdf
	left  float64
	width float64
}

const latinFamily = "Helvetica"

// latin reports whether r is set in the core font (its WinAnsi range).
func latin(r rune) bool { return r < 0x0100 }

// run is a stretch of text in one font that is not broken inside (a Latin word or number
// stays whole; each CJK character is its own run, so lines may break between any two).
type run struct {
	text  string
	latin bool
	width float64
}

func (p *writer) setFont(isLatin bool, size float64) {
	if isLatin {
		p.f.SetFont(latinFamily, "", size)
	} else {
		p.f.SetFont(family, "", size)
	}
}

func (p *writer) runs(text string, size float64) []run {
	var out []run
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			p.setFont(true, size)
			out = append(out, run{text: word.String(), latin: true, width: p.f.GetStringWidth(word.String())})
			word.Reset()
		}
	}
	for _, r := range text {
		if latin(r) {
			word.WriteRune(r)
			if r == ' ' {
				flush() // a line may break after a space
			}
			continue
		}
		flush()
		p.setFont(false, size)
		out = append(out, run{text: string(r), width: p.f.GetStringWidth(string(r))})
	}
	flush()
	return out
}

// lines breaks runs into lines no wider than the text width.
func (p *writer) lines(runs []run) [][]run {
	var out [][]run
	var cur []run
	used := 0.0
	for _, r := range runs {
		if used+r.width > p.width && len(cur) > 0 {
			out = append(out, cur)
			cur, used = nil, 0
		}
		cur = append(cur, r)
		used += r.width
	}
	return append(out, cur)
}

// draw writes one line's runs from the current position.
func (p *writer) draw(line []run, size, height float64) {
	for _, r := range line {
		p.setFont(r.latin, size)
		p.f.CellFormat(r.width, height, r.text, "", 0, "L", false, 0, "")
	}
}

// para writes text as a paragraph over as many lines as it needs.
func (p *writer) para(text string, size, height float64) {
	for _, line := range p.lines(p.runs(text, size)) {
		p.f.SetX(p.left)
		p.draw(line, size, height)
		p.f.Ln(height)
	}
}

// line writes text on one line aligned "L", "C" or "R".
func (p *writer) line(text string, size, height float64, align string) {
	runs := p.runs(text, size)
	total := 0.0
	for _, r := range runs {
		total += r.width
	}
	x := p.left
	switch align {
	case "C":
		x += (p.width - total) / 2
	case "R":
		x += p.width - total
	}
	p.f.SetX(x)
	p.draw(runs, size, height)
	p.f.Ln(height)
}
