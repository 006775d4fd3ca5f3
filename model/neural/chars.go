package neural

import "github.com/namen-nlp/namen/model/internal/f32"

// charCNN encodes a word from its characters (Ma and Hovy 2016): each
// character id has an embedding of dim values; a convolution of width
// 3 over the embeddings (zero vectors beyond the word's ends) gives
// filters values per position, and their maximum over the positions is
// the word's encoding.
type charCNN struct {
	chars, dim, filters int
	emb                 []float32 // chars × dim
	w                   []float32 // filters × 3·dim
	b                   []float32 // filters
}

const charWidth = 3

func newCharCNN(a *arena, chars, dim, filters int) *charCNN {
	return &charCNN{chars: chars, dim: dim, filters: filters,
		emb: a.take(chars * dim), w: a.take(filters * charWidth * dim), b: a.take(filters)}
}

// charState keeps what the backward pass of one word needs.
type charState struct {
	win  []float32 // positions × 3·dim: the embeddings under each window
	conv []float32 // filters values of the current position
	arg  []int32   // filters: the position of each maximum
}

// forward writes the encoding of the word with character ids ids (each
// below chars) to out (filters values).
func (c *charCNN) forward(s *charState, ids []int32, out []float32) {
	n, d, wd := len(ids), c.dim, charWidth*c.dim
	s.win = grow(s.win, n*wd)
	clear(s.win)
	for p := range n {
		for j := range charWidth {
			if q := p + j - charWidth/2; q >= 0 && q < n {
				copy(s.win[p*wd+j*d:p*wd+(j+1)*d], c.emb[int(ids[q])*d:int(ids[q]+1)*d])
			}
		}
	}
	s.conv = grow(s.conv, c.filters)
	if cap(s.arg) < c.filters {
		s.arg = make([]int32, c.filters)
	}
	s.arg = s.arg[:c.filters]
	for p := range n {
		copy(s.conv, c.b)
		f32.MatVec(s.conv, c.w, s.win[p*wd:(p+1)*wd])
		for f, v := range s.conv {
			if p == 0 || v > out[f] {
				out[f], s.arg[f] = v, int32(p)
			}
		}
	}
	if n == 0 {
		copy(out, c.b)
	}
}

// backward adds to g (over a gradient arena) the gradients of the
// parameters given the gradient dout of the encoding. dwin is scratch
// of 3·dim values.
func (c *charCNN) backward(s *charState, ids []int32, dout []float32, g *charCNN, dwin []float32) {
	n, d, wd := len(ids), c.dim, charWidth*c.dim
	f32.Axpy(1, dout, g.b)
	if n == 0 {
		return
	}
	for f, gf := range dout {
		if gf == 0 {
			continue
		}
		p := int(s.arg[f])
		f32.Axpy(gf, s.win[p*wd:(p+1)*wd], g.w[f*wd:(f+1)*wd])
		clear(dwin)
		f32.Axpy(gf, c.w[f*wd:(f+1)*wd], dwin)
		for j := range charWidth {
			if q := p + j - charWidth/2; q >= 0 && q < n {
				f32.Axpy(1, dwin[j*d:(j+1)*d], g.emb[int(ids[q])*d:int(ids[q]+1)*d])
			}
		}
	}
}
