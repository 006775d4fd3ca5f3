package accurate_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/extract/extracttest"
	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/accurate"
	"github.com/namen-nlp/namen/model/neural"
)

func Example() {
	m, err := accurate.Model()
	if err != nil {
		panic(err)
	}
	x, err := extract.New(extract.WithModel(m))
	if err != nil {
		panic(err)
	}
	ents, err := x.Entities(context.Background(), "NATO-Generalsekretär Mark Rutte sprach in Belek mit dem türkischen Außenminister.")
	if err != nil {
		panic(err)
	}
	for _, e := range ents {
		fmt.Println(e.Type(), e.Text)
	}
	// Output:
	// ORGpart NATO-Generalsekretär
	// PER Mark Rutte
	// LOC Belek
	// LOCderiv türkischen
}

// The shipped model scores on GermEval 2014 dev what its description
// says (the figure measured when it was made), well above the CRF alone.
func TestDevScore(t *testing.T) {
	path := shared.ForTest(t, "germeval2014", "NER-de-dev.tsv")
	m, err := accurate.Model()
	if err != nil {
		t.Fatal(err)
	}
	claim := regexp.MustCompile(`dev F1 ([0-9.]+)`).FindStringSubmatch(m.Info())
	if claim == nil {
		t.Fatalf("no dev F1 in the model's description %q", m.Info())
	}
	want, _ := strconv.ParseFloat(claim[1], 64)
	raw, err := corpus.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tg := m.NewTagger()
	var sc model.Score
	for _, s := range raw {
		words := make([]string, len(s.Words))
		gold := make([]model.Tag, len(s.Tags))
		for i, w := range s.Words {
			words[i] = lang.Normalize(w)
			if gold[i], err = model.ParseTag(s.Tags[i]); err != nil {
				t.Fatal(err)
			}
		}
		tags, _ := tg.Tag(words)
		if err := sc.Add(gold, tags); err != nil {
			t.Fatal(err)
		}
	}
	if got := sc.F1(); got < want-0.01 || got > want+0.01 || got < 79.5 {
		t.Errorf("dev F1 %.2f, the model says %.2f (and it must reach 79.5)", got, want)
	}
}

// BenchmarkTag tags the GermEval dev sentences on one goroutine with the
// default CRF and with the accurate model, and reports tokens per second.
func BenchmarkTag(b *testing.B) {
	raw, err := corpus.ReadFile(shared.ForTest(b, "germeval2014", "NER-de-dev.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	sents := make([][]string, len(raw))
	tokens := 0
	for i, s := range raw {
		for _, w := range s.Words {
			sents[i] = append(sents[i], lang.Normalize(w))
		}
		tokens += len(s.Words)
	}
	def, err := model.Default()
	if err != nil {
		b.Fatal(err)
	}
	acc, err := accurate.Model()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		m    model.Labeler
	}{{"default", def}, {"accurate", acc}} {
		b.Run(c.name, func(b *testing.B) {
			tg := c.m.NewSentenceTagger()
			for b.Loop() {
				for _, s := range sents {
					tg.TagEntities(s)
				}
			}
			b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

// BenchmarkLoad decodes the embedded accurate model (what Model does on
// its first call).
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := neural.LoadHybridBytes(accurate.File()); err != nil {
			b.Fatal(err)
		}
	}
}

// Hostile input through an Extractor with the accurate model: every
// Document invariant holds, and names in damaged text are still found.
func TestHostile(t *testing.T) {
	m, err := accurate.Model()
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.WithModel(m), extract.WithWorkers(2))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 1<<18)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var many strings.Builder // 10,000 distinct words in one sentence: the input cache churns
	for i := range 10000 {
		fmt.Fprintf(&many, "Wort%d ", i)
	}
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"invalid UTF-8 and controls", "\xffAngela Merkel besuchte\x00\xc3 Berlin\x1b.", []string{"Angela Merkel", "Berlin"}},
		{"random bytes", string(random), nil},
		{"a 300-byte word", "Angela Merkel traf " + strings.Repeat("Ä", 150) + " in Berlin.", []string{"Angela Merkel", "Berlin"}},
		{"a long sentence", many.String(), nil},
		{"emoji and combining marks", "Angela Merkel 👍🏽 besuchte Mu\u0308nchen.", []string{"Angela Merkel"}},
	} {
		doc, err := x.Extract(context.Background(), c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := extracttest.Check(doc); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		found := map[string]bool{}
		for _, e := range doc.Entities {
			found[e.Text] = true
		}
		for _, w := range c.want {
			if !found[w] {
				t.Errorf("%s: %q not found among %v", c.name, w, found)
			}
		}
	}
}

// TestSeedArticle runs the accurate model over the bundled seed article
// and scores it against the article's gold spans like extract's TestSeed
// (exact span and type for the required ones; spans overlapping an
// optional one are not counted as spurious). Run with -v for the figures.
func TestSeedArticle(t *testing.T) {
	text, err := os.ReadFile("../../testdata/seed/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	goldTSV, err := os.ReadFile("../../testdata/seed/article.gold.tsv")
	if err != nil {
		t.Fatal(err)
	}
	type span struct {
		start, end int
		typ        string
		required   bool
	}
	var gold []span
	required := 0
	for _, line := range strings.Split(string(goldTSV), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 || strings.HasPrefix(line, "#") {
			continue
		}
		s, err1 := strconv.Atoi(f[0])
		e, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("bad gold line %q", line)
		}
		gold = append(gold, span{s, e, f[2], f[4] == "required"})
		if f[4] == "required" {
			required++
		}
	}
	m, err := accurate.Model()
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := x.Extract(context.Background(), string(text))
	if err != nil {
		t.Fatal(err)
	}
	found, spurious := 0, 0
	for _, e := range doc.Entities {
		hit, optional := false, false
		for _, g := range gold {
			hit = hit || g.required && g.start == e.Start && g.end == e.End && g.typ == e.Type().String()
			optional = optional || !g.required && g.start < e.End && e.Start < g.end
		}
		switch {
		case hit:
			found++
		case !optional:
			spurious++
			t.Logf("spurious: %d-%d %s %q", e.Start, e.End, e.Type(), e.Text)
		}
	}
	t.Logf("%d of %d required spans found, %d spurious", found, required, spurious)
	if found < required*9/10 || spurious > 1 {
		t.Errorf("%d of %d required spans found (want at least 90%%), %d spurious", found, required, spurious)
	}
}
