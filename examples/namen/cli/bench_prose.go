package cli

import (
	"fmt"

	"github.com/jdkato/prose/v2"
)

// proseRunner runs prose v2's full pipeline (the baseline) with one
// shared model. prose segments, tokenizes, POS-tags and classifies
// entities itself; its Punkt sentence tokenizer is built by every
// NewDocument call, as in any prose program.
type proseRunner struct {
	model *prose.Model
}

// newProseRunner loads prose's English tagger and entity model once.
func newProseRunner() *proseRunner {
	doc, _ := prose.NewDocument("") // loads the default model; never fails
	return &proseRunner{model: doc.Model}
}

// run processes every document with all of prose's stages and returns the
// number of tokens prose made.
func (p *proseRunner) run(docs []string) (int, error) {
	n := 0
	for _, d := range docs {
		doc, err := prose.NewDocument(d, prose.UsingModel(p.model))
		if err != nil {
			return 0, fmt.Errorf("prose: %w", err)
		}
		n += len(doc.Tokens())
		_ = doc.Entities()
		_ = doc.Sentences()
	}
	return n, nil
}
