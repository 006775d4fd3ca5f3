package lang

// Stem returns the Snowball German stem of word. The word is lowercased
// first (Unicode-aware), as the Snowball algorithm expects; "Häuser" and
// "häuser" both stem to "haus". Invalid UTF-8 bytes count as U+FFFD, a
// letter that is no vowel.
//
// When word is lowercase and its stem is a prefix of it (the common case:
// "verhandlungen" → "verhandl"), Stem returns a substring of word without
// allocating; otherwise it allocates the result, and for words of more
// than 64 bytes a working buffer of 4 bytes per input byte. Time and
// memory are linear in the length of word.
//
// Stem is safe for concurrent use: every call works on its own state,
// without locks.
func Stem(word string) string { return snowballGerman(word) }

// AppendStem appends the Snowball German stem of word (as Stem returns
// it) to dst and returns the extended slice. It allocates only when dst
// has to grow, and for words of more than 64 bytes (see Stem).
func AppendStem(dst []byte, word string) []byte { return appendSnowball(dst, word) }
