package model_test

import (
	"os"
	"testing"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/model"
)

// devFloor is the measured dev F1 of the embedded model minus 0.5, per
// evaluation scheme (see README.md in this directory).
var devFloor = map[model.Scheme]float64{
	model.Full:  77.60, // measured 78.10
	model.Base4: 77.72, // measured 78.22
	model.Loose: 78.07, // measured 78.57
}

func readDev(tb testing.TB) []model.Sentence {
	tb.Helper()
	path := shared.ForTest(tb, "germeval2014", "NER-de-dev.tsv")
	raw, err := corpus.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]model.Sentence, len(raw))
	for i, s := range raw {
		out[i].Words = s.Words
		for _, t := range s.Tags {
			g, err := model.ParseTag(t)
			if err != nil {
				tb.Fatal(err)
			}
			out[i].Tags = append(out[i].Tags, g)
		}
	}
	return out
}

// TestDefaultAccuracy evaluates the embedded model on GermEval 2014 dev
// and fails when it scores below the floors.
func TestDefaultAccuracy(t *testing.T) {
	dev := readDev(t)
	m, err := model.Default()
	if err != nil {
		t.Fatal(err)
	}
	tg := m.NewTagger()
	scores := map[model.Scheme]*model.Score{}
	for s := range devFloor {
		scores[s] = &model.Score{Scheme: s}
	}
	for _, s := range dev {
		tags, _ := tg.Tag(s.Words)
		for _, sc := range scores {
			if err := sc.Add(s.Tags, tags); err != nil {
				t.Fatal(err)
			}
		}
	}
	for s, sc := range scores {
		f1 := sc.F1()
		t.Logf("dev %s F1 %.2f", s, f1)
		if f1 < devFloor[s] {
			t.Errorf("dev %s F1 %.2f is below the floor %.2f", s, f1, devFloor[s])
		}
	}
}

// BenchmarkTag tags the pre-tokenized GermEval dev sentences with one
// Tagger (features, decoding and confidences) and reports tokens/s, and
// tokens per second of the process's CPU time (tokens/cpu-s, steadier
// than wall time on a shared machine; with -cpu 1 the garbage collector
// runs on the same core). The model is the embedded default or the file
// named by NAMEN_BENCH_MODEL.
func BenchmarkTag(b *testing.B) {
	dev := readDev(b)
	m, err := benchModel()
	if err != nil {
		b.Fatal(err)
	}
	tg := m.NewTagger()
	for _, s := range dev {
		tg.Tag(s.Words) // grow the buffers
	}
	tokens := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		s := dev[i%len(dev)]
		tg.Tag(s.Words)
		tokens += len(s.Words)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	if cpu > 0 {
		b.ReportMetric(float64(tokens)/cpu.Seconds(), "tokens/cpu-s")
	}
}

// benchModel returns the model to benchmark: the file named by the
// environment variable NAMEN_BENCH_MODEL, or the embedded default.
func benchModel() (*model.Model, error) {
	path := os.Getenv("NAMEN_BENCH_MODEL")
	if path == "" {
		return model.Default()
	}
	return model.LoadFile(path)
}

// TestTagEntitiesMatchesTag checks on GermEval dev that TagEntities gives
// the tags of Tag and, wherever a tag is not O, the same confidence.
func TestTagEntitiesMatchesTag(t *testing.T) {
	dev := readDev(t)
	m, err := model.Default()
	if err != nil {
		t.Fatal(err)
	}
	full, lazy := m.NewTagger(), m.NewTagger()
	skipped := 0
	for _, s := range dev {
		tags, conf := full.Tag(s.Words)
		ltags, lconf := lazy.TagEntities(s.Words)
		entity := false
		for i := range tags {
			if ltags[i] != tags[i] {
				t.Fatalf("%v: tag %d: %v, Tag gives %v", s.Words, i, ltags[i], tags[i])
			}
			if tags[i] != model.O {
				entity = true
				if lconf[i] != conf[i] {
					t.Fatalf("%v: confidence %d: %v, Tag gives %v", s.Words, i, lconf[i], conf[i])
				}
			}
		}
		if !entity {
			skipped++
		}
	}
	if skipped == 0 || skipped == len(dev) {
		t.Errorf("%d of %d sentences without entities: the test checks nothing", skipped, len(dev))
	}
	t.Logf("%d of %d dev sentences have no entity tag", skipped, len(dev))
}
