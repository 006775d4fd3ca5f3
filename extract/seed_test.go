package extract

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in ../testdata")

const (
	seedText   = "../testdata/seed/article.txt"
	seedGold   = "../testdata/seed/article.gold.tsv"
	seedGolden = "../testdata/seed/article.golden.json"
)

// goldSpan is one line of article.gold.tsv.
type goldSpan struct {
	Start, End int
	Type       string // GermEval type, e.g. "LOCpart"
	Text       string
	Required   bool
}

func readGold(t *testing.T, path string) []goldSpan {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var spans []goldSpan
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("%s:%d: want 5 columns, got %q", path, n, line)
		}
		start, err1 := strconv.Atoi(f[0])
		end, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || (f[4] != "required" && f[4] != "optional") {
			t.Fatalf("%s:%d: bad line %q", path, n, line)
		}
		spans = append(spans, goldSpan{start, end, f[2], f[3], f[4] == "required"})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return spans
}

func extractSeed(t *testing.T) (string, *Document) {
	t.Helper()
	b, err := os.ReadFile(seedText)
	if err != nil {
		t.Fatal(err)
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := x.Extract(context.Background(), string(b))
	if err != nil {
		t.Fatal(err)
	}
	return string(b), doc
}

// The seed article's acceptance target (issue 4) is precision and recall
// ≥ 90% on the required spans; TestSeed fails below it. The extractor
// measured P 100.0% (41 of 41) and R 95.3% (41 of 43: it misses "Patreon"
// and "Digitale Demenz"), so TestSeed also fails below what it measured,
// rounded down by a span.
// Raise the floors when the extractor improves.
const (
	seedTarget = 0.90
	seedFloorP = 0.97 // measured 100.0% (41 of 41)
	seedFloorR = 0.93 // measured 95.3% (41 of 43)
)

// TestSeed scores the default model on the seed article: exact span and
// GermEval type against the required gold spans; predictions inside an
// optional span count neither way.
func TestSeed(t *testing.T) {
	text, doc := extractSeed(t)
	gold := readGold(t, seedGold)
	required := 0
	byKey := map[string]goldSpan{}
	key := func(start, end int, typ string) string { return fmt.Sprint(start, end, typ) }
	for _, g := range gold {
		if text[g.Start:g.End] != g.Text {
			t.Fatalf("gold span %+v does not match the text", g)
		}
		if g.Required {
			required++
			byKey[key(g.Start, g.End, g.Type)] = g
		}
	}
	found := map[string]bool{}
	tp, fp := 0, 0
	for _, e := range doc.Entities {
		k := key(e.Start, e.End, e.Type().String())
		if _, ok := byKey[k]; ok {
			tp++
			found[k] = true
			continue
		}
		optional := false
		for _, g := range gold {
			if !g.Required && g.Start < e.End && e.Start < g.End {
				optional = true
			}
		}
		if !optional {
			fp++
			t.Logf("spurious: %d-%d %s %q", e.Start, e.End, e.Type(), e.Text)
		}
	}
	for _, g := range gold {
		if g.Required && !found[key(g.Start, g.End, g.Type)] {
			t.Logf("missed:   %d-%d %s %q", g.Start, g.End, g.Type, g.Text)
		}
	}
	p := float64(tp) / math.Max(1, float64(tp+fp))
	r := float64(tp) / float64(required)
	t.Logf("seed article: %d required spans, %d found, %d spurious: P %.1f%% R %.1f%%", required, tp, fp, 100*p, 100*r)
	if p < seedTarget || r < seedTarget {
		t.Errorf("precision %.1f%%, recall %.1f%% on the required seed spans: below the acceptance target of %.0f%% (issue 4)",
			100*p, 100*r, 100*seedTarget)
	} else if p < seedFloorP || r < seedFloorR {
		t.Errorf("precision %.1f%%, recall %.1f%% on the required seed spans; the extractor reached at least %.1f%% / %.1f%%",
			100*p, 100*r, 100*seedFloorP, 100*seedFloorR)
	}

	// Base names of the forms the issue names, wherever they were found.
	wantBase := map[string]string{
		"Putins": "Putin", "Russlands": "Russland", "russischen": "Russland", "russische": "Russland",
		"NATO-Generalsekretär": "NATO", "Ukraine-Verhandlungen": "Ukraine", "SPIEGEL-Bestsellerautor": "SPIEGEL",
	}
	for _, e := range doc.Entities {
		if want, ok := wantBase[e.Text]; ok && e.Base != want {
			t.Errorf("%d-%d %s %q: base %q, want %q", e.Start, e.End, e.Type(), e.Text, e.Base, want)
		}
	}

	// Groups.
	groups := map[string]Group{}
	for _, g := range doc.Groups {
		k := g.Name + "/" + g.Label.String()
		if old, ok := groups[k]; !ok || len(g.Mentions) > len(old.Mentions) {
			groups[k] = g
		}
	}
	for _, w := range []struct {
		name        string
		label       Label
		minMentions int
	}{
		{"Wladimir Putin", PER, 3}, {"Mark Rutte", PER, 3}, {"Wladimir Medinski", PER, 1},
		{"NATO", ORG, 1}, {"Russland", LOC, 1}, {"Ukraine", LOC, 1}, {"Belek", LOC, 1},
		{"Moskau", LOC, 1}, {"Türkei", LOC, 1},
	} {
		g, ok := groups[w.name+"/"+w.label.String()]
		if !ok {
			t.Errorf("no group %s (%s)", w.name, w.label)
			continue
		}
		if len(g.Mentions) < w.minMentions {
			var ms []string
			for _, m := range g.Mentions {
				ms = append(ms, doc.Entities[m].Text)
			}
			t.Errorf("group %s (%s) has %d mentions %q, want at least %d", w.name, w.label, len(g.Mentions), ms, w.minMentions)
		}
	}
}

// golden is the part of a Document the golden file records. Scores are
// rounded to 3 decimals so that floating-point differences between
// platforms do not matter.
type golden struct {
	Entities []Entity `json:"entities"`
	Groups   []Group  `json:"groups"`
}

// TestSeedGolden compares the full extraction of the seed article with
// testdata/seed/article.golden.json; run with -update after a deliberate
// change (a new model, new rules) and review the diff.
func TestSeedGolden(t *testing.T) {
	_, doc := extractSeed(t)
	got := golden{Entities: doc.Entities, Groups: doc.Groups}
	for i := range got.Entities {
		got.Entities[i].Score = math.Round(got.Entities[i].Score*1000) / 1000
	}
	if *update {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(seedGolden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(seedGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./extract -run Golden -update)", err)
	}
	var want golden
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("extraction of %s differs from %s (-want +got):\n%s", seedText, seedGolden, diff)
	}
}
