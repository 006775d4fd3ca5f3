package extracttest_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/extract/extracttest"
)

// TestPeople is the test a downstream service writes for the code of the
// example, in a few lines and without the model.
func TestPeople(t *testing.T) {
	x := extracttest.New(t, extracttest.Names(extract.PER, "Angela Merkel", "Merkel")...)
	got, err := people(context.Background(), x, "Angela Merkel sprach. Merkel lachte.")
	if want := []string{"Angela Merkel", "Merkel"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("people = %v, %v; want %v", got, err, want)
	}
}

// ExampleDocument builds a Document by hand, for code that takes one.
func ExampleDocument() {
	t := &testing.T{} // in a test, the test's own t
	doc := extracttest.Document(t, "Putin traf Merkel. Putins Berater schwieg.",
		extracttest.Span{Text: "Putin", Label: extract.PER},
		extracttest.Span{Text: "Merkel", Label: extract.PER},
		extracttest.Span{Text: "Putins", Label: extract.PER, Base: "Putin"},
	)
	fmt.Println(extracttest.Briefs(doc.Entities))
	for _, g := range doc.Groups {
		fmt.Println(g.Name, g.Mentions)
	}
	// Output:
	// [Putin/PER/Putin Merkel/PER/Merkel Putins/PER/Putin]
	// Putin [0 2]
	// Merkel [1]
}
