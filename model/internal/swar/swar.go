// Package swar sums rows of packed integer lanes: a row is a run of
// groups of four uint64 words, each word holding two 32-bit lanes (SIMD
// within a register). Adding words adds both lanes at once as long as no
// lane overflows, which the caller arranges (the CRF model stores
// weights biased to be non-negative and sums a bounded number of rows).
//
// Sum has a plain Go reference, SumRef; on amd64 processors with AVX2 it
// runs assembly, elsewhere the reference. Both give the same words
// (integer addition modulo 2⁶⁴). The functions never allocate and are
// safe for concurrent use on distinct accumulators.
package swar

import "fmt"

// Group is four words: eight 32-bit lanes.
type Group = [4]uint64

// MaxGroups is the longest row Sum adds, and Pad the number of groups a
// row table must hold after the start of its last row.
const (
	MaxGroups = 8
	Pad       = MaxGroups
)

// Sum adds to acc[:g] the row of g groups at rows[o:o+g] for every o in
// offs; 1 ≤ g ≤ MaxGroups. Words of acc past g may change. rows must hold
// Pad groups from every offset on (the fast path reads whole rows of 4
// or 8 groups); Sum panics otherwise, like an index out of range.
func Sum(acc *[MaxGroups]Group, rows []Group, offs []uint32, g int) {
	if g < 1 || g > MaxGroups {
		panic(fmt.Sprintf("swar: %d groups per row", g))
	}
	limit := uint32(max(len(rows)-Pad+1, 0))
	for _, o := range offs {
		if o >= limit {
			panic(fmt.Sprintf("swar: row at %d, table of %d groups", o, len(rows)))
		}
	}
	if !fast || len(offs) == 0 {
		SumRef(acc, rows, offs, g)
		return
	}
	sumAVX(acc, &rows[0], &offs[0], len(offs), g > 4)
}

// SumRef is the reference of Sum: it adds exactly g groups per row.
func SumRef(acc *[MaxGroups]Group, rows []Group, offs []uint32, g int) {
	for _, o := range offs {
		row := rows[o : o+uint32(g)]
		for j := range row {
			a, b := &acc[j&(MaxGroups-1)], &row[j]
			a[0] += b[0]
			a[1] += b[1]
			a[2] += b[2]
			a[3] += b[3]
		}
	}
}
