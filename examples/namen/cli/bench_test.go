package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/namen-nlp/namen/lang"
)

func TestBench(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.txt")
	text := "Mark Rutte traf in Belek den NATO-Generalsekretär.\n\nDie Bundesregierung in Berlin schwieg.\n"
	if err := os.WriteFile(in, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"bench", "-in", in, "-rounds", "1", "-workers", "1,2"}
	if !testing.Short() { // loading prose's model takes about a second
		args = append(args, "-baseline", "prose")
	}
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	want := []string{fmt.Sprintf("1 documents, %d bytes, %d tokens", len(text), len(lang.Tokenize(text))), "round 1:", "namen, 1 worker(s):", "namen, 2 worker(s):", "allocs per token", "peak RSS"}
	if !testing.Short() {
		want = append(want, "prose v2, 1 goroutine:", "ratio namen/prose")
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestBenchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "-baseline", "spacy"},
		{"bench", "-workers", "0"},
		{"bench", "-rounds", "0"},
		{"bench", "extra"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestSplitDocs(t *testing.T) {
	para := strings.Repeat("x", minDocBytes/2) + "\n\n"
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"\n\n  \n", nil},
		{"kurz\n\nText", []string{"kurz\n\nText"}},
		// The cut comes at the first blank line at least minDocBytes in.
		{para + para + para + "Ende", []string{para + para, para + "Ende"}},
	} {
		if diff := cmp.Diff(tc.want, splitDocs(tc.text)); diff != "" {
			t.Errorf("splitDocs(%.20q…) (-want +got):\n%s", tc.text, diff)
		}
	}
}
