package extracttest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/extract"
)

// TestDocumentMatchesExtract: the Document built from spans equals what
// the model-free Extractor finds for the same names.
func TestDocumentMatchesExtract(t *testing.T) {
	text := "Angela Merkel traf Wladimir Putin in Berlin. Putin reiste nach Moskau.\n\nMerkel blieb."
	x := New(t, append(Names(extract.PER, "Angela Merkel", "Wladimir Putin", "Putin", "Merkel"),
		Names(extract.LOC, "Berlin", "Moskau")...)...)
	got, err := x.Extract(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(got); err != nil {
		t.Fatalf("Extract's Document: %v", err)
	}
	want := Document(t, text,
		Span{Text: "Angela Merkel", Label: extract.PER},
		Span{Text: "Wladimir Putin", Label: extract.PER},
		Span{Text: "Berlin", Label: extract.LOC},
		Span{Text: "Putin", Label: extract.PER},
		Span{Text: "Moskau", Label: extract.LOC},
		Span{Text: "Merkel", Label: extract.PER},
	)
	if diff := cmp.Diff(want.Tokens, got.Tokens); diff != "" {
		t.Errorf("tokens (-built +extracted):\n%s", diff)
	}
	if diff := cmp.Diff(want.Sentences, got.Sentences); diff != "" {
		t.Errorf("sentences (-built +extracted):\n%s", diff)
	}
	if diff := cmp.Diff(want.Entities, got.Entities); diff != "" {
		t.Errorf("entities (-built +extracted):\n%s", diff)
	}
}

func TestDocumentErrors(t *testing.T) {
	text := "Angela Merkel kam. Dann ging sie."
	for _, tc := range []struct {
		span Span
		want string
	}{
		{Span{Text: "Olaf", Label: extract.PER}, "not found"},
		{Span{Text: "gela", Label: extract.PER}, "token boundaries"},
		{Span{Text: "kam. Dann", Label: extract.PER}, "sentence boundary"},
		{Span{Text: "Merkel"}, "invalid label"},
		{Span{Text: "Merkel", Label: extract.PER, Kind: 7}, "invalid kind"},
	} {
		if _, err := build(text, []Span{tc.span}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one with %q", tc.span, err, tc.want)
		}
	}
	// Spans must come in order.
	if _, err := build(text, []Span{{Text: "Merkel", Label: extract.PER}, {Text: "Angela", Label: extract.PER}}); err == nil {
		t.Error("spans out of order accepted")
	}
}

func TestCheckFindsBrokenDocuments(t *testing.T) {
	good := func() *extract.Document {
		return Document(t, "Angela Merkel kam nach Berlin.", Span{Text: "Angela Merkel", Label: extract.PER}, Span{Text: "Berlin", Label: extract.LOC})
	}
	if err := Check(good()); err != nil {
		t.Fatal(err)
	}
	for name, breakIt := range map[string]func(d *extract.Document){
		"entity text":       func(d *extract.Document) { d.Entities[0].Text = "Angela" },
		"entity tokens":     func(d *extract.Document) { d.Entities[1].From-- },
		"entity order":      func(d *extract.Document) { d.Entities[0], d.Entities[1] = d.Entities[1], d.Entities[0] },
		"score":             func(d *extract.Document) { d.Entities[0].Score = 1.5 },
		"label":             func(d *extract.Document) { d.Entities[0].Label = 0 },
		"group label":       func(d *extract.Document) { d.Groups[0].Label = extract.ORG },
		"group mention":     func(d *extract.Document) { d.Groups[0].Mentions = []int{9} },
		"sentence coverage": func(d *extract.Document) { d.Sentences[0].To-- },
		"token text":        func(d *extract.Document) { d.Tokens[0].Text = "X" },
	} {
		d := good()
		breakIt(d)
		if Check(d) == nil {
			t.Errorf("%s: broken Document passes Check", name)
		}
	}
}

func TestBriefsAndRounding(t *testing.T) {
	ents := []extract.Entity{{Text: "Putins", Label: extract.PER, Base: "Putin", Score: 0.98765}, {Text: "russischen", Label: extract.LOC, Kind: extract.Derived, Base: "Russland", Score: 0.5}}
	if got, want := Briefs(ents), []string{"Putins/PER/Putin", "russischen/LOCderiv/Russland"}; !slices.Equal(got, want) {
		t.Errorf("Briefs = %v, want %v", got, want)
	}
	r := RoundScores(ents, 2)
	if r[0].Score != 0.99 || r[1].Score != 0.5 || ents[0].Score != 0.98765 {
		t.Errorf("RoundScores: %v %v, original %v", r[0].Score, r[1].Score, ents[0].Score)
	}
}
