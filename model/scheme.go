package model

import "fmt"

// scheme is the label encoding the tagger works with internally. Output is
// always BIO (Tag); BILOU also marks the last (L) and only (U) token of an
// entity, which gives the first-order model more context.
type scheme uint8

const (
	schemeBIO scheme = iota + 1
	schemeBILOU
)

func (s scheme) String() string {
	switch s {
	case schemeBIO:
		return "BIO"
	case schemeBILOU:
		return "BILOU"
	}
	return fmt.Sprintf("scheme(%d)", uint8(s))
}

// numLabels returns the number of internal labels.
func (s scheme) numLabels() int {
	if s == schemeBILOU {
		return 1 + 4*NumTypes
	}
	return NumTags
}

// Internal BILOU labels of type t: 1+4t (B), 2+4t (I), 3+4t (L), 4+4t (U).
const (
	posB = iota
	posI
	posL
	posU
)

// tag maps internal label l to its BIO tag.
func (s scheme) tag(l int) Tag {
	if s == schemeBIO || l == 0 {
		return Tag(l)
	}
	t := Type((l - 1) / 4)
	switch (l - 1) % 4 {
	case posB, posU:
		return Begin(t)
	}
	return Inside(t)
}

// twin returns the other internal label with the same BIO tag as l (B and
// U, I and L), or l itself when it has none (O, and every BIO label).
func (s scheme) twin(l int) int {
	if s == schemeBIO || l == 0 {
		return l
	}
	pos := (l - 1) % 4
	return l - pos + posU - pos // posB ↔ posU, posI ↔ posL
}

// labels converts a BIO sequence to internal labels into dst. Invalid BIO
// (an I- tag that does not continue its type) is read as B-, as conlleval
// does.
func (s scheme) labels(dst []uint8, tags []Tag) []uint8 {
	dst = dst[:0]
	for i, g := range tags {
		prev := O
		if i > 0 {
			prev = tags[i-1]
		}
		if g.IsInside() && !ValidAfter(prev, g) {
			g = Begin(g.Type())
		}
		if s == schemeBIO || g == O {
			dst = append(dst, uint8(g))
			continue
		}
		cont := i+1 < len(tags) && tags[i+1].IsInside() && tags[i+1].Type() == g.Type()
		pos := posB
		switch {
		case g.IsBegin() && !cont:
			pos = posU
		case g.IsInside() && cont:
			pos = posI
		case g.IsInside():
			pos = posL
		}
		dst = append(dst, uint8(1+4*int(g.Type())+pos))
	}
	return dst
}

// allowed reports whether internal label next may follow prev; prev < 0
// means the start of a sentence.
func (s scheme) allowed(prev, next int) bool {
	if s == schemeBIO {
		p := O
		if prev >= 0 {
			p = Tag(prev)
		}
		return ValidAfter(p, Tag(next))
	}
	openPrev := prev > 0 && ((prev-1)%4 == posB || (prev-1)%4 == posI)
	contNext := next > 0 && ((next-1)%4 == posI || (next-1)%4 == posL)
	if openPrev {
		return contNext && (prev-1)/4 == (next-1)/4
	}
	return !contNext
}

// final reports whether a sentence may end with internal label l.
func (s scheme) final(l int) bool {
	if s == schemeBIO || l == 0 {
		return true
	}
	p := (l - 1) % 4
	return p == posL || p == posU
}

// lattice lists, for every internal label, the labels allowed before it
// (preds) and after it (succs) under scheme s, so that decoding visits
// only valid transitions.
type lattice struct {
	preds, succs [][]uint8
}

func (s scheme) lattice() lattice {
	k := s.numLabels()
	lt := lattice{preds: make([][]uint8, k), succs: make([][]uint8, k)}
	for p := range k {
		for l := range k {
			if s.allowed(p, l) {
				lt.preds[l] = append(lt.preds[l], uint8(p))
				lt.succs[p] = append(lt.succs[p], uint8(l))
			}
		}
	}
	return lt
}
