// Command namen is the namen command line (github.com/namen-nlp/namen/examples/namen)
// with the accurate model linked in: -model accurate selects it.
//
//	go install github.com/namen-nlp/namen/model/accurate/cmd/namen@latest
//	namen extract -model accurate article.txt
package main

import (
	"os"

	"github.com/namen-nlp/namen/examples/namen/cli"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/accurate"
)

func main() {
	cli.RegisterModel("accurate", func() (model.Labeler, error) { return accurate.Model() })
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
