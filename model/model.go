package model

import (
	"math"
	"slices"
	"sync"

	"github.com/namen-nlp/namen/model/wordstats"
)

// Model is a trained tagger: feature weights, label transitions and the
// feature set they were trained with. A Model is immutable once loaded
// and safe for concurrent use; each goroutine tagging many sentences
// should use its own Tagger.
type Model struct {
	scheme scheme
	k      int              // number of internal labels
	mask   uint64           // feature templates in use
	stats  *wordstats.Table // word statistics for the stats templates; nil if none
	lex    map[uint64]uint8 // name lexicon for tLex (see nameLexicon); nil if none

	trans  []float32 // (k+1)×k: trans[p*k+l] for label p → l; row k is the sentence start; disallowed = -Inf
	final  []float32 // k: 0, or -Inf for labels a sentence may not end with
	wscale float32   // a weight is int16 × wscale
	cscale float32   // confidence temperature: marginals are computed over cscale × score

	fkeys  []uint64 // feature hash of each row, ascending
	rowOff []uint32 // row r's non-zero weights are ents[rowOff[r]:rowOff[r+1]]
	ents   []uint32 // label<<16 | uint16(weight)

	lat        lattice
	tagOf      []Tag     // output tag of each internal label
	slots      []slot    // open-addressing table over fkeys
	tMin, tMax float32   // range of the finite transition scores
	expT       []float32 // exp(cscale × trans), 0 where disallowed
	expTT      []float32 // expT transposed (k×k, without the start row)
	expF       []float32 // 1 where a sentence may end with a label, else 0

	info string // free-form description of how the model was trained

	pool sync.Pool // *Tagger for Model.Tag
}

// Info returns the description stored with the model (training data,
// options, dev scores).
func (m *Model) Info() string { return m.info }

// NumFeatures returns the number of feature rows in the model.
func (m *Model) NumFeatures() int { return len(m.fkeys) }

// slot is an entry of the feature table: the high 32 bits of the
// feature hash (the low bits choose the home slot) and where the row's
// weights are, packed as offset<<7 | length into ents (0 = empty slot;
// rows without weights are not stored). Two features whose hashes agree
// in the home slot bits and the high 32 bits would share a row; with
// 64-bit hashes that is vanishingly rare.
type slot struct {
	key uint32
	row uint32
}

// maxEnts bounds the number of non-zero weights so that a slot can
// address them.
const maxEnts = 1 << 25

// addRow appends the weight row of feature h (ascending) given as k
// int16 weights.
func (m *Model) addRow(h uint64, w []int16) {
	if m.rowOff == nil {
		m.rowOff = []uint32{0}
	}
	m.fkeys = append(m.fkeys, h)
	for l, v := range w {
		if v != 0 {
			m.ents = append(m.ents, uint32(l)<<16|uint32(uint16(v)))
		}
	}
	m.rowOff = append(m.rowOff, uint32(len(m.ents)))
}

// init builds the lookup tables; the rows, trans, final and the scales
// must be set.
func (m *Model) init() {
	size := 1
	for size < 2*len(m.fkeys)+1 {
		size <<= 1
	}
	if m.rowOff == nil {
		m.rowOff = []uint32{0}
	}
	m.slots = make([]slot, size)
	for r, h := range m.fkeys {
		off, n := m.rowOff[r], m.rowOff[r+1]-m.rowOff[r]
		if n == 0 {
			continue
		}
		i := h & uint64(size-1)
		for m.slots[i].row != 0 {
			i = (i + 1) & uint64(size-1)
		}
		m.slots[i] = slot{uint32(h >> 32), off<<7 | n}
	}
	k := m.k
	m.tMin, m.tMax = transRange(m.trans, k)
	m.lat = m.scheme.lattice()
	m.tagOf = make([]Tag, k)
	for l := range k {
		m.tagOf[l] = m.scheme.tag(l)
	}
	m.expT = make([]float32, len(m.trans)+maxLabels) // padded for rowAt
	for i, t := range m.trans {
		m.expT[i] = float32(math.Exp(float64(m.cscale) * float64(t))) // exp(-Inf) = 0
	}
	m.expTT = make([]float32, k*k+maxLabels)
	for p := range k {
		for l := range k {
			m.expTT[l*k+p] = m.expT[p*k+l]
		}
	}
	m.expF = make([]float32, k)
	for l := range k {
		if !math.IsInf(float64(m.final[l]), -1) {
			m.expF[l] = 1
		}
	}
}

// row returns where the weights of feature h are (see slot), or 0.
func (m *Model) row(h uint64) uint32 {
	mask := uint64(len(m.slots) - 1)
	key := uint32(h >> 32)
	for i := h & mask; ; i = (i + 1) & mask {
		s := m.slots[i]
		if s.row == 0 || s.key == key {
			return s.row
		}
	}
}

