package model

import "math"

// Linear-chain CRF training: the same features, labels and constrained
// lattice as the perceptron, trained on the negative log-likelihood of
// the gold labels (optionally softmax-margin: Gimpel and Smith 2010) with
// AdaGrad steps and averaged parameters. The result is a linear model like
// the perceptron's, so tagging is unchanged.

// crfRate is the AdaGrad learning rate; adaDelta is added to the sum of
// squared gradients, so that a tiny first gradient makes a tiny step.
const (
	crfRate  = 0.05
	adaDelta = 0.01
	// crfTiny: gradient entries below it in magnitude are skipped (they
	// would not change the weights noticeably and cost a pass over the
	// token's feature rows each).
	crfTiny = 1e-4
)

// adagrad is a parameter vector trained with AdaGrad and averaged: the
// average after c steps is w − u/c.
type adagrad struct{ w, u, g []float32 }

func newAdagrad(w []float32) adagrad {
	return adagrad{w: w, u: make([]float32, len(w)), g: make([]float32, len(w))}
}

// step applies gradient grad to coordinate i at time c.
func (p *adagrad) step(i int, grad, lr, c float32) {
	p.g[i] += grad * grad
	d := lr * grad / float32(math.Sqrt(float64(p.g[i]+adaDelta)))
	p.w[i] -= d
	p.u[i] -= c * d
}

// average returns the average of parameters w over c steps, given the
// step-weighted sums u of their changes: w − u/c (the perceptron's and
// the CRF's averaging).
func average(w, u []float32, c float32) []float32 {
	out := make([]float32, len(w))
	for i, v := range w {
		out[i] = v - u[i]/c
	}
	return out
}

// crf holds the parameters of one CRF training run and its buffers.
type crf struct {
	weights
	pw, pt      adagrad
	c           float32
	cost        float32   // softmax-margin cost of a wrong label (0: plain likelihood)
	emit, demit []float32 // n×k emission scores and their gradient
	dT          []float32 // gradient of the transition scores
	ex          []float64 // n×k exp(emission − max)
	expT        []float64
	alpha, beta []float64
}

func newCRF(sch Encoding, rows int) *crf {
	w := newWeights(sch, rows)
	return &crf{weights: w, pw: newAdagrad(w.w), pt: newAdagrad(w.trans), c: 1, dT: make([]float32, len(w.trans))}
}

// averaged returns the averaged weights.
func (p *crf) averaged() *weights {
	return &weights{sch: p.sch, k: p.k, w: average(p.pw.w, p.pw.u, p.c), trans: average(p.pt.w, p.pt.u, p.c), final: p.final, lat: p.lat}
}

// epoch implements learner.
func (p *crf) epoch(tr []encoded, order []int) int {
	for _, i := range order {
		p.learn(&tr[i])
	}
	return -1
}

// learn makes one AdaGrad step on the negative log-likelihood of e.
func (p *crf) learn(e *encoded) {
	n, k := len(e.labels), p.k
	if n == 0 {
		return
	}
	p.emit, p.demit = grow(p.emit, n*k), grow(p.demit, n*k)
	p.emissions(e, p.emit)
	if p.cost > 0 {
		// Softmax-margin: the partition function counts every wrong label
		// as if it scored cost more, so the gold labels must win by a
		// margin that grows with the number of wrong tokens.
		for i := range n {
			s := p.emit[i*k : i*k+k]
			for l := range s {
				s[l] += p.cost
			}
			s[e.labels[i]] -= p.cost
		}
	}
	clear(p.dT)
	p.gradient(e)
	if e.weight != 1 {
		for i := range p.demit[:n*k] {
			p.demit[i] *= e.weight
		}
		for i := range p.dT {
			p.dT[i] *= e.weight
		}
	}
	for i := range n {
		rows := e.rows[e.offs[i]:e.offs[i+1]]
		for l, g := range p.demit[i*k : i*k+k] {
			if g > -crfTiny && g < crfTiny {
				continue
			}
			for _, r := range rows {
				p.pw.step(int(r)*k+l, g, crfRate, p.c)
			}
		}
	}
	for i, g := range p.dT {
		if (g <= -crfTiny || g >= crfTiny) && !math.IsInf(float64(p.trans[i]), -1) {
			p.pt.step(i, g, crfRate, p.c)
		}
	}
	p.c++
}

