package extract

import (
	"cmp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/namen-nlp/namen/lang"
)

// baser computes base names for the spans of one document. Its support
// set holds what the document itself shows to be names: the text of every
// name span the tagger (or the gazetteer) found, and each token of it.
type baser struct {
	doc     *Document
	names   *gazetteer
	support map[string]bool
	prior   map[string]bool   // names known from before the document (Stream), read only
	words   map[string]string // lower case → a one-word name of the document (the least in byte order), for prefix search
	cased   map[string]string // lower case → a support form not all in capitals
}

func newBaser(doc *Document, spans []span, names *gazetteer, prior map[string]bool) *baser {
	b := &baser{doc: doc, names: names, support: map[string]bool{}, prior: prior,
		words: map[string]string{}, cased: map[string]string{}}
	for _, s := range spans {
		if s.kind != Name {
			continue
		}
		b.support[b.text(s)] = true
		for _, t := range doc.Tokens[s.from:s.to] {
			w := lang.Normalize(t.Text)
			b.support[w] = true
			if lower := strings.ToLower(w); b.words[lower] == "" || w < b.words[lower] {
				b.words[lower] = w
			}
		}
	}
	for name := range b.support {
		if lower := strings.ToLower(name); lower != name && !isAcronym(name) {
			if old, ok := b.cased[lower]; !ok || name < old {
				b.cased[lower] = name
			}
		}
	}
	return b
}

// text returns the normalised text of s: its tokens after lang.Normalize,
// separated by one space where the text has white space between them.
func (b *baser) text(s span) string {
	toks := b.doc.Tokens[s.from:s.to]
	if len(toks) == 1 {
		return lang.Normalize(toks[0].Text)
	}
	var sb strings.Builder
	for i, t := range toks {
		if i > 0 && t.Start > toks[i-1].End {
			sb.WriteByte(' ')
		}
		sb.WriteString(lang.Normalize(t.Text))
	}
	return sb.String()
}

// known reports whether name is supported as a name: found as a name in
// the document (or, in Stream, in an earlier paragraph), a place of the lexicon (lang.IsPlace) or a user name.
func (b *baser) known(name string) bool {
	return b.support[name] || b.prior[name] || lang.IsPlace(name) || b.names.has(name)
}

// base returns the base name of s. Sentence punctuation at the edges of
// the span (a tagged "Google News !") is not part of it.
func (b *baser) base(s span) string {
	for s.to-s.from > 1 && edgePunct(b.doc.Tokens[s.to-1]) {
		s.to--
	}
	for s.to-s.from > 1 && edgePunct(b.doc.Tokens[s.from]) {
		s.from++
	}
	text := b.text(s)
	switch s.kind {
	case Derived:
		return b.derivedBase(s, text)
	case Part:
		return b.partBase(text)
	default:
		return b.nameBase(text)
	}
}

// Limits that keep base names linear in the length of odd input: a name
// found inside a longer word has at most maxName bytes, and one inside a
// hyphenated compound at most maxParts parts (Saint-Germain-des-Prés).
const (
	maxName  = 64
	maxParts = 4
)

// inflections are the endings nameBase may take off, tried in this order.
var inflections = [...]string{"’s", "'s", "es", "s", "’", "'", "n"}

// nameBase takes a genitive or declension ending off name when the result
// is known (see known) and name itself is not: Putins → Putin when Putin
// is a name elsewhere in the document, Russlands → Russland (a lexicon
// place). A multi-word name loses the ending of its last word only. A
// name in capitals (a headline's BELEK) takes the case of the same name
// written normally elsewhere in the document (Belek).
func (b *baser) nameBase(name string) string {
	if lang.IsPlace(name) || b.names.has(name) {
		return name
	}
	if isAcronym(name) {
		if cased, ok := b.cased[strings.ToLower(name)]; ok {
			return cased
		}
		if title := titleCase(name); lang.IsPlace(title) {
			return title // MÜNCHEN → München, a lexicon place
		}
	}
	for _, end := range inflections {
		cut, ok := strings.CutSuffix(name, end)
		if !ok || utf8.RuneCountInString(cut) < 2 {
			continue
		}
		if b.known(cut) {
			return cut
		}
		if i := strings.LastIndexByte(cut, ' '); i >= 0 && b.known(cut[i+1:]) {
			return cut // Wladimir Putins → Wladimir Putin when Putin is known
		}
	}
	return name
}

