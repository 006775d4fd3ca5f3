package lang

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/internal/shared"
)

// readLinesOK returns the lines of a file, or nil if it cannot be read.
func readLinesOK(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
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
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestStemSnowballVocabulary checks every word of the official Snowball
// German vocabulary against its expected stem.
func TestStemSnowballVocabulary(t *testing.T) {
	dir := shared.ForTest(t, "snowball-german")
	voc := readLines(t, filepath.Join(dir, "voc.txt"))
	want := readLines(t, filepath.Join(dir, "output.txt"))
	if len(voc) != len(want) {
		t.Fatalf("voc.txt has %d lines, output.txt %d", len(voc), len(want))
	}
	if len(voc) < 35000 {
		t.Fatalf("vocabulary has only %d words", len(voc))
	}
	bad := 0
	var buf []byte
	for i, w := range voc {
		if got := Stem(w); got != want[i] {
			if bad < 10 {
				t.Errorf("Stem(%q) = %q, want %q", w, got, want[i])
			}
			bad++
		}
		buf = AppendStem(buf[:0], w)
		if got := string(buf); got != want[i] {
			if bad < 10 {
				t.Errorf("AppendStem(%q) = %q, want %q", w, got, want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d stems differ", bad, len(voc))
	}
}

func TestAppendStem(t *testing.T) {
	long := strings.Repeat("Donaudampfschiff", 4) + "fahrten" // longer than the stack buffer
	for _, w := range []string{"Häuser", "verhandlungen", "Griechenlandes", "", long, "a\xffb"} {
		if got, want := string(AppendStem([]byte("x"), w)), "x"+Stem(w); got != want {
			t.Errorf("AppendStem(x, %q) = %q, want %q", w, got, want)
		}
	}
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendStem(buf[:0], "Häusern") }); n != 0 {
		t.Errorf("AppendStem allocates %v times with a large enough buffer", n)
	}
}

func TestStemLowercases(t *testing.T) {
	for _, w := range []string{"Häuser", "HÄUSER", "häuser"} {
		if got := Stem(w); got != "haus" {
			t.Errorf("Stem(%q) = %q, want %q", w, got, "haus")
		}
	}
}
