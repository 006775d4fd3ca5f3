package model_test

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"runtime"
	"testing"

	"github.com/namen-nlp/namen/model"
)

// TestLoadHostileSizes gives Load files whose headers claim absurd sizes
// (a 2^40-byte payload, 2^40 feature rows, a word table of 4M words) and
// checks that each is rejected with an error while allocating no more
// than a small multiple of the file's real size.
func TestLoadHostileSizes(t *testing.T) {
	file := fuzzModel(t)
	version := binary.LittleEndian.Uint32(file[8:])
	raw, err := payloadOf(file)
	if err != nil {
		t.Fatal(err)
	}
	setHeader := func(off int, v uint64) []byte {
		b := bytes.Clone(file)
		binary.LittleEndian.PutUint64(b[off:], v)
		return b
	}
	// Payload layout (format.go): scheme, labels, mask, two scales, then
	// (labels+1)×labels transitions and labels final scores (float32), then
	// the row count as a uvarint.
	k := int(raw[1])
	rowsAt := 1 + 1 + 8 + 4 + 4 + 4*(k+1)*k + 4*k
	_, n := binary.Uvarint(raw[rowsAt:])
	manyRows := append(binary.AppendUvarint(bytes.Clone(raw[:rowsAt]), 1<<40), raw[rowsAt+n:]...)
	// The embedded word table (format of model/wordstats): its header's
	// word count at byte 12, a CRC-32C of the whole table in the last 4.
	ws := bytes.Index(raw, []byte("NAMENWS\x00"))
	if ws < 0 {
		t.Fatal("seed model has no word table")
	}
	manyWords := bytes.Clone(raw)
	binary.LittleEndian.PutUint32(manyWords[ws+12:], 1<<22)
	end := len(manyWords) - 4
	binary.LittleEndian.PutUint32(manyWords[end:], crc32.Checksum(manyWords[ws:end], crc32.MakeTable(crc32.Castagnoli)))

	cases := map[string][]byte{
		"payload 2^40 bytes":                setHeader(24, 1<<40),
		"payload at the largest ratio":      setHeader(24, binary.LittleEndian.Uint64(file[16:])*1100),
		"compressed payload 2^40 bytes":     setHeader(16, 1<<40),
		"2^40 feature rows":                 wrapPayload(version, manyRows),
		"word table of 4M words":            wrapPayload(version, manyWords),
		"2^40 feature rows, truncated file": wrapPayload(version, manyRows)[:len(file)/2],
	}
	for name, in := range cases {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := model.Load(bytes.NewReader(in))
		runtime.ReadMemStats(&after)
		if err == nil || m != nil {
			t.Errorf("%s: Load succeeded", name)
			continue
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		if limit := uint64(256<<10 + 64*len(in)); alloc > limit {
			t.Errorf("%s: Load of %d bytes allocated %d bytes (limit %d): %v", name, len(in), alloc, limit, err)
		}
		t.Logf("%s: %d-byte file, %d bytes allocated: %v", name, len(in), alloc, err)
	}
}

// TestLoadBomb gives Load real DEFLATE streams that inflate far beyond
// what they are: 1 GiB of zeros claimed (rejected before inflating), and
// 48 MiB of zeros claimed and present (inflated into a buffer that grows
// to the claim and no further, allocating at most twice the claim in all,
// then rejected by the decoder).
func TestLoadBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 48 MiB; skipped with -short")
	}
	bomb := func(size int64) []byte {
		var comp bytes.Buffer
		fw, err := flate.NewWriter(&comp, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.CopyN(fw, zeros{}, size); err != nil {
			t.Fatal(err)
		}
		fw.Close()
		return wrapCompressed(3, comp.Bytes(), uint64(size))
	}
	for _, tc := range []struct {
		size     int64
		maxAlloc uint64
	}{
		{1 << 30, 64 << 10},
		{48 << 20, 2*48<<20 + 1<<20},
	} {
		in := bomb(tc.size)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := model.Load(bytes.NewReader(in))
		runtime.ReadMemStats(&after)
		if err == nil || m != nil {
			t.Errorf("%d-byte bomb: Load succeeded", tc.size)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tc.maxAlloc {
			t.Errorf("%d-byte bomb of %d bytes: %d bytes allocated, want at most %d: %v", tc.size, len(in), alloc, tc.maxAlloc, err)
		}
	}
}

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}
