package lang_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/lang"
)

// TestSeedSpansOnTokenBoundaries checks that every required entity span of
// the seed article's gold file begins at a token start and ends at a token
// end.
func TestSeedSpansOnTokenBoundaries(t *testing.T) {
	text, err := os.ReadFile("../testdata/seed/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../testdata/seed/article.gold.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	toks := lang.Tokenize(string(text))
	starts, ends := map[int]bool{}, map[int]bool{}
	for _, tok := range toks {
		starts[tok.Start] = true
		ends[tok.End] = true
	}
	sc := bufio.NewScanner(f)
	n := 0
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(sc.Text(), "#") || len(cols) < 5 || cols[4] != "required" {
			continue
		}
		start, err1 := strconv.Atoi(cols[0])
		end, err2 := strconv.Atoi(cols[1])
		if err1 != nil || err2 != nil || start < 0 || end > len(text) || start >= end {
			t.Fatalf("article.gold.tsv:%d: bad span %q", line, sc.Text())
		}
		if got := string(text[start:end]); got != cols[3] {
			t.Fatalf("article.gold.tsv:%d: text[%d:%d] = %q, file says %q", line, start, end, got, cols[3])
		}
		n++
		if !starts[start] || !ends[end] {
			var over []string
			for _, tok := range toks {
				if tok.Start < end && tok.End > start {
					over = append(over, tok.Text)
				}
			}
			t.Errorf("required span %q [%d,%d) is not on token boundaries; tokens %q", cols[3], start, end, over)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no required spans in article.gold.tsv")
	}
}
