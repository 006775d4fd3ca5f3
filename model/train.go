package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/namen-nlp/namen/model/wordstats"
)

// Sentence is a tagged sentence for training and evaluation: Tags[i] is
// the gold tag of Words[i].
type Sentence struct {
	Words []string
	Tags  []Tag
	// Weight scales the sentence's updates in training relative to a
	// sentence of weight 1, e.g. to let machine-tagged (silver) sentences
	// count less than gold ones. 0 means 1; dev sentences ignore it.
	Weight float32
}

// TrainOptions configure Train. The zero value trains with the defaults.
type TrainOptions struct {
	// Epochs is the maximum number of passes over the training data
	// (default 12). The model of the epoch with the best dev F1 is kept.
	Epochs int
	// Seed seeds the shuffling of the training sentences before each
	// epoch. The same data, options and seed give a byte-identical model.
	Seed uint64
	// MinCount drops features seen fewer times in the training data
	// (default 1: keep all).
	MinCount int
	// BIO makes the tagger work with BIO labels internally instead of
	// BILOU (the default).
	BIO bool
	// Disable names feature template groups to leave out (for ablation):
	// word, lower, prefix, suffix, affix5, shape, first, quote, window1,
	// window2, bigram, hyphen, nsuffix, stem, lex, deriv, and with word
	// statistics ratio, ratioctx, freq, cluster, clustercap, clusterbi,
	// gaz, hyphenws, hyphenlast, infl.
	Disable []string
	// Enable names optional feature template groups to switch on: caps
	// (an all-capital word of 4 or more letters, such as a dateline
	// MÜNCHEN, also gets the word feature and, when more frequent, the
	// word statistics of its title-case form München).
	Enable []string
	// Runs is the number of models trained with different seeds
	// (Seed, Seed+1, …) whose best weights are averaged (default 1).
	Runs int
	// Loss is the learner: "perceptron" (the default: structured averaged
	// perceptron) or "crf" (a linear-chain CRF trained on the negative
	// log-likelihood with AdaGrad and averaged weights).
	Loss string
	// Cost, for the CRF, is the softmax-margin cost of each wrong label: it
	// is added to the scores of the wrong labels while training (0: plain
	// likelihood).
	Cost float64
	// PA, when positive, replaces the perceptron update with the
	// passive-aggressive (PA-I) step capped at PA.
	PA float64
	// Prune drops the weights whose magnitude is below Prune times the
	// largest weight when the model is quantised (0: keep every weight
	// that survives int16 rounding). The CRF gives every feature a small
	// weight for every label; pruning keeps the model file small.
	Prune float64
	// Stats is the word statistics table for the statistics features
	// (lower-case ratio, frequency, word classes, gazetteers); it is stored
	// in the model. Nil trains without those features.
	Stats *wordstats.Table
	// Progress, when set, is called after every epoch.
	Progress func(EpochReport)
	// Info is stored in the model file (see Model.Info).
	Info string
}

// EpochReport describes one finished training epoch, or, with Epoch 0,
// the average of all runs.
type EpochReport struct {
	Run      int           // 1-based
	Epoch    int           // 1-based
	Mistakes int           // training sentences decoded wrongly during the epoch; -1 for the CRF, which does not decode while training
	DevF1    float64       // strict span F1 (full scheme) of the averaged weights on dev, in percent
	Elapsed  time.Duration // since training started
}

// encoded is a sentence as the trainer sees it: feature rows per token
// and internal gold labels.
type encoded struct {
	rows   []int32 // features of token i: rows[offs[i]:offs[i+1]]
	offs   []int32
	labels []uint8
	tags   []Tag
	weight float32 // Sentence.Weight, 1 for 0
}

