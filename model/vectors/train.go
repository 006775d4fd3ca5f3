package vectors

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/namen-nlp/namen/lang"
)

// Options configures training. Zero fields take the defaults given.
type Options struct {
	Dims      int     // dimensions of a vector (100)
	Window    int     // largest distance of a context word (5); each centre word draws its window from 1..Window
	Negatives int     // negative samples per context word (5)
	MinCount  int     // occurrences a word needs to get its own row (5)
	MinN      int     // shortest character n-gram (3)
	MaxN      int     // longest character n-gram (6)
	Buckets   int     // number of n-gram buckets (262144)
	Epochs    int     // passes over the corpus (2)
	Rate      float32 // initial learning rate, decaying linearly to 0 (0.05)
	Sample    float64 // subsampling threshold of frequent words (1e-4)
	MaxVocab  int     // most frequent words kept (1000000)
	Workers   int     // goroutines (1); the result depends on this number
	Chunk     int     // tokens per worker between merges (8192)
	Seed      uint64  // seed of the initialisation and sampling
	// Progress, when not nil, receives a line of progress now and then.
	Progress func(msg string)
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Dims, 100)
	def(&o.Window, 5)
	def(&o.Negatives, 5)
	def(&o.MinCount, 5)
	def(&o.MinN, 3)
	def(&o.MaxN, 6)
	def(&o.Buckets, 1<<18)
	def(&o.Epochs, 2)
	def(&o.MaxVocab, 1000000)
	def(&o.Workers, 1)
	def(&o.Chunk, 8192)
	if o.Rate <= 0 {
		o.Rate = 0.05
	}
	if o.Sample <= 0 {
		o.Sample = 1e-4
	}
	return o
}

func (o Options) check() error {
	switch {
	case o.MinN > o.MaxN:
		return fmt.Errorf("vectors: MinN %d exceeds MaxN %d", o.MinN, o.MaxN)
	case o.Dims > maxDims:
		return fmt.Errorf("vectors: %d dimensions exceeds %d", o.Dims, maxDims)
	case o.Buckets > maxBuckets:
		return fmt.Errorf("vectors: %d buckets exceeds %d", o.Buckets, maxBuckets)
	case o.MaxN > maxN:
		return fmt.Errorf("vectors: MaxN %d exceeds %d", o.MaxN, maxN)
	}
	return nil
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

// maxWordBytes bounds the words the Builder counts; longer tokens are
// skipped (they are no words, and the tagger does not look them up).
const maxWordBytes = 64

// A Builder collects corpus text and trains a Table. It keeps the corpus
// in memory as 4 bytes per token plus one copy of every distinct form.
// A Builder is not safe for concurrent use.
type Builder struct {
	opts   Options
	ids    map[string]int32
	forms  []string
	freq   []int64
	stream []int32 // form ids; -1 ends a line
	tokens int64
	toks   []lang.Token
}

// NewBuilder returns an empty Builder.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts.withDefaults(), ids: map[string]int32{}}
}

// Add adds one line of text, a paragraph or a sentence, split by
// lang.Tokenize; each token is normalised with lang.Normalize, as the
// tagger's input is. Windows do not cross lines.
func (b *Builder) Add(line string) {
	b.toks = lang.AppendTokens(b.toks[:0], line)
	words := make([]string, 0, len(b.toks))
	for _, t := range b.toks {
		words = append(words, t.Text)
	}
	b.AddWords(words)
}

// AddWords adds one line of pre-tokenized text (normalised with
// lang.Normalize).
func (b *Builder) AddWords(words []string) {
	if len(b.stream) >= math.MaxInt32-len(words)-1 {
		return
	}
	for _, w := range words {
		if len(w) > maxWordBytes {
			continue
		}
		w = lang.Normalize(w)
		id, ok := b.ids[w]
		if !ok {
			id = int32(len(b.forms))
			w = string([]byte(w))
			b.ids[w] = id
			b.forms = append(b.forms, w)
			b.freq = append(b.freq, 0)
		}
		b.freq[id]++
		b.stream = append(b.stream, id)
		b.tokens++
	}
	b.stream = append(b.stream, -1)
}

// Tokens returns the number of tokens added so far.
func (b *Builder) Tokens() int64 { return b.tokens }

// trainer holds the shared state of one training.
type trainer struct {
	o      Options
	vocab  int
	in     []float32 // (vocab+buckets) × dims
	out    []float32 // vocab × dims
	ngrams [][]int32 // per word: its row and its n-gram rows in in
	keep   []float32 // per word: the probability of keeping an occurrence
	neg    []int32   // negative-sampling table
	stream []int32   // vocabulary ids; -1 ends a line
	tokens int       // vocabulary ids in stream
	chunks []int     // start offsets in stream; chunks end at line ends
	sig    [sigSize + 1]float32
}

const (
	sigSize = 1024
	sigMax  = 8
	// maxDims, maxBuckets and maxN bound what a Table may declare.
	maxDims    = 1024
	maxBuckets = 1 << 24
	maxN       = 16
	negTable   = 1 << 23
)

