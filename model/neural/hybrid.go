package neural

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/namen-nlp/namen/model"
)

// Hybrid tags with two models at once, a feature CRF (package model) and
// a neural Model, as a product of experts: a label sequence scores the
// CRF's score plus Weight times the neural model's, and the best valid
// sequence under the sum wins. The two models err differently (the CRF
// knows the word lists, the affixes and exact contexts, the network
// similar words and longer contexts), so the product beats both. A Hybrid
// is immutable and safe for concurrent use; each goroutine tagging many
// sentences should use its own HybridTagger.
type Hybrid struct {
	crf    *model.Model
	nn     *Model
	weight float32
	chain  *model.Chain
	info   string
}

// hybridWeights are the weights of the neural model that NewHybrid tries.
var hybridWeights = []float32{0.5, 0.75, 1, 1.5, 2, 3}

// NewHybrid combines crf and nn, which must use the same label encoding.
// It chooses the weight of nn (from 0.5 to 3) with the best F1 on dev,
// then the confidence temperature that fits dev best
// (model.FitTemperature). dev holds normalised words and gold tags.
func NewHybrid(crf *model.Model, nn *Model, dev []model.Sentence) (*Hybrid, error) {
	if crf.Encoding() != encoding {
		return nil, fmt.Errorf("neural: hybrid: the CRF uses %s labels, the network %s", crf.Encoding(), encoding)
	}
	if len(dev) == 0 {
		return nil, errors.New("neural: hybrid: no development sentences")
	}
	ct, nt := crf.NewTagger(), nn.NewTagger()
	cemit := make([][]float32, len(dev))
	nemit := make([][]float32, len(dev))
	for i, s := range dev {
		cemit[i] = append([]float32(nil), ct.Scores(s.Words)...)
		nemit[i] = append([]float32(nil), nt.scores(s.Words)...)
	}
	var best *Hybrid
	bestF1 := -1.0
	var emit []float32
	for _, w := range hybridWeights {
		h, err := newHybrid(crf, nn, w, 1, "")
		if err != nil {
			return nil, err
		}
		d := h.chain.NewDecoder()
		var sc model.Score
		for i, s := range dev {
			emit = mix(emit, cemit[i], nemit[i], w)
			tags, _ := d.Decode(emit, len(s.Words), true)
			if err := sc.Add(s.Tags, tags); err != nil {
				return nil, fmt.Errorf("neural: hybrid: %w", err)
			}
		}
		if f := sc.F1(); f > bestF1 {
			best, bestF1 = h, f
		}
	}
	trans, final := best.transitions()
	i := 0
	temp, err := model.FitTemperature(encoding, trans, final, dev, func([]string) []float32 {
		emit = mix(emit, cemit[i], nemit[i], best.weight)
		i++
		return emit
	})
	if err != nil {
		return nil, err
	}
	info := fmt.Sprintf("hybrid of a CRF and a neural model: weight %g (dev F1 %.2f over %d sentences), temperature %g", best.weight, bestF1, len(dev), temp)
	return newHybrid(crf, nn, best.weight, temp, info)
}

// newHybrid builds the chain of the product for weight w.
func newHybrid(crf *model.Model, nn *Model, w, temp float32, info string) (*Hybrid, error) {
	if !(w > 0) || math.IsInf(float64(w), 0) {
		return nil, fmt.Errorf("neural: hybrid: bad weight %v", w)
	}
	h := &Hybrid{crf: crf, nn: nn, weight: w, info: info}
	trans, final := h.transitions()
	var err error
	if h.chain, err = model.NewChain(encoding, trans, final, temp); err != nil {
		return nil, fmt.Errorf("neural: hybrid: %w", err)
	}
	return h, nil
}

// transitions returns the summed transition and final scores.
func (h *Hybrid) transitions() (trans, final []float32) {
	trans, final = h.crf.Transitions()
	for i, v := range h.nn.net.trans {
		trans[i] += h.weight * v // -Inf stays -Inf
	}
	return trans, final
}

// mix sets dst to c + w·n.
func mix(dst, c, n []float32, w float32) []float32 {
	dst = append(dst[:0], c...)
	for i, v := range n {
		dst[i] += w * v
	}
	return dst
}

// Weight returns the weight of the neural model's scores.
func (h *Hybrid) Weight() float32 { return h.weight }

// Info returns the description stored with the hybrid.
func (h *Hybrid) Info() string { return h.info }

// NewSentenceTagger implements model.Labeler.
func (h *Hybrid) NewSentenceTagger() model.SentenceTagger { return h.NewTagger() }

// HybridTagger tags sentences with a Hybrid, reusing its buffers. It is
// not safe for concurrent use.
type HybridTagger struct {
	h    *Hybrid
	crf  *model.Tagger
	nn   *Tagger
	emit []float32
	dec  *model.Decoder
}

// NewTagger returns a HybridTagger for h.
func (h *Hybrid) NewTagger() *HybridTagger {
	return &HybridTagger{h: h, crf: h.crf.NewTagger(), nn: h.nn.NewTagger(), dec: h.chain.NewDecoder()}
}

// Tag tags one sentence of words (token texts after lang.Normalize): a
// BIO tag per word, always a valid sequence, and the confidence of each
// tag, its marginal probability under the product. The results are valid
// until the next call.
func (t *HybridTagger) Tag(words []string) ([]model.Tag, []float32) {
	return t.tag(words, false)
}

// TagEntities is Tag for callers that read the confidences of entity tags
// only (see model.SentenceTagger).
func (t *HybridTagger) TagEntities(words []string) ([]model.Tag, []float32) {
	return t.tag(words, true)
}

