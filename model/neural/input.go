package neural

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/namen-nlp/namen/model/vectors"
	"github.com/namen-nlp/namen/model/wordstats"
)

// maxWordChars bounds the characters of a word the character CNN reads.
const maxWordChars = 32

// reader turns words into the network's inputs. It is immutable and safe
// for concurrent use.
type reader struct {
	dims  int
	vecs  *vectors.Table
	stats *wordstats.Table // nil: no statistics inputs
	chars map[rune]int32   // character ids from 2; 1 is any other
}

// charIDs returns the ids of characters seen at least minCount times in
// words.
func charIDs(words [][]string, minCount int) map[rune]int32 {
	count := map[rune]int{}
	for _, s := range words {
		for _, w := range s {
			for _, r := range w {
				count[r]++
			}
		}
	}
	var keep []rune
	for r, n := range count {
		if n >= minCount {
			keep = append(keep, r)
		}
	}
	slices.Sort(keep) // the same data give the same ids
	ids := make(map[rune]int32, len(keep))
	for i, r := range keep {
		ids[r] = int32(2 + i)
	}
	return ids
}

// read fills s with the inputs of words (normalised token texts);
// labels, when not nil, become s.gold.
func (r *reader) read(s *sentence, words []string, labels []uint8) {
	n := len(words)
	s.n = n
	s.vecs = grow(s.vecs, n*r.dims)
	if cap(s.chars) < n {
		s.chars = make([][]int32, n)
	}
	s.chars = s.chars[:n]
	s.shape = growBytes(s.shape, n)
	if r.stats != nil {
		if cap(s.stats) < n {
			s.stats = make([]wordStats, n)
		}
		s.stats = s.stats[:n]
	}
	for i, w := range words {
		r.vecs.Vector(s.vecs[i*r.dims:(i+1)*r.dims], w)
		ids := s.chars[i][:0]
		for _, c := range w {
			if len(ids) == maxWordChars {
				break
			}
			id, ok := r.chars[c]
			if !ok {
				id = 1
			}
			ids = append(ids, id)
		}
		s.chars[i] = ids
		s.shape[i] = shapeOf(w)
		if r.stats != nil {
			s.stats[i] = statsOf(r.stats.Lookup(w))
		}
	}
	s.gold = labels
}

func growBytes(s []uint8, n int) []uint8 {
	if cap(s) < n {
		return make([]uint8, n)
	}
	return s[:n]
}

// shapeOf returns the shape id of w, below numShapes: 1 no letter or
// digit, 2 digits and other characters, 3 digits only, 4 all upper case
// (two letters or more), 5 capitalised, 6 lower case, 7 anything else.
func shapeOf(w string) uint8 {
	var letters, upper, digits, other int
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
			upper++
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		default:
			other++
		}
	}
	first, _ := utf8.DecodeRuneInString(w)
	switch {
	case letters == 0 && digits == 0:
		return 1
	case digits > 0 && letters == 0 && other > 0:
		return 2
	case digits > 0 && letters == 0:
		return 3
	case upper == letters && letters > 1:
		return 4
	case unicode.IsUpper(first):
		return 5
	case upper == 0 && digits == 0:
		return 6
	}
	return 7
}

// statsOf converts a word statistics entry to input ids.
func statsOf(e wordstats.Entry) wordStats {
	var s wordStats
	for l := range 3 {
		if int(e.Cluster[l]) < classIDs[l] {
			s.class[l] = e.Cluster[l]
		}
	}
	s.ratio = ratioIDs - 1
	if e.LowerRatio >= 0 {
		s.ratio = uint8(min(10, int(e.LowerRatio*10)))
	}
	if e.Freq > 0 {
		s.freq = uint8(min(freqIDs-1, 1+int(math.Log2(float64(e.Freq)))))
	}
	s.gaz = e.Gaz
	return s
}