// weights returns the non-zero weights of a row returned by row.
func (m *Model) weights(row uint32) []uint32 {
	off := row >> 7
	return m.ents[off : off+row&127]
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
// grown to the longest sentence, tagging allocates nothing. Buffers grown
// past 2,048 words are dropped at the next call with at most 1,024, so a
// single huge sentence does not stay in memory (about 2 KB per word with
// the default model). It remembers
// the features and intrinsic weight sums of the last words it saw
// (cacheSize words, about 3.7 MB with the default model). A Tagger is not
// safe for concurrent use.
type Tagger struct {
	m       *Model
	x       extractor
	emit    []float32
	acc     [maxLabels]int32 // emission sums
	back    []uint8
	delta   []float32
	labels  []uint8
	alpha   []float32
	beta    []float32
	scratch []float32
	feats   []uint64
	rows    []uint32
	cache   []cached
	isum    []int32 // intrinsic weight sums, n×k
	live    []uint8
	tags    []Tag
	conf    []float32
}

// NewTagger returns a Tagger for m.
func (m *Model) NewTagger() *Tagger {
	return &Tagger{m: m, x: extractor{mask: m.mask, stats: m.stats, lex: m.lex}}
}

// Tag tags one sentence of words (token texts after lang.Normalize). It
// returns a BIO tag per word, always a valid sequence (see ValidAfter),
// and the confidence of each tag: its marginal probability under the
// model (forward-backward over the scores scaled by a temperature fitted
// on the development data). The results are valid until the next call.
func (t *Tagger) Tag(words []string) ([]Tag, []float32) {
	return t.tag(words, false)
}

// TagEntities is Tag for callers that read the confidences of entity tags
// only: when every tag of the sentence is O, it skips the forward-backward
// pass and reports a confidence of 1 for each. Otherwise its results are
// those of Tag. About two in five sentences of running text name no
// entity.
func (t *Tagger) TagEntities(words []string) ([]Tag, []float32) {
	return t.tag(words, true)
}

func (t *Tagger) tag(words []string, lazy bool) ([]Tag, []float32) {
	m := t.m
	n, k := len(words), m.k
	if n <= keepWords && cap(t.tags) > 2*keepWords {
		t.drop()
	}
	if n == 0 {
		return t.tags[:0], t.conf[:0]
	}
	t.emitWords(words)
	t.labels = grow(t.labels, n)
	t.back = grow(t.back, n*k)
	t.delta = grow(t.delta, 2*k)
	t.live = grow(t.live, k)
	viterbi(t.emit, n, k, m.trans, m.final, m.lat.preds, m.tMin, m.tMax, t.delta, t.back, t.labels, t.live)
	t.tags = grow(t.tags, n)
	entity := false
	for i, l := range t.labels {
		t.tags[i] = m.tagOf[l]
		entity = entity || t.tags[i] != O
	}
	t.conf = grow(t.conf, n)
	if lazy && !entity {
		for i := range t.conf {
			t.conf[i] = 1
		}
		return t.tags, t.conf
	}
	t.marginals()
	return t.tags, t.conf
}

// keepWords is the longest sentence after which a Tagger drops buffers
// grown past twice its length (they grow to 1.5 times the longest
// sentence).
const keepWords = 1024

// drop lets go of the buffers that grow with the sentence length.
func (t *Tagger) drop() {
	t.emit, t.back, t.labels, t.alpha, t.beta, t.feats, t.rows, t.isum, t.tags, t.conf = nil, nil, nil, nil, nil, nil, nil, nil, nil, nil
	t.x.info, t.x.quoted, t.x.feats, t.x.offs = nil, nil, nil, nil
}

// cacheSize is the number of words (a power of 2) whose token
// information and word-only weight sums a Tagger remembers.
const cacheSize = 8192

// cached is a Tagger's memory of one word.
type cached struct {
	word string
	info tokInfo
	sum  []int32 // k weight sums of the word's intrinsic features
	ok   bool    // filled
}

// emitWords computes the emission scores of every word into t.emit:
// intrinsic features come from the word cache when the word was seen
// before, contextual features are looked up for every token.
func (t *Tagger) emitWords(words []string) {
	m, x := t.m, &t.x
	n, k := len(words), m.k
	if t.cache == nil {
		t.cache = make([]cached, cacheSize)
		sums := make([]int32, cacheSize*k)
		for i := range t.cache {
			t.cache[i].sum = sums[i*k : i*k+k : i*k+k]
		}
	}
	t.emit = grow(t.emit, n*k)
	t.isum = grow(t.isum, n*k)
	x.begin(words)
	for i, w := range words {
		c := &t.cache[fnvString(w)&(cacheSize-1)]
		if c.word != w || !c.ok {
			c.word, c.ok = w, true
			x.fill(&c.info, w)
			t.feats = x.intrinsic(t.feats[:0], &c.info)
			t.sum(c.sum, t.feats)
		}
		x.info[i] = c.info
		copy(t.isum[i*k:i*k+k], c.sum) // the slot may be reused within the sentence
	}
	// Contextual features of the whole sentence first, then their rows
	// (independent table probes the CPU can overlap), then the sums.
	t.feats = t.feats[:0]
	x.offs = append(x.offs[:0], 0)
	for i := range n {
		t.feats = x.context(t.feats, i)
		x.offs = append(x.offs, int32(len(t.feats)))
	}
	t.rows = grow(t.rows, len(t.feats))
	for j, h := range t.feats {
		t.rows[j] = m.row(h)
	}
	for i := range n {
		acc := &t.acc
		copy(acc[:k], t.isum[i*k:i*k+k])
		for _, r := range t.rows[x.offs[i]:x.offs[i+1]] {
			for _, e := range m.weights(r) {
				acc[e>>16&63] += int32(int16(e))
			}
		}
		e := t.emit[i*k : i*k+k]
		for l, a := range acc[:k] {
			e[l] = float32(a) * m.wscale
		}
	}
}

// sum sets dst (k entries) to the sum of the weight rows of feats.
func (t *Tagger) sum(dst []int32, feats []uint64) {
	m := t.m
	t.rows = grow(t.rows, len(feats))
	for j, h := range feats {
		t.rows[j] = m.row(h) // independent table probes first
	}
	acc := &t.acc
	clear(acc[:])
	for _, r := range t.rows {
		for _, e := range m.weights(r) {
			acc[e>>16&63] += int32(int16(e))
		}
	}
	copy(dst, acc[:len(dst)])
}

// marginals sets t.conf[i] to the marginal probability of t.tags[i],
// summing the internal labels that map to it. Scores are scaled by the
// model's confidence temperature; forward and backward vectors are
// normalised at every position, so nothing overflows. Terms that are
// negligible relative to the largest of their vector are skipped, so the
// confidences are exact to about 1e-3.
func (t *Tagger) marginals() {
	m := t.m
	n, k := len(t.labels), m.k
	c := m.cscale
	t.alpha = grow(t.alpha, n*k+maxLabels) // padded for rowAt
	t.beta = grow(t.beta, n*k+maxLabels)
	t.scratch = grow(t.scratch, 2*k)
	// Emission factors exp(c·(e − max e)) go into beta first.
	for i := range n {
		e := t.emit[i*k : i*k+k]
		mx := e[0]
		for _, v := range e {
			if v > mx {
				mx = v
			}
		}
		b := t.beta[i*k : i*k+k]
		for l, v := range e {
			b[l] = 0
			if d := c * (v - mx); d > -14 {
				b[l] = expNeg(d)
			}
		}
	}
	start := m.expT[k*k : k*k+k]
	var prevMax float32
	for i := range n {
		a, e := t.alpha[i*k:i*k+k], t.beta[i*k:i*k+k]
		if i == 0 {
			for l := range a {
				a[l] = e[l] * start[l]
			}
			prevMax = normalise(a)
			continue
		}
		prev := t.alpha[(i-1)*k : i*k]
		clear(a)
		aa := rowAt(t.alpha, i*k)
		for _, p := range t.liveAbove(prev, prevMax) {
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
	next, ei := t.scratch[:k], t.scratch[k:2*k] // next[l] = E[i+1][l]·beta[i+1][l]
	last := t.beta[(n-1)*k : n*k]
	nextMax := float32(0)
	for l := range last {
		next[l] = last[l] * m.expF[l]
		nextMax = max(nextMax, next[l])
		last[l] = m.expF[l]
	}
	for i := n - 2; i >= 0; i-- {
		b := t.beta[i*k : i*k+k]
		copy(ei, b)
		clear(b)
		bb := rowAt(t.beta, i*k)
		for _, l := range t.liveAbove(next, nextMax) {
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
		a, b := t.alpha[i*k:i*k+k], t.beta[i*k:i*k+k]
		tot := float32(0)
		for l, v := range a {
			tot += v * b[l]
		}
		l := int(t.labels[i])
		tw := m.scheme.twin(l)
		mine := a[l] * b[l]
		if tw != l {
			mine += a[tw] * b[tw]
		}
		t.conf[i] = 0
		if tot > 0 {
			t.conf[i] = min(1, mine/tot)
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

// expNeg returns e^x for x in (-14, 0] with a relative error below
// 1e-5: 2^(x·log2 e) split into an integer power of two and a
// polynomial for the fraction.
func expNeg(x float32) float32 {
	y := x * math.Log2E
	i := int32(y) // rounds towards 0: y is in (-21, 0]
	if float32(i) > y {
		i--
	}
	f := y - float32(i) // in [0, 1)
	// 2^f on [0,1): degree-6 Taylor polynomial of e^(f ln 2).
	const l = math.Ln2
	p := 1 + f*(l+f*(l*l/2+f*(l*l*l/6+f*(l*l*l*l/24+f*(l*l*l*l*l/120+f*(l*l*l*l*l*l/720))))))
	return math.Float32frombits(math.Float32bits(p) + uint32(i)<<23)
}

// negligible is the relative size below which forward-backward terms
// are dropped.
const negligible = 1e-4

// liveAbove returns the indices of the entries of v that are not
// negligible relative to mx, the largest entry.
func (t *Tagger) liveAbove(v []float32, mx float32) []uint8 {
	live := t.live[:0]
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
