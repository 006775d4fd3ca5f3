package pipeline

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.Function1x1(recordJSON)
	register.Function1x1(failureJSON)
	register.Function2x1(toRow)
	register.DoFn3x1[context.Context, []byte, func(*string) bool, error](&writeFileFn{})
	register.DoFn3x1[context.Context, []byte, func(*Row) bool, error](&writeNamesFn{})
	register.DoFn2x0[string, func(int, string)](&shardFn{})
	register.DoFn3x1[context.Context, int, func(*string) bool, error](&writeShardFn{})
	register.Emitter2[int, string]()
	register.Iter1[string]()
	register.Iter1[Row]()
}

// Options configure Build.
type Options struct {
	// Input is a file glob, local or a URI (gs://bucket/docs/*.jsonl).
	Input string
	// Format is "jsonl" (one {"id","text"} object per line) or "text" (one
	// document per file); "" picks jsonl for .jsonl, .ndjson and .json
	// inputs (also gzipped) and text otherwise.
	Format string
	// Output is the prefix of the output paths: Output+"entities-SSSSS-of-NNNNN.jsonl",
	// Output+"names.tsv" and Output+"failed.jsonl". End it with "/" to
	// name a directory.
	Output string
	// Shards is the number of entity files (at least 1). Shards without
	// entities are not written.
	Shards int
	// MaxBytes sends documents larger than this many bytes to the
	// dead-letter output instead of extracting them (0 = no limit).
	MaxBytes int
}

// Build adds the whole pipeline to s: read, extract, aggregate, write.
// Beam's I/O transforms panic on a path whose scheme has no registered
// filesystem; Build returns that as an error.
func Build(s beam.Scope, o Options) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("pipeline: %v", v)
		}
	}()
	if o.Input == "" || o.Output == "" {
		return fmt.Errorf("pipeline: input and output are required")
	}
	if o.Shards < 1 {
		return fmt.Errorf("pipeline: shards must be at least 1, got %d", o.Shards)
	}
	format := o.Format
	if format == "" {
		format = "text"
		in := strings.TrimSuffix(o.Input, ".gz")
		for _, ext := range []string{".jsonl", ".ndjson", ".json"} {
			if strings.HasSuffix(in, ext) {
				format = "jsonl"
			}
		}
	}
	var docs, readFailures beam.PCollection
	switch format {
	case "jsonl":
		docs, readFailures = ReadJSONL(s, o.Input)
	case "text":
		docs, readFailures = ReadFiles(s, o.Input)
	default:
		return fmt.Errorf("pipeline: unknown input format %q (want jsonl or text)", o.Format)
	}
	records, counts, failures := Extract(s, docs, o.MaxBytes)

	WriteSharded(s, o.Output+"entities", ".jsonl", o.Shards, beam.ParDo(s, recordJSON, records))
	WriteNames(s, o.Output+"names.tsv", Rows(s, Aggregate(s, counts)))
	WriteFile(s, o.Output+"failed.jsonl", beam.ParDo(s, failureJSON, beam.Flatten(s, readFailures, failures)))
	return nil
}

func recordJSON(r Record) string {
	if math.IsNaN(r.Score) || math.IsInf(r.Score, 0) {
		r.Score = 0 // JSON has no NaN; the extractor promises 0–1
	}
	b, _ := json.Marshal(r) // cannot fail: strings and finite numbers only
	return string(b)
}

func failureJSON(f Failure) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// Rows turns the aggregate PCollection<KV<string, Count>> into
// PCollection<Row>.
func Rows(s beam.Scope, agg beam.PCollection) beam.PCollection {
	return beam.ParDo(s.Scope("Rows"), toRow, agg)
}

func toRow(key string, c Count) Row {
	label, name, _ := strings.Cut(key, "\t")
	return Row{Label: label, Name: name, Docs: c.Docs, Mentions: c.Mentions}
}

