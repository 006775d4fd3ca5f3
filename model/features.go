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

// context appends the features of token i that depend on its position
// and neighbours; x.info must be filled for the whole sentence.
func (x *extractor) context(f []uint64, i int) []uint64 {
	n := len(x.info)
	ti := &x.info[i]
	lowerAt := func(i int) uint64 {
		if i < 0 {
			return hashBOS
		}
		if i >= n {
			return hashEOS
		}
		return x.info[i].lower
	}
	shapeAt := func(i int) uint64 {
		if i < 0 {
			return hashBOS
		}
		if i >= n {
			return hashEOS
		}
		return x.info[i].shape
	}
	if x.quoted[i] && x.on(tQuote) {
		f = append(f, feat1(tQuote, ti.shape))
	}
	if x.on(tShapeFirst) {
		f = append(f, feat2(tShapeFirst, ti.shape, b2u(i == 0)))
	}
	if x.on(tLowerM1) {
		f = append(f, feat1(tLowerM1, lowerAt(i-1)))
	}
	if x.on(tLowerP1) {
		f = append(f, feat1(tLowerP1, lowerAt(i+1)))
	}
	if x.on(tLowerM2) {
		f = append(f, feat1(tLowerM2, lowerAt(i-2)))
	}
	if x.on(tLowerP2) {
		f = append(f, feat1(tLowerP2, lowerAt(i+2)))
	}
	if x.on(tShapeM1) {
		f = append(f, feat1(tShapeM1, shapeAt(i-1)))
	}
	if x.on(tShapeP1) {
		f = append(f, feat1(tShapeP1, shapeAt(i+1)))
	}
	if x.on(tShape3) {
		f = append(f, feat2(tShape3, mix(shapeAt(i-1))^ti.shape, shapeAt(i+1)))
	}
	if x.on(tBigramM1) {
		f = append(f, feat2(tBigramM1, lowerAt(i-1), ti.lower))
	}
	if x.on(tBigramP1) {
		f = append(f, feat2(tBigramP1, ti.lower, lowerAt(i+1)))
	}
	if x.on(tSuffixM1) {
		h := uint64(hashBOS)
		if i > 0 {
			h = x.info[i-1].suffix[2]
		}
		f = append(f, feat1(tSuffixM1, h))
	}
	if x.on(tSuffixP1) {
		h := uint64(hashEOS)
		if i+1 < n {
			h = x.info[i+1].suffix[2]
		}
		f = append(f, feat1(tSuffixP1, h))
	}
	if x.stats != nil {
		f = x.statsFeatures(f, i)
	}
	return f
}

// statsFeatures appends the contextual features of token i that come
// from the word statistics table.
func (x *extractor) statsFeatures(f []uint64, i int) []uint64 {
	n := len(x.info)
	ti := &x.info[i]
	e := &ti.ws
	first := b2u(i == 0)
	if x.on(tRatio) {
		f = append(f, feat1(tRatio, ratioBucket(e.LowerRatio)<<2|b2u(ti.upper)<<1|first))
	}
	if x.on(tClusterCtx) {
		for _, d := range [...]int{-2, -1, 1, 2} {
			j := i + d
			var c [3]uint16
			if j >= 0 && j < n {
				c = x.info[j].ws.Cluster
			} else {
				c = [3]uint16{0xffff, 0xffff, 0xffff}
			}
			lvl := 1
			if d == -1 || d == 1 {
				lvl = 2
				f = append(f, feat1(tClusterCtx, uint64(d+2)<<20|1<<16|uint64(c[1])))
			}
			f = append(f, feat1(tClusterCtx, uint64(d+2)<<20|uint64(lvl)<<16|uint64(c[lvl])))
		}
	}
	if x.on(tGazCtx) {
		for _, d := range [...]int{-1, 1} {
			j := i + d
			if j >= 0 && j < n && x.info[j].ws.Gaz != 0 {
				f = append(f, feat1(tGazCtx, uint64(d+1)<<16|uint64(x.info[j].ws.Gaz)))
			}
		}
	}
	if x.on(tClusterBi) {
		c := uint64(e.Cluster[1])
		l, r := uint64(0xffff), uint64(0xfffe)
		if i > 0 {
			l = uint64(x.info[i-1].ws.Cluster[1])
		}
		if i+1 < n {
			r = uint64(x.info[i+1].ws.Cluster[1])
		}
		f = append(f, feat1(tClusterBi, l<<16|c), feat1(tClusterBi, 1<<32|c<<16|r))
	}
	if x.on(tRatioCtx) {
		for _, d := range [...]int{-1, 1} {
			j := i + d
			v := uint64(0xff)
			if j >= 0 && j < n {
				v = ratioBucket(x.info[j].ws.LowerRatio)<<1 | b2u(x.info[j].upper)
			}
			f = append(f, feat1(tRatioCtx, uint64(d+1)<<8|v))
		}
	}
	if x.on(tClusterCap) {
		f = append(f, feat1(tClusterCap, uint64(e.Cluster[2])<<2|b2u(ti.upper)<<1|first))
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
