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

// source is a form propagate spreads over a document.
type source struct {
	words    []string
	label    Label
	score    float64
	last     bool // a person's last name (or its genitive) taken from a longer name
	conflict bool // found with two labels: not propagated
}

// propagate adds document-level consistency to the tagger's sentence-level
// decisions: a name the tagger found with a score of at least propagateMin
// is also an entity where the same words occur untagged elsewhere in the
// document, and so are the last word of a person's multi-word name (Mark
// Rutte … Rutte unterstrich) and the genitive in -s of a one-word name or
// a person's last name (Putin … Putins Berater). A form found with two
// labels is not propagated; person last names are not propagated after an
// article. An added span gets the label of its source and the source's
// (highest) score. prior holds sources from before the document (Stream)
// and is not modified; the result includes them. spans must be ordered;
// the result is ordered.
func propagate(doc *Document, spans []span, prior map[string]source) ([]span, map[string]source) {
	bySeq := make(map[string]source, len(prior))
	for k, s := range prior {
		bySeq[k] = s
	}
	add := func(words []string, label Label, score float64, last bool) {
		k := strings.Join(words, " ")
		s, ok := bySeq[k]
		if !ok {
			bySeq[k] = source{words: words, label: label, score: score, last: last}
			return
		}
		s.conflict = s.conflict || s.label != label
		s.score = max(s.score, score)
		s.last = s.last && last
		bySeq[k] = s
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
		last := words[len(words)-1]
		if s.label == PER && len(words) > 1 && nameLike(last) {
			add([]string{last}, PER, s.score, true)
		}
		if len(words) == 1 || s.label == PER {
			if gen, ok := genitive(last); ok {
				add([]string{gen}, s.label, s.score, len(words) > 1)
			}
		}
	}
	byFirst := map[string][]source{}
	for _, s := range bySeq {
		if !s.conflict && nameLike(s.words[0]) {
			byFirst[s.words[0]] = append(byFirst[s.words[0]], s)
		}
	}
	if len(byFirst) == 0 {
		return spans, bySeq
	}
	for _, list := range byFirst {
		slices.SortFunc(list, func(a, b source) int {
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
	return spans, bySeq
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
