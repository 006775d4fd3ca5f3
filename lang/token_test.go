package lang

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// checkInvariant fails t unless toks is a valid tokenization of text: every
// Text is text[Start:End] and not empty, tokens are ordered and do not
// overlap, offsets fall on character boundaries (an invalid byte counts as
// one character), and the gaps between tokens hold only white space,
// control and invisible characters — so tokens plus gaps rebuild text.
func checkInvariant(t *testing.T, text string, toks []Token) {
	t.Helper()
	boundary := map[int]bool{len(text): true}
	for i := 0; i < len(text); {
		boundary[i] = true
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
	var b strings.Builder
	prev := 0
	for k, tok := range toks {
		switch {
		case tok.Start < prev || tok.End <= tok.Start || tok.End > len(text):
			t.Fatalf("%q: token %d [%d,%d) empty, out of order or overlapping (previous end %d)", text, k, tok.Start, tok.End, prev)
		case tok.Text != text[tok.Start:tok.End]:
			t.Fatalf("%q: token %d Text %q != text[%d:%d] %q", text, k, tok.Text, tok.Start, tok.End, text[tok.Start:tok.End])
		case !boundary[tok.Start] || !boundary[tok.End]:
			t.Fatalf("%q: token %d [%d,%d) splits a character", text, k, tok.Start, tok.End)
		}
		gap := text[prev:tok.Start]
		for _, r := range gap {
			if !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
				t.Fatalf("%q: visible character %q dropped in gap %q before token %d", text, r, gap, k)
			}
		}
		b.WriteString(gap)
		b.WriteString(tok.Text)
		prev = tok.End
	}
	for _, r := range text[prev:] {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
			t.Fatalf("%q: visible character %q dropped at the end", text, r)
		}
	}
	b.WriteString(text[prev:])
	if b.String() != text {
		t.Fatalf("tokens and gaps rebuild %q, want %q", b.String(), text)
	}
}

func texts(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Text)
	}
	return out
}

