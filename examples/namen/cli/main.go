// Package cli is the namen command line (see the command in the parent
// directory): it finds named entities in German text and trains,
// evaluates and applies the tagger behind it. It is a package so that
// builds with more models linked in (the accurate model's module) reuse
// it; it is not an API for other uses.
//
// Each command lives in its own file and registers itself in commands;
// the work itself is done by the library packages, the commands only
// parse flags and print.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
)

// command is one subcommand of namen.
type command struct {
	summary string
	// run executes the command with its arguments (without the command
	// name). It writes results to stdout, diagnostics to stderr, and returns
	// an error to make namen exit with status 1 (or errUsage for status 2).
	run func(args []string, stdout, stderr io.Writer) error
}

// commands maps a command name to its implementation; files add to it from
// init functions.
var commands = map[string]command{}

// errUsage reports a usage error that has already been printed; errHelp
// ends a command whose help was asked for (-h) and printed.
var (
	errUsage = errors.New("usage error")
	errHelp  = errors.New("help shown")
)

// parseFlags parses a command's flags, before and after its other
// arguments ("namen extract a.txt -format json"; after "--" everything is
// an argument), returning errHelp after -h and errUsage after any other
// flag error (the flag set printed both).
func parseFlags(fs *flag.FlagSet, args []string) error {
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelp
			}
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	// Parse again so that fs.Args() holds the arguments alone.
	return fs.Parse(append([]string{"--"}, append(positional, rest...)...))
}

// Main runs the command line args (without the program name) and returns
// the exit status: 0 done, 1 a runtime error, 2 a usage error.
func Main(args []string, stdout, stderr io.Writer) int { return run(args, stdout, stderr) }

// run is Main.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 2 && args[0] == "help" {
		if _, ok := commands[args[1]]; ok {
			return run([]string{args[1], "-h"}, stdout, stderr) // namen help CMD
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 || len(args) > 1 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "namen: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(args[1:], stdout, stderr); err != nil {
		switch err {
		case errHelp:
			return 0
		case errUsage:
			return 2
		}
		fmt.Fprintf(stderr, "namen %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: namen <command> [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun \"namen help <command>\" for a command's flags.")
}

// writeFile writes v to a new file at path, reporting the first error of
// writing or closing, and returns the number of bytes written.
func writeFile(path string, v io.WriterTo) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, err := v.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("writing %s: %w", path, err)
	}
	return n, nil
}