// Train learns the vectors and returns the Table. It takes minutes on a
// large corpus; ctx cancels it. The Builder must not be used afterwards.
func (b *Builder) Train(ctx context.Context) (*Table, error) {
	o := b.opts
	if err := o.check(); err != nil {
		return nil, err
	}
	tr, words := b.prepare()
	if tr.vocab == 0 {
		return nil, errors.New("vectors: no word occurs MinCount times")
	}
	o.progress("%d tokens in the vocabulary of %d words; %d buckets", tr.tokens, tr.vocab, o.Buckets)
	if err := tr.run(ctx); err != nil {
		return nil, err
	}
	t := &Table{dims: o.Dims, minN: o.MinN, maxN: o.MaxN, words: words, rows: tr.in, buckets: o.Buckets}
	t.index()
	return t, nil
}

// prepare chooses the vocabulary, maps the corpus onto it and initialises
// the rows.
func (b *Builder) prepare() (*trainer, []string) {
	o := b.opts
	order := make([]int32, 0, len(b.forms))
	for id, f := range b.freq {
		if f >= int64(o.MinCount) {
			order = append(order, int32(id))
		}
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(b.freq[y], b.freq[x]); c != 0 {
			return c
		}
		return cmp.Compare(b.forms[x], b.forms[y])
	})
	if len(order) > o.MaxVocab {
		order = order[:o.MaxVocab]
	}
	newID := make([]int32, len(b.forms))
	for i := range newID {
		newID[i] = -2
	}
	words := make([]string, len(order))
	var total int64
	for i, id := range order {
		newID[id] = int32(i)
		words[i] = b.forms[id]
		total += b.freq[id]
	}
	tr := &trainer{o: o, vocab: len(order)}
	if tr.vocab == 0 {
		return tr, nil
	}
	// The corpus in vocabulary ids; chunks of about o.Chunk tokens end at
	// line ends.
	tr.stream = make([]int32, 0, len(b.stream))
	tr.chunks = []int{0}
	lineStart := 0
	for _, id := range b.stream {
		if id >= 0 {
			if id = newID[id]; id == -2 {
				continue
			}
			tr.stream = append(tr.stream, id)
			tr.tokens++
			continue
		}
		if len(tr.stream) == lineStart {
			continue // nothing of the line is in the vocabulary
		}
		tr.stream = append(tr.stream, -1)
		lineStart = len(tr.stream)
		if lineStart-tr.chunks[len(tr.chunks)-1] >= o.Chunk {
			tr.chunks = append(tr.chunks, lineStart)
		}
	}
	if tr.chunks[len(tr.chunks)-1] < len(tr.stream) {
		tr.chunks = append(tr.chunks, len(tr.stream))
	}
	b.stream, b.forms, b.ids = nil, nil, nil

	tr.keep = make([]float32, tr.vocab)
	tr.ngrams = make([][]int32, tr.vocab)
	var pw float64
	for i, id := range order {
		f := float64(b.freq[id]) / float64(total)
		tr.keep[i] = float32(min(1, math.Sqrt(o.Sample/f)+o.Sample/f))
		rows := []int32{int32(i)}
		forNgrams(words[i], o.MinN, o.MaxN, func(h uint64) {
			rows = append(rows, int32(tr.vocab)+int32(h%uint64(o.Buckets)))
		})
		tr.ngrams[i] = rows
		pw += math.Pow(float64(b.freq[id]), 0.75)
	}
	size := min(negTable, 64*tr.vocab)
	tr.neg = make([]int32, 0, size)
	var acc float64
	for i, id := range order {
		acc += math.Pow(float64(b.freq[id]), 0.75) / pw
		for float64(len(tr.neg)) < acc*float64(size) && len(tr.neg) < size {
			tr.neg = append(tr.neg, int32(i))
		}
	}
	for len(tr.neg) < size && tr.vocab > 0 {
		tr.neg = append(tr.neg, int32(tr.vocab-1))
	}
	for i := range tr.sig {
		x := (float64(i)/sigSize*2 - 1) * sigMax
		tr.sig[i] = float32(1 / (1 + math.Exp(-x)))
	}
	// Input rows uniform in ±1/dims, output rows zero, as in word2vec.
	tr.in = make([]float32, (tr.vocab+o.Buckets)*o.Dims)
	rng := rand.New(rand.NewPCG(o.Seed, 0x766563))
	for i := range tr.in {
		tr.in[i] = (rng.Float32()*2 - 1) / float32(o.Dims)
	}
	tr.out = make([]float32, tr.vocab*o.Dims)
	return tr, words
}

func (t *Table) index() {
	t.ids = make(map[string]int32, len(t.words))
	for i, w := range t.words {
		t.ids[w] = int32(i)
	}
}

// worker is one goroutine's view of the rows during a step: rows it
// touches are copied into local, updated there and merged into the shared
// rows after the step as the difference to their value at the copy.
type worker struct {
	tr      *trainer
	slot    []int32 // per row (input rows, then output rows): index into touched, or -1
	touched []int32
	local   []float32
	orig    []float32
	hidden  []float32
	grad    []float32
	line    []int32
}

