package lang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a token.
type Kind uint8

// Token kinds.
const (
	// Word is a run of letters, possibly with digits, marks, inner hyphens
	// (NATO-Generalsekretär), a suspended hyphen (Ost-), inner periods
	// (E.ON, heise.de), apostrophes (gibt's), slashes (km/h) and gender
	// markers (Lehrer:innen); abbreviations keep their period (z.B., Dr.).
	Word Kind = iota
	// Number is digits with inner separators (1.000.000, 3,5, 14:30,
	// 24.11.2026, 2022/23); ordinals keep their period (3.).
	Number
	// Punct is punctuation: . , ; : ! ? quotes, brackets, dashes, …
	Punct
	// Symbol is any other visible character: % € ® ™ § + = emoji, and runs
	// of bytes that are not valid UTF-8.
	Symbol
	// URL is a web address starting with a scheme (https://) or www.
	URL
	// Email is an e-mail address.
	Email
	// Handle is a social-media handle: @ followed by letters, digits or _.
	Handle
	// Hashtag is # followed by a letter and more letters, digits or _.
	Hashtag
)

var kindNames = [...]string{"word", "number", "punct", "symbol", "url", "email", "handle", "hashtag"}

// String returns the kind's name in lower case, e.g. "word", as in JSON.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText encodes k by its name, so JSON shows "word", not a number.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) {
		return nil, fmt.Errorf("lang: invalid token kind %d", k)
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind name written by MarshalText, ignoring
// case.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, name := range kindNames {
		if strings.EqualFold(string(b), name) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("lang: unknown token kind %q", b)
}

// Token is one token of a text. Start and End are byte offsets into the
// string given to Tokenize, and Text is exactly text[Start:End] (it shares
// that string's memory).
type Token struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  Kind   `json:"kind"`
}

// Tokenize splits German text into tokens the way the GermEval 2014 corpus
// is tokenized. It accepts any string: invalid UTF-8 becomes Symbol
// tokens, and nothing is lost — the tokens plus the gaps between them
// rebuild text byte for byte. See AppendTokens for the rules.
func Tokenize(text string) []Token {
	// German prose averages about one token per 6 bytes (GermEval dev:
	// 6.4); sizing the slice once avoids regrowing it.
	return AppendTokens(make([]Token, 0, len(text)/6+1), text)
}

// AppendTokens appends the tokens of text to dst and returns the extended
// slice; passing a reused dst[:0] makes tokenizing allocation-free once the
// slice is large enough.
//
// Tokens are ordered, never empty and never overlap; their offsets fall on
// UTF-8 boundaries of valid input. The gaps between them hold white space
// (including NBSP and other Unicode spaces), control characters and
// invisible characters (soft hyphen, zero-width characters) that are not
// inside a word; inside a word such characters and combining marks stay
// part of the word, so NFC and NFD text tokenize alike.
//
// Rules, in short: hyphenated compounds stay whole and a suspended hyphen
// stays with its word (Ost- und Westeuropa); abbreviations from
// data/abbreviations.txt, single letters (initials, z. B.), Roman numerals
// (Wilhelm II.) and ordinals (am 3. Oktober) keep their period; dates,
// times and numbers stay whole (24.11.2026, 14:30, 3,5, 2022/23);
// punctuation, quotes and symbols are tokens of their own; URLs, e-mail
// addresses, @handles and #hashtags stay whole.
//
// AppendTokens is safe for concurrent use.
func AppendTokens(dst []Token, text string) []Token {
	dst, _ = AppendTokensFrom(dst, text, 0, len(text))
	return dst
}

