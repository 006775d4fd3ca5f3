package extract

import (
	"context"
	"os"
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
