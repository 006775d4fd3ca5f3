package model

import (
	"fmt"
	"strings"
)

// Class is the coarse entity class of GermEval 2014: PER, LOC, ORG or OTH.
type Class uint8

// The four entity classes, in GermEval order.
const (
	PER Class = iota
	LOC
	ORG
	OTH
	numClasses
)

var classNames = [numClasses]string{"PER", "LOC", "ORG", "OTH"}

// String returns the GermEval name of c ("PER", "LOC", "ORG", "OTH").
func (c Class) String() string {
	if c < numClasses {
		return classNames[c]
	}
	return fmt.Sprintf("Class(%d)", uint8(c))
}

// MarshalText returns the GermEval name of c; it fails for an invalid
// class.
func (c Class) MarshalText() ([]byte, error) {
	if c >= numClasses {
		return nil, fmt.Errorf("model: invalid class %d", uint8(c))
	}
	return []byte(classNames[c]), nil
}

// UnmarshalText parses a GermEval class name ("PER", …).
func (c *Class) UnmarshalText(b []byte) error {
	for i, name := range classNames {
		if string(b) == name {
			*c = Class(i)
			return nil
		}
	}
	return fmt.Errorf("model: unknown class %q", b)
}

// Kind says how a span relates to the name of its class: the name itself,
// a word derived from it (russischen ← Russland, GermEval "deriv"), or a
// compound that contains it (NATO-Generalsekretär, GermEval "part").
type Kind uint8

// The three kinds, in GermEval order.
const (
	Name Kind = iota
	Derived
	Part
	numKinds
)

var kindSuffix = [numKinds]string{"", "deriv", "part"}
var kindNames = [numKinds]string{"name", "derived", "part"}

// String returns "name", "derived" or "part".
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText returns the kind's name; it fails for an invalid kind.
func (k Kind) MarshalText() ([]byte, error) {
	if k >= numKinds {
		return nil, fmt.Errorf("model: invalid kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText parses a kind (see ParseKind).
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParseKind parses "name", "derived" or "part", ignoring case; the
// GermEval suffix "deriv" is accepted for derived.
func ParseKind(s string) (Kind, error) {
	if strings.EqualFold(s, "deriv") {
		return Derived, nil
	}
	for i, name := range kindNames {
		if strings.EqualFold(s, name) {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("model: unknown kind %q (want name, derived or part)", s)
}

// Type is one of the 12 GermEval 2014 outer-level entity types: a class and
// a kind, such as PER, LOCderiv or ORGpart.
type Type uint8

// NumTypes is the number of entity types (4 classes × 3 kinds).
const NumTypes = int(numClasses) * int(numKinds)

// MakeType returns the type of class c and kind k.
func MakeType(c Class, k Kind) Type { return Type(uint8(c)*uint8(numKinds) + uint8(k)) }

// Class returns the class of t.
func (t Type) Class() Class { return Class(uint8(t) / uint8(numKinds)) }

// Kind returns the kind of t.
func (t Type) Kind() Kind { return Kind(uint8(t) % uint8(numKinds)) }

// String returns the GermEval name of t, e.g. "PER", "LOCderiv", "ORGpart".
func (t Type) String() string {
	if int(t) >= NumTypes {
		return fmt.Sprintf("Type(%d)", uint8(t))
	}
	return t.Class().String() + kindSuffix[t.Kind()]
}

// MarshalText returns the GermEval name of t ("LOCderiv"); it fails for
// an invalid type.
func (t Type) MarshalText() ([]byte, error) {
	if int(t) >= NumTypes {
		return nil, fmt.Errorf("model: invalid entity type %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses a GermEval type name (see ParseType).
func (t *Type) UnmarshalText(b []byte) error {
	v, err := ParseType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// ParseType parses a GermEval type name such as "PER" or "OTHpart".
func ParseType(s string) (Type, error) {
	for i := 0; i < NumTypes; i++ {
		if Type(i).String() == s {
			return Type(i), nil
		}
	}
	return 0, fmt.Errorf("model: unknown entity type %q", s)
}

// Tag is a BIO tag over the 12 types: O (outside any entity), or B-/I- of a
// type (beginning or inside of an entity). The zero Tag is O.
type Tag uint8

// O is the tag of a token outside any entity.
const O Tag = 0

// NumTags is the number of tags: O plus B- and I- of every type.
const NumTags = 1 + 2*NumTypes

// Begin returns the B- tag of t.
func Begin(t Type) Tag { return Tag(1 + 2*uint8(t)) }

// Inside returns the I- tag of t.
func Inside(t Type) Tag { return Tag(2 + 2*uint8(t)) }

// IsBegin reports whether g is a B- tag.
func (g Tag) IsBegin() bool { return g != O && int(g) < NumTags && g%2 == 1 }

// IsInside reports whether g is an I- tag.
func (g Tag) IsInside() bool { return g != O && int(g) < NumTags && g%2 == 0 }

// Type returns the entity type of a B- or I- tag; it is meaningless for O.
func (g Tag) Type() Type { return Type((uint8(g) - 1) / 2) }

// String returns the GermEval form of g: "O", "B-PER", "I-LOCderiv", ….
func (g Tag) String() string {
	switch {
	case g == O:
		return "O"
	case int(g) >= NumTags:
		return fmt.Sprintf("Tag(%d)", uint8(g))
	case g.IsBegin():
		return "B-" + g.Type().String()
	default:
		return "I-" + g.Type().String()
	}
}

// ParseTag parses a GermEval tag such as "O", "B-PER" or "I-ORGpart".
func ParseTag(s string) (Tag, error) {
	if s == "O" {
		return O, nil
	}
	if len(s) > 2 && s[1] == '-' {
		t, err := ParseType(s[2:])
		if err == nil {
			switch s[0] {
			case 'B':
				return Begin(t), nil
			case 'I':
				return Inside(t), nil
			}
		}
	}
	return O, fmt.Errorf("model: unknown tag %q", s)
}

// ValidAfter reports whether tag next may follow tag prev in a BIO
// sequence: an I- tag must continue an entity of the same type. Use O as
// prev at the start of a sentence.
func ValidAfter(prev, next Tag) bool {
	if !next.IsInside() {
		return true
	}
	return prev != O && prev.Type() == next.Type()
}