// AppendTokensFrom is AppendTokens in steps: it appends to dst the tokens
// of text that start at byte offset from or later and before offset to,
// and returns the extended slice and the offset to continue from
// (len(text) when the text is done). from must be 0 or an offset
// AppendTokensFrom returned for the same text; the steps together give
// exactly the tokens of AppendTokens. A step takes time linear in to-from
// and in the length of its last token (at most MaxTokenBytes), so callers
// can check a deadline between steps.
func AppendTokensFrom(dst []Token, text string, from, to int) ([]Token, int) {
	abbr := abbreviations()
	i := max(from, 0)
	for i < len(text) && i < to {
		var r rune
		size := 1
		for i < len(text) {
			c := text[i]
			if c == ' ' {
				i++
				continue
			}
			size = 1
			if c < utf8.RuneSelf {
				r = rune(c)
			} else {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
			if !isGap(r, size) {
				break
			}
			i += size
		}
		if i >= len(text) || i >= to {
			break
		}
		end, kind := scan(text[:window(text, i)], i, r, size, abbr)
		dst = append(dst, Token{Text: text[i:end], Start: i, End: end, Kind: kind})
		i = end
	}
	return dst, min(i, len(text))
}

// MaxTokenBytes is the longest token, in bytes. The tokenizer sees the
// text only up to MaxTokenBytes from a token's start (cut back to a
// character boundary): a longer run of letters, say, is cut there into
// tokens of at most this size. No word of any language comes near it; the
// cap bounds the work on each token in every later step.
const MaxTokenBytes = 64 << 10

// window returns the end of the text the tokenizer may look at for the
// token starting at text[i]: i+MaxTokenBytes, or less to end on a
// character boundary, and at least one character past i.
func window(text string, i int) int {
	w := i + MaxTokenBytes
	if w >= len(text) {
		return len(text)
	}
	for k := 0; k < utf8.UTFMax && w > i+1 && !utf8.RuneStart(text[w]); k++ {
		w--
	}
	return w
}

// ASCII character classes.
const (
	cSpace = 1 << iota // white space and control characters
	cLetter
	cDigit
	cUpper
)

var ascii = func() (t [utf8.RuneSelf]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c <= ' ' || c == 0x7f:
			t[c] = cSpace
		case 'a' <= c && c <= 'z':
			t[c] = cLetter
		case 'A' <= c && c <= 'Z':
			t[c] = cLetter | cUpper
		case '0' <= c && c <= '9':
			t[c] = cDigit
		}
	}
	return t
}()

// isInvisible reports whether r is an invisible formatting character
// (Unicode category Cf): soft hyphen, zero-width space and joiners,
// directional marks, word joiner, byte-order mark, tag characters.
func isInvisible(r rune) bool {
	return r >= 0xAD && unicode.Is(unicode.Cf, r)
}

// isGap reports whether the rune r (of size bytes) separates tokens.
func isGap(r rune, size int) bool {
	if r < utf8.RuneSelf {
		return ascii[r]&cSpace != 0
	}
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return unicode.IsSpace(r) || unicode.IsControl(r) || isInvisible(r)
}

// isAlnum reports whether r continues or starts a word or number: letters,
// digits, other numbers (², ½) and combining marks.
func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return ascii[r]&(cLetter|cDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// decode returns the rune at text[i:] and its size; (-1, 0) at the end.
func decode(text string, i int) (rune, int) {
	if i >= len(text) {
		return -1, 0
	}
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// alnumAt reports whether a word character starts at text[i:].
func alnumAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return ascii[c]&(cLetter|cDigit) != 0
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isAlnum(r)
}

func digitAt(text string, i int) bool {
	return i >= 0 && i < len(text) && '0' <= text[i] && text[i] <= '9'
}

func letterAt(text string, i int) bool {
	r, _ := decode(text, i)
	if r < 0 {
		return false
	}
	if r < utf8.RuneSelf {
		return ascii[r]&cLetter != 0
	}
	return unicode.IsLetter(r)
}

func lowerAt(text string, i int) bool {
	r, _ := decode(text, i)
	if r < 0 {
		return false
	}
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r)
}

// scan returns the end and kind of the token that starts with rune r (of
// size bytes) at text[i].
func scan(text string, i int, r rune, size int, abbr *abbrevs) (int, Kind) {
	switch {
	case isAlnum(r):
		switch r {
		case 'h', 'H', 'f', 'F', 'w', 'W':
			if end, ok := scanURL(text, i); ok {
				return end, URL
			}
		}
		return scanWord(text, i, abbr)
	case r == '@':
		if end := scanName(text, i+1); end > i+1 && !alnumBefore(text, i) {
			return end, Handle
		}
	case r == '#':
		if letterAt(text, i+1) && !alnumBefore(text, i) {
			return scanName(text, i+1), Hashtag
		}
	case r == '-' || r == 0x2010 || r == 0x2011:
		// A leading hyphen joins the word it is written onto (-Zeitung,
		// -1); a run of hyphens is one dash.
		if alnumAt(text, i+size) && !alnumBefore(text, i) {
			return scanWord(text, i+size, abbr)
		}
		return run(text, i, r, size), Punct
	case r == 0xB0 && letterAt(text, i+size): // °C, °F
		end, _ := scanAlnum(text, i+size)
		return end, Word
	case (r == '\'' || r == 0x2019) && twoDigitYear(text, i+size):
		return i + size + 2, Number // '08, ’43
	case r == '.' || r == '!' || r == '?' || r == '\'' || r == '`':
		// "...", "!!", "''" are one token each.
		return run(text, i, r, size), Punct
	case r == utf8.RuneError && size == 1:
		// A run of bytes that are not UTF-8.
		j := i + 1
		for j < len(text) {
			if r, n := utf8.DecodeRuneInString(text[j:]); r != utf8.RuneError || n != 1 {
				break
			}
			j++
		}
		return j, Symbol
	}
	end := attachMarks(text, i+size)
	if unicode.IsPunct(r) && !isSymbolPunct(r) {
		return end, Punct
	}
	return end, Symbol
}

