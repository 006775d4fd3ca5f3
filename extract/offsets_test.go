package extract

import (
	"context"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestOffsets checks that entity offsets converted to runes and UTF-16
// units slice the text, as a Python or JavaScript client holds it, to
// exactly the entity's text.
func TestOffsets(t *testing.T) {
	x := newFake(t)
	text := "In München 🎉 traf Wladimir Putin die NATO-Generalsekretär in Russland. Ünd Putins Berater."
	doc, err := x.Extract(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Entities) < 3 {
		t.Fatalf("%d entities", len(doc.Entities))
	}
	runes, units := []rune(text), utf16.Encode([]rune(text))
	r, u, b := NewOffsets(text, Runes), NewOffsets(text, UTF16), NewOffsets(text, Bytes)
	for _, e := range doc.Entities {
		if er := r.Entity(e); string(runes[er.Start:er.End]) != e.Text {
			t.Errorf("runes %d-%d: %q, want %q", er.Start, er.End, string(runes[er.Start:er.End]), e.Text)
		}
		if eu := u.Entity(e); string(utf16.Decode(units[eu.Start:eu.End])) != e.Text {
			t.Errorf("utf16 %d-%d: %q, want %q", eu.Start, eu.End, string(utf16.Decode(units[eu.Start:eu.End])), e.Text)
		}
		if eb := b.Entity(e); eb != e {
			t.Errorf("bytes: %+v, want %+v", eb, e)
		}
	}
	// Out of order: the count starts again.
	if got, want := r.At(3), 3; got != want {
		t.Errorf("At(3) after the end = %d, want %d", got, want)
	}
	// Invalid bytes count as one unit each.
	bad := "a\xff\xfeb"
	if got := NewOffsets(bad, UTF16).At(len(bad)); got != 4 {
		t.Errorf("UTF-16 length of %q = %d, want 4", bad, got)
	}
}

func TestParseUnit(t *testing.T) {
	for s, want := range map[string]Unit{"bytes": Bytes, "UTF8": Bytes, "runes": Runes, "codepoints": Runes, "utf16": UTF16, "UTF-16": UTF16} {
		if got, err := ParseUnit(s); err != nil || got != want {
			t.Errorf("ParseUnit(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := ParseUnit("chars"); err == nil || !strings.Contains(err.Error(), "runes") {
		t.Errorf("ParseUnit(chars): %v", err)
	}
	for _, u := range []Unit{Bytes, Runes, UTF16} {
		b, _ := u.MarshalText()
		var back Unit
		if err := back.UnmarshalText(b); err != nil || back != u || string(b) != u.String() {
			t.Errorf("unit %v: %q → %v, %v", u, b, back, err)
		}
	}
}
