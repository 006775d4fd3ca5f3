package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/neural"
	"github.com/namen-nlp/namen/model/vectors"
)

func init() {
	commands["lm"] = command{summary: "learn a bidirectional language model whose states help the neural tagger", run: runLM}
}

func runLM(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the language model to `PATH` (required)")
	vecPath := fs.String("vectors", "", "word vectors `PATH` (namen embed), required: the ones the tagger will read")
	vocab := fs.Int("vocab", 100000, "keep the vectors of the `N` most frequent words, 8-bit (as namen train -arch bilstm does)")
	in := fs.String("in", "", "corpus files, a comma-separated list of `GLOB`s of text files (.gz allowed), one paragraph or sentence per line (default: unlabelled/*.txt.gz in the shared data)")
	var o neural.LMOptions
	fs.IntVar(&o.Hidden, "hidden", 128, "LSTM units per direction, a multiple of 4")
	fs.IntVar(&o.Tokens, "words", 10_000_000, "words to learn from, sentences drawn at random (0: each sentence once)")
	fs.IntVar(&o.Vocab, "predict", 50000, "the `N` most frequent words are predicted by name, the others as one class")
	fs.IntVar(&o.Workers, "workers", runtime.GOMAXPROCS(0), "goroutines; the result depends on this number")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen lm -vectors PATH -out PATH [-in GLOB] [-hidden N] [-words N] [-workers N] [-seed N]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || *vecPath == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	o.Progress = progressLog(stderr)
	vecs, err := readVectors(*vecPath, *vocab)
	if err != nil {
		return err
	}
	files, err := corpusFiles(*in)
	if err != nil {
		return err
	}
	c := neural.NewLMCorpus()
	s := &sentenceAdder{c: c}
	for _, f := range files {
		if err := addCorpus(s, f); err != nil {
			return err
		}
		o.Progress(fmt.Sprintf("read %s (%d sentences, %d words so far)", f, c.Sentences(), c.Tokens()))
	}
	o.Info = fmt.Sprintf("vectors=%s vocab=%d corpus=%s", filepath.Base(*vecPath), *vocab, corpusNames(files))
	m, err := neural.TrainLM(context.Background(), vecs, c, o)
	if err != nil {
		return err
	}
	n, err := writeFile(*out, m)
	if err != nil {
		return err
	}
	o.Progress(fmt.Sprintf("wrote %s: %d bytes", *out, n))
	return nil
}

// sentenceAdder splits lines of text into sentences of normalised words
// for a language model corpus.
type sentenceAdder struct {
	c     *neural.LMCorpus
	toks  []lang.Token
	words []string
}

func (s *sentenceAdder) Add(line string) {
	s.toks = lang.AppendTokens(s.toks[:0], line)
	for _, sent := range lang.Sentences(line, s.toks) {
		s.words = s.words[:0]
		for _, t := range s.toks[sent.From:sent.To] {
			s.words = append(s.words, lang.Normalize(t.Text))
		}
		s.c.Add(s.words)
	}
}

func corpusNames(files []string) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	return strings.Join(names, ",")
}

// readVectors reads a word vector table and keeps the vectors of its
// vocab most frequent words, 8-bit (vectors.Table.Compact).
func readVectors(path string, vocab int) (*vectors.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	vecs, err := vectors.Read(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return vecs.Compact(vocab), nil
}

// readLM reads a language model file (namen lm).
func readLM(path string) (*neural.BiLM, error) {
	f, err := model.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := neural.LoadBiLM(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
