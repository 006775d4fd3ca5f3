package model

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/namen-nlp/namen/model/wordstats"
)

func info(word string) tokInfo {
	var ti tokInfo
	ti.setWord(word)
	return ti
}

func TestSetWordCaseAndShape(t *testing.T) {
	for _, c := range []struct {
		a, b                 string
		sameLower, sameShape bool
	}{
		{"Häuser", "häuser", true, false},
		{"HÄUSER", "häuser", true, false},
		{"Berlin", "Hamburg", false, true},
		{"Berlin", "BERLIN", true, false},
		{"NATO", "EU", false, true},
		{"1990", "12", false, true},
		{"1.000", "1000", false, false},
		{"Baden-Württemberg", "Nordrhein-Westfalen", false, true},
		{"Baden-Württemberg", "BadenWürttemberg", false, false},
	} {
		a, b := info(c.a), info(c.b)
		if got := a.lower == b.lower; got != c.sameLower {
			t.Errorf("lower(%q) == lower(%q) is %v, want %v", c.a, c.b, got, c.sameLower)
		}
		if got := a.shape == b.shape; got != c.sameShape {
			t.Errorf("shape(%q) == shape(%q) is %v, want %v", c.a, c.b, got, c.sameShape)
		}
	}
}

func TestSetWordAffixes(t *testing.T) {
	a, b := info("russischen"), info("Friesischen")
	for k := range 5 {
		if a.suffix[k] != b.suffix[k] {
			t.Errorf("suffix %d of russischen and Friesischen differ", k+1)
		}
	}
	if a.prefix[0] == b.prefix[0] {
		t.Error("prefix 1 of russischen and Friesischen are equal")
	}
	// Affixes are by rune: "Äpfel" and "äpfelchen" share the 2-rune prefix "äp".
	if info("Äpfel").prefix[1] != info("äpfelchen").prefix[1] {
		t.Error("2-rune prefixes of Äpfel and äpfelchen differ")
	}
	// Words shorter than an affix length have no affix of that length.
	if s := info("EU"); s.prefix[2] != 0 || s.suffix[2] != 0 || s.prefix[1] == 0 {
		t.Errorf("EU: prefix/suffix 3 should be empty, prefix 2 set: %+v", s)
	}
}

func TestSetWordHyphen(t *testing.T) {
	g := info("NATO-Generalsekretär")
	if g.hyLast == 0 {
		t.Fatal("NATO-Generalsekretär: no hyphen parts")
	}
	if g.hyFirst != info("nato").lower {
		t.Error("first part of NATO-Generalsekretär is not nato")
	}
	if g.hyShape != info("NATO").shape {
		t.Error("shape of the first part is not the shape of NATO")
	}
	if g.hyLast != info("generalsekretär").lower {
		t.Error("last part of NATO-Generalsekretär is not generalsekretär")
	}
	if h := info("Ukraine-Russland-Gespräche"); h.hyFirst != info("ukraine").lower || h.hyLast != info("gespräche").lower {
		t.Error("parts of a three-part compound are wrong")
	}
	for _, w := range []string{"-", "--", "-Ende", "Anfang-", "NATO"} {
		if info(w).hyLast != 0 {
			t.Errorf("%q: hyphen parts set", w)
		}
	}
}

