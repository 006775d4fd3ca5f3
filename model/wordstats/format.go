package wordstats

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/namen-nlp/namen/internal/bounded"
	"github.com/namen-nlp/namen/internal/inflate"
)

// File format, little endian:
//
//	magic    [8]byte "NAMENWS\x00"
//	version  uint32  (formatVersion)
//	n        uint32  number of words
//	blobLen  uint32  total bytes of all words
//	classes  [3]uint16 number of classes per level
//	reserved uint16  0
//	compLen  uint32  length of the body as stored
//	body     [compLen]byte: words blob, offsets [n+1]uint32, freq [n]uint32,
//	         lower [n]uint16, cluster [3][n]uint16, gaz [n]uint16
//	crc      uint32  CRC-32 (Castagnoli) of everything above
//
// Version 2 stores the body as it is (compLen is its length), so that a
// table embedded in a binary is read without inflating it; version 1,
// which Read still reads, stored it DEFLATE-compressed. Words are sorted
// in byte order and unique.
const (
	magic         = "NAMENWS\x00"
	formatVersion = 2
	headerLen     = 8 + 4 + 4 + 4 + 3*2 + 2 + 4

	maxWords   = 1 << 21
	maxBlob    = 1 << 25
	maxCompLen = 1 << 27
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrFormat is wrapped by every error Read returns for malformed input.
var ErrFormat = errors.New("wordstats: bad table format")

// WriteTo writes the table in its binary format to w. It returns the number
// of bytes written.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	le := binary.LittleEndian
	bodyLen := len(t.blob) + 4*(len(t.offs)+len(t.freq)) + 2*(len(t.lower)+len(t.gaz)+3*t.n)
	out := make([]byte, headerLen, headerLen+bodyLen+4)
	copy(out, magic)
	le.PutUint32(out[8:], formatVersion)
	le.PutUint32(out[12:], uint32(t.n))
	le.PutUint32(out[16:], uint32(len(t.blob)))
	for l := 0; l < 3; l++ {
		le.PutUint16(out[20+2*l:], t.classes[l])
	}
	le.PutUint32(out[28:], uint32(bodyLen))
	out = append(out, t.blob...)
	for _, col := range [][]uint32{t.offs, t.freq} {
		for _, v := range col {
			out = le.AppendUint32(out, v)
		}
	}
	for _, col := range [][]uint16{t.lower, t.cluster[0], t.cluster[1], t.cluster[2], t.gaz} {
		for _, v := range col {
			out = le.AppendUint16(out, v)
		}
	}
	out = le.AppendUint32(out, crc32.Checksum(out, crcTable))
	n, err := w.Write(out)
	if err != nil {
		return int64(n), fmt.Errorf("wordstats: write: %w", err)
	}
	return int64(n), nil
}

// Read decodes a table written by WriteTo. It reads exactly the bytes
// WriteTo wrote, so a table can be embedded in a larger stream. Malformed
// input gives an error wrapping ErrFormat; sizes are checked before memory
// is allocated for them.
func Read(r io.Reader) (*Table, error) {
	head := make([]byte, headerLen)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrFormat, err)
	}
	if string(head[:8]) != magic {
		return nil, fmt.Errorf("%w: bad magic %q (not a word statistics table)", ErrFormat, head[:8])
	}
	le := binary.LittleEndian
	version := le.Uint32(head[8:])
	if version != 1 && version != formatVersion {
		return nil, fmt.Errorf("%w: version %d, want 1 or %d", ErrFormat, version, formatVersion)
	}
	n, blobLen, compLen := le.Uint32(head[12:]), le.Uint32(head[16:]), le.Uint32(head[28:])
	switch {
	case n > maxWords:
		return nil, fmt.Errorf("%w: %d words exceeds the limit of %d", ErrFormat, n, maxWords)
	case blobLen > maxBlob:
		return nil, fmt.Errorf("%w: %d bytes of words exceeds the limit of %d", ErrFormat, blobLen, maxBlob)
	case compLen > maxCompLen:
		return nil, fmt.Errorf("%w: body of %d bytes exceeds the limit of %d", ErrFormat, compLen, maxCompLen)
	case le.Uint16(head[26:]) != 0:
		return nil, fmt.Errorf("%w: reserved header field is not zero", ErrFormat)
	}
	// A huge compLen on a short input does not allocate compLen bytes.
	rest, err := bounded.Read(r, int64(compLen)+4)
	if err != nil {
		return nil, fmt.Errorf("%w: body: %w", ErrFormat, err)
	}
	if len(rest) != int(compLen)+4 {
		return nil, fmt.Errorf("%w: truncated: body has %d of %d bytes", ErrFormat, len(rest), int(compLen)+4)
	}
	crc := crc32.Update(crc32.Checksum(head, crcTable), crcTable, rest[:compLen])
	if want := le.Uint32(rest[compLen:]); crc != want {
		return nil, fmt.Errorf("%w: checksum mismatch (%08x, want %08x): corrupt table", ErrFormat, crc, want)
	}

	bodyLen := int64(blobLen) + 4*int64(n+1) + 4*int64(n) + 2*5*int64(n)
	body := rest[:compLen]
	if version == 1 {
		if body, err = inflate.Exact(body, uint64(bodyLen)); err != nil {
			return nil, fmt.Errorf("%w: body: %w", ErrFormat, err)
		}
	} else if int64(len(body)) != bodyLen {
		return nil, fmt.Errorf("%w: body has %d bytes, %d declared", ErrFormat, len(body), bodyLen)
	}

	t := &Table{n: int(n), blob: string(body[:blobLen])}
	p := body[blobLen:]
	u32 := func() []uint32 {
		col := make([]uint32, n)
		for i := range col {
			col[i] = le.Uint32(p[4*i:])
		}
		p = p[4*n:]
		return col
	}
	u16 := func() []uint16 {
		col := make([]uint16, n)
		for i := range col {
			col[i] = le.Uint16(p[2*i:])
		}
		p = p[2*n:]
		return col
	}
	t.offs = make([]uint32, n+1)
	for i := range t.offs {
		t.offs[i] = le.Uint32(p[4*i:])
	}
	p = p[4*(n+1):]
	t.freq = u32()
	t.lower = u16()
	for l := range t.cluster {
		t.cluster[l] = u16()
	}
	t.gaz = u16()
	for l := 0; l < 3; l++ {
		t.classes[l] = le.Uint16(head[20+2*l:])
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if err := t.index(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	return t, nil
}

// validate checks the invariants Lookup relies on.
func (t *Table) validate() error {
	if t.offs[0] != 0 || int(t.offs[t.n]) != len(t.blob) {
		return errors.New("word offsets do not span the word bytes")
	}
	// Offsets first, all of them: with offs strictly increasing from 0 to
	// len(blob), every Word(i) below is in bounds.
	for i := 0; i < t.n; i++ {
		if t.offs[i] >= t.offs[i+1] {
			return fmt.Errorf("word %d is empty or out of order", i)
		}
	}
	for i := 0; i < t.n; i++ {
		if i > 0 && t.Word(i-1) >= t.Word(i) {
			return fmt.Errorf("words %d and %d are not in strictly increasing order", i-1, i)
		}
		for l := range t.cluster {
			if t.cluster[l][i] > t.classes[l] {
				return fmt.Errorf("word %d: class %d exceeds %d classes", i, t.cluster[l][i], t.classes[l])
			}
		}
	}
	return nil
}
