package vectors

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"unicode/utf8"

	"github.com/namen-nlp/namen/internal/bounded"
)

// File format, versions 1 and 2, little endian:
//
//	magic    [8]byte "NAMENVEC"
//	version  uint32  1 (rows as float32) or 2 (rows as int8)
//	dims     uint32
//	minN     uint8, maxN uint8, reserved uint16 (0)
//	words    uint32  vocabulary size
//	buckets  uint32  n-gram buckets
//	blobLen  uint32  total bytes of the words
//	blob     [blobLen]byte, the words one after another, most frequent first
//	offs     [words+1]uint32, the start of each word in blob, then blobLen
//	rows     version 1: [(words+buckets)×dims]float32
//	         version 2: [words+buckets]float32 scales, then
//	         [(words+buckets)×dims]int8; a value is int8 × its row's scale
//	crc      uint32  CRC-32 (Castagnoli) of everything above
//
// Read checks every size against the limits below, and allocates no more
// than the data it is given holds.
const (
	magic = "NAMENVEC"
	// Format versions: float32 rows, 8-bit rows.
	versionFloat, versionInt8 = 1, 2
	headerLen                 = 8 + 4 + 4 + 4 + 4 + 4 + 4

	maxWords = 1 << 22
	maxBlob  = 1 << 28
	maxFloat = 1 << 28 // 1 GiB of rows
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrFormat is wrapped by every error Read returns for malformed input.
var ErrFormat = errors.New("vectors: bad file format")

// WriteTo writes the table in its binary format. The output depends only
// on the table.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	crc := crc32.New(crcTable)
	cw := &countWriter{w: io.MultiWriter(w, crc)}
	bw := bufio.NewWriterSize(cw, 1<<16)
	le := binary.LittleEndian
	blobLen := 0
	for _, word := range t.words {
		blobLen += len(word)
	}
	head := make([]byte, headerLen)
	copy(head, magic)
	version := uint32(versionFloat)
	if t.q != nil {
		version = versionInt8
	}
	le.PutUint32(head[8:], version)
	le.PutUint32(head[12:], uint32(t.dims))
	head[16], head[17] = byte(t.minN), byte(t.maxN)
	le.PutUint32(head[20:], uint32(len(t.words)))
	le.PutUint32(head[24:], uint32(t.buckets))
	le.PutUint32(head[28:], uint32(blobLen))
	bw.Write(head)
	for _, word := range t.words {
		bw.WriteString(word)
	}
	var b [4]byte
	off := uint32(0)
	for _, word := range t.words {
		le.PutUint32(b[:], off)
		bw.Write(b[:])
		off += uint32(len(word))
	}
	le.PutUint32(b[:], off)
	bw.Write(b[:])
	floats := t.rows
	if t.q != nil {
		floats = t.scale
	}
	for _, v := range floats {
		le.PutUint32(b[:], math.Float32bits(v))
		bw.Write(b[:])
	}
	for _, v := range t.q {
		bw.WriteByte(byte(v))
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	le.PutUint32(b[:], crc.Sum32())
	_, err := w.Write(b[:])
	return cw.n + 4, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Read reads a table written by WriteTo. A malformed or truncated file
// gives an error wrapping ErrFormat.
func Read(r io.Reader) (*Table, error) {
	br := r // a reader that knows its length is read into one allocation
	if _, ok := r.(interface{ Len() int }); !ok {
		br = bufio.NewReaderSize(r, 1<<16)
	}
	le := binary.LittleEndian
	head := make([]byte, headerLen)
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrFormat, err)
	}
	if string(head[:8]) != magic {
		return nil, fmt.Errorf("%w: not a vectors file", ErrFormat)
	}
	version := le.Uint32(head[8:])
	if version != versionFloat && version != versionInt8 {
		return nil, fmt.Errorf("%w: version %d, want %d or %d", ErrFormat, version, versionFloat, versionInt8)
	}
	dims, words, buckets, blobLen := int64(le.Uint32(head[12:])), int64(le.Uint32(head[20:])), int64(le.Uint32(head[24:])), int64(le.Uint32(head[28:]))
	minN, maxNgram := int(head[16]), int(head[17])
	switch {
	case dims == 0 || dims > maxDims:
		return nil, fmt.Errorf("%w: %d dimensions", ErrFormat, dims)
	case minN == 0 || minN > maxNgram || maxNgram > maxN:
		return nil, fmt.Errorf("%w: n-grams of %d to %d characters", ErrFormat, minN, maxNgram)
	case buckets == 0 || buckets > maxBuckets:
		return nil, fmt.Errorf("%w: %d buckets", ErrFormat, buckets)
	case words > maxWords:
		return nil, fmt.Errorf("%w: %d words exceeds %d", ErrFormat, words, maxWords)
	case blobLen > maxBlob:
		return nil, fmt.Errorf("%w: %d bytes of words exceeds %d", ErrFormat, blobLen, maxBlob)
	case (words+buckets)*dims > maxFloat:
		return nil, fmt.Errorf("%w: %d×%d values exceeds %d", ErrFormat, words+buckets, dims, maxFloat)
	}
	crc := crc32.New(crcTable)
	crc.Write(head)
	t := &Table{dims: int(dims), minN: minN, maxN: maxNgram, buckets: int(buckets)}
	rows := words + buckets
	need := blobLen + 4*(words+1) + 4*rows*dims + 4 // the rest of a version-1 file
	if version == versionInt8 {
		need = blobLen + 4*(words+1) + 4*rows + rows*dims + 4
	}
	// Read what is there, up to one byte more than the header declares:
	// memory grows with the data, not with the declared sizes.
	rest, err := bounded.Read(br, need+1)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if int64(len(rest)) != need {
		return nil, fmt.Errorf("%w: %d bytes after the header, want %d", ErrFormat, len(rest), need)
	}
	crc.Write(rest[:need-4])
	if le.Uint32(rest[need-4:]) != crc.Sum32() {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrFormat)
	}
	text, offs := string(rest[:blobLen]), rest[blobLen:blobLen+4*(words+1)]
	t.words = make([]string, words)
	prev := uint32(0)
	for i := range t.words {
		a, b := le.Uint32(offs[4*i:]), le.Uint32(offs[4*i+4:])
		if a != prev || b < a || int64(b) > blobLen || (i == len(t.words)-1 && int64(b) != blobLen) {
			return nil, fmt.Errorf("%w: word offsets out of order", ErrFormat)
		}
		t.words[i], prev = text[a:b], b
		if !utf8.ValidString(t.words[i]) {
			return nil, fmt.Errorf("%w: word %d is not UTF-8", ErrFormat, i)
		}
	}
	data := rest[blobLen+4*(words+1) : need-4]
	nf := rows * dims // float32 values
	if version == versionInt8 {
		nf = rows
	}
	floats := make([]float32, nf)
	for i := range floats {
		v := math.Float32frombits(le.Uint32(data[4*i:]))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("%w: row value %d is not finite", ErrFormat, i)
		}
		floats[i] = v
	}
	if version == versionFloat {
		t.rows = floats
	} else {
		t.scale = floats
		t.q = make([]int8, rows*dims)
		for i, v := range data[4*nf:] {
			t.q[i] = int8(v)
		}
	}
	t.index()
	if len(t.ids) != len(t.words) {
		return nil, fmt.Errorf("%w: duplicate words", ErrFormat)
	}
	return t, nil
}
