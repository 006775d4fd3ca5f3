package wordstats_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"testing"

	"github.com/namen-nlp/namen/model/wordstats"
)

// Layout of the table format (see format.go): a 32-byte header with the
// compressed body length at byte 28, the DEFLATE body, then a CRC-32C of
// everything before it.
const (
	headerLen  = 32
	compLenOff = 28
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// withCRC returns data with its last 4 bytes replaced by the right
// checksum, so that the fuzzer gets past the checksum.
func withCRC(data []byte) []byte {
	if len(data) < 4 {
		return data
	}
	out := bytes.Clone(data)
	n := len(out) - 4
	binary.LittleEndian.PutUint32(out[n:], crc32.Checksum(out[:n], castagnoli))
	return out
}

// wrapBody treats data as a header followed by an uncompressed body: it
// compresses the body, sets the body length and appends the checksum, so
// that the fuzzer reaches the body decoder and the validation.
func wrapBody(data []byte) []byte {
	if len(data) < headerLen {
		return nil
	}
	out := bytes.Clone(data)
	binary.LittleEndian.PutUint32(out[8:], 2)
	binary.LittleEndian.PutUint32(out[compLenOff:], uint32(len(data)-headerLen))
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

// wrapDeflated is wrapBody for the version 1 format, whose body is
// DEFLATE-compressed.
func wrapDeflated(data []byte) []byte {
	if len(data) < headerLen {
		return nil
	}
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(data[headerLen:])
	fw.Close()
	out := append(bytes.Clone(data[:headerLen]), comp.Bytes()...)
	binary.LittleEndian.PutUint32(out[8:], 1)
	binary.LittleEndian.PutUint32(out[compLenOff:], uint32(comp.Len()))
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

func fuzzTable(tb testing.TB) []byte {
	tb.Helper()
	b := wordstats.NewBuilder(wordstats.Options{Classes: [3]int{2, 4, 8}, Contexts: 10, MinClusterFreq: 2, Seed: 1})
	for range 4 {
		for _, line := range []string{"ich wohne in Berlin .", "ich wohne in Paris .", "die Katze schläft .", "Die Maus schläft ."} {
			b.Add(line)
		}
	}
	b.AddGazetteer(wordstats.GazPlace, "Berlin")
	t, err := b.Finish(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := t.WriteTo(&out); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// FuzzRead checks that Read of arbitrary bytes returns an error wrapping
// ErrFormat or a table whose every word is found by Lookup and which
// writes itself back to the same bytes. Each input is tried as it is, with
// its checksum fixed, and as a header plus body of version 2 (stored) and
// of version 1 (compressed).
func FuzzRead(f *testing.F) {
	file := fuzzTable(f)
	f.Add(file)
	f.Add(file[:len(file)-4]) // header and body: wrapBody makes a table of it
	f.Add(file[:len(file)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, in := range [][]byte{data, withCRC(data), wrapBody(data), wrapDeflated(data)} {
			tab, err := wordstats.Read(bytes.NewReader(in))
			if err != nil {
				if tab != nil || !errors.Is(err, wordstats.ErrFormat) {
					t.Fatalf("Read returned table %v and error %v (want ErrFormat)", tab != nil, err)
				}
				continue
			}
			classes := tab.Classes()
			for i := range tab.Len() {
				e := tab.Lookup(tab.Word(i))
				for l, c := range e.Cluster {
					if int(c) > classes[l] {
						t.Fatalf("word %q: class %d of %d", tab.Word(i), c, classes[l])
					}
				}
				if r := e.LowerRatio; !(r == -1 || r >= 0 && r <= 1) || math.IsNaN(float64(r)) {
					t.Fatalf("word %q: LowerRatio %v", tab.Word(i), r)
				}
			}
			for _, w := range []string{"", "\xff", "BERLIN", "berlin", "Ü"} {
				tab.Lookup(w)
			}
			var out bytes.Buffer
			if _, err := tab.WriteTo(&out); err != nil {
				t.Fatal(err)
			}
			again, err := wordstats.Read(&out)
			if err != nil || again.Len() != tab.Len() {
				t.Fatalf("a table read and written again does not read back: %v", err)
			}
		}
	})
}

// TestReadVersion1 reads a table in the compressed format of version 1 and
// finds it equal to the same table stored (version 2).
func TestReadVersion1(t *testing.T) {
	file := fuzzTable(t)
	v2, err := wordstats.Read(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	v1, err := wordstats.Read(bytes.NewReader(wrapDeflated(file[:len(file)-4])))
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	v1.WriteTo(&a)
	v2.WriteTo(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) || v1.Len() == 0 {
		t.Error("a version 1 table reads as a different table")
	}
}
