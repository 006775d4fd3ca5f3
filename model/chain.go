package model

import (
	"fmt"
	"math"

	"github.com/namen-nlp/namen/model/internal/f32"
)

// Chain is the output layer that the model kinds share: first-order
// transition scores between the internal labels of an Encoding, Viterbi
// decoding restricted to valid label sequences, and confidences (the
// marginal probability of each tag under the scores multiplied by a
// temperature). A Chain is immutable and safe for concurrent use.
type Chain struct {
	enc        Encoding
	k          int       // number of internal labels
	trans      []float32 // (k+1)×k: trans[p*k+l] for label p → l; row k is the sentence start; disallowed = -Inf
	final      []float32 // k: 0, or -Inf for labels a sentence may not end with
	temp       float32   // confidence temperature: marginals are computed over temp × score
	lat        lattice
	tagOf      []Tag     // output tag of each internal label
	tMin, tMax float32   // range of the finite transition scores
	expT       []float32 // exp(temp × trans), 0 where disallowed
	expTT      []float32 // expT transposed (k×k, without the start row)
	expF       []float32 // 1 where a sentence may end with a label, else 0
}

// NewChain returns the chain of encoding enc with transition scores
// trans ((k+1)×k for k = enc.NumLabels(): trans[p*k+l] for label p
// followed by l, row k for the sentence start) and final scores (k
// values), which must be -Inf exactly where enc.Constraints has -Inf and
// finite elsewhere; temperature must be positive and finite. The chain
// keeps trans and final: the caller must not change them afterwards.
func NewChain(enc Encoding, trans, final []float32, temperature float32) (*Chain, error) {
	if err := enc.check(trans, final); err != nil {
		return nil, err
	}
	if !(temperature > 0) || math.IsInf(float64(temperature), 0) {
		return nil, fmt.Errorf("bad temperature %v", temperature)
	}
	k := enc.NumLabels()
	c := &Chain{enc: enc, k: k, trans: trans, final: final, temp: temperature}
	c.tMin, c.tMax = transRange(trans, k)
	c.lat = enc.lattice()
	c.tagOf = make([]Tag, k)
	for l := range k {
		c.tagOf[l] = enc.Tag(l)
	}
	c.expT = make([]float32, len(trans)+maxLabels) // padded for rowAt
	for i, t := range trans {
		c.expT[i] = float32(math.Exp(float64(temperature) * float64(t))) // exp(-Inf) = 0
	}
	c.expTT = make([]float32, k*k+maxLabels)
	for p := range k {
		for l := range k {
			c.expTT[l*k+p] = c.expT[p*k+l]
		}
	}
	c.expF = make([]float32, k)
	for l := range k {
		if !math.IsInf(float64(final[l]), -1) {
			c.expF[l] = 1
		}
	}
	return c, nil
}

// check returns an error unless enc is known and trans and final are
// its transition and final scores: -Inf exactly where enc.Constraints has
// -Inf, finite elsewhere.
func (enc Encoding) check(trans, final []float32) error {
	if enc != BIO && enc != BILOU {
		return fmt.Errorf("unknown label encoding %d", enc)
	}
	k := enc.NumLabels()
	if len(trans) != (k+1)*k || len(final) != k {
		return fmt.Errorf("%d transition and %d final scores, encoding %s needs %d and %d", len(trans), len(final), enc, (k+1)*k, k)
	}
	want, wantFinal := enc.Constraints()
	for i, v := range trans {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 1) || math.IsInf(float64(v), -1) != math.IsInf(float64(want[i]), -1) {
			return fmt.Errorf("transition score %d is %v", i, v)
		}
	}
	for i, v := range final {
		if v != wantFinal[i] {
			return fmt.Errorf("final score %d is %v, want %v", i, v, wantFinal[i])
		}
	}
	return nil
}

// Encoding returns the chain's label encoding.
func (c *Chain) Encoding() Encoding { return c.enc }

// Temperature returns the confidence temperature.
func (c *Chain) Temperature() float32 { return c.temp }

// A Decoder decodes emission scores with a Chain, reusing its buffers:
// once they have grown to the longest sentence, decoding allocates
// nothing. A Decoder is not safe for concurrent use.
type Decoder struct {
	c       *Chain
	back    []uint8
	delta   []float32
	labels  []uint8
	alpha   []float32
	beta    []float32
	scratch []float32
	live    []uint8
	tags    []Tag
	conf    []float32
}

// NewDecoder returns a Decoder for c.
func (c *Chain) NewDecoder() *Decoder { return &Decoder{c: c} }

