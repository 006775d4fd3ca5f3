package cli

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/namen-nlp/namen/lang"
)

func init() {
	commands["tokenize"] = command{summary: "cut German text files (or stdin) into tokens and sentences", run: runTokenize}
}

// tokenizeStdin is the input of "namen tokenize" without files; tests
// replace it.
var tokenizeStdin io.Reader = os.Stdin

func runTokenize(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tokenize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text (start<TAB>end<TAB>kind<TAB>token, a blank line between sentences), words (one sentence per line, tokens separated by spaces), jsonl (one JSON object per token)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen tokenize [-format text|words|jsonl] [FILE...]")
		fmt.Fprintln(stderr, "Reads standard input when no FILE is given. Offsets are byte offsets into each input.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *format {
	case "text", "words", "jsonl":
	default:
		fmt.Fprintf(stderr, "namen tokenize: unknown format %q\n", *format)
		fs.Usage()
		return errUsage
	}
	w := bufio.NewWriter(stdout)
	if fs.NArg() == 0 {
		text, err := io.ReadAll(tokenizeStdin)
		if err != nil {
			return fmt.Errorf("reading stdin: %w", err)
		}
		writeTokens(w, "", string(text), *format)
	}
	for _, name := range fs.Args() {
		text, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		file := ""
		if fs.NArg() > 1 {
			file = name
		}
		writeTokens(w, file, string(text), *format)
	}
	return w.Flush()
}

// tokenRecord is one token in -format jsonl.
type tokenRecord struct {
	File     string `json:"file,omitempty"`
	Sentence int    `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Kind     string `json:"kind"`
	Text     string `json:"text"`
}

// writeTokens writes the tokens of text, sentence by sentence; file, when
// not empty, names the input (a "# file" line in text and words output).
func writeTokens(w *bufio.Writer, file, text, format string) {
	toks := lang.Tokenize(text)
	sents := lang.Sentences(text, toks)
	if file != "" && format != "jsonl" {
		fmt.Fprintf(w, "# %s\n", file)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i, s := range sents {
		switch format {
		case "text":
			if i > 0 {
				w.WriteByte('\n')
			}
			for _, t := range toks[s.From:s.To] {
				fmt.Fprintf(w, "%d\t%d\t%s\t%s\n", t.Start, t.End, t.Kind, t.Text)
			}
		case "words":
			words := make([]string, 0, s.To-s.From)
			for _, t := range toks[s.From:s.To] {
				words = append(words, t.Text)
			}
			fmt.Fprintln(w, strings.Join(words, " "))
		case "jsonl":
			for _, t := range toks[s.From:s.To] {
				enc.Encode(tokenRecord{File: file, Sentence: i, Start: t.Start, End: t.End, Kind: t.Kind.String(), Text: t.Text})
			}
		}
	}
}
