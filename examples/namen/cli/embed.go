package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/model/vectors"
)

func init() {
	commands["embed"] = command{summary: "learn word vectors with subword units from unlabelled text", run: runEmbed}
}

func runEmbed(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("embed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the vectors to `PATH` (required)")
	in := fs.String("in", "", "corpus files, a comma-separated list of `GLOB`s of text files (.gz allowed), one paragraph or sentence per line (default: unlabelled/*.txt.gz in the shared data)")
	tagged := fs.String("tagged", "", "also learn from the words of this tagged corpus `FILE` (default: GermEval 2014 train in the shared data; \"none\" for none)")
	var o vectors.Options
	fs.IntVar(&o.Dims, "dims", 100, "dimensions of a vector")
	fs.IntVar(&o.Window, "window", 5, "largest distance of a context word")
	fs.IntVar(&o.Negatives, "neg", 5, "negative samples per context word")
	fs.IntVar(&o.MinCount, "min-count", 5, "occurrences a word needs to get its own row")
	fs.IntVar(&o.MinN, "minn", 3, "shortest character n-gram")
	fs.IntVar(&o.MaxN, "maxn", 6, "longest character n-gram")
	fs.IntVar(&o.Buckets, "buckets", 1<<18, "number of n-gram buckets")
	fs.IntVar(&o.Epochs, "epochs", 2, "passes over the corpus")
	fs.IntVar(&o.Workers, "workers", runtime.GOMAXPROCS(0), "goroutines; the result depends on this number")
	rate := fs.Float64("rate", 0.05, "initial learning rate")
	fs.Float64Var(&o.Sample, "sample", 1e-4, "subsampling threshold of frequent words (1: none)")
	seed := fs.Uint64("seed", 1, "random seed")
	show := fs.String("show", "", "instead of learning, print the nearest neighbours of the comma-separated `WORDS` in the vectors -vectors")
	table := fs.String("vectors", "", "vectors `PATH` for -show")
	limit := fs.Int("limit", 100000, "with -show, search the `N` most frequent words")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen embed -out PATH [-in GLOB] [-tagged FILE] [-dims N] [-epochs N] [-workers N] [-seed N]\n       namen embed -vectors PATH -show WORD[,WORD...]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *show != "" {
		if *table == "" {
			fs.Usage()
			return errUsage
		}
		return showNeighbours(stdout, *table, strings.Split(*show, ","), *limit)
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	o.Rate, o.Seed = float32(*rate), *seed
	o.Progress = progressLog(stderr)
	files, err := corpusFiles(*in)
	if err != nil {
		return err
	}
	b := vectors.NewBuilder(o)
	if err := addCorpora(b, files, o.Progress); err != nil {
		return err
	}
	if *tagged != "none" {
		path := *tagged
		if path == "" {
			if path, err = shared.Path("germeval2014", "NER-de-train.tsv"); err != nil {
				return err
			}
		}
		sents, err := corpus.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range sents {
			b.AddWords(s.Words)
		}
		o.Progress(fmt.Sprintf("read %s (%d tokens so far)", path, b.Tokens()))
	}
	t, err := b.Train(context.Background())
	if err != nil {
		return err
	}
	n, err := writeFile(*out, t)
	if err != nil {
		return err
	}
	o.Progress(fmt.Sprintf("wrote %s: %d words, %d buckets, %d dimensions, %d bytes", *out, t.Len(), t.Buckets(), t.Dims(), n))
	return nil
}

func showNeighbours(w io.Writer, path string, words []string, limit int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := vectors.Read(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, word := range words {
		fmt.Fprintf(w, "%s:", word)
		for _, n := range t.Nearest(word, 8, limit) {
			fmt.Fprintf(w, " %s (%.2f)", n.Word, n.Similarity)
		}
		fmt.Fprintln(w)
	}
	return nil
}
