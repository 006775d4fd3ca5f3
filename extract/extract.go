package extract

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
)

// tagger tags one sentence. Results are valid until the next call. Only
// the confidences of entity tags are read.
type tagger interface {
	Tag(words []string) ([]model.Tag, []float32)
}

// entityTagger adapts a model.SentenceTagger to tagger with TagEntities,
// which skips the confidences of sentences without an entity.
type entityTagger struct{ model.SentenceTagger }

func (t entityTagger) Tag(words []string) ([]model.Tag, []float32) { return t.TagEntities(words) }

// Option configures an Extractor.
type Option func(*config) error

type config struct {
	model     model.Labeler
	newTagger func() tagger // set by WithoutModel and by tests to bypass the model
	noModel   bool          // WithoutModel
	sentences bool          // set by tests: skip the document-level steps (propagation, label consistency)
	names     []NameEntry
	minScore  float64
	labels    []Label
	workers   int
	lean      bool
}

// WithModel makes the Extractor use m instead of the embedded default
// model: a *model.Model (a feature CRF) or a model of package neural
// (model.Labeler). The Extractor shares m (models are immutable).
func WithModel(m model.Labeler) Option {
	return func(c *config) error {
		if m == nil || reflect.ValueOf(m).Kind() == reflect.Pointer && reflect.ValueOf(m).IsNil() {
			return fmt.Errorf("extract: WithModel: nil model")
		}
		c.model = m
		return nil
	}
}

// WithoutModel makes an Extractor that loads and runs no model: it finds
// exactly the names given with WithNames (score 1), with the same tokens,
// sentences, base names and groups as with a model. It is for tests of
// code that uses an Extractor (see package extracttest) and for plain
// gazetteer matching. WithModel and WithoutModel exclude each other.
func WithoutModel() Option {
	return func(c *config) error {
		c.noModel = true
		c.newTagger = func() tagger { return &noTagger{} }
		return nil
	}
}

// noTagger tags every word O, sure of it.
type noTagger struct {
	tags []model.Tag
	conf []float32
}

func (n *noTagger) Tag(words []string) ([]model.Tag, []float32) {
	n.tags, n.conf = slices.Grow(n.tags[:0], len(words))[:len(words)], slices.Grow(n.conf[:0], len(words))[:len(words)]
	clear(n.tags)
	for i := range n.conf {
		n.conf[i] = 1
	}
	return n.tags, n.conf
}

// NameEntry is an entry of a user gazetteer: an exact name and what it is.
type NameEntry struct {
	Text  string // the name as it appears in text, e.g. "Deutsche Bank"; matched token by token, exactly (case included)
	Label Label
	Kind  Kind   // usually Name
	Base  string // the base name to report; empty means computed as for model spans
}

// WithNames adds a user gazetteer applied on top of the model, like
// spaCy's EntityRuler. Every occurrence of an entry's tokens inside one
// sentence is a match (the longest entry wins where several start at the
// same token; matches do not overlap). A match scores 1 and takes
// precedence over the model:
//
//   - a model span that contains the match and is longer keeps its extent
//     and kind but takes the match's label;
//   - every other model span overlapping the match is dropped, and the
//     match becomes an entity of its own.
//
// Entries also count as known names when base names are computed.
// Entries with an empty text or an invalid label or kind are an error.
func WithNames(names ...NameEntry) Option {
	return func(c *config) error {
		for _, n := range names {
			if strings.TrimSpace(n.Text) == "" {
				return fmt.Errorf("extract: WithNames: empty name")
			}
			if !n.Label.valid() || !n.Kind.valid() {
				return fmt.Errorf("extract: WithNames: %q: invalid label %d or kind %d", n.Text, n.Label, n.Kind)
			}
		}
		c.names = append(c.names, names...)
		return nil
	}
}

// WithMinScore drops entities whose Score is below min (in [0,1]).
func WithMinScore(min float64) Option {
	return func(c *config) error {
		if math.IsNaN(min) || min < 0 || min > 1 {
			return fmt.Errorf("extract: WithMinScore(%v): want a value in [0,1]", min)
		}
		c.minScore = min
		return nil
	}
}

