//go:build amd64 && !purego

package f32

import "golang.org/x/sys/cpu"

// fast reports whether the assembly kernels run.
var fast = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotAVX returns the dot product of n floats, n a multiple of 8.
//
//go:noescape
func dotAVX(a, b *float32, n int) float32

// axpyAVX adds alpha·x to y over n floats, n a multiple of 8.
//
//go:noescape
func axpyAVX(alpha float32, x, y *float32, n int)

// matVecAVX adds to y[i], i < rows, the dot product of the cols floats of
// row i of w (rows stride floats apart) with x; rows is a multiple of 4
// and cols of 8.
//
//go:noescape
func matVecAVX(y, w, x *float32, rows, cols, stride int)

// sigmoidAVX and tanhAVX apply the activation in place to n floats, n a
// multiple of 8.
//
//go:noescape
func sigmoidAVX(x *float32, n int)

//go:noescape
func tanhAVX(x *float32, n int)

// expShiftAVX sets dst[i] to e^(c·(src[i]−mx)) where that exponent is
// above -14, else 0, over n floats, n a multiple of 8.
//
//go:noescape
func expShiftAVX(dst, src *float32, n int, c, mx float32)

// mulAddRowsAboveAVX adds w[p]·rows[64p:64p+64] to acc for each p < n
// (at most 64) with w[p] > thr, multiplying and adding separately.
//
//go:noescape
func mulAddRowsAboveAVX(acc *[RowWidth]float32, rows, w *float32, n int, thr float32)

// mulAdd4x8AVX adds Σ_{k<t} a[i·ar+k·ak]·b[k·ldb+j] to w[i·ldw+j] for i < 4,
// j < 8.
//
//go:noescape
func mulAdd4x8AVX(w *float32, ldw int, a *float32, ar, ak int, b *float32, ldb, t int)

// mulAdd4x16AVX is mulAdd4x8AVX for j < 16.
//
//go:noescape
func mulAdd4x16AVX(w *float32, ldw int, a *float32, ar, ak int, b *float32, ldb, t int)
