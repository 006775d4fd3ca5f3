package wordstats

import (
	"bytes"
	"fmt"
	"testing"
)

// synthetic returns a table of n made-up words.
func synthetic(b *testing.B, n int) *Table {
	b.Helper()
	recs := make([]record, n)
	for i := range recs {
		recs[i] = record{form: fmt.Sprintf("Wort%dx%d", i*7919%n, i), freq: uint32(i), lower: uint16(i), gaz: uint16(i),
			cluster: [3]uint16{uint16(i%64 + 1), uint16(i%256 + 1), uint16(i%1024 + 1)}}
	}
	t, err := newTable(recs, [3]int{64, 256, 1024})
	if err != nil {
		b.Fatal(err)
	}
	return t
}

func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	if _, err := synthetic(b, 400000).WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	t := synthetic(b, 400000)
	words := []string{t.Word(12345), "unbekannt", "Unbekannt", t.Word(399999)}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		t.Lookup(words[i%len(words)])
	}
}
