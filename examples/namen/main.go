// Command namen finds named entities in German text and trains, evaluates
// and applies the tagger behind it.
//
// Usage:
//
//	namen <command> [flags] [args]
//
// Run "namen help" for the list of commands. This build knows the
// embedded default model and model files; the accurate model has its own
// build, github.com/namen-nlp/namen/model/accurate/cmd/namen.
package main

import (
	"os"

	"github.com/namen-nlp/namen/examples/namen/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
