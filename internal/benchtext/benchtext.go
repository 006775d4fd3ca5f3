// Package benchtext assembles the realistic German text the benchmarks
// run on: the seed article (testdata/seed/article.txt) and, when the
// shared data is present, the GermEval 2014 dev sentences written back as
// running text (detokenized), grouped into documents.
package benchtext

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
)

// SentencesPerDoc is how many dev sentences make one document (about the
// size of the seed article).
const SentencesPerDoc = 20

// Corpus is benchmark text split into documents.
type Corpus struct {
	Docs   []string // each a separate input to the pipeline
	Source string   // what the text is, for reports
}

// Default returns the seed article as one document followed by the
// GermEval dev sentences (detokenized, a sentence per line,
// SentencesPerDoc sentences per document). Without the shared data it
// returns the article alone and says so in Source.
func Default() (*Corpus, error) {
	path, err := Article()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("benchtext: %w", err)
	}
	c := &Corpus{Docs: []string{string(b)}, Source: "testdata/seed/article.txt"}
	dev, err := Dev()
	if err != nil {
		c.Source += " (GermEval dev absent: " + err.Error() + ")"
		return c, nil
	}
	c.Docs = append(c.Docs, dev...)
	c.Source += fmt.Sprintf(" + GermEval 2014 dev detokenized (%d docs of %d sentences)", len(dev), SentencesPerDoc)
	return c, nil
}

// Dev returns the GermEval 2014 dev sentences detokenized, a sentence per
// line, SentencesPerDoc sentences per document.
func Dev() ([]string, error) {
	p, err := shared.Path("germeval2014", "NER-de-dev.tsv")
	if err != nil {
		return nil, err
	}
	sents, err := corpus.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("benchtext: %w", err)
	}
	var docs []string
	var sb strings.Builder
	for i, s := range sents {
		sb.WriteString(Detokenize(s.Words))
		sb.WriteByte('\n')
		if (i+1)%SentencesPerDoc == 0 || i == len(sents)-1 {
			docs = append(docs, sb.String())
			sb.Reset()
		}
	}
	return docs, nil
}

// Article returns the path of testdata/seed/article.txt, looked up from
// the working directory upwards to the module root.
func Article() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("benchtext: %w", err)
	}
	for dir := wd; ; {
		p := filepath.Join(dir, "testdata", "seed", "article.txt")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "lang")); err == nil {
				break // the module root: no article here
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", errors.New("benchtext: testdata/seed/article.txt not found above " + wd)
}

// Detokenize writes tokenized words as running text: no space before
// closing punctuation and quotes, none after opening brackets and quotes;
// an ambiguous straight quote alternates between opening and closing.
func Detokenize(words []string) string {
	var b strings.Builder
	quoteOpen := false
	glue := true // no space before the next word
	for _, w := range words {
		left, right := false, false
		switch w {
		case ",", ".", ")", "]", ":", ";", "!", "?", "...", "…", "“", "‘", "”", "«":
			left = true
		case "(", "[", "„", "‚", "»":
			right = true
		case "\"", "''", "'":
			left, right = quoteOpen, !quoteOpen
			quoteOpen = !quoteOpen
		}
		if !glue && !left {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		glue = right
	}
	return b.String()
}
