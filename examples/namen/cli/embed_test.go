package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbed(t *testing.T) {
	dir := t.TempDir()
	var corpus strings.Builder
	for i := range 300 {
		city := []string{"Berlin", "Bonn", "Köln"}[i%3]
		day := []string{"Montag", "Freitag", "Sonntag"}[i%3]
		corpus.WriteString("Wir fahren morgen nach " + city + " und bleiben dort .\n")
		corpus.WriteString("Wir treffen uns am " + day + " um acht Uhr .\n")
	}
	in := filepath.Join(dir, "corpus.txt")
	if err := os.WriteFile(in, []byte(corpus.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	vecs := filepath.Join(dir, "v.vec")
	var out, errb bytes.Buffer
	args := []string{"embed", "-out", vecs, "-in", in, "-tagged", "none", "-dims", "16", "-buckets", "1024", "-epochs", "5", "-workers", "2", "-sample", "1"}
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("embed: exit %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), "wrote "+vecs) {
		t.Errorf("no line about the written file in %q", errb.String())
	}
	out.Reset()
	if code := run([]string{"embed", "-vectors", vecs, "-show", "Bonn,Freitag"}, &out, &errb); code != 0 {
		t.Fatalf("show: exit %d, stderr %q", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Bonn: ") || !strings.HasPrefix(lines[1], "Freitag: ") {
		t.Fatalf("-show output:\n%s", out.String())
	}
	// The nearest neighbour shares the word's contexts.
	if first := strings.Fields(lines[0])[1]; first != "Berlin" && first != "Köln" {
		t.Errorf("nearest to Bonn: %s", lines[0])
	}
	if code := run([]string{"embed", "-vectors", vecs}, &out, &errb); code != 2 {
		t.Errorf("no -out and no -show: exit %d, want 2", code)
	}
}
