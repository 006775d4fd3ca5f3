package neural

import (
	"math"
	"math/rand/v2"

	"github.com/namen-nlp/namen/model/internal/f32"
)

// lstm is one direction of a long short-term memory layer (Hochreiter and
// Schmidhuber 1997, with forget gate): for input x_t and the previous
// output h,
//
//	z = W·x_t + U·h + b            (4·H values: gates i, f, o, candidate g)
//	c_t = σ(f)⊙c_{t-1} + σ(i)⊙tanh(g)
//	h_t = σ(o)⊙tanh(c_t)
//
// W is 4H×in, U is 4H×H, both row-major, in the order i, f, o, g.
type lstm struct {
	in, hid int
	w, u, b []float32
}

// newLSTM returns a layer whose parameters are taken from a; a layer
// over a gradient arena with the same layout holds the gradients.
func newLSTM(a *arena, in, hid int) *lstm {
	return &lstm{in: in, hid: hid, w: a.take(4 * hid * in), u: a.take(4 * hid * hid), b: a.take(4 * hid)}
}

// init fills W and U with uniform values in ±sqrt(6/(fan-in+fan-out))
// (Glorot and Bengio 2010) drawn from rng, W first, and sets the forget
// gate's biases to 1 (the others stay 0).
func (l *lstm) init(rng *rand.Rand) {
	uniform(rng, l.w, float32(math.Sqrt(6/float64(l.in+4*l.hid))))
	uniform(rng, l.u, float32(math.Sqrt(6/float64(l.hid+4*l.hid))))
	for j := range l.hid {
		l.b[l.hid+j] = 1
	}
}

// uniform fills s with values drawn uniformly from ±r.
func uniform(rng *rand.Rand, s []float32, r float32) {
	for i := range s {
		s[i] = (rng.Float32()*2 - 1) * r
	}
}

// projRows is the number of rows of a weight matrix that forward applies
// to every step of a sequence before going on (32 rows of 224 inputs are
// 28 KiB).
const projRows = 32

// lstmState holds the activations of one pass over a sequence of T
// steps, kept for the backward pass: gates after their nonlinearity
// (T×4H), cells and outputs (T×H).
type lstmState struct {
	gates, cells, tanhC, out []float32
	dz                       []float32 // T×4H: the gates' gradients, in backward
}

func (s *lstmState) resize(t, hid int) {
	s.gates = grow(s.gates, 4*t*hid)
	s.cells = grow(s.cells, t*hid)
	s.tanhC = grow(s.tanhC, t*hid)
	s.out = grow(s.out, t*hid)
}

// grow returns s with length n, reusing its array when it is large
// enough; the contents are undefined.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// forward runs the layer over the T×in inputs xs, left to right, or right
// to left when reverse is set (step t still writes row t), and stores
// the activations in s. The T×H outputs are s.out.
func (l *lstm) forward(s *lstmState, xs []float32, t int, reverse bool) {
	H := l.hid
	s.resize(t, H)
	// The input projections of all steps first, W taken in blocks of rows
	// that stay in the L1 cache across the steps: W is read from memory
	// once per sequence instead of once per step.
	for r0 := 0; r0 < 4*H; r0 += projRows {
		r1 := min(r0+projRows, 4*H)
		w := l.w[r0*l.in : r1*l.in]
		for k := range t {
			z := s.gates[4*H*k+r0 : 4*H*k+r1]
			copy(z, l.b[r0:r1])
			f32.MatVec(z, w, xs[l.in*k:l.in*(k+1)])
		}
	}
	for step := range t {
		k := step
		if reverse {
			k = t - 1 - step
		}
		z := s.gates[4*H*k : 4*H*(k+1)]
		c := s.cells[H*k : H*(k+1)]
		if step > 0 {
			prev := k - 1
			if reverse {
				prev = k + 1
			}
			f32.MatVec(z, l.u, s.out[H*prev:H*(prev+1)])
			copy(c, s.cells[H*prev:H*(prev+1)])
		} else {
			clear(c)
		}
		f32.Sigmoid(z[:3*H])
		f32.Tanh(z[3*H:])
		tc, h := s.tanhC[H*k:H*(k+1)], s.out[H*k:H*(k+1)]
		for j := range H {
			c[j] = z[H+j]*c[j] + z[j]*z[3*H+j]
		}
		copy(tc, c)
		f32.Tanh(tc)
		for j := range H {
			h[j] = z[2*H+j] * tc[j]
		}
	}
}

// backward takes the gradient dout (T×H) of the loss with respect to the
// outputs of the pass stored in s, adds the parameters' gradients to g (a
// layer over a gradient arena) and the gradient of the inputs' columns
// lo to hi to dxs (T×in; nil when the inputs need none). scratch needs 2H
// floats.
func (l *lstm) backward(s *lstmState, xs, dout, dxs []float32, lo, hi, t int, reverse bool, g *lstm, scratch []float32) {
	H := l.hid
	dh, dc := scratch[:H], scratch[H:2*H]
	clear(dh)
	clear(dc)
	s.dz = grow(s.dz, 4*H*t)
	// The recurrence first, step by step: the gates' gradients of every
	// step (s.dz).
	for step := t - 1; step >= 0; step-- {
		k := step
		prev := k - 1
		if reverse {
			k = t - 1 - step
			prev = k + 1
		}
		z := s.gates[4*H*k : 4*H*(k+1)]
		dz := s.dz[4*H*k : 4*H*(k+1)]
		tc := s.tanhC[H*k : H*(k+1)]
		do := dout[H*k : H*(k+1)]
		for j := range H {
			gi, gf, gO, gg := z[j], z[H+j], z[2*H+j], z[3*H+j]
			d := dh[j] + do[j]
			dcj := dc[j] + d*gO*(1-tc[j]*tc[j])
			var cPrev float32
			if step > 0 {
				cPrev = s.cells[H*prev+j]
			}
			dz[j] = dcj * gg * gi * (1 - gi)
			dz[H+j] = dcj * cPrev * gf * (1 - gf)
			dz[2*H+j] = d * tc[j] * gO * (1 - gO)
			dz[3*H+j] = dcj * gi * (1 - gg*gg)
			dc[j] = dcj * gf
		}
		clear(dh)
		if step > 0 {
			f32.MatTVec(dh, l.u, dz)
		}
	}
	// Then the sums over the steps as matrix products (dz is T×4H).
	for k := range t {
		f32.Axpy(1, s.dz[4*H*k:4*H*(k+1)], g.b)
	}
	f32.MulAdd(g.w, l.in, 4*H, l.in, s.dz, 1, 4*H, xs, l.in, t) // Σ_k dz_k⊗x_k
	// Σ_k dz_k⊗h_prev(k) over the steps with a previous output.
	if t > 1 {
		dz, h := s.dz[4*H:], s.out // forward: step k follows k-1
		if reverse {
			dz, h = s.dz, s.out[H:] // backward: step k follows k+1
		}
		f32.MulAdd(g.u, H, 4*H, H, dz, 1, 4*H, h, H, t-1)
	}
	if dxs != nil && hi > lo { // dx_k[lo:hi] += W[:, lo:hi]^T dz_k
		f32.MulAdd(dxs[lo:], l.in, t, hi-lo, s.dz, 4*H, 1, l.w[lo:], l.in, 4*H)
	}
}
