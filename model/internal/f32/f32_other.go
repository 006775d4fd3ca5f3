//go:build !amd64 || purego

package f32

const fast = false

func dotAVX(a, b *float32, n int) float32                                { panic("f32: no assembly") }
func dot4AVX(w *float32, stride int, x *float32, n int, out *[4]float32) { panic("f32: no assembly") }
func axpyAVX(alpha float32, x, y *float32, n int)                        { panic("f32: no assembly") }
