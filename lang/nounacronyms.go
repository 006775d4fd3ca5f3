package lang

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// nounAcronymData is the list of acronyms that stand for common nouns; see
// its header for source, licence and format.
//
//go:embed data/nounacronyms.txt
var nounAcronymData string

// nounAcronyms parses the embedded list once, on first use. A malformed
// file (caught by the package tests) yields an empty set, never a panic.
var nounAcronyms = sync.OnceValue(func() map[string]bool {
	set, err := parseNounAcronyms(nounAcronymData)
	if err != nil {
		return nil
	}
	return set
})

// parseNounAcronyms parses lines of `acronym<TAB>meaning`. Keys share
// memory with data.
func parseNounAcronyms(data string) (map[string]bool, error) {
	set := map[string]bool{}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		acr, meaning, ok := strings.Cut(line, "\t")
		if !ok || acr == "" || strings.TrimSpace(meaning) == "" || strings.ContainsAny(acr, " -") {
			return nil, fmt.Errorf("lang: nounacronyms line %d: want acronym<TAB>meaning, got %q", n+1, line)
		}
		if set[acr] {
			return nil, fmt.Errorf("lang: nounacronyms line %d: duplicate acronym %q", n+1, acr)
		}
		set[acr] = true
	}
	return set, nil
}

// NounAcronym reports whether word is an acronym that stands for a common
// noun rather than a name, such as KI (künstliche Intelligenz), IT, EDV,
// Lkw or CO2, or the plural in -s of one (PCs, Lkws). Matching is exact,
// case included: "Ki" and "it" are not in the list
// (lang/data/nounacronyms.txt). Organisations (NATO, BND), legal forms
// (GmbH, AG) and acronyms that are often names as well (WM, HR) are not
// noun acronyms.
//
// NounAcronym does not allocate; it is safe for concurrent use.
func NounAcronym(word string) bool {
	set := nounAcronyms()
	if set[word] {
		return true
	}
	stem, ok := strings.CutSuffix(word, "s")
	return ok && set[stem]
}
