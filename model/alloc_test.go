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
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(file[headerSize:])))
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
