package neural

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/namen-nlp/namen/model"
)

// toyCorpus returns sentences of a small language in which each word
// tells much about its neighbours.
func toyCorpus(n int) *LMCorpus {
	c := NewLMCorpus()
	rng := rand.New(rand.NewPCG(1, 2))
	subjects := []string{"Berlin", "Paris", "nach", "und"}
	for range n {
		s := []string{subjects[rng.IntN(2)], "und", subjects[2+rng.IntN(2)]}
		if rng.IntN(2) == 0 {
			s = append(s, "nach", "Berlin")
		}
		c.Add(s)
	}
	return c
}

// TrainLM lowers the held-out loss and gives the same model for the same
// data, options and worker count.
func TestTrainLM(t *testing.T) {
	vt := tinyVectors(t)
	c := toyCorpus(1000)
	var last string
	opt := LMOptions{Hidden: 8, Batch: 8, Tokens: 20000, Workers: 2, Seed: 3, Rate: 0.01,
		Progress: func(msg string) { last = msg }}
	m, err := TrainLM(context.Background(), vt, c, opt)
	if err != nil {
		t.Fatal(err)
	}
	var steps, secs int
	var after, before float64
	if _, err := fmt.Sscanf(last, "done: %d updates in %ds; held-out loss %g (before training %g", &steps, &secs, &after, &before); err != nil {
		t.Fatalf("last progress line %q: %v", last, err)
	}
	if !(after < 0.8*before) {
		t.Errorf("held-out loss %g after training, %g before", after, before)
	}
	again, err := TrainLM(context.Background(), vt, c, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.params, again.params) {
		t.Error("the same training gave other parameters")
	}
	if _, err := TrainLM(context.Background(), vt, toyCorpus(10), opt); err == nil {
		t.Error("10 sentences: no error")
	}
	opt.Hidden = 6
	if _, err := TrainLM(context.Background(), vt, c, opt); err == nil {
		t.Error("6 hidden units: no error")
	}
}

// The BiLM's inputs to the tagger are, for word t, the forward state
// after the words up to t and the backward state after the words from t.
func TestLMStates(t *testing.T) {
	c := config{Dims: 3, Chars: 5, CharDim: 2, Filters: 3, ShapeDim: 2, Hidden: 4, Labels: 3, LM: 4}
	rng := rand.New(rand.NewPCG(4, 5))
	params := newArena(paramCount(c))
	n := newNet(params, c)
	n.initParams(rng)
	randomize(rng, params.all[params.used-lmParamCount(c.Dims, c.LM):], 0.5)
	s := testSentence(rng, c, 5)
	var p pass
	n.forward(&p, s, 0, nil)
	in, wd, H := c.inputDim(), c.wordDim(), c.LM
	for w := range s.n {
		// The words up to w alone, and from w alone, from scratch.
		var fs, bs lstmState
		x := make([]float32, (s.n+2)*lmIn(c.Dims))
		lmRows(x, w+1, c.Dims, func(i int) []float32 { return s.vecs[i*c.Dims : (i+1)*c.Dims] })
		n.lmF.forward(&fs, x[:(w+2)*lmIn(c.Dims)], w+2, false)
		lmRows(x, s.n-w, c.Dims, func(i int) []float32 { return s.vecs[(w+i)*c.Dims : (w+i+1)*c.Dims] })
		n.lmB.forward(&bs, x[lmIn(c.Dims):(s.n-w+2)*lmIn(c.Dims)], s.n-w+1, true)
		got := p.x[w*in+wd : (w+1)*in]
		want := append(slices.Clone(fs.out[(w+1)*H:(w+2)*H]), bs.out[:H]...)
		if !slices.Equal(got, want) {
			t.Errorf("word %d: inputs %v, want %v", w, got, want)
		}
	}
}

