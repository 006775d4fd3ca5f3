//go:build amd64 && !purego

package f32

import "golang.org/x/sys/cpu"

// fast reports whether the assembly kernels run.
var fast = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotAVX returns the dot product of n floats, n a multiple of 8.
//
//go:noescape
func dotAVX(a, b *float32, n int) float32

// dot4AVX writes to out the dot products of x with the four rows of n
// floats that start at w, w+stride, w+2·stride and w+3·stride; n is a
// multiple of 8.
//
//go:noescape
func dot4AVX(w *float32, stride int, x *float32, n int, out *[4]float32)

// axpyAVX adds alpha·x to y over n floats, n a multiple of 8.
//
//go:noescape
func axpyAVX(alpha float32, x, y *float32, n int)
