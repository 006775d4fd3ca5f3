package cli

import (
	"bufio"
	"errors"
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
	modelPath := fs.String("model", "default", modelFlag)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen tag -conll [-model NAME|PATH] [FILE]")
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

// models are the models that -model names instead of a path.
var models = map[string]func() (model.Labeler, error){
	"default": func() (model.Labeler, error) { return model.Default() },
}

// RegisterModel makes -model name load the model that load returns (the
// build of the accurate model's module registers "accurate"). It is for
// init functions and is not safe for concurrent use.
func RegisterModel(name string, load func() (model.Labeler, error)) {
	models[name] = load
}

// modelFlag is the help text of the -model flags.
const modelFlag = "model: default, accurate (in the build that has it) or the path of a model file of any architecture"

// loadModel returns the model that -model names (the default when name
// is empty), or reads the model file at that path.
func loadModel(name string) (model.Labeler, error) {
	if name == "" {
		name = "default"
	}
	if load, ok := models[name]; ok {
		return load()
	}
	if name == "accurate" {
		return nil, errors.New("-model accurate: this build has no accurate model (a 59 MB module of its own); the build with it: go install github.com/namen-nlp/namen/model/accurate/cmd/namen@latest; or pass a model file's path")
	}
	return neural.LoadAny(name)
}
