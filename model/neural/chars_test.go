package neural

import (
	"math/rand/v2"
	"testing"
)

func TestCharCNNGradient(t *testing.T) {
	const chars, dim, filters = 6, 4, 5
	for _, ids := range [][]int32{{1, 2, 3, 2, 5}, {4}, {}} {
		rng := rand.New(rand.NewPCG(8, 9))
		size := &arena{}
		newCharCNN(size, chars, dim, filters)
		params := newArena(size.used)
		c := newCharCNN(params, chars, dim, filters)
		randomize(rng, params.all, 1)
		r := make([]float32, filters)
		randomize(rng, r, 1)
		var s charState
		out := make([]float32, filters)
		loss := func() float64 {
			c.forward(&s, ids, out)
			var sum float64
			for f, v := range out {
				sum += float64(r[f] * v)
			}
			return sum
		}
		loss()
		grads := newArena(size.used)
		c.backward(&s, ids, r, newCharCNN(grads, chars, dim, filters), make([]float32, charWidth*dim))
		checkEps = 1e-3 // smaller than the gaps between the maxima's rivals
		checkGradient(t, "params", params.all, grads.all, loss)
		checkEps = 1e-2
	}
}
