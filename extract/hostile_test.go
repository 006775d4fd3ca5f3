package extract_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/lang"
)

// TestHostile states what Extract gives on hostile input with the default
// model. want lists entities ("Text/LABEL") that must be found at the
// first occurrence of Text in the input, so offsets index the original
// bytes (invalid UTF-8 and all); every Document invariant is checked too.
func TestHostile(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		in                string
		tokens, sentences int
		want              []string
	}{
		{"empty", "", 0, 0, nil},
		{"white space only", " \t\r\n\u00a0\u2003\u200b", 0, 0, nil},
		{"invalid UTF-8", "\xffAngela Merkel besuchte\xc3 Berlin.", 7, 1, []string{"Angela Merkel/PER", "Berlin/LOC"}},
		{"NUL and controls", "Angela Merkel\x00besuchte\x01Berlin\x1b.", 5, 1, []string{"Angela Merkel/PER", "Berlin/LOC"}},
		{"all caps", "DIE NATO SCHWEIGT. ANGELA MERKEL BESUCHT BERLIN.", 9, 2, []string{"NATO/ORG"}},
		{"emoji and combining marks", "Angela Merkel 👍🏽 besuchte Mu\u0308nchen.", 6, 1, []string{"Angela Merkel/PER", "Mu\u0308nchen/LOC"}},
		{"Latin and Cyrillic", "Wladimir Путин traf Рutin und Navalny in Moskau.", 9, 1, []string{"Moskau/LOC"}},
		{"CRLF and lone CR", "Angela Merkel besuchte Berlin.\r\n\r\nOlaf Scholz blieb in Bonn.\rDanach fuhr er nach Köln.", 17, 3,
			[]string{"Angela Merkel/PER", "Berlin/LOC", "Olaf Scholz/PER", "Bonn/LOC", "Köln/LOC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := x.Extract(context.Background(), tt.in)
			if err != nil {
				t.Fatal(err)
			}
			checkDocument(t, tt.in, doc)
			if len(doc.Tokens) != tt.tokens || len(doc.Sentences) != tt.sentences {
				t.Errorf("%d tokens, %d sentences; want %d, %d", len(doc.Tokens), len(doc.Sentences), tt.tokens, tt.sentences)
			}
			found := map[string]bool{}
			for _, e := range doc.Entities {
				found[fmt.Sprintf("%s/%s@%d", e.Text, e.Label, e.Start)] = true
			}
			for _, w := range tt.want {
				text, _, _ := strings.Cut(w, "/")
				if key := fmt.Sprintf("%s@%d", w, strings.Index(tt.in, text)); !found[key] {
					t.Errorf("missing %s; got %v", key, found)
				}
			}
		})
	}
}

// TestHostileLarge: a 10 MB word without spaces and 1 MB runs of "." and
// "-" are cut into tokens of lang.MaxTokenBytes, are one sentence each,
// and give no entity.
func TestHostileLarge(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{
		strings.Repeat("donaudampfschiff", 10<<20/16),
		strings.Repeat(".", 1<<20),
		strings.Repeat("-", 1<<20),
	} {
		doc, err := x.Extract(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		tokens := (len(in) + lang.MaxTokenBytes - 1) / lang.MaxTokenBytes
		if len(doc.Tokens) != tokens || len(doc.Sentences) != 1 || len(doc.Entities) != 0 {
			t.Errorf("%q… (%d bytes): %d tokens, %d sentences, %d entities; want %d, 1, 0",
				in[:16], len(in), len(doc.Tokens), len(doc.Sentences), len(doc.Entities), tokens)
		}
		checkDocument(t, in, doc)
	}
}

// linearInputs are texts that could make the document-level steps
// (propagation, bases, grouping) superlinear: one name repeated, many
// different names, a hyphen chain, many sentences.
var linearInputs = map[string]func(n int) string{
	"same name": func(n int) string { return strings.Repeat("Putin traf Putins Berater. ", n/27) },
	"many names": func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "Herr Mül%dler traf Frau Sch%dmidt in Ber%dlin. ", i, i, i)
		}
		return b.String()
	},
	"hyphen chain": func(n int) string { return strings.Repeat("NATO-", n/5) },
	"paragraphs":   func(n int) string { return strings.Repeat("Angela Merkel besuchte die russischen Truppen.\n\n", n/49) },
	// One long sentence whose first half a tagger may take for one long
	// name, then its prefixes (propagation was cubic in this).
	"name prefixes": func(n int) string {
		return strings.Repeat("Gespräche ", n/35) + strings.Repeat("die Gespräche laufen und ", n/35)
	},
	"one sentence": func(n int) string { return strings.Repeat("a ", n/2) },
	"long word":    func(n int) string { return strings.Repeat("aua", n/3) }, // the generated stemmer was quadratic
	"umlaut word":  func(n int) string { return strings.Repeat("äöüß", n/8) },
	"one last name": func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "Herr Karl%d Müller sprach mit Müller. ", i)
		}
		return b.String()
	},
}

