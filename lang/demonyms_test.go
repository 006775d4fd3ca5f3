package lang

import (
	"strings"
	"testing"
)

func TestDemonymData(t *testing.T) {
	tab, err := parseDemonyms(demonymData)
	if err != nil {
		t.Fatal(err)
	}
	// The lexicon must cover every German state and at least the ~195
	// countries of the world.
	if n := len(tab.places); n < 250 {
		t.Errorf("lexicon has %d places, want at least 250", n)
	}
	for _, state := range []string{
		"Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg",
		"Hessen", "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen",
		"Rheinland-Pfalz", "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
	} {
		if !tab.places[state] {
			t.Errorf("German state %s missing", state)
		}
	}
	if !strings.HasPrefix(demonymData, "#") || !strings.Contains(demonymData, "Licence:") {
		t.Error("demonyms.txt lacks its source/licence header")
	}
}

func TestParseDemonymsErrors(t *testing.T) {
	for _, data := range []string{
		"russisch Russland\n",             // no tab
		"Russisch\tRussland\n",            // upper case form
		"russisch\tRussland\nrussisch\tX", // duplicate
		"russisch\t\n",                    // empty place
	} {
		if _, err := parseDemonyms(data); err == nil {
			t.Errorf("parseDemonyms(%q) = nil error", data)
		}
	}
}

func TestDemonym(t *testing.T) {
	for _, tc := range []struct {
		word, place string
		ok          bool
	}{
		{"russisch", "Russland", true},
		{"russische", "Russland", true},
		{"russischen", "Russland", true},
		{"Russischer", "Russland", true},
		{"russisches", "Russland", true},
		{"russischem", "Russland", true},
		{"deutschen", "Deutschland", true},
		{"Münchner", "München", true},
		{"münchener", "München", true},
		{"bayerischen", "Bayern", true},
		{"Europäische", "Europa", true},
		{"amerikanischen", "USA", true},
		{"US-amerikanischen", "USA", true},
		{"deutsch-russischen", "Russland", true},
		{"ÖSTERREICHISCHE", "Österreich", true},
		{"Wiener", "Wien", true},
		{"Zürcher", "Zürich", true},
		{"türkischen", "Türkei", true},
		{"ukrainische", "Ukraine", true},
		{"Russland", "", false},
		{"schnellen", "", false},
		{"", "", false},
		{"e", "", false},
		{strings.Repeat("russisch", 20), "", false},
		{"\xff\xfe", "", false},
	} {
		place, ok := Demonym(tc.word)
		if place != tc.place || ok != tc.ok {
			t.Errorf("Demonym(%q) = %q, %v; want %q, %v", tc.word, place, ok, tc.place, tc.ok)
		}
	}
}

func TestIsPlace(t *testing.T) {
	for name, want := range map[string]bool{"Russland": true, "München": true, "russland": false, "Putin": false} {
		if got := IsPlace(name); got != want {
			t.Errorf("IsPlace(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDemonymAllocs(t *testing.T) {
	Demonym("russisch") // parse the table first
	n := testing.AllocsPerRun(100, func() {
		Demonym("Russischen")
		Demonym("US-amerikanischen")
		Demonym("unbekannt")
		IsPlace("Russland")
	})
	if n != 0 {
		t.Errorf("Demonym allocates %v times per run, want 0", n)
	}
}

func BenchmarkDemonym(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Demonym("russischen")
	}
}
