package lang

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// demonymData is the place-adjective lexicon; see its header for source,
// licence and format.
//
//go:embed data/demonyms.txt
var demonymData string

// demonymTable holds the parsed lexicon: form → place, and the set of places.
type demonymTable struct {
	forms  map[string]string
	places map[string]bool
}

// demonyms parses the embedded lexicon once, on first use. A malformed file
// (caught by the package tests) yields an empty table, never a panic.
var demonyms = sync.OnceValue(func() demonymTable {
	t, err := parseDemonyms(demonymData)
	if err != nil {
		return demonymTable{}
	}
	return t
})

// parseDemonyms parses lines of `form<TAB>place`; forms must be lower case
// and unique. Keys and values share memory with data.
func parseDemonyms(data string) (demonymTable, error) {
	t := demonymTable{forms: map[string]string{}, places: map[string]bool{}}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		form, place, ok := strings.Cut(line, "\t")
		if !ok || form == "" || place == "" || strings.Contains(place, "\t") {
			return demonymTable{}, fmt.Errorf("lang: demonyms line %d: want form<TAB>place, got %q", n+1, line)
		}
		if form != strings.ToLower(form) {
			return demonymTable{}, fmt.Errorf("lang: demonyms line %d: form %q is not lower case", n+1, form)
		}
		if _, dup := t.forms[form]; dup {
			return demonymTable{}, fmt.Errorf("lang: demonyms line %d: duplicate form %q", n+1, form)
		}
		t.forms[form] = place
		t.places[place] = true
	}
	return t, nil
}

// maxDemonym is the longest word, in bytes after lowercasing, that Demonym
// looks up; longer words are never place adjectives.
const maxDemonym = 64

// Demonym returns the place a German place adjective or demonym form refers
// to: russischen, Russische and russisch give "Russland", Münchner gives
// "München", US-amerikanischen gives "USA". The word is lowercased and, when
// it is not found as it is, the inflection endings -em, -en, -er, -es and -e
// are tried off in turn; a hyphenated word that is not found whole is looked
// up by its last part (the head of the compound: deutsch-russischen →
// Russland). ok is false when the word is not in the lexicon
// (lang/data/demonyms.txt).
//
// Demonym does not allocate; it is safe for concurrent use.
func Demonym(word string) (place string, ok bool) {
	var buf [maxDemonym]byte
	b := buf[:0]
	for _, r := range word {
		if len(b)+utf8.UTFMax > len(buf) {
			return "", false
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	forms := demonyms().forms
	if place, ok := lookupDemonym(forms, b); ok {
		return place, true
	}
	for i := len(b) - 1; i > 0; i-- {
		if b[i] == '-' {
			return lookupDemonym(forms, b[i+1:])
		}
	}
	return "", false
}

func lookupDemonym(forms map[string]string, b []byte) (string, bool) {
	if place, ok := forms[string(b)]; ok {
		return place, true
	}
	for _, end := range [...]string{"em", "en", "er", "es", "e"} {
		if len(b) > len(end) && string(b[len(b)-len(end):]) == end {
			if place, ok := forms[string(b[:len(b)-len(end)])]; ok {
				return place, true
			}
		}
	}
	return "", false
}

// IsPlace reports whether name is exactly (case included) one of the places
// of the demonym lexicon, such as "Russland", "Bayern" or "München".
// It does not allocate and is safe for concurrent use.
func IsPlace(name string) bool {
	return demonyms().places[name]
}
