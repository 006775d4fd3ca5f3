package cli

import (
	"flag"
	"fmt"
	"io"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/neural"
)

func init() {
	commands["hybrid"] = command{summary: "combine a CRF and a neural model into one hybrid model", run: runHybrid}
}

func runHybrid(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hybrid", flag.ContinueOnError)
	fs.SetOutput(stderr)
	crfPath := fs.String("crf", "default", "CRF model: default (the embedded model) or a path")
	nnPath := fs.String("neural", "", "neural model file (namen train -arch bilstm), required")
	devFile := fs.String("dev", "", "development corpus for choosing the weight and the confidence temperature, required")
	out := fs.String("out", "", "path of the hybrid model file to write, required")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen hybrid -neural PATH -dev FILE -out PATH [-crf PATH]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *nnPath == "" || *devFile == "" || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	c, err := loadCRF(*crfPath)
	if err != nil {
		return err
	}
	nn, err := neural.LoadFile(*nnPath)
	if err != nil {
		return err
	}
	dev, err := readTagged(*devFile)
	if err != nil {
		return err
	}
	for _, s := range dev {
		for i, w := range s.Words {
			s.Words[i] = lang.Normalize(w)
		}
	}
	h, err := neural.NewHybrid(c, nn, dev)
	if err != nil {
		return err
	}
	n, err := writeFile(*out, h)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: %d bytes\n%s\n", *out, n, h.Info())
	return nil
}

// loadCRF returns the embedded default model for "" or "default", else the
// CRF model file at path.
func loadCRF(path string) (*model.Model, error) {
	if path == "" || path == "default" {
		return model.Default()
	}
	return model.LoadFile(path)
}
