// Package vectors learns and looks up word vectors with subword units:
// skip-gram with negative sampling over words and their character
// n-grams, hashed into a fixed number of buckets (Bojanowski et al. 2017,
// "Enriching Word Vectors with Subword Information"). A word's vector is
// the mean of its own row, when the word is in the vocabulary, and the
// rows of its n-grams, so unseen words and compounds (Spielehersteller,
// NATO-Außenministertreffen) still get vectors.
//
// A Builder collects corpus text and trains a Table (Builder.Train); the
// result depends only on the text, the Options and the number of workers.
// A Table is immutable and safe for concurrent use.
package vectors

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"
)

// Table holds trained word vectors: one row per vocabulary word and one
// per n-gram bucket, each Dims float32 values.
type Table struct {
	dims       int
	minN, maxN int
	words      []string // vocabulary, most frequent first
	ids        map[string]int32
	buckets    int
	// The (len(words)+buckets) × dims row values: rows, or, in a
	// quantised table, q times the row's scale.
	rows  []float32
	q     []int8
	scale []float32
}

// Dims returns the number of dimensions of a vector.
func (t *Table) Dims() int { return t.dims }

// Len returns the number of vocabulary words.
func (t *Table) Len() int { return len(t.words) }

// Word returns vocabulary word i (0 is the most frequent).
func (t *Table) Word(i int) string { return t.words[i] }

// Buckets returns the number of n-gram buckets.
func (t *Table) Buckets() int { return t.buckets }

// ID returns the vocabulary index of word, or -1.
func (t *Table) ID(word string) int {
	if id, ok := t.ids[word]; ok {
		return int(id)
	}
	return -1
}

// Vector writes the vector of word to dst, which must have length Dims,
// and reports whether the word had any row (a vocabulary entry or at
// least one n-gram; false only for the empty word, whose vector is zero).
func (t *Table) Vector(dst []float32, word string) bool {
	if len(dst) != t.dims {
		panic(fmt.Sprintf("vectors: Vector needs %d values, got %d", t.dims, len(dst)))
	}
	clear(dst)
	n := 0
	if id, ok := t.ids[word]; ok {
		t.addRow(dst, int(id))
		n++
	}
	forNgrams(word, t.minN, t.maxN, func(h uint64) {
		t.addRow(dst, len(t.words)+int(h%uint64(t.buckets)))
		n++
	})
	if n == 0 {
		return false
	}
	scale(dst, 1/float32(n))
	return true
}

// addRow adds row i to dst.
func (t *Table) addRow(dst []float32, i int) {
	if t.q == nil {
		add(dst, t.rows[i*t.dims:(i+1)*t.dims])
		return
	}
	q, s := t.q[i*t.dims:(i+1)*t.dims], t.scale[i]
	for k, v := range q[:len(dst)] {
		dst[k] += s * float32(v)
	}
}

// Quantized reports whether the rows are stored as 8-bit integers.
func (t *Table) Quantized() bool { return t.q != nil }

// Compact returns a table with the first words vocabulary words only
// (the most frequent; words not kept get their vectors from their
// n-grams alone) and every row stored as 8-bit integers with a scale per
// row: a quarter of the size. The table itself is not changed.
func (t *Table) Compact(words int) *Table {
	words = min(max(words, 0), len(t.words))
	c := &Table{dims: t.dims, minN: t.minN, maxN: t.maxN, words: t.words[:words:words], buckets: t.buckets}
	c.index()
	n := words + t.buckets
	c.q = make([]int8, n*t.dims)
	c.scale = make([]float32, n)
	row := make([]float32, t.dims)
	for i := range n {
		src := i
		if i >= words {
			src = len(t.words) + i - words // the buckets
		}
		clear(row)
		t.addRow(row, src)
		mx := float32(0)
		for _, v := range row {
			mx = max(mx, abs(v))
		}
		if mx == 0 {
			continue
		}
		s := mx / 127
		c.scale[i] = s
		for k, v := range row {
			c.q[i*t.dims+k] = int8(math.Round(float64(v / s)))
		}
	}
	return c
}

func abs(v float32) float32 { return max(v, -v) }

// Neighbour is a word and its cosine similarity to a query.
type Neighbour struct {
	Word       string
	Similarity float32
}

// Nearest returns the k vocabulary words among the first limit (0: all)
// whose vectors have the highest cosine similarity to the vector of word,
// best first, leaving out word itself. It computes every vocabulary
// vector, so it is meant for inspection, not for serving.
func (t *Table) Nearest(word string, k, limit int) []Neighbour {
	if limit <= 0 || limit > len(t.words) {
		limit = len(t.words)
	}
	q := make([]float32, t.dims)
	if !t.Vector(q, word) || k <= 0 {
		return nil
	}
	normalize(q)
	v := make([]float32, t.dims)
	var best []Neighbour
	for i := range limit {
		w := t.words[i]
		if w == word {
			continue
		}
		t.Vector(v, w)
		normalize(v)
		s := dot(q, v)
		if len(best) == k && s <= best[k-1].Similarity {
			continue
		}
		at, _ := slices.BinarySearchFunc(best, s, func(n Neighbour, s float32) int { return cmp.Compare(s, n.Similarity) })
		best = slices.Insert(best, at, Neighbour{w, s})
		if len(best) > k {
			best = best[:k]
		}
	}
	return best
}

// forNgrams calls f with the hash of every character n-gram of "<word>"
// with minN ≤ n ≤ maxN characters, leaving out "<word>" itself. Invalid
// UTF-8 bytes count as one character each.
func forNgrams(word string, minN, maxN int, f func(uint64)) {
	if word == "" {
		return
	}
	// starts[i] is the byte offset of character i of "<word>"; the word
	// is framed without building the string.
	var buf [64]int
	starts := buf[:0]
	starts = append(starts, 0)
	for i := 0; i < len(word); {
		starts = append(starts, 1+i)
		_, n := utf8.DecodeRuneInString(word[i:])
		i += n
	}
	starts = append(starts, 1+len(word)) // '>'
	chars := len(starts)
	starts = append(starts, 2+len(word))
	byteAt := func(i int) byte {
		switch {
		case i == 0:
			return '<'
		case i == 1+len(word):
			return '>'
		}
		return word[i-1]
	}
	for a := 0; a < chars; a++ {
		h := uint64(fnvOffset)
		for n := 1; n <= maxN && a+n <= chars; n++ {
			for i := starts[a+n-1]; i < starts[a+n]; i++ {
				h = (h ^ uint64(byteAt(i))) * fnvPrime
			}
			if n >= minN && !(a == 0 && n == chars) {
				f(h)
			}
		}
	}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func add(dst, x []float32) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] += x[i]
	}
}

func scale(x []float32, s float32) {
	for i := range x {
		x[i] *= s
	}
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// axpy adds a·x to y.
func axpy(a float32, x, y []float32) {
	x = x[:len(y)]
	for i := range y {
		y[i] += a * x[i]
	}
}

func normalize(v []float32) {
	n := float32(math.Sqrt(float64(dot(v, v))))
	if n > 0 {
		scale(v, 1/n)
	}
}
