package neural

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/namen-nlp/namen/model/vectors"
)

// benchModel returns a model of the default shape with random weights and
// vectors of 100 dimensions learned from a few sentences: tagging costs
// the same whatever the weights.
func benchModel(tb testing.TB) *Model { return benchModelLM(tb, 0) }

// benchModelLM is benchModel with a language model of lm units (0: none).
func benchModelLM(tb testing.TB, lm int) *Model {
	b := vectors.NewBuilder(vectors.Options{Dims: 100, Buckets: 1 << 12, Epochs: 1, MinCount: 1})
	for range 50 {
		b.AddWords([]string{"Die", "Bundeskanzlerin", "Angela", "Merkel", "reist", "morgen", "nach", "Paris", "."})
	}
	vt, err := b.Train(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	o := TrainOptions{}.withDefaults()
	rd := reader{dims: 100, vecs: vt, chars: charIDs([][]string{{"abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789.,-"}}, 1)}
	cfg := config{Dims: 100, Chars: len(rd.chars) + 2, CharDim: o.CharDim, Filters: o.Filters, ShapeDim: o.ShapeDim, Hidden: o.Hidden, Labels: encoding.NumLabels(), LM: lm}
	params := newArena(paramCount(cfg))
	rng := rand.New(rand.NewPCG(1, 1))
	newNet(params, cfg).initParams(rng)
	for i := params.used - lmParamCount(cfg.Dims, lm); i < params.used; i++ {
		params.all[i] = (rng.Float32()*2 - 1) * 0.1
	}
	m, err := newModel(cfg, params.all, rd, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkTag tags a 25-word sentence on one goroutine and reports
// tokens per second.
func BenchmarkTag(b *testing.B) { benchTag(b, benchModel(b)) }

// BenchmarkTagLM is BenchmarkTag with a language model of 128 units.
func BenchmarkTagLM(b *testing.B) { benchTag(b, benchModelLM(b, 128)) }

func benchTag(b *testing.B, m *Model) {
	words := []string{"Der", "NATO-Generalsekretär", "Mark", "Rutte", "sagte", "am", "Montag", "in", "Belek", ",",
		"die", "Allianz", "werde", "die", "Ukraine", "weiter", "unterstützen", ",", "berichtete", "die",
		"Deutsche", "Presse-Agentur", "aus", "Antalya", "."}
	t := m.NewTagger()
	for b.Loop() {
		t.Tag(words)
	}
	b.ReportMetric(float64(len(words)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLearn runs the forward and backward pass of training on a
// 25-word sentence (the default shape, without and with a language model
// of 128 units) and reports tokens per second.
func BenchmarkLearn(b *testing.B) {
	for _, lm := range []int{0, 128} {
		b.Run(fmt.Sprintf("lm=%d", lm), func(b *testing.B) {
			o := TrainOptions{}.withDefaults()
			c := config{Dims: 100, Chars: 80, CharDim: o.CharDim, Filters: o.Filters, ShapeDim: o.ShapeDim, Stats: true,
				Hidden: o.Hidden, Labels: encoding.NumLabels(), LM: lm}
			rng := rand.New(rand.NewPCG(1, 1))
			params := newArena(paramCount(c))
			n := newNet(params, c)
			n.initParams(rng)
			g := newNet(newArena(params.used), c)
			s := testSentence(rng, c, 25)
			constraint, final := encoding.Constraints()
			var p pass
			for b.Loop() {
				n.learn(&p, s, g, constraint, final, o.Dropout, rng)
			}
			b.ReportMetric(float64(25*b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}
