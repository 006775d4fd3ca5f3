package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/neural"
)

func init() {
	commands["tag"] = command{summary: "tag pre-tokenized text (one token per line)", run: runTag}
}

func runTag(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tag", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conll := fs.Bool("conll", false, "read one token per line (first whitespace-separated column; blank line = sentence break) and write token<TAB>TAG")
	modelPath := fs.String("model", "", "model file of any architecture (default: the embedded model)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen tag -conll [-model PATH] [FILE]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*conll || fs.NArg() > 1 {
		if !*conll {
			fmt.Fprintln(stderr, "namen tag: -conll is required: it is the only input format (one token per line)")
		} else {
			fmt.Fprintln(stderr, "namen tag: at most one FILE")
		}
		fs.Usage()
		return errUsage
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return err
	}
	in := io.Reader(os.Stdin)
	if fs.NArg() == 1 {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	return tagCoNLL(m.NewSentenceTagger(), in, stdout)
}

// tagCoNLL tags a one-token-per-line stream sentence by sentence. Blank
// lines end sentences and are copied to the output. The model sees the
// tokens after lang.Normalize; the output repeats them as read.
func tagCoNLL(t model.SentenceTagger, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	bw := bufio.NewWriter(w)
	var words, norm []string
	flush := func() {
		norm = norm[:0]
		for _, w := range words {
			norm = append(norm, lang.Normalize(w))
		}
		tags, _ := t.Tag(norm)
		for i, word := range words {
			bw.WriteString(word)
			bw.WriteByte('\t')
			bw.WriteString(tags[i].String())
			bw.WriteByte('\n')
		}
		words = words[:0]
	}
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			flush()
			bw.WriteByte('\n')
			continue
		}
		words = append(words, fields[0])
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading input: %w", err)
	}
	flush()
	return bw.Flush()
}

// loadModel reads the model at path, of any architecture, or returns the
// embedded default model when path is empty.
func loadModel(path string) (model.Labeler, error) {
	if path == "" {
		return model.Default()
	}
	return neural.LoadAny(path)
}
