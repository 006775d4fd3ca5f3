package extract

import (
	"fmt"
	"strings"

	"github.com/namen-nlp/namen/model"
)

// Label is the class of an entity: a person, a place, an organisation or
// another name (a work, an event, a product, …), as in GermEval 2014.
// Its text form (String, JSON) is "PER", "LOC", "ORG" or "OTH". The zero
// Label is no label: invalid wherever a label is expected.
type Label uint8

// The four labels, in GermEval order (model.Class plus one).
const (
	PER Label = 1 + Label(model.PER)
	LOC Label = 1 + Label(model.LOC)
	ORG Label = 1 + Label(model.ORG)
	OTH Label = 1 + Label(model.OTH)
)

var labelNames = [...]string{PER: "PER", LOC: "LOC", ORG: "ORG", OTH: "OTH"}

// valid reports whether l is one of the four labels.
func (l Label) valid() bool { return PER <= l && l <= OTH }

// labelOf returns the label of a model class.
func labelOf(c model.Class) Label { return Label(c) + 1 }

// String returns "PER", "LOC", "ORG" or "OTH", or "Label(n)" for an
// invalid label.
func (l Label) String() string {
	if l.valid() {
		return labelNames[l]
	}
	return fmt.Sprintf("Label(%d)", uint8(l))
}

// MarshalText returns the label's name; it fails for an invalid label.
func (l Label) MarshalText() ([]byte, error) {
	if !l.valid() {
		return nil, fmt.Errorf("extract: invalid label %d", uint8(l))
	}
	return []byte(labelNames[l]), nil
}

// UnmarshalText parses a label name, ignoring case ("PER", "per").
func (l *Label) UnmarshalText(b []byte) error {
	v, err := ParseLabel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// ParseLabel parses a label name, ignoring case; on error it returns the
// zero (invalid) Label.
func ParseLabel(s string) (Label, error) {
	for l := PER; l <= OTH; l++ {
		if strings.EqualFold(s, labelNames[l]) {
			return l, nil
		}
	}
	return 0, fmt.Errorf("extract: unknown label %q (want PER, LOC, ORG or OTH)", s)
}

// Kind says how an entity's text relates to the name it mentions: the
// name itself (Putin, Russlands), a word derived from it (russischen ←
// Russland; GermEval "deriv") or a compound containing it
// (NATO-Generalsekretär; GermEval "part"). Its text form (String, JSON) is
// "name", "derived" or "part", as for model.Kind. The zero Kind is Name.
type Kind uint8

// The three kinds; their values equal those of model.Kind.
const (
	Name    Kind = Kind(model.Name)
	Derived Kind = Kind(model.Derived)
	Part    Kind = Kind(model.Part)
)

// valid reports whether k is one of the three kinds.
func (k Kind) valid() bool { return k <= Part }

// String returns "name", "derived" or "part" (as model.Kind does), or
// "Kind(n)" for an invalid kind.
func (k Kind) String() string { return model.Kind(k).String() }

// MarshalText returns the kind's name; it fails for an invalid kind.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("extract: invalid kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText parses a kind name (see ParseKind).
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParseKind parses a kind name, ignoring case; the GermEval suffix
// "deriv" is accepted for derived. On error it returns Name.
func ParseKind(s string) (Kind, error) {
	k, err := model.ParseKind(s)
	if err != nil {
		return 0, fmt.Errorf("extract: unknown kind %q (want name, derived or part)", s)
	}
	return Kind(k), nil
}

// typeOf returns the GermEval type of a label and kind.
func typeOf(l Label, k Kind) model.Type { return model.MakeType(model.Class(l-1), model.Kind(k)) }
