package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
)

const seedArticle = "../../../testdata/seed/article.txt"

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExtractJSONL(t *testing.T) {
	text, err := os.ReadFile(seedArticle)
	if err != nil {
		t.Fatal(err)
	}
	other := writeTemp(t, "b.txt", "Angela Merkel besuchte Paris.\n")
	out, stderr, code := runCLI(t, "extract", "-format", "jsonl", seedArticle, other)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr not empty (not a terminal): %q", stderr)
	}
	perFile := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var e struct {
			File string `json:"file"`
			extract.Entity
		}
		// Entity has its own UnmarshalJSON, which the struct would take
		// over: decode the line twice.
		if err := json.Unmarshal(sc.Bytes(), &e.Entity); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		var f struct {
			File string `json:"file"`
		}
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		e.File = f.File
		perFile[e.File]++
		if e.File == seedArticle && string(text[e.Start:e.End]) != e.Text {
			t.Errorf("entity %+v does not match the file at its offsets", e.Entity)
		}
	}
	if perFile[seedArticle] < 30 || perFile[other] == 0 {
		t.Errorf("entities per file: %v", perFile)
	}
}

func TestExtractJSONLStreamed(t *testing.T) {
	old := streamFrom
	defer func() { streamFrom = old }()
	streamFrom = 100 // stream the seed article
	text, err := os.ReadFile(seedArticle)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, "extract", "-format", "jsonl", seedArticle)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e extract.Entity
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if string(text[e.Start:e.End]) != e.Text {
			t.Errorf("streamed entity %+v does not match the file at its offsets", e)
		}
		n++
	}
	if n < 30 {
		t.Errorf("%d entities streamed", n)
	}
}

func TestExtractJSON(t *testing.T) {
	out, stderr, code := runCLI(t, "extract", "-format", "json", seedArticle)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		File     string           `json:"file"`
		Entities []extract.Entity `json:"entities"`
		Groups   []extract.Group  `json:"groups"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.File != seedArticle || len(doc.Entities) < 30 || len(doc.Groups) < 5 {
		t.Errorf("file %q, %d entities, %d groups", doc.File, len(doc.Entities), len(doc.Groups))
	}
	for _, g := range doc.Groups {
		for _, m := range g.Mentions {
			if m < 0 || m >= len(doc.Entities) || doc.Entities[m].Label != g.Label {
				t.Errorf("group %+v: bad mention %d", g, m)
			}
		}
	}
	// The same JSONL run streams; its spans must equal the document's.
	jl, _, _ := runCLI(t, "extract", "-format", "jsonl", seedArticle)
	if n := strings.Count(jl, "\n"); n != len(doc.Entities) {
		t.Errorf("jsonl has %d entities, json %d", n, len(doc.Entities))
	}
}

func TestExtractText(t *testing.T) {
	out, stderr, code := runCLI(t, "extract", seedArticle)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"START", "GROUP", "Wladimir Putin", "Russland"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestExtractCoNLL(t *testing.T) {
	text := "Wladimir Putin reiste nach Moskau. Dort traf er die NATO.\n\nEnde."
	out, stderr, code := runCLI(t, "extract", "-format", "conll", writeTemp(t, "a.txt", text))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	toks := lang.Tokenize(text)
	sents := lang.Sentences(text, toks)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(toks)+len(sents) {
		t.Fatalf("%d lines for %d tokens and %d sentences:\n%s", len(lines), len(toks), len(sents), out)
	}
	i := 0
	for _, line := range lines {
		if line == "" {
			continue
		}
		word, tag, ok := strings.Cut(line, "\t")
		if !ok || word != toks[i].Text {
			t.Fatalf("line %q, want token %q", line, toks[i].Text)
		}
		if _, err := model.ParseTag(tag); err != nil {
			t.Errorf("line %q: %v", line, err)
		}
		i++
	}
}

func TestExtractStdin(t *testing.T) {
	old := extractStdin
	defer func() { extractStdin = old }()
	extractStdin = strings.NewReader("Angela Merkel besuchte Paris.")
	out, stderr, code := runCLI(t, "extract", "-format", "jsonl", "-labels", "LOC")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "" && (!strings.Contains(line, `"file":"-"`) || !strings.Contains(line, `"label":"LOC"`)) {
			t.Errorf("line %s", line)
		}
	}
}

func TestExtractNames(t *testing.T) {
	names := writeTemp(t, "names.tsv", "# user names\nIT BOLTWISE\tORG\nBoltwise-Leser\tORG\tpart\tBoltwise\n")
	in := writeTemp(t, "in.txt", "Das Magazin IT BOLTWISE schreibt für Boltwise-Leser.")
	out, stderr, code := runCLI(t, "extract", "-format", "jsonl", "-names", names, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		`"text":"IT BOLTWISE","start":12,"end":23,"from":2,"to":4,"sentence":0,"label":"ORG","kind":"name","base":"IT BOLTWISE"`,
		`"text":"Boltwise-Leser","start":38,"end":52,"from":6,"to":7,"sentence":0,"label":"ORG","kind":"part","base":"Boltwise"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	bad := writeTemp(t, "bad.tsv", "IT BOLTWISE\tCOMPANY\n")
	if _, stderr, code := runCLI(t, "extract", "-names", bad, in); code != 1 || !strings.Contains(stderr, "bad.tsv:1") {
		t.Errorf("bad names file: exit %d, stderr %q", code, stderr)
	}
}

func TestExtractErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"extract", "-format", "xml"}, 2, "unknown format"},
		{[]string{"extract", "-labels", "PERSON"}, 2, "unknown label"},
		{[]string{"extract", "-min-score", "2", seedArticle}, 2, "-min-score 2: want a value in [0,1]"},
		{[]string{"extract", "-offsets", "chars", seedArticle}, 2, "unknown offset unit"},
		{[]string{"extract", "/nonexistent/file.txt"}, 1, "/nonexistent/file.txt"},
		{[]string{"help", "nosuchcommand"}, 2, "usage: namen"},
		{[]string{"tag"}, 2, "-conll is required"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}

func TestProgressOnlyOnTerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file is a terminal")
	}
	// Several files but no terminal: nothing on stderr.
	p := newProgress(f, []string{"a", "b"})
	p.file(0)
	p.done()
	if fi, _ := f.Stat(); fi.Size() != 0 {
		t.Errorf("progress wrote %d bytes to a regular file", fi.Size())
	}
	// Enabled (as on a terminal): a progress line, cleared at the end.
	var buf bytes.Buffer
	p = &progress{w: &buf, files: []string{"a", "b"}}
	r := p.reader(strings.NewReader("Putin"))
	p.file(1)
	if _, err := r.Read(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	p.done()
	if !strings.Contains(buf.String(), "file 2/2 b") || !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Errorf("progress output %q", buf.String())
	}
}

// TestExtractSeveralFiles: flags may follow the file names; a missing file
// is reported and skipped, the others are processed, and the exit status
// is 1; -format json gives one valid JSON array.
func TestExtractSeveralFiles(t *testing.T) {
	a := writeTemp(t, "a.txt", "Angela Merkel besuchte Paris.")
	b := writeTemp(t, "b.txt", "Wladimir Putin blieb in Moskau.")
	out, stderr, code := runCLI(t, "extract", a, "/nonexistent/x.txt", b, "-format", "json")
	if code != 1 || !strings.Contains(stderr, "/nonexistent/x.txt") || !strings.Contains(stderr, "1 of 3 inputs") {
		t.Errorf("exit %d, stderr %q; want 1 and the missing file", code, stderr)
	}
	var docs []struct {
		File     string           `json:"file"`
		Entities []extract.Entity `json:"entities"`
	}
	if err := json.Unmarshal([]byte(out), &docs); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	if len(docs) != 2 || docs[0].File != a || docs[1].File != b || len(docs[0].Entities) == 0 || len(docs[1].Entities) == 0 {
		t.Errorf("documents %+v", docs)
	}
}

// TestExtractOffsets: -offsets runes gives offsets that index the text as
// code points.
func TestExtractOffsets(t *testing.T) {
	text := "Über München fuhr Angela Merkel nach Köln."
	in := writeTemp(t, "in.txt", text)
	out, stderr, code := runCLI(t, "extract", "-format", "jsonl", "-offsets", "runes", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	runes := []rune(text)
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e extract.Entity
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if got := string(runes[e.Start:e.End]); got != e.Text {
			t.Errorf("runes %d-%d: %q, want %q", e.Start, e.End, got, e.Text)
		}
		n++
	}
	if n < 2 {
		t.Errorf("%d entities", n)
	}
}

// TestExtractOffsetsStreamed: rune offsets count over the whole input
// when it is streamed in pieces.
func TestExtractOffsetsStreamed(t *testing.T) {
	old := streamFrom
	defer func() { streamFrom = old }()
	streamFrom = 100
	text, err := os.ReadFile(seedArticle)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, "extract", "-format", "jsonl", "-offsets", "utf16", seedArticle)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	units := utf16.Encode([]rune(string(text)))
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e extract.Entity
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if got := string(utf16.Decode(units[e.Start:e.End])); got != e.Text {
			t.Errorf("utf16 %d-%d: %q, want %q", e.Start, e.End, got, e.Text)
		}
		n++
	}
	if n < 30 {
		t.Errorf("%d entities", n)
	}
}

func TestHelpAndVersion(t *testing.T) {
	if _, stderr, code := runCLI(t, "help", "extract"); code != 0 || !strings.Contains(stderr, "usage: namen extract") {
		t.Errorf("help extract: exit %d, stderr %q", code, stderr)
	}
	if out, _, code := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "namen ") || !strings.Contains(out, "model: ") {
		t.Errorf("version: exit %d, output %q", code, out)
	}
}
