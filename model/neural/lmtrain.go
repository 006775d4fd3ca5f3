package neural

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/namen-nlp/namen/model/internal/f32"
	"github.com/namen-nlp/namen/model/vectors"
)

// LMCorpus holds the sentences a BiLM learns from, as word ids. Build it
// with Add; it is not safe for concurrent use.
type LMCorpus struct {
	ids    map[string]int32
	forms  []string
	count  []int64
	toks   []int32
	starts []int // sentence i is toks[starts[i]:starts[i+1]]
}

// maxLMWords bounds the words of a sentence the BiLM learns from; longer
// ones are skipped.
const maxLMWords = 150

// NewLMCorpus returns an empty corpus.
func NewLMCorpus() *LMCorpus { return &LMCorpus{ids: map[string]int32{}, starts: []int{0}} }

// Add adds one sentence of words (token texts after lang.Normalize).
// Empty sentences and sentences of more than 150 words are skipped.
func (c *LMCorpus) Add(words []string) {
	if len(words) == 0 || len(words) > maxLMWords || len(c.toks)+len(words) > math.MaxInt32 {
		return
	}
	for _, w := range words {
		id, ok := c.ids[w]
		if !ok {
			id = int32(len(c.forms))
			w = string([]byte(w)) // not a view of a larger string
			c.ids[w] = id
			c.forms = append(c.forms, w)
			c.count = append(c.count, 0)
		}
		c.count[id]++
		c.toks = append(c.toks, id)
	}
	c.starts = append(c.starts, len(c.toks))
}

// Tokens returns the number of words added.
func (c *LMCorpus) Tokens() int64 { return int64(len(c.toks)) }

// Sentences returns the number of sentences added.
func (c *LMCorpus) Sentences() int { return len(c.starts) - 1 }

// LMOptions configure TrainLM. Zero fields take the defaults given.
type LMOptions struct {
	Hidden    int     // LSTM units per direction (128), a multiple of 4
	Vocab     int     // most frequent words predicted by name (50,000); the others share one class
	Negatives int     // negative samples per predicted word (10)
	Rate      float64 // Adam learning rate (0.001)
	Batch     int     // sentences per update (64)
	// Tokens is the number of words to learn from: sentences are drawn in
	// a seeded random order, over the corpus again when it is smaller (0:
	// each sentence once).
	Tokens  int
	Workers int    // goroutines (1); the result depends on this number
	Seed    uint64 // seed of the initialisation, the order and the samples
	Info    string // free text stored with the model (BiLM.Info)
	// Progress, when not nil, receives a line now and then.
	Progress func(msg string)
}

func (o LMOptions) withDefaults() LMOptions {
	orDefault(&o.Hidden, 128)
	orDefault(&o.Vocab, 50000)
	orDefault(&o.Negatives, 10)
	orDefault(&o.Batch, 64)
	orDefault(&o.Workers, 1)
	if o.Rate <= 0 {
		o.Rate = 0.001
	}
	return o
}

// lmHeldOut is the share of sentences (one in lmHeldOut) kept out of
// training to measure the loss on.
const lmHeldOut = 200

