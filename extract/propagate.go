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
	label    Label
	score    float64
	last     bool // a person's last name (or its genitive) taken from a longer name
	conflict bool // found with two labels: not propagated
}

// sources are the forms propagate spreads, keyed by their words joined
// with spaces; Stream keeps one across paragraphs.
type sources struct {
	forms map[string]source
	first map[string]int // first word → the most words of a form starting with it
	max   int            // no new forms once there are max (0: no limit)
}

func newSources(max int) *sources {
	return &sources{forms: map[string]source{}, first: map[string]int{}, max: max}
}

func (ss *sources) add(words []string, label Label, score float64, last bool) {
	k := strings.Join(words, " ")
	s, ok := ss.forms[k]
	if !ok {
		if ss.max > 0 && len(ss.forms) >= ss.max {
			return
		}
		ss.forms[k] = source{label: label, score: score, last: last}
		ss.first[words[0]] = max(ss.first[words[0]], len(words))
		return
	}
	s.conflict = s.conflict || s.label != label
	s.score = max(s.score, score)
	s.last = s.last && last
	ss.forms[k] = s
}

// propagate adds document-level consistency to the tagger's sentence-level
// decisions: a name the tagger found with a score of at least propagateMin
// is also an entity where the same words occur untagged elsewhere in the
// document, and so are the last word of a person's multi-word name (Mark
// Rutte … Rutte unterstrich) and the genitive in -s of a one-word name or
// a person's last name (Putin … Putins Berater). A form found with two
// labels is not propagated; person last names are not propagated after an
// article. An added span gets the label of its source and the source's
// (highest) score. The document's forms are added to ss, which may hold
// forms from before (Stream). spans must be ordered; the result is
// ordered.
func propagate(doc *Document, spans []span, ss *sources) []span {
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
		if !nameLike(words[0]) {
			continue
		}
		ss.add(words, s.label, s.score, false)
		last := words[len(words)-1]
		if s.label == PER && len(words) > 1 && nameLike(last) {
			ss.add([]string{last}, PER, s.score, true)
		}
		if len(words) == 1 || s.label == PER {
			if gen, ok := genitive(last); ok {
				ss.add([]string{gen}, s.label, s.score, len(words) > 1)
			}
		}
	}
	n := len(spans)
	for si, sent := range doc.Sentences {
		for i := sent.From; i < sent.To; i++ {
			if covered[i] {
				continue
			}
			longest := ss.first[lang.Normalize(doc.Tokens[i].Text)]
			for end := min(i+longest, sent.To); end > i; end-- {
				src, ok := ss.match(doc.Tokens[i:end], covered[i:end])
				if !ok || (src.last && i > sent.From && articles[strings.ToLower(doc.Tokens[i-1].Text)]) {
					continue
				}
				spans = append(spans, span{from: i, to: end, sent: si, label: src.label, kind: Name, score: src.score})
				for k := i; k < end; k++ {
					covered[k] = true
				}
				i = end - 1
				break
			}
		}
	}
	if len(spans) > n {
		slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	}
	return spans
}

// match returns the form the tokens spell when none of them is covered
// and the form may be propagated.
func (ss *sources) match(toks []Token, covered []bool) (source, bool) {
	words := make([]string, len(toks))
	for k, t := range toks {
		if covered[k] {
			return source{}, false
		}
		words[k] = lang.Normalize(t.Text)
	}
	src, ok := ss.forms[strings.Join(words, " ")]
	return src, ok && !src.conflict
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
