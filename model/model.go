package model

import (
	"slices"
	"sync"

	"github.com/namen-nlp/namen/model/internal/swar"

	"github.com/namen-nlp/namen/model/wordstats"
)

// Model is a trained tagger: feature weights, label transitions and the
// feature set they were trained with. A Model is immutable once loaded
// and safe for concurrent use; each goroutine tagging many sentences
// should use its own Tagger.
type Model struct {
	enc   Encoding
	k     int              // number of internal labels
	mask  uint64           // feature templates in use
	stats *wordstats.Table // word statistics for the stats templates; nil if none
	lex   map[uint64]uint8 // name lexicon for tLex (see nameLexicon); nil if none

	trans  []float32 // (k+1)×k: trans[p*k+l] for label p → l; row k is the sentence start; disallowed = -Inf
	final  []float32 // k: 0, or -Inf for labels a sentence may not end with
	wscale float32   // a weight is int16 × wscale
	cscale float32   // confidence temperature: marginals are computed over cscale × score

	fkeys  []uint64 // feature hash of each row, ascending
	rowOff []uint32 // row r's non-zero weights are ents[rowOff[r]:rowOff[r+1]]
	ents   []uint32 // label<<16 | uint16(weight)

	ch    *Chain       // decoding: enc, trans, final and cscale
	slots []slot       // open-addressing table over fkeys
	dense []swar.Group // the rows with at least denseMin weights, also kept dense: dq groups each, then swar.Pad
	dq    int          // groups (8 labels) of a dense row: ⌈k/8⌉

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

// A dense row holds all k weights of a row, packed by package swar into
// dq groups of 8 labels. Summing the non-zero entries of a row one by one
// costs about eight instructions each; a dense row of the default model
// (49 labels) costs about fifteen in all with AVX2. Rows with at least
// denseMin non-zero weights (5% of the default model's rows, 1.8 MB, but
// 92% of the weights read when tagging) are kept in both forms.
const (
	denseMin  = 16
	denseSlot = 127 // the length field of a slot that names a dense row
)

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

// init builds the lookup tables and the chain; the rows, the encoding,
// trans, final and the scales must be set. It returns an error when the
// scores do not fit the encoding.
func (m *Model) init() error {
	size := 1
	for size < 2*len(m.fkeys)+1 {
		size <<= 1
	}
	if m.rowOff == nil {
		m.rowOff = []uint32{0}
	}
	m.slots = make([]slot, size)
	m.dq = (m.k + 7) / 8
	nd := 0
	for r := range m.fkeys {
		if m.rowOff[r+1]-m.rowOff[r] >= denseMin {
			nd++
		}
	}
	m.dense = make([]swar.Group, nd*m.dq+swar.Pad)
	nd = 0
	for r, h := range m.fkeys {
		off, n := m.rowOff[r], m.rowOff[r+1]-m.rowOff[r]
		if n == 0 {
			continue
		}
		if n >= denseMin {
			m.setDense(nd*m.dq, m.ents[off:off+n])
			off, n = uint32(nd*m.dq), denseSlot
			nd++
		}
		i := h & uint64(size-1)
		for m.slots[i].row != 0 {
			i = (i + 1) & uint64(size-1)
		}
		m.slots[i] = slot{uint32(h >> 32), off<<7 | n}
	}
	var err error
	m.ch, err = NewChain(m.enc, m.trans, m.final, m.cscale)
	return err
}

// setDense writes the non-zero weights ents of a row as the dense row
// at m.dense[at:].
func (m *Model) setDense(at int, ents []uint32) {
	var w [maxLabels]int32
	for _, e := range ents {
		w[e>>16&63] = int32(int16(e))
	}
	for l := range 8 * m.dq {
		m.dense[at+l/8][l%8/2] |= swar.Lane(w[l]) << (32 * (l % 2))
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

// addRows adds the weights of rows (as returned by row) to acc.
func (m *Model) addRows(acc *[maxLabels]int32, rows []uint32) {
	var buf [64]uint32
	dense := buf[:0]
	for _, r := range rows {
		if r&127 != denseSlot {
			off := r >> 7
			for _, e := range m.ents[off : off+r&127] {
				acc[e>>16&63] += int32(int16(e))
			}
			continue
		}
		if len(dense) == len(buf) {
			swar.AddRows(acc, m.dense, dense, m.dq)
			dense = buf[:0]
		}
		dense = append(dense, r>>7)
	}
	swar.AddRows(acc, m.dense, dense, m.dq)
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
	m     *Model
	x     extractor
	dec   *Decoder
	emit  []float32
	acc   [maxLabels]int32 // emission sums
	feats []uint64
	rows  []uint32
	cache []cached
	isum  []int32 // intrinsic weight sums, n×k
}

// NewTagger returns a Tagger for m.
func (m *Model) NewTagger() *Tagger {
	return &Tagger{m: m, x: extractor{mask: m.mask, stats: m.stats, lex: m.lex}, dec: m.ch.NewDecoder()}
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
	if len(words) <= keepWords && cap(t.dec.tags) > 2*keepWords {
		t.drop()
	}
	if len(words) > 0 {
		t.emitWords(words)
	}
	return t.dec.Decode(t.emit, len(words), lazy)
}

// keepWords is the longest sentence after which a Tagger drops buffers
// grown past twice its length (they grow to 1.5 times the longest
// sentence).
const keepWords = 1024

// drop lets go of the buffers that grow with the sentence length.
func (t *Tagger) drop() {
	t.dec.drop()
	t.emit, t.feats, t.rows, t.isum = nil, nil, nil, nil
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
		m.addRows(acc, t.rows[x.offs[i]:x.offs[i+1]])
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
	m.addRows(acc, t.rows)
	copy(dst, acc[:len(dst)])
}