// SortRows orders rows by mentions, then documents (both descending), then
// label and name.
func SortRows(rows []Row) {
	slices.SortFunc(rows, func(a, b Row) int {
		return cmp.Or(
			cmp.Compare(b.Mentions, a.Mentions),
			cmp.Compare(b.Docs, a.Docs),
			strings.Compare(a.Label, b.Label),
			strings.Compare(a.Name, b.Name))
	})
}

// TSVHeader is the first line of the names file.
const TSVHeader = "label\tname\tdocuments\tmentions"

// WriteNames writes PCollection<Row> to path as a TSV sorted with
// SortRows, with a header line. The rows pass through one worker and are
// sorted in its memory (one row per distinct name in the corpus).
func WriteNames(s beam.Scope, path string, rows beam.PCollection) {
	s = s.Scope("WriteNames")
	filesystem.ValidateScheme(path)
	beam.ParDo0(s, &writeNamesFn{Path: path}, beam.Impulse(s), beam.SideInput{Input: rows})
}

type writeNamesFn struct {
	Path string `json:"path"`
}

func (w *writeNamesFn) ProcessElement(ctx context.Context, _ []byte, iter func(*Row) bool) error {
	var rows []Row
	var r Row
	for iter(&r) {
		rows = append(rows, r)
	}
	SortRows(rows)
	return writeTo(ctx, w.Path, func(out *bufio.Writer) {
		out.WriteString(TSVHeader + "\n")
		for _, r := range rows {
			out.WriteString(r.Label + "\t" + tsvField(r.Name) + "\t" + strconv.FormatInt(r.Docs, 10) + "\t" + strconv.FormatInt(r.Mentions, 10) + "\n")
		}
	})
}

// tsvField replaces the characters that would break a TSV line.
func tsvField(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// WriteFile writes PCollection<string> to the file at path, one element
// per line, in no particular order. The file is written even when the
// collection is empty. All lines pass through one worker: use it for small
// outputs.
func WriteFile(s beam.Scope, path string, lines beam.PCollection) {
	s = s.Scope("WriteFile")
	filesystem.ValidateScheme(path)
	beam.ParDo0(s, &writeFileFn{Path: path}, beam.Impulse(s), beam.SideInput{Input: lines})
}

type writeFileFn struct {
	Path string `json:"path"`
}

func (w *writeFileFn) ProcessElement(ctx context.Context, _ []byte, lines func(*string) bool) error {
	return writeTo(ctx, w.Path, func(out *bufio.Writer) {
		var line string
		for lines(&line) {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	})
}

// WriteSharded writes PCollection<string> to n files
// prefix-SSSSS-of-NNNNN+suffix, one element per line; a line's shard is a
// hash of its content, so a retried shard gets the same lines. Each shard
// is written by one worker.
func WriteSharded(s beam.Scope, prefix, suffix string, n int, lines beam.PCollection) {
	s = s.Scope("WriteSharded")
	filesystem.ValidateScheme(prefix)
	keyed := beam.ParDo(s, &shardFn{N: n}, lines)
	beam.ParDo0(s, &writeShardFn{Prefix: prefix, Suffix: suffix, N: n}, beam.GroupByKey(s, keyed))
}

// ShardName is the path of shard i of n.
func ShardName(prefix, suffix string, i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d%s", prefix, i, n, suffix)
}

type shardFn struct {
	N int `json:"n"`
}

func (f *shardFn) ProcessElement(line string, emit func(int, string)) {
	h := fnv.New32a()
	io.WriteString(h, line)
	emit(int(h.Sum32()%uint32(f.N)), line)
}

type writeShardFn struct {
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
	N      int    `json:"n"`
}

func (w *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*string) bool) error {
	return writeTo(ctx, ShardName(w.Prefix, w.Suffix, shard, w.N), func(out *bufio.Writer) {
		var line string
		for lines(&line) {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	})
}

// writeTo creates (or replaces) the file at path on its Beam filesystem
// and fills it with fill.
func writeTo(ctx context.Context, path string, fill func(*bufio.Writer)) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer fs.Close()
	f, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	out := bufio.NewWriterSize(f, 1<<20)
	fill(out)
	if err := out.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
