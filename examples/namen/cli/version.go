package cli

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/namen-nlp/namen/model"
)

func init() {
	commands["version"] = command{summary: "print the version of namen and of its embedded model", run: runVersion}
}

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: namen version") }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	version, revision := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = " " + s.Value
			}
		}
	}
	fmt.Fprintf(stdout, "namen %s%s\n", version, revision)
	m, err := model.Default()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "model: %s\n", strings.ReplaceAll(strings.TrimSpace(m.Info()), "\n", "\n  "))
	return nil
}
