package model_test

import (
	"fmt"
	"os"

	"github.com/namen-nlp/namen/model"
)

func ExampleModel_Tag() {
	m, err := model.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	words := []string{"Angela", "Merkel", "besuchte", "die", "NATO", "in", "Brüssel", "."}
	tags, conf := m.Tag(words)
	for i, w := range words {
		fmt.Printf("%s\t%s\t%v\n", w, tags[i], conf[i] > 0.5)
	}
	// Output:
	// Angela	B-PER	true
	// Merkel	I-PER	true
	// besuchte	O	true
	// die	O	true
	// NATO	B-ORG	true
	// in	O	true
	// Brüssel	B-LOC	true
	// .	O	true
}

func ExampleTagger() {
	m, err := model.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	t := m.NewTagger() // one per goroutine
	for _, sentence := range [][]string{
		{"Die", "russischen", "Truppen", "ziehen", "ab", "."},
		{"Der", "NATO-Generalsekretär", "sprach", "."},
	} {
		tags, _ := t.Tag(sentence) // valid until the next call
		fmt.Println(tags)
	}
	// Output:
	// [O B-LOCderiv O O O O]
	// [O B-ORGpart O O]
}

func ExampleScore() {
	gold := []model.Tag{model.Begin(model.MakeType(model.PER, model.Name)), model.Inside(model.MakeType(model.PER, model.Name)), model.O}
	pred := []model.Tag{model.Begin(model.MakeType(model.PER, model.Name)), model.O, model.O}
	var sc model.Score // full scheme
	sc.Add(gold, pred)
	sc.WriteTable(os.Stdout)
	// Output:
	// type             P       R      F1   gold   pred
	// PER           0.00    0.00    0.00      1      1
	// overall       0.00    0.00    0.00      1      1
}
