package lang

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed data/abbreviations.txt
var abbreviationsFile string

// abbrevs is the parsed abbreviation list: the abbreviations without their
// final period, each with its flags. It is built once and only read after.
type abbrevs struct {
	m map[string]uint8
}

// Abbreviation flags (the optional second field of a line).
const (
	abbrNum = 1 << iota // "num": keeps its period only before a number (Art. 5)
	abbrEnd             // "end": often ends a sentence (usw., etc.)
	abbrSep             // "sep": the period is a token of its own, as in GermEval 2014
)

var abbreviations = sync.OnceValue(func() *abbrevs {
	return parseAbbrevs(abbreviationsFile)
})

// parseAbbrevs reads the list format of data/abbreviations.txt: one
// abbreviation with its final period per line, optionally followed by
// flags; "#" starts a comment. Malformed lines (no final period) are
// skipped; the test of the list rejects them.
func parseAbbrevs(src string) *abbrevs {
	a := &abbrevs{m: make(map[string]uint8)}
	for line := range strings.Lines(src) {
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasSuffix(fields[0], ".") || len(fields[0]) < 2 {
			continue
		}
		var flags uint8
		for _, f := range fields[1:] {
			switch f {
			case "num":
				flags |= abbrNum
			case "end":
				flags |= abbrEnd
			case "sep":
				flags |= abbrSep
			}
		}
		a.m[strings.TrimSuffix(fields[0], ".")] = flags
	}
	return a
}

// lookup returns the flags of the abbreviation w (without its final
// period). A capitalised w also matches a lowercase entry (Ca. at the start
// of a sentence), and a w that is not in NFC or holds invisible
// characters matches as Normalize(w). It allocates only in that last case.
func (a *abbrevs) lookup(w string) (uint8, bool) {
	if f, ok := a.m[w]; ok {
		return f, true
	}
	if n := Normalize(w); n != w {
		return a.lookup(n)
	}
	if len(w) == 0 || w[0] < 'A' || w[0] > 'Z' || len(w) > 32 {
		return 0, false
	}
	var buf [32]byte
	n := copy(buf[:], w)
	buf[0] += 'a' - 'A'
	f, ok := a.m[string(buf[:n])]
	return f, ok
}
