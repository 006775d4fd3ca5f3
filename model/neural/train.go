package neural

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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
	// CRF, when not nil, trains the network as the second expert of a
	// Hybrid with CRF (weight 1): the loss and the choice of the epoch on
	// dev see the sum of the CRF's scores and the network's, so that the
	// network learns what the CRF gets wrong. The CRF must use BILOU
	// labels.
	CRF *model.Model
	// CRFScores holds, with CRF, the CRF's emission scores of each
	// training sentence (n×Labels, in the order of train), best from CRFs
	// that did not see the sentence (cross-validation): on its own
	// training data a CRF is almost always right, and the network would
	// learn to leave everything to it. Nil: CRF's own scores.
	CRFScores [][]float32
	// Progress, when not nil, receives one line per epoch.
	Progress func(msg string)
}

func (o TrainOptions) withDefaults() TrainOptions {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Hidden, 200)
	def(&o.CharDim, 25)
	def(&o.Filters, 50)
	def(&o.ShapeDim, 8)
	def(&o.Batch, 32)
	def(&o.Epochs, 30)
	def(&o.Patience, 5)
	def(&o.Workers, 1)
	if o.Dropout <= 0 {
		o.Dropout = 0.33
	}
	if o.Rate <= 0 {
		o.Rate = 0.0015
	}
	return o
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
		words[i] = s.Words
	}
	rd := reader{dims: o.Vectors.Dims(), vecs: o.Vectors, stats: o.Stats, chars: charIDs(words, 2)}
	cfg := config{Dims: rd.dims, Chars: len(rd.chars) + 2, CharDim: o.CharDim, Filters: o.Filters,
		ShapeDim: o.ShapeDim, Stats: o.Stats != nil, Hidden: o.Hidden, Labels: encoding.NumLabels()}
	size := paramCount(cfg)
	params := newArena(size)
	n := newNet(params, cfg)
	n.initParams(rand.New(rand.NewPCG(o.Seed, 1)))

	// The inputs of every training sentence, read once.
	sents := make([]sentence, len(train))
	for i, s := range train {
		rd.read(&sents[i], s.Words, encoding.Labels(nil, s.Tags))
	}
	constraint, final := encoding.Constraints()
	if o.CRF != nil {
		if o.CRF.Encoding() != encoding {
			return nil, fmt.Errorf("neural: train: the CRF uses %s labels, the network %s", o.CRF.Encoding(), encoding)
		}
		if o.CRFScores != nil && len(o.CRFScores) != len(train) {
			return nil, fmt.Errorf("neural: train: CRF scores of %d sentences for %d", len(o.CRFScores), len(train))
		}
		// The CRF's transitions hold the constraints (-Inf) and take their
		// place in the loss.
		constraint, final = o.CRF.Transitions()
		ct := o.CRF.NewTagger()
		K := cfg.Labels
		for i, s := range train {
			if o.CRFScores == nil {
				sents[i].prior = slices.Clone(ct.Scores(s.Words))
				continue
			}
			if len(o.CRFScores[i]) != len(s.Words)*K {
				return nil, fmt.Errorf("neural: train: sentence %d: %d CRF scores for %d words", i+1, len(o.CRFScores[i]), len(s.Words))
			}
			sents[i].prior = o.CRFScores[i]
		}
	}
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
	rng := rand.New(rand.NewPCG(o.Seed, 2))
	best, bestEpoch := -1.0, 0
	bestParams := make([]float32, size)
	for epoch := 1; epoch <= o.Epochs; epoch++ {
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
		var judged model.Labeler = m
		if o.CRF != nil {
			if judged, err = newHybrid(o.CRF, m, 1, 1, ""); err != nil {
				return nil, err
			}
		}
		f1, err := devF1(judged, dev, o.Workers)
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
		if epoch-bestEpoch >= o.Patience {
			break
		}
	}
	m, err := newModel(cfg, bestParams, rd, 1)
	if err != nil {
		return nil, err
	}
	expert := ""
	if o.CRF != nil {
		expert = " (the dev F1 of the hybrid with the CRF)"
	}
	m.info = fmt.Sprintf("%s\nhidden=%d dropout=%g rate=%g batch=%d workers=%d seed=%d best-epoch=%d dev-f1=%.2f%s\n",
		o.Info, o.Hidden, o.Dropout, o.Rate, o.Batch, o.Workers, o.Seed, bestEpoch, best, expert)
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
func devF1(m model.Labeler, dev []model.Sentence, workers int) (float64, error) {
	preds := make([][]model.Tag, len(dev))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := m.NewSentenceTagger()
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
