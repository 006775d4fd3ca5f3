package lang

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestHostile states what Tokenize and Sentences give on input a web
// scraper delivers: broken UTF-8, control characters, odd scripts and line
// ends. Tokens are written "text/Kind", sentences as their text.
func TestHostile(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		tokens    []string
		sentences []string
	}{
		{"empty", "", nil, nil},
		{"white space only", " \t\n\r\n\u00a0\u2003\u200b\u00ad", nil, nil},
		{
			// Invalid bytes are Symbol tokens of their own; offsets index
			// the original bytes.
			"invalid UTF-8", "\xffBerlin\xc3 trifft\xe2\x82 Putin\x80.",
			[]string{"\xff/symbol", "Berlin/word", "\xc3/symbol", "trifft/word", "\xe2\x82/symbol", "Putin/word", "\x80/symbol", "./punct"},
			[]string{"\xffBerlin\xc3 trifft\xe2\x82 Putin\x80."},
		},
		{"surrogate half", "a\xed\xa0\x80b", []string{"a/word", "\xed\xa0\x80/symbol", "b/word"}, []string{"a\xed\xa0\x80b"}},
		{"NUL separates words", "Putin\x00Russland", []string{"Putin/word", "Russland/word"}, []string{"Putin\x00Russland"}},
		{"control characters are gaps", "Berlin\tund\vBonn\fX\x7f.", []string{"Berlin/word", "und/word", "Bonn/word", "X/word", "./punct"}, []string{"Berlin\tund\vBonn\fX\x7f."}},
		{"ANSI escape", "Putin\x1b[0mRussland", []string{"Putin/word", "[/punct", "0mRussland/word"}, []string{"Putin\x1b[0mRussland"}},
		{
			"all caps", "OLAF SCHOLZ TRIFFT NATO-CHEF IN BRÜSSEL. DIE USA SCHWEIGEN.",
			[]string{"OLAF/word", "SCHOLZ/word", "TRIFFT/word", "NATO-CHEF/word", "IN/word", "BRÜSSEL/word", "./punct", "DIE/word", "USA/word", "SCHWEIGEN/word", "./punct"},
			[]string{"OLAF SCHOLZ TRIFFT NATO-CHEF IN BRÜSSEL.", "DIE USA SCHWEIGEN."},
		},
		{
			// Emoji with skin tone and ZWJ sequences stay whole; combining
			// marks stay in their word.
			"emoji and combining marks", "Merkel 👍🏽 und 👨\u200d👩\u200d👧 in Cafe\u0301 und Mu\u0308nchen.",
			[]string{"Merkel/word", "👍🏽/symbol", "und/word", "👨\u200d👩\u200d👧/symbol", "in/word", "Cafe\u0301/word", "und/word", "Mu\u0308nchen/word", "./punct"},
			[]string{"Merkel 👍🏽 und 👨\u200d👩\u200d👧 in Cafe\u0301 und Mu\u0308nchen."},
		},
		{
			// "Рutin" starts with a Cyrillic Er: still one word.
			"Latin and Cyrillic", "Wladimir Путин traf Рutin.",
			[]string{"Wladimir/word", "Путин/word", "traf/word", "Рutin/word", "./punct"},
			[]string{"Wladimir Путин traf Рutin."},
		},
		{
			"CRLF and lone CR", "Satz eins.\r\nSatz zwei.\r\n\r\nAbsatz\rNach CR.",
			[]string{"Satz/word", "eins/word", "./punct", "Satz/word", "zwei/word", "./punct", "Absatz/word", "Nach/word", "CR/word", "./punct"},
			[]string{"Satz eins.", "Satz zwei.", "Absatz\rNach CR."},
		},
		{"suspended hyphen before CRLF", "Ost-\r\nWest", []string{"Ost-/word", "West/word"}, []string{"Ost-\r\nWest"}},
		{"run of periods", "......", []string{"....../punct"}, []string{"......"}},
		{"run of hyphens", "------", []string{"------/punct"}, []string{"------"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.in)
			checkInvariant(t, tt.in, toks)
			sents := Sentences(tt.in, toks)
			checkSentences(t, tt.in, toks, sents)
			var gotToks, gotSents []string
			for _, tok := range toks {
				gotToks = append(gotToks, tok.Text+"/"+tok.Kind.String())
			}
			for _, s := range sents {
				gotSents = append(gotSents, tt.in[s.Start:s.End])
			}
			if diff := cmp.Diff(tt.tokens, gotToks); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.sentences, gotSents); diff != "" {
				t.Errorf("sentences (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHostileLarge: a 10 MB word without spaces and 1 MB runs of "." and
// "-" are cut into tokens of MaxTokenBytes (the last one shorter) and
// are one sentence each; a word of multi-byte letters is cut at character
// boundaries.
func TestHostileLarge(t *testing.T) {
	for _, tt := range []struct {
		in   string
		kind Kind
	}{
		{strings.Repeat("Donaudampfschiff", 10<<20/16), Word},
		{strings.Repeat(".", 1<<20), Punct},
		{strings.Repeat("-", 1<<20), Punct},
		{strings.Repeat("aäöü", 1<<20/7), Word},
	} {
		toks := Tokenize(tt.in)
		checkInvariant(t, tt.in, toks)
		var want []Token
		for i := 0; i < len(tt.in); {
			end := min(i+MaxTokenBytes, len(tt.in))
			for !utf8.RuneStart(tt.in[end%len(tt.in)]) {
				end--
			}
			want = append(want, Token{Text: tt.in[i:end], Start: i, End: end, Kind: tt.kind})
			i = end
		}
		if diff := cmp.Diff(want, toks); diff != "" {
			t.Errorf("%q… (%d bytes): tokens differ (-want +got):\n%.500s", tt.in[:16], len(tt.in), diff)
		}
		if diff := cmp.Diff([]Sentence{{0, len(tt.in), 0, len(want)}}, Sentences(tt.in, toks)); diff != "" {
			t.Errorf("%q… (%d bytes): sentences differ (-want +got):\n%s", tt.in[:16], len(tt.in), diff)
		}
	}
}

// linearPatterns are inputs that could make a tokenizer or sentence
// splitter look ahead or back without bound: runs of quotes and brackets,
// abbreviations, hashtags, URLs, hyphens.
var linearPatterns = []string{
	".", "-", "a", "a.", "Ost- ", "\"", "„a ", "(", "z. B. ", "1.1", "http://a", "www.", "a@", "@a", "#a",
	"a\u0301", "\xff", "Dr. ", "II. ", "a:innen", "'s ", "...\n", "- a\n", "\n\n", "\u00ad", "„", "»", "U.S.A.", "x@y.de ",
}

// TestLinearTime checks that tokenizing (into a buffer large enough, so
// that slice growth and garbage collection stay out of the measurement)
// plus Sentences take time linear in the input: 8 times the input may
// take at most 32 times as long (a quadratic algorithm takes 64 times; the
// slack absorbs cache effects and a busy machine). Each size is timed as
// the best of 3 runs, and a pattern fails only when 3 measurements in a
// row exceed the bound. TestLinearMemory covers the allocations.
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test; skipped with -short")
	}
	const small, factor, bound = 128 << 10, 8, 32
	buf := make([]Token, 0, small*factor) // at most one token per byte
	for _, p := range linearPatterns {
		var msg string
		for range 3 {
			var d [2]time.Duration
			for i, n := range []int{small, small * factor} {
				s := strings.Repeat(p, n/len(p))
				d[i] = time.Hour
				for range 3 {
					start := time.Now()
					buf = AppendTokens(buf[:0], s)
					Sentences(s, buf)
					d[i] = min(d[i], time.Since(start))
				}
			}
			// Below 100µs the small run is too short to time reliably.
			ratio := float64(d[1]) / float64(max(d[0], 100*time.Microsecond))
			if ratio <= bound {
				msg = ""
				break
			}
			msg = fmt.Sprintf("%q: %d bytes took %v, %d bytes %v: ratio %.0f > %d, not linear", p, small, d[0], small*factor, d[1], ratio, bound)
		}
		if msg != "" {
			t.Error(msg)
		}
	}
}

// TestLinearMemory checks that the bytes Tokenize plus Sentences allocate
// grow linearly: 8 times the input allocates at most 12 times as much.
func TestLinearMemory(t *testing.T) {
	const small, factor, bound = 64 << 10, 8, 12
	for _, p := range linearPatterns {
		var a [2]uint64
		for i, n := range []int{small, small * factor} {
			s := strings.Repeat(p, n/len(p))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			Sentences(s, Tokenize(s))
			runtime.ReadMemStats(&after)
			a[i] = after.TotalAlloc - before.TotalAlloc
		}
		if ratio := float64(a[1]) / float64(max(a[0], 1)); ratio > bound {
			t.Errorf("%q: %d bytes allocate %d, %d bytes %d: ratio %.1f > %d", p, small, a[0], small*factor, a[1], ratio, bound)
		}
	}
}

// BenchmarkHostile reports the throughput of Tokenize plus Sentences on 1 MB
// of each pattern of TestLinearTime.
func BenchmarkHostile(b *testing.B) {
	for _, p := range linearPatterns {
		s := strings.Repeat(p, (1<<20)/len(p))
		b.Run(fmt.Sprintf("%q", p), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				Sentences(s, Tokenize(s))
			}
		})
	}
}