// isSymbolPunct reports whether r is classed as punctuation by Unicode but
// used as a symbol in prose (5 %, § 3, AT & T).
func isSymbolPunct(r rune) bool {
	switch r {
	case '%', '‰', '‱', '§', '&', '#', '@', '*', '†', '‡', '¶':
		return true
	}
	return false
}

// attachMarks returns the end of the combining marks, variation selectors
// and zero-width-joined characters that follow a symbol at text[:i] (emoji
// sequences stay whole).
func attachMarks(text string, i int) int {
	for i < len(text) {
		r, n := decode(text, i)
		switch {
		case unicode.IsMark(r), 0x1F3FB <= r && r <= 0x1F3FF, 0xE0020 <= r && r <= 0xE007F:
			// marks and variation selectors, skin tones, emoji tags
			i += n
		case r == 0x200D: // zero-width joiner: keep the joined character
			r2, n2 := decode(text, i+n)
			if n2 == 0 || isGap(r2, n2) {
				return i
			}
			i += n + n2
		default:
			return i
		}
	}
	return i
}

// run returns the end of the run of rune r (size bytes each) at text[i].
func run(text string, i int, r rune, size int) int {
	j := i + size
	for {
		r2, n := decode(text, j)
		if r2 != r {
			return attachMarks(text, j)
		}
		j += n
	}
}

// alnumBefore reports whether the rune before text[i] is a word character.
func alnumBefore(text string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return isAlnum(r)
}

// scanName returns the end of the run of letters, digits, marks and
// underscores from text[i] (the name of a handle or hashtag).
func scanName(text string, i int) int {
	for i < len(text) {
		if text[i] == '_' {
			i++
			continue
		}
		r, n := decode(text, i)
		if !isAlnum(r) {
			break
		}
		i += n
	}
	return i
}

// scanAlnum returns the end of the run of word characters at text[i:],
// with invisible characters inside the run, and whether it holds a letter.
func scanAlnum(text string, i int) (end int, letter bool) {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			f := ascii[c]
			if f&(cLetter|cDigit) == 0 {
				break
			}
			letter = letter || f&cLetter != 0
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsNumber(r) || unicode.IsMark(r):
		case isInvisible(r) && alnumAt(text, i+n):
		default:
			return i, letter
		}
		i += n
	}
	return i, letter
}

// scanURL returns the end of a URL starting at text[i] with a scheme or
// "www.", trimmed of trailing punctuation and unbalanced closing brackets.
func scanURL(text string, i int) (int, bool) {
	rest := text[i:]
	var p int
	switch {
	case hasPrefixFold(rest, "https://"):
		p = 8
	case hasPrefixFold(rest, "http://"):
		p = 7
	case hasPrefixFold(rest, "ftp://"):
		p = 6
	case hasPrefixFold(rest, "www.") && alnumAt(rest, 4):
		p = 4
	default:
		return 0, false
	}
	j := i + p
	paren, bracket := 0, 0
	for j < len(text) {
		r, n := decode(text, j)
		if isGap(r, n) || r == '"' || r == '<' || r == '>' || (r >= utf8.RuneSelf && unicode.IsPunct(r) && r != 0x2010) {
			break
		}
		switch r {
		case '(':
			paren++
		case ')':
			paren--
		case '[':
			bracket++
		case ']':
			bracket--
		}
		j += n
	}
	for j > i+p {
		switch text[j-1] {
		case '.', ',', ';', ':', '!', '?', '\'':
		case ')':
			if paren >= 0 {
				return j, true
			}
			paren++
		case ']':
			if bracket >= 0 {
				return j, true
			}
			bracket++
		default:
			return j, true
		}
		j--
	}
	return j, true
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}

