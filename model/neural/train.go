package neural

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/vectors"
	"github.com/namen-nlp/namen/model/wordstats"
)

// TrainOptions configure Train. Zero fields take the defaults given.
type TrainOptions struct {
	Vectors  *vectors.Table   // word vectors (required)
	Stats    *wordstats.Table // word statistics inputs; nil for none
	LM       *BiLM            // a language model over Vectors whose states are inputs; nil for none
	Hidden   int              // LSTM units per direction (200)
	CharDim  int              // character embedding dimensions (25)
	Filters  int              // character CNN filters (50)
	ShapeDim int              // word shape embedding dimensions (8)
	Dropout  float32          // dropout rate of the LSTM's inputs and outputs (0.33)
	Rate     float64          // Adam learning rate (0.0015)
	Batch    int              // sentences per update (32)
	Epochs   int              // most passes over the training data (30)
	Patience int              // stop after this many epochs without a better dev F1 (5)
	Workers  int              // goroutines (1); the result depends on this number
	Seed     uint64           // seed of the initialisation, the order and the dropout
	Info     string           // free text stored with the model (Model.Info)
	// Checkpoint, when not empty, names a file that Train replaces after
	// every epoch with the whole state of the training. With Resume, Train
	// continues from that file: a training interrupted and resumed with
	// the same data and options (Epochs may grow) gives the model of one
	// that was never interrupted.
	Checkpoint string
	Resume     bool
	// Progress, when not nil, receives one line per epoch.
	Progress func(msg string)
}

func (o TrainOptions) withDefaults() TrainOptions {
	orDefault(&o.Hidden, 200)
	orDefault(&o.CharDim, 25)
	orDefault(&o.Filters, 50)
	orDefault(&o.ShapeDim, 8)
	orDefault(&o.Batch, 32)
	orDefault(&o.Epochs, 30)
	orDefault(&o.Patience, 5)
	orDefault(&o.Workers, 1)
	if o.Dropout <= 0 {
		o.Dropout = 0.33
	}
	if o.Rate <= 0 {
		o.Rate = 0.0015
	}
	return o
}

// orDefault sets *v to d when it is not positive.
func orDefault(v *int, d int) {
	if *v <= 0 {
		*v = d
	}
}

// Train trains a tagger on train and chooses the epoch by the strict span
// F1 on dev. ctx cancels it.
func Train(ctx context.Context, train, dev []model.Sentence, opt TrainOptions) (*Model, error) {
	o := opt.withDefaults()
	if o.Vectors == nil {
		return nil, errors.New("neural: train: no word vectors")
	}
	if len(train) == 0 {
		return nil, errors.New("neural: train: no training sentences")
	}
	words := make([][]string, len(train))
	for i, s := range train {
		if s.Weight != 0 && s.Weight != 1 {
			return nil, fmt.Errorf("neural: train: sentence %d has weight %g: the neural trainer supports weights 0 and 1 only (both mean 1)", i, s.Weight)
		}
		words[i] = s.Words
	}
	rd := reader{dims: o.Vectors.Dims(), vecs: o.Vectors, stats: o.Stats, chars: charIDs(words, 2)}
	cfg := config{Dims: rd.dims, Chars: len(rd.chars) + 2, CharDim: o.CharDim, Filters: o.Filters,
		ShapeDim: o.ShapeDim, Stats: o.Stats != nil, Hidden: o.Hidden, Labels: encoding.NumLabels()}
	if o.LM != nil {
		if o.LM.dims != rd.dims {
			return nil, fmt.Errorf("neural: train: the language model reads vectors of %d dimensions, the vectors have %d", o.LM.dims, rd.dims)
		}
		cfg.LM = o.LM.hidden
	}
	size := paramCount(cfg)
	params := newArena(size)
	n := newNet(params, cfg)
	n.initParams(rand.New(rand.NewPCG(o.Seed, 1)))
	if o.LM != nil {
		copy(params.all[size-len(o.LM.params):], o.LM.params) // the BiLM comes last and stays as it is
	}

	// The inputs of every training sentence, read once.
	sents := make([]sentence, len(train))
	for i, s := range train {
		rd.read(&sents[i], s.Words, encoding.Labels(nil, s.Tags))
	}
	constraint, final := encoding.Constraints()
	workers := make([]*trainWorker, o.Workers)
	for w := range workers {
		workers[w] = &trainWorker{grads: newArena(size)}
		workers[w].g = newNet(workers[w].grads, cfg)
	}
	opt2 := newAdam(size, o.Rate)
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	pcg := rand.NewPCG(o.Seed, 2)
	rng := rand.New(pcg)
	best, bestEpoch := -1.0, 0
	bestParams := make([]float32, size)
	st := &trainState{Key: o.key(cfg, len(train)), Params: params.all, BestParams: bestParams, M: opt2.m, V: opt2.v, Order: order}
	if o.Resume {
		if err := st.read(o.Checkpoint); err != nil {
			return nil, fmt.Errorf("neural: train: resume: %w", err)
		}
		if err := pcg.UnmarshalBinary(st.RNG); err != nil {
			return nil, fmt.Errorf("neural: train: resume: %w", err)
		}
		opt2.steps, best, bestEpoch = st.Steps, st.Best, st.BestEpoch
		if o.Progress != nil {
			o.Progress(fmt.Sprintf("resumed after epoch %d (best dev F1 %.2f at epoch %d)", st.Epoch, best, bestEpoch))
		}
	}
	for epoch := st.Epoch + 1; epoch <= o.Epochs && epoch-1-bestEpoch < o.Patience; epoch++ {
		began := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var loss float64
		for b := 0; b < len(order); b += o.Batch {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			batch := order[b:min(b+o.Batch, len(order))]
			var wg sync.WaitGroup
			for w, tw := range workers {
				part := batch[len(batch)*w/len(workers) : len(batch)*(w+1)/len(workers)]
				wg.Add(1)
				go func() {
					defer wg.Done()
					clear(tw.grads.all)
					tw.loss = 0
					for _, i := range part {
						drop := rand.New(rand.NewPCG(o.Seed, uint64(epoch)<<32|uint64(i)))
						tw.loss += n.learn(&tw.p, &sents[i], tw.g, constraint, final, o.Dropout, drop)
					}
				}()
			}
			wg.Wait()
			sum := workers[0].grads.all
			loss += workers[0].loss
			for _, tw := range workers[1:] {
				loss += tw.loss
				for k, v := range tw.grads.all {
					sum[k] += v
				}
			}
			scale := 1 / float32(len(batch))
			for k := range sum {
				sum[k] *= scale
			}
			clipNorm(sum, 5)
			opt2.step(params.all, sum)
		}
		m, err := newModel(cfg, params.all, rd, 1)
		if err != nil {
			return nil, err
		}
		f1, err := devF1(m, dev, o.Workers)
		if err != nil {
			return nil, err
		}
		if f1 > best {
			best, bestEpoch = f1, epoch
			copy(bestParams, params.all)
		}
		if o.Progress != nil {
			o.Progress(fmt.Sprintf("epoch %d: loss %.3f, dev F1 %.2f (best %.2f at epoch %d), %.0fs",
				epoch, loss/float64(len(sents)), f1, best, bestEpoch, time.Since(began).Seconds()))
		}
		if o.Checkpoint != "" {
			st.Epoch, st.Steps, st.Best, st.BestEpoch = epoch, opt2.steps, best, bestEpoch
			if st.RNG, err = pcg.MarshalBinary(); err == nil {
				err = st.write(o.Checkpoint)
			}
			if err != nil {
				return nil, fmt.Errorf("neural: train: checkpoint: %w", err)
			}
		}
	}
	m, err := newModel(cfg, bestParams, rd, 1)
	if err != nil {
		return nil, err
	}
	m.info = fmt.Sprintf("%s\nhidden=%d dropout=%g rate=%g batch=%d workers=%d seed=%d best-epoch=%d dev-f1=%.2f\n",
		o.Info, o.Hidden, o.Dropout, o.Rate, o.Batch, o.Workers, o.Seed, bestEpoch, best)
	return m, nil
}

