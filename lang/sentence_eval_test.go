package lang_test

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/lang"
	"gopkg.in/neurosnap/sentences.v1"
)

var sentenceErrors = flag.Bool("sentence-errors", false, "log the missed and false sentence boundaries of TestSentenceSplitterGermEval")

// paragraphs joins every n consecutive GermEval dev sentences, detokenized,
// into one paragraph (separated by a space) and returns the paragraphs
// with the byte offsets where their sentences end (the last one excluded).
func paragraphs(sents []corpus.Sentence, n int) (texts []string, ends [][]int) {
	for i := 0; i < len(sents); i += n {
		var b strings.Builder
		var e []int
		for k := i; k < min(i+n, len(sents)); k++ {
			if k > i {
				e = append(e, b.Len())
				b.WriteByte(' ')
			}
			text, _ := detokenize(sents[k].Words)
			b.WriteString(text)
		}
		texts = append(texts, b.String())
		ends = append(ends, e)
	}
	return texts, ends
}

// boundaryScore counts predicted sentence ends (inside a paragraph) that
// match gold ends.
type boundaryScore struct{ tp, pred, gold int }

func (s *boundaryScore) add(gold, pred []int) {
	g := map[int]bool{}
	for _, e := range gold {
		g[e] = true
	}
	for _, e := range pred {
		if g[e] {
			s.tp++
		}
	}
	s.pred += len(pred)
	s.gold += len(gold)
}

func (s boundaryScore) prf() (p, r, f float64) {
	p = float64(s.tp) / float64(s.pred)
	r = float64(s.tp) / float64(s.gold)
	return p, r, 2 * p * r / (p + r)
}

// punktGerman loads the German Punkt model shipped as data/german.json in
// the module gopkg.in/neurosnap/sentences.v1, found beside the module's
// source in the module cache.
func punktGerman(t *testing.T) *sentences.DefaultSentenceTokenizer {
	file, _ := runtime.FuncForPC(reflect.ValueOf(sentences.LoadTraining).Pointer()).FileLine(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(file), "data", "german.json"))
	if err != nil {
		t.Skipf("skipping: German Punkt model not found beside the module source: %v", err)
	}
	training, err := sentences.LoadTraining(data)
	if err != nil {
		t.Fatal(err)
	}
	return sentences.NewSentenceTokenizer(training)
}

// TestSentenceSplitterGermEval measures sentence-boundary precision and
// recall of lang.Sentences and of the German Punkt model on GermEval dev
// sentences joined five at a time into paragraphs, and requires the rules
// to beat Punkt on F1.
func TestSentenceSplitterGermEval(t *testing.T) {
	sents, err := corpus.ReadFile(shared.ForTest(t, "germeval2014", "NER-de-dev.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	punkt := punktGerman(t)
	texts, gold := paragraphs(sents, 5)
	var rules, pk boundaryScore
	var toks []lang.Token
	for i, text := range texts {
		toks = lang.AppendTokens(toks[:0], text)
		var pred []int
		ss := lang.Sentences(text, toks)
		for _, s := range ss[:len(ss)-1] {
			pred = append(pred, s.End)
		}
		rules.add(gold[i], pred)
		if *sentenceErrors {
			pm := map[int]bool{}
			for _, e := range pred {
				pm[e] = true
			}
			for _, e := range gold[i] {
				if !pm[e] {
					t.Logf("missed %q | %q", text[max(0, e-40):e], text[e:min(len(text), e+30)])
				}
				delete(pm, e)
			}
			for e := range pm {
				t.Logf("false  %q | %q", text[max(0, e-40):e], text[e:min(len(text), e+30)])
			}
		}
		pred = pred[:0]
		ps := punkt.Tokenize(text)
		for _, s := range ps[:max(0, len(ps)-1)] {
			pred = append(pred, len(strings.TrimRight(text[:s.End], " ")))
		}
		pk.add(gold[i], pred)
	}
	rp, rr, rf := rules.prf()
	pp, pr, pf := pk.prf()
	t.Logf("GermEval dev, %d sentences in paragraphs of 5, %d inner boundaries", len(sents), rules.gold)
	t.Logf("lang.Sentences: precision %.1f%%, recall %.1f%%, F1 %.1f%%", 100*rp, 100*rr, 100*rf)
	t.Logf("Punkt (german): precision %.1f%%, recall %.1f%%, F1 %.1f%%", 100*pp, 100*pr, 100*pf)
	if rf <= pf {
		t.Errorf("rules F1 %.3f not above Punkt F1 %.3f", rf, pf)
	}
}
