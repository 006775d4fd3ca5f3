package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// propagateMin is the score a name span needs before its other
// occurrences in the document are tagged too.
const propagateMin = 0.9

// articles are the words after which a capitalised word is taken for a
// common noun rather than a person's last name ("der Koch").
var articles = map[string]bool{
	"der": true, "die": true, "das": true, "des": true, "dem": true, "den": true,
	"ein": true, "eine": true, "einer": true, "eines": true, "einem": true, "einen": true,
}

// Limits on the forms propagate spreads. A name of more than
// maxFormWords words (a long title; 60 of GermEval 2014's 29,078 training
// spans) or of more than maxFormBytes bytes is not propagated. They keep
// the search at each token to at most maxFormWords look-ups, and a
// Stream's memory of forms small.
const (
	maxFormWords = 8
	maxFormBytes = 256
)

// source is a form propagate spreads over a document.
type source struct {
	form     bool // a form ends at this node of the trie
	label    Label
	score    float64
	last     bool // a person's last name (or its genitive) taken from a longer name
	conflict bool // found with two labels: not propagated
}

// sources are the forms propagate spreads, in a trie of their words;
// Stream keeps one across paragraphs.
type sources struct {
	trie  *trie[source]
	forms int
	max   int // no new forms once there are max (0: no limit)
}

func newSources(max int) *sources {
	return &sources{trie: newTrie[source](), max: max}
}

func (ss *sources) add(words []string, label Label, score float64, last bool) {
	size := 0
	for _, w := range words {
		size += len(w)
	}
	if len(words) > maxFormWords || size > maxFormBytes {
		return
	}
	s, ok := ss.trie.find(words)
	if !ok || !s.form {
		if ss.max > 0 && ss.forms >= ss.max {
			return
		}
		if !ok {
			// Copies, so that a Stream's memory does not keep whole
			// paragraphs alive through their substrings.
			kept := make([]string, len(words))
			for i, w := range words {
				kept[i] = strings.Clone(w)
			}
			s = ss.trie.insert(kept)
		}
		*s = source{form: true, label: label, score: score, last: last}
		ss.forms++
		return
	}
	s.conflict = s.conflict || s.label != label
	s.score = max(s.score, score)
	s.last = s.last && last
}

// longest returns the length and source of the longest form that spells
// words from their start and may be propagated, stopping at the first
// covered word.
func (ss *sources) longest(words []string, covered []bool) (int, source) {
	words = words[:min(len(words), maxFormWords)] // no form is longer
	for k := range words {
		if covered[k] {
			words = words[:k]
			break
		}
	}
	return ss.trie.longest(words, func(s source) bool { return s.form && !s.conflict })
}

// propagate adds document-level consistency to the tagger's sentence-level
// decisions: a name the tagger found with a score of at least propagateMin
// is also an entity where the same words occur untagged elsewhere in the
// document, and so are the last word of a person's multi-word name (Mark
// Rutte … Rutte unterstrich) and the genitive in -s of a one-word name or
// a person's last name (Putin … Putins Berater). A form found with two
// labels is not propagated; person last names are not propagated after an
// article. An added span gets the label of its source and the source's
// (highest) score; where several forms start at a token, the longest
// wins. The document's forms are added to ss, which may hold forms from
// before (Stream). words are the normalised token texts. spans must be
// ordered; the result is ordered. Time is linear in the tokens: at most
// maxFormWords look-ups per token.
func propagate(doc *Document, words []string, spans []span, ss *sources) []span {
	covered := make([]bool, len(doc.Tokens))
	for _, s := range spans {
		for i := s.from; i < s.to; i++ {
			covered[i] = true
		}
		if s.kind != Name || s.score < propagateMin {
			continue
		}
		name := words[s.from:s.to]
		if !nameLike(name[0]) {
			continue
		}
		ss.add(name, s.label, s.score, false)
		last := name[len(name)-1]
		if s.label == PER && len(name) > 1 && nameLike(last) {
			ss.add([]string{last}, PER, s.score, true)
		}
		if len(name) == 1 || s.label == PER {
			if gen, ok := genitive(last); ok {
				ss.add([]string{gen}, s.label, s.score, len(name) > 1)
			}
		}
	}
	n := len(spans)
	for si, sent := range doc.Sentences {
		for i := sent.From; i < sent.To; i++ {
			k, src := ss.longest(words[i:sent.To], covered[i:sent.To])
			if k == 0 || (src.last && i > sent.From && articles[strings.ToLower(doc.Tokens[i-1].Text)]) {
				continue
			}
			end := i + k
			spans = append(spans, span{from: i, to: end, sent: si, label: src.label, kind: Name, score: src.score})
			for j := i; j < end; j++ {
				covered[j] = true
			}
			i = end - 1
		}
	}
	if len(spans) > n {
		slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	}
	return spans
}

// genitive returns the German genitive in -s of a name (Putin → Putins,
// Russland → Russlands); names ending in an s sound take an apostrophe
// instead, which the tokenizer splits off, so they have none here.
func genitive(name string) (string, bool) {
	if !nameLike(name) || strings.HasSuffix(name, "s") || strings.HasSuffix(name, "ß") ||
		strings.HasSuffix(name, "x") || strings.HasSuffix(name, "z") || isAcronym(name) {
		return "", false
	}
	return name + "s", true
}

// nameLike reports whether w starts with an upper-case letter or a digit.
func nameLike(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
