package neural

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randomize(rng *rand.Rand, s []float32, scale float32) {
	for i := range s {
		s[i] = (rng.Float32()*2 - 1) * scale
	}
}

// checkGradient compares the analytic gradient grad of loss with respect
// to the finite values of p against central differences.
// checkEps is the step of the central differences.
var checkEps float32 = 1e-2

func checkGradient(t *testing.T, name string, p, grad []float32, loss func() float64) {
	t.Helper()
	eps := checkEps
	for i := range p {
		if math.IsInf(float64(p[i]), 0) {
			continue // a constraint, not a parameter
		}
		old := p[i]
		p[i] = old + eps
		up := loss()
		p[i] = old - eps
		down := loss()
		p[i] = old
		num := (up - down) / (2 * float64(eps))
		if d := math.Abs(num - float64(grad[i])); d > 2e-3+2e-2*math.Abs(num) {
			t.Errorf("%s[%d]: analytic %.6f, numeric %.6f", name, i, grad[i], num)
		}
	}
}

func TestLSTMGradient(t *testing.T) {
	const in, hid, T = 3, 4, 5
	for _, reverse := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(1, 2))
		params := newArena(4 * hid * (in + hid + 1))
		l := newLSTM(params, in, hid)
		randomize(rng, params.all, 0.5)
		xs := make([]float32, T*in)
		randomize(rng, xs, 1)
		r := make([]float32, T*hid) // loss = Σ r⊙out
		randomize(rng, r, 1)
		var s lstmState
		loss := func() float64 {
			l.forward(&s, xs, T, reverse)
			var sum float64
			for i, v := range s.out {
				sum += float64(r[i] * v)
			}
			return sum
		}
		loss()
		g := newLSTM(newArena(len(params.all)), in, hid)
		dxs := make([]float32, T*in)
		l.backward(&s, xs, r, dxs, 0, in, T, reverse, g, make([]float32, 2*hid))
		checkGradient(t, "w", l.w, g.w, loss)
		checkGradient(t, "u", l.u, g.u, loss)
		checkGradient(t, "b", l.b, g.b, loss)
		checkGradient(t, "x", xs, dxs, loss)
	}
}
