package lang

import (
	"testing"
	"unsafe"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Berlin", "Berlin"},
		{"München", "München"},
		{"Mu\u0308nchen", "München"},
		{"A\u0308rzte", "Ärzte"},
		{"Ab\u00adschnitt", "Abschnitt"},
		{"Bundes\u200bkanzler\u200d", "Bundeskanzler"},
		{"\ufeffMerz\u2060", "Merz"},
		{"Mu\u0308n\u00adchen", "München"},
		{"e\u0301t\u00e9", "été"},
		{"Stra\u00dfe", "Straße"},
		{"ab\xffcd", "ab\xffcd"},
		{"\xff\u00ad\xfe", "\xff\xfe"},
		{"\u00ad", ""},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeReturnsNormalWordItself(t *testing.T) {
	for _, w := range []string{"Berlin", "NATO-Generalsekretär", "Straße", "€", "ab\xffcd"} {
		got := Normalize(w)
		if unsafe.StringData(got) != unsafe.StringData(w) {
			t.Errorf("Normalize(%q) returned a copy", w)
		}
		if n := testing.AllocsPerRun(100, func() { Normalize(w) }); n != 0 {
			t.Errorf("Normalize(%q) allocates %.0f times", w, n)
		}
	}
}
