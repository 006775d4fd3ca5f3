package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNounAcronymData(t *testing.T) {
	set, err := parseNounAcronyms(nounAcronymData)
	if err != nil {
		t.Fatal(err)
	}
	if len(set) < 50 {
		t.Errorf("list has %d acronyms, want at least 50", len(set))
	}
	if !strings.HasPrefix(nounAcronymData, "#") || !strings.Contains(nounAcronymData, "Licence:") {
		t.Error("nounacronyms.txt lacks its source/licence header")
	}
	// Names and legal forms must never be in the list: they are what the
	// extractor keeps.
	for _, name := range []string{"NATO", "BND", "EU", "USA", "SPD", "CDU", "GmbH", "AG", "KG", "WM", "ARD", "ZDF"} {
		if set[name] {
			t.Errorf("%s is a name, not a noun acronym", name)
		}
	}
}

func TestParseNounAcronymsErrors(t *testing.T) {
	for _, data := range []string{
		"KI künstliche Intelligenz\n", // no tab
		"KI\t\n",                      // no meaning
		"\tkünstliche Intelligenz\n",  // no acronym
		"K I\tx\n",                    // space in the acronym
		"KI\tx\nKI\ty\n",              // duplicate
	} {
		if _, err := parseNounAcronyms(data); err == nil {
			t.Errorf("parseNounAcronyms(%q) = nil error", data)
		}
	}
	got, err := parseNounAcronyms("# comment\n\nKI\tkünstliche Intelligenz\r\nLkw\tLastkraftwagen\n")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]bool{"KI": true, "Lkw": true}, got); diff != "" {
		t.Errorf("parseNounAcronyms (-want +got):\n%s", diff)
	}
}

func TestNounAcronym(t *testing.T) {
	words := []string{
		"KI", "IT", "EDV", "PC", "PCs", "TV", "USB", "DNA", "CO2", "SMS", "GPS", "PDF",
		"LKW", "Lkw", "Lkws", "Pkw", "MwSt",
		"NATO", "BND", "EU", "GmbH", "AG", "Ki", "it", "ki", "KIs", "s", "", "KI-News", "\xff",
	}
	got := map[string]bool{}
	for _, w := range words {
		got[w] = NounAcronym(w)
	}
	want := map[string]bool{
		"KI": true, "IT": true, "EDV": true, "PC": true, "PCs": true, "TV": true, "USB": true,
		"DNA": true, "CO2": true, "SMS": true, "GPS": true, "PDF": true,
		"LKW": true, "Lkw": true, "Lkws": true, "Pkw": true, "MwSt": true,
		"NATO": false, "BND": false, "EU": false, "GmbH": false, "AG": false, "Ki": false, "it": false,
		"ki": false, "KIs": true, "s": false, "": false, "KI-News": false, "\xff": false,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NounAcronym (-want +got):\n%s", diff)
	}
}

func TestNounAcronymAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { NounAcronym("Lkws") }); n != 0 {
		t.Errorf("NounAcronym allocates %v times", n)
	}
}

func ExampleNounAcronym() {
	for _, w := range []string{"KI", "Lkws", "NATO"} {
		fmt.Println(w, NounAcronym(w))
	}
	// Output:
	// KI true
	// Lkws true
	// NATO false
}
