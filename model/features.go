package model

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model/wordstats"
)

// Features are 64-bit hashes: a template id mixed with hashes of the
// strings the template looks at. Hashes of the strings are computed once
// per token (tokInfo) with FNV-1a over bytes, lowercasing rune by rune
// where needed, so extracting features builds no strings and allocates
// nothing once the caller's buffers have grown.

// template identifies one feature template. The set of templates a model
// uses is stored in the model file as a bit mask.
type template uint8

const (
	tBias template = iota
	tWord
	tLower
	tPrefix // by rune, lowercased: 4 templates tPrefix..tPrefix+3
	_
	_
	_
	tSuffix // 4 templates
	_
	_
	_
	tShape
	tShapeFirst // shape × sentence-initial
	tLowerM1
	tLowerP1
	tLowerM2
	tLowerP2
	tShapeM1
	tShapeP1
	tShape3 // shapes of i-1, i, i+1
	tBigramM1
	tBigramP1
	tHyphen // first and last part of a hyphen compound, shape of the first
	tSuffixM1
	tSuffixP1
	// Templates over the word statistics table (used only when the model
	// has one).
	tRatio      // lower-case ratio bucket × capitalisation × sentence-initial
	tFreq       // log2 frequency bucket × capitalisation
	tCluster    // the word's classes, coarse to fine
	tClusterCtx // classes of the neighbours
	tGaz        // gazetteer bits of the word
	tGazCtx     // gazetteer bits of the neighbours
	tHyphenWS   // statistics of the first part of a hyphen compound
	tQuote      // inside quotation marks × shape
	tAffix5     // 5-rune prefix and suffix
	tClusterCap // fine class × capitalisation × sentence-initial
	tHyphenLast // statistics of the last part of a hyphen compound
	tClusterBi  // middle classes of i-1,i and i,i+1
	tRatioCtx   // lower-case ratio and capitalisation of the neighbours
	tCaps       // all-capital words read as their title-case form
	tInfl       // statistics of an unknown form without a final -s/-es
	tStem       // Snowball stem of the word
	tLex        // classes of a hyphen compound's parts as names in training (Opel-Chef)
	tDeriv      // the word looks derived from a known place name (Pulheimer ← Pulheim)
	numTemplates
)

// templateGroups names groups of templates that can be switched off
// together (for ablation, see TrainOptions.Disable).
var templateGroups = map[string][]template{
	"word":       {tWord},
	"lower":      {tLower},
	"prefix":     {tPrefix, tPrefix + 1, tPrefix + 2, tPrefix + 3},
	"suffix":     {tSuffix, tSuffix + 1, tSuffix + 2, tSuffix + 3},
	"shape":      {tShape, tShapeM1, tShapeP1, tShape3},
	"first":      {tShapeFirst},
	"window1":    {tLowerM1, tLowerP1},
	"window2":    {tLowerM2, tLowerP2},
	"bigram":     {tBigramM1, tBigramP1},
	"hyphen":     {tHyphen},
	"nsuffix":    {tSuffixM1, tSuffixP1},
	"ratio":      {tRatio},
	"freq":       {tFreq},
	"cluster":    {tCluster, tClusterCtx},
	"gaz":        {tGaz, tGazCtx},
	"hyphenws":   {tHyphenWS},
	"quote":      {tQuote},
	"affix5":     {tAffix5},
	"clustercap": {tClusterCap},
	"hyphenlast": {tHyphenLast},
	"clusterbi":  {tClusterBi},
	"ratioctx":   {tRatioCtx},
	"caps":       {tCaps},
	"infl":       {tInfl},
	"stem":       {tStem},
	"lex":        {tLex},
	"deriv":      {tDeriv},
}

// statsTemplates are the templates that need a word statistics table.
const statsTemplates = uint64(1)<<tRatio | 1<<tFreq | 1<<tCluster | 1<<tClusterCtx | 1<<tGaz | 1<<tGazCtx | 1<<tHyphenWS | 1<<tClusterCap | 1<<tHyphenLast | 1<<tClusterBi | 1<<tRatioCtx | 1<<tInfl

// allTemplates is the mask with every template switched on.
const allTemplates = uint64(1)<<numTemplates - 1

