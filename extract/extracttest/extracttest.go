// Package extracttest helps the tests of code that uses package extract:
// a model-free Extractor that finds exactly the names it is given, a
// builder of valid Documents from a text and its entities, a check of a
// Document's invariants, and helpers that compare entities without
// scores, which change with every model.
//
// A service usually depends on a small interface of its own that
// *extract.Extractor satisfies, such as
//
//	type finder interface {
//		Entities(ctx context.Context, text string) ([]extract.Entity, error)
//	}
//
// and its tests pass New(t, names...) where the service passes the real
// Extractor. Everything here is deterministic and loads no model.
package extracttest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/lang"
)

// New returns an Extractor that loads and runs no model and finds exactly
// the given names, every occurrence of each (see extract.WithNames and
// extract.WithoutModel), with score 1. It fails the test on an invalid
// name. The Extractor has every method of a real one and is safe for
// concurrent use.
func New(t testing.TB, names ...extract.NameEntry) *extract.Extractor {
	t.Helper()
	x, err := extract.New(extract.WithoutModel(), extract.WithNames(names...))
	if err != nil {
		t.Fatalf("extracttest.New: %v", err)
	}
	return x
}

// Names makes name entries of one label from their texts.
func Names(label extract.Label, texts ...string) []extract.NameEntry {
	out := make([]extract.NameEntry, len(texts))
	for i, s := range texts {
		out[i] = extract.NameEntry{Text: s, Label: label}
	}
	return out
}

// Span is an entity for Document: its text, found in the document's text
// at or after the end of the span before, and what it is.
type Span struct {
	Text  string
	Label extract.Label
	Kind  extract.Kind // the zero Kind is extract.Name
	Base  string       // "": Text
	Score float64      // 0: 1
}

// Document returns the Document of text with the given entities, as
// Extract would return it: its tokens (with stems) and sentences, each
// span as an entity with its offsets, token range, sentence, stem and
// type, and groups of the entities with the same label and base (ignoring
// case), named by their base. It fails the test when a span is not found
// in order, does not start and end on token boundaries, crosses a
// sentence boundary, or has an invalid label or kind. The caller owns the
// Document.
func Document(t testing.TB, text string, spans ...Span) *extract.Document {
	t.Helper()
	doc, err := build(text, spans)
	if err != nil {
		t.Fatalf("extracttest.Document: %v", err)
	}
	return doc
}

func build(text string, spans []Span) (*extract.Document, error) {
	toks := lang.Tokenize(text)
	doc := &extract.Document{
		Text:      text,
		Sentences: lang.Sentences(text, toks),
		Tokens:    make([]extract.Token, len(toks)),
		Entities:  []extract.Entity{},
		Groups:    []extract.Group{},
	}
	if doc.Sentences == nil {
		doc.Sentences = []lang.Sentence{}
	}
	starts, ends := map[int]int{}, map[int]int{}
	for i, tok := range toks {
		doc.Tokens[i] = extract.Token{Token: tok, Stem: lang.Stem(tok.Text)}
		starts[tok.Start], ends[tok.End] = i, i
	}
	at := 0
	for _, s := range spans {
		i := strings.Index(text[at:], s.Text)
		if s.Text == "" || i < 0 {
			return nil, fmt.Errorf("span %q not found after byte %d", s.Text, at)
		}
		start, end := at+i, at+i+len(s.Text)
		from, ok1 := starts[start]
		last, ok2 := ends[end]
		switch {
		case !ok1 || !ok2:
			return nil, fmt.Errorf("span %q at %d-%d does not start and end on token boundaries", s.Text, start, end)
		case sentenceOf(doc.Sentences, from) != sentenceOf(doc.Sentences, last):
			return nil, fmt.Errorf("span %q at %d-%d crosses a sentence boundary", s.Text, start, end)
		}
		e := extract.Entity{
			Text: s.Text, Start: start, End: end, From: from, To: last + 1, Sentence: sentenceOf(doc.Sentences, from),
			Label: s.Label, Kind: s.Kind, Base: cmp.Or(s.Base, s.Text), Score: cmp.Or(s.Score, 1),
		}
		stems := make([]string, 0, e.To-e.From)
		for _, tok := range doc.Tokens[e.From:e.To] {
			stems = append(stems, tok.Stem)
		}
		e.Stem = strings.Join(stems, " ")
		doc.Entities = append(doc.Entities, e)
		at = end
	}
	byBase := map[string]int{}
	for i, e := range doc.Entities {
		key := e.Label.String() + "\x00" + strings.ToLower(e.Base)
		g, ok := byBase[key]
		if !ok {
			g = len(doc.Groups)
			byBase[key] = g
			doc.Groups = append(doc.Groups, extract.Group{Name: e.Base, Label: e.Label})
		}
		doc.Groups[g].Mentions = append(doc.Groups[g].Mentions, i)
	}
	return doc, Check(doc)
}

