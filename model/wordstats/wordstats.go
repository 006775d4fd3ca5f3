// Package wordstats holds word statistics and word classes learned from
// unlabelled German text, plus gazetteer membership, for use as features by
// the tagger in package model.
//
// A Table maps a word form (case-sensitive, as the tagger sees it) to an
// Entry: its corpus frequency, how often its case-folded form is written in
// lower case, its distributional word class at three granularities, and the
// gazetteer lists it appears in. Tables are built once with a Builder from a
// corpus and gazetteer lists, written with WriteTo and loaded with Read.
package wordstats

import (
	"unicode"
	"unicode/utf8"
)

// Entry is what a Table knows about one word form.
type Entry struct {
	// Freq is the number of occurrences of the exact form in the corpus,
	// saturating at the maximum uint32. 0 for forms known only from
	// gazetteers and for unknown forms.
	Freq uint32
	// LowerRatio is the share, in [0, 1], of the occurrences of the form's
	// case-folded spelling (all forms that fold to it) that are written all
	// lower case, counted over occurrences that do not start a sentence
	// (falling back to all occurrences when every occurrence starts one).
	// Words that are (almost) never written in lower case are likely names;
	// capitalised nouns and sentence-initial words have a ratio above 0 when
	// their lower-case spelling occurs. It is -1 when the folded spelling
	// was never seen. Stored with 16-bit precision.
	LowerRatio float32
	// Cluster holds the word's distributional class at three granularities,
	// coarse to fine (by default 64, 256 and 1024 classes). Ids start at 1;
	// 0 means no class (the word was too rare to be clustered). The
	// hierarchy is nested: two words with the same fine class have the same
	// middle and coarse class.
	Cluster [3]uint16
	// Gaz is the set of gazetteer lists the form appears in: the Gaz...
	// bits for forms that are a whole list entry, shifted by PartShift for
	// forms that are one word of a multi-word entry. 0 means none.
	Gaz uint16
}

// Gazetteer categories: bit values for Entry.Gaz when the form is a whole
// entry of a list of that category. A form that is one word of a multi-word
// entry (Bad in "Bad Homburg") gets the bit shifted left by PartShift.
const (
	GazFirstName    uint16 = 1 << iota // given names
	GazLastName                        // family names
	GazPlace                           // cities, towns and villages (DE/AT/CH)
	GazCountry                         // countries and territories (German names)
	GazRegion                          // states, cantons and other regions (DE/AT/CH)
	GazDistrict                        // German districts (Landkreise)
	GazStreet                          // street names
	GazWikiLocation                    // locations listed by GermaNER (from Wikipedia)

	// PartShift is the shift from a category's whole-entry bit to its
	// part-of-entry bit: GazPlace<<PartShift marks a word of a multi-word
	// place name.
	PartShift = 8
)

// NumGaz is the number of gazetteer categories.
const NumGaz = 8

// GazNames holds the names of the categories, indexed by bit number.
var GazNames = [NumGaz]string{"FirstName", "LastName", "Place", "Country", "Region", "District", "Street", "WikiLocation"}

// Table maps word forms to Entries. It is immutable and safe for concurrent
// use.
type Table struct {
	n       int
	blob    string   // all keys, sorted, concatenated
	offs    []uint32 // key i is blob[offs[i]:offs[i+1]]
	freq    []uint32
	lower   []uint16 // quantised LowerRatio: 0..lowerScale, noLower when unknown
	cluster [3][]uint16
	gaz     []uint16
	classes [3]uint16 // number of classes per level; cluster ids are in [0, classes]
	slots   []uint32  // open-addressing hash index: record index + 1, 0 = empty
}

const (
	lowerScale = 65534
	noLower    = 65535
)

// Len returns the number of word forms in the table.
func (t *Table) Len() int { return t.n }

// Classes returns the number of word classes at each granularity, coarse to
// fine.
func (t *Table) Classes() [3]int {
	return [3]int{int(t.classes[0]), int(t.classes[1]), int(t.classes[2])}
}

// Word returns the i-th word form of the table (in byte order), for
// 0 <= i < Len.
func (t *Table) Word(i int) string { return t.blob[t.offs[i]:t.offs[i+1]] }

// Lookup returns the Entry of word. For a form not in the table it returns an
// Entry with only LowerRatio set, taken from the case-folded form when that
// is in the table, and -1 otherwise. Lookup does not allocate.
func (t *Table) Lookup(word string) Entry {
	if i := find(t, word); i >= 0 {
		return t.entry(i)
	}
	var buf [64]byte
	if folded, ok := foldInto(buf[:0], word); ok {
		if i := find(t, folded); i >= 0 {
			return Entry{LowerRatio: t.ratio(i)}
		}
	}
	return Entry{LowerRatio: -1}
}

// Gaz returns the gazetteer bits of word: Lookup(word).Gaz, found with
// one search instead of Lookup's two for a form not in the table. Gaz does
// not allocate.
func (t *Table) Gaz(word string) uint16 {
	if i := find(t, word); i >= 0 {
		return t.gaz[i]
	}
	return 0
}

func (t *Table) entry(i int) Entry {
	return Entry{
		Freq:       t.freq[i],
		LowerRatio: t.ratio(i),
		Cluster:    [3]uint16{t.cluster[0][i], t.cluster[1][i], t.cluster[2][i]},
		Gaz:        t.gaz[i],
	}
}

func (t *Table) ratio(i int) float32 {
	q := t.lower[i]
	if q == noLower {
		return -1
	}
	return float32(q) / lowerScale
}

// find returns the index of key, or -1.
func find[S string | []byte](t *Table, key S) int {
	if len(t.slots) == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for h := hash(key) & mask; ; h = (h + 1) & mask {
		s := t.slots[h]
		if s == 0 {
			return -1
		}
		i := int(s - 1)
		if t.blob[t.offs[i]:t.offs[i+1]] == string(key) {
			return i
		}
	}
}

// hash is 64-bit FNV-1a.
func hash[S string | []byte](key S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return h
}

// index builds t.slots; it fails on duplicate keys.
func (t *Table) index() error {
	size := 16
	for size < 2*t.n {
		size <<= 1
	}
	t.slots = make([]uint32, size)
	mask := uint64(size - 1)
	for i := 0; i < t.n; i++ {
		key := t.blob[t.offs[i]:t.offs[i+1]]
		h := hash(key) & mask
		for t.slots[h] != 0 {
			j := int(t.slots[h] - 1)
			if t.blob[t.offs[j]:t.offs[j+1]] == key {
				return errDuplicate{key}
			}
			h = (h + 1) & mask
		}
		t.slots[h] = uint32(i + 1)
	}
	return nil
}

type errDuplicate struct{ key string }

func (e errDuplicate) Error() string { return "duplicate word " + quote(e.key) }

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + s + "\""
}

// foldInto appends the lower-case form of word to dst and reports whether it
// differs from word and fits dst's capacity (so no allocation happens).
func foldInto(dst []byte, word string) ([]byte, bool) {
	changed := false
	for _, r := range word {
		l := unicode.ToLower(r)
		if l != r {
			changed = true
		}
		if len(dst)+utf8.RuneLen(l) > cap(dst) || l == utf8.RuneError {
			return dst, false
		}
		dst = utf8.AppendRune(dst, l)
	}
	return dst, changed
}

// fold returns the lower-case form of word.
func fold(word string) string {
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return foldSlow(word)
		}
	}
	return word
}

func foldSlow(word string) string {
	b := make([]byte, 0, len(word)+4)
	for _, r := range word {
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return string(b)
}
