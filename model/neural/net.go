package neural

import (
	"math"
	"math/rand/v2"

	"github.com/namen-nlp/namen/model/internal/f32"
)

// config is the shape of a network.
type config struct {
	Dims     int  // word vector dimensions (fixed vectors, not trained)
	Chars    int  // character ids, including 0 (padding, unused) and 1 (unknown)
	CharDim  int  // character embedding dimensions
	Filters  int  // character CNN filters
	ShapeDim int  // word shape embedding dimensions
	Stats    bool // word statistics inputs: classes, gazetteers, lower-case ratio, frequency
	Hidden   int  // LSTM units per direction
	Labels   int  // output labels
	LM       int  // units per direction of the fixed BiLM whose states are inputs; 0: none
}

// Word statistics inputs: embeddings of the three class levels, of the
// lower-case ratio in tenths (11 = unknown) and of the frequency's
// binary logarithm, and the 16 gazetteer bits as they are.
const (
	numShapes = 8
	ratioIDs  = 12
	freqIDs   = 32
	gazBits   = 16
)

var (
	classIDs  = [3]int{65, 257, 1025}
	classDims = [3]int{8, 16, 16}
)

const ratioDim, freqDim = 4, 4

// wordDim returns the length of the inputs that depend on the word
// alone, padded with zeros to a multiple of 8 for the kernels.
func (c config) wordDim() int {
	d := c.Dims + c.Filters + c.ShapeDim
	if c.Stats {
		d += classDims[0] + classDims[1] + classDims[2] + ratioDim + freqDim + gazBits
	}
	return (d + 7) &^ 7
}

// inputDim returns the length of the LSTM's input: the word's inputs,
// then the BiLM's states (2·LM values, LM a multiple of 4).
func (c config) inputDim() int { return c.wordDim() + 2*c.LM }

// net holds a network's parameters as views into one arena: the same
// layout over another arena holds gradients.
type net struct {
	cfg      config
	chars    *charCNN
	shape    []float32 // numShapes × ShapeDim
	class    [3][]float32
	ratio    []float32 // ratioIDs × ratioDim
	freq     []float32 // freqIDs × freqDim
	fwd, bwd *lstm
	out      []float32 // Labels × 2·Hidden
	outB     []float32 // Labels
	trans    []float32 // (Labels+1) × Labels; row Labels is the sentence start
	lmF, lmB *lstm     // the BiLM (fixed during training); nil when cfg.LM is 0
}

func newNet(a *arena, c config) *net {
	n := &net{cfg: c}
	n.chars = newCharCNN(a, c.Chars, c.CharDim, c.Filters)
	n.shape = a.take(numShapes * c.ShapeDim)
	if c.Stats {
		for l := range 3 {
			n.class[l] = a.take(classIDs[l] * classDims[l])
		}
		n.ratio = a.take(ratioIDs * ratioDim)
		n.freq = a.take(freqIDs * freqDim)
	}
	in := c.inputDim()
	n.fwd = newLSTM(a, in, c.Hidden)
	n.bwd = newLSTM(a, in, c.Hidden)
	n.out = a.take(c.Labels * 2 * c.Hidden)
	n.outB = a.take(c.Labels)
	n.trans = a.take((c.Labels + 1) * c.Labels)
	if c.LM > 0 {
		n.lmF, n.lmB = newBiLMLayers(a, c.Dims, c.LM)
	}
	return n
}

// paramCount returns the number of parameters of a network of shape c.
func paramCount(c config) int {
	a := &arena{}
	newNet(a, c)
	return a.used
}

// initParams fills the parameters with small random values: uniform in
// ±sqrt(6/(in+out)) for weight matrices (Glorot and Bengio 2010), ±0.1
// for embeddings, zero biases and transitions, and LSTM forget gate
// biases of 1.
func (n *net) initParams(rng *rand.Rand) {
	uni := func(s []float32, r float32) { uniform(rng, s, r) }
	glorot := func(s []float32, in, out int) {
		uni(s, float32(math.Sqrt(6/float64(in+out))))
	}
	c := n.cfg
	uni(n.chars.emb, 0.1)
	glorot(n.chars.w, charWidth*c.CharDim, c.Filters)
	uni(n.shape, 0.1)
	if c.Stats {
		for l := range 3 {
			uni(n.class[l], 0.1)
		}
		uni(n.ratio, 0.1)
		uni(n.freq, 0.1)
	}
	n.fwd.init(rng)
	n.bwd.init(rng)
	glorot(n.out, 2*c.Hidden, c.Labels)
}

// sentence is a sentence as the network reads it.
type sentence struct {
	n     int
	vecs  []float32 // n × Dims word vectors
	chars [][]int32 // character ids of each word
	shape []uint8   // shape id of each word, below numShapes
	stats []wordStats
	gold  []uint8 // labels, for training
}

