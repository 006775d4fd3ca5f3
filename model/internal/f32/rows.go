package f32

import "fmt"

// RowWidth is the stride of the rows MulAddRows reads.
const RowWidth = 64

// Accelerated reports whether the kernels run assembly on this machine.
func Accelerated() bool { return fast }

// MulAddRows adds w[p] times row p of rows (rows[p·RowWidth:][:RowWidth])
// to acc for each p of idx, in that order. Each product is rounded
// before it is added (no fused multiply-add), so the assembly gives
// exactly the result of MulAddRowsRef. It panics, like an index out of
// range, when an index is out of w or its row out of rows.
func MulAddRows(acc *[RowWidth]float32, rows, w []float32, idx []uint8) {
	for _, p := range idx {
		if int(p) >= len(w) || (int(p)+1)*RowWidth > len(rows) {
			panic(fmt.Sprintf("f32: row %d of %d weights and %d rows", p, len(w), len(rows)/RowWidth))
		}
	}
	if !fast || len(idx) == 0 {
		MulAddRowsRef(acc, rows, w, idx)
		return
	}
	mulAddRowsAVX(acc, &rows[0], &w[0], &idx[0], len(idx))
}

// MulAddRowsRef is the reference of MulAddRows.
func MulAddRowsRef(acc *[RowWidth]float32, rows, w []float32, idx []uint8) {
	for _, p := range idx {
		row := (*[RowWidth]float32)(rows[int(p)*RowWidth:])
		c := w[p]
		for l := range acc {
			acc[l] += c * row[l]
		}
	}
}
