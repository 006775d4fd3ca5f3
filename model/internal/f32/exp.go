package f32

import "math"

// ExpNeg returns e^x for x in [-20, 0] with a relative error below
// 1e-5: 2^(x·log2 e) split into an integer power of two and a
// polynomial for the fraction.
func ExpNeg(x float32) float32 {
	y := x * math.Log2E
	i := int32(y) // rounds towards 0: y is in (-29, 0]
	if float32(i) > y {
		i--
	}
	f := y - float32(i) // in [0, 1)
	// 2^f on [0,1): degree-6 Taylor polynomial of e^(f ln 2).
	const l = math.Ln2
	p := 1 + f*(l+f*(l*l/2+f*(l*l*l/6+f*(l*l*l*l/24+f*(l*l*l*l*l/120+f*(l*l*l*l*l*l/720))))))
	return math.Float32frombits(math.Float32bits(p) + uint32(i)<<23)
}

// expMin is where Sigmoid and Tanh stop computing: e^-20 is far below
// their error bound.
const expMin = -20

// Sigmoid replaces each value of x by 1/(1+e^-x), within 1e-5.
func Sigmoid(x []float32) {
	n := 0
	if fast && len(x) >= 8 {
		n = len(x) &^ 7
		sigmoidAVX(&x[0], n)
	}
	SigmoidRef(x[n:])
}

// SigmoidRef is the reference of Sigmoid.
func SigmoidRef(x []float32) {
	for i, v := range x {
		e := ExpNeg(max(-abs(v), expMin)) // e^-|v|
		if v >= 0 {
			x[i] = 1 / (1 + e)
		} else {
			x[i] = e / (1 + e)
		}
	}
}

// Tanh replaces each value of x by its hyperbolic tangent, within 1e-5.
func Tanh(x []float32) {
	n := 0
	if fast && len(x) >= 8 {
		n = len(x) &^ 7
		tanhAVX(&x[0], n)
	}
	TanhRef(x[n:])
}

// TanhRef is the reference of Tanh.
func TanhRef(x []float32) {
	for i, v := range x {
		e := ExpNeg(max(-2*abs(v), expMin)) // e^-2|v|
		t := (1 - e) / (1 + e)
		if v < 0 {
			t = -t
		}
		x[i] = t
	}
}

func abs(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }

// ExpShift sets dst[i] to e^(c·(src[i]−mx)) where that exponent is above
// -14, else to 0 (the factors of a row of scores shifted by its maximum
// mx, for c > 0); dst and src have the same length. Within 1e-5 of
// ExpShiftRef.
func ExpShift(dst, src []float32, c, mx float32) {
	src = src[:len(dst)]
	n := 0
	if fast && len(dst) >= 8 {
		n = len(dst) &^ 7
		expShiftAVX(&dst[0], &src[0], n, c, mx)
	}
	ExpShiftRef(dst[n:], src[n:], c, mx)
}

// ExpShiftRef is the reference of ExpShift.
func ExpShiftRef(dst, src []float32, c, mx float32) {
	for i, v := range src[:len(dst)] {
		dst[i] = 0
		if d := c * (v - mx); d > -14 {
			dst[i] = ExpNeg(d)
		}
	}
}
