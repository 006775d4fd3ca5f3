// Package accurate is namen's accurate model: the default feature CRF and
// a neural tagger (character CNN, word vectors learned by namen embed, a
// BiLSTM and a CRF output layer) tagging together as a hybrid
// (neural.Hybrid). On GermEval 2014 dev it scores 79.88 F1 against the
// CRF's 78.10, at about a tenth of the CRF's speed (see README.md).
//
// The model file is 48.7 MB, so the package is a module of its own: only
// programs that import it download and link it.
//
//	m, err := accurate.Model()
//	…
//	x, err := extract.New(extract.WithModel(m))
package accurate

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/namen-nlp/namen/model/neural"
)

//go:embed accurate.nmod
var file []byte

var load = sync.OnceValues(func() (*neural.Hybrid, error) {
	h, err := neural.LoadHybridBytes(file)
	if err != nil {
		return nil, fmt.Errorf("accurate: %w", err)
	}
	return h, nil
})

// Model returns the accurate model, decoding it on the first call (about
// 0.3 s and 100 MB). The model is shared: it is immutable and safe for
// concurrent use.
func Model() (*neural.Hybrid, error) { return load() }
