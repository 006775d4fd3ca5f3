// Package model is the German named-entity tagger of namen: features,
// learning, decoding, the model file format and the embedded default
// model.
//
// The tagger labels each token of a pre-tokenized sentence with a
// GermEval 2014 outer-level BIO tag (Tag): the 12 types PER, LOC, ORG, OTH
// and their deriv and part forms. It is a first-order linear-chain model,
// trained as a conditional random field (negative log-likelihood, AdaGrad,
// averaged weights) or as a structured averaged perceptron (Train):
//
//   - Features are 64-bit hashes of a template id and of hashes of the
//     token and its neighbours: the word, its lower-case form, prefixes and
//     suffixes by rune, word shape, shape at the sentence start, a ±2
//     window of lower-case words, shapes and bigrams, the parts of hyphen
//     compounds, the word's Snowball stem, and, from the word statistics
//     table (package wordstats) stored in the model, the lower-case ratio
//     and frequency of the word, its distributional classes and those of
//     its neighbours, and gazetteer membership; a capitalised word the
//     table does not class gets the statistics of its form without -s or
//     -es (Griechenlandes → Griechenland). A name lexicon that Train
//     collects from the training data (the classes of the capitalised
//     words found in names) and stores in the model gives the parts of a
//     hyphen compound their classes (Opel-Chef), and a word that looks
//     derived from a place name known to the lexicon or the gazetteers
//     (Pulheimer ← Pulheim) a feature saying so. Extracting the features
//     builds no strings.
//   - Internally the labels are BILOU (begin, inside, last, unit), which
//     measured better than BIO on GermEval dev; the output is always BIO.
//   - Decoding is Viterbi over the valid label sequences only, so the
//     output never has an I- tag that does not continue its entity
//     (ValidAfter), whatever the weights.
//   - The confidence of each tag is its marginal probability under the
//     model, computed by forward-backward over the scores multiplied by a
//     temperature that Train fits on the dev data (maximum likelihood of
//     the confidences given whether the tags are right).
//
// A Model is immutable and safe for concurrent use; Model.Tag allocates
// its results, a Tagger reuses buffers and allocates nothing per token
// once warmed up, but is not safe for concurrent use.
//
// Model files (Model.WriteTo, Load, LoadFile) are versioned, checksummed and
// compressed; Load validates every size against the data before
// allocating. Default returns the embedded model trained on GermEval 2014
// train (see README.md in this directory for its training command and
// scores).
//
// Score and AppendSpans evaluate tags against gold tags with conlleval
// semantics (strict spans), under the full, base4 or loose scheme.
package model
