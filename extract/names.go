package extract

import (
	"cmp"
	"slices"
	"strings"

	"github.com/namen-nlp/namen/lang"
)

// gazetteer is the user's name list (WithNames), indexed by first token.
// It is immutable after newGazetteer.
type gazetteer struct {
	byFirst map[string][]gazEntry // longest entries first
	known   map[string]bool       // entry texts and bases
}

type gazEntry struct {
	words []string // normalised token texts
	NameEntry
}

func newGazetteer(entries []NameEntry) *gazetteer {
	if len(entries) == 0 {
		return nil
	}
	g := &gazetteer{byFirst: map[string][]gazEntry{}, known: map[string]bool{}}
	for _, e := range entries {
		var words []string
		for _, t := range lang.Tokenize(e.Text) {
			words = append(words, lang.Normalize(t.Text))
		}
		if len(words) == 0 {
			continue
		}
		g.byFirst[words[0]] = append(g.byFirst[words[0]], gazEntry{words: words, NameEntry: e})
		g.known[strings.Join(words, " ")] = true
		if e.Base != "" {
			g.known[e.Base] = true
		}
	}
	for _, list := range g.byFirst {
		slices.SortStableFunc(list, func(a, b gazEntry) int { return cmp.Compare(len(b.words), len(a.words)) })
	}
	return g
}

// has reports whether name is an entry (or an entry's base).
func (g *gazetteer) has(name string) bool { return g != nil && g.known[name] }

// apply merges the gazetteer's matches in doc into the model's spans (see
// WithNames for the rule) and returns the spans ordered by position.
func (g *gazetteer) apply(doc *Document, spans []span) []span {
	if g == nil {
		return spans
	}
	var matches []span
	for si, s := range doc.Sentences {
		for i := s.From; i < s.To; {
			e, ok := g.match(doc.Tokens[i:s.To])
			if !ok {
				i++
				continue
			}
			matches = append(matches, span{
				from: i, to: i + len(e.words), sent: si,
				label: e.Label, kind: e.Kind, score: 1, base: e.Base, user: true,
			})
			i += len(e.words)
		}
	}
	if len(matches) == 0 {
		return spans
	}
	out := make([]span, 0, len(spans)+len(matches))
	absorbed := make([]bool, len(matches))
	for _, s := range spans {
		keep := true
		for j, m := range matches {
			if m.to <= s.from || s.to <= m.from {
				continue
			}
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

// match returns the longest entry that starts the tokens.
func (g *gazetteer) match(toks []Token) (gazEntry, bool) {
	for _, e := range g.byFirst[lang.Normalize(toks[0].Text)] {
		if len(e.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range e.words[1:] {
			if lang.Normalize(toks[k+1].Text) != w {
				ok = false
				break
			}
		}
		if ok {
			return e, true
		}
	}
	return gazEntry{}, false
}
