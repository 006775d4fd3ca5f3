package extract

import (
	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
)

// Entity is one mention of a name in a text: a record to store, index and
// join. Offsets are byte offsets into the text passed to Extract (or into
// the whole stream for Stream); Text is always text[Start:End].
type Entity struct {
	Text     string `json:"text"`     // the exact surface, text[Start:End]
	Start    int    `json:"start"`    // byte offset of the first byte
	End      int    `json:"end"`      // byte offset just past the last byte
	Sentence int    `json:"sentence"` // index into Document.Sentences (in Stream: counted over the whole stream)
	Label    Label  `json:"label"`    // PER, LOC, ORG or OTH
	Kind     Kind   `json:"kind"`     // name, derived or part
	// Base is the name the mention refers to, in its base form: the
	// genitive taken off (Putins → Putin, Russlands → Russland), the place
	// behind an adjective (russischen → Russland) or the name inside a
	// compound (NATO-Generalsekretär → NATO). See the package
	// documentation for the rules.
	Base string `json:"base"`
	// Stem is the Snowball German stem of each token of Text, joined by
	// single spaces (Putins → "putin", Wladimir Putin → "wladimir putin").
	Stem string `json:"stem"`
	// Score is the tagger's confidence in the whole span, in [0,1]: the
	// minimum over the span's tokens of the marginal probability of the
	// token's tag. Names matched by WithNames score 1, brands (a name
	// before ® or ™) at least 0.95.
	Score float64 `json:"score"`
}

// Type returns the GermEval 2014 type of e, such as model.Type for
// "PER", "LOCderiv" or "ORGpart".
func (e Entity) Type() model.Type { return typeOf(e.Label, e.Kind) }

// Group is one entity of a document with all its mentions: Putin, Putins
// and Wladimir Putin are one group named "Wladimir Putin"; russischen
// joins the group of Russland.
type Group struct {
	Name     string `json:"name"`     // canonical form: the fullest base among the mentions
	Label    Label  `json:"label"`    // the label shared by all mentions
	Mentions []int  `json:"mentions"` // indices into Document.Entities, ascending
}

// Token is a token of the text with its Snowball German stem.
type Token struct {
	lang.Token
	Stem string `json:"stem"` // lang.Stem(Text)
}

// Document is the result of Extract. It shares the text and its
// substrings with the caller; the caller owns the Document.
type Document struct {
	Text      string          `json:"text"`      // the text passed to Extract
	Sentences []lang.Sentence `json:"sentences"` // sentences; From/To index Tokens
	Tokens    []Token         `json:"tokens"`    // all tokens, in order
	Entities  []Entity        `json:"entities"`  // ordered by Start, never overlapping
	Groups    []Group         `json:"groups"`    // ordered by first mention
}
