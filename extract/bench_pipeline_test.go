package extract_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/internal/benchtext"
	"github.com/namen-nlp/namen/lang"
)

// benchCorpus returns the benchmark documents (benchtext.Default), their
// size in bytes and their numbers of lang.Tokenize tokens.
func benchCorpus(b *testing.B) (docs []string, size int, tokens []int) {
	b.Helper()
	c, err := benchtext.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range c.Docs {
		size += len(d)
		tokens = append(tokens, len(lang.Tokenize(d)))
	}
	return c.Docs, size, tokens
}

// BenchmarkExtractCorpus runs the full pipeline (raw text to entities and
// groups, default model) over the seed article and the GermEval dev
// sentences; one op is the whole corpus. tokens/s counts lang.Tokenize
// tokens.
func BenchmarkExtractCorpus(b *testing.B) {
	docs, size, tokens := benchCorpus(b)
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := x.Extract(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	total := 0
	for _, n := range tokens {
		total += n
	}
	b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkExtractCorpusParallel extracts the corpus documents from
// GOMAXPROCS goroutines sharing one Extractor, the way a service handles
// many documents at once; one op is one document (SetBytes: the mean
// document size). Run with -cpu 1,2 to see the scaling.
func BenchmarkExtractCorpusParallel(b *testing.B) {
	docs, size, tokens := benchCorpus(b)
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(size / len(docs)))
	b.ReportAllocs()
	var next, done atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1)-1) % len(docs)
			if _, err := x.Extract(ctx, docs[i]); err != nil {
				b.Error(err)
				return
			}
			done.Add(int64(tokens[i]))
		}
	})
	b.ReportMetric(float64(done.Load())/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkExtractOneDocument extracts the whole benchmark corpus as one
// document with 1 and 2 workers (WithWorkers); compare the tokens/s.
func BenchmarkExtractOneDocument(b *testing.B) {
	docs, size, tokens := benchCorpus(b)
	text := strings.Join(docs, "\n\n")
	total := 0
	for _, n := range tokens {
		total += n
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			x, err := extract.New(extract.WithWorkers(workers))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			for b.Loop() {
				if _, err := x.Extract(context.Background(), text); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}
