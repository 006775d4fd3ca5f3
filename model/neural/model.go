package neural

import "github.com/namen-nlp/namen/model"

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

// Tagger tags sentences with a Model, reusing its buffers. It is not safe
// for concurrent use.
type Tagger struct {
	m   *Model
	s   sentence
	p   pass
	dec *model.Decoder
}

// NewTagger returns a Tagger for m.
func (m *Model) NewTagger() *Tagger {
	return &Tagger{m: m, dec: m.chain.NewDecoder()}
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
	t.m.rd.read(&t.s, words, nil)
	t.m.net.forward(&t.p, &t.s, 0, nil)
	return t.p.emit[:len(words)*t.m.cfg.Labels]
}
