// Package swar sums rows of packed integer lanes: a row is a run of
// groups of four uint64 words, each word holding two 32-bit lanes (SIMD
// within a register), lane l of a row in bits 32·(l%2) of word l/2. A
// weight w is stored as w + Bias, so that a lane is never negative and
// adding whole words adds both lanes without a carry crossing between
// them, for up to 65,536 rows of weights in the int16 range.
//
// AddRows has a plain Go reference, AddRowsRef; on amd64 processors with
// AVX2 it runs assembly, elsewhere the reference. Both give the same
// sums. The functions never allocate and are safe for concurrent use on
// distinct accumulators.
package swar

import "fmt"

// Group is four words: eight 32-bit lanes.
type Group = [4]uint64

const (
	// Bias is added to each weight of a packed row.
	Bias = 1 << 15
	// MaxGroups is the longest row AddRows adds: 64 lanes.
	MaxGroups = 8
	// Pad is the number of groups a row table must hold from the start
	// of its last row on (the assembly reads whole rows of 4 or 8
	// groups).
	Pad = MaxGroups
	// MaxRows is the most rows one call may add.
	MaxRows = 1 << 16
)

// Lane returns the packed form of weight w (in the int16 range).
func Lane(w int32) uint64 { return uint64(uint32(w + Bias)) }

// AddRows adds to acc[l], for each lane l < 8·g, the weights of lane l of
// the rows of g groups at rows[o:o+g], for each o in offs (at most
// MaxRows); 1 ≤ g ≤ MaxGroups. Entries of acc from 8·g on may change.
// rows must hold Pad groups from every offset on; AddRows panics
// otherwise, like an index out of range.
func AddRows(acc *[8 * MaxGroups]int32, rows []Group, offs []uint32, g int) {
	if g < 1 || g > MaxGroups || len(offs) > MaxRows {
		panic(fmt.Sprintf("swar: %d rows of %d groups", len(offs), g))
	}
	if len(offs) == 0 {
		return
	}
	limit := uint32(max(len(rows)-Pad+1, 0))
	if !fast {
		for _, o := range offs {
			if o >= limit {
				panic(fmt.Sprintf("swar: row at %d, table of %d groups", o, len(rows)))
			}
		}
		AddRowsRef(acc, rows, offs, g)
		return
	}
	if limit == 0 || !addRowsAVX(acc, &rows[0], &offs[0], len(offs), g > 4, limit) {
		panic(fmt.Sprintf("swar: a row past %d in a table of %d groups", limit, len(rows)))
	}
}

// AddRowsRef is the reference of AddRows: it adds the words of the rows,
// two lanes at a time, then takes the bias off each lane.
func AddRowsRef(acc *[8 * MaxGroups]int32, rows []Group, offs []uint32, g int) {
	var sum [MaxGroups]Group
	for _, o := range offs {
		row := rows[o : o+uint32(g)]
		for j := range row {
			a, b := &sum[j&(MaxGroups-1)], &row[j]
			a[0] += b[0]
			a[1] += b[1]
			a[2] += b[2]
			a[3] += b[3]
		}
	}
	bias := uint32(len(offs)) * Bias
	for j, grp := range sum[:g] {
		for i, v := range grp {
			acc[8*j+2*i] += int32(uint32(v) - bias)
			acc[8*j+2*i+1] += int32(uint32(v>>32) - bias)
		}
	}
}
