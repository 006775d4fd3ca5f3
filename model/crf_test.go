package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestCRFGradient checks the CRF's emission and transition gradients
// against marginals computed by enumerating every label sequence of short
// sentences under random scores.
func TestCRFGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sch := range []Encoding{BIO, BILOU} {
		for n := 1; n <= 3; n++ {
			p := newCRF(sch, 1)
			k := p.k
			for i := range p.trans {
				if !math.IsInf(float64(p.trans[i]), -1) {
					p.trans[i] = float32(rng.NormFloat64())
				}
			}
			emit := make([]float32, n*k)
			for i := range emit {
				emit[i] = float32(2 * rng.NormFloat64())
			}
			// Gold: a valid sequence (O … O, then one entity if it fits).
			e := &encoded{labels: make([]uint8, n)}
			for i := range e.labels {
				e.labels[i] = uint8(sch.Labels(nil, []Tag{O})[0])
			}
			p.emit, p.demit = emit, make([]float32, n*k)
			clear(p.dT)
			p.gradient(e)

			// Brute force: the probability of every valid sequence.
			wantE := make([]float64, n*k)
			wantT := make([]float64, len(p.trans))
			var z float64
			seq := make([]int, n)
			var walk func(i int, score float64)
			walk = func(i int, score float64) {
				if i == n {
					if math.IsInf(float64(p.final[seq[n-1]]), -1) {
						return
					}
					w := math.Exp(score)
					z += w
					prev := k
					for j, l := range seq {
						wantE[j*k+l] += w
						wantT[prev*k+l] += w
						prev = l
					}
					return
				}
				prev := k
				if i > 0 {
					prev = seq[i-1]
				}
				for l := range k {
					tr := float64(p.trans[prev*k+l])
					if math.IsInf(tr, -1) {
						continue
					}
					seq[i] = l
					walk(i+1, score+tr+float64(emit[i*k+l]))
				}
			}
			walk(0, 0)
			prev := k
			for j, g := range e.labels {
				wantE[j*k+int(g)] -= z
				wantT[prev*k+int(g)] -= z
				prev = int(g)
			}
			for i, v := range wantE {
				if got := float64(p.demit[i]); math.Abs(got-v/z) > 1e-4 {
					t.Fatalf("%s n=%d: emission gradient [%d] = %g, want %g", sch, n, i, got, v/z)
				}
			}
			for i, v := range wantT {
				if got := float64(p.dT[i]); math.Abs(got-v/z) > 1e-4 {
					t.Fatalf("%s n=%d: transition gradient [%d] = %g, want %g", sch, n, i, got, v/z)
				}
			}
		}
	}
}