// WithWorkers lets one call of Extract tag its sentences with up to n
// taggers at once, on as many cores, and Stream and Paragraphs analyse up
// to n pieces of their input at once; n = 0 means GOMAXPROCS. The result
// is the same as with one. The default is 1: a service that extracts many
// documents at once already keeps its cores busy.
func WithWorkers(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("extract: WithWorkers(%d): want n ≥ 0", n)
		}
		if n == 0 {
			n = runtime.GOMAXPROCS(0)
		}
		c.workers = n
		return nil
	}
}

// WithoutTokens makes lean Documents for callers that want the entities
// only: a Document's Tokens list is empty (Entity.From and To still count
// the text's tokens), and only the tokens of entities are stemmed. Memory
// per document then grows with its entities rather than with its tokens.
func WithoutTokens() Option {
	return func(c *config) error {
		c.lean = true
		return nil
	}
}

// WithLabels keeps only entities with one of the given labels. Without it
// (or with no labels) all labels are kept.
func WithLabels(labels ...Label) Option {
	return func(c *config) error {
		for _, l := range labels {
			if !l.valid() {
				return fmt.Errorf("extract: WithLabels: invalid label %d", l)
			}
		}
		c.labels = append(c.labels, labels...)
		return nil
	}
}

// Extractor finds the entities in German text. Make one with New; a nil or
// zero Extractor returns an error from every method. It is safe for
// concurrent use by multiple goroutines: the model is shared, and each call
// borrows a tagger from a small internal free list (at most 2 × GOMAXPROCS
// idle ones are kept).
type Extractor struct {
	free      chan *worker // idle workers, at most cap(free) kept
	newWorker func() *worker
	names     *gazetteer
	minScore  float64
	sentences bool // no document-level steps (tests only)
	keep      [len(labelNames)]bool
	workers   int  // taggers one document may use at once (WithWorkers)
	lean      bool // no tokens in Documents, stems for entities only (WithoutTokens)
}

// getWorker returns an idle worker, or a new one when none is idle.
func (x *Extractor) getWorker() *worker {
	select {
	case w := <-x.free:
		return w
	default:
		return x.newWorker()
	}
}

// putWorker keeps w for the next call unless enough workers are idle; it
// does not keep a huge text's token buffer.
func (x *Extractor) putWorker(w *worker) {
	if cap(w.toks) > maxKeptTokens {
		w.toks = nil
	}
	select {
	case x.free <- w:
	default:
	}
}

// worker holds the per-call state borrowed from the free list.
type worker struct {
	tagger tagger
	toks   []lang.Token // the tokens of the text being extracted
	words  []string     // the words of a sentence fed to the tagger
	index  []int        // token index (from the sentence start) of each word
	tags   []model.Tag  // per token of the sentence
	conf   []float32
}

// New returns an Extractor. Without WithModel it uses the embedded default
// model (model.Default), decoded on first use.
func New(opts ...Option) (*Extractor, error) {
	var c config
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	if c.noModel && c.model != nil {
		return nil, errors.New("extract: WithModel and WithoutModel together")
	}
	if c.newTagger == nil {
		if c.model == nil {
			m, err := model.Default()
			if err != nil {
				return nil, fmt.Errorf("extract: loading the default model: %w", err)
			}
			c.model = m
		}
		m := c.model
		c.newTagger = func() tagger { return entityTagger{m.NewSentenceTagger()} }
	}
	x := &Extractor{names: newGazetteer(c.names), minScore: c.minScore, sentences: c.sentences, workers: max(c.workers, 1), lean: c.lean}
	// A bounded free list rather than a sync.Pool: a garbage collection
	// would empty the pool and throw away warm taggers (3.5 MB each, with
	// their word caches), so busy services would rebuild them all the time.
	x.free = make(chan *worker, 2*runtime.GOMAXPROCS(0))
	x.newWorker = func() *worker { return &worker{tagger: c.newTagger()} }
	for i := range x.keep {
		x.keep[i] = len(c.labels) == 0
	}
	for _, l := range c.labels {
		x.keep[l] = true
	}
	return x, nil
}