// Train trains a linear-chain model on train (first-order label
// transitions, Viterbi decoding restricted to valid label sequences) as a
// CRF or a structured averaged perceptron (TrainOptions.Loss), and uses
// dev to pick the epoch of each run and to fit the confidence
// temperature. Train is deterministic.
func Train(train, dev []Sentence, opt TrainOptions) (*Model, error) {
	if len(train) == 0 {
		return nil, errors.New("model: train: no training sentences")
	}
	if len(dev) == 0 {
		return nil, errors.New("model: train: no dev sentences")
	}
	for _, set := range [][]Sentence{train, dev} {
		for i, s := range set {
			if len(s.Words) != len(s.Tags) {
				return nil, fmt.Errorf("model: train: sentence %d has %d words but %d tags", i, len(s.Words), len(s.Tags))
			}
			if !(s.Weight >= 0 && s.Weight <= math.MaxFloat32) {
				return nil, fmt.Errorf("model: train: sentence %d has weight %g, want a finite weight ≥ 0", i, s.Weight)
			}
			for _, g := range s.Tags {
				if int(g) >= NumTags {
					return nil, fmt.Errorf("model: train: sentence %d: invalid tag %d", i, g)
				}
			}
		}
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 12
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 1
	}
	switch opt.Loss {
	case "":
		opt.Loss = "perceptron"
	case "crf", "perceptron":
	default:
		return nil, fmt.Errorf("model: train: unknown loss %q (want crf or perceptron)", opt.Loss)
	}
	sch := BILOU
	if opt.BIO {
		sch = BIO
	}
	mask := allTemplates &^ optionalTemplates
	for _, name := range opt.Enable {
		g, ok := templateGroups[name]
		if !ok {
			return nil, fmt.Errorf("model: train: unknown feature group %q", name)
		}
		for _, t := range g {
			mask |= 1 << t
		}
	}
	for _, name := range opt.Disable {
		g, ok := templateGroups[name]
		if !ok {
			return nil, fmt.Errorf("model: train: unknown feature group %q", name)
		}
		for _, t := range g {
			mask &^= 1 << t
		}
	}
	if opt.Stats == nil {
		mask &^= statsTemplates
	}
	began := time.Now()

	// Feature dictionary: hashes seen at least MinCount times in train,
	// rows in ascending hash order.
	x := extractor{mask: mask, stats: opt.Stats}
	if mask&(1<<tLex|1<<tDeriv) != 0 {
		x.lex = nameLexicon(train)
	}
	counts := map[uint64]int32{}
	for _, s := range train {
		x.run(s.Words)
		for _, h := range x.feats {
			counts[h]++
		}
	}
	keys := make([]uint64, 0, len(counts))
	for h, c := range counts {
		if int(c) >= opt.MinCount {
			keys = append(keys, h)
		}
	}
	slices.Sort(keys)
	clear(counts)
	index := make(map[uint64]int32, len(keys))
	for r, h := range keys {
		index[h] = int32(r)
	}
	encode := func(set []Sentence) []encoded {
		out := make([]encoded, len(set))
		for i, s := range set {
			x.run(s.Words)
			e := encoded{offs: make([]int32, 1, len(s.Words)+1), tags: s.Tags, weight: s.Weight}
			if e.weight == 0 {
				e.weight = 1
			}
			for j := range s.Words {
				for _, h := range x.feats[x.offs[j]:x.offs[j+1]] {
					if r, ok := index[h]; ok {
						e.rows = append(e.rows, r)
					}
				}
				e.offs = append(e.offs, int32(len(e.rows)))
			}
			e.labels = sch.Labels(nil, s.Tags)
			out[i] = e
		}
		return out
	}
	tr, dv := encode(train), encode(dev)
	index = nil

	if opt.Runs <= 0 {
		opt.Runs = 1
	}
	order := make([]int, len(tr))
	var (
		sum        *weights
		bestEpochs []string
		bestF1     float64
	)
	for run := range opt.Runs {
		var l learner
		if opt.Loss == "crf" {
			c := newCRF(sch, len(keys))
			c.cost = float32(opt.Cost)
			l = c
		} else {
			p := newPerceptron(sch, len(keys))
			p.pa = float32(opt.PA)
			l = p
		}
		for i := range order {
			order[i] = i
		}
		seed := opt.Seed + uint64(run)
		rng := rand.New(rand.NewPCG(seed, seed^0x6e616d656e))
		best, runF1, bestEpoch := l.averaged(), -1.0, 0
		for ep := 1; ep <= opt.Epochs; ep++ {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			mistakes := l.epoch(tr, order)
			avg := l.averaged()
			f1 := avg.devF1(dv)
			if f1 > runF1 {
				best, runF1, bestEpoch = avg, f1, ep
			}
			if opt.Progress != nil {
				opt.Progress(EpochReport{Run: run + 1, Epoch: ep, Mistakes: mistakes, DevF1: f1, Elapsed: time.Since(began)})
			}
		}
		bestEpochs = append(bestEpochs, fmt.Sprint(bestEpoch))
		if sum == nil {
			sum, bestF1 = best, runF1
		} else {
			sum.add(best)
		}
	}
	best := sum
	if opt.Runs > 1 {
		best.scale(1 / float32(opt.Runs))
		bestF1 = best.devF1(dv)
		if opt.Progress != nil {
			opt.Progress(EpochReport{Run: opt.Runs + 1, DevF1: bestF1, Elapsed: time.Since(began)})
		}
	}
	info := opt.Info
	if info != "" && !strings.HasSuffix(info, "\n") {
		info += "\n"
	}
	info += fmt.Sprintf("scheme=%s epochs=%d runs=%d best-epochs=%s seed=%d min-count=%d pa=%g disable=%s dev-f1=%.2f\n",
		sch, opt.Epochs, opt.Runs, strings.Join(bestEpochs, ","), opt.Seed, opt.MinCount, opt.PA, strings.Join(opt.Disable, ","), bestF1)
	if opt.Loss != "perceptron" || opt.Prune != 0 {
		info += fmt.Sprintf("loss=%s cost=%g prune=%g\n", opt.Loss, opt.Cost, opt.Prune)
	}
	if len(opt.Enable) > 0 {
		info += "enable=" + strings.Join(opt.Enable, ",") + "\n"
	}
	m := best.quantise(keys, mask, opt.Prune, info)
	if len(m.ents) >= maxEnts {
		return nil, fmt.Errorf("model: train: %d non-zero weights, at most %d supported (raise -min-count)", len(m.ents), maxEnts-1)
	}
	m.stats, m.lex = opt.Stats, x.lex
	if err := m.init(); err != nil {
		return nil, fmt.Errorf("model: train: %w", err)
	}
	if err := m.calibrate(dev); err != nil {
		return nil, fmt.Errorf("model: train: %w", err)
	}
	return m, nil
}