// scanWord returns the end and kind of the word or number that starts at
// text[i] (a word character).
func scanWord(text string, i int, abbr *abbrevs) (int, Kind) {
	j, letter := scanAlnum(text, i)
	segStart := i // start of the current period-separated segment
	dotted := false
	for j < len(text) {
		c := text[j]
		var join bool
		switch c {
		case '-':
			join = alnumAt(text, j+1)
			if !join && isSuspended(text, j+1) {
				return j + 1, wordKind(letter)
			}
		case '.':
			// 1.000.000, 24.11.2026, E.ON, heise.de, z.B.
			if digitAt(text, j-1) {
				join = digitAt(text, j+1)
			} else {
				join = letterAt(text, j+1)
			}
			if join {
				dotted = true
				segStart = j + 1
			}
		case ',':
			join = digitAt(text, j-1) && digitAt(text, j+1)
		case ':':
			// 14:30, 1:1, Lehrer:innen
			join = digitAt(text, j-1) && digitAt(text, j+1) || letter && genderSuffix(text, j+1)
		case '/':
			// km/h, 2022/23, und/oder, m/w/d
			join = alnumAt(text, j+1)
		case '*':
			join = letter && lowerAt(text, j+1)
		case '_':
			join = alnumAt(text, j+1)
		case '&':
			join = letter && letterAt(text, j+1)
		case '\'':
			join = letter && letterAt(text, j+1)
			if !join && genitiveApostrophe(text, j, 1) {
				return j + 1, Word
			}
		case '@':
			if end, ok := scanEmailDomain(text, j+1); ok {
				return end, Email
			}
		default:
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(text[j:])
				switch r {
				case 0x2010, 0x2011: // hyphen, non-breaking hyphen
					if alnumAt(text, j+n) {
						j, letter = scanAlnumFrom(text, j+n, letter)
						continue
					}
					if isSuspended(text, j+n) {
						return j + n, wordKind(letter)
					}
				case 0x2019, 0x02BC: // ’ ʼ as apostrophe
					if letter && letterAt(text, j+n) {
						j, letter = scanAlnumFrom(text, j+n, letter)
						continue
					}
					if genitiveApostrophe(text, j, n) {
						return j + n, Word
					}
				case 0x2013: // en dash in a range written without spaces: 1860–1941, Köln–Bonn
					if alnumAt(text, j+n) {
						j, letter = scanAlnumFrom(text, j+n, letter)
						continue
					}
				case 0xB0: // degree sign: 90°, 37 °C is "°C"
					if digitAt(text, j-1) {
						j += n
						if letterAt(text, j) {
							j, letter = scanAlnumFrom(text, j, letter)
						}
						continue
					}
				}
			}
		}
		if !join {
			break
		}
		j, letter = scanAlnumFrom(text, j+1, letter)
	}
	kind := wordKind(letter)
	if j < len(text) && text[j] == '.' && takesPeriod(text, i, j, segStart, dotted, kind, abbr) {
		j++
	}
	return j, kind
}

// wordKind is Word for a token with a letter, else Number.
func wordKind(letter bool) Kind {
	if letter {
		return Word
	}
	return Number
}

func scanAlnumFrom(text string, i int, letter bool) (int, bool) {
	j, l := scanAlnum(text, i)
	return j, letter || l
}

// isSuspended reports whether a hyphen ending before text[i] is a
// suspended hyphen (Ost- und Westeuropa, Ein- oder Ausgang, Bau-,
// Wirtschafts- …, (Früh-)): it is followed by a gap, a comma, a slash or
// a closing parenthesis.
func isSuspended(text string, i int) bool {
	r, n := decode(text, i)
	if n == 0 {
		return false
	}
	return r == ',' || r == '/' || r == ')' || isGap(r, n)
}

// twoDigitYear reports whether text[i:] starts with two digits and no
// third: the year after an apostrophe ('08).
func twoDigitYear(text string, i int) bool {
	return digitAt(text, i) && digitAt(text, i+1) && !alnumAt(text, i+2)
}