// optionalTemplates are switched on only on request (TrainOptions.Enable):
// they did not measurably help on GermEval dev.
const optionalTemplates = uint64(1) << tCaps

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Pseudo-token hashes for positions before the start and after the end of
// a sentence.
const (
	hashBOS = 0x5b0f5b0f5b0f5b0f
	hashEOS = 0xe05e05e05e05e05e
)

func fnvString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func fnvRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		return (h ^ uint64(r)) * fnvPrime
	}
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	for _, c := range b[:n] {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// mix is a 64-bit finaliser (splitmix64) used to combine hashes.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func feat1(t template, a uint64) uint64 {
	h := mix(a ^ (uint64(t)+1)*0x9e3779b97f4a7c15)
	if h == 0 {
		h = 1 // 0 marks an empty slot in the weight table
	}
	return h
}

func feat2(t template, a, b uint64) uint64 { return feat1(t, mix(a)^b*0xc2b2ae3d27d4eb4f) }

// shape classes of a rune: 'X' upper, 'x' lower, 'd' digit; ASCII
// punctuation stands for itself and any other rune is '*'.
func shapeOf(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z':
		return 'x'
	case r >= 'A' && r <= 'Z':
		return 'X'
	case r >= '0' && r <= '9':
		return 'd'
	case r < utf8.RuneSelf:
		return r
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLower(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	}
	return '*'
}

// tokInfo holds the hashes of one token that feature templates combine.
type tokInfo struct {
	word, lower, shape uint64
	prefix, suffix     [5]uint64 // lowercased, 1..5 runes; 0 when the word is shorter
	hyFirst, hyLast    uint64    // lowercased parts of a hyphen compound; 0 if none
	hyShape            uint64    // shape of the first part
	upper              bool      // starts with an upper-case letter
	title              uint64    // for an all-capital word (tCaps), its title-case form; else 0
	ws, hyWS, hyLastWS wordstats.Entry
	stem               uint64 // Snowball stem (tStem); 0 when it is off
	infl               bool   // ws are the statistics of the form without -s/-es (tInfl)
	deriv              uint8  // how the place name the word may derive from is known (tDeriv): 1 gazetteer, 2 lexicon
}

// lookup returns the statistics of word, retrying without a final period
// (the table stores abbreviations without it).
func lookup(t *wordstats.Table, word string) wordstats.Entry {
	e := t.Lookup(word)
	if e.Freq == 0 && e.Gaz == 0 && len(word) > 1 && strings.HasSuffix(word, ".") {
		if e2 := t.Lookup(word[:len(word)-1]); e2.Freq > 0 || e2.Gaz != 0 {
			return e2
		}
	}
	return e
}

// ratioBucket bins a lower-case ratio: unknown, 0, ≤.01, ≤.1, ≤.5, ≤.9, >.9.
func ratioBucket(r float32) uint64 {
	switch {
	case r < 0:
		return 0
	case r == 0:
		return 1
	case r <= 0.01:
		return 2
	case r <= 0.1:
		return 3
	case r <= 0.5:
		return 4
	case r <= 0.9:
		return 5
	}
	return 6
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// setWord fills ti from word.
func (ti *tokInfo) setWord(word string) {
	*ti = tokInfo{word: fnvString(word)}
	lower, shape := uint64(fnvOffset), uint64(fnvOffset)
	var last rune = -1
	n := 0
	firstHyphen := -1
	var partLower, partShape uint64 = fnvOffset, fnvOffset
	var lastPart uint64 = fnvOffset
	var partLast rune = -1
	for i, r := range word {
		lr := unicode.ToLower(r)
		lower = fnvRune(lower, lr)
		if n < 5 {
			ti.prefix[n] = lower
		}
		n++
		s := shapeOf(r)
		if s != last {
			shape = fnvRune(shape, s)
			last = s
		}
		if r == '-' && i > 0 && i < len(word)-1 {
			if firstHyphen < 0 {
				firstHyphen = i
				ti.hyFirst, ti.hyShape = partLower, partShape
			}
			lastPart = fnvOffset
			continue
		}
		if firstHyphen < 0 {
			partLower = fnvRune(partLower, lr)
			if s != partLast {
				partShape = fnvRune(partShape, s)
				partLast = s
			}
		}
		lastPart = fnvRune(lastPart, lr)
	}
	ti.lower, ti.shape = lower, shape
	if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
		ti.upper = true
	}
	if firstHyphen >= 0 {
		ti.hyLast = lastPart
	}
	// Suffixes: hash the last k runes, read backwards.
	h := uint64(fnvOffset)
	for k, j := 0, len(word); k < 5 && j > 0; k++ {
		r, size := utf8.DecodeLastRuneInString(word[:j])
		j -= size
		h = fnvRune(h, unicode.ToLower(r))
		ti.suffix[k] = h
	}
}