var tokenizeTests = []struct {
	name string
	in   string
	want []string
}{
	// Compounds and hyphens.
	{"compound", "beim NATO-Außenministertreffen", []string{"beim", "NATO-Außenministertreffen"}},
	{"compound2", "die Ukraine-Verhandlungen", []string{"die", "Ukraine-Verhandlungen"}},
	{"compound3", "eine E-Mail-Benachrichtigung", []string{"eine", "E-Mail-Benachrichtigung"}},
	{"compound with digits", "der 18-Jährige beim 2:1-Sieg", []string{"der", "18-Jährige", "beim", "2:1-Sieg"}},
	{"state", "in Baden-Württemberg.", []string{"in", "Baden-Württemberg", "."}},
	{"suspended hyphen", "Ost- und Westeuropa", []string{"Ost-", "und", "Westeuropa"}},
	{"suspended hyphen comma", "Bau-, Wirtschafts- oder Industriepolitik", []string{"Bau-", ",", "Wirtschafts-", "oder", "Industriepolitik"}},
	{"suspended hyphen in parens", "(Früh-)Pension", []string{"(", "Früh-", ")", "Pension"}},
	{"leading hyphen", "Ein- und -ausgang", []string{"Ein-", "und", "-ausgang"}},
	{"dash", "Berlin - Hamburg -- Bonn – Köln", []string{"Berlin", "-", "Hamburg", "--", "Bonn", "–", "Köln"}},
	{"en dash range", "(1860–1941) und S. 234–241", []string{"(", "1860–1941", ")", "und", "S.", "234–241"}},
	{"unicode hyphen", "NATO‐Gipfel", []string{"NATO‐Gipfel"}},

	// Periods: abbreviations, initials, ordinals, Roman numerals.
	{"z.B.", "z.B. Äpfel", []string{"z.B.", "Äpfel"}},
	{"spaced z. B.", "z. B. Äpfel", []string{"z.", "B.", "Äpfel"}},
	{"abbreviations", "u.a. d.h. bzw. Dr. Prof. Nr. St. ca. usw. Jh. Mio. Mrd.", []string{"u.a.", "d.h.", "bzw.", "Dr.", "Prof.", "Nr.", "St.", "ca.", "usw.", "Jh.", "Mio.", "Mrd."}},
	{"abbreviation ends sentence", "Äpfel, Birnen usw.", []string{"Äpfel", ",", "Birnen", "usw."}},
	{"capitalised abbreviation", "Ca. 30 Leute", []string{"Ca.", "30", "Leute"}},
	{"sep abbreviation", "vgl. Abb. 3", []string{"vgl", ".", "Abb", ".", "3"}},
	{"num abbreviation", "am 3. Jan. 2020 sagte Jan. Dann", []string{"am", "3.", "Jan.", "2020", "sagte", "Jan", ".", "Dann"}},
	{"not an abbreviation", "Er kam nach Hause.", []string{"Er", "kam", "nach", "Hause", "."}},
	{"umlaut initial and abbreviation", "Ä. Müller und österr. Firmen", []string{"Ä.", "Müller", "und", "österr.", "Firmen"}},
	{"initials", "W. Putin und J. R. R. Tolkien", []string{"W.", "Putin", "und", "J.", "R.", "R.", "Tolkien"}},
	{"ordinal month", "am 3. Oktober", []string{"am", "3.", "Oktober"}},
	{"ordinal century", "im 20. Jahrhundert", []string{"im", "20.", "Jahrhundert"}},
	{"ordinal lowercase", "der 3. und 4. Platz", []string{"der", "3.", "und", "4.", "Platz"}},
	{"year ends sentence", "Er kam 1990. Dann ging er.", []string{"Er", "kam", "1990", ".", "Dann", "ging", "er", "."}},
	{"number ends text", "Es waren 12.", []string{"Es", "waren", "12", "."}},
	{"number before paragraph", "Es waren 12.\n\nNeu", []string{"Es", "waren", "12", ".", "Neu"}},
	{"roman numeral", "Wilhelm II. und Johannes XXIII. kamen", []string{"Wilhelm", "II.", "und", "Johannes", "XXIII.", "kamen"}},
	{"roman numeral at end", "Hartz IV.", []string{"Hartz", "IV", "."}},
	{"dotted abbreviation", "i.d.R. und U.S.A. heute", []string{"i.d.R.", "und", "U.S.A.", "heute"}},
	{"dotted names", "E.ON und heise.de.", []string{"E.ON", "und", "heise.de", "."}},
	{"ellipsis", "Na ja... gut… so..", []string{"Na", "ja", "...", "gut", "…", "so", ".."}},

	// Numbers, dates, times.
	{"date", "am 24.11.2026 um 14:30 Uhr", []string{"am", "24.11.2026", "um", "14:30", "Uhr"}},
	{"date without year", "vom 09.10. bis", []string{"vom", "09.10.", "bis"}},
	{"numbers", "1.000.000 und 3,5 und 2022/23", []string{"1.000.000", "und", "3,5", "und", "2022/23"}},
	{"thousands then period", "Es kamen 1.000.", []string{"Es", "kamen", "1.000", "."}},
	{"score", "mit 2:1 gewonnen", []string{"mit", "2:1", "gewonnen"}},
	{"negative", "um -1,8 Grad", []string{"um", "-1,8", "Grad"}},
	{"degrees", "bei 37 °C und 90° Drehung", []string{"bei", "37", "°C", "und", "90°", "Drehung"}},
	{"year apostrophe", "Keynote '08, Volyň ’43", []string{"Keynote", "'08", ",", "Volyň", "’43"}},
	{"decimal comma end", "Es sind 3,5.", []string{"Es", "sind", "3,5", "."}},

	// Punctuation, quotes, symbols.
	{"german quotes", "„Ja“, sagte er.", []string{"„", "Ja", "“", ",", "sagte", "er", "."}},
	{"guillemets", "»Nein« und «oui» und ‚so‘", []string{"»", "Nein", "«", "und", "«", "oui", "»", "und", "‚", "so", "‘"}},
	{"ascii quotes", `"Ecce homo" und ''so''`, []string{`"`, "Ecce", "homo", `"`, "und", "''", "so", "''"}},
	{"brackets", "(IT BOLTWISE) [1]", []string{"(", "IT", "BOLTWISE", ")", "[", "1", "]"}},
	{"symbols", "BOLTWISE® Windows™ 5 € 10% § 3", []string{"BOLTWISE", "®", "Windows", "™", "5", "€", "10", "%", "§", "3"}},
	{"question", "Wirklich?! Ja!!", []string{"Wirklich", "?", "!", "Ja", "!!"}},
	{"slash spaced", "BELEK / MÜNCHEN", []string{"BELEK", "/", "MÜNCHEN"}},
	{"ampersand", "AT&T und H&M & Co.", []string{"AT&T", "und", "H&M", "&", "Co."}},

	// Apostrophes, slashes, gender forms.
	{"apostrophe", "gibt's bei McDonald’s", []string{"gibt's", "bei", "McDonald’s"}},
	{"genitive apostrophe", "Holmes' Methode und Marx’ Werk", []string{"Holmes'", "Methode", "und", "Marx’", "Werk"}},
	{"quote not genitive", "'Man sagt', sagte er", []string{"'", "Man", "sagt", "'", ",", "sagte", "er"}},
	{"slashes", "100 km/h und/oder Frankfurt/Main", []string{"100", "km/h", "und/oder", "Frankfurt/Main"}},
	{"gender star", "Mitarbeiter*innen", []string{"Mitarbeiter*innen"}},
	{"gender colon", "Lehrer:innen und Kolleg:in.", []string{"Lehrer:innen", "und", "Kolleg:in", "."}},
	{"colon not gender", "Achtung:Innen", []string{"Achtung", ":", "Innen"}},
	{"gender underscore", "Student_innen", []string{"Student_innen"}},
	{"m/w/d", "Entwickler (m/w/d) gesucht", []string{"Entwickler", "(", "m/w/d", ")", "gesucht"}},
	{"bullet star", "* Die Serie", []string{"*", "Die", "Serie"}},

	// Web.
	{"url", "Siehe https://example.com/a_(b)?x=1.", []string{"Siehe", "https://example.com/a_(b)?x=1", "."}},
	{"url in parens", "(www.heise.de/news)", []string{"(", "www.heise.de/news", ")"}},
	{"url in quotes", "„http://a.de/x“", []string{"„", "http://a.de/x", "“"}},
	{"email", "an max.muster@web.de.", []string{"an", "max.muster@web.de", "."}},
	{"not email", "Familie@home", []string{"Familie", "@", "home"}},
	{"handle hashtag", "@AndreasEK #Merz2025 #1", []string{"@AndreasEK", "#Merz2025", "#", "1"}},

	// Unicode oddities.
	{"nbsp", "5\u00a0% und Prof.\u00a0Dr.\u202fMüller", []string{"5", "%", "und", "Prof.", "Dr.", "Müller"}},
	{"soft hyphen in word", "Ab\u00adschnitt\u00ad ist", []string{"Ab\u00adschnitt", "ist"}},
	{"zero width in word", "Bundes\u200bkanzler \u200b\ufeffMerz\u2060", []string{"Bundes\u200bkanzler", "Merz"}},
	{"nfd umlauts", "Mu\u0308nchen und A\u0308rzte.", []string{"Mu\u0308nchen", "und", "A\u0308rzte", "."}},
	{"nfd ordinal", "am 3. A\u0308rztetag", []string{"am", "3.", "A\u0308rztetag"}},
	{"bidi isolates", "\u2066Merz\u2069 sagte \u200eJa", []string{"Merz", "sagte", "Ja"}},
	{"flag tag sequence", "England \U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F!", []string{"England", "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "!"}},
	{"suspended number", "10- bis 12-jährige", []string{"10-", "bis", "12-jährige"}},
	{"emoji", "Super 👍🏽 👨‍👩‍👧!", []string{"Super", "👍🏽", "👨‍👩‍👧", "!"}},
	{"invalid utf8", "ab\xff\xfecd \x80 é\xc3", []string{"ab", "\xff\xfe", "cd", "\x80", "é", "\xc3"}},
	{"nul bytes", "a\x00b \x00\x00 c", []string{"a", "b", "c"}},
	{"control chars", "x\x1b[0m y\u0085z", []string{"x", "[", "0m", "y", "z"}},
	{"replacement char", "a\ufffdb", []string{"a", "\ufffd", "b"}},
	{"only space", " \t\n\u00a0\u3000", nil},
	{"empty", "", nil},
	{"lone combining mark", "\u0308a \u0301", []string{"\u0308a", "\u0301"}},
	{"lone punctuation", ".-'@#", []string{".", "-", "'", "@", "#"}},
	{"crlf paragraphs", "Eins.\r\n\r\nZwei", []string{"Eins", ".", "Zwei"}},
}

func TestTokenize(t *testing.T) {
	for _, tc := range tokenizeTests {
		t.Run(tc.name, func(t *testing.T) {
			toks := Tokenize(tc.in)
			checkInvariant(t, tc.in, toks)
			if diff := cmp.Diff(tc.want, texts(toks)); diff != "" {
				t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestTokenizeKinds(t *testing.T) {
	in := "Am 3. Oktober z.B. zahlte Dr. Rutte 3,5 % an info@nato.int, siehe www.nato.int #NATO @nato \xff"
	want := []Token{
		{"Am", 0, 2, Word}, {"3.", 3, 5, Number}, {"Oktober", 6, 13, Word}, {"z.B.", 14, 18, Word},
		{"zahlte", 19, 25, Word}, {"Dr.", 26, 29, Word}, {"Rutte", 30, 35, Word}, {"3,5", 36, 39, Number},
		{"%", 40, 41, Symbol}, {"an", 42, 44, Word}, {"info@nato.int", 45, 58, Email}, {",", 58, 59, Punct},
		{"siehe", 60, 65, Word}, {"www.nato.int", 66, 78, URL}, {"#NATO", 79, 84, Hashtag},
		{"@nato", 85, 90, Handle}, {"\xff", 91, 92, Symbol},
	}
	got := Tokenize(in)
	checkInvariant(t, in, got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", in, diff)
	}
}

// TestNFCAndNFDAlike checks that composed and decomposed umlauts and text
// with invisible characters cut into the same tokens (up to Normalize).
func TestNFCAndNFDAlike(t *testing.T) {
	for _, tc := range tokenizeTests {
		nfd := strings.NewReplacer("ü", "u\u0308", "ä", "a\u0308", "ö", "o\u0308", "Ä", "A\u0308", "Ü", "U\u0308", "Ö", "O\u0308").Replace(tc.in)
		toks := Tokenize(nfd)
		checkInvariant(t, nfd, toks)
		var got []string
		for _, tok := range toks {
			got = append(got, Normalize(tok.Text))
		}
		var want []string
		for _, w := range tc.want {
			want = append(want, Normalize(w))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: NFD %q mismatch (-NFC tokens +NFD tokens):\n%s", tc.name, nfd, diff)
		}
	}
}

func TestAppendTokensReuses(t *testing.T) {
	buf := make([]Token, 0, 64)
	got := AppendTokens(buf, "Am 3. Oktober.")
	if &got[0] != &buf[:1][0] {
		t.Error("AppendTokens did not append into the given slice")
	}
	got = AppendTokens(got, " Neu")
	if diff := cmp.Diff([]string{"Am", "3.", "Oktober", ".", "Neu"}, texts(got)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Word: "word", Number: "number", Punct: "punct", Symbol: "symbol", URL: "url", Email: "email", Handle: "handle", Hashtag: "hashtag", 42: "Kind(42)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

// FuzzTokenize checks the invariant on arbitrary input.
func FuzzTokenize(f *testing.F) {
	for _, tc := range tokenizeTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		checkInvariant(t, s, toks)
		Sentences(s, toks)
		for _, tok := range toks {
			Normalize(tok.Text)
		}
	})
}