func TestExtractorQuotesAndWindow(t *testing.T) {
	x := extractor{mask: allTemplates}
	x.run([]string{"Er", "las", "„", "Die", "Blechtrommel", "“", "."})
	if len(x.offs) != 8 {
		t.Fatalf("got %d offsets, want 8", len(x.offs))
	}
	inside := x.quoted
	want := []bool{false, false, false, true, true, false, false}
	for i := range want {
		if inside[i] != want[i] {
			t.Errorf("token %d quoted = %v, want %v", i, inside[i], want[i])
		}
	}
	// The same word in the same context yields the same features, and a
	// different left neighbour changes some of them.
	feats := func(words []string, i int) []uint64 {
		x.run(words)
		return append([]uint64(nil), x.feats[x.offs[i]:x.offs[i+1]]...)
	}
	a := feats([]string{"Herr", "Müller", "kommt"}, 1)
	b := feats([]string{"Herr", "Müller", "kommt"}, 1)
	c := feats([]string{"Frau", "Müller", "kommt"}, 1)
	if len(a) != len(b) {
		t.Fatal("feature count differs between identical sentences")
	}
	diff := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("features differ between identical sentences")
		}
		if a[i] != c[i] {
			diff++
		}
	}
	if diff == 0 || diff == len(a) {
		t.Errorf("changing the left neighbour changed %d of %d features", diff, len(a))
	}
	// Switching a template group off removes its features.
	x.mask = allTemplates &^ (1 << tWord)
	if d := feats([]string{"Herr", "Müller", "kommt"}, 1); len(d) != len(a)-1 {
		t.Errorf("without the word template: %d features, want %d", len(d), len(a)-1)
	}
}

func TestExtractorNoAllocs(t *testing.T) {
	x := extractor{mask: allTemplates, stats: tinyStats(t), lex: nameLexicon(toy)}
	words := []string{"Der", "NATO-Generalsekretär", "Mark", "Rutte", "besuchte", "„", "Belek", "“", ",", "Berliner",
		"Sauerländer", "Münchnerinnen", "Griechenlands", "italienischen", "MÜNCHEN", "Berlin-Marathon", "."}
	x.run(words)
	if n := testing.AllocsPerRun(100, func() { x.run(words) }); n != 0 {
		t.Errorf("extractor.run allocates %v times per sentence", n)
	}
}

func TestFillCaps(t *testing.T) {
	x := extractor{mask: allTemplates}
	for _, c := range []struct {
		word, title string // title "": not read in title case
	}{
		{"MÜNCHEN", "München"},
		{"NATO", "Nato"},
		{"EU", ""},      // too short: an acronym
		{"München", ""}, // not all capitals
		{"IT-NEWS", ""}, // not only letters
		{"ÄRZTE", "Ärzte"},
	} {
		var ti tokInfo
		x.fill(&ti, c.word)
		want := uint64(0)
		if c.title != "" {
			want = fnvString(c.title)
		}
		if ti.title != want {
			t.Errorf("fill(%q): title hash %x, want that of %q", c.word, ti.title, c.title)
		}
	}
	x.mask &^= 1 << tCaps
	var ti tokInfo
	if x.fill(&ti, "MÜNCHEN"); ti.title != 0 {
		t.Error("title form computed with the caps template off")
	}
}

