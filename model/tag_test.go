package model

import "testing"

func TestTagRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for g := Tag(0); int(g) < NumTags; g++ {
		s := g.String()
		if seen[s] {
			t.Errorf("tag name %q appears twice", s)
		}
		seen[s] = true
		back, err := ParseTag(s)
		if err != nil || back != g {
			t.Errorf("ParseTag(%q) = %v, %v; want %v", s, back, err, g)
		}
	}
	if len(seen) != 25 {
		t.Errorf("got %d tags, want 25", len(seen))
	}
	for _, s := range []string{"", "B-", "X-PER", "B-PERS", "I-locderiv", "O "} {
		if _, err := ParseTag(s); err == nil {
			t.Errorf("ParseTag(%q) succeeded, want error", s)
		}
	}
}

func TestTypeParts(t *testing.T) {
	for _, c := range []struct {
		name  string
		class Class
		kind  Kind
	}{{"PER", PER, Name}, {"LOCderiv", LOC, Derived}, {"ORGpart", ORG, Part}, {"OTH", OTH, Name}} {
		typ, err := ParseType(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if typ.Class() != c.class || typ.Kind() != c.kind || MakeType(c.class, c.kind) != typ {
			t.Errorf("%s: class %v kind %v", c.name, typ.Class(), typ.Kind())
		}
	}
}

func TestValidAfter(t *testing.T) {
	per, loc := MustType("PER"), MustType("LOC")
	cases := []struct {
		prev, next Tag
		want       bool
	}{
		{O, Inside(per), false},
		{Begin(per), Inside(per), true},
		{Inside(per), Inside(per), true},
		{Begin(loc), Inside(per), false},
		{Begin(loc), Begin(per), true},
		{Inside(loc), O, true},
	}
	for _, c := range cases {
		if got := ValidAfter(c.prev, c.next); got != c.want {
			t.Errorf("ValidAfter(%v, %v) = %v, want %v", c.prev, c.next, got, c.want)
		}
	}
}

func MustType(s string) Type {
	t, err := ParseType(s)
	if err != nil {
		panic(err)
	}
	return t
}
