// Package corpus reads tagged training and evaluation corpora: GermEval 2014
// TSV (idx, token, outer, inner) and CoNLL-style files whose first column
// is the token and whose last column is the tag.
package corpus

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Format selects how a line's columns are read.
type Format int

const (
	// GermEval is the GermEval 2014 TSV: "idx<TAB>token<TAB>outer<TAB>inner",
	// with "#<TAB>url<TAB>[date]" comment lines; the outer tag is used.
	GermEval Format = iota
	// CoNLL is any whitespace-separated format with the token in the first
	// column and the tag in the last (CoNLL-2003 and similar).
	CoNLL
)

// Sentence is one tagged sentence: Words[i] carries tag Tags[i] (a string
// as written in the file, e.g. "B-PER" or "O").
type Sentence struct {
	Words []string
	Tags  []string
}

// Detect guesses the format of a file from its first data line: four
// tab-separated columns starting with a number, or a "#\t" comment line,
// mean GermEval; anything else CoNLL.
func Detect(firstLine string) Format {
	if strings.HasPrefix(firstLine, "#\t") {
		return GermEval
	}
	cols := strings.Split(firstLine, "\t")
	if len(cols) == 4 && cols[0] != "" && strings.Trim(cols[0], "0123456789") == "" {
		return GermEval
	}
	return CoNLL
}

// Read reads all sentences from r in the given format. Blank lines end
// sentences; "-DOCSTART-" lines and, in GermEval, "#" lines are skipped.
// Errors name the line number.
func Read(r io.Reader, f Format) ([]Sentence, error) {
	var (
		out []Sentence
		cur Sentence
		sc  = bufio.NewScanner(r)
		n   = 0
	)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	flush := func() {
		if len(cur.Words) > 0 {
			out = append(out, cur)
			cur = Sentence{}
		}
	}
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if strings.HasPrefix(line, "-DOCSTART-") {
			continue
		}
		var word, tag string
		switch f {
		case GermEval:
			if strings.HasPrefix(line, "#\t") || line == "#" {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) < 3 {
				return nil, fmt.Errorf("corpus: line %d: want idx, token, tag columns, got %d columns", n, len(cols))
			}
			word, tag = cols[1], cols[2]
		default:
			cols := strings.Fields(line)
			if len(cols) < 2 {
				return nil, fmt.Errorf("corpus: line %d: want token and tag columns, got %q", n, line)
			}
			word, tag = cols[0], cols[len(cols)-1]
		}
		cur.Words = append(cur.Words, word)
		cur.Tags = append(cur.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("corpus: line %d: %w", n+1, err)
	}
	flush()
	return out, nil
}

// ReadFile reads a corpus file, detecting its format from the first
// non-blank line.
func ReadFile(path string) ([]Sentence, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	first := ""
	for _, l := range strings.SplitN(string(data), "\n", 50) {
		if strings.TrimSpace(l) != "" {
			first = l
			break
		}
	}
	s, err := Read(strings.NewReader(string(data)), Detect(first))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
