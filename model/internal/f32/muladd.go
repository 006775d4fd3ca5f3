package f32

// MulAdd adds the matrix product A·B to the m×n matrix in w (row r at
// w[r·ldw:]): w[r·ldw+c] += Σ_{k<t} a[r·ar+k·ak]·b[k·ldb+c]. A is m×t with
// strides ar between rows and ak between columns, so that a transposed
// matrix needs no copy; B is t×n with rows ldb apart. It panics when a
// slice is too short for the strides.
//
// The sums of a training's gradients over the steps of a sentence are
// such products (Σ_k dz_k⊗x_k, and the inputs' gradients W^T dz_k of
// every step at once): blocks of 4×16 values of w stay in registers while
// the t terms pass, which makes MulAdd several times faster than t rank-1
// updates (Outer).
func MulAdd(w []float32, ldw, m, n int, a []float32, ar, ak int, b []float32, ldb, t int) {
	if m <= 0 || n <= 0 || t <= 0 {
		return
	}
	_ = w[(m-1)*ldw+n-1]
	_ = a[(m-1)*ar+(t-1)*ak]
	_ = b[(t-1)*ldb+n-1]
	if !fast {
		mulAddRef(w, ldw, 0, m, 0, n, a, ar, ak, b, ldb, t)
		return
	}
	m4, n8 := m&^3, n&^7
	for r := 0; r < m4; r += 4 {
		c := 0
		for ; c+16 <= n8; c += 16 {
			mulAdd4x16AVX(&w[r*ldw+c], ldw, &a[r*ar], ar, ak, &b[c], ldb, t)
		}
		if c < n8 {
			mulAdd4x8AVX(&w[r*ldw+c], ldw, &a[r*ar], ar, ak, &b[c], ldb, t)
		}
	}
	mulAddRef(w, ldw, 0, m4, n8, n, a, ar, ak, b, ldb, t)
	for r := m4; r < m; r++ {
		for k := range t {
			Axpy(a[r*ar+k*ak], b[k*ldb:k*ldb+n], w[r*ldw:r*ldw+n])
		}
	}
}

// MulAddRef is the reference of MulAdd.
func MulAddRef(w []float32, ldw, m, n int, a []float32, ar, ak int, b []float32, ldb, t int) {
	if m <= 0 || n <= 0 || t <= 0 {
		return
	}
	_ = w[(m-1)*ldw+n-1]
	_ = a[(m-1)*ar+(t-1)*ak]
	_ = b[(t-1)*ldb+n-1]
	mulAddRef(w, ldw, 0, m, 0, n, a, ar, ak, b, ldb, t)
}

// mulAddRef is MulAdd over rows r0 to r1 and columns c0 to c1.
func mulAddRef(w []float32, ldw, r0, r1, c0, c1 int, a []float32, ar, ak int, b []float32, ldb, t int) {
	for r := r0; r < r1; r++ {
		row := w[r*ldw : r*ldw+c1]
		for k := range t {
			v := a[r*ar+k*ak]
			br := b[k*ldb : k*ldb+c1]
			for c := c0; c < c1; c++ {
				row[c] += v * br[c]
			}
		}
	}
}
