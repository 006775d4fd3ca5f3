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
	colMax     []float32 // for Viterbi: the largest score of a transition into each label
	expT       []float32 // exp(temp × trans), 0 where disallowed: row p (k+1 rows, k = start) at p·maxLabels, zero-padded
	expTT      []float32 // expT transposed, without the start row: row l (k rows) at l·maxLabels
	expF       []float32 // 1 where a sentence may end with a label, else 0
	negligible float32   // forward-backward terms below this fraction of the largest are skipped
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
	c.colMax = transBounds(trans, k, nil)
	// A skipped term, times the largest transition factor, stays below
	// maxError of the largest term times the smallest.
	c.negligible = maxError * float32(math.Exp(-float64(temperature)*float64(c.tMax-c.tMin)))
	c.lat = enc.lattice()
	c.tagOf = make([]Tag, k)
	for l := range k {
		c.tagOf[l] = enc.Tag(l)
	}
	c.expT = make([]float32, (k+1)*maxLabels)
	c.expTT = make([]float32, k*maxLabels)
	for p := range k + 1 {
		for l := range k {
			v := float32(math.Exp(float64(temperature) * float64(trans[p*k+l]))) // exp(-Inf) = 0
			c.expT[p*maxLabels+l] = v
			if p < k {
				c.expTT[l*maxLabels+p] = v
			}
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
	d.delta = grow(d.delta, 2*maxLabels)
	d.live = grow(d.live, k)
	viterbi(emit, n, k, c.trans, c.final, &c.lat, c.tMax-c.tMin, c.colMax, d.delta, d.back, d.labels, d.live)
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

// transBounds sets dst (k values, grown as needed) to the largest finite
// score of a transition into each label (the start row excluded; -Inf
// for a label no transition enters).
func transBounds(trans []float32, k int, dst []float32) []float32 {
	dst = grow(dst, k)
	for l := range dst {
		dst[l] = float32(math.Inf(-1))
	}
	for p := range k {
		for l, v := range trans[p*k : p*k+k] {
			dst[l] = max(dst[l], v)
		}
	}
	return dst
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
// normalised at every position, so nothing overflows. A term is skipped
// when, times the largest transition factor, it stays below maxError of
// the largest term times the smallest factor, so the confidences are
// within about 1e-4 of the exact marginals.
func (d *Decoder) marginals(emit []float32) {
	m := d.c
	n, k := len(d.labels), m.k
	c := m.temp
	d.alpha = grow(d.alpha, n*k)
	d.beta = grow(d.beta, n*k)
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
	start := m.expT[k*maxLabels : k*maxLabels+k]
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
		var acc [maxLabels]float32
		m.mulAddRows(&acc, m.expT, prev, prevMax, m.lat.succs)
		for l := range a {
			a[l] = acc[l] * e[l]
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
		var acc [maxLabels]float32
		m.mulAddRows(&acc, m.expTT, next, nextMax, m.lat.preds)
		copy(b, acc[:k])
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

// f32.MulAddRows reads rows of maxLabels values.
const _ = uint(f32.RowWidth-maxLabels) + uint(maxLabels-f32.RowWidth)

// denseRows says whether mulAddRows multiplies whole rows with f32's
// assembly; tests switch it to compare both ways.
var denseRows = f32.Accelerated()

// mulAddRows adds w[p] times row p of rows (maxLabels values from
// p·maxLabels on) to acc for each p, in ascending order, whose w[p] is
// not negligible: above mx·c.negligible, mx the largest. With denseRows it
// multiplies whole rows eight values at a time; otherwise only the
// entries that lists[p] names (the labels a transition from or to p
// allows). The sums are the same: the other entries are 0.
func (c *Chain) mulAddRows(acc *[maxLabels]float32, rows, w []float32, mx float32, lists [][]uint8) {
	thr := mx * c.negligible
	if denseRows {
		f32.MulAddRowsAbove(acc, rows, w, thr)
		return
	}
	for p, v := range w {
		if !(v > thr) {
			continue
		}
		row := (*[maxLabels]float32)(rows[p*maxLabels:])
		for _, l := range lists[p] {
			acc[l&(maxLabels-1)] += v * row[l&(maxLabels-1)]
		}
	}
}

// maxError bounds the relative size of each forward-backward term that
// is dropped (see Chain.negligible).
const maxError = 1e-5

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
// and final scores; lat is the encoding's lattice, spread the range of
// the finite transition scores (tMax − tMin) and colMax[l] the largest
// score of a transition into l (see transBounds). delta needs
// 2·maxLabels entries, back n·k, out n, live k. Among equally good
// previous labels it keeps the first allowed one (label 0 when none is
// finite).
//
// It is exact but skips work. For each group of labels that share more
// than two allowed previous labels (lattice.groups), a previous label more than
// spread below the group's best cannot win for any label of the group;
// the others are visited best first, and for label l the visit stops at
// the first whose score plus colMax[l] is below the best sum found.
func viterbi(emit []float32, n, k int, trans, final []float32, lat *lattice, spread float32, colMax []float32, delta []float32, back, out, live []uint8) {
	cur, prev := (*[maxLabels]float32)(delta[:maxLabels]), (*[maxLabels]float32)(delta[maxLabels:2*maxLabels])
	start := trans[k*k : k*k+k]
	for l := range k {
		cur[l] = start[l] + emit[l]
	}
	inf := float32(math.Inf(-1))
	for i := 1; i < n; i++ {
		cur, prev = prev, cur
		e := emit[i*k : i*k+k]
		bk := back[i*k : i*k+k]
		for _, pr := range lat.pairs {
			l, p, q := pr[0], pr[1], pr[2]
			best, arg := inf, uint8(0)
			if s := prev[p&(maxLabels-1)] + trans[int(p)*k+int(l)]; s > best {
				best, arg = s, p
			}
			if s := prev[q&(maxLabels-1)] + trans[int(q)*k+int(l)]; s > best {
				best, arg = s, q
			}
			cur[l&(maxLabels-1)] = best + e[l]
			bk[l] = arg
		}
		for gi := range lat.groups {
			g := &lat.groups[gi]
			mx := inf
			for _, p := range g.preds {
				if v := prev[p&(maxLabels-1)]; v > mx {
					mx = v
				}
			}
			if !(mx > inf) { // no finite path: keep label 0
				for _, l := range g.labels {
					cur[l&(maxLabels-1)], bk[l] = inf, 0
				}
				continue
			}
			// The candidates, by score from the best down (insertion sort).
			lo := mx - spread
			cand := live[:0]
			for _, p := range g.preds {
				v := prev[p&(maxLabels-1)]
				if !(v >= lo) {
					continue
				}
				cand = append(cand, p)
				j := len(cand) - 1
				for ; j > 0 && prev[cand[j-1]&(maxLabels-1)] < v; j-- {
					cand[j] = cand[j-1]
				}
				cand[j] = p
			}
			for _, l := range g.labels {
				best, arg, cm := inf, uint8(0), colMax[l]
				for _, p := range cand {
					v := prev[p&(maxLabels-1)]
					if v+cm < best {
						break
					}
					if s := v + trans[int(p)*k+int(l)]; s > best || s == best && p < arg {
						best, arg = s, p
					}
				}
				cur[l&(maxLabels-1)] = best + e[l]
				bk[l] = arg
			}
		}
	}
	best, arg := float32(math.Inf(-1)), -1
	for l, v := range cur[:k] {
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
