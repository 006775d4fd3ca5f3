package lang

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAbbreviationsFile checks every line of data/abbreviations.txt: one
// abbreviation ending in a period, known flags, no duplicates.
func TestAbbreviationsFile(t *testing.T) {
	if !strings.Contains(abbreviationsFile, "Source:") || !strings.Contains(abbreviationsFile, "Licence:") {
		t.Error("data/abbreviations.txt lacks its Source: and Licence: header")
	}
	seen := map[string]int{}
	for n, line := range strings.Split(abbreviationsFile, "\n") {
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasSuffix(f[0], ".") || len(f[0]) < 2 {
			t.Errorf("line %d: %q does not end in a period", n+1, f[0])
		}
		if prev, ok := seen[f[0]]; ok {
			t.Errorf("line %d: %q already on line %d", n+1, f[0], prev)
		}
		seen[f[0]] = n + 1
		for _, flag := range f[1:] {
			if flag != "num" && flag != "end" && flag != "sep" {
				t.Errorf("line %d: unknown flag %q", n+1, flag)
			}
		}
	}
	if got := len(abbreviations().m); got != len(seen) {
		t.Errorf("parsed %d abbreviations, file has %d", got, len(seen))
	}
}

func TestParseAbbrevs(t *testing.T) {
	a := parseAbbrevs("# comment\nDr.\nArt. num sep # trailing comment\nusw. end\nbad\n\n")
	want := map[string]uint8{"Dr": 0, "Art": abbrNum | abbrSep, "usw": abbrEnd}
	if diff := cmp.Diff(want, a.m); diff != "" {
		t.Errorf("parse mismatch (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		w  string
		ok bool
	}{{"Dr", true}, {"dr", false}, {"Usw", true}, {"USW", false}, {"", false}, {"X", false}} {
		if _, ok := a.lookup(tc.w); ok != tc.ok {
			t.Errorf("lookup(%q) = %v, want %v", tc.w, ok, tc.ok)
		}
	}
}
