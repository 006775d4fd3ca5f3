package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/namen-nlp/namen/extract"
)

// The tests run on the prism runner in this process (-runner=direct also
// works).
func TestMain(m *testing.M) {
	ptest.Main(m)
}

// testDocs returns the seed article and a few small documents that share
// names with it, so that names are counted across documents.
func testDocs(t *testing.T) []Doc {
	t.Helper()
	article, err := os.ReadFile("../../../testdata/seed/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	return []Doc{
		{ID: "seed/article.txt", Text: string(article)},
		{ID: "short-1", Text: "Die NATO hat am Dienstag in Brüssel getagt. NATO-Generalsekretär Mark Rutte sprach von Fortschritten."},
		{ID: "short-2", Text: "Wladimir Putin empfing in Moskau eine Delegation der Türkei."},
		{ID: "short-3", Text: "Die NATO und die Europäische Union beraten über die Ukraine."},
		{ID: "empty", Text: ""},
	}
}

// direct computes what the pipeline must produce by calling the extractor
// directly: the records and the aggregate rows.
func direct(t *testing.T, docs []Doc) ([]Record, []Row) {
	t.Helper()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	var records []Record
	counts := map[string]Count{}
	for _, d := range docs {
		doc, err := x.Extract(context.Background(), d.Text)
		if err != nil {
			t.Fatal(err)
		}
		inDoc := map[string]int64{}
		for _, g := range doc.Groups {
			inDoc[GroupKey(g.Label.String(), g.Name)] += int64(len(g.Mentions))
			for _, m := range g.Mentions {
				e := doc.Entities[m]
				records = append(records, Record{
					Doc: d.ID, Start: e.Start, End: e.End, Sentence: e.Sentence,
					Label: e.Label.String(), Kind: e.Kind.String(), Base: e.Base, Group: g.Name,
					Text: e.Text, Score: e.Score,
				})
			}
		}
		for k, n := range inDoc {
			c := counts[k]
			counts[k] = Count{Docs: c.Docs + 1, Mentions: c.Mentions + n}
		}
	}
	var rows []Row
	for k, c := range counts {
		rows = append(rows, toRow(k, c))
	}
	SortRows(rows)
	return records, rows
}

func TestExtractAndAggregate(t *testing.T) {
	docs := testDocs(t)
	wantRecords, wantRows := direct(t, docs)

	// The corpus must exercise what is tested: many records, and names
	// counted across documents.
	if len(wantRecords) < 40 {
		t.Fatalf("only %d entities in the test documents; the model finds too little to test the pipeline", len(wantRecords))
	}
	if r := findRow(wantRows, "ORG", "NATO"); r.Docs < 2 || r.Mentions < 4 {
		t.Errorf("NATO/ORG: %d documents, %d mentions; want ≥ 2 and ≥ 4 (seed article and short documents)", r.Docs, r.Mentions)
	}

	p, s := beam.NewPipelineWithRoot()
	records, counts, failures := Extract(s, beam.CreateList(s, docs), 0)
	passert.EqualsList(s, records, wantRecords)
	passert.EqualsList(s, Rows(s, Aggregate(s, counts)), wantRows)
	passert.Empty(s, failures)
	res := ptest.RunAndValidate(t, p)

	got := counters(res)
	var wantTokens, wantBytes int64
	for _, d := range docs {
		wantBytes += int64(len(d.Text))
	}
	x, _ := extract.New()
	for _, d := range docs {
		doc, _ := x.Extract(context.Background(), d.Text)
		wantTokens += int64(len(doc.Tokens))
	}
	want := map[string]int64{"documents": int64(len(docs)), "bytes": wantBytes, "tokens": wantTokens, "entities": int64(len(wantRecords))}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counters (-want +got):\n%s", diff)
	}
}

func findRow(rows []Row, label, name string) Row {
	for _, r := range rows {
		if r.Label == label && r.Name == name {
			return r
		}
	}
	return Row{}
}

// counters returns the namen counters of a finished pipeline.
func counters(res beam.PipelineResult) map[string]int64 {
	m := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "namen" && c.Result() != 0 {
			m[c.Name()] += c.Result()
		}
	}
	return m
}