// genitiveApostrophe reports whether the apostrophe of size bytes at
// text[j] marks the genitive of a name ending in s, x, z or ß (Holmes'
// Methode): it follows one of these letters and no letter follows it.
func genitiveApostrophe(text string, j, size int) bool {
	if j == 0 || letterAt(text, j+size) {
		return false
	}
	switch text[j-1] {
	case 's', 'x', 'z':
		return true
	}
	return strings.HasSuffix(text[:j], "ß")
}

// genderSuffix reports whether text[i:] starts with the feminine suffix of
// a German gender form (Lehrer:innen, Kolleg:in) followed by a non-letter.
func genderSuffix(text string, i int) bool {
	for _, s := range [...]string{"innen", "in"} {
		if len(text)-i >= len(s) && text[i:i+len(s)] == s && !letterAt(text, i+len(s)) {
			return true
		}
	}
	return false
}

// scanEmailDomain returns the end of the domain of an e-mail address whose
// "@" ends before text[i], and false if there is no dotted domain.
func scanEmailDomain(text string, i int) (int, bool) {
	j, _ := scanAlnum(text, i)
	if j == i {
		return 0, false
	}
	dots := 0
	for j < len(text) && (text[j] == '.' || text[j] == '-') && alnumAt(text, j+1) {
		if text[j] == '.' {
			dots++
		}
		j, _ = scanAlnum(text, j+1)
	}
	return j, dots > 0
}

// takesPeriod decides whether the period at text[j] belongs to the word or
// number text[i:j]; segStart is the start of its last period-separated
// segment and dotted whether it has inner periods.
func takesPeriod(text string, i, j, segStart int, dotted bool, kind Kind, abbr *abbrevs) bool {
	if j+1 < len(text) && text[j+1] == '.' {
		return false // an ellipsis follows
	}
	next, nextSize, paraEnd := nextVisible(text, j+1)
	if kind == Number {
		if nextSize == 0 || paraEnd {
			return false // a sentence ends with the number
		}
		if dotted {
			// 09.10. (a date without year), but not 1.000.
			return j-segStart <= 2 && segStart-i <= 3
		}
		if j-i <= 3 {
			return true // am 3. Oktober, 3. und 4., im 20. Jahrhundert
		}
		return isLower(next) // im 1000. Jahr, but 1990. Dann …
	}
	w := text[i:j]
	if f, ok := abbr.lookup(w); ok {
		return f&abbrSep == 0 && (f&abbrNum == 0 || next >= '0' && next <= '9')
	}
	if !dotted && letters(w) == 1 {
		return true // initials (W. Putin) and spaced abbreviations (z. B.)
	}
	if dotted && singleLetterSegments(w) {
		return true // z.B., u.a., i.d.R., U.S.A.
	}
	if isRoman(w) && nextSize != 0 && !paraEnd {
		return true // Wilhelm II., Papst Johannes XXIII.
	}
	return false
}

// nextVisible returns the first rune after the gap that starts at text[i]
// (size 0 at the end of text) and whether the gap holds a paragraph break
// (a blank line).
func nextVisible(text string, i int) (r rune, size int, paraEnd bool) {
	newlines := 0
	for i < len(text) {
		r, size = decode(text, i)
		if !isGap(r, size) {
			return r, size, newlines >= 2
		}
		if r == '\n' {
			newlines++
		}
		i += size
	}
	return -1, 0, newlines >= 2
}

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r)
}

// letters returns the number of characters in w, not counting combining
// marks and invisible characters (so NFD "Ä" is one).
func letters(w string) int {
	n := 0
	for _, r := range w {
		if !unicode.IsMark(r) && !isInvisible(r) {
			n++
		}
	}
	return n
}

// singleLetterSegments reports whether every period-separated part of w is
// a single letter (z.B, u.a, i.d.R).
func singleLetterSegments(w string) bool {
	n := 0
	for _, r := range w {
		if r == '.' {
			n = 0
			continue
		}
		if unicode.IsMark(r) || isInvisible(r) {
			continue
		}
		if n++; n > 1 || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// isRoman reports whether w is a Roman numeral of I, V and X of at least
// two letters (II, XIV); a single letter is an initial anyway.
func isRoman(w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for k := 0; k < len(w); k++ {
		switch w[k] {
		case 'I', 'V', 'X':
		default:
			return false
		}
	}
	return true
}