// Decode returns the best valid tag sequence for n words with emission
// scores emit (n×k, row i for word i; k = the encoding's NumLabels) and
// the confidence of each tag: its marginal probability. With
// entitiesOnly, a sentence whose tags are all O skips the forward-backward
// pass and gets confidences of 1 (for callers that read the confidences
// of entity tags only). The results are valid until the next call.
func (d *Decoder) Decode(emit []float32, n int, entitiesOnly bool) ([]Tag, []float32) {
	c := d.c
	k := c.k
	if n == 0 {
		return d.tags[:0], d.conf[:0]
	}
	d.labels = grow(d.labels, n)
	d.back = grow(d.back, n*k)
	d.delta = grow(d.delta, 2*k)
	d.live = grow(d.live, k)
	viterbi(emit, n, k, c.trans, c.final, c.lat.preds, c.tMin, c.tMax, d.delta, d.back, d.labels, d.live)
	d.tags = grow(d.tags, n)
	entity := false
	for i, l := range d.labels {
		d.tags[i] = c.tagOf[l]
		entity = entity || d.tags[i] != O
	}
	d.conf = grow(d.conf, n)
	if entitiesOnly && !entity {
		for i := range d.conf {
			d.conf[i] = 1
		}
		return d.tags, d.conf
	}
	d.marginals(emit)
	return d.tags, d.conf
}

// drop lets go of the buffers that grow with the sentence length.
func (d *Decoder) drop() {
	d.back, d.labels, d.alpha, d.beta, d.tags, d.conf = nil, nil, nil, nil, nil, nil
}

