package model

import (
	"math"
	"slices"
	"sync"
)

// Model is a trained tagger: feature weights, label transitions and the
// feature set they were trained with. A Model is immutable once loaded
// and safe for concurrent use; each goroutine tagging many sentences
// should use its own Tagger.
type Model struct {
	scheme scheme
	k      int    // number of internal labels
	mask   uint64 // feature templates in use

	trans  []float32 // (k+1)×k: trans[p*k+l] for label p → l; row k is the sentence start; disallowed = -Inf
	final  []float32 // k: 0, or -Inf for labels a sentence may not end with
	wscale float32   // a weight is int16 × wscale
	cscale float32   // confidence temperature: marginals are computed over cscale × score

	fkeys   []uint64 // feature hash of each row, ascending
	weights []int16  // row r: weights[r*k : (r+1)*k]

	slots   []uint64 // open-addressing table over fkeys; 0 = empty
	slotRow []int32
	expT    []float64 // exp(cscale × trans), 0 where disallowed
	expF    []float64 // 1 where a sentence may end with a label, else 0

	info string // free-form description of how the model was trained

	pool sync.Pool // *Tagger for Model.Tag
}

// Info returns the description stored with the model (training data,
// options, dev scores).
func (m *Model) Info() string { return m.info }

// NumFeatures returns the number of feature rows in the model.
func (m *Model) NumFeatures() int { return len(m.fkeys) }

// init builds the lookup tables; fkeys, weights, trans, final and the
// scales must be set.
func (m *Model) init() {
	size := 1
	for size < 2*len(m.fkeys)+1 {
		size <<= 1
	}
	m.slots = make([]uint64, size)
	m.slotRow = make([]int32, size)
	for r, h := range m.fkeys {
		i := h & uint64(size-1)
		for m.slots[i] != 0 {
			i = (i + 1) & uint64(size-1)
		}
		m.slots[i] = h
		m.slotRow[i] = int32(r)
	}
	k := m.k
	m.expT = make([]float64, len(m.trans))
	for i, t := range m.trans {
		m.expT[i] = math.Exp(float64(m.cscale) * float64(t)) // exp(-Inf) = 0
	}
	m.expF = make([]float64, k)
	for l := range k {
		if !math.IsInf(float64(m.final[l]), -1) {
			m.expF[l] = 1
		}
	}
}

