package neural

import (
	"hash/maphash"
	"strings"

	"github.com/namen-nlp/namen/model"
)

// Model is a trained neural tagger. It is immutable and safe for
// concurrent use; each goroutine tagging many sentences should use its
// own Tagger.
type Model struct {
	cfg    config
	params []float32
	net    *net
	rd     reader
	chain  *model.Chain
	info   string // how the model was trained
}

// Info returns the description stored with the model.
func (m *Model) Info() string { return m.info }

// encoding is the label encoding of the neural tagger.
const encoding = model.BILOU

// newModel wraps trained parameters; it builds the chain from the
// transitions with the encoding's constraints.
func newModel(cfg config, params []float32, rd reader, temperature float32) (*Model, error) {
	m := &Model{cfg: cfg, params: params, rd: rd}
	m.net = newNet(&arena{all: params}, cfg)
	constraint, final := encoding.Constraints()
	trans := make([]float32, len(constraint))
	for i, v := range m.net.trans {
		trans[i] = v + constraint[i]
	}
	var err error
	if m.chain, err = model.NewChain(encoding, trans, final, temperature); err != nil {
		return nil, err
	}
	return m, nil
}

// NewSentenceTagger implements model.Labeler.
func (m *Model) NewSentenceTagger() model.SentenceTagger { return m.NewTagger() }

// Tagger tags sentences with a Model, reusing its buffers. It remembers
// the input rows of the last words it saw (about 1.8 MB). It is not safe
// for concurrent use.
type Tagger struct {
	m     *Model
	p     pass
	dec   *model.Decoder
	cache []cachedInput // direct-mapped by a hash of the word
	seed  maphash.Seed
	one   sentence  // the inputs of one word, on a cache miss
	cs    charState // its character CNN activations
}

// cachedInput is a word's input row: it depends on the word alone.
type cachedInput struct {
	word string
	x    []float32
	ok   bool
}

// inputCacheSize is the number of words (a power of 2) whose input rows a
// Tagger remembers.
const inputCacheSize = 2048

// NewTagger returns a Tagger for m.
func (m *Model) NewTagger() *Tagger {
	return &Tagger{m: m, dec: m.chain.NewDecoder(), seed: maphash.MakeSeed()}
}

// Tag tags one sentence of words (token texts after lang.Normalize). It
// returns a BIO tag per word, always a valid sequence, and the confidence
// of each tag, its marginal probability under the model. The results are
// valid until the next call.
func (t *Tagger) Tag(words []string) ([]model.Tag, []float32) {
	return t.tag(words, false)
}

// TagEntities is Tag for callers that read the confidences of entity tags
// only: a sentence without entities gets confidences of 1 without the
// forward-backward pass.
func (t *Tagger) TagEntities(words []string) ([]model.Tag, []float32) {
	return t.tag(words, true)
}

func (t *Tagger) tag(words []string, entitiesOnly bool) ([]model.Tag, []float32) {
	return t.dec.Decode(t.scores(words), len(words), entitiesOnly)
}

// scores returns the network's emission scores of words (n×Labels), valid
// until the next call.
func (t *Tagger) scores(words []string) []float32 {
	if len(words) == 0 {
		return nil
	}
	n, in := t.m.net, t.m.cfg.inputDim()
	if t.cache == nil {
		t.cache = make([]cachedInput, inputCacheSize)
		rows := make([]float32, inputCacheSize*in)
		for i := range t.cache {
			t.cache[i].x = rows[i*in : (i+1)*in : (i+1)*in]
		}
	}
	t.p.x = grow(t.p.x, len(words)*in)
	for i, w := range words {
		e := &t.cache[maphash.String(t.seed, w)&(inputCacheSize-1)]
		if !e.ok || e.word != w {
			t.m.rd.read(&t.one, words[i:i+1], nil)
			n.input(e.x, &t.one, 0, &t.cs)
			e.word, e.ok = strings.Clone(w), true // not a view of the caller's text
		}
		copy(t.p.x[i*in:(i+1)*in], e.x)
	}
	n.context(&t.p, len(words), 0, nil)
	return t.p.emit[:len(words)*t.m.cfg.Labels]
}
