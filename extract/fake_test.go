package extract

import (
	"github.com/namen-nlp/namen/model"
)

// fakeTagger tags words from a fixed table ("Putin" → B-PER); a word
// written "Wladimir Putin" in the table tags the two words B-PER I-PER.
// Entity tags get confidence conf (I- tags of a two-word entry 0.1 more),
// O gets 1. It lets the tests check the
// extraction logic independently of the trained model.
type fakeTagger struct {
	table map[string]model.Type
	conf0 float32
	tags  []model.Tag
	conf  []float32
}

func (f *fakeTagger) Tag(words []string) ([]model.Tag, []float32) {
	f.tags, f.conf = f.tags[:0], f.conf[:0]
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) {
			if t, ok := f.table[words[i]+" "+words[i+1]]; ok {
				f.tags = append(f.tags, model.Begin(t), model.Inside(t))
				f.conf = append(f.conf, f.conf0+0.1, f.conf0)
				i++
				continue
			}
		}
		if t, ok := f.table[words[i]]; ok {
			f.tags = append(f.tags, model.Begin(t))
			f.conf = append(f.conf, f.conf0)
			continue
		}
		f.tags = append(f.tags, model.O)
		f.conf = append(f.conf, 1)
	}
	return f.tags, f.conf
}

// withFake makes the Extractor use a fakeTagger with the given table of
// word → GermEval type ("PER", "LOCderiv", …) and entity confidence 0.8.
func withFake(table map[string]string) Option { return withFakeConf(table, 0.8) }

// withFakeConf is withFake with the given entity confidence.
func withFakeConf(table map[string]string, conf float32) Option {
	types := parseTypes(table)
	return func(c *config) error {
		c.newTagger = func() tagger { return &fakeTagger{table: types, conf0: conf} }
		return nil
	}
}

// fakeTable is the table the fake tagger uses in most tests.
var fakeTable = map[string]string{
	"Wladimir Putin": "PER", "Putin": "PER", "Putins": "PER", "Mark Rutte": "PER", "Rutte": "PER",
	"Russland": "LOC", "Russlands": "LOC", "russischen": "LOCderiv", "russische": "LOCderiv",
	"NATO": "ORG", "NATO-Generalsekretär": "ORGpart", "Ukraine-Verhandlungen": "LOCpart",
	"SPIEGEL-Bestsellerautor": "ORGpart", "Ukraine": "LOC", "Belek": "LOC", "BELEK": "LOC", "MÜNCHEN": "LOC",
	"Münchner": "LOCderiv", "goethesche": "PERderiv", "Goethe": "PER", "Ost-Berlin": "LOCpart",
	"EU-Kommission": "ORGpart", "Google-Suchmaschine": "ORGpart", "Russlandpolitik": "LOCpart",
	"Müllers": "PER", "Hans": "PER", "Klaus": "PER", "Thomas Müller": "PER", "Wladimir Medinski": "PER",
	"Medinski": "PER", "News !": "OTH", "News !!": "OTH", "Fest --": "OTH", "Film ...": "OTH", "-- Bayern": "LOC", "ostfriesischen": "LOCderiv", "Bundestages": "ORG",
}

// confTagger tags single words from a table with a per-word confidence.
type confTagger struct {
	table map[string]confEntry
	tags  []model.Tag
	conf  []float32
}

type confEntry struct {
	typ  string
	conf float32
}

func (f *confTagger) Tag(words []string) ([]model.Tag, []float32) {
	f.tags, f.conf = f.tags[:0], f.conf[:0]
	for _, w := range words {
		e, ok := f.table[w]
		if !ok {
			f.tags, f.conf = append(f.tags, model.O), append(f.conf, 1)
			continue
		}
		t, err := model.ParseType(e.typ)
		if err != nil {
			panic(err)
		}
		f.tags, f.conf = append(f.tags, model.Begin(t)), append(f.conf, e.conf)
	}
	return f.tags, f.conf
}

func withConf(table map[string]confEntry) Option {
	return func(c *config) error {
		c.newTagger = func() tagger { return &confTagger{table: table} }
		return nil
	}
}

// parseTypes parses the GermEval types of a test table (word or phrase →
// "PER", "LOCderiv", …); it panics on a bad type, a mistake in the test.
func parseTypes(table map[string]string) map[string]model.Type {
	types := map[string]model.Type{}
	for w, s := range table {
		t, err := model.ParseType(s)
		if err != nil {
			panic(err)
		}
		types[w] = t
	}
	return types
}