// derivedBase maps a derived word to the place or name it comes from: a
// place adjective through the lexicon (russischen → Russland), else a
// name of the document the word starts with (goethesche → Goethe), else
// the Snowball stem of the text.
func (b *baser) derivedBase(s span, text string) string {
	toks := b.doc.Tokens[s.from:s.to]
	for i := len(toks) - 1; i >= 0; i-- {
		if place, ok := lang.Demonym(lang.Normalize(toks[i].Text)); ok {
			return place
		}
	}
	lower := strings.ToLower(lang.Normalize(toks[len(toks)-1].Text))
	for i := min(len(lower)-1, maxName); i > 0; i-- {
		if utf8.RuneStart(lower[i]) && utf8.RuneCountInString(lower[:i]) >= 4 {
			if w, ok := b.words[lower[:i]]; ok {
				return w
			}
		}
	}
	return lang.Stem(text)
}

// partBase finds the name inside a compound. For a hyphenated compound it
// takes, in this order: the longest run of hyphen parts that is known
// (Ost-Berlin → Berlin, NATO-Generalsekretär → NATO when NATO is a name in
// the document) or is a place adjective (mapped to its place); else the
// first part written in capitals that is no noun acronym (EU-Kommission →
// EU, SPIEGEL-Bestsellerautor → SPIEGEL, IT-BOLTEX → BOLTEX; see
// lang.NounAcronym); else the first capitalised part
// (Google-Suchmaschine → Google). A compound without hyphen gives the
// longest known name it starts with (Russlandpolitik → Russland). When
// nothing applies the base is the text itself.
func (b *baser) partBase(text string) string {
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == '-' || r == '‐' || r == '–' })
	if len(parts) < 2 {
		return b.prefixName(text)
	}
	for n := min(len(parts)-1, maxParts); n >= 1; n-- {
		for i := 0; i+n <= len(parts); i++ {
			cand := strings.Join(parts[i:i+n], "-")
			if b.known(cand) {
				return cand
			}
			if base := b.nameBase(cand); base != cand {
				return base
			}
			if place, ok := lang.Demonym(cand); ok && n == 1 {
				return place
			}
		}
	}
	for _, p := range parts {
		if isAcronym(p) && !lang.NounAcronym(p) {
			return p
		}
	}
	for _, p := range parts {
		if r, _ := utf8.DecodeRuneInString(p); unicode.IsUpper(r) {
			return p
		}
	}
	return text
}

// prefixName returns the longest known name (at least 3 letters) that
// word starts with, trying the word capitalised as well
// (deutschlandweit → Deutschland), or word itself.
func (b *baser) prefixName(word string) string {
	r, size := utf8.DecodeRuneInString(word)
	variants := []string{word}
	if up := unicode.ToUpper(r); up != r {
		variants = append(variants, string(up)+word[size:])
	}
	var best string
	for _, v := range variants {
		for i := min(len(v)-1, maxName); i >= 3; i-- {
			if !utf8.RuneStart(v[i]) {
				continue
			}
			if p := v[:i]; len(p) > len(best) && b.known(p) {
				best = p
				break
			}
		}
	}
	if best == "" {
		return word
	}
	return best
}

// edgePunct reports whether t is sentence punctuation or a dash, of any
// length ("!", "!!", "?!", "...", "--").
func edgePunct(t Token) bool {
	if t.Kind != lang.Punct || t.Text == "" {
		return false
	}
	for _, r := range t.Text {
		switch r {
		case '.', ',', ';', ':', '!', '?', '-', '–', '—', '…':
		default:
			return false
		}
	}
	return true
}

// isAcronym reports whether p has at least two letters, all upper case.
func isAcronym(p string) bool {
	letters := 0
	for _, r := range p {
		switch {
		case unicode.IsUpper(r):
			letters++
		case unicode.IsLower(r):
			return false
		}
	}
	return letters >= 2
}

// titleCase writes every space-separated word of name with an upper-case
// first letter and the rest in lower case: MÜNCHEN → München.
func titleCase(name string) string {
	out := []rune(strings.ToLower(name))
	for i, r := range out {
		if i == 0 || out[i-1] == ' ' {
			out[i] = unicode.ToUpper(r)
		}
	}
	return string(out)
}

// fullness orders base names for a group's canonical name: more words
// first, then a form not written all in capitals (Belek before BELEK).
func fullness(a, b string) int {
	if c := cmp.Compare(strings.Count(b, " "), strings.Count(a, " ")); c != 0 {
		return c
	}
	return cmp.Compare(boolInt(isAcronym(a)), boolInt(isAcronym(b)))
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}