func (t *HybridTagger) tag(words []string, entitiesOnly bool) ([]model.Tag, []float32) {
	if len(words) > 0 {
		t.emit = mix(t.emit, t.crf.Scores(words), t.nn.scores(words), t.h.weight)
	}
	return t.dec.Decode(t.emit, len(words), entitiesOnly)
}

// The body of a hybrid model file (model.ArchHybrid), integers uvarints:
//
//	version  1
//	weight   float32 (4 bytes), the weight of the neural model's scores
//	temp     float32 (4 bytes), the confidence temperature
//	info     length, UTF-8 text
//	crf      0 and the SHA-256 (32 bytes) of model.Default's file: the
//	         embedded default CRF, not stored again; or 1, a length and
//	         a whole model file of the CRF (package model)
//	neural   length, a whole model file of the neural model
const hybridVersion = 1

// WriteTo writes the hybrid in the model file format. It holds the
// neural model and, unless it is the embedded default (model.Default),
// the CRF. The output depends only on the hybrid.
func (h *Hybrid) WriteTo(w io.Writer) (int64, error) {
	var b, sub bytes.Buffer
	uv := func(v int) { b.Write(binary.AppendUvarint(nil, uint64(v))) }
	b.WriteByte(byte(model.ArchHybrid))
	uv(hybridVersion)
	b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(h.weight)))
	b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(h.chain.Temperature())))
	uv(len(h.info))
	b.WriteString(h.info)
	models := []io.WriterTo{h.nn}
	if def, err := model.Default(); err == nil && h.crf == def {
		uv(0)
		sum := model.DefaultSHA256()
		b.Write(sum[:])
	} else {
		uv(1)
		models = []io.WriterTo{h.crf, h.nn}
	}
	for _, m := range models {
		sub.Reset()
		if _, err := m.WriteTo(&sub); err != nil {
			return 0, fmt.Errorf("neural: hybrid: %w", err)
		}
		uv(sub.Len())
		b.Write(sub.Bytes())
	}
	return model.WritePayload(w, b.Bytes())
}

// LoadHybrid reads a hybrid written by Hybrid.WriteTo. Its errors are
// those of model.Load: a file of another architecture gives one wrapping
// model.ErrArch, bad bytes one wrapping model.ErrFormat.
func LoadHybrid(r io.Reader) (*Hybrid, error) {
	body, err := model.ReadPayload(r, model.ArchHybrid)
	if err != nil {
		return nil, err
	}
	return finishLoad(decodeHybrid(body))
}

// LoadHybridBytes is LoadHybrid for a model file in data (one embedded
// with go:embed, say): it decodes data in place, and the hybrid keeps no
// reference to it.
func LoadHybridBytes(data []byte) (*Hybrid, error) {
	body, err := model.Payload(data, model.ArchHybrid)
	if err != nil {
		return nil, err
	}
	return finishLoad(decodeHybrid(body))
}

// finishLoad wraps a decoding error with ErrFormat and context.
func finishLoad(h *Hybrid, err error) (*Hybrid, error) {
	if err != nil {
		if !errors.Is(err, model.ErrFormat) {
			err = fmt.Errorf("%w: %w", err, model.ErrFormat)
		}
		return nil, fmt.Errorf("neural: load hybrid: %w", err)
	}
	return h, nil
}

func decodeHybrid(body []byte) (*Hybrid, error) {
	d := &decoder{b: body}
	if v := d.uvarint("version", math.MaxInt32); d.err == nil && v != hybridVersion {
		return nil, fmt.Errorf("hybrid version %d, want %d", v, hybridVersion)
	}
	wb := d.bytes(4, "weight")
	tb := d.bytes(4, "temperature")
	info := d.bytes(d.uvarint("info length", len(d.b)), "info")
	var crf *model.Model
	var crfBytes, sum []byte
	switch d.uvarint("CRF kind", 1) {
	case 0:
		sum = d.bytes(sha256.Size, "CRF checksum")
	case 1:
		crfBytes = d.bytes(d.uvarint("CRF length", len(d.b)), "CRF")
	}
	nnBytes := d.bytes(d.uvarint("network length", len(d.b)), "network")
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%d bytes after the network", len(d.b))
	}
	var err error
	if sum != nil {
		if def := model.DefaultSHA256(); !bytes.Equal(sum, def[:]) {
			return nil, fmt.Errorf("made for the default CRF with SHA-256 %x, this build's is %x", sum[:8], def[:8])
		}
		crf, err = model.Default()
	} else {
		crf, err = model.Load(bytes.NewReader(crfBytes))
	}
	if err != nil {
		return nil, fmt.Errorf("the CRF: %w", err)
	}
	// The network's file is decoded in place: decode copies what it keeps.
	nnBody, err := model.Payload(nnBytes, model.ArchBiLSTM)
	if err != nil {
		return nil, fmt.Errorf("the network: %w", err)
	}
	nn, err := decode(nnBody)
	if err != nil {
		return nil, fmt.Errorf("the network: %w", err)
	}
	if crf.Encoding() != encoding {
		return nil, fmt.Errorf("the CRF uses %s labels, the network %s", crf.Encoding(), encoding)
	}
	return newHybrid(crf, nn, math.Float32frombits(binary.LittleEndian.Uint32(wb)), math.Float32frombits(binary.LittleEndian.Uint32(tb)), string(info))
}

// LoadAny reads the model file at path of any architecture: a CRF
// (*model.Model), a neural model (*Model) or a hybrid (*Hybrid).
func LoadAny(path string) (model.Labeler, error) {
	f, err := model.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var m model.Labeler
	switch f.Arch() {
	case model.ArchBiLSTM:
		m, err = Load(f)
	case model.ArchHybrid:
		m, err = LoadHybrid(f)
	default: // the CRF, or a file that is none: model.Load says what is wrong
		m, err = model.Load(f)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
