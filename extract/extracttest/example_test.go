package extracttest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/extract/extracttest"
)

// finder is what a service needs of an Extractor: a small interface of its
// own, which *extract.Extractor satisfies.
type finder interface {
	Entities(ctx context.Context, text string) ([]extract.Entity, error)
}

// people is the service's code under test: the base names of the persons
// in text.
func people(ctx context.Context, f finder, text string) ([]string, error) {
	ents, err := f.Entities(ctx, text)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.Label == extract.PER {
			out = append(out, e.Base)
		}
	}
	return out, nil
}

// The service's test passes a model-free Extractor that finds just the
// names it is given. In a test function that is
//
//	x := extracttest.New(t, extracttest.Names(extract.PER, "Angela Merkel", "Merkel")...)
//	got, err := people(ctx, x, "Angela Merkel sprach. Merkel lachte.")
//
// and New fails the test on a bad name; below, the same Extractor is made
// without a *testing.T.
func Example() {
	x, err := extract.New(extract.WithoutModel(),
		extract.WithNames(extracttest.Names(extract.PER, "Angela Merkel", "Merkel")...))
	if err != nil {
		log.Fatal(err)
	}
	got, err := people(context.Background(), x, "Angela Merkel sprach in Berlin. Merkel lachte.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got)
	// Output: [Angela Merkel Merkel]
}
