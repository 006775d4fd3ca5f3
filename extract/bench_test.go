package extract

import (
	"context"
	"os"
	"strings"
	"testing"
)

func benchExtract(b *testing.B, parallel bool) {
	text, err := os.ReadFile(seedText)
	if err != nil {
		b.Fatal(err)
	}
	x, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	if !parallel {
		for b.Loop() {
			if _, err := x.Extract(context.Background(), string(text)); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := x.Extract(context.Background(), string(text)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkExtract measures Extract on the seed article (4.7 kB).
func BenchmarkExtract(b *testing.B) { benchExtract(b, false) }

// BenchmarkExtractParallel runs Extract from GOMAXPROCS goroutines on one
// Extractor.
func BenchmarkExtractParallel(b *testing.B) { benchExtract(b, true) }

// BenchmarkPipeline measures everything but the tagger (a table fake) on
// 50 copies of the seed article (235 kB), to keep the extraction logic
// itself (tokens, stems, spans, propagation, bases, groups) in check.
func BenchmarkPipeline(b *testing.B) {
	text, err := os.ReadFile(seedText)
	if err != nil {
		b.Fatal(err)
	}
	big := strings.Repeat(string(text)+"\n\n", 50)
	x, err := New(withFake(fakeTable))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(big)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := x.Extract(context.Background(), big); err != nil {
			b.Fatal(err)
		}
	}
}
