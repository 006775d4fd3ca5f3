package neural

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/namen-nlp/namen/model"
)

// A word-level bidirectional language model (BiLM) gives the tagger
// context learned from unlabelled text (Peters et al. 2017): one LSTM
// reads a sentence left to right and predicts each next word, another
// reads it right to left and predicts each previous word. Their states at
// a word, which summarise the whole sentence around it, become inputs of
// the tagger. The BiLM reads the same fixed word vectors as the tagger,
// so that it has a state for every word, seen or not, and is trained
// once, on unlabelled text (TrainLM); the tagger keeps it fixed.

// BiLM is a trained bidirectional language model. It is immutable and
// safe for concurrent use.
type BiLM struct {
	dims, hidden int
	params       []float32 // the forward LSTM, then the backward one
	info         string
}

// Hidden returns the units of each direction.
func (m *BiLM) Hidden() int { return m.hidden }

// Info returns the description stored with the language model.
func (m *BiLM) Info() string { return m.info }

// lmIn returns the width of a BiLM's input rows for word vectors of dims
// values: the vector, a flag that marks the sentence boundary, and zeros
// up to a multiple of 8 for the kernels.
func lmIn(dims int) int { return (dims + 1 + 7) &^ 7 }

// newBiLMLayers takes the two directions of a BiLM from a.
func newBiLMLayers(a *arena, dims, hidden int) (fwd, bwd *lstm) {
	return newLSTM(a, lmIn(dims), hidden), newLSTM(a, lmIn(dims), hidden)
}

// lmParamCount returns the number of parameters of a BiLM.
func lmParamCount(dims, hidden int) int {
	a := &arena{}
	newBiLMLayers(a, dims, hidden)
	return a.used
}

// lmRows writes the BiLM's input rows of n words to x ((n+2)×lmIn(dims)
// values): the boundary, the words' vectors (vec(i) returns word i's
// dims values) and the boundary again.
func lmRows(x []float32, n, dims int, vec func(i int) []float32) {
	in := lmIn(dims)
	clear(x[:(n+2)*in])
	x[dims] = 1
	for i := range n {
		copy(x[(i+1)*in:(i+1)*in+dims], vec(i))
	}
	x[(n+1)*in+dims] = 1
}

// lmRun runs both directions over the rows x of n words (see lmRows):
// the forward LSTM over the boundary and the words, the backward one
// over the words and the boundary. The state of word i (from 0) is row
// i+1 of fs.out and row i of bs.out; row 0 of fs.out and row n of bs.out
// are the states after the boundary alone.
func lmRun(fwd, bwd *lstm, fs, bs *lstmState, x []float32, n int) {
	in := fwd.in
	fwd.forward(fs, x[:(n+1)*in], n+1, false)
	bwd.forward(bs, x[in:(n+2)*in], n+1, true)
}

// The body of a language model file (model.ArchBiLM), integers uvarints:
//
//	version  1
//	shape    Dims (of the word vectors it reads), Hidden
//	info     length, UTF-8 text
//	params   count, then as many float32 (4 bytes each)
const lmVersion = 1

// WriteTo writes the language model in the model file format. The output
// depends only on the model.
func (m *BiLM) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	uv := func(v int) { b.Write(binary.AppendUvarint(nil, uint64(v))) }
	b.WriteByte(byte(model.ArchBiLM))
	uv(lmVersion)
	uv(m.dims)
	uv(m.hidden)
	uv(len(m.info))
	b.WriteString(m.info)
	uv(len(m.params))
	for _, v := range m.params {
		b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)))
	}
	return model.WritePayload(w, b.Bytes())
}

// LoadBiLM reads a language model written by WriteTo. A file of another
// architecture gives an error wrapping model.ErrArch, bad bytes one
// wrapping model.ErrFormat.
func LoadBiLM(r io.Reader) (*BiLM, error) {
	body, err := model.ReadPayload(r, model.ArchBiLM)
	if err != nil {
		return nil, err
	}
	m, err := decodeBiLM(body)
	if err != nil {
		return nil, fmt.Errorf("neural: load language model: %w: %w", err, model.ErrFormat)
	}
	return m, nil
}

func decodeBiLM(body []byte) (*BiLM, error) {
	d := &decoder{b: body}
	if v := d.uvarint("version", math.MaxInt32); d.err == nil && v != lmVersion {
		return nil, fmt.Errorf("body version %d, want %d", v, lmVersion)
	}
	m := &BiLM{dims: d.uvarint("dimensions", maxDim), hidden: d.uvarint("hidden units", maxDim)}
	m.info = string(d.bytes(d.uvarint("info length", len(d.b)), "info"))
	n := d.uvarint("parameter count", math.MaxInt32)
	if d.err != nil {
		return nil, d.err
	}
	if m.dims == 0 || m.hidden == 0 || m.hidden%4 != 0 {
		return nil, fmt.Errorf("bad shape: %d dimensions, %d hidden units", m.dims, m.hidden)
	}
	if n != lmParamCount(m.dims, m.hidden) || 4*n != len(d.b) {
		return nil, fmt.Errorf("%d parameters in %d bytes, the model has %d", n, len(d.b), lmParamCount(m.dims, m.hidden))
	}
	m.params = make([]float32, n)
	for i := range m.params {
		v := math.Float32frombits(binary.LittleEndian.Uint32(d.b[4*i:]))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("parameter %d is %v", i, v)
		}
		m.params[i] = v
	}
	return m, nil
}
