package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence: its byte span in the text and the token index
// range [From, To) into the tokens it was built from.
type Sentence struct {
	Start int `json:"start"` // byte offset of the first token's start
	End   int `json:"end"`   // byte offset of the last token's end
	From  int `json:"from"`  // index of the first token
	To    int `json:"to"`    // index after the last token
}

// maxQuote is how many tokens a quotation may run before an unclosed quote
// mark is taken for a stray one and no longer keeps sentences together.
// Short on purpose: quotations of several sentences are split into their
// sentences (as in GermEval 2014, where a larger value lowers recall; see
// TestSentenceSplitterGermEval), while a short quoted title with a period
// inside stays whole.
const maxQuote = 8

// Sentences splits text, already cut into tokens by Tokenize(text), into
// sentences; every token belongs to exactly one sentence, in order. It
// returns nil when there are no tokens.
//
// A sentence ends at a paragraph break (a blank line), before a list
// bullet (- • *) that starts a line, and after ".", "!", "?", "…" or "..."
// (with any closing quotes and brackets written right after them) when the
// line ends there or the next token starts with a capital letter or a
// digit, directly or after an opening quote or bracket — but not inside a
// quotation that is still open. Abbreviations, ordinals and initials keep
// their period inside their token (see AppendTokens) and so do not end a
// sentence; abbreviations marked "end" in data/abbreviations.txt (usw.,
// etc.) do when a capital follows.
//
// Tokens that do not belong to text (offsets outside it, out of order)
// give undefined sentence bounds but never a panic. Sentences does not
// modify tokens and is safe for concurrent use.
func Sentences(text string, tokens []Token) []Sentence {
	s := NewSentenceSplitter(text, tokens)
	s.Split(len(tokens))
	return s.Sentences()
}

// SentenceSplitter is Sentences in steps, for callers that check a
// deadline between steps. It is not safe for concurrent use.
type SentenceSplitter struct {
	text   string
	tokens []Token
	abbr   *abbrevs
	out    []Sentence
	k      int // the next token to examine
	from   int // the first token of the current sentence
	depth  int // open quotation marks
	openAt int // token index of the outermost open quote
}

// NewSentenceSplitter returns a splitter of tokens, the tokens of text.
// It keeps both until it is done with them.
func NewSentenceSplitter(text string, tokens []Token) *SentenceSplitter {
	return &SentenceSplitter{text: text, tokens: tokens, abbr: abbreviations()}
}

// Split examines the next n tokens (and the closing quotes and brackets
// right after a sentence end among them) and reports whether all tokens
// are done.
func (s *SentenceSplitter) Split(n int) bool {
	tokens := s.tokens
	stop := s.k + max(n, 1)
	for ; s.k < len(tokens) && s.k < stop; s.k++ {
		k := s.k
		t := tokens[k]
		if t.Kind == Punct {
			switch quoteRole(tokens, k, s.depth) {
			case opening:
				if s.depth == 0 {
					s.openAt = k
				}
				s.depth++
			case closing:
				if s.depth > 0 {
					s.depth--
				}
			}
		}
		if k+1 == len(tokens) {
			s.end(k)
			continue
		}
		g := gap(s.text, t.End, tokens[k+1].Start)
		if paragraphBreak(g) || strings.IndexByte(g, '\n') >= 0 && bullet(tokens[k+1].Text) {
			s.end(k)
			continue
		}
		if !terminal(s.text, tokens, k, s.abbr) {
			continue
		}
		// Take closing quotes and brackets written right after the mark.
		last := k
		d := s.depth
		for last+1 < len(tokens) && tokens[last+1].Start == tokens[last].End && closer(tokens[last+1].Text) {
			last++
			if quoteRole(tokens, last, d) == closing && d > 0 {
				d--
			}
		}
		if d > 0 && k-s.openAt < maxQuote {
			continue // inside a quotation
		}
		if last+1 < len(tokens) && (startsSentence(tokens, last+1) ||
			strings.IndexByte(gap(s.text, tokens[last].End, tokens[last+1].Start), '\n') >= 0) {
			s.k = last
			s.end(last)
		}
	}
	return s.k >= len(tokens)
}

