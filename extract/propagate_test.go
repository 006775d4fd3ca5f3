package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/model"
)

// inTagger tags a word as LOC only after "in", with confidence conf.
type inTagger struct {
	conf float32
	tags []model.Tag
	c    []float32
}

func (f *inTagger) Tag(words []string) ([]model.Tag, []float32) {
	f.tags, f.c = f.tags[:0], f.c[:0]
	for i := range words {
		if i > 0 && words[i-1] == "in" {
			f.tags, f.c = append(f.tags, model.Begin(model.MakeType(model.LOC, model.Name))), append(f.c, f.conf)
		} else {
			f.tags, f.c = append(f.tags, model.O), append(f.c, 1)
		}
	}
	return f.tags, f.c
}

func TestPropagate(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Option
		text string
		want []brief
	}{
		{"same words", func(c *config) error { c.newTagger = func() tagger { return &inTagger{conf: 0.95} }; return nil },
			"Sie wohnt in Belek. Belek ist schön, Beleks auch.",
			[]brief{{"Belek", "LOC", "Belek"}, {"Belek", "LOC", "Belek"}, {"Beleks", "LOC", "Belek"}}},
		{"too unsure", func(c *config) error { c.newTagger = func() tagger { return &inTagger{conf: 0.85} }; return nil },
			"Sie wohnt in Belek. Belek ist schön.",
			[]brief{{"Belek", "LOC", "Belek"}}},
		{"conflicting labels", withFakeConf(map[string]string{"Paris": "LOC", "Paris Hilton": "PER", "Hilton": "ORG"}, 0.95),
			"Paris Hilton in Paris. Hilton.",
			[]brief{{"Paris Hilton", "PER", "Paris Hilton"}, {"Paris", "LOC", "Paris"}, {"Hilton", "ORG", "Hilton"}}},
		{"last name", withFakeConf(map[string]string{"Mark Rutte": "PER"}, 0.95),
			"Mark Rutte sprach. Rutte lachte, rutte nicht.",
			[]brief{{"Mark Rutte", "PER", "Mark Rutte"}, {"Rutte", "PER", "Rutte"}}},
		{"genitive", withFakeConf(map[string]string{"Wladimir Putin": "PER", "NATO": "ORG"}, 0.95),
			"Wladimir Putin kam. Putins Berater und NATOs Chef.",
			[]brief{{"Wladimir Putin", "PER", "Wladimir Putin"}, {"Putins", "PER", "Putin"}}},
		{"not after an article", withFakeConf(map[string]string{"Anna Koch": "PER"}, 0.95),
			"Anna Koch kam. Der Koch kochte, Koch lachte.",
			[]brief{{"Anna Koch", "PER", "Anna Koch"}, {"Koch", "PER", "Koch"}}},
	} {
		if diff := cmp.Diff(tc.want, briefs(entities(t, tc.text, tc.opt))); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestSourcesCap(t *testing.T) {
	ss := newSources(2)
	ss.add([]string{"Anna"}, PER, 1, false)
	ss.add([]string{"Bonn"}, LOC, 1, false)
	ss.add([]string{"Celle"}, LOC, 1, false) // over the cap: not added
	ss.add([]string{"Anna"}, LOC, 1, false)  // known form: updated (now a conflict)
	form := func(words ...string) (source, bool) {
		s, ok := ss.trie.find(words)
		if !ok {
			return source{}, false
		}
		return *s, s.form
	}
	if a, ok := form("Anna"); ss.forms != 2 || !ok || !a.conflict {
		t.Errorf("%d forms, Anna %+v", ss.forms, a)
	}
	if _, ok := form("Celle"); ok {
		t.Error("form added beyond the cap")
	}
	ss = newSources(0)
	long := strings.Fields("Eins Zwei Drei Vier Fünf Sechs Sieben Acht Neun")
	ss.add(long, OTH, 1, false)
	ss.add(long[:maxFormWords], OTH, 1, false)
	ss.add([]string{strings.Repeat("A", maxFormBytes+1)}, ORG, 1, false)
	if _, ok := form(long...); ok {
		t.Errorf("a form of %d words was added", len(long))
	}
	if _, ok := form(long[:maxFormWords]...); !ok || ss.forms != 1 {
		t.Errorf("%d forms; want only the one of %d words", ss.forms, maxFormWords)
	}
}

// TestSourcesLongest checks that the longest form starting at a word
// wins, that a form found with two labels gives way to a shorter one, and
// that a match stops at a covered word.
func TestSourcesLongest(t *testing.T) {
	ss := newSources(0)
	ss.add([]string{"Bank", "of", "America"}, ORG, 0.9, false)
	ss.add([]string{"Bank"}, ORG, 0.95, false)
	ss.add([]string{"Bank", "of"}, LOC, 0.9, false)
	ss.add([]string{"Bank", "of"}, ORG, 0.9, false)
	tests := []struct {
		words   string
		covered int // index of the one covered word, or -1
		want    int
	}{
		{"Bank of America sagt", -1, 3},
		{"Bank of Japan", -1, 1},
		{"Bank of America", 2, 1},
		{"Bank of America", 0, 0},
		{"of America", -1, 0},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.words)
		covered := make([]bool, len(words))
		if tt.covered >= 0 {
			covered[tt.covered] = true
		}
		n, src := ss.longest(words, covered)
		if n != tt.want || n > 0 && src.label != ORG {
			t.Errorf("longest(%q, covered %d) = %d, %v; want %d, ORG", tt.words, tt.covered, n, src.label, tt.want)
		}
	}
}

// TestRelabelEvidence checks one sense per discourse: the best name mention's
// label wins, and a name in capitals (a dateline) counts less than the
// same name in running text, whatever its score.
func TestRelabelEvidence(t *testing.T) {
	type in struct {
		text, base string
		label      Label
		kind       Kind
		score      float64
	}
	tests := []struct {
		name string
		ents []in
		want []Label
	}{
		{"higher score wins", []in{{"Bremen", "Bremen", ORG, Name, 0.6}, {"Bremen", "Bremen", LOC, Name, 0.9}}, []Label{LOC, LOC}},
		{"capitals lose to running text", []in{{"KORBACH", "Korbach", ORG, Name, 0.9}, {"Korbach", "Korbach", LOC, Name, 0.5}}, []Label{LOC, LOC}},
		{"acronyms are no capitals", []in{{"BND", "BND", ORG, Name, 0.9}, {"BND", "BND", LOC, Name, 0.5}}, []Label{ORG, ORG}},
		{"parts take the name's class", []in{{"Stadtrat-Wahl", "Stadtrat", ORG, Part, 0.9}, {"Stadtrat", "Stadtrat", LOC, Name, 0.5}}, []Label{LOC, LOC}},
		{"capitals alone keep their label", []in{{"KORBACH", "Korbach", ORG, Name, 0.9}}, []Label{ORG}},
	}
	for _, tt := range tests {
		var ents []Entity
		var spans []span
		for _, e := range tt.ents {
			ents = append(ents, Entity{Text: e.text, Base: e.base, Label: e.label, Kind: e.kind, Score: e.score})
			spans = append(spans, span{label: e.label, kind: e.kind, score: e.score})
		}
		relabel(ents, spans)
		var got []Label
		for _, e := range ents {
			got = append(got, e.Label)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}