// wordStats are a word's statistics inputs, as ids.
type wordStats struct {
	class [3]uint16
	ratio uint8
	freq  uint8
	gaz   uint16
}

// pass holds the activations of one forward pass for the backward pass,
// and buffers reused between sentences. It is not safe for concurrent
// use.
type pass struct {
	x        []float32 // n × in: the LSTM inputs (after dropout)
	xMask    []float32 // dropout factors of x (nil: none)
	chars    []charState
	fs, bs   lstmState
	h        []float32 // n × 2H: both directions' outputs (after dropout)
	hMask    []float32
	hf, hb   []float32 // n × H each: the gradient of each direction's output
	emit     []float32 // n × Labels
	demit    []float32
	dx       []float32
	dh       []float32
	scratch  []float32
	dwin     []float32
	loss     chainLoss
	constrTr []float32 // transitions with the constraints applied
	lmX      []float32 // the BiLM's input rows
	lf, lb   lstmState // the BiLM's activations
}

// forward computes the emission scores of s into p.emit. With dropout
// rate > 0 it draws dropout masks from rng (training).
func (n *net) forward(p *pass, s *sentence, dropout float32, rng *rand.Rand) {
	in, T := n.cfg.inputDim(), s.n
	p.x = grow(p.x, T*in)
	if len(p.chars) < T {
		p.chars = append(p.chars, make([]charState, T-len(p.chars))...)
	}
	for t := range T {
		n.input(p.x[t*in:(t+1)*in], s, t, &p.chars[t])
	}
	n.context(p, T, dropout, rng)
}

// input computes the input row x of word t of s, which depends on the
// word alone; cs receives the character CNN's activations.
func (n *net) input(x []float32, s *sentence, t int, cs *charState) {
	c := n.cfg
	copy(x, s.vecs[t*c.Dims:(t+1)*c.Dims])
	o := c.Dims
	n.chars.forward(cs, s.chars[t], x[o:o+c.Filters])
	o += c.Filters
	sh := int(s.shape[t])
	copy(x[o:o+c.ShapeDim], n.shape[sh*c.ShapeDim:(sh+1)*c.ShapeDim])
	o += c.ShapeDim
	if c.Stats {
		st := &s.stats[t]
		for l := range 3 {
			d := classDims[l]
			id := int(st.class[l])
			copy(x[o:o+d], n.class[l][id*d:(id+1)*d])
			o += d
		}
		copy(x[o:o+ratioDim], n.ratio[int(st.ratio)*ratioDim:])
		o += ratioDim
		copy(x[o:o+freqDim], n.freq[int(st.freq)*freqDim:])
		o += freqDim
		for b := range gazBits {
			x[o+b] = float32(st.gaz >> b & 1)
		}
		o += gazBits
	}
	clear(x[o:])
}

// context computes the emission scores p.emit from the T input rows p.x:
// dropout, the BiLSTM and the output layer.
func (n *net) context(p *pass, T int, dropout float32, rng *rand.Rand) {
	c := n.cfg
	H := c.Hidden
	if c.LM > 0 {
		n.lmStates(p, T)
	}
	p.xMask = dropoutMask(p.xMask, p.x, dropout, rng)
	n.fwd.forward(&p.fs, p.x, T, false)
	n.bwd.forward(&p.bs, p.x, T, true)
	p.h = grow(p.h, T*2*H)
	for t := range T {
		copy(p.h[t*2*H:], p.fs.out[t*H:(t+1)*H])
		copy(p.h[t*2*H+H:], p.bs.out[t*H:(t+1)*H])
	}
	p.hMask = dropoutMask(p.hMask, p.h, dropout, rng)
	K := c.Labels
	p.emit = grow(p.emit, T*K)
	for r0 := 0; r0 < K; r0 += projRows / 2 { // rows of 2H inputs: half as many fit
		r1 := min(r0+projRows/2, K)
		w := n.out[r0*2*H : r1*2*H]
		for t := range T {
			e := p.emit[t*K+r0 : t*K+r1]
			copy(e, n.outB[r0:r1])
			f32.MatVec(e, w, p.h[t*2*H:(t+1)*2*H])
		}
	}
}

// lmStates writes the BiLM's states of the T words into their input
// rows p.x, after the inputs that depend on the word alone. The BiLM
// reads the word vectors at the start of the rows.
func (n *net) lmStates(p *pass, T int) {
	c := n.cfg
	in, wd, H := c.inputDim(), c.wordDim(), c.LM
	p.lmX = grow(p.lmX, (T+2)*lmIn(c.Dims))
	lmRows(p.lmX, T, c.Dims, func(t int) []float32 { return p.x[t*in : t*in+c.Dims] })
	lmRun(n.lmF, n.lmB, &p.lf, &p.lb, p.lmX, T)
	for t := range T {
		x := p.x[t*in+wd : (t+1)*in]
		copy(x[:H], p.lf.out[(t+1)*H:(t+2)*H])
		copy(x[H:], p.lb.out[t*H:(t+1)*H])
	}
}

