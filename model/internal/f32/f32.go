// Package f32 holds the float32 kernels of the neural tagger (dot
// products, matrix·vector and matrix·matrix products, scaled additions,
// activations) and of the decoding that every model kind
// shares (exponentials, sums of scaled transition rows). Each kernel has
// a plain Go reference (the …Ref functions); on amd64 processors with
// AVX2 and FMA the exported functions use assembly, elsewhere the
// reference. Results of the two paths differ only by the order of
// float32 additions, except where a function says they are equal.
//
// Matrices are row-major slices: an r×c matrix w holds row i in
// w[i*c:(i+1)*c]. The functions panic when slices are shorter than the
// sizes they are given, like an index out of range; they never allocate
// and are safe for concurrent use on distinct outputs.
package f32

// Dot returns Σ a[i]·b[i] over i < len(a); b must be at least as long.
func Dot(a, b []float32) float32 {
	n := len(a)
	b = b[:n]
	if !fast || n < 8 {
		return DotRef(a, b)
	}
	m := n &^ 7
	s := dotAVX(&a[0], &b[0], m)
	for i := m; i < n; i++ {
		s += a[i] * b[i]
	}
	return s
}

// DotRef is the reference of Dot.
func DotRef(a, b []float32) float32 {
	b = b[:len(a)]
	var s float32
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

// Axpy adds alpha·x[i] to y[i] for i < len(y); x must be at least as long.
func Axpy(alpha float32, x, y []float32) {
	n := len(y)
	x = x[:n]
	if !fast || n < 8 {
		AxpyRef(alpha, x, y)
		return
	}
	m := n &^ 7
	axpyAVX(alpha, &x[0], &y[0], m)
	for i := m; i < n; i++ {
		y[i] += alpha * x[i]
	}
}

// AxpyRef is the reference of Axpy.
func AxpyRef(alpha float32, x, y []float32) {
	x = x[:len(y)]
	for i := range y {
		y[i] += alpha * x[i]
	}
}

// MatVec adds w·x to y, where w is a len(y)×len(x) matrix.
func MatVec(y, w, x []float32) {
	r, c := len(y), len(x)
	w = w[:r*c]
	if !fast || c < 8 {
		MatVecRef(y, w, x)
		return
	}
	m, r4 := c&^7, r&^3
	if r4 > 0 {
		matVecAVX(&y[0], &w[0], &x[0], r4, m, c)
		if m < c {
			for i := range r4 {
				y[i] += DotRef(w[i*c+m:(i+1)*c], x[m:])
			}
		}
	}
	for i := r4; i < r; i++ {
		y[i] += Dot(w[i*c:(i+1)*c], x)
	}
}

// MatVecRef is the reference of MatVec.
func MatVecRef(y, w, x []float32) {
	c := len(x)
	w = w[:len(y)*c]
	for i := range y {
		y[i] += DotRef(w[i*c:(i+1)*c], x)
	}
}

// MatTVec adds wᵀ·x to y, where w is a len(x)×len(y) matrix: the
// gradient of MatVec's input.
func MatTVec(y, w, x []float32) {
	c := len(y)
	w = w[:len(x)*c]
	for i, xi := range x {
		if xi != 0 {
			Axpy(xi, w[i*c:(i+1)*c], y)
		}
	}
}

// MatTVecRef is the reference of MatTVec.
func MatTVecRef(y, w, x []float32) {
	c := len(y)
	w = w[:len(x)*c]
	for i, xi := range x {
		AxpyRef(xi, w[i*c:(i+1)*c], y)
	}
}

// Outer adds a·bᵀ to w, a len(a)×len(b) matrix: the gradient of
// MatVec's matrix.
func Outer(w, a, b []float32) {
	c := len(b)
	w = w[:len(a)*c]
	for i, ai := range a {
		if ai != 0 {
			Axpy(ai, b, w[i*c:(i+1)*c])
		}
	}
}

// OuterRef is the reference of Outer.
func OuterRef(w, a, b []float32) {
	c := len(b)
	w = w[:len(a)*c]
	for i, ai := range a {
		AxpyRef(ai, b, w[i*c:(i+1)*c])
	}
}
