package model

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"

	"github.com/namen-nlp/namen/internal/bounded"
	"github.com/namen-nlp/namen/internal/inflate"
	"github.com/namen-nlp/namen/model/wordstats"
)

// Model file format, version 5 (all integers little-endian): an envelope
// shared by the model architectures around a payload of one of them.
//
//	magic    [8]byte "NAMENMDL"
//	version  uint32  5
//	crc      uint32  CRC-32 (IEEE) of the payload as stored
//	clen     uint64  length of the payload as stored, in bytes
//	rlen     uint64  length of the payload (equal to clen)
//	payload  [clen]byte, stored as it is: an Arch byte, then the body of
//	         that architecture.
//
// The body of a CRF (ArchCRF):
//
//	encoding uint8, labels uint8, templates uint64 (bit mask)
//	wscale, cscale float32
//	trans  (labels+1)×labels float32, final labels float32
//	rows   uvarint, then rows feature hashes (ascending, delta-encoded
//	       uvarints), then per row: uvarint count of non-zero weights and
//	       for each a label byte (ascending) and a zigzag varint int16
//	info   uvarint length + UTF-8 text
//	stats  uvarint length + a word statistics table (wordstats format),
//	       length 0 when the model has none
//	lex    uvarint count, then per entry the hash of a lower-case word
//	       (ascending, delta-encoded uvarint) and a byte of class bits
//	       (the name lexicon of tLex and tDeriv)
//
// Version 4 is version 5 without the Arch byte (a CRF). Versions 4 and
// 5 store the payload, and the word statistics table inside it, as they
// are, so that loading the embedded model inflates nothing. Version 3 is
// version 4 with the payload DEFLATE-compressed (clen its compressed
// length), version 2 also without the lex section; Load reads them all.
//
// Every count is checked against the bytes that remain before anything
// is allocated, so a corrupt or hostile file yields an error, not a panic
// or a huge allocation.
const (
	magic         = "NAMENMDL"
	formatVersion = 5
	// minVersion is the oldest format version Load reads.
	minVersion = 2
	headerSize = 8 + 4 + 4 + 8 + 8
	// maxRatio bounds the claimed decompressed size: DEFLATE cannot
	// compress better than about 1032:1.
	maxRatio = 1100
	// maxPayload bounds the payload (the default model's is 10.6 MB): a
	// file that claims more is rejected before anything is allocated or
	// inflated.
	maxPayload = 64 << 20
)

// Arch is the architecture of the model in a model file.
type Arch uint8

const (
	ArchCRF    Arch = 1 // the feature CRF of this package
	ArchBiLSTM Arch = 2 // the neural tagger of package neural
	ArchHybrid Arch = 3 // a CRF and a neural tagger together (package neural)
	ArchBiLM   Arch = 4 // a language model whose states are inputs of a neural tagger (package neural)
)

// String returns "crf", "bilstm", "hybrid", "bilm" or "Arch(n)".
func (a Arch) String() string {
	switch a {
	case ArchCRF:
		return "crf"
	case ArchBiLSTM:
		return "bilstm"
	case ArchHybrid:
		return "hybrid"
	case ArchBiLM:
		return "bilm"
	}
	return fmt.Sprintf("Arch(%d)", uint8(a))
}

// ErrArch is wrapped by the error of a loader given a model file of
// another architecture.
var ErrArch = errors.New("model file of another architecture")

// WriteTo writes the model in the versioned binary format read by Load.
// The output depends only on the model, so the same model always gives
// the same bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var raw bytes.Buffer
	put := func(v any) { binary.Write(&raw, binary.LittleEndian, v) } // bytes.Buffer writes never fail
	uv := func(v uint64) { raw.Write(binary.AppendUvarint(nil, v)) }
	raw.WriteByte(byte(ArchCRF))
	put(uint8(m.enc))
	put(uint8(m.k))
	put(m.mask)
	put(m.wscale)
	put(m.cscale)
	put(m.trans)
	put(m.final)
	uv(uint64(len(m.fkeys)))
	prev := uint64(0)
	var buf []byte
	for _, h := range m.fkeys {
		buf = binary.AppendUvarint(buf[:0], h-prev)
		raw.Write(buf)
		prev = h
	}
	for r := range m.fkeys {
		ents := m.ents[m.rowOff[r]:m.rowOff[r+1]]
		buf = binary.AppendUvarint(buf[:0], uint64(len(ents)))
		for _, e := range ents {
			buf = append(buf, byte(e>>16))
			buf = binary.AppendVarint(buf, int64(int16(e)))
		}
		raw.Write(buf)
	}
	uv(uint64(len(m.info)))
	raw.WriteString(m.info)
	if m.stats == nil {
		uv(0)
	} else {
		var ws bytes.Buffer
		if _, err := m.stats.WriteTo(&ws); err != nil {
			return 0, fmt.Errorf("model: write: %w", err)
		}
		uv(uint64(ws.Len()))
		raw.Write(ws.Bytes())
	}
	lex := make([]uint64, 0, len(m.lex))
	for h := range m.lex {
		lex = append(lex, h)
	}
	slices.Sort(lex)
	uv(uint64(len(lex)))
	prev = 0
	for _, h := range lex {
		uv(h - prev)
		raw.WriteByte(m.lex[h])
		prev = h
	}

	return WritePayload(w, raw.Bytes())
}

