package f32

import "fmt"

// RowWidth is the stride of the rows MulAddRows reads.
const RowWidth = 64

// Accelerated reports whether the kernels run assembly on this machine.
func Accelerated() bool { return fast }

// MulAddRowsAbove adds w[p] times row p of rows (rows[p·RowWidth:][:RowWidth])
// to acc for each p, in ascending order, whose weight w[p] is above thr;
// at most RowWidth weights. Each product is rounded before it is added
// (no fused multiply-add), so the assembly gives exactly the result of
// MulAddRowsAboveRef. It panics when rows holds fewer than len(w) rows.
func MulAddRowsAbove(acc *[RowWidth]float32, rows, w []float32, thr float32) {
	if len(w) > RowWidth || len(rows) < len(w)*RowWidth {
		panic(fmt.Sprintf("f32: %d weights and %d rows", len(w), len(rows)/RowWidth))
	}
	if !fast || len(w) == 0 {
		MulAddRowsAboveRef(acc, rows, w, thr)
		return
	}
	mulAddRowsAboveAVX(acc, &rows[0], &w[0], len(w), thr)
}

// MulAddRowsAboveRef is the reference of MulAddRowsAbove.
func MulAddRowsAboveRef(acc *[RowWidth]float32, rows, w []float32, thr float32) {
	for p, c := range w {
		if !(c > thr) {
			continue
		}
		row := (*[RowWidth]float32)(rows[p*RowWidth:])
		for l := range acc {
			acc[l] += c * row[l]
		}
	}
}
