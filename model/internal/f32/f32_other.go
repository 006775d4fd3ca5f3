//go:build !amd64 || purego

package f32

const fast = false

func dotAVX(a, b *float32, n int) float32                { panic("f32: no assembly") }
func axpyAVX(alpha float32, x, y *float32, n int)        { panic("f32: no assembly") }
func matVecAVX(y, w, x *float32, rows, cols, stride int) { panic("f32: no assembly") }
func sigmoidAVX(x *float32, n int)                       { panic("f32: no assembly") }
func tanhAVX(x *float32, n int)                          { panic("f32: no assembly") }

func expShiftAVX(dst, src *float32, n int, c, mx float32) { panic("f32: no assembly") }

func mulAddRowsAboveAVX(acc *[RowWidth]float32, rows, w *float32, n int, thr float32) {
	panic("f32: no assembly")
}

func mulAdd4x8AVX(w *float32, ldw int, a *float32, ar, ak int, b *float32, ldb, t int) {
	panic("f32: no assembly")
}

func mulAdd4x16AVX(w *float32, ldw int, a *float32, ar, ak int, b *float32, ldb, t int) {
	panic("f32: no assembly")
}
