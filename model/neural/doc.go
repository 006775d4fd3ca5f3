// Package neural is namen's accurate tagger: a bidirectional LSTM over
// word vectors (package vectors), character and word-shape features,
// with a linear-chain CRF output layer. Its layers compute forward and
// backward passes on float32 with the kernels of package f32. A
// word-level bidirectional language model (BiLM, TrainLM), learned from
// unlabelled text, can add its states to the tagger's inputs.
package neural
