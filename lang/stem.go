package lang

import (
	"hash/maphash"
	"strings"
	"sync/atomic"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/german"
)

// Stem returns the Snowball German stem of word. The word is lowercased
// first (Unicode-aware), as the Snowball algorithm expects; "Häuser" and
// "häuser" both stem to "haus".
//
// Recent results are kept in a fixed-size cache (65,536 entries,
// words up to 32 bytes), so the frequent words of running text are stemmed
// without allocating; the cache never keeps a reference to the caller's
// string.
//
// Stem is safe for concurrent use: the cache is lock-free (atomic
// pointers to immutable entries), and every stemming works on its own
// state.
func Stem(word string) string {
	if len(word) > maxCachedWord {
		return stem(word)
	}
	slot := &stemCache[maphash.String(stemSeed, word)&(stemCacheSize-1)]
	if e := slot.Load(); e != nil && e.word == word {
		return e.stem
	}
	s := stem(word)
	e := &stemEntry{word: strings.Clone(word)}
	if s == word {
		e.stem = e.word
	} else {
		e.stem = strings.Clone(s)
	}
	slot.Store(e)
	return e.stem
}

const (
	stemCacheSize = 1 << 16
	maxCachedWord = 32
)

type stemEntry struct{ word, stem string }

var (
	stemSeed  = maphash.MakeSeed()
	stemCache [stemCacheSize]atomic.Pointer[stemEntry]
)

// stem runs the Snowball German algorithm on the lowercased word.
func stem(word string) string {
	env := snowball.NewEnv(strings.ToLower(word))
	german.Stem(env)
	return env.Current()
}
