package neural

import "math"

// chainLoss computes the training loss of a linear-chain CRF over dense
// emission scores, the negative log-likelihood of the gold labels, and
// its gradient. It keeps buffers between calls; it is not safe for
// concurrent use.
type chainLoss struct {
	alpha, beta, e, expT, scale []float64
}

// loss returns the loss of the labels gold for n words and k labels.
//
// emit holds n×k scores (row i for word i); trans holds (k+1)×k
// transition scores, trans[p*k+l] for label p followed by l, row k for
// the sentence start; final holds k scores for the last label. Disallowed
// transitions and final labels are -Inf; gold must be an allowed
// sequence.
//
// It adds the gradient with respect to emit to demit (n×k) and with
// respect to trans to dtrans ((k+1)×k; 0 where disallowed). The forward
// and backward vectors are rescaled at every word, in float64, so nothing
// overflows.
func (c *chainLoss) loss(emit []float32, n, k int, trans, final []float32, gold []uint8, demit, dtrans []float32) float64 {
	c.alpha = grow64(c.alpha, n*k)
	c.beta = grow64(c.beta, n*k)
	c.e = grow64(c.e, n*k)
	c.expT = grow64(c.expT, (k+1)*k)
	c.scale = grow64(c.scale, n+1)
	for i, t := range trans[:(k+1)*k] {
		c.expT[i] = math.Exp(float64(t)) // exp(-Inf) = 0
	}
	logZ := 0.0
	for i := range n {
		row := emit[i*k : (i+1)*k]
		mx := row[0]
		for _, v := range row {
			mx = max(mx, v)
		}
		logZ += float64(mx)
		for l, v := range row {
			c.e[i*k+l] = math.Exp(float64(v - mx))
		}
	}
	// Forward: alpha[i] is the distribution over label i given words ≤ i.
	for i := range n {
		a := c.alpha[i*k : (i+1)*k]
		if i == 0 {
			for l := range a {
				a[l] = c.expT[k*k+l] * c.e[l]
			}
		} else {
			prev := c.alpha[(i-1)*k : i*k]
			clear(a)
			for p, w := range prev {
				if w == 0 {
					continue
				}
				row := c.expT[p*k : (p+1)*k]
				for l := range a {
					a[l] += w * row[l]
				}
			}
			for l := range a {
				a[l] *= c.e[i*k+l]
			}
		}
		s := 0.0
		for _, v := range a {
			s += v
		}
		c.scale[i] = s
		for l := range a {
			a[l] /= s
		}
	}
	last := c.alpha[(n-1)*k : n*k]
	end := 0.0
	for l, v := range last {
		if !math.IsInf(float64(final[l]), -1) {
			end += v * math.Exp(float64(final[l]))
		}
	}
	c.scale[n] = end
	for _, s := range c.scale[:n+1] {
		logZ += math.Log(s)
	}
	// Backward, scaled with the same factors.
	b := c.beta[(n-1)*k : n*k]
	for l := range b {
		b[l] = 0
		if !math.IsInf(float64(final[l]), -1) {
			b[l] = math.Exp(float64(final[l])) / end
		}
	}
	for i := n - 1; i > 0; i-- {
		next := c.beta[i*k : (i+1)*k]
		b := c.beta[(i-1)*k : i*k]
		for p := range b {
			row := c.expT[p*k : (p+1)*k]
			s := 0.0
			for l, v := range next {
				s += row[l] * c.e[i*k+l] * v
			}
			b[p] = s / c.scale[i]
		}
	}
	// Gradients: expected counts minus gold counts.
	for i := range n {
		a, b := c.alpha[i*k:(i+1)*k], c.beta[i*k:(i+1)*k]
		d := demit[i*k : (i+1)*k]
		for l := range d {
			d[l] += float32(a[l] * b[l])
		}
		if i == 0 {
			for l := range k {
				dtrans[k*k+l] += float32(a[l] * b[l])
			}
			continue
		}
		prev := c.alpha[(i-1)*k : i*k]
		for p, w := range prev {
			if w == 0 {
				continue
			}
			row, dt := c.expT[p*k:(p+1)*k], dtrans[p*k:(p+1)*k]
			for l := range dt {
				dt[l] += float32(w * row[l] * c.e[i*k+l] * b[l] / c.scale[i])
			}
		}
	}
	score := float64(trans[k*k+int(gold[0])]) + float64(final[gold[n-1]])
	for i, g := range gold[:n] {
		score += float64(emit[i*k+int(g)])
		demit[i*k+int(g)]--
		if i == 0 {
			dtrans[k*k+int(g)]--
		} else {
			score += float64(trans[int(gold[i-1])*k+int(g)])
			dtrans[int(gold[i-1])*k+int(g)]--
		}
	}
	return logZ - score
}

func grow64(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