// TrainLM trains a BiLM over the word vectors vecs on the sentences of c.
// Each direction predicts its next word against Negatives words drawn
// from the unigram distribution raised to 0.75 (negative sampling,
// Mikolov et al. 2013), which is cheap and enough for states that serve
// as features. ctx cancels it.
func TrainLM(ctx context.Context, vecs *vectors.Table, c *LMCorpus, opt LMOptions) (*BiLM, error) {
	o := opt.withDefaults()
	if vecs == nil {
		return nil, errors.New("neural: train LM: no word vectors")
	}
	if o.Hidden%4 != 0 {
		return nil, fmt.Errorf("neural: train LM: %d hidden units, not a multiple of 4", o.Hidden)
	}
	if c.Sentences() < 2*lmHeldOut {
		return nil, fmt.Errorf("neural: train LM: %d sentences are too few", c.Sentences())
	}
	dims, H := vecs.Dims(), o.Hidden
	in := lmIn(dims)

	// Every form's vector, and its class among the predicted words.
	rows := make([]float32, len(c.forms)*dims)
	parallel(o.Workers, len(c.forms), func(i int) { vecs.Vector(rows[i*dims:(i+1)*dims], c.forms[i]) })
	byCount := make([]int32, len(c.forms))
	for i := range byCount {
		byCount[i] = int32(i)
	}
	slices.SortFunc(byCount, func(a, b int32) int { // most frequent first, ties by spelling
		return cmp.Or(cmp.Compare(c.count[b], c.count[a]), strings.Compare(c.forms[a], c.forms[b]))
	})
	V := min(o.Vocab, len(c.forms))
	other, eos := int32(V), int32(V+1)
	nOut := V + 2
	class := make([]int32, len(c.forms))
	freq := make([]float64, nOut)
	for rank, id := range byCount {
		k := other
		if rank < V {
			k = int32(rank)
		}
		class[id] = k
		freq[k] += float64(c.count[id])
	}
	freq[eos] = float64(c.Sentences())
	sampler := newUnigramTable(freq, 1<<22)

	size := lmParamCount(dims, H)
	params := newArena(size)
	fwd, bwd := newBiLMLayers(params, dims, H)
	rng := rand.New(rand.NewPCG(o.Seed, 1))
	fwd.init(rng)
	bwd.init(rng)
	// The output words of each direction: nOut rows of H weights and a bias.
	outs := [2]*lmOutput{newLMOutput(nOut, H, rng), newLMOutput(nOut, H, rng)}
	dense := newAdam(size, o.Rate)

	// Sentences: one in lmHeldOut held out, the others in a seeded order.
	var train, held []int
	for i := range c.Sentences() {
		if i%lmHeldOut == lmHeldOut-1 {
			held = append(held, i)
		} else {
			train = append(train, i)
		}
	}
	held = held[:min(len(held), 2000)]
	budget := o.Tokens
	if budget <= 0 {
		budget = len(c.toks)
	}

	workers := make([]*lmWorker, o.Workers)
	for w := range workers {
		tw := &lmWorker{grads: newArena(size), outs: [2]*lmGrad{newLMGrad(nOut, H), newLMGrad(nOut, H)}}
		tw.gf, tw.gb = newBiLMLayers(tw.grads, dims, H)
		workers[w] = tw
	}
	var grads [2][]*lmGrad // each direction's output gradients, by worker
	for _, tw := range workers {
		for d := range grads {
			grads[d] = append(grads[d], tw.outs[d])
		}
	}
	job := lmJob{c: c, rows: rows, class: class, eos: eos, dims: dims, in: in, fwd: fwd, bwd: bwd, outs: outs,
		sampler: sampler, negatives: o.Negatives}
	heldLoss := func() float64 {
		var loss float64
		var n int
		var wg sync.WaitGroup
		for w, tw := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tw.loss, tw.n = 0, 0
				for k := w; k < len(held); k += len(workers) {
					r := rand.New(rand.NewPCG(o.Seed^0x9e3779b97f4a7c15, uint64(held[k])))
					job.sentence(tw, held[k], r, false)
				}
			}()
		}
		wg.Wait()
		for _, tw := range workers {
			loss += tw.loss
			n += tw.n
		}
		return loss / float64(max(n, 1))
	}

	before := heldLoss()
	began := time.Now()
	order := rand.New(rand.NewPCG(o.Seed, 2))
	seen, steps, pass := 0, 0, 0
	var lossSum float64
	var lossN int
	nextReport := budget / 20
	var batch []int
	for seen < budget {
		pass++
		perm := slices.Clone(train)
		order.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for b := 0; b < len(perm) && seen < budget; b += o.Batch {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			batch = perm[b:min(b+o.Batch, len(perm))]
			var wg sync.WaitGroup
			for w, tw := range workers {
				part := batch[len(batch)*w/len(workers) : len(batch)*(w+1)/len(workers)]
				wg.Add(1)
				go func() {
					defer wg.Done()
					clear(tw.grads.all)
					tw.loss, tw.n = 0, 0
					for _, i := range part {
						r := rand.New(rand.NewPCG(o.Seed, uint64(pass)<<40|uint64(i)))
						job.sentence(tw, i, r, true)
					}
				}()
			}
			wg.Wait()
			n := 0
			sum := workers[0].grads.all
			for k, tw := range workers {
				lossSum += tw.loss
				n += tw.n
				if k > 0 {
					f32.Axpy(1, tw.grads.all, sum)
				}
			}
			lossN += n
			scale := 1 / float32(n)
			for k := range sum {
				sum[k] *= scale
			}
			clipNorm(sum, 1)
			dense.step(params.all, sum)
			for d := range outs {
				outs[d].step(grads[d], scale, o.Rate)
			}
			steps++
			for _, i := range batch {
				seen += c.starts[i+1] - c.starts[i]
			}
			if o.Progress != nil && seen >= nextReport {
				nextReport += budget / 20
				el := time.Since(began).Seconds()
				o.Progress(fmt.Sprintf("%d of %d words (pass %d), training loss %.3f, %.0f words/s, ETA %.0fs",
					seen, budget, pass, lossSum/float64(max(lossN, 1)), float64(seen)/el, el*float64(budget-seen)/float64(seen)))
				lossSum, lossN = 0, 0
			}
		}
	}
	hl := heldLoss()
	if o.Progress != nil {
		o.Progress(fmt.Sprintf("done: %d updates in %.0fs; held-out loss %.4f (before training %.4f, %d sentences)",
			steps, time.Since(began).Seconds(), hl, before, len(held)))
	}
	info := fmt.Sprintf("%s\nhidden=%d vocab=%d negatives=%d rate=%g batch=%d words=%d sentences=%d workers=%d seed=%d held-out-loss=%.4f\n",
		o.Info, H, V, o.Negatives, o.Rate, o.Batch, seen, c.Sentences(), o.Workers, o.Seed, hl)
	return &BiLM{dims: dims, hidden: H, params: params.all, info: info}, nil
}

