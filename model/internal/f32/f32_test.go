package f32

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func random(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = rng.Float32()*2 - 1
	}
	return v
}

// near reports whether got and want agree within the rounding error of
// summing n products of values in [-1, 1] in another order.
func near(got, want float32, n int) bool {
	return math.Abs(float64(got-want)) <= 1e-6*float64(n+1)*4
}

// sizes covers the assembly's blocks of 8 and 32 and every remainder.
var sizes = []int{0, 1, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, 100, 200, 257}

func TestDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range sizes {
		for off := range 3 { // unaligned starts
			a, b := random(rng, n+off)[off:], random(rng, n+off+2)[off:]
			if got, want := Dot(a, b), DotRef(a, b); !near(got, want, n) {
				t.Errorf("n %d offset %d: Dot %v, reference %v", n, off, got, want)
			}
		}
	}
}

func TestAxpy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range sizes {
		x, y := random(rng, n+1), random(rng, n)
		want := append([]float32(nil), y...)
		AxpyRef(0.37, x, want)
		Axpy(0.37, x, y)
		for i := range y {
			if !near(y[i], want[i], 1) {
				t.Fatalf("n %d: y[%d] = %v, reference %v", n, i, y[i], want[i])
			}
		}
	}
}

func TestMatrixKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, r := range []int{1, 3, 4, 5, 9, 16} {
		for _, c := range sizes {
			name := fmt.Sprintf("%d×%d", r, c)
			w, x, xt := random(rng, r*c), random(rng, c), random(rng, r)
			// MatVec
			y, want := random(rng, r), make([]float32, r)
			copy(want, y)
			MatVecRef(want, w, x)
			MatVec(y, w, x)
			for i := range y {
				if !near(y[i], want[i], c) {
					t.Fatalf("%s MatVec: y[%d] = %v, reference %v", name, i, y[i], want[i])
				}
			}
			// MatTVec
			yt, wantT := random(rng, c), make([]float32, c)
			copy(wantT, yt)
			MatTVecRef(wantT, w, xt)
			MatTVec(yt, w, xt)
			for i := range yt {
				if !near(yt[i], wantT[i], r) {
					t.Fatalf("%s MatTVec: y[%d] = %v, reference %v", name, i, yt[i], wantT[i])
				}
			}
			// Outer
			g, wantG := random(rng, r*c), make([]float32, r*c)
			copy(wantG, g)
			OuterRef(wantG, xt, x)
			Outer(g, xt, x)
			for i := range g {
				if !near(g[i], wantG[i], 1) {
					t.Fatalf("%s Outer: w[%d] = %v, reference %v", name, i, g[i], wantG[i])
				}
			}
		}
	}
}

func TestShortSlicesPanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MatVec with a short matrix did not panic")
		}
	}()
	MatVec(make([]float32, 4), make([]float32, 15), make([]float32, 4))
}

