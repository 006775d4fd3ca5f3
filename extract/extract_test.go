package extract

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/model"
)

func newFake(t *testing.T, opts ...Option) *Extractor {
	t.Helper()
	x, err := New(append([]Option{withFake(fakeTable)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// entities extracts the entities of text with a new Extractor built
// with opts.
func entities(t *testing.T, text string, opts ...Option) []Entity {
	t.Helper()
	x, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := x.Entities(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	return ents
}

// brief is an entity reduced to what the table tests compare.
type brief struct {
	Text string
	Type string
	Base string
}

func briefs(ents []Entity) []brief {
	var out []brief
	for _, e := range ents {
		out = append(out, brief{e.Text, e.Type().String(), e.Base})
	}
	return out
}

func TestBaseNames(t *testing.T) {
	x := newFake(t)
	for _, tc := range []struct {
		text string
		want []brief
	}{
		{"Putin kam. Putins Berater schwieg.", []brief{{"Putin", "PER", "Putin"}, {"Putins", "PER", "Putin"}}},
		// Without support in the document the genitive stays.
		{"Putins Berater schwieg.", []brief{{"Putins", "PER", "Putins"}}},
		// A lexicon place supports the stripped form.
		{"Russlands Forderung.", []brief{{"Russlands", "LOC", "Russland"}}},
		{"Die russische und die russischen Delegationen.", []brief{{"russische", "LOCderiv", "Russland"}, {"russischen", "LOCderiv", "Russland"}}},
		{"Der Münchner Stadtrat.", []brief{{"Münchner", "LOCderiv", "München"}}},
		{"Der NATO-Generalsekretär sprach.", []brief{{"NATO-Generalsekretär", "ORGpart", "NATO"}}},
		{"Die Ukraine-Verhandlungen laufen.", []brief{{"Ukraine-Verhandlungen", "LOCpart", "Ukraine"}}},
		{"Der SPIEGEL-Bestsellerautor.", []brief{{"SPIEGEL-Bestsellerautor", "ORGpart", "SPIEGEL"}}},
		{"In Ost-Berlin.", []brief{{"Ost-Berlin", "LOCpart", "Berlin"}}},
		{"Die EU-Kommission.", []brief{{"EU-Kommission", "ORGpart", "EU"}}},
		{"Die Google-Suchmaschine.", []brief{{"Google-Suchmaschine", "ORGpart", "Google"}}},
		{"Die Russlandpolitik.", []brief{{"Russlandpolitik", "LOCpart", "Russland"}}},
		// Derived from a name in the document, else the stem.
		{"Goethe schrieb die goethesche Zeile.", []brief{{"Goethe", "PER", "Goethe"}, {"goethesche", "PERderiv", "Goethe"}}},
		{"Die goethesche Zeile.", []brief{{"goethesche", "PERderiv", "goethesch"}}},
		{"Die ostfriesischen Inseln.", []brief{{"ostfriesischen", "LOCderiv", "Ostfriesland"}}},
		// Multi-word genitive.
		{"Thomas Müller spielt. Müllers Tor.", []brief{{"Thomas Müller", "PER", "Thomas Müller"}, {"Müllers", "PER", "Müller"}}},
		// A name ending in s is not cut when the cut form is unknown.
		{"Hans und Klaus.", []brief{{"Hans", "PER", "Hans"}, {"Klaus", "PER", "Klaus"}}},
		{"Des Bundestages.", []brief{{"Bundestages", "ORG", "Bundestages"}}},
		// Edge punctuation the tagger includes stays in the span, not in the base.
		{"Bei News ! Und.", []brief{{"News !", "OTH", "News"}}},
		{"Bei News !! Und.", []brief{{"News !!", "OTH", "News"}}},
		{"Das Fest -- und.", []brief{{"Fest --", "OTH", "Fest"}}},
		{"Der Film ... und.", []brief{{"Film ...", "OTH", "Film"}}},
		{"Und -- Bayern siegt.", []brief{{"-- Bayern", "LOC", "Bayern"}}},
		// A headline in capitals takes the case of the name in the text.
		{"BELEK – Treffen in Belek.", []brief{{"BELEK", "LOC", "Belek"}, {"Belek", "LOC", "Belek"}}},
		{"BELEK – Treffen.", []brief{{"BELEK", "LOC", "BELEK"}}},
		// … or, failing that, of a place of the lexicon.
		{"MÜNCHEN – Treffen.", []brief{{"MÜNCHEN", "LOC", "München"}}},
	} {
		ents, err := x.Entities(context.Background(), tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, briefs(ents)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.text, diff)
		}
	}
}

func TestGroups(t *testing.T) {
	x := newFake(t)
	text := "BELEK – Wladimir Putin fehlt. Der NATO-Generalsekretär Mark Rutte sprach in Belek. " +
		"Putins Berater Wladimir Medinski schwieg. Rutte sagte, die russische Seite und Russland " +
		"müssten handeln. Die NATO wartet auf Putin."
	doc, err := x.Extract(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	type g struct {
		Name     string
		Label    string
		Mentions []string
	}
	var got []g
	for _, gr := range doc.Groups {
		var ms []string
		for _, m := range gr.Mentions {
			ms = append(ms, doc.Entities[m].Text)
		}
		got = append(got, g{gr.Name, gr.Label.String(), ms})
	}
	want := []g{
		{"Belek", "LOC", []string{"BELEK", "Belek"}},
		{"Wladimir Putin", "PER", []string{"Wladimir Putin", "Putins", "Putin"}},
		{"NATO", "ORG", []string{"NATO-Generalsekretär", "NATO"}},
		{"Mark Rutte", "PER", []string{"Mark Rutte", "Rutte"}},
		{"Wladimir Medinski", "PER", []string{"Wladimir Medinski"}},
		{"Russland", "LOC", []string{"russische", "Russland"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
}

func TestRelabel(t *testing.T) {
	ents := entities(t, "Der NATO-Generalsekretär der NATO zu Ukraine-Verhandlungen und Frankreich-Reise. Die Müller-Affäre.",
		withFake(map[string]string{
			"NATO": "ORG", "NATO-Generalsekretär": "LOCpart", "Ukraine-Verhandlungen": "ORGpart",
			"Frankreich-Reise": "ORGpart", "Müller-Affäre": "ORGpart",
		}))
	// One sense per discourse: the less confident BELEK follows Belek
	// (scores here: BELEK 0.3, Belek 0.6, Paris 0.7 and 0.5).
	ents2 := entities(t, "BELEK – in Belek und Paris.",
		withConf(map[string]confEntry{"BELEK": {"ORG", 0.3}, "Belek": {"LOC", 0.6}, "Paris": {"PER", 0.7}}))
	want2 := []brief{{"BELEK", "LOC", "Belek"}, {"Belek", "LOC", "Belek"}, {"Paris", "PER", "Paris"}}
	if diff := cmp.Diff(want2, briefs(ents2)); diff != "" {
		t.Errorf("one sense per discourse (-want +got):\n%s", diff)
	}
	want := []brief{
		{"NATO-Generalsekretär", "ORGpart", "NATO"}, // the document's NATO is an ORG
		{"NATO", "ORG", "NATO"},
		{"Ukraine-Verhandlungen", "LOCpart", "Ukraine"}, // a lexicon place
		{"Frankreich-Reise", "LOCpart", "Frankreich"},
		{"Müller-Affäre", "ORGpart", "Müller"}, // no support: the tagger's label stays
	}
	if diff := cmp.Diff(want, briefs(ents)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLastNameAmbiguous(t *testing.T) {
	x := newFake(t, WithNames(NameEntry{Text: "Anna Müller", Label: PER}, NameEntry{Text: "Müller", Label: PER}))
	doc, err := x.Extract(context.Background(), "Thomas Müller traf Anna Müller. Müller lachte.")
	if err != nil {
		t.Fatal(err)
	}
	// Müller joins the PER group mentioned last before it: Anna Müller.
	if len(doc.Groups) != 2 || doc.Groups[1].Name != "Anna Müller" || len(doc.Groups[1].Mentions) != 2 {
		t.Errorf("groups = %+v", doc.Groups)
	}
}

func TestWithNames(t *testing.T) {
	x := newFake(t, WithNames(
		NameEntry{Text: "Rutte", Label: ORG},                       // inside the model's "Mark Rutte": relabels it
		NameEntry{Text: "IT BOLTWISE", Label: ORG},                 // new entity
		NameEntry{Text: "Belek Resort", Label: LOC, Base: "Belek"}, // overlaps the model's "Belek": replaces it
		NameEntry{Text: "russisch", Label: LOC, Kind: Derived, Base: "Russland"},
	))
	ents, err := x.Entities(context.Background(), "IT BOLTWISE meldet: Mark Rutte im Belek Resort, russisch gestimmt.")
	if err != nil {
		t.Fatal(err)
	}
	want := []brief{
		{"IT BOLTWISE", "ORG", "IT BOLTWISE"},
		{"Mark Rutte", "ORG", "Mark Rutte"},
		{"Belek Resort", "LOC", "Belek"},
		{"russisch", "LOCderiv", "Russland"},
	}
	if diff := cmp.Diff(want, briefs(ents)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, e := range ents {
		if e.Text == "IT BOLTWISE" && e.Score != 1 {
			t.Errorf("gazetteer match scores %v, want 1", e.Score)
		}
	}
}

func TestNamesKeepTheirLabel(t *testing.T) {
	// The user's part entry keeps ORG although the document's Russland is LOC.
	x := newFake(t, WithNames(NameEntry{Text: "Russland-Gruppe", Label: ORG, Kind: Part}))
	ents, err := x.Entities(context.Background(), "Russland und die Russland-Gruppe.")
	if err != nil {
		t.Fatal(err)
	}
	want := []brief{{"Russland", "LOC", "Russland"}, {"Russland-Gruppe", "ORGpart", "Russland"}}
	if diff := cmp.Diff(want, briefs(ents)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFilters(t *testing.T) {
	text := "Wladimir Putin und Russland."
	x := newFake(t, WithLabels(LOC))
	ents, _ := x.Entities(context.Background(), text)
	if diff := cmp.Diff([]brief{{"Russland", "LOC", "Russland"}}, briefs(ents)); diff != "" {
		t.Errorf("WithLabels(LOC) (-want +got):\n%s", diff)
	}
	// The fake scores a two-word span min(0.9, 0.8) = 0.8 and a one-word span 0.8.
	x = newFake(t, WithMinScore(0.85))
	if ents, _ := x.Entities(context.Background(), text); len(ents) != 0 {
		t.Errorf("WithMinScore(0.85) kept %v", briefs(ents))
	}
	x = newFake(t, WithMinScore(0.8))
	if ents, _ := x.Entities(context.Background(), text); len(ents) != 2 || ents[0].Score != float64(float32(0.8)) {
		t.Errorf("WithMinScore(0.8) = %+v", ents)
	}
}

func TestOptionErrors(t *testing.T) {
	for name, opt := range map[string]Option{
		"nil model":  WithModel(nil),
		"nil *Model": WithModel((*model.Model)(nil)),
		"empty name": WithNames(NameEntry{Text: " "}),
		"bad label":  WithNames(NameEntry{Text: "X", Label: 9}),
		"score < 0":  WithMinScore(-0.1),
		"score > 1":  WithMinScore(1.5),
		"bad filter": WithLabels(Label(7)),
	} {
		if _, err := New(withFake(fakeTable), opt); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}

func TestCancel(t *testing.T) {
	x := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := x.Extract(ctx, "Putin kam.")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Extract with cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestLabelKindText(t *testing.T) {
	for _, l := range []Label{PER, LOC, ORG, OTH} {
		b, err := l.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Label
		if err := back.UnmarshalText(b); err != nil || back != l || string(b) != l.String() {
			t.Errorf("label %v: text %q → %v, %v", l, b, back, err)
		}
	}
	for _, k := range []Kind{Name, Derived, Part} {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Kind
		if err := back.UnmarshalText(b); err != nil || back != k || string(b) != k.String() {
			t.Errorf("kind %v: text %q → %v, %v", k, b, back, err)
		}
	}
	for _, l := range []Label{0, 5} {
		if _, err := l.MarshalText(); err == nil {
			t.Errorf("Label(%d).MarshalText succeeded", l)
		}
	}
	if _, err := Kind(3).MarshalText(); err == nil {
		t.Error("Kind(3).MarshalText succeeded")
	}
	if l, err := ParseLabel("person"); err == nil || l.valid() {
		t.Errorf(`ParseLabel("person") = %v, %v; want the zero Label and an error`, l, err)
	}
	var k Kind
	if err := k.UnmarshalText([]byte("deriv")); err != nil || k != Derived {
		t.Errorf(`UnmarshalText("deriv") = %v, %v; want derived`, k, err)
	}
	// One spelling: the labels and kinds read as the model's classes and
	// kinds do.
	for _, l := range []Label{PER, LOC, ORG, OTH} {
		if got, want := l.String(), model.Class(l-1).String(); got != want {
			t.Errorf("label %s, model class %s", got, want)
		}
	}
	for _, k := range []Kind{Name, Derived, Part} {
		if got, want := k.String(), model.Kind(k).String(); got != want {
			t.Errorf("kind %s, model kind %s", got, want)
		}
	}
	if got := (Entity{Label: LOC, Kind: Part}).Type().String(); got != "LOCpart" {
		t.Errorf("Type() = %s, want LOCpart", got)
	}
}

func TestEntityJSON(t *testing.T) {
	e := Entity{Text: "russischen", Start: 617, End: 627, From: 120, To: 121, Sentence: 3, Label: LOC, Kind: Derived,
		Base: "Russland", Stem: "russisch", Score: 0.9704}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"text":"russischen","start":617,"end":627,"from":120,"to":121,"sentence":3,"label":"LOC","kind":"derived","base":"Russland","stem":"russisch","type":"LOCderiv","score":0.97}`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant   %s", b, want)
	}
	var back Entity
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	e.Score = 0.97 // JSON rounds to 3 decimals
	if diff := cmp.Diff(e, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	g := Group{Name: "Russland", Label: LOC, Mentions: []int{1, 2}}
	b, _ = json.Marshal(g)
	var gb Group
	if err := json.Unmarshal(b, &gb); err != nil || !cmp.Equal(g, gb) {
		t.Errorf("group round trip: %s → %+v, %v", b, gb, err)
	}
	if err := json.Unmarshal([]byte(`{"label":"XYZ"}`), &back); err == nil {
		t.Error("unmarshalling an unknown label succeeded")
	}
}

// checkEntities checks the invariants every result must keep.
func checkEntities(t *testing.T, text string, ents []Entity) {
	t.Helper()
	end := 0
	for i, e := range ents {
		if e.Start < end || e.End <= e.Start || e.End > len(text) {
			t.Fatalf("entity %d %+v: bad span (previous end %d, len %d)", i, e, end, len(text))
		}
		if text[e.Start:e.End] != e.Text {
			t.Fatalf("entity %d: text[%d:%d] = %q, Text = %q", i, e.Start, e.End, text[e.Start:e.End], e.Text)
		}
		if e.Score < 0 || e.Score > 1 {
			t.Fatalf("entity %d: score %v", i, e.Score)
		}
		end = e.End
	}
}

func TestOddInput(t *testing.T) {
	x := newFake(t)
	for _, text := range []string{
		"", " ", "\n\n\n", "\xff\xfe Putin \xc3", "Putin", strings.Repeat("Russland ", 1000),
		"NATO-Generalsekretär\u00adRutte", "Putin\x00Russland", "Wladimir\n\nPutin",
	} {
		doc, err := x.Extract(context.Background(), text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		checkEntities(t, text, doc.Entities)
		for _, g := range doc.Groups {
			if len(g.Mentions) == 0 {
				t.Errorf("%q: empty group %+v", text, g)
			}
		}
	}
}

func TestTokensStems(t *testing.T) {
	x := newFake(t)
	doc, err := x.Extract(context.Background(), "Putins Häuser")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tok := range doc.Tokens {
		got = append(got, tok.Text+"/"+tok.Stem)
	}
	if diff := cmp.Diff([]string{"Putins/putin", "Häuser/haus"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if doc.Entities[0].Stem != "putin" {
		t.Errorf("entity stem %q", doc.Entities[0].Stem)
	}
}

func TestFilteredSpansSupportBases(t *testing.T) {
	// Putin (PER) is filtered out but still supports Putins → Putin.
	ents := entities(t, "Putin und Putins Partei.", withFake(map[string]string{"Putin": "PER", "Putins": "ORG"}), WithLabels(ORG))
	if diff := cmp.Diff([]brief{{"Putins", "ORG", "Putin"}}, briefs(ents)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// allTagger tags every word it is given as one PER span.
type allTagger struct {
	tags []model.Tag
	conf []float32
}

func (f *allTagger) Tag(words []string) ([]model.Tag, []float32) {
	f.tags, f.conf = f.tags[:0], f.conf[:0]
	for i := range words {
		g := model.Inside(model.MakeType(model.PER, model.Name))
		if i == 0 {
			g = model.Begin(model.MakeType(model.PER, model.Name))
		}
		f.tags, f.conf = append(f.tags, g), append(f.conf, 0.5)
	}
	return f.tags, f.conf
}

func TestInvalidUTF8NotTagged(t *testing.T) {
	allTags := func(c *config) error { c.newTagger = func() tagger { return &allTagger{} }; return nil }
	var got []string
	for _, e := range entities(t, "\xffAnna Maria\xc3 Berlin \xfe", allTags) {
		got = append(got, e.Text)
	}
	if diff := cmp.Diff([]string{"Anna Maria", "Berlin"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestInvalidUse checks that a nil or zero Extractor and a nil context
// give errors, not panics, from every method, and that an empty text
// gives empty lists, not null, in JSON.
func TestInvalidUse(t *testing.T) {
	var nilX *Extractor
	for name, x := range map[string]*Extractor{"nil": nilX, "zero": {}} {
		if _, err := x.Extract(context.Background(), "Putin"); err == nil {
			t.Errorf("%s Extractor: Extract succeeded", name)
		}
		if _, err := x.Entities(context.Background(), "Putin"); err == nil {
			t.Errorf("%s Extractor: Entities succeeded", name)
		}
		for _, err := range x.Stream(context.Background(), strings.NewReader("Putin")) {
			if err == nil {
				t.Errorf("%s Extractor: Stream yielded an entity", name)
			}
		}
	}
	x := newFake(t)
	//lint:ignore SA1012 a nil context is what is tested
	if _, err := x.Extract(nil, "Putin"); err == nil {
		t.Error("Extract with a nil context succeeded")
	}
	doc, err := x.Extract(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"text":"","sentences":[],"tokens":[],"entities":[],"groups":[]}`; string(b) != want {
		t.Errorf("empty text: JSON %s, want %s", b, want)
	}
}
