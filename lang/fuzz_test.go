package lang

import (
	"slices"
	"testing"
)

// hostileSeeds are nasty inputs shared by the fuzz targets of this
// package; testdata/fuzz/<FuzzName>/ adds the seed article and more.
var hostileSeeds = []string{
	"", " ", "\t\n\r\n \u00a0\u2003", "\x00", "Putin\x00Russland", "Putin\x01\x1b[0mRussland",
	"\xffBerlin\xc3 trifft\xe2\x82 Putin\x80.", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	"Satz eins.\r\nSatz zwei.\r\n\r\nAbsatz.\rNach CR.", "Ost-\r\nWest",
	"BUNDESKANZLER OLAF SCHOLZ TRIFFT NATO-CHEF IN BRÜSSEL. DIE USA SCHWEIGEN.",
	"Merkel 👍🏽 und 👨\u200d👩\u200d👧 in Cafe\u0301 und Mu\u0308nchen.", "\u0301\u0308a",
	"Wladimir Путин traf Vladimir Рutin und Алексей Navalny.",
	"......", "------", "„„„“““", "((((a)))", "z. B. Dr. II. 3. U.S.A. e.V.", "- a\n- b\n• c",
	"Er sagte: „Es ist 14:30 Uhr.“ Dann ging er.", "https://a.b/c(d). www.x.de x@y.de @a #b",
	"Lehrer:innen, Ost- und Westeuropa, NATO-Generalsekretär\u00adRutte, Putins",
}

// FuzzSentences checks the sentence invariants on arbitrary input: every
// token belongs to exactly one sentence, in order, and each sentence's byte
// span runs from its first token's start to its last token's end.
func FuzzSentences(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		checkInvariant(t, s, toks)
		sents := Sentences(s, toks)
		checkSentences(t, s, toks, sents)
		checkSteps(t, s, toks, sents)
	})
}

// checkSteps checks that tokenizing in steps of 1, 2 and 3 bytes and
// splitting in steps of as many tokens give what one call gives.
func checkSteps(t *testing.T, text string, toks []Token, sents []Sentence) {
	t.Helper()
	for n := 1; n <= 3; n++ {
		var stepped []Token
		for from := 0; from < len(text); {
			next := 0
			if stepped, next = AppendTokensFrom(stepped, text, from, from+n); next <= from && next < len(text) {
				t.Fatalf("%q: AppendTokensFrom(%d, %d) returned %d", text, from, from+n, next)
			}
			from = next
		}
		if !slices.Equal(stepped, toks) {
			t.Fatalf("%q: tokens in steps of %d:\n%v\nat once:\n%v", text, n, stepped, toks)
		}
		sp := NewSentenceSplitter(text, toks)
		for !sp.Split(n) {
		}
		if got := sp.Sentences(); !slices.Equal(got, sents) {
			t.Fatalf("%q: sentences in steps of %d:\n%v\nat once:\n%v", text, n, got, sents)
		}
	}
}

func checkSentences(t *testing.T, text string, toks []Token, sents []Sentence) {
	t.Helper()
	if len(toks) == 0 {
		if sents != nil {
			t.Fatalf("%q: no tokens but sentences %v", text, sents)
		}
		return
	}
	next := 0
	for i, s := range sents {
		switch {
		case s.From != next || s.To <= s.From || s.To > len(toks):
			t.Fatalf("%q: sentence %d %+v: token range does not follow %d or is empty (%d tokens)", text, i, s, next, len(toks))
		case s.Start != toks[s.From].Start || s.End != toks[s.To-1].End:
			t.Fatalf("%q: sentence %d %+v: span is not [first token start, last token end)", text, i, s)
		}
		next = s.To
	}
	if next != len(toks) {
		t.Fatalf("%q: sentences cover tokens [0,%d) of %d", text, next, len(toks))
	}
}
