package lang_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/lang"
)

// detokenize writes a tokenized sentence the way text is written: no space
// before , . ) : ; ! ? and closing quotes, none after ( and opening quotes.
// The direction of an ambiguous quote (" ' ” « » ‹ ›) alternates within
// the sentence. It returns the text and the byte span of every word.
func detokenize(words []string) (string, [][2]int) {
	var b strings.Builder
	spans := make([][2]int, len(words))
	open := map[string]bool{} // ambiguous quotes currently open, by family
	noSpaceNext := true
	for i, w := range words {
		var attachLeft, attachRight bool
		switch w {
		case ",", ".", ")", "]", ":", ";", "!", "?", "...", "..", "…", "“", "‘", "”":
			attachLeft = true
		case "(", "[", "„", "‚":
			attachRight = true
		case "\"", "'", "''", "«", "»", "‹", "›":
			fam := w
			switch w {
			case "«", "»":
				fam = "«»"
			case "‹", "›":
				fam = "‹›"
			}
			if open[fam] {
				attachLeft = true
			} else {
				attachRight = true
			}
			open[fam] = !open[fam]
		}
		if i > 0 && !attachLeft && !noSpaceNext {
			b.WriteByte(' ')
		}
		spans[i][0] = b.Len()
		b.WriteString(w)
		spans[i][1] = b.Len()
		noSpaceNext = attachRight
	}
	return b.String(), spans
}

// naiveTokenize splits on white space and cuts every punctuation or symbol
// character off as a token of its own.
func naiveTokenize(text string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range text {
		switch {
		case unicode.IsSpace(r):
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
			out = append(out, [2]int{i, i + utf8.RuneLen(r)})
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// edgeSplit splits on white space and cuts punctuation and symbol
// characters off the ends of each piece, one token per character, keeping
// inner ones (3,5 and Baden-Württemberg stay whole, "Dr." does not).
func edgeSplit(text string) [][2]int {
	var out [][2]int
	edge := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
	for _, f := range naiveFields(text) {
		i, j := f[0], f[1]
		for i < j {
			r, n := utf8.DecodeRuneInString(text[i:j])
			if !edge(r) {
				break
			}
			out = append(out, [2]int{i, i + n})
			i += n
		}
		var tail [][2]int
		for j > i {
			r, n := utf8.DecodeLastRuneInString(text[i:j])
			if !edge(r) {
				break
			}
			tail = append([][2]int{{j - n, j}}, tail...)
			j -= n
		}
		if j > i {
			out = append(out, [2]int{i, j})
		}
		out = append(out, tail...)
	}
	return out
}

// naiveFields returns the spans of the white-space separated pieces of
// text.
func naiveFields(text string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// disagreement names the kind of a gold token that did not come back.
func disagreement(gold string, ours []string) string {
	joined := strings.Join(ours, "")
	switch {
	case len(ours) == 1 && strings.HasSuffix(ours[0], ".") && (gold == "." || strings.TrimSuffix(ours[0], ".") == gold):
		switch w := strings.TrimSuffix(ours[0], "."); {
		case strings.Trim(w, "0123456789") == "":
			return "number: we keep the period (ordinal)"
		case utf8.RuneCountInString(w) == 1:
			return "single letter (initial, z. B.): we keep the period"
		}
		return "abbreviation: we keep the period"
	case strings.HasSuffix(gold, ".") && joined == gold && len(ours) == 2:
		if strings.Trim(gold, "0123456789.") == "" {
			return "number: gold keeps the period"
		}
		return "abbreviation: gold keeps the period"
	case joined == gold:
		first, _ := utf8.DecodeRuneInString(gold)
		switch {
		case strings.ContainsAny(gold, "%°"):
			return "we split a gold token: % or ° written onto a number (34,4%)"
		case strings.ContainsAny(gold, "'’`\""):
			return "we split a gold token: apostrophe or quote inside (hab', 'Man)"
		case unicode.IsPunct(first) || unicode.IsSymbol(first):
			return "we split a gold token: punctuation glued to the next word (.Die, *Die)"
		}
		return "we split a gold token: other"
	case len(ours) == 1 && strings.Contains(ours[0], gold):
		return "we join gold tokens"
	}
	return "other"
}

type agreement struct {
	gold, ours, naive, edge int
	byCategory              map[string][]string
}

func measureAgreement(sents []corpus.Sentence) agreement {
	a := agreement{byCategory: map[string][]string{}}
	var toks []lang.Token
	for _, s := range sents {
		text, spans := detokenize(s.Words)
		toks = lang.AppendTokens(toks[:0], text)
		ours := map[[2]int]bool{}
		for _, t := range toks {
			ours[[2]int{t.Start, t.End}] = true
		}
		naive, edge := map[[2]int]bool{}, map[[2]int]bool{}
		for _, sp := range naiveTokenize(text) {
			naive[sp] = true
		}
		for _, sp := range edgeSplit(text) {
			edge[sp] = true
		}
		for i, sp := range spans {
			a.gold++
			if naive[sp] {
				a.naive++
			}
			if edge[sp] {
				a.edge++
			}
			if ours[sp] {
				a.ours++
				continue
			}
			var over []string
			for _, t := range toks {
				if t.Start < sp[1] && t.End > sp[0] {
					over = append(over, t.Text)
				}
			}
			cat := disagreement(s.Words[i], over)
			ctx := fmt.Sprintf("gold %q, ours %q in %q", s.Words[i], over, window(text, sp))
			a.byCategory[cat] = append(a.byCategory[cat], ctx)
		}
	}
	return a
}

func window(text string, sp [2]int) string {
	lo, hi := max(0, sp[0]-30), min(len(text), sp[1]+30)
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	return text[lo:hi]
}

// TestGermEvalAgreement detokenizes the GermEval 2014 dev sentences,
// tokenizes them again and counts the gold tokens that come back with
// identical boundaries. Run with -v for the disagreements by category.
func TestGermEvalAgreement(t *testing.T) {
	path := shared.ForTest(t, "germeval2014", "NER-de-dev.tsv")
	sents, err := corpus.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := measureAgreement(sents)
	pct := func(n int) float64 { return 100 * float64(n) / float64(a.gold) }
	t.Logf("GermEval dev: %d sentences, %d gold tokens come back with identical boundaries from:", len(sents), a.gold)
	t.Logf("  lang.Tokenize                                    %d (%.2f%%)", a.ours, pct(a.ours))
	t.Logf("  split on spaces, every punctuation char a token  %d (%.2f%%)", a.naive, pct(a.naive))
	t.Logf("  split on spaces, punctuation cut off word edges  %d (%.2f%%)", a.edge, pct(a.edge))
	cats := make([]string, 0, len(a.byCategory))
	for c := range a.byCategory {
		cats = append(cats, c)
	}
	sort.Slice(cats, func(i, j int) bool { return len(a.byCategory[cats[i]]) > len(a.byCategory[cats[j]]) })
	for _, c := range cats {
		ex := a.byCategory[c]
		t.Logf("%4d gold tokens (%.2f%%): %s", len(ex), pct(len(ex)), c)
		if testing.Verbose() {
			for _, e := range ex {
				t.Logf("        %s", e)
			}
		}
	}
	if got := pct(a.ours); got < 99.5 {
		t.Errorf("agreement with GermEval dev tokenization = %.2f%%, want ≥ 99.5%%", got)
	}
}