// extractor computes feature hashes for a sentence into reusable buffers.
type extractor struct {
	mask   uint64
	stats  *wordstats.Table // nil: no statistics templates
	lex    map[uint64]uint8 // name lexicon (tLex, tDeriv; see nameLexicon); nil: none
	info   []tokInfo
	buf    []byte   // scratch: the stem or the title-case form of a word
	quoted []bool   // token i is inside quotation marks
	feats  []uint64 // features of token i: feats[offs[i]:offs[i+1]]
	offs   []int32
}

func (x *extractor) on(t template) bool { return x.mask&(1<<t) != 0 }

// begin sizes the buffers for a sentence of words and marks the tokens
// inside quotation marks; the caller then fills x.info[i] (fill).
func (x *extractor) begin(words []string) {
	n := len(words)
	x.info = grow(x.info, n)
	x.quoted = grow(x.quoted, n)
	quoted := false
	for i, w := range words {
		x.quoted[i] = false
		if isQuote(w) {
			quoted = !quoted
		} else {
			x.quoted[i] = quoted
		}
	}
}

// fill computes the token information of word into ti.
func (x *extractor) fill(ti *tokInfo, w string) {
	ti.setWord(w)
	if x.on(tStem) {
		x.buf = lang.AppendStem(x.buf[:0], w)
		ti.stem = fnvString(unsafe.String(unsafe.SliceData(x.buf), len(x.buf)))
	}
	title := ""
	if x.on(tCaps) && allCaps(w) {
		x.buf = titleCase(x.buf[:0], w, false)
		title = unsafe.String(unsafe.SliceData(x.buf), len(x.buf)) // not kept beyond this call
		ti.title = fnvString(title)
	}
	if x.stats != nil {
		ti.ws = lookup(x.stats, w)
		// A word in capitals (a dateline, a brand) gets the statistics of its
		// title-case form when that form is the more frequent one.
		if title != "" {
			if e := lookup(x.stats, title); e.Freq > ti.ws.Freq {
				ti.ws = e
			}
		}
		if ti.hyLast != 0 {
			ti.hyWS = lookup(x.stats, w[:strings.IndexByte(w[1:], '-')+1])
			ti.hyLastWS = lookup(x.stats, w[strings.LastIndexByte(w[:len(w)-1], '-')+1:])
		}
		if ti.ws.Cluster[0] == 0 && ti.upper && ti.hyLast == 0 && x.on(tInfl) {
			x.inflect(ti, w)
		}
		if ti.hyLast == 0 && x.on(tDeriv) {
			x.derivation(ti, w)
		}
	}
}

// inflect replaces the statistics of an unclustered w by those of w
// without a final -s or -es when that form has classes (Griechenlandes).
func (x *extractor) inflect(ti *tokInfo, w string) {
	for _, suf := range [...]string{"s", "es"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			if e := x.stats.Lookup(w[:len(w)-len(suf)]); e.Cluster[0] != 0 {
				ti.ws, ti.infl = e, true
				return
			}
		}
	}
}

// Place-name derivations (tDeriv): a word ending in one of derivSuffixes
// (longest first) may derive from the rest plus one of derivEndings,
// possibly with its umlauts undone: Pulheimer ← Pulheim, Bremer ←
// Bremen, Sauerländer ← Sauerland, italienischen ← Italien.
var (
	derivSuffixes = [...]string{"erinnen", "ischen", "ischer", "isches", "ischem", "erin", "ische", "isch", "ern", "ers", "er"}
	derivEndings  = [...]string{"", "en", "n", "a", "e", "ien"}
)

// placeGaz are the gazetteer bits of place names.
const placeGaz = wordstats.GazPlace | wordstats.GazCountry | wordstats.GazRegion | wordstats.GazDistrict | wordstats.GazWikiLocation