// end ends the current sentence with token k.
func (s *SentenceSplitter) end(k int) {
	s.out = append(s.out, Sentence{Start: s.tokens[s.from].Start, End: s.tokens[k].End, From: s.from, To: k + 1})
	s.from = k + 1
	s.depth = 0
}

// Sentences returns the sentences found so far: all of them once Split
// has reported true, nil when there are no tokens.
func (s *SentenceSplitter) Sentences() []Sentence { return s.out }

// gap returns text[from:to], or "" if that is not a valid slice.
func gap(text string, from, to int) string {
	if 0 <= from && from <= to && to <= len(text) {
		return text[from:to]
	}
	return ""
}

// bullet reports whether a token that starts a line is a list bullet.
func bullet(s string) bool {
	switch s {
	case "-", "–", "—", "•", "*", "·", "▪", "‣", "◦":
		return true
	}
	return false
}

// paragraphBreak reports whether the gap between two tokens holds a blank
// line.
func paragraphBreak(gap string) bool {
	n := 0
	for k := 0; k < len(gap); k++ {
		if gap[k] == '\n' {
			if n++; n == 2 {
				return true
			}
		}
	}
	return false
}

// terminal reports whether token k can end a sentence.
func terminal(text string, tokens []Token, k int, abbr *abbrevs) bool {
	t := tokens[k]
	if t.Text == "" {
		return false
	}
	switch t.Kind {
	case Punct:
		switch t.Text[0] {
		case '!', '?':
			return true
		case '.':
			// The period of an abbreviation written as its own token
			// (vgl. is "vgl" "."), see the flag sep.
			if t.Text == "." && k > 0 && tokens[k-1].End == t.Start && tokens[k-1].Kind == Word {
				if f, ok := abbr.lookup(tokens[k-1].Text); ok && f&abbrEnd == 0 {
					return f&abbrNum != 0 && !nextIsDigit(text, t.End)
				}
			}
			return true
		}
		r, _ := utf8.DecodeRuneInString(t.Text)
		return r == '…'
	case Word:
		if len(t.Text) > 1 && t.Text[len(t.Text)-1] == '.' {
			f, ok := abbr.lookup(t.Text[:len(t.Text)-1])
			return ok && f&abbrEnd != 0
		}
	}
	return false
}

// nextIsDigit reports whether the first character after the gap at
// text[i:] is an ASCII digit.
func nextIsDigit(text string, i int) bool {
	r, _, _ := nextVisible(text, i)
	return '0' <= r && r <= '9'
}

// closer reports whether a token closes a quotation or bracket.
func closer(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case ')', ']', '"', '\'', '“', '”', '‘', '’', '«', '»', '‹', '›':
		return true
	}
	return false
}

type role uint8

const (
	none role = iota
	opening
	closing
)

// quoteRole tells whether the punctuation token k opens or closes a
// quotation, given how many quotations are open: „ and ‚ open, ” closes;
// the others (" ' “ ‘ « » ‹ ›, used either way round) open when written
// onto the following word only and close when written onto the preceding
// one only; otherwise they close an open quotation or open a new one.
func quoteRole(tokens []Token, k, depth int) role {
	r, _ := utf8.DecodeRuneInString(tokens[k].Text)
	switch r {
	case '„', '‚':
		return opening
	case '”':
		return closing
	case '"', '\'', '“', '‘', '«', '»', '‹', '›':
	default:
		return none
	}
	left := k > 0 && tokens[k-1].End == tokens[k].Start
	right := k+1 < len(tokens) && tokens[k+1].Start == tokens[k].End
	switch {
	case right && !left:
		return opening
	case left && !right, depth > 0:
		return closing
	}
	return opening
}

// startsSentence reports whether token k can begin a sentence: it starts
// with a capital letter or a digit, directly or after opening quotes and
// brackets.
func startsSentence(tokens []Token, k int) bool {
	for ; k < len(tokens); k++ {
		r, _ := utf8.DecodeRuneInString(tokens[k].Text)
		switch r {
		case '„', '‚', '"', '\'', '“', '‘', '«', '»', '‹', '›', '(', '[':
			continue
		}
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}
