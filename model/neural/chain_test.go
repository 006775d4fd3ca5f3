package neural

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomChain returns random scores for k labels where label 1 may not
// follow label 2, no sentence starts with label 2 and none ends with
// label 1.
func randomChain(rng *rand.Rand, n, k int) (emit, trans, final []float32) {
	emit, trans, final = make([]float32, n*k), make([]float32, (k+1)*k), make([]float32, k)
	randomize(rng, emit, 2)
	randomize(rng, trans, 1)
	randomize(rng, final, 0) // zero
	inf := float32(math.Inf(-1))
	trans[2*k+1] = inf
	trans[k*k+2] = inf
	final[1] = inf
	return emit, trans, final
}

// bruteLogZ sums the scores of all label sequences.
func bruteLogZ(emit []float32, n, k int, trans, final []float32) float64 {
	seq := make([]int, n)
	total := 0.0
	for {
		s := float64(trans[k*k+seq[0]] + final[seq[n-1]])
		for i, l := range seq {
			s += float64(emit[i*k+l])
			if i > 0 {
				s += float64(trans[seq[i-1]*k+l])
			}
		}
		total += math.Exp(s)
		i := 0
		for i < n && seq[i] == k-1 {
			seq[i] = 0
			i++
		}
		if i == n {
			return math.Log(total)
		}
		seq[i]++
	}
}

func TestChainLoss(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	const k = 4
	for _, n := range []int{1, 2, 5} {
		emit, trans, final := randomChain(rng, n, k)
		// An allowed sequence: 0 3 2 0 3 …, ending with 0 or 3.
		gold := make([]uint8, n)
		for i := range gold {
			gold[i] = []uint8{0, 3, 2}[i%3]
		}
		if gold[n-1] == 2 {
			gold[n-1] = 3
		}
		var c chainLoss
		demit, dtrans := make([]float32, n*k), make([]float32, (k+1)*k)
		got := c.loss(emit, n, k, trans, final, gold, demit, dtrans)
		score := float64(trans[k*k+int(gold[0])] + final[gold[n-1]])
		for i, g := range gold {
			score += float64(emit[i*k+int(g)])
			if i > 0 {
				score += float64(trans[int(gold[i-1])*k+int(g)])
			}
		}
		if want := bruteLogZ(emit, n, k, trans, final) - score; math.Abs(got-want) > 1e-5 {
			t.Errorf("n %d: loss %v, by enumeration %v", n, got, want)
		}
		loss := func() float64 {
			return c.loss(emit, n, k, trans, final, gold, make([]float32, n*k), make([]float32, (k+1)*k))
		}
		checkGradient(t, "emit", emit, demit, loss)
		checkGradient(t, "trans", trans, dtrans, loss)
		for i, v := range trans {
			if math.IsInf(float64(v), -1) && dtrans[i] != 0 {
				t.Errorf("disallowed transition %d has gradient %v", i, dtrans[i])
			}
		}
	}
}