func (tr *trainer) newWorker() *worker {
	w := &worker{tr: tr, slot: make([]int32, len(tr.in)/tr.o.Dims+tr.vocab)}
	for i := range w.slot {
		w.slot[i] = -1
	}
	w.hidden = make([]float32, tr.o.Dims)
	w.grad = make([]float32, tr.o.Dims)
	return w
}

// row returns the worker's copy of row r (input rows first, then output
// rows at len(in)/dims), copying it on first use.
func (w *worker) row(r int32) []float32 {
	d := w.tr.o.Dims
	s := w.slot[r]
	if s < 0 {
		s = int32(len(w.touched))
		w.slot[r] = s
		w.touched = append(w.touched, r)
		var src []float32
		if in := int32(len(w.tr.in) / d); r < in {
			src = w.tr.in[int(r)*d : int(r+1)*d]
		} else {
			src = w.tr.out[int(r-in)*d : int(r-in+1)*d]
		}
		w.local = append(w.local, src...)
		w.orig = append(w.orig, src...)
	}
	return w.local[int(s)*d : int(s+1)*d]
}

// chunk trains on stream[a:b] with learning rate lr.
func (w *worker) chunk(a, b int, lr float32, rng *rand.Rand) {
	tr := w.tr
	o := tr.o
	outBase := int32(len(tr.in) / o.Dims)
	for i := a; i < b; {
		// One line, subsampled.
		w.line = w.line[:0]
		for ; i < b && tr.stream[i] >= 0; i++ {
			if id := tr.stream[i]; rng.Float32() < tr.keep[id] {
				w.line = append(w.line, id)
			}
		}
		i++ // the line end
		for c, id := range w.line {
			rows := tr.ngrams[id]
			h := w.hidden
			clear(h)
			for _, r := range rows {
				add(h, w.row(r))
			}
			scale(h, 1/float32(len(rows)))
			g := w.grad
			clear(g)
			win := 1 + rng.IntN(o.Window)
			for p := max(0, c-win); p <= min(len(w.line)-1, c+win); p++ {
				if p == c {
					continue
				}
				target := w.line[p]
				for n := 0; n <= o.Negatives; n++ {
					label := float32(1)
					if n > 0 {
						t := tr.neg[rng.IntN(len(tr.neg))]
						if t == target {
							continue
						}
						target, label = t, 0
					}
					out := w.row(outBase + target)
					x := dot(h, out)
					var s float32
					switch {
					case x >= sigMax:
						s = 1
					case x <= -sigMax:
						s = 0
					default:
						s = tr.sig[int((x+sigMax)*(sigSize/(2*sigMax)))]
					}
					step := lr * (label - s)
					axpy(step, out, g)
					axpy(step, h, out)
				}
			}
			for _, r := range rows {
				add(w.row(r), g)
			}
		}
	}
}

// merge adds the worker's changes to the rows r with r%parts == part.
func (w *worker) merge(part, parts int) {
	tr := w.tr
	d := tr.o.Dims
	in := int32(len(tr.in) / d)
	for s, r := range w.touched {
		if int(r)%parts != part {
			continue
		}
		var dst []float32
		if r < in {
			dst = tr.in[int(r)*d : int(r+1)*d]
		} else {
			dst = tr.out[int(r-in)*d : int(r-in+1)*d]
		}
		loc, org := w.local[s*d:(s+1)*d], w.orig[s*d:(s+1)*d]
		for k := range dst {
			dst[k] += loc[k] - org[k]
		}
	}
}

func (w *worker) reset() {
	for _, r := range w.touched {
		w.slot[r] = -1
	}
	w.touched = w.touched[:0]
	w.local = w.local[:0]
	w.orig = w.orig[:0]
}

// run trains for o.Epochs passes. In each step worker k trains on chunk
// step·workers+k against the rows as they were at the step's start; then
// the workers' changes are added to the shared rows in worker order. The
// result therefore depends on the number of workers but not on timing.
func (tr *trainer) run(ctx context.Context) error {
	o := tr.o
	nw := o.Workers
	workers := make([]*worker, nw)
	for k := range workers {
		workers[k] = tr.newWorker()
	}
	nchunks := len(tr.chunks) - 1
	steps := (nchunks + nw - 1) / nw
	totalSteps := o.Epochs * steps
	report := max(1, totalSteps/100)
	for e := 0; e < o.Epochs; e++ {
		for s := 0; s < steps; s++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			done := e*steps + s
			lr := o.Rate * max(1e-4, 1-float32(done)/float32(totalSteps))
			var wg sync.WaitGroup
			for k, w := range workers {
				c := s*nw + k
				if c >= nchunks {
					continue
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(o.Seed, uint64(e)<<40|uint64(c)))
					w.chunk(tr.chunks[c], tr.chunks[c+1], lr, rng)
				}()
			}
			wg.Wait()
			for part := range nw {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, w := range workers {
						w.merge(part, nw)
					}
				}()
			}
			wg.Wait()
			for _, w := range workers {
				w.reset()
			}
			if (done+1)%report == 0 {
				o.progress("epoch %d: %d%% (learning rate %.4f)", e+1, 100*(done+1)/totalSteps, lr)
			}
		}
	}
	return nil
}