// learner is one training run: a perceptron or a CRF.
type learner interface {
	// epoch makes one pass over tr in the given order and returns the
	// number of sentences decoded wrongly (-1 when the learner does not
	// decode while training).
	epoch(tr []encoded, order []int) (mistakes int)
	// averaged returns the averaged weights so far.
	averaged() *weights
}

// epoch implements learner.
func (p *perceptron) epoch(tr []encoded, order []int) int {
	mistakes := 0
	for _, i := range order {
		if p.learn(&tr[i]) {
			mistakes++
		}
	}
	return mistakes
}

// weights are dense weights over the dictionary rows.
type weights struct {
	sch    Encoding
	k      int
	w      []float32 // rows × k
	trans  []float32 // (k+1) × k, row k = start; includes the -Inf constraints
	final  []float32
	lat    lattice
	live   []uint8   // decoding buffer
	colMax []float32 // decoding buffer: transBounds of trans
}

// perceptron holds the current weights and the sums for averaging: the
// average after c updates is w − u/c.
type perceptron struct {
	weights
	u, ut []float32
	c     float32
	pa    float32 // passive-aggressive constant C; 0 = perceptron steps
	// buffers
	emit       []float32
	delta      []float32
	back, pred []uint8
}

func newPerceptron(sch Encoding, rows int) *perceptron {
	w := newWeights(sch, rows)
	return &perceptron{weights: w, u: make([]float32, len(w.w)), ut: make([]float32, len(w.trans)), c: 1}
}

// newWeights returns zero weights for rows dictionary rows, with the
// transitions that scheme sch forbids at -Inf.
func newWeights(sch Encoding, rows int) weights {
	k := sch.NumLabels()
	trans, final := sch.Constraints()
	return weights{sch: sch, k: k, w: make([]float32, rows*k), trans: trans, final: final, lat: sch.lattice()}
}

// decode labels sentence e with weights w into out.
func (w *weights) decode(e *encoded, emit, delta []float32, back, out []uint8) {
	w.emissions(e, emit)
	n, k := len(e.labels), w.k
	tMin, tMax := transRange(w.trans, k)
	w.live = grow(w.live, k)
	w.colMax = transBounds(w.trans, k, w.colMax)
	viterbi(emit, n, k, w.trans, w.final, &w.lat, tMax-tMin, w.colMax, delta, back, out, w.live)
}

