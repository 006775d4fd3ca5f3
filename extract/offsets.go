package extract

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Unit is a unit of text offsets. Entities and tokens carry byte offsets
// into the UTF-8 text (Go's own string indices); clients in other
// languages index strings differently: Python by code points (Runes),
// JavaScript, Java and C# by UTF-16 code units (UTF16). An Offsets
// converts between them.
type Unit uint8

// The offset units; their text forms are "bytes", "runes" and "utf16".
const (
	Bytes Unit = iota
	Runes
	UTF16
)

var unitNames = [...]string{Bytes: "bytes", Runes: "runes", UTF16: "utf16"}

// String returns "bytes", "runes" or "utf16", or "Unit(n)".
func (u Unit) String() string {
	if int(u) < len(unitNames) {
		return unitNames[u]
	}
	return fmt.Sprintf("Unit(%d)", uint8(u))
}

// MarshalText returns the unit's name; it fails for an invalid unit.
func (u Unit) MarshalText() ([]byte, error) {
	if int(u) >= len(unitNames) {
		return nil, fmt.Errorf("extract: invalid offset unit %d", uint8(u))
	}
	return []byte(unitNames[u]), nil
}

// UnmarshalText parses a unit name (see ParseUnit).
func (u *Unit) UnmarshalText(b []byte) error {
	v, err := ParseUnit(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// ParseUnit parses "bytes", "runes" or "utf16", ignoring case; "utf8" is
// bytes, "codepoints" runes and "utf-16" utf16.
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(s) {
	case "bytes", "utf8", "utf-8":
		return Bytes, nil
	case "runes", "codepoints":
		return Runes, nil
	case "utf16", "utf-16":
		return UTF16, nil
	}
	return Bytes, fmt.Errorf("extract: unknown offset unit %q (want bytes, runes or utf16)", s)
}

// Offsets converts byte offsets into one text to another unit. A byte
// that is not part of valid UTF-8 counts as one rune and one UTF-16 unit,
// as the U+FFFD that encoding/json and most decoders make of it. Asked in
// ascending order (as entities and tokens come), offsets cost time linear
// in the text in all; an offset below the one before starts the count
// again from the beginning. An Offsets is not safe for concurrent use.
type Offsets struct {
	text      string
	unit      Unit
	byte, pos int // the last offset converted, in bytes and in unit
}

// NewOffsets returns a converter of byte offsets into text to unit u.
func NewOffsets(text string, u Unit) *Offsets { return &Offsets{text: text, unit: u} }

// At returns byte offset b (0 ≤ b ≤ len(text), on a character boundary of
// valid text) in the unit of o. Offsets outside the text are clamped to
// it.
func (o *Offsets) At(b int) int {
	b = max(0, min(b, len(o.text)))
	if o.unit == Bytes {
		return b
	}
	if b < o.byte {
		o.byte, o.pos = 0, 0
	}
	i := o.byte
	for i < b {
		r, size := utf8.DecodeRuneInString(o.text[i:])
		o.pos++
		if o.unit == UTF16 && r > 0xFFFF {
			o.pos++ // a surrogate pair
		}
		i += size
	}
	o.byte = i
	return o.pos
}

// Entity returns e with Start and End in the unit of o; e must be an
// entity of o's text.
func (o *Offsets) Entity(e Entity) Entity {
	e.Start, e.End = o.At(e.Start), o.At(e.End)
	return e
}
