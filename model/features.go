package model

import (
	"unicode"
	"unicode/utf8"
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
	numTemplates
)

// templateGroups names groups of templates that can be switched off
// together (for ablation, see TrainOptions.Disable).
var templateGroups = map[string][]template{
	"word":    {tWord},
	"lower":   {tLower},
	"prefix":  {tPrefix, tPrefix + 1, tPrefix + 2, tPrefix + 3},
	"suffix":  {tSuffix, tSuffix + 1, tSuffix + 2, tSuffix + 3},
	"shape":   {tShape, tShapeM1, tShapeP1, tShape3},
	"first":   {tShapeFirst},
	"window1": {tLowerM1, tLowerP1},
	"window2": {tLowerM2, tLowerP2},
	"bigram":  {tBigramM1, tBigramP1},
	"hyphen":  {tHyphen},
	"nsuffix": {tSuffixM1, tSuffixP1},
}

// allTemplates is the mask with every template switched on.
const allTemplates = uint64(1)<<numTemplates - 1

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
	prefix, suffix     [4]uint64 // lowercased, 1..4 runes; 0 when the word is shorter
	hyFirst, hyLast    uint64    // lowercased parts of a hyphen compound; 0 if none
	hyShape            uint64    // shape of the first part
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
		if n < 4 {
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
	if firstHyphen >= 0 {
		ti.hyLast = lastPart
	}
	// Suffixes: hash the last k runes, read backwards.
	h := uint64(fnvOffset)
	for k, j := 0, len(word); k < 4 && j > 0; k++ {
		r, size := utf8.DecodeLastRuneInString(word[:j])
		j -= size
		h = fnvRune(h, unicode.ToLower(r))
		if k < n {
			ti.suffix[k] = h
		}
	}
	if n < 4 {
		for k := n; k < 4; k++ {
			ti.prefix[k], ti.suffix[k] = 0, 0
		}
	}
}

// extractor computes feature hashes for a sentence into reusable buffers.
type extractor struct {
	mask  uint64
	info  []tokInfo
	feats []uint64 // features of token i: feats[offs[i]:offs[i+1]]
	offs  []int32
}

func (x *extractor) on(t template) bool { return x.mask&(1<<t) != 0 }

// run extracts the features of every word of a sentence.
func (x *extractor) run(words []string) {
	n := len(words)
	if cap(x.info) < n {
		x.info = make([]tokInfo, n, n+n/2)
	}
	x.info = x.info[:n]
	for i, w := range words {
		x.info[i].setWord(w)
	}
	x.feats = x.feats[:0]
	x.offs = append(x.offs[:0], 0)
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
	for i := range n {
		ti := &x.info[i]
		f := x.feats
		f = append(f, feat1(tBias, 0))
		if x.on(tWord) {
			f = append(f, feat1(tWord, ti.word))
		}
		if x.on(tLower) {
			f = append(f, feat1(tLower, ti.lower))
		}
		for k := range 4 {
			if ti.prefix[k] != 0 && x.on(tPrefix+template(k)) {
				f = append(f, feat1(tPrefix+template(k), ti.prefix[k]))
			}
			if ti.suffix[k] != 0 && x.on(tSuffix+template(k)) {
				f = append(f, feat1(tSuffix+template(k), ti.suffix[k]))
			}
		}
		if x.on(tShape) {
			f = append(f, feat1(tShape, ti.shape))
		}
		if x.on(tShapeFirst) {
			first := uint64(0)
			if i == 0 {
				first = 1
			}
			f = append(f, feat2(tShapeFirst, ti.shape, first))
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
		if ti.hyLast != 0 && x.on(tHyphen) {
			f = append(f, feat2(tHyphen, 1, ti.hyFirst), feat2(tHyphen, 2, ti.hyLast), feat2(tHyphen, 3, ti.hyShape))
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
		x.feats = f
		x.offs = append(x.offs, int32(len(f)))
	}
}