// emissions sets emit (n×k) to the emission scores of sentence e.
func (w *weights) emissions(e *encoded, emit []float32) {
	k := w.k
	for i := range len(e.labels) {
		s := emit[i*k : i*k+k]
		clear(s)
		for _, r := range e.rows[e.offs[i]:e.offs[i+1]] {
			for l, v := range w.w[int(r)*k : int(r)*k+k] {
				s[l] += v
			}
		}
	}
}

// learn decodes e and updates the weights if the prediction is wrong; it
// reports whether it was.
func (p *perceptron) learn(e *encoded) bool {
	n, k := len(e.labels), p.k
	if n == 0 {
		return false
	}
	p.emit = grow(p.emit, n*k)
	p.delta = grow(p.delta, 2*maxLabels)
	p.back = grow(p.back, n*k)
	p.pred = grow(p.pred, n)
	p.decode(e, p.emit, p.delta, p.back, p.pred)
	// The step is the sentence's weight (perceptron) or, with a PA
	// constant, that times the passive-aggressive step
	// min(C, (margin violation + Hamming loss) / ‖Δφ‖²).
	step := e.weight
	if p.pa > 0 {
		viol, loss, norm := float32(0), float32(0), float32(0)
		for i := range n {
			g, q := int(e.labels[i]), int(p.pred[i])
			pg, pq := k, k
			if i > 0 {
				pg, pq = int(e.labels[i-1]), int(p.pred[i-1])
			}
			viol += p.emit[i*k+q] - p.emit[i*k+g] + p.trans[pq*k+q] - p.trans[pg*k+g]
			if g != q {
				loss++
				norm += 2 * float32(e.offs[i+1]-e.offs[i])
			}
			if g != q || pg != pq {
				norm += 2
			}
		}
		if norm == 0 {
			p.c++
			return false
		}
		step = e.weight * min(p.pa, (viol+loss)/norm)
	}
	wrong := false
	c := p.c
	for i := range n {
		g, q := int(e.labels[i]), int(p.pred[i])
		pg, pq := k, k
		if i > 0 {
			pg, pq = int(e.labels[i-1]), int(p.pred[i-1])
		}
		if g != q {
			wrong = true
			for _, r := range e.rows[e.offs[i]:e.offs[i+1]] {
				b := int(r) * k
				p.w[b+g] += step
				p.u[b+g] += c * step
				p.w[b+q] -= step
				p.u[b+q] -= c * step
			}
		}
		if g != q || pg != pq {
			p.trans[pg*k+g] += step
			p.ut[pg*k+g] += c * step
			p.trans[pq*k+q] -= step
			p.ut[pq*k+q] -= c * step
		}
	}
	p.c++
	return wrong
}

// averaged returns the averaged weights.
func (p *perceptron) averaged() *weights {
	// -Inf transitions stay -Inf: their sums stay 0.
	return &weights{sch: p.sch, k: p.k, w: average(p.w, p.u, p.c), trans: average(p.trans, p.ut, p.c), final: p.final, lat: p.lat}
}

// add adds v's weights to w's.
func (w *weights) add(v *weights) {
	for i, x := range v.w {
		w.w[i] += x
	}
	for i, x := range v.trans {
		w.trans[i] += x // -Inf + -Inf stays -Inf
	}
}

// scale multiplies w's weights by f.
func (w *weights) scale(f float32) {
	for i := range w.w {
		w.w[i] *= f
	}
	for i := range w.trans {
		w.trans[i] *= f
	}
}

// devF1 returns the strict span F1 (full scheme) of w on dev.
func (w *weights) devF1(dev []encoded) float64 {
	var (
		emit, delta []float32
		back, out   []uint8
		tags        []Tag
		sc          Score
	)
	for i := range dev {
		e := &dev[i]
		n := len(e.labels)
		if n == 0 {
			continue
		}
		emit, delta = grow(emit, n*w.k), grow(delta, 2*maxLabels)
		back, out = grow(back, n*w.k), grow(out, n)
		w.decode(e, emit, delta, back, out)
		tags = tags[:0]
		for _, l := range out {
			tags = append(tags, w.sch.Tag(int(l)))
		}
		sc.Add(e.tags, tags)
	}
	return sc.F1()
}

