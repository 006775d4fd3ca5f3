package wordstats

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/namen-nlp/namen/lang"
)

// Options configures a Builder. Zero fields take the defaults given.
type Options struct {
	Vocab          int    // number of most frequent forms kept (400000); gazetteer forms are kept in addition
	Classes        [3]int // number of word classes, coarse to fine (64, 256, 1024); each at most 65535
	MinClusterFreq int    // minimum corpus frequency of a form to get a class (3)
	Contexts       int    // number of most frequent forms used as neighbour features (1000)
	Dims           int    // dimensions of the reduced context vectors (128)
	Fit            int    // number of most frequent forms the classes are fitted on; the rest are assigned to the nearest class (100000)
	PowerIters     int    // subspace (power) iterations of the dimensionality reduction (4)
	KMeansIters    int    // k-means iterations (10)
	Seed           int64  // seed of the random initialisations; same input and seed give the same table
	// Progress, when not nil, receives one line of progress per stage.
	Progress func(msg string)
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Vocab, 400000)
	for l, d := range [3]int{64, 256, 1024} {
		def(&o.Classes[l], d)
	}
	def(&o.MinClusterFreq, 3)
	def(&o.Contexts, 1000)
	def(&o.Dims, 128)
	def(&o.Fit, 100000)
	def(&o.PowerIters, 4)
	def(&o.KMeansIters, 10)
	return o
}

func (o Options) check() error {
	for l := 0; l < 3; l++ {
		if o.Classes[l] > math.MaxUint16 {
			return fmt.Errorf("wordstats: %d classes exceeds %d", o.Classes[l], math.MaxUint16)
		}
		if l > 0 && o.Classes[l] < o.Classes[l-1] {
			return fmt.Errorf("wordstats: classes %v must not decrease from coarse to fine", o.Classes)
		}
	}
	return nil
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

// A Builder collects corpus text and gazetteer entries and builds a Table.
// Feed it with Add and AddGazetteer, then call Finish once. It keeps the
// whole corpus in memory as 4 bytes per token plus one copy of every
// distinct form (about 1.7 GB at peak for 91M tokens). A Builder is not
// safe for concurrent use.
type Builder struct {
	opts    Options
	ids     map[string]int32
	forms   []string // by id; id 0 is the line boundary
	freq    []uint32 // occurrences by id
	initial []uint32 // sentence-initial occurrences by id
	stream  []int32  // ids of all tokens, lines separated by id 0
	gaz     map[string]uint16
	toks    []lang.Token // scratch
	words   []string     // scratch
	tokens  int64
	// overflow is set when Add dropped text because the token stream
	// would exceed the int32 positions clustering uses.
	overflow bool
}

// NewBuilder returns an empty Builder.
func NewBuilder(opts Options) *Builder {
	return &Builder{
		opts:    opts.withDefaults(),
		ids:     map[string]int32{"": 0},
		forms:   []string{""},
		freq:    []uint32{0},
		initial: []uint32{0},
		stream:  []int32{0},
		gaz:     map[string]uint16{},
	}
}

// Add adds one line of corpus text: a paragraph or a sentence. The line is
// split into tokens by lang.Tokenize and each token is normalised with
// lang.Normalize, as the tagger's input is.
func (b *Builder) Add(line string) {
	if len(b.stream) >= math.MaxInt32-len(line)-1 {
		b.overflow = true
		return
	}
	b.split(line)
	start := true
	for _, w := range b.words {
		id, ok := b.ids[w]
		if !ok {
			id = int32(len(b.forms))
			w = string([]byte(w)) // do not retain the caller's line
			b.ids[w] = id
			b.forms = append(b.forms, w)
			b.freq = append(b.freq, 0)
			b.initial = append(b.initial, 0)
		}
		if b.freq[id] < math.MaxUint32 {
			b.freq[id]++
		}
		if start && b.initial[id] < math.MaxUint32 {
			b.initial[id]++
		}
		b.stream = append(b.stream, id)
		start = endsSentence(w) || (start && opensQuote(w))
	}
	b.stream = append(b.stream, 0)
	b.tokens += int64(len(b.words))
}

// Tokens returns the number of tokens added so far.
func (b *Builder) Tokens() int64 { return b.tokens }

// AddGazetteer records name as an entry of the gazetteer category bit (one
// of the Gaz... constants). A one-word name marks its form with bit; each
// word of a longer name gets bit<<PartShift.
func (b *Builder) AddGazetteer(bit uint16, name string) {
	b.split(name)
	if len(b.words) == 1 {
		b.gaz[b.words[0]] |= bit
		return
	}
	for i, w := range b.words {
		if b.toks[i].Kind == lang.Word {
			b.gaz[w] |= bit << PartShift
		}
	}
}

// split sets b.words to the tokens of text as the tagger sees them:
// lang.Tokenize, then lang.Normalize; b.toks keeps the tokens.
func (b *Builder) split(text string) {
	b.toks = lang.AppendTokens(b.toks[:0], text)
	b.words = b.words[:0]
	for _, tok := range b.toks {
		b.words = append(b.words, lang.Normalize(tok.Text))
	}
}

func endsSentence(w string) bool { return w == "." || w == "!" || w == "?" || w == ":" }

func opensQuote(w string) bool {
	switch w {
	case "\"", "„", "“", "»", "«", "‚", "'", "(", "-", "–":
		return true
	}
	return false
}

// record is a word form chosen for the table.
type record struct {
	id      int32 // form id, or -1 for a form seen only in gazetteers
	form    string
	freq    uint32
	lower   uint16
	cluster [3]uint16
	gaz     uint16
}

// Finish builds the table. It can take minutes on a large corpus; ctx
// cancels it. The Builder must not be used afterwards.
func (b *Builder) Finish(ctx context.Context) (*Table, error) {
	o := b.opts
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if b.overflow {
		return nil, fmt.Errorf("wordstats: corpus exceeds %d tokens", math.MaxInt32)
	}
	o.progress("%d tokens, %d distinct forms", b.tokens, len(b.forms)-1)

	lower := b.lowerRatios()

	// Vocabulary: the most frequent forms, then gazetteer forms.
	order := make([]int32, 0, len(b.forms)-1)
	for id := 1; id < len(b.forms); id++ {
		order = append(order, int32(id))
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(b.freq[y], b.freq[x]); c != 0 {
			return c
		}
		return cmp.Compare(b.forms[x], b.forms[y])
	})
	var recs []record
	chosen := map[string]bool{}
	add := func(id int32, form string) {
		r := record{id: id, form: form, lower: noLower}
		if id >= 0 {
			r.freq = b.freq[id]
			r.lower = lower[fold(form)]
		} else if q, ok := lower[fold(form)]; ok {
			r.lower = q
		}
		chosen[form] = true
		recs = append(recs, r)
	}
	for _, id := range order[:min(o.Vocab, len(order))] {
		add(id, b.forms[id])
	}
	names := make([]string, 0, len(b.gaz))
	for name := range b.gaz {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !chosen[name] {
			id, ok := b.ids[name]
			if !ok {
				id = -1
			}
			add(id, name)
		}
	}
	for i := range recs {
		recs[i].gaz = b.gaz[recs[i].form]
	}
	o.progress("vocabulary: %d forms (%d from gazetteers only)", len(recs), len(recs)-min(o.Vocab, len(order)))

	classes, err := b.cluster(ctx, o, recs)
	if err != nil {
		return nil, err
	}
	return newTable(recs, classes)
}

