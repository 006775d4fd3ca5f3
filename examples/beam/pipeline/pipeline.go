// Package pipeline holds the Apache Beam transforms that run the namen
// extractor over a corpus: reading documents, extracting entities, counting
// names across the corpus and writing the results.
//
// The transforms are runner-independent: the same pipeline runs on the
// local prism runner, Flink, Spark or Google Dataflow. Paths may be local
// or any URI scheme whose Beam filesystem the program imports (gs://, s3://;
// beamx imports them all); local paths are registered by this package.
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths work in any program
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/namen-nlp/namen/extract"
)

// Doc is one input document.
type Doc struct {
	ID   string // file path for plain-text input, the "id" field for JSON Lines
	Text string
}

// Record is one entity mention, the element of the entity output (one JSON
// object per line).
type Record struct {
	Doc      string  `json:"doc"`      // Doc.ID
	Start    int     `json:"start"`    // byte offset into Doc.Text
	End      int     `json:"end"`      // byte offset into Doc.Text
	Sentence int     `json:"sentence"` // sentence index in the document
	Label    string  `json:"label"`    // PER, LOC, ORG or OTH
	Kind     string  `json:"kind"`     // name, derived or part (extract.Kind)
	Base     string  `json:"base"`     // the name itself (Putins → Putin)
	Group    string  `json:"group"`    // canonical name of the mention's group in this document
	Text     string  `json:"text"`     // Doc.Text[Start:End]
	Score    float64 `json:"score"`    // 0–1
}

// Failure is a document or input line that could not be processed, the
// element of the dead-letter output.
type Failure struct {
	Source string `json:"source"`          // document id, or file name for an unparsable line
	Error  string `json:"error"`           // what went wrong
	Input  string `json:"input,omitempty"` // the offending line, truncated to MaxFailureInput bytes
}

// MaxFailureInput is how much of an offending input line a Failure keeps.
const MaxFailureInput = 1024

// Count is what the corpus says about one name: in how many documents it
// occurs and how often.
type Count struct {
	Docs     int64
	Mentions int64
}

// Row is one line of the aggregate TSV.
type Row struct {
	Label    string
	Name     string
	Docs     int64
	Mentions int64
}

// Counters, reported by the runner (namen.documents, ...).
var (
	documents = beam.NewCounter("namen", "documents") // documents extracted
	bytesIn   = beam.NewCounter("namen", "bytes")     // bytes of text extracted
	tokens    = beam.NewCounter("namen", "tokens")    // tokens in those documents
	entities  = beam.NewCounter("namen", "entities")  // entity mentions found
	failed    = beam.NewCounter("namen", "failed")    // documents or lines sent to the dead-letter output
)

func init() {
	for _, t := range []any{Doc{}, Record{}, Failure{}, Count{}, Row{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	register.DoFn5x0[context.Context, string, string, func(Doc), func(Failure)](&parseLineFn{})
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Doc), func(Failure), error](&readFileFn{})
	register.DoFn5x0[context.Context, Doc, func(Record), func(string, Count), func(Failure)](&extractFn{})
	register.Function2x1(addCounts)
	register.Emitter1[Doc]()
	register.Emitter1[Failure]()
	register.Emitter1[Record]()
	register.Emitter2[string, Count]()
}

// ReadJSONL reads JSON Lines files matching glob, one document per line:
// {"id": "...", "text": "..."}. The id may be a string or a number; text is
// required. Blank lines are skipped; a line that is not such an object goes
// to failures. Gzip files (.gz) are decompressed. It returns
// PCollection<Doc> and PCollection<Failure>.
func ReadJSONL(s beam.Scope, glob string) (docs, failures beam.PCollection) {
	s = s.Scope("ReadJSONL")
	lines := textio.ReadWithFilename(s, glob)
	return ParseJSONL(s, lines)
}

// ParseJSONL parses PCollection<KV<file name, line>> as ReadJSONL does.
func ParseJSONL(s beam.Scope, lines beam.PCollection) (docs, failures beam.PCollection) {
	return beam.ParDo2(s.Scope("ParseJSONL"), &parseLineFn{}, lines)
}

type parseLineFn struct{}

func (*parseLineFn) ProcessElement(ctx context.Context, file, line string, emit func(Doc), fail func(Failure)) {
	if strings.TrimSpace(line) == "" {
		return
	}
	doc, err := parseLine(line)
	if err != nil {
		failed.Inc(ctx, 1)
		fail(Failure{Source: file, Error: err.Error(), Input: truncate(line, MaxFailureInput)})
		return
	}
	emit(doc)
}