// Entities returns the entities of text; see Extract.
func (x *Extractor) Entities(ctx context.Context, text string) ([]Entity, error) {
	doc, err := x.Extract(ctx, text)
	if err != nil {
		return nil, err
	}
	return doc.Entities, nil
}

// Extract tokenizes text, splits it into sentences, tags every sentence
// and returns the document with its entities and their groups. Any string
// is valid input (invalid UTF-8 included); time and memory are linear in
// its length. Extract checks ctx between steps of bounded work (at most
// 16,384 tokens or entities or 256 KiB of text, or one tagging block of
// 1,000 tokens) in every stage and returns ctx.Err() (wrapped) when it is
// done; a nil ctx is an error.
func (x *Extractor) Extract(ctx context.Context, text string) (*Document, error) {
	return x.extract(ctx, text, nil)
}

// memory is what Stream carries from paragraph to paragraph: the names
// that support base names and the forms propagated over the text.
type memory struct {
	names map[string]bool
	forms *sources
}

// Limits on what an Extractor keeps: the token buffer an idle worker keeps
// between calls, and the names and forms a memory holds (each name at
// most maxFormBytes long).
const (
	maxKeptTokens = 1 << 16
	maxMemory     = 10_000
)

// Steps of bounded work between two checks of the context: at most step
// tokens or entities, or stepBytes bytes of text.
const (
	step      = 1 << 14
	stepBytes = 256 << 10
)

// pacer checks the context after every step units or stepBytes bytes of
// work.
type pacer struct {
	check        func() error
	units, bytes int
}

// tick counts one unit of work over size bytes.
func (p *pacer) tick(size int) error {
	p.units++
	p.bytes += size
	if p.units < step && p.bytes < stepBytes {
		return nil
	}
	p.units, p.bytes = 0, 0
	return p.check()
}

// maxWordBytes is the longest token the tagger sees: a longer one (no
// word is; GermEval 2014's longest token has 41 bytes) is outside every
// entity, as a token that is not valid UTF-8 is.
const maxWordBytes = 256

// maxTagWords is the most tokens the tagger sees at once: a longer
// sentence (no real one is) is tagged in consecutive blocks of this many
// tokens, and no entity spans two blocks. It bounds a tagger's buffers
// (about 2 KB per word with the default model) whatever the input.
const maxTagWords = 1000

// extract is Extract that, given a memory, also uses and extends it.
func (x *Extractor) extract(ctx context.Context, text string, mem *memory) (*Document, error) {
	if err := x.usable(ctx); err != nil {
		return nil, err
	}
	a, err := x.analyse(ctx, text)
	if err != nil {
		return nil, err
	}
	return x.finish(ctx, a, mem)
}

// usable reports why x and ctx cannot be used, or nil.
func (x *Extractor) usable(ctx context.Context) error {
	if x == nil || x.newWorker == nil {
		return errors.New("extract: nil or zero Extractor (make one with New)")
	}
	if ctx == nil {
		return errors.New("extract: nil context")
	}
	return nil
}

// checker returns a function that returns ctx's error, wrapped, or nil.
func checker(ctx context.Context) func() error {
	return func() error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("extract: %w", err)
		}
		return nil
	}
}

// analysis is a text analysed sentence by sentence: its Document without
// entities and groups, the normalised token texts and the spans the
// tagger and the sentence-level rules found.
type analysis struct {
	doc   *Document
	words []string
	spans []span
}