// quantise turns w into a Model with int16 weights: weights below prune
// times the largest in magnitude become zero, and rows whose weights are
// all zero are dropped.
func (w *weights) quantise(keys []uint64, mask uint64, prune float64, info string) *Model {
	mx := float32(0)
	for _, v := range w.w {
		mx = max(mx, float32(math.Abs(float64(v))))
	}
	cut := float32(prune) * mx
	scale := mx / 32767
	if scale == 0 {
		scale = 1
	}
	m := &Model{enc: w.sch, k: w.k, mask: mask, trans: w.trans, final: w.final, wscale: scale, cscale: 1, info: info}
	k := w.k
	q := make([]int16, k)
	for r, h := range keys {
		nz := false
		for l, v := range w.w[r*k : r*k+k] {
			if v < cut && v > -cut {
				v = 0
			}
			q[l] = int16(math.Round(float64(v / scale)))
			nz = nz || q[l] != 0
		}
		if nz {
			m.addRow(h, q)
		}
	}
	return m
}

// calibrate sets the confidence temperature with FitTemperature on dev.
func (m *Model) calibrate(dev []Sentence) error {
	t := m.NewTagger()
	temp, err := FitTemperature(m.enc, m.trans, m.final, dev, t.Scores)
	if err != nil {
		return err
	}
	m.cscale = temp
	m.ch, err = NewChain(m.enc, m.trans, m.final, m.cscale)
	return err
}

// FitTemperature returns the confidence temperature that maximises the
// likelihood of the gold tags' confidences on dev (a grid search over
// powers of 2^(1/2) from 2^-8 to 2^3) for a model whose label sequence
// scores are trans and final (as for NewChain) plus the emission scores
// that scores returns for a sentence (n×enc.NumLabels(); the slice is
// read before the next call).
func FitTemperature(enc Encoding, trans, final []float32, dev []Sentence, scores func(words []string) []float32) (float32, error) {
	emit := make([][]float32, len(dev))
	for i, s := range dev {
		emit[i] = append([]float32(nil), scores(s.Words)...)
	}
	best, bestNLL := float32(1), math.Inf(1)
	for j := -16; j <= 6; j++ {
		temp := float32(math.Pow(2, float64(j)/2))
		ch, err := NewChain(enc, trans, final, temp)
		if err != nil {
			return 0, err
		}
		d := ch.NewDecoder()
		nll := 0.0
		for i, s := range dev {
			tags, conf := d.Decode(emit[i], len(s.Words), false)
			for i, g := range tags {
				// The probability of the gold tag is conf when the prediction
				// is right; otherwise at most 1 − conf.
				pr := float64(conf[i])
				if g != s.Tags[i] {
					pr = 1 - pr
				}
				nll -= math.Log(max(pr, 1e-6))
			}
		}
		if nll < bestNLL {
			best, bestNLL = temp, nll
		}
	}
	return best, nil
}

// nameLexicon returns the name lexicon of the tLex and tDeriv features:
// for every capitalised word of train without a hyphen, keyed by the hash
// of its lower-case form, the bits 1<<Class of the classes whose names
// (not derivations or parts) it is a word of in at least lexShare of its
// occurrences.
func nameLexicon(train []Sentence) map[uint64]uint8 {
	type counts struct {
		n     int32 // occurrences
		class [numClasses]int32
	}
	seen := map[uint64]*counts{}
	var ti tokInfo
	for _, s := range train {
		for i, w := range s.Words {
			ti.setWord(w)
			if !ti.upper || ti.hyLast != 0 {
				continue
			}
			c := seen[ti.lower]
			if c == nil {
				c = &counts{}
				seen[ti.lower] = c
			}
			c.n++
			if g := s.Tags[i]; g != O && g.Type().Kind() == Name {
				c.class[g.Type().Class()]++
			}
		}
	}
	lex := map[uint64]uint8{}
	for h, c := range seen {
		var b uint8
		for cl, v := range c.class {
			if v > 0 && float64(v) >= lexShare*float64(c.n) {
				b |= 1 << cl
			}
		}
		if b != 0 {
			lex[h] = b
		}
	}
	return lex
}

// lexShare is the share of a word's occurrences in names of a class from
// which the lexicon gives it that class (not tuned).
const lexShare = 0.3
