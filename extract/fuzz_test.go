package extract_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/lang"
)

// FuzzDocument checks every invariant of a Document on arbitrary text with
// the default model: no error and no panic; tokens in order, on UTF-8
// boundaries, with their stems, and tokens plus gaps rebuild the text;
// sentences cover the tokens in order; entities in order, not
// overlapping, on token boundaries inside their sentence, with
// text[Start:End] == Text; groups index entities of their label. Stream
// over the same text gives entities with the same guarantees.
func FuzzDocument(f *testing.F) {
	x, err := extract.New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"", " \t\r\n", "Wladimir Putin und Putins Berater trafen die russischen Diplomaten in Moskau.",
		"\xffAngela Merkel besuchte\xc3 Berlin.", "Angela\x00Merkel besuchte Berlin.",
		"BUNDESKANZLER OLAF SCHOLZ BESUCHT BERLIN. DIE NATO SCHWEIGT.",
		"Angela Merkel 👍🏽 besuchte Mu\u0308nchen und Cafe\u0301 Zürich.",
		"Wladimir Путин traf Рutin und Алексей Navalny in Moskau.",
		"Angela Merkel besuchte Berlin.\r\n\r\nOlaf Scholz blieb in Bonn.\rDanach fuhr er nach Köln.",
		"NATO-Generalsekretär\u00adRutte", "......", "------",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Time is bounded per input: 1 s plus 20 µs a byte, some 20 times
		// what the pipeline needs; a superlinear step blows it.
		budget := time.Second + time.Duration(len(text))*20*time.Microsecond
		ctx, cancel := context.WithTimeout(context.Background(), budget)
		defer cancel()
		doc, err := x.Extract(ctx, text)
		if err != nil {
			t.Fatalf("Extract of %d bytes (budget %v): %v", len(text), budget, err)
		}
		checkDocument(t, text, doc)
		var ents []extract.Entity
		for e, err := range x.Stream(ctx, strings.NewReader(text)) {
			if err != nil {
				t.Fatalf("Stream of %d bytes (budget %v): %v", len(text), budget, err)
			}
			ents = append(ents, e)
		}
		checkSpans(t, text, ents)
	})
}

// checkDocument checks the invariants of doc, the result of Extract(text).
func checkDocument(t *testing.T, text string, doc *extract.Document) {
	t.Helper()
	if doc.Text != text {
		t.Fatalf("Document.Text differs from the input")
	}
	boundary := boundaries(text)
	// Tokens: ordered, non-empty, stemmed; gaps hold only invisible
	// characters; tokens plus gaps rebuild the text.
	var b strings.Builder
	tokStart := map[int]int{}
	tokEnd := map[int]int{}
	prev := 0
	for i, tok := range doc.Tokens {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) || !boundary[tok.Start] || !boundary[tok.End] {
			t.Fatalf("%q: token %d %+v: bad span (previous end %d)", text, i, tok, prev)
		}
		if tok.Text != text[tok.Start:tok.End] || tok.Stem != lang.Stem(tok.Text) {
			t.Fatalf("%q: token %d %+v: text or stem wrong", text, i, tok)
		}
		gap := text[prev:tok.Start]
		checkGap(t, text, gap)
		b.WriteString(gap)
		b.WriteString(tok.Text)
		tokStart[tok.Start], tokEnd[tok.End] = i, i
		prev = tok.End
	}
	checkGap(t, text, text[prev:])
	if b.WriteString(text[prev:]); b.String() != text {
		t.Fatalf("%q: tokens and gaps rebuild %q", text, b.String())
	}
	// Sentences: cover the tokens in order.
	next := 0
	for i, s := range doc.Sentences {
		if s.From != next || s.To <= s.From || s.To > len(doc.Tokens) ||
			s.Start != doc.Tokens[s.From].Start || s.End != doc.Tokens[s.To-1].End {
			t.Fatalf("%q: sentence %d %+v inconsistent (next token %d of %d)", text, i, s, next, len(doc.Tokens))
		}
		next = s.To
	}
	if next != len(doc.Tokens) {
		t.Fatalf("%q: sentences cover %d of %d tokens", text, next, len(doc.Tokens))
	}
	// Entities: on token boundaries inside their sentence.
	checkSpans(t, text, doc.Entities)
	for i, e := range doc.Entities {
		from, ok1 := tokStart[e.Start]
		to, ok2 := tokEnd[e.End]
		if !ok1 || !ok2 || e.Sentence < 0 || e.Sentence >= len(doc.Sentences) {
			t.Fatalf("%q: entity %d %+v not on token boundaries or bad sentence", text, i, e)
		}
		if e.From != from || e.To != to+1 {
			t.Fatalf("%q: entity %d %+v: token range [%d, %d), want [%d, %d)", text, i, e, e.From, e.To, from, to+1)
		}
		if s := doc.Sentences[e.Sentence]; from < s.From || to >= s.To {
			t.Fatalf("%q: entity %d %+v outside its sentence %+v", text, i, e, s)
		}
	}
	// Groups: mentions ascending, valid, of the group's label.
	for _, g := range doc.Groups {
		if len(g.Mentions) == 0 {
			t.Fatalf("%q: empty group %+v", text, g)
		}
		for k, m := range g.Mentions {
			if m < 0 || m >= len(doc.Entities) || doc.Entities[m].Label != g.Label || k > 0 && m <= g.Mentions[k-1] {
				t.Fatalf("%q: group %+v: bad mention %d", text, g, m)
			}
		}
	}
}

// checkSpans checks entities for order, bounds, character boundaries, text,
// label, kind and score.
func checkSpans(t *testing.T, text string, ents []extract.Entity) {
	t.Helper()
	boundary := boundaries(text)
	end := 0
	for i, e := range ents {
		if e.Start < end || e.End <= e.Start || e.End > len(text) || !boundary[e.Start] || !boundary[e.End] {
			t.Fatalf("%q: entity %d %+v: bad span (previous end %d)", text, i, e, end)
		}
		if text[e.Start:e.End] != e.Text {
			t.Fatalf("%q: entity %d: text[%d:%d] = %q, Text = %q", text, i, e.Start, e.End, text[e.Start:e.End], e.Text)
		}
		if strings.HasPrefix(e.Label.String(), "Label(") || strings.HasPrefix(e.Kind.String(), "Kind(") || !(e.Score >= 0 && e.Score <= 1) {
			t.Fatalf("%q: entity %d %+v: bad label, kind or score", text, i, e)
		}
		end = e.End
	}
}

// boundaries marks the offsets where a character starts (an invalid byte
// counts as a character of its own) and the end of text.
func boundaries(text string) []bool {
	b := make([]bool, len(text)+1)
	for i := range text {
		b[i] = true
	}
	b[len(text)] = true
	return b
}

// checkGap fails when a gap between tokens holds a visible character.
func checkGap(t *testing.T, text, gap string) {
	t.Helper()
	for _, r := range gap {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
			t.Fatalf("%q: visible character %q dropped in a gap", text, r)
		}
	}
}
