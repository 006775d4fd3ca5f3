package lang

import (
	"unicode"
	"unicode/utf8"
)

// This file implements the Snowball German stemming algorithm
// (snowballstem.org/algorithms/german) directly on a stack buffer of runes,
// so that stemming allocates at most the result string, and none when the
// stem is a prefix of a lowercase word. TestStemSnowballVocabulary checks
// it against the official vocabulary; words it does not handle (longer
// than maxStemRunes, invalid UTF-8) go to the generated stemmer in
// github.com/blevesearch/snowballstem/german.

const maxStemRunes = 48

func isStemVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö', 'ü':
		return true
	}
	return false
}

// sEnding and stEnding are the letters that may precede a deleted -s and
// -st.
func sEnding(r rune) bool {
	switch r {
	case 'b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'r', 't':
		return true
	}
	return false
}

func stEnding(r rune) bool { return r != 'r' && sEnding(r) }

// snowballGerman returns the stem of word and true, or false when word is
// to be stemmed by the generated stemmer.
func snowballGerman(word string) (string, bool) {
	var out [maxStemRunes * utf8.UTFMax]byte
	b, ok := appendSnowball(out[:0], word)
	switch {
	case !ok:
		return "", false
	case len(b) <= len(word) && string(b) == word[:len(b)]: // no allocation for the comparison
		return word[:len(b)], true
	}
	return string(b), true
}

// appendSnowball appends the stem of word to dst and reports true, or
// returns dst and false when word is to be stemmed by the generated
// stemmer.
func appendSnowball(dst []byte, word string) ([]byte, bool) {
	var buf [maxStemRunes]rune
	n := 0
	same := true // buf equals word so far (lowercase, no ß)
	for _, r := range word {
		if r == utf8.RuneError || n >= len(buf)-1 {
			return dst, false
		}
		lr := r
		switch {
		case 'A' <= r && r <= 'Z':
			lr += 'a' - 'A'
		case r >= utf8.RuneSelf:
			lr = unicode.ToLower(r)
		}
		if lr != r {
			same = false
		}
		if lr == 'ß' {
			buf[n], buf[n+1] = 's', 's'
			n += 2
			same = false
			continue
		}
		if lr == 'ä' || lr == 'ö' || lr == 'ü' {
			same = false
		}
		buf[n] = lr
		n++
	}
	w := buf[:n]

	// Prelude: u and y between vowels become consonants (U, Y).
	for i := 1; i+1 < n; i++ {
		if (w[i] == 'u' || w[i] == 'y') && isStemVowel(w[i-1]) && isStemVowel(w[i+1]) {
			w[i] -= 'a' - 'A'
			same = false
		}
	}

	// R1 and R2: after the first non-vowel following a vowel; R1 starts
	// at 3 at the earliest.
	p1, p2 := n, n
	if n >= 3 {
		p1 = regionStart(w, 0)
		p2 = regionStart(w, p1) // from R1 before the adjustment
		p1 = max(p1, 3)
	}

	// Step 1.
	switch {
	case hasSuffix(w, "ern"):
		w = del(w, 3, p1)
	case hasSuffix(w, "em"), hasSuffix(w, "er"):
		w = del(w, 2, p1)
	case hasSuffix(w, "en"), hasSuffix(w, "es"), hasSuffix(w, "e"):
		k := 1
		if !hasSuffix(w, "e") {
			k = 2
		}
		if len(w)-k >= p1 {
			w = w[:len(w)-k]
			if hasSuffix(w, "niss") {
				w = w[:len(w)-1]
			}
		}
	case hasSuffix(w, "s"):
		if len(w) >= 2 && sEnding(w[len(w)-2]) {
			w = del(w, 1, p1)
		}
	}

	// Step 2.
	switch {
	case hasSuffix(w, "est"):
		w = del(w, 3, p1)
	case hasSuffix(w, "en"), hasSuffix(w, "er"):
		w = del(w, 2, p1)
	case hasSuffix(w, "st"):
		if s := len(w) - 2; s >= p1 && s >= 4 && stEnding(w[s-1]) {
			w = w[:s]
		}
	}

	// Step 3: derivational suffixes in R2.
	switch {
	case hasSuffix(w, "end"), hasSuffix(w, "ung"):
		if len(w)-3 >= p2 {
			w = w[:len(w)-3]
			if hasSuffix(w, "ig") && len(w)-2 >= p2 && !(len(w) >= 3 && w[len(w)-3] == 'e') {
				w = w[:len(w)-2]
			}
		}
	case hasSuffix(w, "isch"), hasSuffix(w, "ig"), hasSuffix(w, "ik"):
		k := 2
		if hasSuffix(w, "isch") {
			k = 4
		}
		if s := len(w) - k; s >= p2 && !(s >= 1 && w[s-1] == 'e') {
			w = w[:s]
		}
	case hasSuffix(w, "lich"), hasSuffix(w, "heit"):
		if len(w)-4 >= p2 {
			w = w[:len(w)-4]
			if (hasSuffix(w, "er") || hasSuffix(w, "en")) && len(w)-2 >= p1 {
				w = w[:len(w)-2]
			}
		}
	case hasSuffix(w, "keit"):
		if len(w)-4 >= p2 {
			w = w[:len(w)-4]
			switch {
			case hasSuffix(w, "lich"):
				w = del(w, 4, p2)
			case hasSuffix(w, "ig"):
				w = del(w, 2, p2)
			}
		}
	}

	if same {
		// Only deletions at the end: the stem is a prefix of word.
		k := 0
		for i := range w {
			k += utf8.RuneLen(w[i])
		}
		return append(dst, word[:k]...), true
	}
	// Postlude: back to lowercase, umlauts lose their dots.
	for _, r := range w {
		switch r {
		case 'U':
			r = 'u'
		case 'Y':
			r = 'y'
		case 'ä':
			r = 'a'
		case 'ö':
			r = 'o'
		case 'ü':
			r = 'u'
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst, true
}

// regionStart returns the position after the first non-vowel that follows
// a vowel at or after from, or len(w).
func regionStart(w []rune, from int) int {
	for i := from; i+1 < len(w); i++ {
		if isStemVowel(w[i]) && !isStemVowel(w[i+1]) {
			return i + 2
		}
	}
	return len(w)
}

func hasSuffix(w []rune, s string) bool {
	if len(w) < len(s) {
		return false
	}
	w = w[len(w)-len(s):]
	for i := 0; i < len(s); i++ {
		if w[i] != rune(s[i]) {
			return false
		}
	}
	return true
}

// del removes the last k runes of w if they start in the region from p.
func del(w []rune, k, p int) []rune {
	if len(w)-k >= p {
		return w[:len(w)-k]
	}
	return w
}