// analyse does the steps of extract that need nothing but the text:
// tokens, sentences, stems, tagging and the sentence-level rules. Stream
// runs it for several paragraphs at once.
func (x *Extractor) analyse(ctx context.Context, text string) (analysis, error) {
	check := checker(ctx)
	if err := check(); err != nil {
		return analysis{}, err
	}
	w := x.getWorker()
	defer x.putWorker(w)
	// The token buffer is sized from the first 64 KiB: German prose has
	// about one token per 6 bytes, hostile text up to one per byte.
	const sample = 64 << 10
	if need := min(len(text), sample)/6 + 1; cap(w.toks) < need {
		w.toks = make([]lang.Token, 0, need)
	}
	w.toks = w.toks[:0]
	for from := 0; from < len(text); {
		window := stepBytes
		if from == 0 {
			window = sample
		}
		w.toks, from = lang.AppendTokensFrom(w.toks, text, from, min(from+window, len(text)))
		if err := check(); err != nil {
			return analysis{}, err
		}
		// Room for the rest at the density so far plus 10%: one copy of
		// the tokens so far, rather than repeated growth.
		if need := len(w.toks) + int(float64(len(w.toks))/float64(max(from, 1))*float64(len(text)-from)*1.1); cap(w.toks) < need {
			w.toks = slices.Grow(w.toks, need-len(w.toks))
		}
	}
	split := lang.NewSentenceSplitter(text, w.toks)
	for !split.Split(step) {
		if err := check(); err != nil {
			return analysis{}, err
		}
	}
	doc := &Document{
		Text:      text,
		Sentences: split.Sentences(),
		Tokens:    make([]Token, len(w.toks)),
	}
	if doc.Sentences == nil {
		doc.Sentences = []lang.Sentence{}
	}
	words := make([]string, len(w.toks)) // normalised token texts
	err := x.parallel(len(w.toks), func(from, to int) error {
		pace := pacer{check: check}
		for i, t := range w.toks[from:to] {
			if err := pace.tick(len(t.Text)); err != nil {
				return err
			}
			doc.Tokens[from+i] = Token{Token: t}
			if !x.lean {
				doc.Tokens[from+i].Stem = lang.Stem(t.Text)
			}
			words[from+i] = lang.Normalize(t.Text)
		}
		return nil
	})
	if err != nil {
		return analysis{}, err
	}
	if cap(w.toks) > maxKeptTokens {
		w.toks = nil // not kept; the Document has its tokens
	}
	spans, err := x.tag(check, w, doc, words)
	if err != nil {
		return analysis{}, err
	}
	spans = markBrands(doc, spans)
	spans = x.dropCommonNouns(doc, spans)
	return analysis{doc, words, spans}, nil
}

// finish does the document-level steps of extract on an analysis: name
// propagation, the user's names, base names, label consistency, the
// filters and the groups. Given a memory, it uses and extends it.
func (x *Extractor) finish(ctx context.Context, a analysis, mem *memory) (*Document, error) {
	check := checker(ctx)
	doc, spans := a.doc, a.spans
	prior := memory{forms: newSources(0)}
	if mem != nil {
		prior = *mem
	}
	if !x.sentences {
		spans = propagate(doc, a.words, spans, prior.forms)
	}
	spans = x.names.apply(doc, a.words, spans)
	if err := check(); err != nil {
		return nil, err
	}
	// Base names are supported by every span found, filtered out or not.
	b := newBaser(doc, spans, x.names, prior.names)
	pace := pacer{check: check}
	ents := make([]Entity, len(spans))
	for i, s := range spans {
		if err := pace.tick(doc.Tokens[s.to-1].End - doc.Tokens[s.from].Start); err != nil {
			return nil, err
		}
		ents[i] = x.entity(doc, s, b)
	}
	if !x.sentences {
		relabel(ents, spans)
	}
	doc.Entities = ents[:0]
	for _, e := range ents {
		if x.keep[e.Label] && e.Score >= x.minScore {
			doc.Entities = append(doc.Entities, e)
		}
	}
	if err := check(); err != nil {
		return nil, err
	}
	doc.Groups = group(doc)
	if x.lean {
		doc.Tokens = []Token{}
	}
	if mem != nil {
		for name := range b.support {
			if len(mem.names) >= maxMemory {
				break
			}
			if len(name) <= maxFormBytes {
				mem.names[strings.Clone(name)] = true
			}
		}
	}
	return doc, nil
}

