package cli

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWordstats(t *testing.T) {
	dir := t.TempDir()
	var corpus strings.Builder
	for range 5 {
		corpus.WriteString("Wir fahren nach Berlin.\nWir fahren nach Bonn.\nDie Katze schläft.\n")
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(corpus.String()))
	zw.Close()
	gazDir := filepath.Join(dir, "gaz")
	for name, data := range map[string]string{
		filepath.Join(dir, "corpus.txt.gz"):          gz.String(),
		filepath.Join(gazDir, "cities_de.faker.txt"): "Bonn\nBad Homburg\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	table := filepath.Join(dir, "ws.bin")
	var out, errb bytes.Buffer
	args := []string{"wordstats", "-out", table, "-in", filepath.Join(dir, "*.gz"), "-gazetteers", gazDir, "-classes", "2,3,4"}
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("build: exit %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), "wrote "+table) {
		t.Errorf("no progress line about the written table in %q", errb.String())
	}

	out.Reset()
	errb.Reset()
	if code := run([]string{"wordstats", "-table", table, "-show", "Bonn,Homburg,Paris"}, &out, &errb); code != 0 {
		t.Fatalf("show: exit %d, stderr %q", code, errb.String())
	}
	for _, want := range []string{
		"Bonn: freq 5, lower 0.000, classes [",
		"gazetteers Place\n",
		"  class ",
		"Berlin", // same contexts as Bonn
		"Homburg: freq 0, lower -1.000, classes [0 0 0], gazetteers Place(part)\n",
		"Paris: freq 0, lower -1.000, classes [0 0 0], gazetteers -\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-show output lacks %q:\n%s", want, out.String())
		}
	}

	if code := run([]string{"wordstats", "-out", table, "-classes", "2,3"}, &out, &errb); code != 2 {
		t.Errorf("bad -classes: exit %d, want 2", code)
	}
}
