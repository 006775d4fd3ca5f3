package extract

import (
	"encoding/json"
	"math"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
)

// Entity is one mention of a name in a text: a record to store, index and
// join. Offsets are byte offsets into the text passed to Extract (or into
// the whole stream for Stream); Text is always text[Start:End].
//
// In JSON an Entity also carries its GermEval type ("type": "LOCderiv"),
// and its score rounded to 3 decimals. Entity has its own JSON methods,
// which a struct embedding it would take over: use a named field.
type Entity struct {
	Text     string `json:"text"`     // the exact surface, text[Start:End]
	Start    int    `json:"start"`    // byte offset of the first byte
	End      int    `json:"end"`      // byte offset just past the last byte
	From     int    `json:"from"`     // index of the first token in Document.Tokens
	To       int    `json:"to"`       // index just past the last token
	Sentence int    `json:"sentence"` // index into Document.Sentences (in Stream, From, To and Sentence count over the whole stream)
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

// entityJSON is the JSON form of an Entity.
type entityJSON struct {
	plainEntity
	Type  model.Type `json:"type"`
	Score float64    `json:"score"`
}

type plainEntity Entity // without the methods

// MarshalJSON writes the fields of e, its type and its score rounded to 3
// decimals.
func (e Entity) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil) }

// AppendJSON appends the JSON object of e to b, the bytes json.Marshal
// writes for it, without reflection; on error (an invalid label, kind or
// a score that is not a number) it returns b unchanged.
func (e Entity) AppendJSON(b []byte) ([]byte, error) {
	score := math.Round(e.Score*1000) / 1000
	if !e.Label.valid() || !e.Kind.valid() || math.IsNaN(score) || math.IsInf(score, 0) {
		j, err := json.Marshal(entityJSON{plainEntity(e), e.Type(), score})
		if err != nil {
			return b, err
		}
		return append(b, j...), nil
	}
	b = append(b, `{"text":`...)
	b = appendJSONString(b, e.Text)
	b = appendJSONInt(b, `,"start":`, e.Start)
	b = appendJSONInt(b, `,"end":`, e.End)
	b = appendJSONInt(b, `,"from":`, e.From)
	b = appendJSONInt(b, `,"to":`, e.To)
	b = appendJSONInt(b, `,"sentence":`, e.Sentence)
	b = append(append(append(b, `,"label":"`...), labelNames[e.Label]...), '"')
	b = append(append(append(b, `,"kind":"`...), e.Kind.String()...), '"')
	b = appendJSONString(append(b, `,"base":`...), e.Base)
	b = appendJSONString(append(b, `,"stem":`...), e.Stem)
	b = append(append(append(b, `,"type":"`...), e.Type().String()...), '"')
	b = appendJSONFloat(append(b, `,"score":`...), score)
	return append(b, '}'), nil
}

// UnmarshalJSON reads what MarshalJSON writes; the type is implied by the
// label and kind.
func (e *Entity) UnmarshalJSON(b []byte) error {
	var v entityJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*e = Entity(v.plainEntity)
	e.Score = v.Score
	return nil
}

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
// substrings with the caller; the caller owns the Document. Its lists are
// never nil (empty in JSON as []).
type Document struct {
	Text      string          `json:"text"`      // the text passed to Extract
	Sentences []lang.Sentence `json:"sentences"` // sentences; From/To index Tokens
	Tokens    []Token         `json:"tokens"`    // all tokens, in order
	Entities  []Entity        `json:"entities"`  // ordered by Start, never overlapping
	Groups    []Group         `json:"groups"`    // ordered by first mention
}