// relabel makes the labels of a document consistent, one sense per
// discourse: every mention takes the label of the best name mention with
// the same base (ignoring case) — a name mention only when that one is
// better than itself. A mention is better when it scores higher, except
// that a mention written in capitals of a name that is not (BELEK for
// Belek, in a dateline or headline) is always worse than one in running
// text: the tagger reads it without the evidence of its case and often
// without a sentence around it. Derived and part mentions so take
// the class of the name they contain, as GermEval 2014 defines these types
// (NATO-Generalsekretär is ORGpart because the NATO is an organisation);
// without a name mention, one whose base is a place of the lexicon
// becomes LOC. Labels set by the user's names keep their label and do
// not count.
func relabel(ents []Entity, spans []span) {
	type best struct {
		label Label
		plain bool // not a name in capitals
		score float64
	}
	better := func(a, b best) bool { return a.plain && !b.plain || a.plain == b.plain && a.score > b.score }
	evidence := func(e *Entity) best {
		return best{e.Label, !isAcronym(e.Text) || isAcronym(e.Base), e.Score}
	}
	byBase := map[string]best{}
	for i := range ents {
		e := &ents[i]
		if e.Kind != Name || spans[i].user {
			continue
		}
		k, ev := strings.ToLower(e.Base), evidence(e)
		if b, ok := byBase[k]; !ok || better(ev, b) {
			byBase[k] = ev
		}
	}
	for i := range ents {
		e := &ents[i]
		if spans[i].user {
			continue
		}
		b, ok := byBase[strings.ToLower(e.Base)]
		switch {
		case ok && (e.Kind != Name || better(b, evidence(e))):
			e.Label = b.label
		case !ok && e.Kind != Name && lang.IsPlace(e.Base):
			e.Label = LOC
		}
	}
}

// span is an entity candidate over tokens [from, to).
type span struct {
	from, to int
	sent     int
	label    Label
	kind     Kind
	score    float64
	base     string // fixed base from the user's names, or ""
	user     bool   // label set by the user's names (WithNames)
	brand    bool   // a name marked by a trademark sign (markBrands)
}

// parallel runs f over [0, n) in x.workers contiguous ranges at once when
// n is at least minParallelTokens, else in one, and returns the first
// error of a range.
func (x *Extractor) parallel(n int, f func(from, to int) error) error {
	k := x.workers
	if k <= 1 || n < minParallelTokens {
		return f(0, n)
	}
	return fanOut(k, func(i int) error { return f(i*n/k, (i+1)*n/k) })
}

// fanOut runs f(0) … f(k-1) at once, f(0) on the calling goroutine, and
// returns the first error by index.
func fanOut(k int, f func(i int) error) error {
	errs := make([]error, k)
	var wg sync.WaitGroup
	for i := 1; i < k; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f(i)
		}()
	}
	errs[0] = f(0)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// block is a run of tokens [from, to) of sentence sent that the tagger
// sees at once.
type block struct{ from, to, sent int }

// blocks cuts the sentences into tagging blocks of at most maxTagWords
// tokens.
func blocks(doc *Document) []block {
	var out []block
	for si, s := range doc.Sentences {
		if s.From < 0 || s.To > len(doc.Tokens) || s.From >= s.To {
			continue
		}
		for from := s.From; from < s.To; from += maxTagWords {
			out = append(out, block{from, min(from+maxTagWords, s.To), si})
		}
	}
	return out
}

// minParallelTokens is the fewest tokens a document needs for its tagging
// to be shared among workers (WithWorkers): below it the set-up costs
// more than it saves.
const minParallelTokens = 2048

