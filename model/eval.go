package model

import (
	"fmt"
	"io"
)

// Scheme says which entity types an evaluation distinguishes.
type Scheme uint8

const (
	// Full scores all 12 GermEval types.
	Full Scheme = iota
	// Base4 scores PER, LOC, ORG and OTH names only: deriv and part
	// spans count as O.
	Base4
	// Loose folds deriv and part into their base type (LOCderiv → LOC).
	Loose
)

var schemeNames = [...]string{"full", "base4", "loose"}

// String returns "full", "base4" or "loose".
func (s Scheme) String() string {
	if int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return fmt.Sprintf("Scheme(%d)", uint8(s))
}

// ParseScheme parses "full", "base4" or "loose".
func ParseScheme(s string) (Scheme, error) {
	for i, n := range schemeNames {
		if n == s {
			return Scheme(i), nil
		}
	}
	return 0, fmt.Errorf("model: unknown evaluation scheme %q (want full, base4 or loose)", s)
}

// Map returns the tag g as scheme s sees it.
func (s Scheme) Map(g Tag) Tag {
	if g == O || int(g) >= NumTags {
		return O
	}
	t := g.Type()
	switch s {
	case Base4:
		if t.Kind() != Name {
			return O
		}
	case Loose:
		t = MakeType(t.Class(), Name)
	}
	if g.IsBegin() {
		return Begin(t)
	}
	return Inside(t)
}

// Span is an entity span over token indices [Start, End).
type Span struct {
	Start, End int
	Type       Type
}

// AppendSpans appends the entity spans of a tag sequence to dst, with the
// chunking of conlleval: a span starts at a B- tag or at an I- tag that
// does not continue a span of its type, and ends before the next O, B-
// or type change.
func AppendSpans(dst []Span, tags []Tag) []Span {
	open := -1
	for i, g := range tags {
		if open >= 0 && (g == O || g.IsBegin() || g.Type() != tags[open].Type()) {
			dst = append(dst, Span{open, i, tags[open].Type()})
			open = -1
		}
		if g != O && open < 0 {
			open = i
		}
	}
	if open >= 0 {
		dst = append(dst, Span{open, len(tags), tags[open].Type()})
	}
	return dst
}

// Counts are span counts for precision and recall.
type Counts struct {
	Gold, Pred, Correct int
}

// PRF returns precision, recall and F1 in percent (0 when undefined).
func (c Counts) PRF() (p, r, f float64) {
	if c.Pred > 0 {
		p = 100 * float64(c.Correct) / float64(c.Pred)
	}
	if c.Gold > 0 {
		r = 100 * float64(c.Correct) / float64(c.Gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// Score accumulates strict span matches (same start, end and type) of
// predicted against gold tags, conlleval style. The zero Score is ready
// to use with scheme Full.
type Score struct {
	Scheme Scheme
	Types  [NumTypes]Counts
	Total  Counts
	Tokens int
	gs, ps []Span
	gm, pm []Tag
}

// Add scores one sentence. gold and pred must have the same length.
func (s *Score) Add(gold, pred []Tag) error {
	if len(gold) != len(pred) {
		return fmt.Errorf("model: score: %d gold tags but %d predicted", len(gold), len(pred))
	}
	s.Tokens += len(gold)
	s.gm, s.pm = s.gm[:0], s.pm[:0]
	for i := range gold {
		s.gm = append(s.gm, s.Scheme.Map(gold[i]))
		s.pm = append(s.pm, s.Scheme.Map(pred[i]))
	}
	s.gs = AppendSpans(s.gs[:0], s.gm)
	s.ps = AppendSpans(s.ps[:0], s.pm)
	for _, g := range s.gs {
		s.Types[g.Type].Gold++
	}
	for _, p := range s.ps {
		s.Types[p.Type].Pred++
	}
	// Both span lists are sorted by start and do not overlap.
	j := 0
	for _, g := range s.gs {
		for j < len(s.ps) && s.ps[j].Start < g.Start {
			j++
		}
		if j < len(s.ps) && s.ps[j] == g {
			s.Types[g.Type].Correct++
		}
	}
	s.Total = Counts{}
	for _, c := range s.Types {
		s.Total.Gold += c.Gold
		s.Total.Pred += c.Pred
		s.Total.Correct += c.Correct
	}
	return nil
}

// LastSpans returns the gold and predicted spans of the sentence last
// added, after the scheme's mapping, each sorted by start. They are valid
// until the next Add.
func (s *Score) LastSpans() (gold, pred []Span) { return s.gs, s.ps }

// F1 returns the overall span F1 in percent.
func (s *Score) F1() float64 {
	_, _, f := s.Total.PRF()
	return f
}

// WriteTable writes per-type and overall precision, recall and F1 (in
// percent) as an aligned text table. Types with no gold and no predicted
// span are left out.
func (s *Score) WriteTable(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "%-10s %7s %7s %7s %6s %6s\n", "type", "P", "R", "F1", "gold", "pred"); err != nil {
		return err
	}
	for t, c := range s.Types {
		if c.Gold == 0 && c.Pred == 0 {
			continue
		}
		p, r, f := c.PRF()
		fmt.Fprintf(w, "%-10s %7.2f %7.2f %7.2f %6d %6d\n", Type(t), p, r, f, c.Gold, c.Pred)
	}
	p, r, f := s.Total.PRF()
	_, err := fmt.Fprintf(w, "%-10s %7.2f %7.2f %7.2f %6d %6d\n", "overall", p, r, f, s.Total.Gold, s.Total.Pred)
	return err
}
