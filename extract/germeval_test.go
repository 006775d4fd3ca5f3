package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/model"
)

// germevalF1 runs x over the GermEval dev sentences (tokens joined by
// spaces) and returns the exact-match F1 of the outer-level entities,
// counted by byte span and GermEval type.
func germevalF1(t *testing.T, x *Extractor, sents []corpus.Sentence) (f1 float64, tp, fp, fn int, scored []scoredEntity) {
	t.Helper()
	for _, s := range sents {
		text := strings.Join(s.Words, " ")
		gold := map[[2]int]string{}
		off, start, typ := 0, -1, ""
		flush := func(end int) {
			if start >= 0 {
				gold[[2]int{start, end}] = typ
			}
			start = -1
		}
		for i, w := range s.Words {
			g, err := model.ParseTag(s.Tags[i])
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case g.IsBegin() || (g.IsInside() && (start < 0 || g.Type().String() != typ)):
				flush(off - 1)
				start, typ = off, g.Type().String()
			case g == model.O:
				flush(off - 1)
			}
			off += len(w) + 1
		}
		flush(off - 1)
		ents, err := x.Entities(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			ok := gold[[2]int{e.Start, e.End}] == e.Type().String()
			if ok {
				tp++
				delete(gold, [2]int{e.Start, e.End})
			} else {
				fp++
			}
			scored = append(scored, scoredEntity{e.Score, ok})
		}
		fn += len(gold)
	}
	return 2 * float64(tp) / float64(2*tp+fp+fn), tp, fp, fn, scored
}

// scoredEntity is a predicted entity's score and whether it was right.
type scoredEntity struct {
	score   float64
	correct bool
}

// TestGermEvalDocumentSteps checks on the GermEval 2014 dev set that the
// document-level steps (propagation, label consistency) do not cost
// accuracy: GermEval sentences are separate documents, so only repeats
// within a sentence are affected.
func TestGermEvalDocumentSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	path := shared.ForTest(t, "germeval2014", "NER-de-dev.tsv")
	sents, err := corpus.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	full, err := New()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := New(func(c *config) error { c.sentences = true; return nil })
	if err != nil {
		t.Fatal(err)
	}
	f1, tp, fp, fn, scored := germevalF1(t, full, sents)
	f0, tp0, fp0, fn0, _ := germevalF1(t, plain, sents)
	t.Logf("GermEval dev, extract pipeline: F1 %.2f%% (tp %d fp %d fn %d); without document-level steps %.2f%% (tp %d fp %d fn %d)",
		100*f1, tp, fp, fn, 100*f0, tp0, fp0, fn0)
	if f1 < f0 {
		t.Errorf("document-level steps lower dev F1 from %.2f%% to %.2f%%", 100*f0, 100*f1)
	}

	// Calibration: the share of correct entities should rise with the
	// score, so that WithMinScore trades recall for precision.
	bins := []float64{0, 0.5, 0.7, 0.9, 1.01}
	prev := -1.0
	for i := 0; i+1 < len(bins); i++ {
		n, right := 0, 0
		for _, s := range scored {
			if s.score >= bins[i] && s.score < bins[i+1] {
				n++
				if s.correct {
					right++
				}
			}
		}
		if n == 0 {
			continue
		}
		p := float64(right) / float64(n)
		t.Logf("score in [%.1f, %.1f): %d entities, %.1f%% correct", bins[i], min(bins[i+1], 1), n, 100*p)
		if p < prev {
			t.Errorf("entities scoring [%.1f, %.1f) are right less often (%.1f%%) than lower-scoring ones (%.1f%%)", bins[i], bins[i+1], 100*p, 100*prev)
		}
		prev = p
	}
}
