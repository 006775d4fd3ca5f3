package model

import "fmt"

// Encoding is the set of internal labels a tagger works with. Output is
// always BIO (Tag); BILOU also marks the last (L) and only (U) token of an
// entity, which gives a first-order model more context.
type Encoding uint8

const (
	BIO   Encoding = iota + 1 // the BIO tags themselves
	BILOU                     // begin, inside, last, unit: 1+4·Type+position
)

// String returns "BIO" or "BILOU".
func (s Encoding) String() string {
	switch s {
	case BIO:
		return "BIO"
	case BILOU:
		return "BILOU"
	}
	return fmt.Sprintf("Encoding(%d)", uint8(s))
}

// NumLabels returns the number of internal labels.
func (s Encoding) NumLabels() int {
	if s == BILOU {
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

// Tag returns the BIO tag of internal label l.
func (s Encoding) Tag(l int) Tag {
	if s == BIO || l == 0 {
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
func (s Encoding) twin(l int) int {
	if s == BIO || l == 0 {
		return l
	}
	pos := (l - 1) % 4
	return l - pos + posU - pos // posB ↔ posU, posI ↔ posL
}

// Labels converts a BIO sequence to internal labels, appended to
// dst[:0]. Invalid BIO (an I- tag that does not continue its type) is
// read as B-, as conlleval does.
func (s Encoding) Labels(dst []uint8, tags []Tag) []uint8 {
	dst = dst[:0]
	for i, g := range tags {
		prev := O
		if i > 0 {
			prev = tags[i-1]
		}
		if g.IsInside() && !ValidAfter(prev, g) {
			g = Begin(g.Type())
		}
		if s == BIO || g == O {
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

// Allowed reports whether internal label next may follow prev; prev < 0
// means the start of a sentence.
func (s Encoding) Allowed(prev, next int) bool {
	if s == BIO {
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

// Final reports whether a sentence may end with internal label l.
func (s Encoding) Final(l int) bool {
	if s == BIO || l == 0 {
		return true
	}
	p := (l - 1) % 4
	return p == posL || p == posU
}

// lattice lists, for every internal label, the labels allowed before it
// (preds) and after it (succs) under encoding s, so that decoding visits
// only valid transitions. For Viterbi, the labels with at most two
// allowed predecessors are listed in pairs, the others in groups of
// labels that share their predecessors.
type lattice struct {
	preds, succs [][]uint8
	pairs        [][3]uint8  // label, predecessor, predecessor (repeated when only one; 0 when none)
	groups       []predGroup // in the order of their first label
}

// predGroup is a set of labels with the same labels allowed before them,
// more than two: in BILOU, O and every B- and U- (after O, L- and U-); in
// BIO, O and every B- (after any label).
type predGroup struct {
	preds, labels []uint8
}

func (s Encoding) lattice() lattice {
	k := s.NumLabels()
	lt := lattice{preds: make([][]uint8, k), succs: make([][]uint8, k)}
	for p := range k {
		for l := range k {
			if s.Allowed(p, l) {
				lt.preds[l] = append(lt.preds[l], uint8(p))
				lt.succs[p] = append(lt.succs[p], uint8(l))
			}
		}
	}
	group := map[string]int{}
	for l, pl := range lt.preds {
		switch len(pl) {
		case 0:
			lt.pairs = append(lt.pairs, [3]uint8{uint8(l), 0, 0})
			continue
		case 1, 2:
			lt.pairs = append(lt.pairs, [3]uint8{uint8(l), pl[0], pl[len(pl)-1]})
			continue
		}
		g, ok := group[string(pl)]
		if !ok {
			g = len(lt.groups)
			group[string(pl)] = g
			lt.groups = append(lt.groups, predGroup{preds: pl})
		}
		lt.groups[g].labels = append(lt.groups[g].labels, uint8(l))
	}
	return lt
}
