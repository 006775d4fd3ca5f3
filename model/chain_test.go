package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// randomScores returns emission scores for n words and transition
// scores valid for enc; with ties, all scores are small integers, so that
// equally good paths are common.
func randomScores(rng *rand.Rand, enc Encoding, n int, ties bool) (emit, trans, final []float32) {
	k := enc.NumLabels()
	v := func() float32 {
		if ties {
			return float32(rng.IntN(3))
		}
		return float32(rng.NormFloat64() * 3)
	}
	emit = make([]float32, n*k)
	for i := range emit {
		emit[i] = v()
	}
	trans, final = enc.Constraints()
	for i := range trans {
		if !math.IsInf(float64(trans[i]), -1) {
			trans[i] = v()
		}
	}
	return emit, trans, final
}

// plainViterbi is the textbook algorithm that viterbi must match exactly:
// every allowed previous label is compared, the first best one is kept.
func plainViterbi(emit []float32, n, k int, trans, final []float32, lat *lattice) []uint8 {
	delta := make([]float32, n*k)
	back := make([]uint8, n*k)
	for l := range k {
		delta[l] = trans[k*k+l] + emit[l]
	}
	for i := 1; i < n; i++ {
		for l := range k {
			best, arg := float32(math.Inf(-1)), uint8(0)
			for _, p := range lat.preds[l] {
				if s := delta[(i-1)*k+int(p)] + trans[int(p)*k+l]; s > best {
					best, arg = s, p
				}
			}
			delta[i*k+l], back[i*k+l] = best+emit[i*k+l], arg
		}
	}
	out := make([]uint8, n)
	best, arg := float32(math.Inf(-1)), -1
	for l := range k {
		if s := delta[(n-1)*k+l] + final[l]; s > best || arg < 0 && !math.IsInf(float64(final[l]), -1) {
			best, arg = s, l
		}
	}
	out[n-1] = uint8(max(arg, 0))
	for i := n - 1; i > 0; i-- {
		out[i-1] = back[i*k+int(out[i])]
	}
	return out
}

// TestViterbiMatchesPlain checks the pruned Viterbi against the textbook
// one, label for label, on random scores with and without ties, for both
// encodings.
func TestViterbiMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, enc := range []Encoding{BIO, BILOU} {
		k := enc.NumLabels()
		lat := enc.lattice()
		for it := range 2000 {
			n := 1 + rng.IntN(30)
			emit, trans, final := randomScores(rng, enc, n, it%2 == 0)
			tMin, tMax := transRange(trans, k)
			got := make([]uint8, n)
			viterbi(emit, n, k, trans, final, &lat, tMax-tMin, transBounds(trans, k, nil), make([]float32, 2*maxLabels), make([]uint8, n*k), got, make([]uint8, k))
			if d := cmp.Diff(plainViterbi(emit, n, k, trans, final, &lat), got); d != "" {
				t.Fatalf("%s, %d words, ties %v (-plain +pruned):\n%s", enc, n, it%2 == 0, d)
			}
		}
	}
}

// TestDecodeMatchesEnumeration compares Decode with every label sequence
// of short sentences: the decoded sequence must have the best score, and
// each confidence must be the summed probability of the sequences that
// give the word its tag.
func TestDecodeMatchesEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, enc := range []Encoding{BIO, BILOU} {
		k := enc.NumLabels()
		for it := range 40 {
			n := 1 + it%3
			emit, trans, final := randomScores(rng, enc, n, false)
			const temp = 0.7
			c, err := NewChain(enc, trans, final, temp)
			if err != nil {
				t.Fatal(err)
			}
			tags, conf := c.NewDecoder().Decode(emit, n, false)
			// Enumerate all k^n label sequences.
			seq := make([]int, n)
			bestScore, z := math.Inf(-1), 0.0
			var bestTags []Tag
			var scores []float64
			var seqs [][]int
			for {
				s, ok := 0.0, true
				for i, l := range seq {
					p := k
					if i > 0 {
						p = seq[i-1]
					}
					tr := trans[p*k+l]
					if math.IsInf(float64(tr), -1) {
						ok = false
						break
					}
					s += float64(tr) + float64(emit[i*k+l])
				}
				if ok && !math.IsInf(float64(final[seq[n-1]]), -1) {
					scores = append(scores, s)
					seqs = append(seqs, append([]int(nil), seq...))
					z += math.Exp(temp * s)
					if s > bestScore {
						bestScore = s
						bestTags = bestTags[:0]
						for _, l := range seq {
							bestTags = append(bestTags, enc.Tag(l))
						}
					}
				}
				i := n - 1
				for i >= 0 && seq[i] == k-1 {
					seq[i] = 0
					i--
				}
				if i < 0 {
					break
				}
				seq[i]++
			}
			if d := cmp.Diff(bestTags, tags); d != "" {
				t.Fatalf("%s, %d words: tags (-enumeration +Decode):\n%s", enc, n, d)
			}
			for i := range n {
				p := 0.0
				for j, sq := range seqs {
					if enc.Tag(sq[i]) == tags[i] {
						p += math.Exp(temp*scores[j]) / z
					}
				}
				if math.Abs(p-float64(conf[i])) > 1e-4 {
					t.Errorf("%s, %d words: confidence of word %d is %v, by enumeration %v", enc, n, i, conf[i], p)
				}
			}
		}
	}
}

// TestMarginalsDenseMatchesSparse checks that multiplying whole
// transition rows (f32's assembly, where it runs) gives the confidences
// of the sparse loops bit for bit.
func TestMarginalsDenseMatchesSparse(t *testing.T) {
	if !denseRows {
		t.Skip("no assembly kernels on this machine: only the sparse loops run")
	}
	defer func() { denseRows = true }()
	rng := rand.New(rand.NewPCG(13, 14))
	for _, enc := range []Encoding{BIO, BILOU} {
		for range 300 {
			n := 1 + rng.IntN(40)
			emit, trans, final := randomScores(rng, enc, n, false)
			c, err := NewChain(enc, trans, final, 0.5)
			if err != nil {
				t.Fatal(err)
			}
			d := c.NewDecoder()
			denseRows = true
			_, dense := d.Decode(emit, n, false)
			dense = append([]float32(nil), dense...)
			denseRows = false
			_, sparse := d.Decode(emit, n, false)
			if d := cmp.Diff(sparse, dense); d != "" {
				t.Fatalf("%s, %d words (-sparse +dense):\n%s", enc, n, d)
			}
		}
	}
}
