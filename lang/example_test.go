package lang_test

import (
	"fmt"

	"github.com/namen-nlp/namen/lang"
)

func ExampleTokenize() {
	text := "Am 3. Oktober traf z.B. der NATO-Generalsekretär Mark Rutte ein."
	for _, tok := range lang.Tokenize(text) {
		fmt.Printf("%d-%d %s %q\n", tok.Start, tok.End, tok.Kind, tok.Text)
	}
	// Output:
	// 0-2 word "Am"
	// 3-5 number "3."
	// 6-13 word "Oktober"
	// 14-18 word "traf"
	// 19-23 word "z.B."
	// 24-27 word "der"
	// 28-49 word "NATO-Generalsekretär"
	// 50-54 word "Mark"
	// 55-60 word "Rutte"
	// 61-64 word "ein"
	// 64-65 punct "."
}

func ExampleAppendTokens() {
	var buf []lang.Token // reused: no allocation once it is large enough
	for _, line := range []string{"Baden-Württemberg, 24.11.2026", "BOLTWISE® – 3,5 %"} {
		buf = lang.AppendTokens(buf[:0], line)
		for i, tok := range buf {
			if i > 0 {
				fmt.Print(" ")
			}
			fmt.Printf("[%s]", tok.Text)
		}
		fmt.Println()
	}
	// Output:
	// [Baden-Württemberg] [,] [24.11.2026]
	// [BOLTWISE] [®] [–] [3,5] [%]
}

func ExampleSentences() {
	text := "Wilhelm II. kam am 3. Oktober an. „Wir sind optimistisch.“ Dr. Rutte nickte.\n\nNeuer Absatz"
	toks := lang.Tokenize(text)
	for _, s := range lang.Sentences(text, toks) {
		fmt.Printf("%d tokens: %s\n", s.To-s.From, text[s.Start:s.End])
	}
	// Output:
	// 8 tokens: Wilhelm II. kam am 3. Oktober an.
	// 6 tokens: „Wir sind optimistisch.“
	// 4 tokens: Dr. Rutte nickte.
	// 2 tokens: Neuer Absatz
}

func ExampleStem() {
	for _, w := range []string{"Häuser", "Verhandlungen", "russischen", "Putins"} {
		fmt.Println(w, lang.Stem(w))
	}
	// Output:
	// Häuser haus
	// Verhandlungen verhandl
	// russischen russisch
	// Putins putin
}

func ExampleNormalize() {
	for _, w := range []string{"Mu\u0308nchen", "Ab\u00adschnitt", "Bundes\u200bkanzler", "Berlin"} {
		fmt.Printf("%q\n", lang.Normalize(w))
	}
	// Output:
	// "München"
	// "Abschnitt"
	// "Bundeskanzler"
	// "Berlin"
}
