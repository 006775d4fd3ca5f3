package model

import (
	"crypto/sha256"
	_ "embed"
	"fmt"
	"sync"

	"github.com/namen-nlp/namen/internal/bounded"
)

// defaultModel is the model trained on GermEval 2014 (see README.md in
// this directory for the training command and its scores).
//
//go:embed default.nmod
var defaultModel []byte

var loadDefault = sync.OnceValues(decodeDefault)

// decodeDefault decodes the embedded model in place (decode copies what
// it keeps).
func decodeDefault() (*Model, error) {
	m, err := Load(bounded.NewReader(defaultModel))
	if err != nil {
		return nil, fmt.Errorf("model: default model: %w", err)
	}
	return m, nil
}

// Default returns the embedded default model, decoding it on the first
// call. The Model is shared: it is immutable and safe for concurrent use.
func Default() (*Model, error) { return loadDefault() }

var defaultSum = sync.OnceValue(func() [32]byte { return sha256.Sum256(defaultModel) })

// DefaultSHA256 returns the SHA-256 checksum of the embedded default
// model's file (model/default.nmod), which identifies it.
func DefaultSHA256() [32]byte { return defaultSum() }