// dropoutMask applies inverted dropout to x: each value is zeroed with
// probability rate and the others scaled by 1/(1-rate). It returns the
// factors, or nil when rate is 0.
func dropoutMask(mask, x []float32, rate float32, rng *rand.Rand) []float32 {
	if rate <= 0 {
		return nil
	}
	mask = grow(mask, len(x))
	keep := 1 / (1 - rate)
	for i := range x {
		mask[i] = 0
		if rng.Float32() >= rate {
			mask[i] = keep
		}
		x[i] *= mask[i]
	}
	return mask
}

// backward adds the gradients of the loss, given its gradient p.demit
// with respect to the emission scores, to g.
func (n *net) backward(p *pass, s *sentence, g *net) {
	c := n.cfg
	in, H, T, K := c.inputDim(), c.Hidden, s.n, c.Labels
	p.dh = grow(p.dh, T*2*H)
	clear(p.dh)
	for t := range T {
		f32.Axpy(1, p.demit[t*K:(t+1)*K], g.outB)
	}
	f32.MulAdd(g.out, 2*H, K, 2*H, p.demit, 1, K, p.h, 2*H, T)  // Σ_t de_t⊗h_t
	f32.MulAdd(p.dh, 2*H, T, 2*H, p.demit, K, 1, n.out, 2*H, K) // dh_t = out^T de_t
	if p.hMask != nil {
		for i, m := range p.hMask[:T*2*H] {
			p.dh[i] *= m
		}
	}
	p.hf, p.hb = grow(p.hf, T*H), grow(p.hb, T*H)
	for t := range T {
		copy(p.hf[t*H:(t+1)*H], p.dh[t*2*H:])
		copy(p.hb[t*H:(t+1)*H], p.dh[t*2*H+H:])
	}
	p.dx = grow(p.dx, T*in)
	clear(p.dx)
	p.scratch = grow(p.scratch, 2*H)
	// The inputs' gradients from the character encoder on (from a multiple
	// of 8 before it, for the kernels): the vectors and the BiLM's states
	// are fixed.
	lo, hi := c.Dims&^7, c.wordDim()
	n.fwd.backward(&p.fs, p.x, p.hf, p.dx, lo, hi, T, false, g.fwd, p.scratch)
	n.bwd.backward(&p.bs, p.x, p.hb, p.dx, lo, hi, T, true, g.bwd, p.scratch)
	if p.xMask != nil {
		for i, m := range p.xMask[:T*in] {
			p.dx[i] *= m
		}
	}
	p.dwin = grow(p.dwin, charWidth*c.CharDim)
	for t := range T {
		dx := p.dx[t*in : (t+1)*in]
		o := c.Dims
		n.chars.backward(&p.chars[t], s.chars[t], dx[o:o+c.Filters], g.chars, p.dwin)
		o += c.Filters
		sh := int(s.shape[t])
		f32.Axpy(1, dx[o:o+c.ShapeDim], g.shape[sh*c.ShapeDim:(sh+1)*c.ShapeDim])
		o += c.ShapeDim
		if c.Stats {
			st := &s.stats[t]
			for l := range 3 {
				d := classDims[l]
				id := int(st.class[l])
				f32.Axpy(1, dx[o:o+d], g.class[l][id*d:(id+1)*d])
				o += d
			}
			f32.Axpy(1, dx[o:o+ratioDim], g.ratio[int(st.ratio)*ratioDim:(int(st.ratio)+1)*ratioDim])
			o += ratioDim
			f32.Axpy(1, dx[o:o+freqDim], g.freq[int(st.freq)*freqDim:(int(st.freq)+1)*freqDim])
		}
	}
}

// learn runs the forward and backward pass of one sentence with its gold
// labels, adds the gradients to g and returns the loss. constraint holds
// (Labels+1)×Labels values added to the transitions (0 or -Inf) and final
// the scores of the last label (0 or -Inf).
func (n *net) learn(p *pass, s *sentence, g *net, constraint, final []float32, dropout float32, rng *rand.Rand) float64 {
	n.forward(p, s, dropout, rng)
	K := n.cfg.Labels
	p.constrTr = grow(p.constrTr, len(n.trans))
	for i, v := range n.trans {
		p.constrTr[i] = v + constraint[i]
	}
	p.demit = grow(p.demit, s.n*K)
	clear(p.demit)
	loss := p.loss.loss(p.emit, s.n, K, p.constrTr, final, s.gold, p.demit, g.trans)
	n.backward(p, s, g)
	return loss
}