// derivation sets ti.deriv when w looks derived from a place name that
// the gazetteers of the table x.stats (not nil) or the name lexicon know.
func (x *extractor) derivation(ti *tokInfo, w string) {
	for _, suf := range derivSuffixes {
		rest, ok := strings.CutSuffix(w, suf)
		if !ok || len(rest) < 3 || (!ti.upper && suf[0] == 'e') {
			continue
		}
		for _, plain := range [2]bool{false, true} {
			if plain && !strings.ContainsAny(rest, "äöü") {
				break
			}
			x.buf = titleCase(x.buf[:0], rest, plain)
			n := len(x.buf)
			h := lowerHash(unsafe.String(unsafe.SliceData(x.buf), n))
			for _, end := range derivEndings {
				x.buf = append(x.buf[:n], end...)
				if x.stats.Gaz(unsafe.String(unsafe.SliceData(x.buf), len(x.buf)))&placeGaz != 0 {
					ti.deriv |= 1
				}
				he := h // the endings are lower-case ASCII
				for i := 0; i < len(end); i++ {
					he = fnvRune(he, rune(end[i]))
				}
				if x.lex[he]&(1<<LOC) != 0 {
					ti.deriv |= 2
				}
			}
		}
		if ti.deriv != 0 {
			return
		}
	}
}