// sentenceOf returns the index of the sentence that holds token tok.
func sentenceOf(sents []lang.Sentence, tok int) int {
	i, _ := slices.BinarySearchFunc(sents, tok, func(s lang.Sentence, tok int) int {
		switch {
		case s.To <= tok:
			return -1
		case s.From > tok:
			return 1
		}
		return 0
	})
	return i
}

// Check reports the first invariant of a Document that doc breaks, or
// nil: tokens in order and each Text == Text[Start:End]; sentences that
// cover the tokens in order; entities in order, not overlapping, each
// with Text == doc.Text[Start:End], on the token range From–To inside its
// sentence, with a valid label and kind and a score in [0,1]; groups whose
// mentions are ascending indices of entities of the group's label.
func Check(doc *extract.Document) error {
	if doc == nil {
		return fmt.Errorf("nil Document")
	}
	text := doc.Text
	for i, tok := range doc.Tokens {
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End || text[tok.Start:tok.End] != tok.Text ||
			i > 0 && tok.Start < doc.Tokens[i-1].End {
			return fmt.Errorf("token %d %+v: not in order or not the text at its offsets", i, tok.Token)
		}
	}
	next := 0
	for i, s := range doc.Sentences {
		if s.From != next || s.To <= s.From || s.To > len(doc.Tokens) ||
			s.Start != doc.Tokens[s.From].Start || s.End != doc.Tokens[s.To-1].End {
			return fmt.Errorf("sentence %d %+v: does not follow token %d or its span is not its tokens'", i, s, next)
		}
		next = s.To
	}
	if next != len(doc.Tokens) {
		return fmt.Errorf("sentences cover %d of %d tokens", next, len(doc.Tokens))
	}
	for i, e := range doc.Entities {
		switch {
		case e.Start < 0 || e.End > len(text) || e.Start >= e.End || text[e.Start:e.End] != e.Text:
			return fmt.Errorf("entity %d %q: not the text at %d-%d", i, e.Text, e.Start, e.End)
		case i > 0 && e.Start < doc.Entities[i-1].End:
			return fmt.Errorf("entity %d %q: overlaps or precedes the one before", i, e.Text)
		case e.From < 0 || e.To > len(doc.Tokens) || e.From >= e.To ||
			doc.Tokens[e.From].Start != e.Start || doc.Tokens[e.To-1].End != e.End:
			return fmt.Errorf("entity %d %q: tokens %d-%d do not span %d-%d", i, e.Text, e.From, e.To, e.Start, e.End)
		case e.Sentence < 0 || e.Sentence >= len(doc.Sentences) ||
			e.From < doc.Sentences[e.Sentence].From || e.To > doc.Sentences[e.Sentence].To:
			return fmt.Errorf("entity %d %q: not inside sentence %d", i, e.Text, e.Sentence)
		case !(e.Score >= 0 && e.Score <= 1):
			return fmt.Errorf("entity %d %q: score %v outside [0,1]", i, e.Text, e.Score)
		}
		if _, err := e.Label.MarshalText(); err != nil {
			return fmt.Errorf("entity %d %q: %w", i, e.Text, err)
		}
		if _, err := e.Kind.MarshalText(); err != nil {
			return fmt.Errorf("entity %d %q: %w", i, e.Text, err)
		}
	}
	for gi, g := range doc.Groups {
		if len(g.Mentions) == 0 {
			return fmt.Errorf("group %d %q: no mentions", gi, g.Name)
		}
		for k, m := range g.Mentions {
			if m < 0 || m >= len(doc.Entities) || doc.Entities[m].Label != g.Label || k > 0 && m <= g.Mentions[k-1] {
				return fmt.Errorf("group %d %q: mention %d is no ascending index of an entity of label %v", gi, g.Name, m, g.Label)
			}
		}
	}
	return nil
}

// Briefs returns each entity as "Text/TYPE/Base" ("Putins/PER/Putin"),
// for comparisons that ignore offsets and scores.
func Briefs(ents []extract.Entity) []string {
	out := make([]string, len(ents))
	for i, e := range ents {
		out[i] = e.Text + "/" + e.Type().String() + "/" + e.Base
	}
	return out
}

// RoundScores returns a copy of ents with each score rounded to the given
// number of decimal places, for golden files that survive small changes
// of the model.
func RoundScores(ents []extract.Entity, places int) []extract.Entity {
	out := slices.Clone(ents)
	p := math.Pow(10, float64(places))
	for i := range out {
		out[i].Score = math.Round(out[i].Score*p) / p
	}
	return out
}
