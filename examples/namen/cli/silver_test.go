package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/internal/corpus"
)

// silverInput writes a text of n lines (several chunks of silverChunk):
// sentences with names, one without, one too short to keep.
func silverInput(t *testing.T, n int) string {
	places := []string{"Berlin", "München", "Hamburg", "Köln", "Frankfurt", "Leipzig", "Dresden"}
	var b strings.Builder
	for i := range n {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "Angela Merkel besuchte am Montag %s und sprach dort mit Vertretern der Stadt.\n", places[i%len(places)])
		case 1:
			b.WriteString("Das Wetter war heute sehr schön und warm. Siemens baut ein neues Werk in Bayern.\n")
		case 2:
			b.WriteString("Das Wetter war heute sehr schön und warm.\n")
		default:
			b.WriteString("Ja, danke.\n")
		}
	}
	return writeTemp(t, "in.txt", b.String())
}

func TestSilver(t *testing.T) {
	in := silverInput(t, 3*silverChunk+17)
	dir := t.TempDir()
	silver := func(name string, args ...string) (string, string) {
		t.Helper()
		out := filepath.Join(dir, name)
		_, errOut, code := runCLI(t, append([]string{"silver", "-model", "default", "-in", in, "-out", out}, args...)...)
		if code != 0 {
			t.Fatalf("silver %v: exit %d: %s", args, code, errOut)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return out, string(data)
	}
	full, want := silver("one.conll", "-workers", "1")

	// What is kept: whole sentences of at least silverMinWords tokens,
	// with an entity, every token sure enough; the tag is the last column.
	sents, err := corpus.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) < silverChunk {
		t.Fatalf("%d sentences kept, want at least %d", len(sents), silverChunk)
	}
	for _, s := range sents {
		if len(s.Words) < silverMinWords || s.Words[0] == "Das" && s.Words[1] == "Wetter" {
			t.Fatalf("kept %q", s.Words)
		}
		if !strings.Contains(strings.Join(s.Tags, " "), "B-") {
			t.Fatalf("kept %q without an entity", s.Words)
		}
	}
	for _, line := range strings.Split(want, "\n") {
		if cols := strings.Split(line, "\t"); len(cols) == 3 && cols[1] < "0.800" {
			t.Fatalf("kept a token of confidence %s", cols[1])
		}
	}

	if _, got := silver("three.conll", "-workers", "3"); got != want {
		t.Error("-workers 3 writes another output than -workers 1")
	}

	// An interrupted run, resumed, gives the same output, wherever it
	// was cut.
	for _, cut := range []int{0, len(want) / 3, len(want) * 2 / 3, len(want) - 1} {
		if cut == 0 {
			cut = strings.IndexByte(want, '\n') + 1 // after the header
		}
		p := filepath.Join(dir, fmt.Sprintf("cut%d.conll", cut))
		if err := os.WriteFile(p, []byte(want[:cut]), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, got := silver(filepath.Base(p), "-resume"); got != want {
			t.Errorf("cut at byte %d and resumed: the output differs", cut)
		}
	}

	// -tokens stops at the first chunk that reaches the limit.
	_, part := silver("part.conll", "-tokens", "100")
	if n := strings.Count(part, "\t"); n/2 < 100 || len(part) >= len(want) {
		t.Errorf("-tokens 100: %d tokens of %d bytes, want at least 100 and less than the full %d bytes", n/2, len(part), len(want))
	}

	// An existing output needs -resume, and -resume the same flags.
	if _, errOut, code := runCLI(t, "silver", "-model", "default", "-in", in, "-out", full); code != 1 || !strings.Contains(errOut, "-resume") {
		t.Errorf("existing output: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runCLI(t, "silver", "-model", "default", "-in", in, "-out", full, "-resume", "-min-conf", "0.5"); code != 1 || !strings.Contains(errOut, "cannot resume") {
		t.Errorf("resume with other flags: exit %d, %q", code, errOut)
	}
	if _, _, code := runCLI(t, "silver", "-model", "default", "-in", in, "-out", full, "-min-conf", "2"); code != 2 {
		t.Errorf("-min-conf 2: exit %d, want 2", code)
	}

	// namen train reads it as silver data.
	train := writeTemp(t, "train.conll", "Angela B-PER\nMerkel I-PER\nbesuchte O\nBerlin B-LOC\n. O\n\n")
	m := filepath.Join(dir, "m.nmod")
	if _, errOut, code := runCLI(t, "train", "-train", train, "-dev", train, "-silver", full, "-silver-weight", "0.5", "-out", m, "-epochs", "1"); code != 0 || !strings.Contains(errOut, "silver=one.conll silver-weight=0.5") {
		t.Errorf("train -silver: exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "train", "-train", train, "-dev", train, "-silver", full, "-silver-weight", "0", "-out", m); code != 2 {
		t.Errorf("-silver-weight 0: exit %d, want 2", code)
	}
}