func TestParseLine(t *testing.T) {
	tests := []struct {
		line    string
		want    Doc
		wantErr string
	}{
		{`{"id": "a", "text": "Putin in Moskau"}`, Doc{ID: "a", Text: "Putin in Moskau"}, ""},
		{`{"id": 17, "text": ""}`, Doc{ID: "17", Text: ""}, ""},
		{`{"text": "x", "id": "b", "lang": "de"}`, Doc{ID: "b", Text: "x"}, ""}, // other fields are ignored
		{`{"id": "a", "text": "x"}` + "\r", Doc{ID: "a", Text: "x"}, ""},        // CRLF files
		{`{"id": "a", "text": `, Doc{}, "malformed JSON line"},
		{`not json`, Doc{}, "malformed JSON line"},
		{`["a", "x"]`, Doc{}, "malformed JSON line"},
		{`{"id": "a"}`, Doc{}, `missing string field "text"`},
		{`{"id": "a", "text": 5}`, Doc{}, "malformed JSON line"},
		{`{"text": "x"}`, Doc{}, `missing field "id"`},
		{`{"id": null, "text": "x"}`, Doc{}, `missing field "id"`},
		{`{"id": [1], "text": "x"}`, Doc{}, `must be a string or a number`},
	}
	for _, tt := range tests {
		got, err := parseLine(tt.line)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseLine(%q): error %v, want one containing %q", tt.line, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseLine(%q): %v", tt.line, err)
		} else if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseLine(%q) (-want +got):\n%s", tt.line, diff)
		}
	}
}

// Malformed lines of a JSON Lines file land in the dead-letter output with
// their error; the good lines are processed and the job succeeds.
func TestDeadLetter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "docs.jsonl")
	good := `{"id": "ok", "text": "Mark Rutte sprach in Belek."}`
	bad := []string{`{"id": "bad", "text": "Putin`, `not json at all`, `{"id": "no-text"}`}
	lines := append([]string{good, ""}, bad...)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var want []Failure
	for _, l := range bad {
		_, err := parseLine(l)
		want = append(want, Failure{Source: path, Error: err.Error(), Input: l})
	}

	p, s := beam.NewPipelineWithRoot()
	docs, failures := ReadJSONL(s, path)
	passert.Equals(s, docs, Doc{ID: "ok", Text: "Mark Rutte sprach in Belek."})
	passert.EqualsList(s, failures, want)
	_, _, extractFailures := Extract(s, docs, 0)
	passert.Empty(s, extractFailures)
	res := ptest.RunAndValidate(t, p)
	if got := counters(res); got["failed"] != int64(len(bad)) || got["documents"] != 1 {
		t.Errorf("counters %v, want failed=%d documents=1", got, len(bad))
	}
}

// Documents over the size limit go to the dead-letter output.
func TestMaxBytes(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	docs := beam.Create(s, Doc{ID: "small", Text: "Rom."}, Doc{ID: "big", Text: strings.Repeat("Berlin ", 10)})
	_, _, failures := Extract(s, docs, 20)
	passert.Equals(s, failures, Failure{Source: "big", Error: "document has 70 bytes; the limit is 20"})
	ptest.RunAndValidate(t, p)
}

// Build end to end on plain-text files: the three output files exist and
// hold what direct extraction gives.
func TestBuild(t *testing.T) {
	dir := t.TempDir()
	docs := testDocs(t)
	var inDir []Doc
	for i, d := range docs[:4] {
		path := filepath.Join(dir, "in", []string{"a", "b", "c", "d"}[i]+".txt")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(d.Text), 0o644); err != nil {
			t.Fatal(err)
		}
		inDir = append(inDir, Doc{ID: path, Text: d.Text})
	}
	wantRecords, wantRows := direct(t, inDir)

	out := filepath.Join(dir, "out") + "/"
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, Options{Input: filepath.Join(dir, "in", "*.txt"), Output: out, Shards: 2}); err != nil {
		t.Fatal(err)
	}
	ptest.RunAndValidate(t, p)

	// Entities: all shards together hold the records, offsets into the files.
	var gotRecords []Record
	for i := range 2 {
		for _, line := range readLines(t, ShardName(out+"entities", ".jsonl", i, 2)) {
			var r Record
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("entity line %q: %v", line, err)
			}
			gotRecords = append(gotRecords, r)
		}
	}
	less := func(a, b Record) bool {
		return a.Doc < b.Doc || a.Doc == b.Doc && a.Start < b.Start
	}
	if diff := cmp.Diff(wantRecords, gotRecords, cmpopts.SortSlices(less)); diff != "" {
		t.Errorf("entity records (-want +got):\n%s", diff)
	}

	// Names: header, then the rows in SortRows order.
	wantTSV := []string{TSVHeader}
	for _, r := range wantRows {
		wantTSV = append(wantTSV, strings.Join([]string{r.Label, r.Name, strconv.FormatInt(r.Docs, 10), strconv.FormatInt(r.Mentions, 10)}, "\t"))
	}
	if diff := cmp.Diff(wantTSV, readLines(t, out+"names.tsv")); diff != "" {
		t.Errorf("names.tsv (-want +got):\n%s", diff)
	}
	if got := readLines(t, out+"failed.jsonl"); len(got) != 0 {
		t.Errorf("failed.jsonl: %q, want an empty file", got)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
