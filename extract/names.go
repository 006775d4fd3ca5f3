package extract

import (
	"cmp"
	"slices"
	"strings"

	"github.com/namen-nlp/namen/lang"
)

// gazetteer is the user's name list (WithNames), in a trie of the
// entries' normalised words. It is immutable after newGazetteer.
type gazetteer struct {
	trie    *trie[int32] // index in entries + 1 of the entry a node ends, or 0
	entries []gazEntry
	known   map[string]bool // entry texts and bases
}

type gazEntry struct {
	words int // normalised tokens
	NameEntry
}

func newGazetteer(entries []NameEntry) *gazetteer {
	if len(entries) == 0 {
		return nil
	}
	g := &gazetteer{trie: newTrie[int32](), known: map[string]bool{}}
	for _, e := range entries {
		var words []string
		for _, t := range lang.Tokenize(e.Text) {
			words = append(words, lang.Normalize(t.Text))
		}
		if len(words) == 0 {
			continue
		}
		if v := g.trie.insert(words); *v == 0 { // the first of equal entries wins
			g.entries = append(g.entries, gazEntry{words: len(words), NameEntry: e})
			*v = int32(len(g.entries))
		}
		g.known[strings.Join(words, " ")] = true
		if e.Base != "" {
			g.known[e.Base] = true
		}
	}
	return g
}

// has reports whether name is an entry (or an entry's base).
func (g *gazetteer) has(name string) bool { return g != nil && g.known[name] }

// apply merges the gazetteer's matches in doc into the model's spans (see
// WithNames for the rule) and returns the spans ordered by position.
// words are the normalised token texts; spans must be ordered and must
// not overlap. Time is linear in the tokens (times the words of the
// longest entry) and the spans.
func (g *gazetteer) apply(doc *Document, words []string, spans []span) []span {
	if g == nil {
		return spans
	}
	var matches []span
	for si, s := range doc.Sentences {
		for i := s.From; i < s.To; {
			e, ok := g.match(words[i:s.To])
			if !ok {
				i++
				continue
			}
			matches = append(matches, span{
				from: i, to: i + e.words, sent: si,
				label: e.Label, kind: e.Kind, score: 1, base: e.Base, user: true,
			})
			i += e.words
		}
	}
	if len(matches) == 0 {
		return spans
	}
	out := make([]span, 0, len(spans)+len(matches))
	absorbed := make([]bool, len(matches))
	first := 0 // the first match that may overlap the current span
	for _, s := range spans {
		for first < len(matches) && matches[first].to <= s.from {
			first++
		}
		keep := true
		for j := first; j < len(matches) && matches[j].from < s.to; j++ {
			m := matches[j]
			if s.from <= m.from && m.to <= s.to && s.to-s.from > m.to-m.from {
				s.label, s.user = m.label, true
				absorbed[j] = true
				continue
			}
			keep = false
		}
		if keep {
			out = append(out, s)
		}
	}
	for j, m := range matches {
		if !absorbed[j] {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	return out
}

// match returns the longest entry that starts words.
func (g *gazetteer) match(words []string) (gazEntry, bool) {
	n, e := g.trie.longest(words, func(e int32) bool { return e != 0 })
	if n == 0 {
		return gazEntry{}, false
	}
	return g.entries[e-1], true
}
