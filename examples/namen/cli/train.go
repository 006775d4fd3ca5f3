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
	"time"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/neural"
	"github.com/namen-nlp/namen/model/wordstats"
)

func init() {
	commands["train"] = command{summary: "train a tagger on GermEval-style corpora", run: runTrain}
}

func runTrain(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	trainFiles := fs.String("train", "", "training corpora, comma-separated (GermEval TSV or CoNLL)")
	devFile := fs.String("dev", "", "development corpus for choosing the epoch and calibrating confidence")
	out := fs.String("out", "", "path of the model file to write")
	epochs := fs.Int("epochs", 12, "maximum number of epochs")
	seed := fs.Uint64("seed", 1, "seed for shuffling the training data")
	minCount := fs.Int("min-count", 1, "drop features seen fewer times in training")
	runs := fs.Int("runs", 1, "train this many models with seeds seed, seed+1, … and average them")
	loss := fs.String("loss", "perceptron", "learner: perceptron or crf")
	cost := fs.Float64("cost", 0, "crf only: softmax-margin cost of a wrong label (0: plain likelihood)")
	pa := fs.Float64("pa", 0, "perceptron only: passive-aggressive step cap C (0: perceptron updates)")
	prune := fs.Float64("prune", 0, "drop weights below this fraction of the largest weight from the model")
	bio := fs.Bool("bio", false, "use BIO labels internally instead of BILOU")
	statsPath := fs.String("wordstats", "", "word statistics table (namen wordstats) to use as features and embed in the model")
	disable := fs.String("disable", "", "feature groups to leave out, comma-separated (for ablation)")
	enable := fs.String("enable", "", "optional feature groups to switch on, comma-separated (caps)")
	arch := fs.String("arch", "crf", "model architecture: crf or bilstm")
	vecPath := fs.String("vectors", "", "bilstm only: word vectors (namen embed), required")
	vocab := fs.Int("vocab", 100000, "bilstm only: keep the vectors of the `N` most frequent words (the rest by their n-grams), 8-bit")
	hidden := fs.Int("hidden", 200, "bilstm only: LSTM units per direction")
	lmPath := fs.String("lm", "", "bilstm only: a language model over the same -vectors and -vocab (namen lm) whose states are inputs")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "bilstm only: goroutines; the result depends on this number")
	checkpoint := fs.String("checkpoint", "", "bilstm only: write the training state to this file after every epoch")
	silverFiles := fs.String("silver", "", "crf only: machine-tagged corpora (namen silver), comma-separated, added to the training data")
	silverWeight := fs.Float64("silver-weight", 1, "crf only: weight of a -silver sentence's updates relative to a gold sentence's")
	resume := fs.Bool("resume", false, "bilstm only: continue the training in the -checkpoint file (the same data and flags; -epochs may grow)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen train -train FILE[,FILE] -dev FILE -out PATH [-silver FILE[,FILE] [-silver-weight W]] [-epochs N] [-seed N]\n       namen train -arch bilstm -vectors PATH -train FILE -dev FILE -out PATH [-wordstats PATH] [-lm PATH] [-epochs N]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *trainFiles == "" || *devFile == "" || *out == "" || fs.NArg() > 0 ||
		(*arch != "crf" && *arch != "bilstm") || (*arch == "bilstm") != (*vecPath != "") || (*resume && *checkpoint == "") ||
		(*lmPath != "" && *arch != "bilstm") || (*silverFiles != "" && *arch != "crf") || !(*silverWeight > 0 && *silverWeight <= 1e6) {
		fs.Usage()
		return errUsage
	}
	train, names, err := readCorpora(*trainFiles, 0)
	if err != nil {
		return err
	}
	info := "train=" + names
	if *silverFiles != "" {
		silver, names, err := readCorpora(*silverFiles, float32(*silverWeight))
		if err != nil {
			return err
		}
		train = append(train, silver...)
		info += fmt.Sprintf(" silver=%s silver-weight=%g", names, *silverWeight)
	}
	dev, err := readTagged(*devFile)
	if err != nil {
		return err
	}
	info += " dev=" + filepath.Base(*devFile)
	var stats *wordstats.Table
	if *statsPath != "" {
		f, err := os.Open(*statsPath)
		if err != nil {
			return err
		}
		stats, err = wordstats.Read(bufio.NewReader(f))
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *statsPath, err)
		}
		info += " wordstats=" + filepath.Base(*statsPath)
	}
	fmt.Fprintf(stderr, "training on %d sentences, dev %d sentences\n", len(train), len(dev))
	if *arch == "bilstm" {
		vecs, err := readVectors(*vecPath, *vocab)
		if err != nil {
			return err
		}
		info += fmt.Sprintf(" vectors=%s vocab=%d", filepath.Base(*vecPath), *vocab)
		var lm *neural.BiLM
		if *lmPath != "" {
			if lm, err = readLM(*lmPath); err != nil {
				return err
			}
			info += " lm=" + filepath.Base(*lmPath)
		}
		m, err := neural.Train(context.Background(), train, dev, neural.TrainOptions{
			Vectors: vecs, Stats: stats, LM: lm, Hidden: *hidden, Epochs: *epochs,
			Workers: *workers, Seed: *seed, Info: info, Checkpoint: *checkpoint, Resume: *resume,
			Progress: progressLog(stderr),
		})
		if err != nil {
			return err
		}
		n, err := writeFile(*out, m)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s: %d bytes\n%s", *out, n, m.Info())
		return nil
	}
	opt := model.TrainOptions{
		Epochs:   *epochs,
		Seed:     *seed,
		MinCount: *minCount,
		BIO:      *bio,
		Loss:     *loss,
		Cost:     *cost,
		PA:       *pa,
		Prune:    *prune,
		Runs:     *runs,
		Stats:    stats,
		Info:     info,
		Progress: func(r model.EpochReport) {
			if r.Epoch == 0 {
				fmt.Fprintf(stderr, "average of the runs: dev F1 %6.2f  %s\n", r.DevF1, r.Elapsed.Round(time.Second))
				return
			}
			mistakes := ""
			if r.Mistakes >= 0 {
				mistakes = fmt.Sprintf("  mistakes %5d", r.Mistakes)
			}
			fmt.Fprintf(stderr, "run %d epoch %2d%s  dev F1 %6.2f  %s\n", r.Run, r.Epoch, mistakes, r.DevF1, r.Elapsed.Round(time.Second))
		},
	}
	if *disable != "" {
		opt.Disable = strings.Split(*disable, ",")
	}
	if *enable != "" {
		opt.Enable = strings.Split(*enable, ",")
	}
	m, err := model.Train(train, dev, opt)
	if err != nil {
		return err
	}
	n, err := writeFile(*out, m)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: %d bytes, %d features\n%s", *out, n, m.NumFeatures(), m.Info())
	return nil
}

// readCorpora reads the comma-separated corpus files of list, gives their
// sentences the training weight w, and returns them with the files' base
// names, comma-separated.
func readCorpora(list string, w float32) ([]model.Sentence, string, error) {
	var out []model.Sentence
	var names []string
	for _, f := range strings.Split(list, ",") {
		s, err := readTagged(f)
		if err != nil {
			return nil, "", err
		}
		for i := range s {
			s[i].Weight = w
		}
		out = append(out, s...)
		names = append(names, filepath.Base(f))
	}
	return out, strings.Join(names, ","), nil
}

// readTagged reads a GermEval TSV or CoNLL corpus and parses its tags.
func readTagged(path string) ([]model.Sentence, error) {
	raw, err := corpus.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := make([]model.Sentence, len(raw))
	for i, s := range raw {
		tags := make([]model.Tag, len(s.Tags))
		for j, t := range s.Tags {
			if tags[j], err = model.ParseTag(t); err != nil {
				return nil, fmt.Errorf("%s: sentence %d, token %d: %w", path, i+1, j+1, err)
			}
		}
		out[i] = model.Sentence{Words: s.Words, Tags: tags}
	}
	return out, nil
}