// WritePayload writes a model file: the envelope around payload, whose
// first byte is the model's Arch. It is for packages that define an
// architecture; Model.WriteTo uses it.
func WritePayload(w io.Writer, payload []byte) (int64, error) {
	hdr := make([]byte, 0, headerSize)
	hdr = append(hdr, magic...)
	hdr = binary.LittleEndian.AppendUint32(hdr, formatVersion)
	hdr = binary.LittleEndian.AppendUint32(hdr, crc32.ChecksumIEEE(payload))
	hdr = binary.LittleEndian.AppendUint64(hdr, uint64(len(payload)))
	hdr = binary.LittleEndian.AppendUint64(hdr, uint64(len(payload)))
	n, err := w.Write(hdr)
	if err != nil {
		return int64(n), fmt.Errorf("model: write: %w", err)
	}
	n2, err := w.Write(payload)
	if err != nil {
		return int64(n + n2), fmt.Errorf("model: write: %w", err)
	}
	return int64(n + n2), nil
}

// ErrFormat is wrapped by every Load error that the file's bytes cause: not
// a model file, truncated, corrupt (checksum), or inconsistent contents.
// Test with errors.Is(err, model.ErrFormat).
var ErrFormat = errors.New("not a valid model file")

// VersionError reports a model file whose format version this build cannot
// read (a file written by a newer namen, say). Test with errors.As.
type VersionError struct {
	Got, Want uint32 // the file's version and the newest one this build reads
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("unsupported model format version %d (this build reads versions %d to %d)", e.Got, minVersion, e.Want)
}

// corrupt returns a Load error that wraps ErrFormat.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("model: load: %s: %w", fmt.Sprintf(format, args...), ErrFormat)
}

// LoadFile reads the model file at path (see Load); errors name the path.
func LoadFile(path string) (*Model, error) {
	f, err := OpenFile(path)
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

// File is a model file opened for reading by the loader of its
// architecture. It reports the bytes left to read (Len), so that loading
// reads the payload into one allocation of its size. A File is not safe
// for concurrent use.
type File struct {
	f    *os.File
	r    *bufio.Reader
	left int64
	arch Arch
}

// OpenFile opens the model file at path and reads ahead its architecture.
// Pass the File to the Load function of that architecture and Close it.
func OpenFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the path
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	mf := &File{f: f, r: bufio.NewReaderSize(f, 1<<16), left: st.Size()}
	// A file too short or not a model file gets Arch 0; its loader says
	// what is wrong with it.
	if p, _ := mf.r.Peek(headerSize + 1); len(p) == headerSize+1 && string(p[:8]) == magic {
		mf.arch = ArchCRF
		if binary.LittleEndian.Uint32(p[8:]) >= 5 {
			mf.arch = Arch(p[headerSize])
		}
	}
	return mf, nil
}

// Arch returns the architecture the file's header names, or 0 when the
// header is not that of a model file.
func (f *File) Arch() Arch { return f.arch }

// Read implements io.Reader.
func (f *File) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	f.left -= int64(n)
	return n, err
}

