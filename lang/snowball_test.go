package lang

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/namen-nlp/namen/internal/shared"
)

// TestSnowballMatchesGenerated compares our implementation of the German
// algorithm with the generated one on the vocabulary in several spellings
// and on odd words.
func TestSnowballMatchesGenerated(t *testing.T) {
	words := []string{"", "a", "ab", "Straße", "STRASSE", "Maßstäbe", "ÄÖÜ", "İstanbul", "ǅemal", "Ⅻ", "bauen", "Bayern", "treue", "ueu",
		"nissen", "Kenntnissen", "Bürgerinnen", "Lehrer:innen", "NATO-Generalsekretär", "3.", "z.B.", "Putins", "Ost-",
		"Lebensversicherungsgesellschaftsangestellter", strings.Repeat("Haus", 20), "häus\u0308er", "ab\xffcd",
		"\ufffd", "ab\ufffdcd", "\xff\xfe", "Gro\xc3ße", strings.Repeat("aua", 300), strings.Repeat("äöüß", 100),
		strings.Repeat("Straße", 40) + "n", strings.Repeat("ÄÖÜ", 30) + "ungen", strings.Repeat("x", 64) + "ern", strings.Repeat("ß", 33)}
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
		if !comparable(w) {
			continue
		}
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
		if n := testing.AllocsPerRun(100, func() { Stem(w) }); n != 0 {
			t.Errorf("stemming lowercase %q allocates %.0f times", w, n)
		}
	}
}

// TestStemLinear checks that stemming allocates linearly in the length of
// the word, for words that made the generated stemmer quadratic.
func TestStemLinear(t *testing.T) {
	for _, unit := range []string{"aua", "äöüß", "Straße", "x\xff"} {
		var alloc [2]float64
		for i, n := range []int{1 << 14, 1 << 15} {
			w := strings.Repeat(unit, n/len(unit))
			alloc[i] = allocBytes(func() { Stem(w) })
		}
		if ratio := alloc[1] / max(alloc[0], 1); ratio > 2.3 {
			t.Errorf("%q: 16 KiB allocate %.0f bytes, 32 KiB %.0f: ratio %.1f > 2.3", unit, alloc[0], alloc[1], ratio)
		}
		if alloc[1] > 16<<15 {
			t.Errorf("%q: 32 KiB allocate %.0f bytes, want at most 16 per input byte", unit, alloc[1])
		}
	}
}

// allocBytes returns the bytes f allocates.
func allocBytes(f func()) float64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc - before.TotalAlloc)
}

func FuzzStem(f *testing.F) {
	for _, w := range []string{"Häuser", "Straße", "bauen", "Kenntnissen", "lichkeit"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		got := Stem(w)
		if !utf8.ValidString(got) {
			t.Errorf("Stem(%q) = %q, not valid UTF-8", w, got)
		}
		if want := generatedStem(w); comparable(w) && got != want {
			t.Errorf("Stem(%q) = %q, generated stemmer %q", w, got, want)
		}
	})
}

// comparable reports whether the generated stemmer's result on w is the
// reference: its runtime mishandles U+FFFD (it reads it as the end of a
// region search), which is what invalid UTF-8 becomes when lowercased. Stem
// reads U+FFFD as any other non-vowel.
func comparable(w string) bool {
	return !strings.ContainsRune(strings.ToValidUTF8(w, "\ufffd"), utf8.RuneError)
}
