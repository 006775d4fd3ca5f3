package cli

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/namen-nlp/namen/lang"
)

func init() {
	commands["stem"] = command{summary: "print the Snowball German stems of words (arguments or stdin lines)", run: runStem}
}

// stemStdin is the input of "namen stem" without arguments; tests replace
// it.
var stemStdin io.Reader = os.Stdin

func runStem(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stem", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen stem [WORD...]")
		fmt.Fprintln(stderr, "Prints word<TAB>stem for each WORD, or for each line of standard input when no WORD is given.")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	for _, word := range fs.Args() {
		fmt.Fprintf(w, "%s\t%s\n", word, lang.Stem(word))
	}
	if fs.NArg() == 0 {
		sc := bufio.NewScanner(stemStdin)
		for sc.Scan() {
			word := strings.TrimSpace(sc.Text())
			if word == "" {
				continue
			}
			fmt.Fprintf(w, "%s\t%s\n", word, lang.Stem(word))
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("reading stdin: %w", err)
		}
	}
	return w.Flush()
}
