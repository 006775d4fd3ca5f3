package cli

import (
	"flag"
	"fmt"
	"io"
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
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen eval -gold FILE [-scheme full|base4|loose] [-model NAME|PATH] [-baseline prose]")
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
	}
	took := time.Since(began)
	fmt.Fprintf(stdout, "namen: %d sentences, %d tokens, scheme %s (tagged in %s)\n", len(sents), sc.Tokens, scheme, took.Round(time.Millisecond))
	if *baseline != "prose" {
		return sc.WriteTable(stdout)
	}
	base, err := evalProse(sents, scheme)
	if err != nil {
		return err
	}
	writeSideBySide(stdout, &sc, base, "namen", "prose v2 (English model)")
	return nil
}
