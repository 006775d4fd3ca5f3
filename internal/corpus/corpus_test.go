package corpus

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/internal/shared"
)

func TestReadGermEval(t *testing.T) {
	in := "#\thttp://x\t[2010]\n1\tJesu\tB-PER\tO\n2\t.\tO\tO\n\n#\thttp://y\n1\tToyota\tB-ORG\tO\n"
	got, err := Read(strings.NewReader(in), Detect("#\thttp://x"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Words: []string{"Jesu", "."}, Tags: []string{"B-PER", "O"}},
		{Words: []string{"Toyota"}, Tags: []string{"B-ORG"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "-DOCSTART- -1- O O\n\nWerde\tVAFIN\tI-VA\tO\nBerlin NE I-NE B-LOC\r\n\n"
	got, err := Read(strings.NewReader(in), Detect("-DOCSTART- -1- O O"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{{Words: []string{"Werde", "Berlin"}, Tags: []string{"O", "B-LOC"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
	if _, err := Read(strings.NewReader("lonely\n"), CoNLL); err == nil {
		t.Error("one-column line: want error")
	}
}

func TestReadGermEvalFiles(t *testing.T) {
	for _, c := range []struct {
		file      string
		sentences int
		tokens    int
	}{{"NER-de-train.tsv", 24000, 452853}, {"NER-de-dev.tsv", 2200, 41653}} {
		path := shared.ForTest(t, "germeval2014", c.file)
		s, err := ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range s {
			n += len(x.Words)
		}
		if len(s) != c.sentences || n != c.tokens {
			t.Errorf("%s: %d sentences, %d tokens; want %d, %d", c.file, len(s), n, c.sentences, c.tokens)
		}
	}
}
