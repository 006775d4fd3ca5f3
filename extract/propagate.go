package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/namen-nlp/namen/lang"
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

// propagate adds document-level consistency to the tagger's sentence-level
// decisions: a name the tagger found with a score of at least propagateMin
// is also an entity where the same words occur untagged elsewhere in the
// document, and so is the last word of a person's multi-word name (Mark
// Rutte … Rutte unterstrich). A form found with two different labels is
// not propagated; person last names are not propagated after an article.
// An added span gets the label of its source and the source's score.
// spans must be ordered; the result is ordered.
func propagate(doc *Document, spans []span) []span {
	type source struct {
		words []string
		label Label
		score float64
		last  bool // a person's last name taken from a longer name
	}
	bySeq := map[string]*source{}
	conflict := map[string]bool{}
	add := func(words []string, label Label, score float64, last bool) {
		k := strings.Join(words, " ")
		if s, ok := bySeq[k]; ok {
			if s.label != label {
				conflict[k] = true
			}
			s.score = max(s.score, score)
			s.last = s.last && last
			return
		}
		bySeq[k] = &source{words, label, score, last}
	}
	covered := make([]bool, len(doc.Tokens))
	for _, s := range spans {
		for i := s.from; i < s.to; i++ {
			covered[i] = true
		}
		if s.kind != Name || s.score < propagateMin {
			continue
		}
		words := make([]string, 0, s.to-s.from)
		for _, t := range doc.Tokens[s.from:s.to] {
			words = append(words, lang.Normalize(t.Text))
		}
		add(words, s.label, s.score, false)
		if s.label == PER && len(words) > 1 && nameLike(words[len(words)-1]) {
			add(words[len(words)-1:], PER, s.score, true)
		}
	}
	byFirst := map[string][]*source{}
	for k, s := range bySeq {
		if !conflict[k] && nameLike(s.words[0]) {
			byFirst[s.words[0]] = append(byFirst[s.words[0]], s)
		}
	}
	if len(byFirst) == 0 {
		return spans
	}
	for _, list := range byFirst {
		slices.SortFunc(list, func(a, b *source) int {
			if c := cmp.Compare(len(b.words), len(a.words)); c != 0 {
				return c
			}
			return strings.Compare(strings.Join(a.words, " "), strings.Join(b.words, " "))
		})
	}
	n := len(spans)
	for si, sent := range doc.Sentences {
	tokens:
		for i := sent.From; i < sent.To; i++ {
			if covered[i] {
				continue
			}
			for _, src := range byFirst[lang.Normalize(doc.Tokens[i].Text)] {
				end := i + len(src.words)
				if end > sent.To || !matchFree(doc.Tokens[i:end], covered[i:end], src.words) {
					continue
				}
				if src.last && i > sent.From && articles[strings.ToLower(doc.Tokens[i-1].Text)] {
					continue
				}
				spans = append(spans, span{from: i, to: end, sent: si, label: src.label, kind: Name, score: src.score})
				for k := i; k < end; k++ {
					covered[k] = true
				}
				i = end - 1
				continue tokens
			}
		}
	}
	if len(spans) > n {
		slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	}
	return spans
}

// matchFree reports whether the tokens, none of them covered, spell words.
func matchFree(toks []Token, covered []bool, words []string) bool {
	for k, t := range toks {
		if covered[k] || lang.Normalize(t.Text) != words[k] {
			return false
		}
	}
	return true
}

// nameLike reports whether w starts with an upper-case letter or a digit.
func nameLike(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
