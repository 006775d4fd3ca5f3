package neural

import "math"

// arena hands out consecutive pieces of one float32 vector, so that a
// network's parameters (or their gradients) are one slice: summed,
// scaled and stored as a whole. An arena with no vector only counts:
// building a network over it gives the size of its parameters.
type arena struct {
	all  []float32
	used int
}

func newArena(n int) *arena { return &arena{all: make([]float32, n)} }

// take returns the next n values, or nil when a only counts.
func (a *arena) take(n int) []float32 {
	a.used += n
	if a.all == nil {
		return nil
	}
	return a.all[a.used-n : a.used : a.used]
}

// adam is the Adam optimiser (Kingma and Ba 2015) over a parameter
// vector.
type adam struct {
	rate, beta1, beta2, eps float64
	m, v                    []float32
	steps                   int
}

func newAdam(n int, rate float64) *adam {
	return &adam{rate: rate, beta1: beta1, beta2: beta2, eps: 1e-8, m: make([]float32, n), v: make([]float32, n)}
}

// step moves theta against the gradient g.
func (o *adam) step(theta, g []float32) {
	o.steps++
	b1, b2 := float32(o.beta1), float32(o.beta2)
	// The bias corrections fold into the step size.
	lr := float32(o.rate * math.Sqrt(1-math.Pow(o.beta2, float64(o.steps))) / (1 - math.Pow(o.beta1, float64(o.steps))))
	eps := float32(o.eps)
	m, v := o.m[:len(theta)], o.v[:len(theta)]
	g = g[:len(theta)]
	for i, gi := range g {
		m[i] = b1*m[i] + (1-b1)*gi
		v[i] = b2*v[i] + (1-b2)*gi*gi
		theta[i] -= lr * m[i] / (float32(math.Sqrt(float64(v[i]))) + eps)
	}
}

// clipNorm scales g down to Euclidean norm at most c and returns its
// norm before.
func clipNorm(g []float32, c float64) float64 {
	s := 0.0
	for _, v := range g {
		s += float64(v) * float64(v)
	}
	n := math.Sqrt(s)
	if n > c {
		f := float32(c / n)
		for i := range g {
			g[i] *= f
		}
	}
	return n
}