func TestBiLMFormat(t *testing.T) {
	c := toyCorpus(500)
	m, err := TrainLM(context.Background(), tinyVectors(t), c, LMOptions{Hidden: 4, Batch: 16, Workers: 1, Info: "toy"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	got, err := LoadBiLM(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got.dims != m.dims || got.Hidden() != 4 || !slices.Equal(got.params, m.params) || got.Info() != m.Info() {
		t.Error("the loaded language model differs")
	}
	for n := 0; n < len(data); n += 1 + n/4 {
		if _, err := LoadBiLM(bytes.NewReader(data[:n])); !errors.Is(err, model.ErrFormat) {
			t.Fatalf("truncated to %d bytes: got %v", n, err)
		}
	}
	if _, err := Load(bytes.NewReader(data)); !errors.Is(err, model.ErrArch) {
		t.Errorf("a language model read as a tagger: got %v, want ErrArch", err)
	}
	var crf bytes.Buffer
	model.WritePayload(&crf, []byte{byte(model.ArchCRF), 1})
	if _, err := LoadBiLM(bytes.NewReader(crf.Bytes())); !errors.Is(err, model.ErrArch) {
		t.Errorf("CRF file: got %v, want ErrArch", err)
	}
}

// A tagger with a language model saves, loads and tags as before.
func TestTrainWithLM(t *testing.T) {
	vt := tinyVectors(t)
	lm, err := TrainLM(context.Background(), vt, toyCorpus(500), LMOptions{Hidden: 4, Batch: 16, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	train := trainedSentences(t)
	m, err := Train(context.Background(), train, train, TrainOptions{Vectors: vt, LM: lm, Hidden: 8, Epochs: 2, Batch: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.net.lmF.w; !slices.Equal(got, lm.params[:len(got)]) {
		t.Error("training changed the language model")
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"nach", "Paris", "und", "Berlin"}
	wantTags, wantConf := m.NewTagger().Tag(words)
	gotTags, gotConf := loaded.NewTagger().Tag(words)
	if !slices.Equal(wantTags, gotTags) || !slices.Equal(wantConf, gotConf) {
		t.Errorf("loaded model: %v %v, want %v %v", gotTags, gotConf, wantTags, wantConf)
	}
	if _, err := Train(context.Background(), train, train, TrainOptions{Vectors: vt, LM: &BiLM{dims: 5, hidden: 4}}); err == nil {
		t.Error("a language model over other vectors: no error")
	}
}

// FuzzLoadBiLM feeds mutated language model bodies to the decoder: it
// must return a model of the declared shape, or an error; never panic.
func FuzzLoadBiLM(f *testing.F) {
	m, err := TrainLM(context.Background(), tinyVectors(f), toyCorpus(500), LMOptions{Hidden: 4, Batch: 16, Workers: 1, Tokens: 200})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes()[33:]) // after the envelope's header and the Arch byte
	f.Fuzz(func(t *testing.T, body []byte) {
		if m, err := decodeBiLM(body); err == nil && len(m.params) != lmParamCount(m.dims, m.hidden) {
			t.Fatalf("%d parameters for %d dimensions and %d units", len(m.params), m.dims, m.hidden)
		}
	})
}

// An update of the output rows sums the workers' gradients of every row
// that any of them touched and leaves every worker's gradients at zero.
func TestLMOutputStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	o := newLMOutput(4, 2, rng)
	before := slices.Clone(o.w)
	g0, g1 := newLMGrad(4, 2), newLMGrad(4, 2)
	copy(g0.row(1), []float32{1, 1, 1})
	copy(g1.row(1), []float32{-1, -1, -1}) // row 1 sums to zero
	copy(g1.row(3), []float32{1, 2, 3})    // row 3 only in worker 1
	o.step([]*lmGrad{g0, g1}, 1, 0.1)
	for _, g := range []*lmGrad{g0, g1} {
		if slices.ContainsFunc(g.g, func(v float32) bool { return v != 0 }) || len(g.touched) != 0 {
			t.Errorf("gradients left after the update: %v, touched %v", g.g, g.touched)
		}
	}
	for r := range 4 {
		moved := !slices.Equal(o.w[r*3:(r+1)*3], before[r*3:(r+1)*3])
		if moved != (r == 3) {
			t.Errorf("row %d moved: %v", r, moved)
		}
	}
}