// Len returns the number of bytes left to read (as the file's size said
// when it was opened).
func (f *File) Len() int { return int(max(f.left, 0)) }

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// readEnvelope reads a model file's envelope and returns its format
// version and payload, inflated for versions before 4.
func readEnvelope(r io.Reader) (uint32, []byte, error) {
	hdr := make([]byte, headerSize)
	if _, err := io.ReadFull(r, hdr); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, nil, fmt.Errorf("model: load: reading header: %w: %w", err, ErrFormat)
		}
		return 0, nil, fmt.Errorf("model: load: reading header: %w", err)
	}
	if string(hdr[:8]) != magic {
		return 0, nil, corrupt("not a namen model file (magic %q)", hdr[:8])
	}
	version := binary.LittleEndian.Uint32(hdr[8:])
	if version < minVersion || version > formatVersion {
		return 0, nil, fmt.Errorf("model: load: %w", &VersionError{Got: version, Want: formatVersion})
	}
	crc := binary.LittleEndian.Uint32(hdr[12:])
	clen := binary.LittleEndian.Uint64(hdr[16:])
	rlen := binary.LittleEndian.Uint64(hdr[24:])
	if rlen > maxPayload {
		return 0, nil, corrupt("header claims %d payload bytes, more than the %d this version reads", rlen, maxPayload)
	}
	if rlen/maxRatio > clen {
		return 0, nil, corrupt("header claims %d payload bytes from %d compressed", rlen, clen)
	}
	// Read what is there, never trusting clen for an allocation beyond
	// what the reader holds (a file in memory is not copied).
	comp, err := bounded.Read(r, int64(min(clen, 1<<40))+1)
	if err != nil {
		return 0, nil, fmt.Errorf("model: load: %w", err)
	}
	if uint64(len(comp)) != clen {
		return 0, nil, corrupt("payload is %d bytes, header says %d (truncated or trailing data)", len(comp), clen)
	}
	if got := crc32.ChecksumIEEE(comp); got != crc {
		return 0, nil, corrupt("checksum mismatch (file %08x, computed %08x)", crc, got)
	}
	raw := comp
	if version < 4 {
		var err error
		if raw, err = inflate.Exact(comp, rlen); err != nil {
			return 0, nil, fmt.Errorf("model: load: %w: %w", err, ErrFormat)
		}
	} else if rlen != clen {
		return 0, nil, corrupt("stored payload of %d bytes, header says %d", clen, rlen)
	}
	if version >= 5 && len(raw) == 0 {
		return 0, nil, corrupt("empty payload")
	}
	return version, raw, nil
}

// Payload is ReadPayload for a whole model file in data (one embedded
// with go:embed, say): the payload it returns is part of data, not a copy.
func Payload(data []byte, arch Arch) ([]byte, error) {
	return ReadPayload(bounded.NewReader(data), arch)
}

// ReadPayload reads a model file of architecture arch written by
// WritePayload and returns its payload after the Arch byte. Its errors
// are those of Load; a file of another architecture gives one wrapping
// ErrArch. It is for packages that define an architecture.
func ReadPayload(r io.Reader, arch Arch) ([]byte, error) {
	version, raw, err := readEnvelope(r)
	if err != nil {
		return nil, err
	}
	if got := ArchCRF; version < 5 || Arch(raw[0]) != arch {
		if version >= 5 {
			got = Arch(raw[0])
		}
		return nil, fmt.Errorf("model: load: a %s model, not %s: %w", got, arch, ErrArch)
	}
	return raw[1:], nil
}

// Load reads a model written by WriteTo. It returns a descriptive error
// for anything that is not a complete, intact model file of a supported
// version: one wrapping ErrFormat for bad bytes, a *VersionError for a
// format version this build does not read, and the reader's own error
// (wrapped) when reading fails.
func Load(r io.Reader) (*Model, error) {
	version, raw, err := readEnvelope(r)
	if err != nil {
		return nil, err
	}
	if version >= 5 {
		if arch := Arch(raw[0]); arch != ArchCRF {
			return nil, fmt.Errorf("model: load: a %s model, not a CRF: %w", arch, ErrArch)
		}
		raw = raw[1:]
	}
	m, err := decode(raw, version)
	if err != nil {
		return nil, fmt.Errorf("model: load: %w: %w", err, ErrFormat)
	}
	if err := m.init(); err != nil {
		return nil, fmt.Errorf("model: load: %w: %w", err, ErrFormat)
	}
	return m, nil
}

// reader decodes the payload, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (d *reader) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

func (d *reader) bytes(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.fail("%s: need %d bytes, %d left", what, n, len(d.b))
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func (d *reader) uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("%s: bad varint", what)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *reader) float32s(n int, what string) []float32 {
	p := d.bytes(4*n, what)
	if p == nil {
		return nil
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*i:]))
	}
	return out
}