// tinyStats builds a small word statistics table in which Berlin and
// Paris have classes.
func tinyStats(t *testing.T) *wordstats.Table {
	t.Helper()
	b := wordstats.NewBuilder(wordstats.Options{Classes: [3]int{2, 4, 8}, Contexts: 10, MinClusterFreq: 2, Seed: 1})
	for range 4 {
		for _, line := range []string{"ich wohne in Berlin .", "ich wohne in Paris .", "die Katze schläft .", "die Maus schläft ."} {
			b.Add(line)
		}
	}
	stats, err := b.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

func TestFillInflection(t *testing.T) {
	x := extractor{mask: allTemplates, stats: tinyStats(t)}
	berlin := x.stats.Lookup("Berlin")
	if berlin.Cluster[0] == 0 {
		t.Fatal("Berlin has no class in the test table")
	}
	for _, c := range []struct {
		word, base string // base "": no inflection
	}{
		{"Berlins", "Berlin"},
		{"Parises", "Paris"},
		{"Berlin", ""},  // known itself
		{"berlins", ""}, // lower case
		{"Londons", ""}, // London is not in the table
		{"Bs", ""},      // too short
	} {
		var ti tokInfo
		x.fill(&ti, c.word)
		if ti.infl != (c.base != "") {
			t.Errorf("fill(%q): infl = %v", c.word, ti.infl)
		}
		if c.base != "" && ti.ws != x.stats.Lookup(c.base) {
			t.Errorf("fill(%q): statistics %+v, want those of %s", c.word, ti.ws, c.base)
		}
	}
	x.mask &^= 1 << tInfl
	var ti tokInfo
	if x.fill(&ti, "Berlins"); ti.infl || ti.ws == berlin {
		t.Error("inflection used with the infl template off")
	}
}

func TestFillStem(t *testing.T) {
	x := extractor{mask: allTemplates}
	stem := func(w string) uint64 {
		var ti tokInfo
		x.fill(&ti, w)
		return ti.stem
	}
	if stem("Griechenlands") != stem("griechenland") || stem("Häuser") != stem("Haus") {
		t.Error("inflected forms of one word have different stem hashes")
	}
	if stem("Berlin") == stem("Bern") {
		t.Error("Berlin and Bern have the same stem hash")
	}
	x.mask &^= 1 << tStem
	if stem("Berlin") != 0 {
		t.Error("stem computed with the stem templates off")
	}
}

func TestNameLexicon(t *testing.T) {
	train := append(slices.Clone(toy),
		sent("Der/O Bund/B-ORG zahlt/O ./O"),
		sent("Der/O Bund/O der/O Länder/O ./O"),
		sent("Ein/O Bund/O Stroh/O ./O"),
		sent("Der/O Bund/O zahlt/O nicht/O ./O"),
	)
	got := map[string]uint8{}
	lex := nameLexicon(train)
	for _, w := range []string{"Berlin", "berlin", "Merkel", "Europäischen", "NATO-Generalsekretär", "russischen", "Truppen", "Bund", "Die"} {
		if b := lex[lowerHash(w)]; b != 0 {
			got[w] = b
		}
	}
	want := map[string]uint8{
		"Berlin": 1 << LOC, "berlin": 1 << LOC, // keyed by the lower-case form
		"Merkel": 1 << PER, "Europäischen": 1 << ORG,
		"Die": 1 << OTH, // an OTH word in one of its two capitalised occurrences
		// Bund is ORG in only one of four occurrences; parts and
		// derivations, lower-case words and words outside names are left out.
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nameLexicon (-want +got):\n%s", diff)
	}
}

func TestFillLexiconFeatures(t *testing.T) {
	on := extractor{mask: allTemplates, stats: tinyStats(t), lex: nameLexicon(toy)}
	off := on
	off.mask &^= 1<<tLex | 1<<tDeriv
	// features returns the intrinsic features of word under x.
	features := func(x *extractor, word string) []uint64 {
		var ti tokInfo
		x.fill(&ti, word)
		return x.intrinsic(nil, &ti)
	}
	loc := uint64(1 << LOC)
	for _, c := range []struct {
		word string
		want []uint64 // the features of the lexicon templates
	}{
		{"Berlin-Marathon", []uint64{feat1(tLex, 1<<8|loc)}},
		{"Anti-Berlin", []uint64{feat1(tLex, 2<<8|loc)}},
		{"Merkel-Regierung", []uint64{feat1(tLex, 1<<8|1<<PER)}},
		{"Berliner", []uint64{feat1(tDeriv, 2<<1|1)}},
		{"Berlinerinnen", []uint64{feat1(tDeriv, 2<<1|1)}},
		{"berlinischen", []uint64{feat1(tDeriv, 2<<1)}},
		{"Brüsseler", []uint64{feat1(tDeriv, 2<<1|1)}},
		{"berliner", nil}, // an inhabitant name must be capitalised
		{"Münchner", nil}, // not München plus a suffix
		{"Merkeler", nil}, // a person, not a place
		{"Marathon-Lauf", nil},
		{"Berlin", nil},
	} {
		got := features(&on, c.word)
		without := features(&off, c.word)
		got = slices.DeleteFunc(got, func(f uint64) bool { return slices.Contains(without, f) })
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: lexicon features %x, want %x", c.word, got, c.want)
		}
	}
}