// gradient sets p.demit and p.dT to the gradient of the negative
// log-likelihood of e's gold labels with respect to the emission and
// transition scores in p.emit and p.trans: the marginals under the model
// (forward-backward over the valid lattice, scaled per position) minus
// the gold counts.
func (p *crf) gradient(e *encoded) {
	n, k, lat := len(e.labels), p.k, p.lat
	p.expT = grow(p.expT, len(p.trans))
	for i, t := range p.trans {
		p.expT[i] = math.Exp(float64(t)) // 0 for forbidden transitions
	}
	p.ex = grow(p.ex, n*k)
	for i := range n {
		s := p.emit[i*k : i*k+k]
		mx := s[0]
		for _, v := range s {
			mx = max(mx, v)
		}
		for l, v := range s {
			p.ex[i*k+l] = math.Exp(float64(v - mx))
		}
	}
	p.alpha, p.beta = grow(p.alpha, n*k), grow(p.beta, n*k)
	a, b := p.alpha, p.beta
	for l := range k {
		a[l] = p.expT[k*k+l] * p.ex[l]
	}
	normalise64(a[:k])
	for i := 1; i < n; i++ {
		prev, cur := a[(i-1)*k:i*k], a[i*k:i*k+k]
		for l := range k {
			sum := 0.0
			for _, q := range lat.preds[l] {
				sum += prev[q] * p.expT[int(q)*k+l]
			}
			cur[l] = sum * p.ex[i*k+l]
		}
		normalise64(cur)
	}
	last := b[(n-1)*k : n*k]
	for l := range k {
		last[l] = 0
		if !math.IsInf(float64(p.final[l]), -1) {
			last[l] = 1
		}
	}
	for i := n - 2; i >= 0; i-- {
		next, cur := b[(i+1)*k:(i+2)*k], b[i*k:i*k+k]
		for q := range k {
			sum := 0.0
			for _, l := range lat.succs[q] {
				sum += p.expT[q*k+int(l)] * p.ex[(i+1)*k+int(l)] * next[l]
			}
			cur[q] = sum
		}
		normalise64(cur)
	}
	for i := range n {
		z := 0.0
		for l := range k {
			z += a[i*k+l] * b[i*k+l]
		}
		for l := range k {
			p.demit[i*k+l] = float32(a[i*k+l] * b[i*k+l] / z)
		}
	}
	for l := range k {
		p.dT[k*k+l] += p.demit[l]
	}
	p.dT[k*k+int(e.labels[0])]--
	for i := 1; i < n; i++ {
		prev, cur := a[(i-1)*k:i*k], b[i*k:i*k+k]
		z := 0.0
		for l := range k {
			w := p.ex[i*k+l] * cur[l]
			for _, q := range lat.preds[l] {
				z += prev[q] * p.expT[int(q)*k+l] * w
			}
		}
		for l := range k {
			w := p.ex[i*k+l] * cur[l] / z
			if w == 0 {
				continue
			}
			for _, q := range lat.preds[l] {
				p.dT[int(q)*k+l] += float32(prev[q] * p.expT[int(q)*k+l] * w)
			}
		}
		p.dT[int(e.labels[i-1])*k+int(e.labels[i])]--
	}
	for i := range n {
		p.demit[i*k+int(e.labels[i])]--
	}
}

// normalise64 scales v to sum 1 (left alone when the sum is 0).
func normalise64(v []float64) {
	s := 0.0
	for _, x := range v {
		s += x
	}
	if s > 0 {
		for i := range v {
			v[i] /= s
		}
	}
}