// row returns the weight row of feature h, or -1.
func (m *Model) row(h uint64) int32 {
	mask := uint64(len(m.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch m.slots[i] {
		case h:
			return m.slotRow[i]
		case 0:
			return -1
		}
	}
}

// constraintTables returns the transition and final scores that encode
// which label sequences scheme s allows (0 allowed, -Inf not).
func constraintTables(s scheme) (trans, final []float32) {
	k := s.numLabels()
	inf := float32(math.Inf(-1))
	trans = make([]float32, (k+1)*k)
	for p := -1; p < k; p++ {
		row := p
		if p < 0 {
			row = k
		}
		for l := range k {
			if !s.allowed(p, l) {
				trans[row*k+l] = inf
			}
		}
	}
	final = make([]float32, k)
	for l := range k {
		if !s.final(l) {
			final[l] = inf
		}
	}
	return trans, final
}

// Tag tags one sentence of words (token texts after lang.Normalize) and
// returns a tag and a confidence in [0,1] for every word. It allocates
// the result slices; use a Tagger to tag many sentences without
// allocating. Tag is safe for concurrent use.
func (m *Model) Tag(words []string) (tags []Tag, conf []float32) {
	t, _ := m.pool.Get().(*Tagger)
	if t == nil {
		t = m.NewTagger()
	}
	g, c := t.Tag(words)
	tags, conf = slices.Clone(g), slices.Clone(c)
	m.pool.Put(t)
	return tags, conf
}

// Tagger tags sentences with a Model, reusing its buffers: once they have
// grown to the longest sentence, tagging allocates nothing. A Tagger is
// not safe for concurrent use.
type Tagger struct {
	m       *Model
	x       extractor
	emit    []float32
	acc     []int32
	back    []uint8
	delta   []float32
	labels  []uint8
	alpha   []float64
	beta    []float64
	scratch []float64
	tags    []Tag
	conf    []float32
}

// NewTagger returns a Tagger for m.
func (m *Model) NewTagger() *Tagger {
	return &Tagger{m: m, x: extractor{mask: m.mask}, acc: make([]int32, m.k)}
}

// Tag tags one sentence of words (token texts after lang.Normalize). It
// returns a BIO tag per word, always a valid sequence (see ValidAfter),
// and the confidence of each tag: its marginal probability under the
// model (forward-backward over the scores scaled by a temperature fitted
// on the development data). The results are valid until the next call.
func (t *Tagger) Tag(words []string) ([]Tag, []float32) {
	m := t.m
	n, k := len(words), m.k
	if n == 0 {
		return t.tags[:0], t.conf[:0]
	}
	t.x.run(words)
	t.emit = grow(t.emit, n*k)
	for i := range n {
		acc := t.acc[:k]
		clear(acc)
		for _, h := range t.x.feats[t.x.offs[i]:t.x.offs[i+1]] {
			r := m.row(h)
			if r < 0 {
				continue
			}
			w := m.weights[int(r)*k : int(r)*k+k]
			for l, v := range w {
				acc[l] += int32(v)
			}
		}
		e := t.emit[i*k : i*k+k]
		for l, a := range acc {
			e[l] = float32(a) * m.wscale
		}
	}
	t.labels = grow(t.labels, n)
	t.back = grow(t.back, n*k)
	t.delta = grow(t.delta, 2*k)
	viterbi(t.emit, n, k, m.trans, m.final, t.delta, t.back, t.labels)
	t.tags = grow(t.tags, n)
	for i, l := range t.labels {
		t.tags[i] = m.scheme.tag(int(l))
	}
	t.conf = grow(t.conf, n)
	t.marginals()
	return t.tags, t.conf
}

// marginals sets t.conf[i] to the marginal probability of t.tags[i],
// summing the internal labels that map to it. Scores are scaled by the
// model's confidence temperature; forward and backward vectors are
// normalised at every position, so nothing overflows.
func (t *Tagger) marginals() {
	m := t.m
	n, k := len(t.labels), m.k
	c := float64(m.cscale)
	t.alpha = grow(t.alpha, n*k)
	t.beta = grow(t.beta, n*k)
	t.scratch = grow(t.scratch, 2*k)
	// Emission factors exp(c·(e − max e)) go into beta first.
	for i := range n {
		e := t.emit[i*k : i*k+k]
		mx := e[0]
		for _, v := range e {
			mx = max(mx, v)
		}
		b := t.beta[i*k : i*k+k]
		for l, v := range e {
			b[l] = math.Exp(c * float64(v-mx))
		}
	}
	start := m.expT[k*k : k*k+k]
	for i := range n {
		a, e := t.alpha[i*k:i*k+k], t.beta[i*k:i*k+k]
		for l := range a {
			s := 0.0
			if i == 0 {
				s = start[l]
			} else {
				for p, ap := range t.alpha[(i-1)*k : i*k] {
					s += ap * m.expT[p*k+l]
				}
			}
			a[l] = e[l] * s
		}
		normalise(a)
	}
	next, ei := t.scratch[:k], t.scratch[k:2*k] // next[l] = E[i+1][l]·beta[i+1][l]
	last := t.beta[(n-1)*k : n*k]
	for l := range last {
		next[l] = last[l] * m.expF[l]
		last[l] = m.expF[l]
	}
	for i := n - 2; i >= 0; i-- {
		b := t.beta[i*k : i*k+k]
		copy(ei, b)
		for p := range b {
			s := 0.0
			for l, v := range next {
				s += m.expT[p*k+l] * v
			}
			b[p] = s
		}
		normalise(b)
		for l := range next {
			next[l] = ei[l] * b[l]
		}
	}
	for i := range n {
		a, b := t.alpha[i*k:i*k+k], t.beta[i*k:i*k+k]
		tot, mine := 0.0, 0.0
		for l := range a {
			p := a[l] * b[l]
			tot += p
			if m.scheme.tag(l) == t.tags[i] {
				mine += p
			}
		}
		t.conf[i] = 0
		if tot > 0 {
			t.conf[i] = float32(min(1, mine/tot))
		}
	}
}

func normalise(v []float64) {
	s := 0.0
	for _, x := range v {
		s += x
	}
	if s > 0 {
		for i := range v {
			v[i] /= s
		}
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}

// viterbi finds the best label sequence of n tokens and k labels given
// emission scores emit[i*k+l], transitions trans ((k+1)×k, row k = start)
// and final scores. delta needs 2k entries, back n·k, out n.
func viterbi(emit []float32, n, k int, trans, final, delta []float32, back, out []uint8) {
	cur, prev := delta[:k], delta[k:2*k]
	start := trans[k*k : k*k+k]
	for l := range k {
		cur[l] = start[l] + emit[l]
	}
	for i := 1; i < n; i++ {
		cur, prev = prev, cur
		e := emit[i*k : i*k+k]
		bk := back[i*k : i*k+k]
		for l := range k {
			best, arg := float32(math.Inf(-1)), 0
			for p, v := range prev {
				if s := v + trans[p*k+l]; s > best {
					best, arg = s, p
				}
			}
			cur[l] = best + e[l]
			bk[l] = uint8(arg)
		}
	}
	best, arg := float32(math.Inf(-1)), -1
	for l, v := range cur {
		if s := v + final[l]; s > best || arg < 0 && !math.IsInf(float64(final[l]), -1) {
			best, arg = s, l
		}
	}
	if arg < 0 {
		arg = 0
	}
	out[n-1] = uint8(arg)
	for i := n - 1; i > 0; i-- {
		out[i-1] = back[i*k+int(out[i])]
	}
}
