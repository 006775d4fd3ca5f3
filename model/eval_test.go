package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func tags(t *testing.T, s ...string) []Tag {
	t.Helper()
	out := make([]Tag, len(s))
	for i, x := range s {
		g, err := ParseTag(x)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = g
	}
	return out
}

func TestAppendSpans(t *testing.T) {
	per, loc := MakeType(PER, Name), MakeType(LOC, Name)
	locDeriv := MakeType(LOC, Derived)
	for _, c := range []struct {
		in   []string
		want []Span
	}{
		{[]string{"O", "O"}, nil},
		{[]string{"B-PER", "I-PER", "O", "B-LOC"}, []Span{{0, 2, per}, {3, 4, loc}}},
		{[]string{"B-PER", "B-PER"}, []Span{{0, 1, per}, {1, 2, per}}},
		// conlleval: an I- tag without a B- starts a span; a type change ends one.
		{[]string{"I-LOC", "I-LOC", "I-PER"}, []Span{{0, 2, loc}, {2, 3, per}}},
		{[]string{"O", "B-LOCderiv", "I-LOCderiv"}, []Span{{1, 3, locDeriv}}},
	} {
		got := AppendSpans(nil, tags(t, c.in...))
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%v: (-want +got)\n%s", c.in, diff)
		}
	}
}

func TestScoreSchemes(t *testing.T) {
	gold := tags(t, "B-PER", "I-PER", "O", "B-LOCderiv", "O", "B-ORGpart", "B-OTH")
	pred := tags(t, "B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "O")
	for _, c := range []struct {
		s    Scheme
		want Counts
	}{
		{Full, Counts{Gold: 4, Pred: 3, Correct: 1}},
		{Base4, Counts{Gold: 2, Pred: 3, Correct: 1}},
		{Loose, Counts{Gold: 4, Pred: 3, Correct: 3}},
	} {
		sc := Score{Scheme: c.s}
		if err := sc.Add(gold, pred); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.want, sc.Total); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.s, diff)
		}
	}
	var sc Score
	if err := sc.Add(gold, pred[:2]); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := ParseScheme("strict"); err == nil {
		t.Error("unknown scheme accepted")
	}
}

func TestPRF(t *testing.T) {
	p, r, f := Counts{Gold: 4, Pred: 2, Correct: 1}.PRF()
	if diff := cmp.Diff([]float64{50, 25, 100.0 / 3}, []float64{p, r, f}); diff != "" {
		t.Error(diff)
	}
	if p, r, f := (Counts{}).PRF(); p != 0 || r != 0 || f != 0 {
		t.Errorf("empty counts: %v %v %v", p, r, f)
	}
}