// trainWorker is one goroutine's share of a batch.
type trainWorker struct {
	grads *arena
	g     *net
	p     pass
	loss  float64
}

// devF1 returns the strict span F1 (full scheme) of m on dev, tagging on
// workers goroutines.
func devF1(m *Model, dev []model.Sentence, workers int) (float64, error) {
	preds := make([][]model.Tag, len(dev))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := m.NewTagger()
			for i := w; i < len(dev); i += workers {
				tags, _ := t.Tag(dev[i].Words)
				preds[i] = slices.Clone(tags)
			}
		}()
	}
	wg.Wait()
	var sc model.Score
	for i, s := range dev {
		if err := sc.Add(s.Tags, preds[i]); err != nil {
			return 0, err
		}
	}
	return sc.F1(), nil
}

// key describes what a checkpoint must agree with to be resumed: the
// network's shape, the options that change the result (not Epochs) and
// the number of training sentences.
func (o TrainOptions) key(cfg config, sentences int) string {
	return fmt.Sprintf("%+v seed=%d dropout=%g rate=%g batch=%d patience=%d workers=%d sentences=%d",
		cfg, o.Seed, o.Dropout, o.Rate, o.Batch, o.Patience, o.Workers, sentences)
}

// trainState is what a checkpoint holds: everything an epoch changes.
type trainState struct {
	Version            int
	Key                string
	Epoch, BestEpoch   int
	Best               float64
	Steps              int // Adam's
	Params, BestParams []float32
	M, V               []float32 // Adam's moments
	Order              []int     // the order of the last epoch, shuffled again by the next
	RNG                []byte    // the shuffling generator
}

const checkpointVersion = 1

// write replaces the file at path with s (through a temporary file, so
// that an interruption leaves the previous checkpoint).
func (s *trainState) write(path string) error {
	s.Version = checkpointVersion
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = gob.NewEncoder(w).Encode(s)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// read fills s from the checkpoint at path, into s's slices, which must
// have the lengths of the training's; the checkpoint must have s's Key.
func (s *trainState) read(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var c trainState
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&c); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case c.Version != checkpointVersion:
		return fmt.Errorf("%s: checkpoint version %d, want %d", path, c.Version, checkpointVersion)
	case c.Key != s.Key:
		return fmt.Errorf("%s: a checkpoint of another training (%s; this one: %s)", path, c.Key, s.Key)
	case len(c.Params) != len(s.Params) || len(c.BestParams) != len(s.BestParams) || len(c.M) != len(s.M) ||
		len(c.V) != len(s.V) || len(c.Order) != len(s.Order):
		return fmt.Errorf("%s: inconsistent checkpoint", path)
	}
	copy(s.Params, c.Params)
	copy(s.BestParams, c.BestParams)
	copy(s.M, c.M)
	copy(s.V, c.V)
	copy(s.Order, c.Order)
	s.Epoch, s.BestEpoch, s.Best, s.Steps, s.RNG = c.Epoch, c.BestEpoch, c.Best, c.Steps, c.RNG
	return nil
}
