package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokenizeStdin(t *testing.T) {
	tokenizeStdin = strings.NewReader("Am 3. Oktober kam er. Dann ging er.")
	defer func() { tokenizeStdin = os.Stdin }()
	var out, errb bytes.Buffer
	if code := run([]string{"tokenize"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	want := "0\t2\tword\tAm\n3\t5\tnumber\t3.\n6\t13\tword\tOktober\n14\t17\tword\tkam\n18\t20\tword\ter\n20\t21\tpunct\t.\n" +
		"\n22\t26\tword\tDann\n27\t31\tword\tging\n32\t34\tword\ter\n34\t35\tpunct\t.\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
}

func TestTokenizeFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("z.B. NATO-Generalsekretär."), 0o644)
	os.WriteFile(b, []byte("„Ja“"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"tokenize", "-format", "words", a, b}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	want := "# " + a + "\nz.B. NATO-Generalsekretär .\n# " + b + "\n„ Ja “\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
}

func TestTokenizeJSONL(t *testing.T) {
	tokenizeStdin = strings.NewReader("Er kam. Sie <ging>.")
	defer func() { tokenizeStdin = os.Stdin }()
	var out, errb bytes.Buffer
	if code := run([]string{"tokenize", "-format", "jsonl"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	var got []tokenRecord
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r tokenRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, r)
	}
	want := []tokenRecord{
		{Sentence: 0, Start: 0, End: 2, Kind: "word", Text: "Er"},
		{Sentence: 0, Start: 3, End: 6, Kind: "word", Text: "kam"},
		{Sentence: 0, Start: 6, End: 7, Kind: "punct", Text: "."},
		{Sentence: 1, Start: 8, End: 11, Kind: "word", Text: "Sie"},
		{Sentence: 1, Start: 12, End: 13, Kind: "symbol", Text: "<"},
		{Sentence: 1, Start: 13, End: 17, Kind: "word", Text: "ging"},
		{Sentence: 1, Start: 17, End: 18, Kind: "symbol", Text: ">"},
		{Sentence: 1, Start: 18, End: 19, Kind: "punct", Text: "."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records mismatch (-want +got):\n%s", diff)
	}
	if strings.Contains(out.String(), `\u003c`) {
		t.Errorf("jsonl escapes HTML characters: %s", out.String())
	}
}

func TestTokenizeErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"tokenize", "-format", "xml"}, &out, &errb); code != 2 {
		t.Errorf("unknown format: exit %d, want 2", code)
	}
	errb.Reset()
	if code := run([]string{"tokenize", filepath.Join(t.TempDir(), "missing.txt")}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "missing.txt") {
		t.Errorf("missing file: exit %d, stderr %q; want 1 and the file name", code, errb.String())
	}
}