// parallel calls f(i) for i in [0, n) on workers goroutines.
func parallel(workers, n int, f func(i int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// unigramTable draws classes in proportion to freq^0.75 from a table of
// n entries.
type unigramTable []int32

func newUnigramTable(freq []float64, n int) unigramTable {
	var total float64
	for _, f := range freq {
		total += math.Pow(f, 0.75)
	}
	t := make(unigramTable, 0, n)
	var acc float64
	for k, f := range freq {
		acc += math.Pow(f, 0.75)
		for end := int(acc / total * float64(n)); len(t) < end; {
			t = append(t, int32(k))
		}
	}
	for len(t) < n {
		t = append(t, int32(len(freq)-1))
	}
	return t
}

func (t unigramTable) draw(r *rand.Rand) int32 { return t[r.IntN(len(t))] }

// lmOutput holds the output words of one direction and their Adam
// moments, updated lazily: only rows with a gradient move.
type lmOutput struct {
	h       int
	w, m, v []float32 // rows × (h+1): the weights, then the bias
	steps   []int32   // updates of each row so far
	mark    []bool    // rows in seen
	seen    []int32   // the rows with a gradient in this update
	sum     []float32 // one row's summed gradient
}

// Adam's decay rates (Kingma and Ba 2015), for the output rows as for the
// other parameters.
const beta1, beta2 = 0.9, 0.999

func newLMOutput(rows, h int, rng *rand.Rand) *lmOutput {
	o := &lmOutput{h: h, w: make([]float32, rows*(h+1)), m: make([]float32, rows*(h+1)), v: make([]float32, rows*(h+1)),
		steps: make([]int32, rows), mark: make([]bool, rows)}
	r := float32(1 / math.Sqrt(float64(h)))
	for i := 0; i < rows; i++ {
		for j := range h {
			o.w[i*(h+1)+j] = (rng.Float32()*2 - 1) * r
		}
	}
	return o
}

// lmGrad is one worker's gradient of an lmOutput: dense rows, and the
// list of rows it touched.
type lmGrad struct {
	h       int
	g       []float32
	touched []int32
	mark    []bool
}

func newLMGrad(rows, h int) *lmGrad {
	return &lmGrad{h: h, g: make([]float32, rows*(h+1)), mark: make([]bool, rows)}
}

func (g *lmGrad) row(k int32) []float32 {
	if !g.mark[k] {
		g.mark[k] = true
		g.touched = append(g.touched, k)
	}
	return g.g[int(k)*(g.h+1) : int(k+1)*(g.h+1)]
}

// step sums the workers' gradients, in their order, scales them and
// moves the touched rows with Adam; it clears the gradients.
func (o *lmOutput) step(grads []*lmGrad, scale float32, rate float64) {
	o.seen = o.seen[:0]
	for _, g := range grads {
		for _, k := range g.touched {
			if !o.mark[k] {
				o.mark[k] = true
				o.seen = append(o.seen, k)
			}
		}
	}
	w := o.h + 1
	b1, b2 := float32(beta1), float32(beta2)
	for _, k := range o.seen {
		o.mark[k] = false
		sum := append(o.sum[:0], grads[0].g[int(k)*w:int(k+1)*w]...) // zeros where worker 0 has none
		for _, g := range grads[1:] {
			if g.mark[k] {
				f32.Axpy(1, g.g[int(k)*w:int(k+1)*w], sum)
			}
		}
		o.sum = sum
		o.steps[k]++
		t := float64(o.steps[k])
		lr := float32(rate * math.Sqrt(1-math.Pow(beta2, t)) / (1 - math.Pow(beta1, t)))
		m, v, p := o.m[int(k)*w:int(k+1)*w], o.v[int(k)*w:int(k+1)*w], o.w[int(k)*w:int(k+1)*w]
		for j, gj := range sum {
			gj *= scale
			m[j] = b1*m[j] + (1-b1)*gj
			v[j] = b2*v[j] + (1-b2)*gj*gj
			p[j] -= lr * m[j] / (float32(math.Sqrt(float64(v[j]))) + 1e-8)
		}
	}
	for _, g := range grads {
		for _, k := range g.touched {
			clear(g.g[int(k)*w : int(k+1)*w])
			g.mark[k] = false
		}
		g.touched = g.touched[:0]
	}
}

// lmWorker is one goroutine's share of a batch.
type lmWorker struct {
	grads   *arena
	gf, gb  *lstm
	outs    [2]*lmGrad
	x       []float32
	fs, bs  lstmState
	df, db  []float32
	scratch []float32
	loss    float64
	n       int
}

// lmJob is what every worker reads.
type lmJob struct {
	c         *LMCorpus
	rows      []float32
	class     []int32
	eos       int32
	dims, in  int
	fwd, bwd  *lstm
	outs      [2]*lmOutput
	sampler   unigramTable
	negatives int
}

// sentence runs both directions over sentence i, adds its loss and word
// count to tw and, when learn is set, its gradients.
func (j *lmJob) sentence(tw *lmWorker, i int, r *rand.Rand, learn bool) {
	toks := j.c.toks[j.c.starts[i]:j.c.starts[i+1]]
	n, H := len(toks), j.fwd.hid
	tw.x = grow(tw.x, (n+2)*j.in)
	lmRows(tw.x, n, j.dims, func(k int) []float32 {
		id := int(toks[k])
		return j.rows[id*j.dims : (id+1)*j.dims]
	})
	lmRun(j.fwd, j.bwd, &tw.fs, &tw.bs, tw.x, n)
	tw.df, tw.db = grow(tw.df, (n+1)*H), grow(tw.db, (n+1)*H)
	clear(tw.df)
	clear(tw.db)
	// Forward state k (after the boundary and words 0..k-1) predicts word
	// k, the last the boundary; backward state k (after words k..n-1 and
	// the boundary) predicts word k-1, the first the boundary.
	for k := 0; k <= n; k++ {
		y := j.eos
		if k < n {
			y = j.class[toks[k]]
		}
		tw.loss += j.predict(tw, 0, tw.fs.out[k*H:(k+1)*H], tw.df[k*H:(k+1)*H], y, r, learn)
		y = j.eos
		if k > 0 {
			y = j.class[toks[k-1]]
		}
		tw.loss += j.predict(tw, 1, tw.bs.out[k*H:(k+1)*H], tw.db[k*H:(k+1)*H], y, r, learn)
	}
	tw.n += 2 * (n + 1)
	if !learn {
		return
	}
	tw.scratch = grow(tw.scratch, 2*H)
	j.fwd.backward(&tw.fs, tw.x[:(n+1)*j.in], tw.df, nil, 0, 0, n+1, false, tw.gf, tw.scratch)
	j.bwd.backward(&tw.bs, tw.x[j.in:(n+2)*j.in], tw.db, nil, 0, 0, n+1, true, tw.gb, tw.scratch)
}

// predict returns the negative-sampling loss of state h for word class y
// in direction d and, when learn is set, adds the gradient of h to dh
// and those of the output rows to the worker's.
func (j *lmJob) predict(tw *lmWorker, d int, h, dh []float32, y int32, r *rand.Rand, learn bool) float64 {
	out := j.outs[d]
	H := len(h)
	var loss float64
	for s := 0; s <= j.negatives; s++ {
		k, label := y, float32(1)
		if s > 0 {
			if k = j.sampler.draw(r); k == y {
				continue
			}
			label = 0
		}
		row := out.w[int(k)*(H+1) : int(k+1)*(H+1)]
		z := f32.Dot(row[:H], h) + row[H]
		p := 1 / (1 + float32(math.Exp(float64(-z))))
		if label == 1 {
			loss -= math.Log(max(float64(p), 1e-12))
		} else {
			loss -= math.Log(max(float64(1-p), 1e-12))
		}
		if !learn {
			continue
		}
		g := p - label
		f32.Axpy(g, row[:H], dh)
		gr := tw.outs[d].row(k)
		f32.Axpy(g, h, gr[:H])
		gr[H] += g
	}
	return loss
}
