package lang

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns word in Unicode normal form C (composed umlauts: "u"
// followed by U+0308 becomes "ü") with invisible formatting characters
// (category Cf: soft hyphen U+00AD, zero-width space and joiners
// U+200B–U+200D, directional marks, word joiner U+2060, BOM U+FEFF)
// removed. It returns word itself, without allocating, when word is
// already normal; pure ASCII words are checked without any table look-up.
// Invalid UTF-8 is kept as it is.
//
// The tagger is fed Normalize(tok.Text), so a word from a web page with
// hidden hyphenation hints or decomposed umlauts looks like the same word
// typed plainly. Normalize is safe for concurrent use.
func Normalize(word string) string {
	k := 0
	for k < len(word) && word[k] < utf8.RuneSelf {
		k++
	}
	if k == len(word) {
		return word // ASCII is always normal
	}
	if !hasInvisible(word[k:]) {
		if belowCombining(word[k:]) || norm.NFC.QuickSpanString(word) == len(word) {
			return word
		}
		return norm.NFC.String(word)
	}
	var b strings.Builder
	b.Grow(len(word))
	for i := 0; i < len(word); {
		r, n := utf8.DecodeRuneInString(word[i:])
		if !isInvisible(r) {
			b.WriteString(word[i : i+n])
		}
		i += n
	}
	return norm.NFC.String(b.String())
}

// belowCombining reports whether every character of s (an invalid byte
// counts as one) is below U+0300, where the combining marks begin: such
// text (Latin-1 umlauts and ß, Latin Extended) is already in NFC.
func belowCombining(s string) bool {
	for _, r := range s {
		if r >= 0x300 && r != utf8.RuneError {
			return false
		}
	}
	return true
}

func hasInvisible(s string) bool {
	for _, r := range s {
		if isInvisible(r) {
			return true
		}
	}
	return false
}
