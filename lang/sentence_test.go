package lang

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "Er kam. Sie ging! Warum? Darum.", []string{"Er kam.", "Sie ging!", "Warum?", "Darum."}},
		{"lowercase after period", "Er kam. und ging.", []string{"Er kam. und ging."}},
		{"digit starts sentence", "Er kam. 1990 ging er.", []string{"Er kam.", "1990 ging er."}},
		{"abbreviations", "Dr. Müller traf Prof. Schmidt bzw. Frau Dr. Meier z.B. in St. Pauli.", []string{"Dr. Müller traf Prof. Schmidt bzw. Frau Dr. Meier z.B. in St. Pauli."}},
		{"sep abbreviation", "Vgl. dazu sog. Dime Novels und vgl. Abb. 3.", []string{"Vgl. dazu sog. Dime Novels und vgl. Abb. 3."}},
		{"num abbreviation", "Nach Art. 5 GG. Auf diese Art. Dann", []string{"Nach Art. 5 GG.", "Auf diese Art.", "Dann"}},
		{"end abbreviation", "Äpfel, Birnen usw. Dann kam er.", []string{"Äpfel, Birnen usw.", "Dann kam er."}},
		{"ordinal", "Am 3. Oktober. Im 20. Jahrhundert kam Wilhelm II. Zu Besuch.", []string{"Am 3. Oktober.", "Im 20. Jahrhundert kam Wilhelm II. Zu Besuch."}},
		{"initials", "Er traf W. Putin und J. R. R. Tolkien.", []string{"Er traf W. Putin und J. R. R. Tolkien."}},
		{"date", "Am 24.11.2026 um 14:30 Uhr. Dann nicht.", []string{"Am 24.11.2026 um 14:30 Uhr.", "Dann nicht."}},
		{"year ends sentence", "Er kam 1990. Dann ging er.", []string{"Er kam 1990.", "Dann ging er."}},
		{"quote closes sentence", "„Wir sind optimistisch.“ Rutte nickte.", []string{"„Wir sind optimistisch.“", "Rutte nickte."}},
		{"inside short quote", "Der Film „Stirb. Langsam“ lief.", []string{"Der Film „Stirb. Langsam“ lief."}},
		{"ascii quotes", `Er sagte: "Ja." Dann ging er.`, []string{`Er sagte: "Ja."`, "Dann ging er."}},
		{"quote attached on both sides", `Er rief "Nein". Dann ging er.`, []string{`Er rief "Nein".`, "Dann ging er."}},
		{"opening quote starts sentence", "Er ging. „Warum?“, fragte sie.", []string{"Er ging.", "„Warum?“, fragte sie."}},
		{"bracket", "Er ging (schnell.) Dann kam sie.", []string{"Er ging (schnell.)", "Dann kam sie."}},
		{"ellipsis", "Na ja … Vielleicht. Und so... Weiter", []string{"Na ja …", "Vielleicht.", "Und so...", "Weiter"}},
		{"paragraph", "Überschrift ohne Punkt\n\nErster Satz", []string{"Überschrift ohne Punkt", "Erster Satz"}},
		{"paragraph crlf", "Eins\r\n\r\nZwei", []string{"Eins", "Zwei"}},
		{"single newline", "Eins\nzwei", []string{"Eins\nzwei"}},
		{"line ends after punctuation", "Es geht!\n- kostenlos lesen!\n- mehr", []string{"Es geht!", "- kostenlos lesen!", "- mehr"}},
		{"bullets", "Stellen\n• Dozent (m/w/d)\n• Werkstudent", []string{"Stellen", "• Dozent (m/w/d)", "• Werkstudent"}},
		{"dash inside a line", "Berlin - Bonn. - Nein", []string{"Berlin - Bonn. - Nein"}},
		{"no final punctuation", "Ein Satz", []string{"Ein Satz"}},
		{"only punctuation", "...", []string{"..."}},
		{"nfd capital", "Er kam. A\u0308rzte gingen.", []string{"Er kam.", "A\u0308rzte gingen."}},
		{"empty", "", nil},
		{"white space", " \n\n ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := Tokenize(tc.in)
			checkInvariant(t, tc.in, toks)
			ss := Sentences(tc.in, toks)
			var got []string
			next := 0
			for _, s := range ss {
				if s.From != next || s.To <= s.From || s.Start != toks[s.From].Start || s.End != toks[s.To-1].End {
					t.Fatalf("sentence %+v does not continue at token %d or does not match its tokens", s, next)
				}
				next = s.To
				got = append(got, tc.in[s.Start:s.End])
			}
			if next != len(toks) {
				t.Fatalf("sentences cover tokens [0,%d), want [0,%d)", next, len(toks))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Sentences(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestSentencesForeignTokens(t *testing.T) {
	toks := []Token{{Text: "", Start: 9, End: 2, Kind: Punct}, {Text: ".", Start: -4, End: 100, Kind: Punct}, {Text: "X", Start: 1, End: 0}}
	got := Sentences("kurz", toks)
	if len(got) == 0 || got[len(got)-1].To != len(toks) {
		t.Errorf("Sentences on foreign tokens = %+v, want sentences covering all %d tokens", got, len(toks))
	}
}
