package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
)

func init() {
	commands["eval"] = command{summary: "score the tagger against a gold corpus (strict span P/R/F1)", run: runEval}
}

func runEval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gold := fs.String("gold", "", "gold corpus (GermEval TSV, or CoNLL with the tag in the last column)")
	schemeName := fs.String("scheme", "full", "types to score: full (12 types), base4 (deriv/part as O) or loose (deriv/part folded into their class)")
	modelPath := fs.String("model", "default", modelFlag)
	baseline := fs.String("baseline", "", "also score a baseline on the same tokens: prose")
	seenFiles := fs.String("seen", "", "also score separately the spans whose words all occur in these corpora (comma-separated, e.g. the training data) and the others")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen eval -gold FILE [-scheme full|base4|loose] [-model NAME|PATH] [-baseline prose] [-seen FILE[,FILE]]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	scheme, err := model.ParseScheme(*schemeName)
	if *gold == "" || fs.NArg() > 0 || err != nil || (*baseline != "" && *baseline != "prose") {
		if err != nil {
			fmt.Fprintln(stderr, err)
		}
		fs.Usage()
		return errUsage
	}
	sents, err := readTagged(*gold)
	if err != nil {
		return err
	}
	var nov *novelty
	if *seenFiles != "" {
		if nov, err = newNovelty(*seenFiles); err != nil {
			return err
		}
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return err
	}
	t := m.NewSentenceTagger()
	sc := model.Score{Scheme: scheme}
	began := time.Now()
	var norm []string
	for _, s := range sents {
		norm = norm[:0]
		for _, w := range s.Words {
			norm = append(norm, lang.Normalize(w))
		}
		tags, _ := t.Tag(norm)
		if err := sc.Add(s.Tags, tags); err != nil {
			return err
		}
		if nov != nil {
			gold, pred := sc.LastSpans()
			nov.add(norm, gold, pred)
		}
	}
	took := time.Since(began)
	fmt.Fprintf(stdout, "namen: %d sentences, %d tokens, scheme %s (tagged in %s)\n", len(sents), sc.Tokens, scheme, took.Round(time.Millisecond))
	if *baseline == "prose" {
		base, err := evalProse(sents, scheme)
		if err != nil {
			return err
		}
		writeSideBySide(stdout, &sc, base, "namen", "prose v2 (English model)")
	} else if err := sc.WriteTable(stdout); err != nil {
		return err
	}
	if nov == nil {
		return nil
	}
	return nov.writeTable(stdout)
}

// novelty splits the span counts of an evaluation by whether every word of
// a span occurs in reference corpora (usually the training data): names a
// model has seen against names it has to generalise to.
type novelty struct {
	names  string
	seen   map[string]bool // normalised words of the reference corpora
	counts [2]model.Counts // 0: every word seen, 1: some word unseen
}

func newNovelty(files string) (*novelty, error) {
	ref, names, err := readCorpora(files, 0)
	if err != nil {
		return nil, err
	}
	n := &novelty{names: names, seen: map[string]bool{}}
	for _, s := range ref {
		for _, w := range s.Words {
			n.seen[lang.Normalize(w)] = true
		}
	}
	return n, nil
}

// add counts the spans of one sentence of normalised words (from
// model.Score.LastSpans).
func (n *novelty) add(words []string, gold, pred []model.Span) {
	for _, g := range gold {
		n.counts[n.group(words, g)].Gold++
	}
	for _, p := range pred {
		c := &n.counts[n.group(words, p)]
		c.Pred++
		if slices.Contains(gold, p) {
			c.Correct++
		}
	}
}

func (n *novelty) group(words []string, sp model.Span) int {
	for _, w := range words[sp.Start:sp.End] {
		if !n.seen[w] {
			return 1
		}
	}
	return 0
}

func (n *novelty) writeTable(w io.Writer) error {
	fmt.Fprintf(w, "\nnamen's spans by their words in %s:\n%-10s %7s %7s %7s %6s %6s\n", n.names, "words", "P", "R", "F1", "gold", "pred")
	for i, name := range []string{"all seen", "unseen"} {
		c := n.counts[i]
		p, r, f := c.PRF()
		if _, err := fmt.Fprintf(w, "%-10s %7.2f %7.2f %7.2f %6d %6d\n", name, p, r, f, c.Gold, c.Pred); err != nil {
			return err
		}
	}
	return nil
}