// TestLinearMemory checks that Extract allocates linearly in its input: 8
// times the input may allocate at most 16 times as much (quadratic: 64;
// fixed costs and map growth make small inputs vary).
func TestLinearMemory(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	const small, factor, bound = 32 << 10, 8, 16
	for name, gen := range linearInputs {
		var a [2]uint64
		for i, n := range []int{small, small * factor} {
			s := gen(n)
			// Warm the tagger pool with the larger text, which also leaves
			// no token buffer to reuse: both sizes then allocate theirs.
			x.Extract(context.Background(), gen(small*factor))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			x.Extract(context.Background(), s)
			runtime.ReadMemStats(&after)
			a[i] = after.TotalAlloc - before.TotalAlloc
		}
		if ratio := float64(a[1]) / float64(max(a[0], 1)); ratio > bound {
			t.Errorf("%s: %d bytes allocate %d, %d bytes %d: ratio %.1f > %d", name, small, a[0], small*factor, a[1], ratio, bound)
		}
	}
}

// TestLinearTime checks that Extract takes time linear in its input, for
// every shape of linearInputs and for a text full of the user's names.
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test; skipped with -short")
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	// The user's names: every sentence has matches, inside and around the
	// model's spans (matching them against the spans was quadratic).
	var names []extract.NameEntry
	for i := range 1000 {
		names = append(names, extract.NameEntry{Text: fmt.Sprintf("Bank %d", i), Label: extract.ORG})
	}
	names = append(names, extract.NameEntry{Text: "Merkel", Label: extract.PER}, extract.NameEntry{Text: "Bank", Label: extract.ORG})
	withNames, err := extract.New(extract.WithNames(names...))
	if err != nil {
		t.Fatal(err)
	}
	named := func(n int) string {
		return strings.Repeat("Angela Merkel traf die Bank 7 und die Bank in Berlin. ", n/54)
	}
	for name, gen := range linearInputs {
		checkLinearTime(t, x, name, gen)
	}
	checkLinearTime(t, withNames, "user names", named)
}

// checkLinearTime checks that 8 times the input may take at most 32
// times as long (quadratic: 64). Each size is timed as the best of 2
// runs; the check fails only when 3 measurements in a row exceed the
// bound.
func checkLinearTime(t *testing.T, x *extract.Extractor, name string, gen func(int) string) {
	t.Helper()
	const small, factor, bound = 16 << 10, 8, 32
	var msg string
	for range 3 {
		var d [2]time.Duration
		for i, n := range []int{small, small * factor} {
			s := gen(n)
			d[i] = time.Hour
			for range 2 {
				start := time.Now()
				x.Extract(context.Background(), s)
				d[i] = min(d[i], time.Since(start))
			}
		}
		ratio := float64(d[1]) / float64(max(d[0], 100*time.Microsecond))
		if ratio <= bound {
			return
		}
		msg = fmt.Sprintf("%s: %d bytes took %v, %d bytes %v: ratio %.0f > %d, not linear", name, small, d[0], small*factor, d[1], ratio, bound)
	}
	t.Error(msg)
}

// TestDeadline gives Extract and Stream 4 MB of every shape of
// linearInputs with a 100 ms deadline: each returns (done, or with the
// deadline's error) within 300 ms (the aim is 200 ms; the margin is for a loaded machine).
// A context cancelled before the call returns at once on 64 MB, having
// allocated almost nothing.
func TestDeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("4 MB inputs; skipped with -short")
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	const size, deadline, limit = 4 << 20, 100 * time.Millisecond, 300 * time.Millisecond
	for name, gen := range linearInputs {
		text := gen(size)
		for _, stream := range []bool{false, true} {
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			start := time.Now()
			if stream {
				for _, err = range x.Stream(ctx, strings.NewReader(text)) {
					if err != nil {
						break
					}
				}
			} else {
				_, err = x.Extract(ctx, text)
			}
			took := time.Since(start)
			cancel()
			if err != nil && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s (stream %v): error %v, want none or the deadline's", name, stream, err)
			}
			if took > limit {
				t.Errorf("%s (stream %v): returned after %v with a deadline of %v", name, stream, took, deadline)
			}
			t.Logf("%s (stream %v): %v", name, stream, took.Round(time.Millisecond))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	huge := strings.Repeat("Angela Merkel besuchte Berlin. ", 64<<20/31)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err = x.Extract(ctx, huge)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, context.Canceled) || took > 10*time.Millisecond || after.TotalAlloc-before.TotalAlloc > 1<<20 {
		t.Errorf("cancelled context on %d bytes: %v after %v, %d bytes allocated", len(huge), err, took, after.TotalAlloc-before.TotalAlloc)
	}
}