// transRange returns the smallest and largest finite transition score
// between labels (the start row excluded).
func transRange(trans []float32, k int) (lo, hi float32) {
	lo, hi = float32(math.Inf(1)), float32(math.Inf(-1))
	for _, v := range trans[:k*k] {
		if !math.IsInf(float64(v), 0) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo > hi {
		lo, hi = 0, 0
	}
	return lo, hi
}

// Constraints returns the transition ((k+1)×k, row k for the sentence
// start) and final (k) scores that encode which label sequences e allows:
// 0 where allowed, -Inf where not.
func (e Encoding) Constraints() (trans, final []float32) {
	s := e
	k := s.NumLabels()
	inf := float32(math.Inf(-1))
	trans = make([]float32, (k+1)*k)
	for p := -1; p < k; p++ {
		row := p
		if p < 0 {
			row = k
		}
		for l := range k {
			if !s.Allowed(p, l) {
				trans[row*k+l] = inf
			}
		}
	}
	final = make([]float32, k)
	for l := range k {
		if !s.Final(l) {
			final[l] = inf
		}
	}
	return trans, final
}

// marginals sets d.conf[i] to the marginal probability of d.tags[i],
// summing the internal labels that map to it. Scores are scaled by the
// chain's confidence temperature; forward and backward vectors are
// normalised at every position, so nothing overflows. Terms that are
// negligible relative to the largest of their vector are skipped, so the
// confidences are exact to about 1e-3.
func (d *Decoder) marginals(emit []float32) {
	m := d.c
	n, k := len(d.labels), m.k
	c := m.temp
	d.alpha = grow(d.alpha, n*k+maxLabels) // padded for rowAt
	d.beta = grow(d.beta, n*k+maxLabels)
	d.scratch = grow(d.scratch, 2*k)
	// Emission factors exp(c·(e − max e)) go into beta first.
	for i := range n {
		e := emit[i*k : i*k+k]
		mx := e[0]
		for _, v := range e {
			if v > mx {
				mx = v
			}
		}
		f32.ExpShift(d.beta[i*k:i*k+k], e, c, mx)
	}
	start := m.expT[k*k : k*k+k]
	var prevMax float32
	for i := range n {
		a, e := d.alpha[i*k:i*k+k], d.beta[i*k:i*k+k]
		if i == 0 {
			for l := range a {
				a[l] = e[l] * start[l]
			}
			prevMax = normalise(a)
			continue
		}
		prev := d.alpha[(i-1)*k : i*k]
		clear(a)
		aa := rowAt(d.alpha, i*k)
		for _, p := range d.liveAbove(prev, prevMax) {
			w, row := prev[p], rowAt(m.expT, int(p)*k)
			for _, l := range m.lat.succs[p] {
				aa[l&(maxLabels-1)] += w * row[l&(maxLabels-1)]
			}
		}
		for l := range a {
			a[l] *= e[l]
		}
		prevMax = normalise(a)
	}
	next, ei := d.scratch[:k], d.scratch[k:2*k] // next[l] = E[i+1][l]·beta[i+1][l]
	last := d.beta[(n-1)*k : n*k]
	nextMax := float32(0)
	for l := range last {
		next[l] = last[l] * m.expF[l]
		nextMax = max(nextMax, next[l])
		last[l] = m.expF[l]
	}
	for i := n - 2; i >= 0; i-- {
		b := d.beta[i*k : i*k+k]
		copy(ei, b)
		clear(b)
		bb := rowAt(d.beta, i*k)
		for _, l := range d.liveAbove(next, nextMax) {
			v, col := next[l], rowAt(m.expTT, int(l)*k)
			for _, p := range m.lat.preds[l] {
				bb[p&(maxLabels-1)] += col[p&(maxLabels-1)] * v
			}
		}
		normalise(b)
		nextMax = 0
		for l := range next {
			v := ei[l] * b[l]
			next[l] = v
			if v > nextMax {
				nextMax = v
			}
		}
	}
	for i := range n {
		a, b := d.alpha[i*k:i*k+k], d.beta[i*k:i*k+k]
		tot := float32(0)
		for l, v := range a {
			tot += v * b[l]
		}
		l := int(d.labels[i])
		tw := m.enc.twin(l)
		mine := a[l] * b[l]
		if tw != l {
			mine += a[tw] * b[tw]
		}
		d.conf[i] = 0
		if tot > 0 {
			d.conf[i] = min(1, mine/tot)
		}
	}
}

// maxLabels bounds the number of internal labels (see scheme).
const maxLabels = 64

// rowAt returns the maxLabels values of v from off on as an array, so
// that indexing it with a label masked to maxLabels-1 needs no bounds
// check; v must have maxLabels values of padding after its last row.
func rowAt(v []float32, off int) *[maxLabels]float32 {
	return (*[maxLabels]float32)(v[off : off+maxLabels])
}

// negligible is the relative size below which forward-backward terms
// are dropped.
const negligible = 1e-4

// liveAbove returns the indices of the entries of v that are not
// negligible relative to mx, the largest entry.
func (d *Decoder) liveAbove(v []float32, mx float32) []uint8 {
	live := d.live[:0]
	thr := mx * negligible
	for i, x := range v {
		if x > thr {
			live = append(live, uint8(i))
		}
	}
	return live
}

// normalise scales v to sum 1 and returns its largest entry afterwards.
func normalise(v []float32) float32 {
	s, mx := float32(0), float32(0)
	for _, x := range v {
		s += x
		if x > mx {
			mx = x
		}
	}
	if s > 0 {
		r := 1 / s
		for i := range v {
			v[i] *= r
		}
		mx *= r
	}
	return mx
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}

// viterbi finds the best label sequence of n tokens and k labels given
// emission scores emit[i*k+l], transitions trans ((k+1)×k, row k = start)
// and final scores; preds[l] lists the labels allowed before l and
// [tMin, tMax] is the range of the finite transition scores. delta needs
// 2k entries, back n·k, out n, live k.
//
// It is exact but skips work: a previous label whose score is more than
// tMax − tMin below the best cannot win against the best previous label,
// so each label first looks only at the previous labels within that
// margin and scans all of preds[l] only when none of them is allowed
// before it and good enough.
func viterbi(emit []float32, n, k int, trans, final []float32, preds [][]uint8, tMin, tMax float32, delta []float32, back, out, live []uint8) {
	cur, prev := delta[:k], delta[k:2*k]
	start := trans[k*k : k*k+k]
	for l := range k {
		cur[l] = start[l] + emit[l]
	}
	for i := 1; i < n; i++ {
		cur, prev = prev, cur
		mx := prev[0]
		for _, v := range prev {
			mx = max(mx, v)
		}
		lo := mx - (tMax - tMin)
		live = live[:0]
		for p, v := range prev {
			if v >= lo {
				live = append(live, uint8(p))
			}
		}
		e := emit[i*k : i*k+k]
		bk := back[i*k : i*k+k]
		for l := range k {
			best, arg := float32(math.Inf(-1)), 0
			if pl := preds[l]; len(pl) <= max(len(live), 2) {
				for _, p := range pl {
					if s := prev[p] + trans[int(p)*k+l]; s > best {
						best, arg = s, int(p)
					}
				}
				cur[l] = best + e[l]
				bk[l] = uint8(arg)
				continue
			}
			for _, p := range live {
				if s := prev[p] + trans[int(p)*k+l]; s > best {
					best, arg = s, int(p)
				}
			}
			if !(best >= mx+tMin) {
				for _, p := range preds[l] {
					if s := prev[p] + trans[int(p)*k+l]; s > best {
						best, arg = s, int(p)
					}
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
