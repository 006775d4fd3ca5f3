package neural

import (
	"math"
	"math/rand/v2"
	"testing"
)

// testSentence returns a random sentence of n words for network shape c.
func testSentence(rng *rand.Rand, c config, n int) *sentence {
	s := &sentence{n: n, vecs: make([]float32, n*c.Dims), shape: make([]uint8, n), gold: make([]uint8, n)}
	randomize(rng, s.vecs, 1)
	for t := range n {
		ids := make([]int32, 1+rng.IntN(4))
		for i := range ids {
			ids[i] = int32(1 + rng.IntN(c.Chars-1))
		}
		s.chars = append(s.chars, ids)
		s.shape[t] = uint8(rng.IntN(numShapes))
		s.stats = append(s.stats, wordStats{
			class: [3]uint16{uint16(rng.IntN(classIDs[0])), uint16(rng.IntN(classIDs[1])), uint16(rng.IntN(classIDs[2]))},
			ratio: uint8(rng.IntN(ratioIDs)), freq: uint8(rng.IntN(freqIDs)), gaz: uint16(rng.IntN(1 << gazBits)),
		})
		s.gold[t] = uint8(rng.IntN(c.Labels))
	}
	return s
}

func TestNetGradient(t *testing.T) {
	c := config{Dims: 3, Chars: 5, CharDim: 2, Filters: 3, ShapeDim: 2, Stats: true, Hidden: 3, Labels: 3}
	t.Run("words", func(t *testing.T) { testNetGradient(t, c) })
	c.LM = 4 // the BiLM's states as further inputs
	t.Run("language model", func(t *testing.T) { testNetGradient(t, c) })
}

func testNetGradient(t *testing.T, c config) {
	rng := rand.New(rand.NewPCG(10, 11))
	params := newArena(paramCount(c))
	n := newNet(params, c)
	n.initParams(rng)
	if c.LM > 0 {
		randomize(rng, params.all[params.used-lmParamCount(c.Dims, c.LM):], 0.5)
	}
	randomize(rng, n.trans, 1)
	randomize(rng, n.outB, 0.5)
	s := testSentence(rng, c, 4)
	// Label 2 may not follow label 1 nor end a sentence.
	constraint, final := make([]float32, (c.Labels+1)*c.Labels), make([]float32, c.Labels)
	constraint[1*c.Labels+2] = float32(math.Inf(-1))
	final[2] = float32(math.Inf(-1))
	s.gold = []uint8{0, 2, 1, 0}
	var p pass
	g := newNet(newArena(params.used), c)
	n.learn(&p, s, g, constraint, final, 0, nil)
	loss := func() float64 {
		return n.learn(&p, s, newNet(newArena(params.used), c), constraint, final, 0, nil)
	}
	checkEps = 1e-3
	defer func() { checkEps = 1e-2 }()
	for _, pair := range []struct {
		name string
		p, g []float32
	}{
		{"chars.emb", n.chars.emb, g.chars.emb}, {"chars.w", n.chars.w, g.chars.w}, {"chars.b", n.chars.b, g.chars.b},
		{"shape", n.shape, g.shape}, {"ratio", n.ratio, g.ratio}, {"freq", n.freq, g.freq},
		{"fwd.w", n.fwd.w, g.fwd.w}, {"fwd.u", n.fwd.u, g.fwd.u}, {"fwd.b", n.fwd.b, g.fwd.b},
		{"bwd.w", n.bwd.w, g.bwd.w}, {"bwd.u", n.bwd.u, g.bwd.u}, {"bwd.b", n.bwd.b, g.bwd.b},
		{"out", n.out, g.out}, {"outB", n.outB, g.outB}, {"trans", n.trans, g.trans},
		{"class[2] of word 0", n.class[2][int(s.stats[0].class[2])*classDims[2]:][:classDims[2]], g.class[2][int(s.stats[0].class[2])*classDims[2]:][:classDims[2]]},
	} {
		checkGradient(t, pair.name, pair.p, pair.g, loss)
		zero := 0
		for _, v := range pair.g {
			if v == 0 {
				zero++
			}
		}
		if zero == len(pair.g) {
			t.Errorf("%s: all gradients are 0", pair.name)
		}
	}
}
