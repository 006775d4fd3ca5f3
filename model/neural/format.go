package neural

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/namen-nlp/namen/internal/bounded"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/vectors"
	"github.com/namen-nlp/namen/model/wordstats"
)

// The body of a neural model file, after the envelope and Arch byte of
// package model (model.ArchBiLSTM); integers are uvarints unless said:
//
//	version   2 (1: no LM field)
//	config    Dims, Chars, CharDim, Filters, ShapeDim, Stats (0 or 1),
//	          Hidden, Labels, LM
//	chars     count, then the characters with ids 2, 3, … as runes
//	temp      float32 (4 bytes): the confidence temperature
//	params    count (the network's), then as many float32
//	info      length, UTF-8 text
//	vectors   length, a word vector table (package vectors' format)
//	stats     length, a word statistics table (package wordstats'
//	          format); length 0 when the model has none
//
// Every size is checked against the bytes that remain and against the
// limits below before anything is allocated.
const (
	bodyVersion = 2
	maxDim      = 4096
	maxChars    = 1 << 16
)

// WriteTo writes the model in the model file format. The output depends
// only on the model.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	uv := func(v int) { b.Write(binary.AppendUvarint(nil, uint64(v))) }
	b.WriteByte(byte(model.ArchBiLSTM))
	uv(bodyVersion)
	c := m.cfg
	stats := 0
	if c.Stats {
		stats = 1
	}
	for _, v := range []int{c.Dims, c.Chars, c.CharDim, c.Filters, c.ShapeDim, stats, c.Hidden, c.Labels, c.LM} {
		uv(v)
	}
	runes := make([]rune, len(m.rd.chars))
	for r, id := range m.rd.chars {
		runes[id-2] = r
	}
	uv(len(runes))
	for _, r := range runes {
		uv(int(r))
	}
	b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(m.chain.Temperature())))
	uv(len(m.params))
	for _, v := range m.params {
		b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)))
	}
	uv(len(m.info))
	b.WriteString(m.info)
	tables := []io.WriterTo{m.rd.vecs}
	if m.rd.stats != nil {
		tables = append(tables, m.rd.stats)
	}
	for _, t := range tables {
		var sub bytes.Buffer
		if _, err := t.WriteTo(&sub); err != nil {
			return 0, fmt.Errorf("neural: write: %w", err)
		}
		uv(sub.Len())
		b.Write(sub.Bytes())
	}
	if m.rd.stats == nil {
		uv(0)
	}
	return model.WritePayload(w, b.Bytes())
}

// Load reads a model written by WriteTo. Its errors are those of
// model.Load: a file of the CRF gives one wrapping model.ErrArch, bad
// bytes one wrapping model.ErrFormat.
func Load(r io.Reader) (*Model, error) {
	body, err := model.ReadPayload(r, model.ArchBiLSTM)
	if err != nil {
		return nil, err
	}
	m, err := decode(body)
	if err != nil {
		return nil, fmt.Errorf("neural: load: %w: %w", err, model.ErrFormat)
	}
	return m, nil
}

// LoadFile reads the model file at path (see Load).
func LoadFile(path string) (*Model, error) {
	f, err := model.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint(what string, limit int) int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > uint64(limit) {
		d.err = fmt.Errorf("%s: bad value", what)
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) bytes(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = fmt.Errorf("%s: %d bytes, %d left", what, n, len(d.b))
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func decode(body []byte) (*Model, error) {
	d := &decoder{b: body}
	v := d.uvarint("version", math.MaxInt32)
	if d.err == nil && (v < 1 || v > bodyVersion) {
		return nil, fmt.Errorf("body version %d, want 1 to %d", v, bodyVersion)
	}
	var c config
	var stats int
	fields := []*int{&c.Dims, &c.Chars, &c.CharDim, &c.Filters, &c.ShapeDim, &stats, &c.Hidden, &c.Labels, &c.LM}
	if v == 1 {
		fields = fields[:len(fields)-1]
	}
	for _, p := range fields {
		*p = d.uvarint("shape", maxDim)
	}
	c.Stats = stats == 1
	nchars := d.uvarint("characters", maxChars)
	if d.err != nil {
		return nil, d.err
	}
	if stats > 1 || c.Labels != encoding.NumLabels() || c.Chars != nchars+2 || c.Dims == 0 || c.Hidden == 0 || c.LM%4 != 0 {
		return nil, errors.New("inconsistent network shape")
	}
	chars := make(map[rune]int32, nchars)
	for i := range nchars {
		r := rune(d.uvarint("character", utf8.MaxRune))
		if _, dup := chars[r]; dup {
			return nil, fmt.Errorf("character %q twice", r)
		}
		chars[r] = int32(2 + i)
	}
	tb := d.bytes(4, "temperature")
	n := d.uvarint("parameter count", math.MaxInt32)
	if d.err != nil {
		return nil, d.err
	}
	if n != paramCount(c) || 4*n > len(d.b) {
		return nil, fmt.Errorf("%d parameters, the network has %d", n, paramCount(c))
	}
	params := make([]float32, n)
	for i := range params {
		v := math.Float32frombits(binary.LittleEndian.Uint32(d.b[4*i:]))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("parameter %d is %v", i, v)
		}
		params[i] = v
	}
	d.b = d.b[4*n:]
	info := d.bytes(d.uvarint("info length", len(d.b)), "info")
	vecBytes := d.bytes(d.uvarint("vectors length", len(d.b)), "vectors")
	statBytes := d.bytes(d.uvarint("statistics length", len(d.b)), "statistics")
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%d bytes after the statistics", len(d.b))
	}
	vt, err := vectors.Read(bounded.NewReader(vecBytes)) // Read copies what it keeps
	if err != nil {
		return nil, err
	}
	if vt.Dims() != c.Dims {
		return nil, fmt.Errorf("vectors of %d dimensions, the network reads %d", vt.Dims(), c.Dims)
	}
	rd := reader{dims: c.Dims, vecs: vt, chars: chars}
	if c.Stats != (len(statBytes) > 0) {
		return nil, errors.New("word statistics missing or unexpected")
	}
	if c.Stats {
		if rd.stats, err = wordstats.Read(bounded.NewReader(statBytes)); err != nil {
			return nil, err
		}
	}
	m, err := newModel(c, params, rd, math.Float32frombits(binary.LittleEndian.Uint32(tb)))
	if err != nil {
		return nil, err
	}
	m.info = string(info)
	return m, nil
}