func TestNoAllocs(t *testing.T) {
	y, w, x := make([]float32, 64), make([]float32, 64*48), make([]float32, 48)
	if n := testing.AllocsPerRun(10, func() { MatVec(y, w, x); MatTVec(x, w, y); Outer(w, y, x) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// BenchmarkMatVec reports GFLOP/s of a 512×300 matrix·vector product,
// about one LSTM direction's gates for a 100+200-wide input.
func BenchmarkMatVec(b *testing.B) {
	for _, k := range []struct {
		name string
		f    func(y, w, x []float32)
	}{{"fast", MatVec}, {"reference", MatVecRef}} {
		b.Run(k.name, func(b *testing.B) {
			const r, c = 512, 300
			rng := rand.New(rand.NewPCG(1, 1))
			y, w, x := make([]float32, r), random(rng, r*c), random(rng, c)
			for b.Loop() {
				k.f(y, w, x)
			}
			b.ReportMetric(2*r*c*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkOuter reports GFLOP/s of a 512×300 rank-one update.
func BenchmarkOuter(b *testing.B) {
	for _, k := range []struct {
		name string
		f    func(w, a, b []float32)
	}{{"fast", Outer}, {"reference", OuterRef}} {
		b.Run(k.name, func(b *testing.B) {
			const r, c = 512, 300
			rng := rand.New(rand.NewPCG(1, 1))
			w, u, v := make([]float32, r*c), random(rng, r), random(rng, c)
			for b.Loop() {
				k.f(w, u, v)
			}
			b.ReportMetric(2*r*c*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func TestActivations(t *testing.T) {
	var xs []float32
	for v := float32(-30); v <= 30; v += 0.0137 {
		xs = append(xs, v)
	}
	xs = append(xs, 0, float32(math.Copysign(0, -1)), 1e-8, -1e-8, float32(math.Inf(1)), float32(math.Inf(-1)))
	sig, th := append([]float32(nil), xs...), append([]float32(nil), xs...)
	Sigmoid(sig)
	Tanh(th)
	sigRef, thRef := append([]float32(nil), xs...), append([]float32(nil), xs...)
	SigmoidRef(sigRef)
	TanhRef(thRef)
	for i, v := range xs {
		if math.Abs(float64(sig[i]-sigRef[i])) > 1e-6 || math.Abs(float64(th[i]-thRef[i])) > 1e-6 {
			t.Errorf("%v: Sigmoid %v, reference %v; Tanh %v, reference %v", v, sig[i], sigRef[i], th[i], thRef[i])
		}
		if want := 1 / (1 + math.Exp(-float64(v))); math.Abs(float64(sig[i])-want) > 1e-5 {
			t.Errorf("Sigmoid(%v) = %v, want %v", v, sig[i], want)
		}
		if want := math.Tanh(float64(v)); math.Abs(float64(th[i])-want) > 1e-5 {
			t.Errorf("Tanh(%v) = %v, want %v", v, th[i], want)
		}
	}
}

func TestExpNeg(t *testing.T) {
	for x := float32(-19.99); x <= 0; x += 0.001 {
		want := math.Exp(float64(x))
		if got := float64(ExpNeg(x)); math.Abs(got-want) > 1e-5*want {
			t.Fatalf("ExpNeg(%v) = %v, want %v", x, got, want)
		}
	}
	if ExpNeg(0) != 1 {
		t.Errorf("ExpNeg(0) = %v", ExpNeg(0))
	}
}

func TestExpShift(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for n := range 60 {
		src := make([]float32, n)
		for i := range src {
			src[i] = 30 * (rng.Float32() - 0.9) // scores around the maximum, some far below
		}
		if n > 3 {
			src[1], src[2], src[3] = -7, -7.0001, -6.9999 // c·(v−mx) at and around the cut (-14)
		}
		mx, c := float32(0), float32(2)
		got, ref := make([]float32, n), make([]float32, n)
		ExpShift(got, src, c, mx)
		ExpShiftRef(ref, src, c, mx)
		for i, v := range src {
			d := float64(c) * float64(v-mx)
			want := 0.0
			if d > -14 {
				want = math.Exp(d)
			}
			if math.Abs(float64(got[i])-want) > 1e-5*want || math.Abs(float64(got[i]-ref[i])) > 1e-6*float64(ref[i]) {
				t.Errorf("n %d, %v: ExpShift %v, reference %v, exact %v", n, v, got[i], ref[i], want)
			}
		}
	}
}

// TestMulAddRowsAbove checks the assembly against the reference bit for
// bit, for every number of weights, with NaN and weights equal to the
// threshold.
func TestMulAddRowsAbove(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	rows := make([]float32, RowWidth*RowWidth)
	for i := range rows {
		if r.IntN(3) > 0 {
			rows[i] = r.Float32() * 5
		}
	}
	for n := range RowWidth + 1 {
		w := make([]float32, n)
		for i := range w {
			switch r.IntN(6) {
			case 0:
				w[i] = 0.25 // the threshold: not above
			case 1:
				w[i] = float32(math.NaN())
			default:
				w[i] = r.Float32()
			}
		}
		var want, got [RowWidth]float32
		for i := range want {
			want[i] = float32(i) * 0.1
		}
		got = want
		MulAddRowsAboveRef(&want, rows, w, 0.25)
		MulAddRowsAbove(&got, rows, w, 0.25)
		if want != got {
			t.Errorf("%d weights: %v, reference %v", n, got, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MulAddRowsAbove with 3 weights and 2 rows did not panic")
		}
	}()
	var acc [RowWidth]float32
	MulAddRowsAbove(&acc, rows[:2*RowWidth], []float32{1, 1, 1}, 0)
}

func TestMulAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, m := range []int{1, 3, 4, 5, 9} {
		for _, n := range []int{1, 7, 8, 13, 24, 40} {
			for _, steps := range []int{1, 2, 9} {
				for _, transposed := range []bool{false, true} {
					name := fmt.Sprintf("%d×%d, t=%d, transposed %v", m, n, steps, transposed)
					ldw, ldb := n+3, n+1
					ar, ak := steps+2, 1 // A row-major with padding
					if transposed {
						ar, ak = 1, m+1
					}
					w := random(rng, m*ldw)
					a := random(rng, (m-1)*ar+(steps-1)*ak+1)
					b := random(rng, (steps-1)*ldb+n)
					want := make([]float32, len(w))
					copy(want, w)
					for r := range m {
						for c := range n {
							var s float32
							for k := range steps {
								s += a[r*ar+k*ak] * b[k*ldb+c]
							}
							want[r*ldw+c] += s
						}
					}
					ref := slices.Clone(w)
					MulAddRef(ref, ldw, m, n, a, ar, ak, b, ldb, steps)
					MulAdd(w, ldw, m, n, a, ar, ak, b, ldb, steps)
					for i := range w {
						if !near(w[i], want[i], steps) || !near(ref[i], want[i], steps) {
							t.Fatalf("%s: w[%d] = %v, reference %v, want %v", name, i, w[i], ref[i], want[i])
						}
					}
				}
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MulAdd with a short B did not panic")
		}
	}()
	MulAdd(make([]float32, 16), 4, 4, 4, make([]float32, 16), 4, 1, make([]float32, 15), 4, 4)
}

// BenchmarkMulAdd reports GFLOP/s of the gradient of a 800×224 weight
// matrix over 25 steps (Σ_k dz_k⊗x_k, dz stored step by step).
func BenchmarkMulAdd(b *testing.B) {
	const m, n, steps = 800, 224, 25
	rng := rand.New(rand.NewPCG(1, 2))
	w, dz, x := random(rng, m*n), random(rng, steps*m), random(rng, steps*n)
	b.Run("MulAdd", func(b *testing.B) {
		for b.Loop() {
			MulAdd(w, n, m, n, dz, 1, m, x, n, steps)
		}
		b.ReportMetric(2*m*n*steps*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
	b.Run("Outer", func(b *testing.B) {
		for b.Loop() {
			for k := range steps {
				Outer(w, dz[k*m:(k+1)*m], x[k*n:(k+1)*n])
			}
		}
		b.ReportMetric(2*m*n*steps*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}
