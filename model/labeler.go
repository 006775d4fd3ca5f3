package model

// Labeler is a trained model of any kind: *Model (the feature CRF) and
// the models of package neural. It is what package extract and the
// command-line tools need of a model. Implementations are immutable and
// safe for concurrent use.
type Labeler interface {
	// NewSentenceTagger returns a tagger for one goroutine at a time.
	NewSentenceTagger() SentenceTagger
	// Info returns the description stored with the model.
	Info() string
}

// SentenceTagger tags sentences with one model, reusing its buffers; it
// is not safe for concurrent use. *Tagger implements it.
type SentenceTagger interface {
	// Tag tags one sentence of words (token texts after lang.Normalize):
	// a BIO tag per word, always a valid sequence, and the confidence of
	// each tag in [0,1]. The results are valid until the next call.
	Tag(words []string) ([]Tag, []float32)
	// TagEntities is Tag for callers that read the confidences of entity
	// tags only: a sentence without entities may get confidences of 1
	// without the forward-backward pass.
	TagEntities(words []string) ([]Tag, []float32)
}

// NewSentenceTagger implements Labeler; it returns m.NewTagger().
func (m *Model) NewSentenceTagger() SentenceTagger { return m.NewTagger() }

// Encoding returns the label encoding of the model.
func (m *Model) Encoding() Encoding { return m.enc }

// Transitions returns copies of the model's transition scores
// ((k+1)×k, row k for the sentence start, -Inf where disallowed) and
// final scores (k), k = m.Encoding().NumLabels(), in the units of Scores.
func (m *Model) Transitions() (trans, final []float32) {
	return append([]float32(nil), m.trans...), append([]float32(nil), m.final...)
}

// Scores returns the emission scores of words (token texts after
// lang.Normalize): n×k values, row i for word i, k =
// m.Encoding().NumLabels(). With Transitions they make the score of a
// label sequence that Tag maximises. The slice is valid until the next
// call of any of t's methods.
func (t *Tagger) Scores(words []string) []float32 {
	if len(words) == 0 {
		return nil
	}
	t.emitWords(words)
	return t.emit[:len(words)*t.m.k]
}
