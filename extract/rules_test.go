package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/model"
)

// phraseTagger tags the longest phrase of up to 4 words found in its table
// ("KI & Robotik" → ORG), with confidence 0.8; other words get O.
type phraseTagger struct {
	table map[string]model.Type
	tags  []model.Tag
	conf  []float32
}

func (f *phraseTagger) Tag(words []string) ([]model.Tag, []float32) {
	f.tags, f.conf = f.tags[:0], f.conf[:0]
	for i := 0; i < len(words); {
		n := min(4, len(words)-i)
		for ; n > 0; n-- {
			if _, ok := f.table[strings.Join(words[i:i+n], " ")]; ok {
				break
			}
		}
		if n == 0 {
			f.tags, f.conf = append(f.tags, model.O), append(f.conf, 1)
			i++
			continue
		}
		typ := f.table[strings.Join(words[i:i+n], " ")]
		for k := range n {
			g := model.Inside(typ)
			if k == 0 {
				g = model.Begin(typ)
			}
			f.tags, f.conf = append(f.tags, g), append(f.conf, 0.8)
		}
		i += n
	}
	return f.tags, f.conf
}

func withPhrases(table map[string]string) Option {
	types := parseTypes(table)
	return func(c *config) error {
		c.newTagger = func() tagger { return &phraseTagger{table: types} }
		return nil
	}
}

// scored is an entity's text, type and score.
type scored struct {
	Text, Type string
	Score      float64
}

func TestBrands(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tagged map[string]string // what the tagger finds
		text   string
		want   []scored
	}{
		{"capitals", nil, "Die Firma ACME SOFT® liefert Software.",
			[]scored{{"ACME SOFT", "ORG", brandScore}}},
		{"space before the sign", nil, "Wir testen VELOX ™ im Labor.",
			[]scored{{"VELOX", "ORG", brandScore}}},
		{"sentence-initial function word", nil, "Mit Lumino® spielen Kinder gern.",
			[]scored{{"Lumino", "ORG", brandScore}}},
		{"sentence-initial brand", nil, "Lumino® ist beliebt.",
			[]scored{{"Lumino", "ORG", brandScore}}},
		{"nouns before the brand", map[string]string{"Cremix": "PER"}, "Die Marke Cremix™ ist alt.",
			[]scored{{"Cremix", "ORG", brandScore}}},
		{"mixed case", nil, "Sie kaufte ein neues iFon® gestern.",
			[]scored{{"iFon", "ORG", brandScore}}},
		{"tagger's label OTH kept", map[string]string{"Velox": "OTH"}, "Er nutzt Velox® seit Jahren.",
			[]scored{{"Velox", "OTH", brandScore}}},
		{"tagger's longer name kept", map[string]string{"Nordsoft Fenster": "OTH"}, "Sie nutzt Nordsoft Fenster ® seit Jahren.",
			[]scored{{"Nordsoft Fenster", "OTH", brandScore}}},
		{"tagger's overlapping span replaced", map[string]string{"von ACME": "LOC"}, "Ein Produkt von ACME SOFT®.",
			[]scored{{"ACME SOFT", "ORG", brandScore}}},
		{"two brands in one name of the tagger", map[string]string{"Nordsoft ® Fenster": "OTH"}, "Sie nutzt Nordsoft® Fenster® seit Jahren.",
			[]scored{{"Nordsoft® Fenster", "OTH", brandScore}}},
		{"not across a line break", nil, "Heute NEU\nACME SOFT® für alle.",
			[]scored{{"ACME SOFT", "ORG", brandScore}}},
		{"at most four words", nil, "EINS ZWEI DREI VIER FÜNF® heißt es.",
			[]scored{{"ZWEI DREI VIER FÜNF", "ORG", brandScore}}},
		{"noun acronym inside a brand", nil, "Die IT SOLUTIONS® GmbH wächst.",
			[]scored{{"IT SOLUTIONS", "ORG", brandScore}}},
		{"not after a lower-case word", nil, "Das ist gut® und schön.", nil},
		{"not after punctuation", nil, "Hier steht (®) allein.", nil},
		{"propagated", nil, "BERLIN (DATA NEWS) – Heute neu. Besuchen Sie DATA NEWS® im Netz!",
			[]scored{{"DATA NEWS", "ORG", brandScore}, {"DATA NEWS", "ORG", brandScore}}},
	} {
		var got []scored
		for _, e := range entities(t, tc.text, withPhrases(tc.tagged)) {
			if e.Text != "BERLIN" {
				got = append(got, scored{e.Text, e.Type().String(), e.Score})
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: %q (-want +got):\n%s", tc.name, tc.text, diff)
		}
	}
}

func TestCommonNouns(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tagged map[string]string
		names  []NameEntry
		text   string
		want   []brief
	}{
		{"acronym", map[string]string{"KI": "ORG"}, nil, "Die KI verändert die Arbeit.", nil},
		{"plural", map[string]string{"PCs": "ORG", "Lkw": "OTH"}, nil, "Neue PCs kamen per Lkw an.", nil},
		{"list", map[string]string{"KI & Robotik": "ORG", "IT und Medien": "ORG"}, nil,
			"Ein Buch über KI & Robotik, ein Kurs über IT und Medien.", nil},
		{"part", map[string]string{"KI-Nachrichten": "ORGpart", "Lkw-Maut": "OTHpart"}, nil,
			"Die KI-Nachrichten melden eine neue Lkw-Maut.", nil},
		{"organisations stay", map[string]string{"NATO": "ORG", "BND": "ORG", "NATO-Gipfel": "ORGpart"}, nil,
			"Die NATO und der BND warnen vor dem NATO-Gipfel.",
			[]brief{{"NATO", "ORG", "NATO"}, {"BND", "ORG", "BND"}, {"NATO-Gipfel", "ORGpart", "NATO"}}},
		{"acronym in a longer name", map[string]string{"TV Meckelfeld": "ORG", "IT Werk Süd": "ORG"}, nil,
			"Der TV Meckelfeld siegte, die IT Werk Süd verlor.",
			[]brief{{"TV Meckelfeld", "ORG", "TV Meckelfeld"}, {"IT Werk Süd", "ORG", "IT Werk Süd"}}},
		{"list with a name", map[string]string{"KI & Partner GmbH": "ORG", "EDV & NATO": "ORG"}, nil,
			"Die KI & Partner GmbH und EDV & NATO.",
			[]brief{{"KI & Partner GmbH", "ORG", "KI & Partner GmbH"}, {"EDV & NATO", "ORG", "EDV & NATO"}}},
		{"part with a name", map[string]string{"IT-BOLTEX": "ORGpart", "EDV-Sachsen": "LOCpart"}, nil,
			"Die IT-BOLTEX und die EDV-Sachsen.",
			[]brief{{"IT-BOLTEX", "ORGpart", "BOLTEX"}, {"EDV-Sachsen", "LOCpart", "Sachsen"}}},
		{"user's name", map[string]string{"KI": "ORG", "KI-Nachrichten": "ORGpart"},
			[]NameEntry{{Text: "KI", Label: ORG}}, "Die KI-Nachrichten über KI.",
			[]brief{{"KI-Nachrichten", "ORGpart", "KI"}, {"KI", "ORG", "KI"}}},
	} {
		if diff := cmp.Diff(tc.want, briefs(entities(t, tc.text, withPhrases(tc.tagged), WithNames(tc.names...)))); diff != "" {
			t.Errorf("%s: %q (-want +got):\n%s", tc.name, tc.text, diff)
		}
	}
}