// tag runs the tagger over every sentence, in blocks of at most
// maxTagWords tokens, and decodes the BIO tags. words are the normalised
// token texts. With x.workers > 1 and a long enough document, contiguous
// runs of blocks are tagged by that many workers at once (w and more from
// the free list); the spans are the same as one worker's. The context is
// checked before each block.
func (x *Extractor) tag(check func() error, w *worker, doc *Document, words []string) ([]span, error) {
	bs := blocks(doc)
	n := min(x.workers, len(bs))
	if n <= 1 || len(doc.Tokens) < minParallelTokens {
		return x.tagBlocks(check, w, doc, words, bs)
	}
	// Cut the blocks into chunks of about chunkTokens tokens that the
	// workers take in turn, so that a worker that meets easier sentences
	// takes more of them.
	var chunks [][]block
	start, count := 0, 0
	for i, b := range bs {
		if count += b.to - b.from; count >= chunkTokens {
			chunks = append(chunks, bs[start:i+1])
			start, count = i+1, 0
		}
	}
	if start < len(bs) {
		chunks = append(chunks, bs[start:])
	}
	spans := make([][]span, len(chunks))
	var next atomic.Int64
	err := fanOut(min(n, len(chunks)), func(i int) error {
		wi := w
		if i > 0 {
			wi = x.getWorker()
			defer x.putWorker(wi)
		}
		for {
			c := int(next.Add(1) - 1)
			if c >= len(chunks) {
				return nil
			}
			var err error
			if spans[c], err = x.tagBlocks(check, wi, doc, words, chunks[c]); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(spans...), nil
}

// chunkTokens is about the number of tokens a worker tags at a time when
// several share a document.
const chunkTokens = 1024

// tagBlocks tags the blocks with w's tagger and returns their spans.
func (x *Extractor) tagBlocks(check func() error, w *worker, doc *Document, words []string, bs []block) ([]span, error) {
	var dst []span
	for _, b := range bs {
		if err := check(); err != nil {
			return nil, err
		}
		// Tokens that are not valid UTF-8 or too long are no words: the
		// tagger does not see them and they are outside every entity.
		w.words, w.index = w.words[:0], w.index[:0]
		for i, t := range doc.Tokens[b.from:b.to] {
			if len(t.Text) <= maxWordBytes && utf8.ValidString(t.Text) {
				w.words = append(w.words, words[b.from+i])
				w.index = append(w.index, i)
			}
		}
		tags, conf := w.tagger.Tag(w.words)
		if len(tags) != len(w.words) || len(conf) != len(w.words) {
			return nil, fmt.Errorf("extract: tagger returned %d tags and %d confidences for %d words", len(tags), len(conf), len(w.words))
		}
		if n := b.to - b.from; len(w.words) < n {
			w.tags, w.conf = slices.Grow(w.tags[:0], n)[:n], slices.Grow(w.conf[:0], n)[:n]
			clear(w.tags)
			for i := range w.conf {
				w.conf[i] = 1
			}
			for k, i := range w.index {
				w.tags[i], w.conf[i] = tags[k], conf[k]
			}
			tags, conf = w.tags, w.conf
		}
		dst = appendSpans(dst, tags, conf, b.from, b.sent)
	}
	return dst, nil
}

// appendSpans decodes BIO tags of the sentence starting at token off. An
// I- tag that does not continue a span of its type starts a new one.
func appendSpans(dst []span, tags []model.Tag, conf []float32, off, sent int) []span {
	open := false
	var cur model.Type
	for i, g := range tags {
		c := clamp01(float64(conf[i]))
		if g.IsInside() && open && g.Type() == cur {
			last := &dst[len(dst)-1]
			last.to = off + i + 1
			last.score = min(last.score, c)
			continue
		}
		open = g.IsBegin() || g.IsInside()
		if !open {
			continue
		}
		cur = g.Type()
		dst = append(dst, span{
			from: off + i, to: off + i + 1, sent: sent,
			label: labelOf(cur.Class()), kind: Kind(cur.Kind()), score: c,
		})
	}
	return dst
}

func clamp01(v float64) float64 {
	switch {
	case v >= 0 && v <= 1:
		return v
	case v > 1:
		return 1
	default: // negative or NaN
		return 0
	}
}

// entity builds the record of span s.
func (x *Extractor) entity(doc *Document, s span, b *baser) Entity {
	start, end := doc.Tokens[s.from].Start, doc.Tokens[s.to-1].End
	stems := make([]string, 0, s.to-s.from)
	for _, t := range doc.Tokens[s.from:s.to] {
		if x.lean {
			t.Stem = lang.Stem(t.Text)
		}
		stems = append(stems, t.Stem)
	}
	base := s.base
	if base == "" {
		base = b.base(s)
	}
	return Entity{
		Text: doc.Text[start:end], Start: start, End: end, From: s.from, To: s.to, Sentence: s.sent,
		Label: s.label, Kind: s.kind, Base: base,
		Stem: strings.Join(stems, " "), Score: s.score,
	}
}
