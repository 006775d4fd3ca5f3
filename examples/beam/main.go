// Command beam runs the namen extractor over a corpus with Apache Beam: on
// this machine (the prism runner) or on a Flink, Spark or Google Dataflow
// cluster.
//
// Usage:
//
//	go run . --input='docs/*.jsonl' --output=out/ [--format=jsonl|text] [--shards=N] [--runner=prism|flink|dataflow|...]
//
// It writes out/entities-SSSSS-of-NNNNN.jsonl (one JSON record per entity
// mention), out/names.tsv (per label and canonical name: documents and
// mentions, most frequent first) and out/failed.jsonl (documents and lines
// that could not be processed, with the error). See README.md for the
// cluster flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/namen-nlp/namen/examples/beam/pipeline"
)

var (
	input    = flag.String("input", "", "file glob of the documents, local or a URI such as gs://bucket/docs/*.jsonl (required)")
	format   = flag.String("format", "", `"jsonl" ({"id","text"} per line) or "text" (one document per file); default: by extension`)
	output   = flag.String("output", "", `output path prefix, e.g. out/ or gs://bucket/run1/ (required)`)
	shards   = flag.Int("shards", 1, "number of entity output files")
	maxBytes = flag.Int("max_doc_bytes", 64<<20, "documents larger than this go to the dead-letter output (0 = no limit)")
)

func main() {
	flag.Parse()
	beam.Init()
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	if *input == "" || *output == "" {
		flag.Usage()
		return fmt.Errorf("--input and --output are required")
	}
	p, s := beam.NewPipelineWithRoot()
	opts := pipeline.Options{Input: *input, Format: *format, Output: *output, Shards: *shards, MaxBytes: *maxBytes}
	if err := pipeline.Build(s, opts); err != nil {
		return err
	}
	start := time.Now()
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return fmt.Errorf("running the pipeline: %w", err)
	}
	elapsed := time.Since(start)
	if res == nil {
		return nil // submitted asynchronously (--async)
	}
	counters := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "namen" {
			counters[c.Name()] += c.Result()
		}
	}
	sec := elapsed.Seconds()
	fmt.Fprintf(os.Stderr, "%d documents, %d bytes, %d tokens, %d entities, %d failed in %.1fs: %.0f documents/s, %.0f tokens/s\n",
		counters["documents"], counters["bytes"], counters["tokens"], counters["entities"], counters["failed"], sec,
		float64(counters["documents"])/sec, float64(counters["tokens"])/sec)
	return nil
}