// lowerRatios returns the quantised LowerRatio of every folded form.
func (b *Builder) lowerRatios() map[string]uint16 {
	type counts struct{ all, low, allMid, lowMid uint64 }
	byFold := map[string]*counts{}
	for id := 1; id < len(b.forms); id++ {
		form := b.forms[id]
		f := fold(form)
		c := byFold[f]
		if c == nil {
			c = &counts{}
			byFold[f] = c
		}
		n, mid := uint64(b.freq[id]), uint64(b.freq[id]-b.initial[id])
		c.all += n
		c.allMid += mid
		if f == form {
			c.low += n
			c.lowMid += mid
		}
	}
	out := make(map[string]uint16, len(byFold))
	for f, c := range byFold {
		all, low := c.allMid, c.lowMid
		if all == 0 {
			all, low = c.all, c.low
		}
		out[f] = uint16(math.Round(float64(low) / float64(all) * lowerScale))
	}
	return out
}

// newTable sorts the records by form and indexes them.
func newTable(recs []record, classes [3]int) (*Table, error) {
	slices.SortFunc(recs, func(x, y record) int { return cmp.Compare(x.form, y.form) })
	n := len(recs)
	t := &Table{n: n, offs: make([]uint32, n+1), freq: make([]uint32, n), lower: make([]uint16, n), gaz: make([]uint16, n)}
	for l := range t.cluster {
		t.cluster[l] = make([]uint16, n)
		t.classes[l] = uint16(classes[l])
	}
	var blob []byte
	for i, r := range recs {
		blob = append(blob, r.form...)
		t.offs[i+1] = uint32(len(blob))
		t.freq[i], t.lower[i], t.gaz[i] = r.freq, r.lower, r.gaz
		for l := range t.cluster {
			t.cluster[l][i] = r.cluster[l]
		}
	}
	t.blob = string(blob)
	if n > maxWords || len(blob) > maxBlob {
		return nil, fmt.Errorf("wordstats: table of %d words, %d bytes exceeds the format's limits", n, len(blob))
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("wordstats: %w", err)
	}
	if err := t.index(); err != nil {
		return nil, fmt.Errorf("wordstats: %w", err)
	}
	return t, nil
}
