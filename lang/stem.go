package lang

import (
	"strings"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/german"
)

// Stem returns the Snowball German stem of word. The word is lowercased
// first (Unicode-aware), as the Snowball algorithm expects; "Häuser" and
// "häuser" both stem to "haus".
//
// Stem is safe for concurrent use: every call works on its own state.
func Stem(word string) string {
	env := snowball.NewEnv(strings.ToLower(word))
	german.Stem(env)
	return env.Current()
}
