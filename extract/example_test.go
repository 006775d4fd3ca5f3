package extract_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/namen-nlp/namen/extract"
)

func ExampleExtractor_Extract() {
	x, err := extract.New()
	if err != nil {
		log.Fatal(err)
	}
	text := "Der russische Präsident Wladimir Putin sprach mit dem NATO-Generalsekretär. Putins Berater schwieg."
	doc, err := x.Extract(context.Background(), text)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range doc.Entities {
		fmt.Printf("%d-%d %-20s %-8s base %s\n", e.Start, e.End, e.Text, e.Type(), e.Base)
	}
	for _, g := range doc.Groups {
		fmt.Printf("%s (%s): %d mentions\n", g.Name, g.Label, len(g.Mentions))
	}
	// Output:
	// 4-13 russische            LOCderiv base Russland
	// 25-39 Wladimir Putin       PER      base Wladimir Putin
	// 55-76 NATO-Generalsekretär ORGpart  base NATO
	// 78-84 Putins               PER      base Putin
	// Russland (LOC): 1 mentions
	// Wladimir Putin (PER): 2 mentions
	// NATO (ORG): 1 mentions
}

func ExampleExtractor_Entities() {
	x, err := extract.New(extract.WithLabels(extract.LOC))
	if err != nil {
		log.Fatal(err)
	}
	ents, err := x.Entities(context.Background(), "Angela Merkel besuchte gestern Paris.")
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range ents {
		fmt.Println(e.Text, e.Label, e.Kind)
	}
	// Output:
	// Paris LOC name
}

func ExampleExtractor_Stream() {
	x, err := extract.New()
	if err != nil {
		log.Fatal(err)
	}
	r := strings.NewReader("Angela Merkel besuchte Paris.\n\nDer NATO-Generalsekretär Mark Rutte reiste nach Moskau.\n")
	for e, err := range x.Stream(context.Background(), r) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d-%d %s %s\n", e.Start, e.End, e.Text, e.Type())
	}
	// Output:
	// 0-13 Angela Merkel PER
	// 23-28 Paris LOC
	// 35-56 NATO-Generalsekretär ORGpart
	// 57-67 Mark Rutte PER
	// 80-86 Moskau LOC
}

func ExampleExtractor_Paragraphs() {
	x, err := extract.New()
	if err != nil {
		log.Fatal(err)
	}
	r := strings.NewReader("Angela Merkel besuchte Paris.\n\nDer NATO-Generalsekretär Mark Rutte reiste nach Moskau.\n")
	for p, err := range x.Paragraphs(context.Background(), r) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("at byte %d: %d tokens, %d entities\n", p.Offset, len(p.Doc.Tokens), len(p.Doc.Entities))
		for e := range p.Entities() { // offsets over the whole stream
			fmt.Printf("  %d-%d %s %s\n", e.Start, e.End, e.Text, e.Type())
		}
	}
	// Output:
	// at byte 0: 5 tokens, 2 entities
	//   0-13 Angela Merkel PER
	//   23-28 Paris LOC
	// at byte 31: 8 tokens, 3 entities
	//   35-56 NATO-Generalsekretär ORGpart
	//   57-67 Mark Rutte PER
	//   80-86 Moskau LOC
}

func ExampleWithNames() {
	x, err := extract.New(extract.WithNames(
		extract.NameEntry{Text: "IT BOLTWISE", Label: extract.ORG},
	))
	if err != nil {
		log.Fatal(err)
	}
	ents, err := x.Entities(context.Background(), "Das Magazin IT BOLTWISE berichtet aus Berlin.")
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range ents {
		fmt.Println(e.Text, e.Label)
	}
	// Output:
	// IT BOLTWISE ORG
	// Berlin LOC
}
