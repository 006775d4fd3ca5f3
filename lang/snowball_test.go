package lang

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/namen-nlp/namen/internal/shared"
)

// TestSnowballMatchesGenerated compares our implementation of the German
// algorithm with the generated one on the vocabulary in several spellings
// and on odd words.
func TestSnowballMatchesGenerated(t *testing.T) {
	words := []string{"", "a", "ab", "Straße", "STRASSE", "Maßstäbe", "ÄÖÜ", "İstanbul", "ǅemal", "Ⅻ", "bauen", "Bayern", "treue", "ueu",
		"nissen", "Kenntnissen", "Bürgerinnen", "Lehrer:innen", "NATO-Generalsekretär", "3.", "z.B.", "Putins", "Ost-",
		"Lebensversicherungsgesellschaftsangestellter", strings.Repeat("Haus", 20), "häus\u0308er", "ab\xffcd"}
	if dir, err := shared.Path("snowball-german"); err == nil {
		if voc := readLinesOK(filepath.Join(dir, "voc.txt")); voc != nil {
			for _, w := range voc {
				r := []rune(w)
				r[0] = unicode.ToUpper(r[0])
				words = append(words, w, string(r), strings.ToUpper(w))
			}
		}
	}
	bad := 0
	for _, w := range words {
		if got, want := Stem(w), generatedStem(w); got != want {
			if bad++; bad <= 10 {
				t.Errorf("Stem(%q) = %q, generated stemmer %q", w, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ", bad, len(words))
	}
}

func TestStemAllocations(t *testing.T) {
	for _, w := range []string{"verhandlungen", "putins", "haus"} {
		if n := testing.AllocsPerRun(100, func() { snowballGerman(w) }); n != 0 {
			t.Errorf("stemming lowercase %q allocates %.0f times", w, n)
		}
	}
}

func FuzzStem(f *testing.F) {
	for _, w := range []string{"Häuser", "Straße", "bauen", "Kenntnissen", "lichkeit"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := Stem(w), generatedStem(w); got != want {
			t.Errorf("Stem(%q) = %q, generated stemmer %q", w, got, want)
		}
	})
}