func decode(raw []byte, version uint32) (*Model, error) {
	d := &reader{b: raw}
	head := d.bytes(1+1+8+4+4, "header fields")
	if d.err != nil {
		return nil, d.err
	}
	m := &Model{
		enc:    Encoding(head[0]),
		k:      int(head[1]),
		mask:   binary.LittleEndian.Uint64(head[2:]),
		wscale: math.Float32frombits(binary.LittleEndian.Uint32(head[10:])),
		cscale: math.Float32frombits(binary.LittleEndian.Uint32(head[14:])),
	}
	if m.mask&^allTemplates != 0 {
		return nil, fmt.Errorf("unknown feature templates in mask %#x", m.mask)
	}
	if !(m.wscale > 0) || math.IsInf(float64(m.wscale), 0) {
		return nil, fmt.Errorf("bad weight scale %v", m.wscale)
	}
	if m.enc != BIO && m.enc != BILOU {
		return nil, fmt.Errorf("unknown label encoding %d", head[0])
	}
	if !(m.cscale > 0) || math.IsInf(float64(m.cscale), 0) {
		return nil, fmt.Errorf("bad confidence temperature %v", m.cscale)
	}
	if m.k != m.enc.NumLabels() {
		return nil, fmt.Errorf("%d labels, encoding %s has %d", m.k, m.enc, m.enc.NumLabels())
	}
	k := m.k
	m.trans = d.float32s((k+1)*k, "transitions")
	m.final = d.float32s(k, "final scores")
	if d.err != nil {
		return nil, d.err
	}
	if err := m.enc.check(m.trans, m.final); err != nil {
		return nil, err
	}
	rows := d.uvarint("row count")
	// Each row takes at least one byte for its key and one for its length.
	if d.err == nil && rows > uint64(len(d.b))/2 {
		return nil, fmt.Errorf("%d feature rows do not fit in %d bytes", rows, len(d.b))
	}
	keys := make([]uint64, rows)
	prev := uint64(0)
	for i := range keys {
		delta := d.uvarint("feature hash")
		if i > 0 && delta == 0 || prev+delta < prev {
			d.fail("feature hashes not ascending at row %d", i)
		}
		prev += delta
		if prev == 0 {
			d.fail("feature hash 0 at row %d", i)
		}
		keys[i] = prev
	}
	if d.err != nil {
		return nil, d.err
	}
	m.fkeys = make([]uint64, 0, rows)
	m.rowOff = make([]uint32, 1, rows+1)
	m.ents = make([]uint32, 0, len(d.b)/3) // an entry takes at least 2 bytes, most take 3
	for r, h := range keys {
		nz := d.uvarint("row length")
		if d.err == nil && nz > uint64(k) {
			return nil, fmt.Errorf("row %d: %d weights for %d labels", r, nz, k)
		}
		prevLabel := -1
		for range nz {
			lb := d.bytes(1, "label")
			if d.err != nil {
				return nil, d.err
			}
			v, n := binary.Varint(d.b)
			if n <= 0 || v == 0 || v < math.MinInt16 || v > math.MaxInt16 || int(lb[0]) >= k || int(lb[0]) <= prevLabel {
				return nil, fmt.Errorf("row %d: bad weight entry", r)
			}
			d.b = d.b[n:]
			prevLabel = int(lb[0])
			m.ents = append(m.ents, uint32(lb[0])<<16|uint32(uint16(v)))
		}
		m.fkeys = append(m.fkeys, h)
		m.rowOff = append(m.rowOff, uint32(len(m.ents)))
	}
	if d.err != nil {
		return nil, d.err
	}
	// ents was sized for the rest of the payload, word table included:
	// keep only what it holds.
	m.ents = slices.Clone(m.ents)
	if len(m.ents) >= maxEnts {
		return nil, fmt.Errorf("%d weights, at most %d supported", len(m.ents), maxEnts-1)
	}
	infoLen := d.uvarint("info length")
	if d.err == nil && infoLen > uint64(len(d.b)) {
		return nil, fmt.Errorf("info: %d bytes claimed, %d left", infoLen, len(d.b))
	}
	m.info = string(d.bytes(int(infoLen), "info"))
	statsLen := d.uvarint("word statistics length")
	if d.err == nil && statsLen > uint64(len(d.b)) {
		return nil, fmt.Errorf("word statistics: %d bytes claimed, %d left", statsLen, len(d.b))
	}
	ws := d.bytes(int(statsLen), "word statistics")
	if d.err != nil {
		return nil, d.err
	}
	if statsLen > 0 {
		t, err := wordstats.Read(bounded.NewReader(ws)) // Read copies what it keeps
		if err != nil {
			return nil, fmt.Errorf("word statistics: %w", err)
		}
		m.stats = t
	} else if m.mask&statsTemplates != 0 {
		return nil, errors.New("model uses word statistics features but has no table")
	}
	if version >= 3 {
		n := d.uvarint("lexicon size")
		if d.err != nil {
			return nil, d.err
		}
		// An entry takes at least two bytes.
		if n > uint64(len(d.b))/2 {
			return nil, fmt.Errorf("lexicon: %d entries do not fit in %d bytes", n, len(d.b))
		}
		if n > 0 {
			m.lex = make(map[uint64]uint8, n)
		}
		prev := uint64(0)
		for i := range n {
			delta := d.uvarint("lexicon hash")
			b := d.bytes(1, "lexicon classes")
			if d.err != nil {
				return nil, d.err
			}
			if i > 0 && delta == 0 || prev+delta < prev || b[0] == 0 || b[0] >= 1<<numClasses {
				return nil, fmt.Errorf("lexicon: bad entry %d", i)
			}
			prev += delta
			m.lex[prev] = b[0]
		}
	}
	if len(d.b) != 0 {
		return nil, errors.New("trailing bytes after the payload")
	}
	return m, nil
}