// titleCase appends w to dst with its first rune upper-case and the
// others lower-case, and with ä, ö, ü replaced by a, o, u if plain
// (MÜNCHEN → München, Sauerländ → Sauerland).
func titleCase(dst []byte, w string, plain bool) []byte {
	for i, r := range w {
		if i == 0 {
			r = unicode.ToUpper(r)
		} else {
			r = unicode.ToLower(r)
		}
		if plain {
			switch r {
			case 'ä':
				r = 'a'
			case 'ö':
				r = 'o'
			case 'ü':
				r = 'u'
			}
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// lowerHash is the hash of w's lower-case form (tokInfo.lower).
func lowerHash(w string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range w {
		h = fnvRune(h, unicode.ToLower(r))
	}
	return h
}

// minCaps is the number of letters from which an all-capital word is
// also read in title case (shorter ones are mostly acronyms).
const minCaps = 4

// allCaps reports whether w consists of at least minCaps letters, all
// upper-case.
func allCaps(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= minCaps
}

// run extracts the features of every word of a sentence into x.feats.
func (x *extractor) run(words []string) {
	x.begin(words)
	for i, w := range words {
		x.fill(&x.info[i], w)
	}
	x.feats = x.feats[:0]
	x.offs = append(x.offs[:0], 0)
	for i := range words {
		x.feats = x.context(x.intrinsic(x.feats, &x.info[i]), i)
		x.offs = append(x.offs, int32(len(x.feats)))
	}
}

// intrinsic appends the features that depend on the word alone, not on
// its position or neighbours (a Tagger caches their weight sums per word).
func (x *extractor) intrinsic(f []uint64, ti *tokInfo) []uint64 {
	f = append(f, feat1(tBias, 0))
	if x.on(tWord) {
		f = append(f, feat1(tWord, ti.word))
	}
	if x.on(tLower) {
		f = append(f, feat1(tLower, ti.lower))
	}
	if ti.title != 0 {
		if x.on(tWord) {
			f = append(f, feat1(tWord, ti.title))
		}
		f = append(f, feat1(tCaps, 1))
	}
	for k := range 4 {
		if ti.prefix[k] != 0 && x.on(tPrefix+template(k)) {
			f = append(f, feat1(tPrefix+template(k), ti.prefix[k]))
		}
		if ti.suffix[k] != 0 && x.on(tSuffix+template(k)) {
			f = append(f, feat1(tSuffix+template(k), ti.suffix[k]))
		}
	}
	if ti.prefix[4] != 0 && x.on(tAffix5) {
		f = append(f, feat2(tAffix5, 1, ti.prefix[4]), feat2(tAffix5, 2, ti.suffix[4]))
	}
	if x.on(tShape) {
		f = append(f, feat1(tShape, ti.shape))
	}
	if ti.hyLast != 0 && x.on(tHyphen) {
		f = append(f, feat2(tHyphen, 1, ti.hyFirst), feat2(tHyphen, 2, ti.hyLast), feat2(tHyphen, 3, ti.hyShape))
	}
	if ti.hyLast != 0 && x.lex != nil && x.on(tLex) {
		if b := x.lex[ti.hyFirst]; b != 0 {
			f = append(f, feat1(tLex, 1<<8|uint64(b)))
		}
		if b := x.lex[ti.hyLast]; b != 0 {
			f = append(f, feat1(tLex, 2<<8|uint64(b)))
		}
	}
	if x.stats == nil {
		return f
	}
	e := &ti.ws
	if x.on(tFreq) {
		f = append(f, feat1(tFreq, uint64(bits.Len32(e.Freq))<<1|b2u(ti.upper)))
	}
	if x.on(tCluster) {
		for lvl, c := range e.Cluster {
			if c != 0 {
				f = append(f, feat1(tCluster, uint64(lvl)<<16|uint64(c)))
			}
		}
	}
	if x.on(tGaz) {
		for b := uint64(0); b < 16; b++ {
			if e.Gaz&(1<<b) != 0 {
				f = append(f, feat1(tGaz, b<<1|b2u(ti.upper)))
			}
		}
	}
	if ti.infl {
		f = append(f, feat1(tInfl, 1))
	}
	if ti.stem != 0 {
		f = append(f, feat1(tStem, ti.stem))
	}
	if ti.deriv != 0 {
		f = append(f, feat1(tDeriv, uint64(ti.deriv)<<1|b2u(ti.upper)))
	}
	if ti.hyLast != 0 && x.on(tHyphenLast) {
		h := &ti.hyLastWS
		f = append(f, feat1(tHyphenLast, 1<<20|ratioBucket(h.LowerRatio)))
		if h.Cluster[1] != 0 {
			f = append(f, feat1(tHyphenLast, 2<<20|uint64(h.Cluster[1])))
		}
	}
	if ti.hyLast != 0 && x.on(tHyphenWS) {
		h := &ti.hyWS
		f = append(f, feat1(tHyphenWS, 1<<20|ratioBucket(h.LowerRatio)))
		if h.Cluster[1] != 0 {
			f = append(f, feat1(tHyphenWS, 2<<20|uint64(h.Cluster[1])))
		}
		if h.Gaz != 0 {
			f = append(f, feat1(tHyphenWS, 3<<20|uint64(h.Gaz)))
		}
	}
	return f
}

// A contextual feature either combines token i with its position or its
// neighbours (a joint feature, offset 0) or depends on one neighbour
// j = i+d alone and on d (a neighbour feature). A Tagger caches the weight
// sums of the neighbour features per word and offset (see emitWords).
type ctxFeature struct {
	t     template
	d     int8 // 0: joint; else the offset of the neighbour
	stats bool // needs the word statistics table
}

// contextFeatures lists the contextual templates in the order context
// appends them (the trainer's order, which its float sums depend on).
var contextFeatures = [...]ctxFeature{
	{tQuote, 0, false}, {tShapeFirst, 0, false},
	{tLowerM1, -1, false}, {tLowerP1, 1, false}, {tLowerM2, -2, false}, {tLowerP2, 2, false},
	{tShapeM1, -1, false}, {tShapeP1, 1, false},
	{tShape3, 0, false}, {tBigramM1, 0, false}, {tBigramP1, 0, false},
	{tSuffixM1, -1, false}, {tSuffixP1, 1, false},
	{tRatio, 0, true},
	{tClusterCtx, -2, true}, {tClusterCtx, -1, true}, {tClusterCtx, 1, true}, {tClusterCtx, 2, true},
	{tGazCtx, -1, true}, {tGazCtx, 1, true},
	{tClusterBi, 0, true},
	{tRatioCtx, -1, true}, {tRatioCtx, 1, true},
	{tClusterCap, 0, true},
}

// context appends the features of token i that depend on its position
// and neighbours; x.info must be filled for the whole sentence.
func (x *extractor) context(f []uint64, i int) []uint64 {
	for _, c := range contextFeatures {
		f = x.contextFeature(f, c, i)
	}
	return f
}

// contextFeature appends the features of c of token i.
func (x *extractor) contextFeature(f []uint64, c ctxFeature, i int) []uint64 {
	if c.d == 0 {
		return x.joint(f, c, i)
	}
	return x.neighbour(f, c, x.at(i+int(c.d)))
}

// at returns the token information of position j, or nil outside the
// sentence.
func (x *extractor) at(j int) *tokInfo {
	if j < 0 || j >= len(x.info) {
		return nil
	}
	return &x.info[j]
}

// neighbour appends the feature of c (a neighbour feature) that a token
// gets from its neighbour nb at offset c.d; nb is nil beyond the start
// (c.d < 0) or the end of the sentence.
func (x *extractor) neighbour(f []uint64, c ctxFeature, nb *tokInfo) []uint64 {
	if !x.on(c.t) || c.stats && x.stats == nil {
		return f
	}
	edge := uint64(hashBOS)
	if c.d > 0 {
		edge = hashEOS
	}
	switch c.t {
	case tLowerM1, tLowerP1, tLowerM2, tLowerP2:
		if nb != nil {
			edge = nb.lower
		}
		f = append(f, feat1(c.t, edge))
	case tShapeM1, tShapeP1:
		if nb != nil {
			edge = nb.shape
		}
		f = append(f, feat1(c.t, edge))
	case tSuffixM1, tSuffixP1:
		if nb != nil {
			edge = nb.suffix[2]
		}
		f = append(f, feat1(c.t, edge))
	case tClusterCtx:
		cl := [3]uint16{0xffff, 0xffff, 0xffff}
		if nb != nil {
			cl = nb.ws.Cluster
		}
		pos := uint64(int(c.d)+2) << 20
		f = append(f, feat1(tClusterCtx, pos|1<<16|uint64(cl[1])))
		if c.d == -1 || c.d == 1 {
			f = append(f, feat1(tClusterCtx, pos|2<<16|uint64(cl[2])))
		}
	case tGazCtx:
		if nb != nil && nb.ws.Gaz != 0 {
			f = append(f, feat1(tGazCtx, uint64(int(c.d)+1)<<16|uint64(nb.ws.Gaz)))
		}
	case tRatioCtx:
		v := uint64(0xff)
		if nb != nil {
			v = ratioBucket(nb.ws.LowerRatio)<<1 | b2u(nb.upper)
		}
		f = append(f, feat1(tRatioCtx, uint64(int(c.d)+1)<<8|v))
	}
	return f
}

// neighbours appends the features a token gets from its neighbour nb at
// offset d (nb nil: beyond the sentence).
func (x *extractor) neighbours(f []uint64, d int8, nb *tokInfo) []uint64 {
	for _, c := range contextFeatures {
		if c.d == d {
			f = x.neighbour(f, c, nb)
		}
	}
	return f
}

// joint appends the feature of c (a joint feature) of token i.
func (x *extractor) joint(f []uint64, c ctxFeature, i int) []uint64 {
	if !x.on(c.t) || c.stats && x.stats == nil {
		return f
	}
	ti := &x.info[i]
	first := b2u(i == 0)
	lowerAt := func(j int) uint64 {
		switch {
		case j < 0:
			return hashBOS
		case j >= len(x.info):
			return hashEOS
		}
		return x.info[j].lower
	}
	switch c.t {
	case tQuote:
		if x.quoted[i] {
			f = append(f, feat1(tQuote, ti.shape))
		}
	case tShapeFirst:
		f = append(f, feat2(tShapeFirst, ti.shape, first))
	case tShape3:
		l, r := uint64(hashBOS), uint64(hashEOS)
		if i > 0 {
			l = x.info[i-1].shape
		}
		if i+1 < len(x.info) {
			r = x.info[i+1].shape
		}
		f = append(f, feat2(tShape3, mix(l)^ti.shape, r))
	case tBigramM1:
		f = append(f, feat2(tBigramM1, lowerAt(i-1), ti.lower))
	case tBigramP1:
		f = append(f, feat2(tBigramP1, ti.lower, lowerAt(i+1)))
	case tRatio:
		f = append(f, feat1(tRatio, ratioBucket(ti.ws.LowerRatio)<<2|b2u(ti.upper)<<1|first))
	case tClusterBi:
		cl := uint64(ti.ws.Cluster[1])
		l, r := uint64(0xffff), uint64(0xfffe)
		if i > 0 {
			l = uint64(x.info[i-1].ws.Cluster[1])
		}
		if i+1 < len(x.info) {
			r = uint64(x.info[i+1].ws.Cluster[1])
		}
		f = append(f, feat1(tClusterBi, l<<16|cl), feat1(tClusterBi, 1<<32|cl<<16|r))
	case tClusterCap:
		f = append(f, feat1(tClusterCap, uint64(ti.ws.Cluster[2])<<2|b2u(ti.upper)<<1|first))
	}
	return f
}

// isQuote reports whether w is a quotation mark token.
func isQuote(w string) bool {
	switch w {
	case "\"", "„", "“", "”", "»", "«", "''", "``", "‚", "‘", "’":
		return true
	}
	return false
}
