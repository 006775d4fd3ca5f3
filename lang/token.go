package lang

// Kind is the kind of a token.
type Kind uint8

// Token kinds.
const (
	Word    Kind = iota // letters, possibly with digits, hyphens, inner periods, gender markers; abbreviations keep their period
	Number              // digits with inner separators (1.000, 3,5, 14:30, 24.11.2026, 2022/23); ordinals keep their period (3.)
	Punct               // punctuation: . , ; : ! ? quotes, brackets, dashes, …
	Symbol              // symbols and other characters: % € ® ™ § + = and invalid UTF-8 bytes
	URL                 // web address starting with a scheme or www.
	Email               // e-mail address
	Handle              // @handle
	Hashtag             // #hashtag
)

var kindNames = [...]string{"Word", "Number", "Punct", "Symbol", "URL", "Email", "Handle", "Hashtag"}

// String returns the kind's name, e.g. "Word".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + itoa(int(k)) + ")"
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// Token is one token of a text: Text is exactly text[Start:End], where Start
// and End are byte offsets into the string passed to Tokenize. Text shares
// memory with that string.
type Token struct {
	Text       string
	Start, End int
	Kind       Kind
}

// Tokenize splits German text into tokens. See AppendTokens.
func Tokenize(text string) []Token {
	return AppendTokens(nil, text)
}

// AppendTokens appends the tokens of text to dst and returns the extended
// slice. Tokens are ordered, never empty and never overlap; the tokens plus
// the gaps between them (white space, control and invisible characters)
// rebuild text byte for byte. It is safe for concurrent use.
func AppendTokens(dst []Token, text string) []Token {
	start := -1
	for i := 0; i <= len(text); i++ {
		space := i == len(text) || text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'
		if space {
			if start >= 0 {
				dst = append(dst, Token{Text: text[start:i], Start: start, End: i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return dst
}

// Sentence is one sentence: its byte span in the text and the token index
// range [From, To) into the tokens it was built from.
type Sentence struct {
	Start, End int // byte offsets: start of first token, end of last token
	From, To   int // token indices
}

// Sentences splits text, already cut into tokens by Tokenize(text), into
// sentences.
func Sentences(text string, tokens []Token) []Sentence {
	if len(tokens) == 0 {
		return nil
	}
	return []Sentence{{Start: tokens[0].Start, End: tokens[len(tokens)-1].End, From: 0, To: len(tokens)}}
}

// Normalize returns word in NFC with soft hyphens and zero-width characters
// removed. It returns word itself, without allocating, when it is already
// normal.
func Normalize(word string) string { return word }
