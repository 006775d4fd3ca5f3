package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/jdkato/prose/v2"

	"github.com/namen-nlp/namen/model"
)

// proseTypes maps prose's entity labels to GermEval types.
var proseTypes = map[string]model.Type{
	"PERSON":       model.MakeType(model.PER, model.Name),
	"GPE":          model.MakeType(model.LOC, model.Name),
	"LOCATION":     model.MakeType(model.LOC, model.Name),
	"ORGANIZATION": model.MakeType(model.ORG, model.Name),
}

// evalProse scores prose v2 (the baseline: an English model) on the gold
// tokens. prose tokenizes the space-joined sentence itself; each gold
// token takes the label of the first prose token that starts inside it.
func evalProse(sents []model.Sentence, scheme model.Scheme) (*model.Score, error) {
	sc := model.Score{Scheme: scheme}
	var pred []model.Tag
	for _, s := range sents {
		text := strings.Join(s.Words, " ")
		doc, err := prose.NewDocument(text, prose.WithSegmentation(false))
		if err != nil {
			return nil, fmt.Errorf("prose: %w", err)
		}
		// Byte offset where each gold token starts in text.
		starts := make([]int, len(s.Words)+1)
		for i, word := range s.Words {
			starts[i+1] = starts[i] + len(word) + 1
		}
		pred = append(pred[:0], make([]model.Tag, len(s.Words))...)
		labelled := make([]bool, len(s.Words))
		cursor, tok := 0, 0
		for _, pt := range doc.Tokens() {
			at := strings.Index(text[cursor:], pt.Text)
			if at < 0 {
				continue
			}
			off := cursor + at
			cursor = off + len(pt.Text)
			for tok+1 < len(s.Words) && starts[tok+1] <= off {
				tok++
			}
			if labelled[tok] {
				continue
			}
			labelled[tok] = true
			if len(pt.Label) < 3 {
				continue
			}
			t, ok := proseTypes[pt.Label[2:]]
			if !ok {
				continue
			}
			if pt.Label[0] == 'I' && tok > 0 && pred[tok-1] != model.O && pred[tok-1].Type() == t {
				pred[tok] = model.Inside(t)
			} else {
				pred[tok] = model.Begin(t)
			}
		}
		if err := sc.Add(s.Tags, pred); err != nil {
			return nil, err
		}
	}
	return &sc, nil
}

// writeSideBySide prints per-type and overall P/R/F1 of two scores.
func writeSideBySide(w io.Writer, a, b *model.Score, nameA, nameB string) {
	fmt.Fprintf(w, "%-10s %6s | %-22s | %-22s\n", "", "", nameA, nameB)
	fmt.Fprintf(w, "%-10s %6s | %6s %6s %6s   | %6s %6s %6s\n", "type", "gold", "P", "R", "F1", "P", "R", "F1")
	row := func(name string, ca, cb model.Counts) {
		pa, ra, fa := ca.PRF()
		pb, rb, fb := cb.PRF()
		fmt.Fprintf(w, "%-10s %6d | %6.2f %6.2f %6.2f   | %6.2f %6.2f %6.2f\n", name, ca.Gold, pa, ra, fa, pb, rb, fb)
	}
	for t := range a.Types {
		if a.Types[t].Gold+a.Types[t].Pred+b.Types[t].Pred == 0 {
			continue
		}
		row(model.Type(t).String(), a.Types[t], b.Types[t])
	}
	row("overall", a.Total, b.Total)
}
