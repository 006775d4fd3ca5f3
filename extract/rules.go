package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/namen-nlp/namen/lang"
)

// Sentence-level rules applied to the tagger's spans before the
// document-level steps: names marked by a trademark sign, and acronyms
// that stand for common nouns.

// brandScore is the score of a name marked by a trademark sign: above
// propagateMin, so the brand's other mentions in the document are found
// too, and below the 1 of the user's names.
const brandScore = 0.95

// maxBrand is the most tokens a name before a trademark sign spans.
const maxBrand = 4

// trademark reports whether t is a registered (®) or trademark (™) sign.
func trademark(t Token) bool {
	return t.Kind == lang.Symbol && (t.Text == "®" || t.Text == "™")
}

// markBrands makes the name right before a trademark sign an entity. The
// name is the word before the sign when it has a capital letter or digit
// (Lego®, iPhone™); when that word is written in capitals, the capital
// words before it in the same sentence belong to it too, at most maxBrand
// words in all (ACME SOFT®). Capitalised words that are not in capitals
// do not extend the name, since German capitalises nouns and sentence
// starts (Die Marke Nivea® gives Nivea). A name span of the tagger that
// contains all of it keeps its extent (Microsoft Windows®); otherwise the
// name replaces the tagger's spans it overlaps. The label is the tagger's
// (of the best-scoring span it overlaps) when that is OTH, else ORG:
// GermEval 2014 counts brands and companies as ORG, and a registered mark
// is no person or place as such. Either way the name scores at least
// brandScore and is a brand: the common-noun rule leaves it alone. spans
// must be ordered; the result is ordered. Time is linear in the tokens
// and spans.
func markBrands(doc *Document, spans []span) []span {
	var brands []span
	for si, sent := range doc.Sentences {
		for i := sent.From; i < sent.To && i < len(doc.Tokens); i++ {
			if !trademark(doc.Tokens[i]) {
				continue
			}
			if from, ok := brandStart(doc.Text, doc.Tokens[sent.From:i]); ok {
				brands = append(brands, span{from: sent.From + from, to: i, sent: si, label: ORG, kind: Name, score: brandScore, brand: true})
			}
		}
	}
	if len(brands) == 0 {
		return spans
	}
	out := make([]span, 0, len(spans)+len(brands))
	j := 0 // the next tagger span to copy
	for _, b := range brands {
		for j < len(spans) && spans[j].to <= b.from {
			out = append(out, spans[j])
			j++
		}
		if n := len(out); n > 0 && out[n-1].to > b.from {
			// A span kept for an earlier brand reaches into this one.
			if last := &out[n-1]; last.kind == Name && b.to <= last.to {
				last.score, last.brand = max(last.score, brandScore), true
			}
			continue
		}
		k := j
		for k < len(spans) && spans[k].from < b.to {
			k++
		}
		if s := spans[j:k]; len(s) == 1 && s[0].kind == Name && s[0].from <= b.from && b.to <= s[0].to {
			b.from, b.to = s[0].from, s[0].to
		}
		best := -1
		for i := j; i < k; i++ {
			if best < 0 || spans[i].score > spans[best].score {
				best = i
			}
		}
		if best >= 0 {
			b.label = brandLabel(spans[best].label)
			b.score = max(b.score, spans[best].score)
		}
		out = append(out, b)
		j = k
	}
	return append(out, spans[j:]...)
}

// brandStart returns the index in toks where the name that ends toks
// starts, or false when the last token is no name. A line break between
// two words ends the name.
func brandStart(text string, toks []Token) (int, bool) {
	last := len(toks) - 1
	if last < 0 || !brandWord(toks[last]) {
		return 0, false
	}
	from := last
	if isAcronym(toks[last].Text) {
		for from > 0 && last-from+1 < maxBrand {
			prev := toks[from-1]
			if !brandWord(prev) || !isAcronym(prev.Text) ||
				strings.ContainsAny(text[prev.End:toks[from].Start], "\n\r") {
				break
			}
			from--
		}
	}
	return from, true
}

// brandWord reports whether t is a word with a capital letter or a digit.
func brandWord(t Token) bool {
	if t.Kind != lang.Word || !utf8.ValidString(t.Text) {
		return false
	}
	return strings.IndexFunc(t.Text, func(r rune) bool { return unicode.IsUpper(r) || unicode.IsDigit(r) }) >= 0
}

// brandLabel is the label of a brand the tagger labelled l: a registered
// mark names a company or a product (ORG, OTH), never a person or a place
// as such (Dr. Oetker®, Evian®), so PER and LOC become ORG.
func brandLabel(l Label) Label {
	if l == OTH {
		return OTH
	}
	return ORG
}

// connectors join the words of a list: KI & Robotik, IT und EDV.
var connectors = map[string]bool{"&": true, "und": true, "oder": true, "/": true, ",": true}

// dropCommonNouns removes the tagger's spans that are acronyms of common
// nouns (lang.NounAcronym) rather than names:
//
//   - a name span whose words are all noun acronyms (KI, EDV), or a list of
//     single words joined by connectors (&, und, oder, /, a comma) that are
//     noun acronyms or ordinary capitalised words, one of them at least an
//     acronym (KI & Robotik, IT und Medien);
//   - a derived or part span of one hyphenated word whose first part is a
//     noun acronym and whose other parts are no names: no acronym that is
//     not a noun acronym, no lexicon place or place adjective (KI-News,
//     Lkw-Fahrer; not IT-BOLTEX, not EDV-Sachsen).
//
// Brands (markBrands) stay: IT SOLUTIONS® is a name. Words that are names
// of the user (WithNames) are never noun acronyms here.
func (x *Extractor) dropCommonNouns(doc *Document, spans []span) []span {
	out := spans[:0]
	for _, s := range spans {
		if s.brand || !x.commonNoun(doc.Tokens[s.from:s.to], s.kind) {
			out = append(out, s)
		}
	}
	return out
}

// nounAcronym is lang.NounAcronym, unless the user named w.
func (x *Extractor) nounAcronym(w string) bool {
	return lang.NounAcronym(w) && !x.names.has(w)
}

// commonNoun reports whether the tokens of a span of kind k are a common
// noun by the rules of dropCommonNouns.
func (x *Extractor) commonNoun(toks []Token, k Kind) bool {
	if k != Name {
		if len(toks) != 1 {
			return false
		}
		parts := strings.Split(lang.Normalize(toks[0].Text), "-")
		if len(parts) < 2 || !x.nounAcronym(parts[0]) {
			return false
		}
		for _, p := range parts[1:] {
			if _, ok := lang.Demonym(p); ok || lang.IsPlace(p) || x.names.has(p) ||
				(isAcronym(p) && !x.nounAcronym(p)) {
				return false
			}
		}
		return true
	}
	acronyms, words, joined := 0, 0, false
	prevWord := false
	for _, t := range toks {
		w := lang.Normalize(t.Text)
		switch {
		case connectors[w]:
			joined, prevWord = true, false
			continue
		case x.nounAcronym(w):
			acronyms++
		case ordinaryWord(w) && !x.names.has(w):
			words++
		default:
			return false
		}
		if prevWord && words > 0 {
			return false // two words in a row: a name such as "KI Robotik"
		}
		prevWord = true
	}
	return acronyms > 0 && (words == 0 || joined)
}

// ordinaryWord reports whether w looks like a German noun: a capital
// letter followed by lower-case letters only, and no lexicon place.
func ordinaryWord(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || size == len(w) || lang.IsPlace(w) {
		return false
	}
	for _, r := range w[size:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}