// parseLine decodes one JSON Lines document.
func parseLine(line string) (Doc, error) {
	var v struct {
		ID   json.RawMessage `json:"id"`
		Text *string         `json:"text"`
	}
	if err := json.Unmarshal([]byte(line), &v); err != nil {
		return Doc{}, fmt.Errorf("malformed JSON line: %w", err)
	}
	if v.Text == nil {
		return Doc{}, errors.New(`missing string field "text"`)
	}
	var id string
	switch {
	case len(v.ID) == 0 || string(v.ID) == "null":
		return Doc{}, errors.New(`missing field "id"`)
	case v.ID[0] == '"':
		if err := json.Unmarshal(v.ID, &id); err != nil {
			return Doc{}, fmt.Errorf("field \"id\": %w", err)
		}
	case v.ID[0] == '-' || v.ID[0] >= '0' && v.ID[0] <= '9':
		id = string(v.ID)
	default:
		return Doc{}, fmt.Errorf(`field "id" must be a string or a number, got %s`, truncate(string(v.ID), 40))
	}
	return Doc{ID: id, Text: *v.Text}, nil
}

// ReadFiles reads the files matching glob, one document per file, its id
// the file's path. Gzip files (.gz) are decompressed; a file that cannot
// be read goes to failures. It returns PCollection<Doc> and
// PCollection<Failure>.
func ReadFiles(s beam.Scope, glob string) (docs, failures beam.PCollection) {
	s = s.Scope("ReadFiles")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, glob))
	return beam.ParDo2(s, &readFileFn{}, files)
}

type readFileFn struct{}

func (*readFileFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(Doc), fail func(Failure)) error {
	b, err := f.Read(ctx)
	if err != nil {
		failed.Inc(ctx, 1)
		fail(Failure{Source: f.Metadata.Path, Error: err.Error()})
		return nil
	}
	emit(Doc{ID: f.Metadata.Path, Text: string(b)})
	return nil
}

// Extract runs the extractor over PCollection<Doc>. It returns
// PCollection<Record> (one per entity mention),
// PCollection<KV<string, Count>> keyed by GroupKey (one per name per
// document, Docs = 1) and PCollection<Failure> for documents that failed
// or were larger than maxBytes (0 = no limit).
func Extract(s beam.Scope, docs beam.PCollection, maxBytes int) (records, counts, failures beam.PCollection) {
	return beam.ParDo3(s.Scope("Extract"), &extractFn{MaxBytes: maxBytes}, docs)
}

// extractFn holds one Extractor per DoFn instance, created in Setup and
// reused for every document; the default model it uses is decoded once per
// worker process.
type extractFn struct {
	MaxBytes int `json:"maxBytes"`

	x *extract.Extractor
}

func (f *extractFn) Setup() error {
	x, err := extract.New()
	if err != nil {
		return fmt.Errorf("namen: loading the extractor: %w", err)
	}
	f.x = x
	return nil
}

func (f *extractFn) ProcessElement(ctx context.Context, d Doc, emit func(Record), count func(string, Count), fail func(Failure)) {
	if f.MaxBytes > 0 && len(d.Text) > f.MaxBytes {
		failed.Inc(ctx, 1)
		fail(Failure{Source: d.ID, Error: fmt.Sprintf("document has %d bytes; the limit is %d", len(d.Text), f.MaxBytes)})
		return
	}
	doc, err := f.extract(ctx, d.Text)
	if err != nil {
		failed.Inc(ctx, 1)
		fail(Failure{Source: d.ID, Error: err.Error()})
		return
	}
	documents.Inc(ctx, 1)
	bytesIn.Inc(ctx, int64(len(d.Text)))
	tokens.Inc(ctx, int64(len(doc.Tokens)))
	entities.Inc(ctx, int64(len(doc.Entities)))

	group := make([]string, len(doc.Entities))
	perName := make(map[string]int64, len(doc.Groups))
	for _, g := range doc.Groups {
		for _, m := range g.Mentions {
			group[m] = g.Name
		}
		perName[GroupKey(g.Label.String(), g.Name)] += int64(len(g.Mentions))
	}
	for i, e := range doc.Entities {
		emit(Record{
			Doc: d.ID, Start: e.Start, End: e.End, Sentence: e.Sentence,
			Label: e.Label.String(), Kind: e.Kind.String(), Base: e.Base, Group: group[i],
			Text: e.Text, Score: e.Score,
		})
	}
	for key, n := range perName {
		count(key, Count{Docs: 1, Mentions: n})
	}
}

// extract runs the extractor and turns a panic (a bug: the library
// promises none) into an error, so one document cannot fail the job.
func (f *extractFn) extract(ctx context.Context, text string) (doc *extract.Document, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("extractor panicked: %v", v)
		}
	}()
	return f.x.Extract(ctx, text)
}

// GroupKey is the aggregation key of a name: label, tab, canonical name.
func GroupKey(label, name string) string { return label + "\t" + name }

// Aggregate sums PCollection<KV<string, Count>> per key (CombinePerKey):
// per (label, canonical name) the number of documents and mentions.
func Aggregate(s beam.Scope, counts beam.PCollection) beam.PCollection {
	return beam.CombinePerKey(s.Scope("Aggregate"), addCounts, counts)
}

func addCounts(a, b Count) Count {
	return Count{Docs: a.Docs + b.Docs, Mentions: a.Mentions + b.Mentions}
}

// truncate shortens s to at most n bytes without splitting a UTF-8
// sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
