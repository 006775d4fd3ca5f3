package wordstats

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Word classes are learned in four steps:
//
//  1. Each form gets a sparse context vector: counts of its left and right
//     neighbours among the Contexts most frequent forms (plus the line
//     boundary), and of the tokens two to the left and right among the
//     Contexts/4 most frequent, weighted by positive pointwise mutual
//     information with smoothed context probabilities (exponent 0.75),
//     the outer positions at half weight, each vector scaled to unit length.
//  2. The vectors of the Fit most frequent forms give an orthonormal basis
//     of their dominant Dims-dimensional subspace by subspace (power)
//     iteration from a random start, rotated onto their singular vectors;
//     every vector is projected onto it, its coordinates weighted by the
//     singular values to the power singularExp - 1 (giving U·S^p), and
//     scaled to unit length.
//  3. Spherical k-means (k-means++ start) on the Fit most frequent forms
//     gives the fine classes; every clustered form goes to its nearest fine
//     centroid.
//  4. Weighted spherical k-means on the fine centroids gives the middle
//     classes, and on the middle centroids the coarse ones, so the three
//     levels nest.

// contextVectors computes step 1.
type contextVectors struct {
	stream []int32
	pos    [][]int32 // token positions of each row
	feat   []int32   // form id → context rank + 1 (0 is the line boundary), -1 if not a context
	c1, c2 int       // number of features per near and far block
	logPc  [4][]float64
	scr    []float64
	seen   []int32
}

func (cv *contextVectors) dim() int { return 2*cv.c1 + 2*cv.c2 }

// row appends the unit PPMI vector of row r to cols and vals.
func (cv *contextVectors) row(r int, cols []int32, vals []float32) ([]int32, []float32) {
	var tot [4]float64
	base := [4]int{0, cv.c1, 2 * cv.c1, 2*cv.c1 + cv.c2}
	size := [4]int{cv.c1, cv.c1, cv.c2, cv.c2}
	cv.seen = cv.seen[:0]
	count := func(b, p int) {
		if p < 0 || p >= len(cv.stream) {
			return
		}
		f := int(cv.feat[cv.stream[p]])
		if f < 0 || f >= size[b] {
			return
		}
		j := base[b] + f
		if cv.scr[j] == 0 {
			cv.seen = append(cv.seen, int32(j))
		}
		cv.scr[j]++
		tot[b]++
	}
	for _, p := range cv.pos[r] {
		p := int(p)
		count(0, p-1)
		count(1, p+1)
		if cv.stream[p-1] == 0 { // the line boundary also fills the far position
			count(2, p-1)
		} else {
			count(2, p-2)
		}
		if cv.stream[p+1] == 0 {
			count(3, p+1)
		} else {
			count(3, p+2)
		}
	}
	slices.Sort(cv.seen)
	start := len(vals)
	var norm float64
	for _, j := range cv.seen {
		b := 0
		for b < 3 && int(j) >= base[b+1] {
			b++
		}
		n := cv.scr[j]
		cv.scr[j] = 0
		pmi := math.Log(n/tot[b]) - cv.logPc[b][int(j)-base[b]]
		if pmi <= 0 {
			continue
		}
		if b >= 2 {
			pmi /= 2
		}
		cols = append(cols, j)
		vals = append(vals, float32(pmi))
		norm += pmi * pmi
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := start; i < len(vals); i++ {
			vals[i] *= inv
		}
	}
	return cols, vals
}

// cluster assigns recs[i].cluster and returns the number of classes per
// level.
func (b *Builder) cluster(ctx context.Context, o Options, recs []record) ([3]int, error) {
	var classes [3]int
	var rows []int // indices into recs, most frequent first
	for i, r := range recs {
		if r.id > 0 && r.freq >= uint32(o.MinClusterFreq) {
			rows = append(rows, i)
		}
	}
	slices.SortStableFunc(rows, func(x, y int) int { return cmp.Compare(recs[y].freq, recs[x].freq) })
	if len(rows) == 0 {
		return classes, nil
	}

	// Context features: the most frequent forms of the corpus.
	ctxIDs := make([]int32, 0, len(b.forms)-1)
	for id := 1; id < len(b.forms); id++ {
		ctxIDs = append(ctxIDs, int32(id))
	}
	slices.SortFunc(ctxIDs, func(x, y int32) int {
		if c := cmp.Compare(b.freq[y], b.freq[x]); c != 0 {
			return c
		}
		return cmp.Compare(b.forms[x], b.forms[y])
	})
	ctxIDs = ctxIDs[:min(o.Contexts, len(ctxIDs))]
	cv := &contextVectors{stream: b.stream, feat: make([]int32, len(b.forms)), c1: len(ctxIDs) + 1, c2: len(ctxIDs)/4 + 1}
	for i := range cv.feat {
		cv.feat[i] = -1
	}
	cv.feat[0] = 0
	lines := 0
	for _, id := range b.stream {
		if id == 0 {
			lines++
		}
	}
	counts := []float64{float64(lines)}
	for i, id := range ctxIDs {
		cv.feat[id] = int32(i + 1)
		counts = append(counts, float64(b.freq[id]))
	}
	for blk := range cv.logPc {
		n := cv.c1
		if blk >= 2 {
			n = cv.c2
		}
		var z float64
		for _, c := range counts[:n] {
			z += math.Pow(c, 0.75)
		}
		cv.logPc[blk] = make([]float64, n)
		for j, c := range counts[:n] {
			cv.logPc[blk][j] = 0.75*math.Log(c) - math.Log(z)
		}
	}
	cv.scr = make([]float64, cv.dim())

	// Token positions of every row.
	rowOf := make([]int32, len(b.forms))
	for i := range rowOf {
		rowOf[i] = -1
	}
	for r, i := range rows {
		rowOf[recs[i].id] = int32(r)
	}
	start := make([]int, len(rows)+1)
	for _, id := range b.stream {
		if r := rowOf[id]; r >= 0 {
			start[r+1]++
		}
	}
	for r := range rows {
		start[r+1] += start[r]
	}
	flat := make([]int32, start[len(rows)])
	fill := slices.Clone(start[:len(rows)])
	for p, id := range b.stream {
		if r := rowOf[id]; r >= 0 {
			flat[fill[r]] = int32(p)
			fill[r]++
		}
	}
	cv.pos = make([][]int32, len(rows))
	for r := range rows {
		cv.pos[r] = flat[start[r]:start[r+1]]
	}

	// Step 1 for the fitted rows, kept as a sparse matrix.
	nfit := min(o.Fit, len(rows))
	x := sparse{ptr: make([]int, 1, nfit+1)}
	for r := 0; r < nfit; r++ {
		if r%8192 == 0 {
			if err := ctx.Err(); err != nil {
				return classes, err
			}
		}
		x.cols, x.vals = cv.row(r, x.cols, x.vals)
		x.ptr = append(x.ptr, len(x.cols))
	}
	o.progress("context vectors: %d forms to cluster, %d fitted, %d features, %d non-zeros", len(rows), nfit, cv.dim(), len(x.cols))

	// Step 2.
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x776f72647374))
	d := min(o.Dims, cv.dim())
	basis := make([]float64, cv.dim()*d) // row-major dim × d
	for i := range basis {
		basis[i] = rng.NormFloat64()
	}
	orthonormalize(basis, cv.dim(), d)
	y := make([]float64, nfit*d)
	for it := 0; it < o.PowerIters; it++ {
		if err := ctx.Err(); err != nil {
			return classes, err
		}
		x.mul(basis, d, y)
		z := x.mulT(y, d, cv.dim())
		orthonormalize(z, cv.dim(), d)
		basis = z
		o.progress("subspace iteration %d/%d", it+1, o.PowerIters)
	}
	basis = rescale(&x, basis, cv.dim(), d, y)
	emb := make([]float32, len(rows)*d)
	project := func(r int, cols []int32, vals []float32) {
		e := emb[r*d : (r+1)*d]
		for k, c := range cols {
			bs := basis[int(c)*d : int(c+1)*d]
			for j := range e {
				e[j] += vals[k] * float32(bs[j])
			}
		}
		normalize(e)
	}
	for r := 0; r < nfit; r++ {
		project(r, x.cols[x.ptr[r]:x.ptr[r+1]], x.vals[x.ptr[r]:x.ptr[r+1]])
	}
	x = sparse{}
	var cols []int32
	var vals []float32
	for r := nfit; r < len(rows); r++ {
		if r%8192 == 0 {
			if err := ctx.Err(); err != nil {
				return classes, err
			}
		}
		cols, vals = cv.row(r, cols[:0], vals[:0])
		project(r, cols, vals)
	}
	cv, flat = nil, nil
	o.progress("projected %d forms onto %d dimensions", len(rows), d)

	// Step 3.
	fit := points{v: emb[:nfit*d], d: d}
	fine, err := kmeans(ctx, fit, nil, o.Classes[2], o.KMeansIters, rng)
	if err != nil {
		return classes, err
	}
	o.progress("fine classes: %d", fine.n())
	all := points{v: emb, d: d}
	assign := make([]int, len(rows))
	sizes := make([]float64, fine.n())
	for r := range rows {
		if r%8192 == 0 {
			if err := ctx.Err(); err != nil {
				return classes, err
			}
		}
		assign[r] = fine.nearest(all.at(r))
		sizes[assign[r]]++
	}

	// Step 4.
	mid, err := kmeans(ctx, fine, sizes, o.Classes[1], o.KMeansIters, rng)
	if err != nil {
		return classes, err
	}
	midOf := make([]int, fine.n())
	midSizes := make([]float64, mid.n())
	for f := range midOf {
		midOf[f] = mid.nearest(fine.at(f))
		midSizes[midOf[f]] += sizes[f]
	}
	coarse, err := kmeans(ctx, mid, midSizes, o.Classes[0], o.KMeansIters, rng)
	if err != nil {
		return classes, err
	}
	coarseOf := make([]int, mid.n())
	for m := range coarseOf {
		coarseOf[m] = coarse.nearest(mid.at(m))
	}

	// Number the classes so that ids nest: sort fine classes by
	// (coarse, middle, fine) and count.
	perm := make([]int, fine.n())
	for f := range perm {
		perm[f] = f
	}
	slices.SortFunc(perm, func(a, b int) int {
		if c := cmp.Compare(coarseOf[midOf[a]], coarseOf[midOf[b]]); c != 0 {
			return c
		}
		if c := cmp.Compare(midOf[a], midOf[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var ids [3][]uint16
	ids[2] = make([]uint16, fine.n())
	ids[1] = make([]uint16, fine.n())
	ids[0] = make([]uint16, fine.n())
	prevMid, prevCoarse := -1, -1
	for _, f := range perm {
		m, c := midOf[f], coarseOf[midOf[f]]
		if c != prevCoarse {
			classes[0]++
			prevCoarse = c
		}
		if m != prevMid {
			classes[1]++
			prevMid = m
		}
		classes[2]++
		ids[0][f], ids[1][f], ids[2][f] = uint16(classes[0]), uint16(classes[1]), uint16(classes[2])
	}
	for r, i := range rows {
		f := assign[r]
		recs[i].cluster = [3]uint16{ids[0][f], ids[1][f], ids[2][f]}
	}
	o.progress("classes: %d / %d / %d", classes[0], classes[1], classes[2])
	return classes, nil
}

// sparse is a row-compressed sparse matrix.
type sparse struct {
	ptr  []int
	cols []int32
	vals []float32
}

// mul sets y (rows × d, row-major) to x·m, m being dim × d row-major.
func (x *sparse) mul(m []float64, d int, y []float64) {
	clear(y)
	for r := 0; r+1 < len(x.ptr); r++ {
		yr := y[r*d : (r+1)*d]
		for k := x.ptr[r]; k < x.ptr[r+1]; k++ {
			v, mr := float64(x.vals[k]), m[int(x.cols[k])*d:int(x.cols[k]+1)*d]
			for j := range yr {
				yr[j] += v * mr[j]
			}
		}
	}
}

// mulT returns xᵀ·y (dim × d, row-major) for y rows × d row-major.
func (x *sparse) mulT(y []float64, d, dim int) []float64 {
	z := make([]float64, dim*d)
	for r := 0; r+1 < len(x.ptr); r++ {
		yr := y[r*d : (r+1)*d]
		for k := x.ptr[r]; k < x.ptr[r+1]; k++ {
			v, zr := float64(x.vals[k]), z[int(x.cols[k])*d:int(x.cols[k]+1)*d]
			for j := range zr {
				zr[j] += v * yr[j]
			}
		}
	}
	return z
}

// singularExp is the exponent p of the singular values in the reduced
// vectors U·Sᵖ; p < 1 gives the weaker directions, which separate the
// finer classes, more weight than the plain projection (p = 1).
var singularExp = 0.5

// rescale rotates the orthonormal basis (dim × d, row-major) of the fitted
// rows x onto their singular vectors and scales each by σᵖ⁻¹, so that
// projecting a row gives its coordinates in U·Sᵖ. y is scratch of
// rows × d.
func rescale(x *sparse, basis []float64, dim, d int, y []float64) []float64 {
	x.mul(basis, d, y)
	g := make([]float64, d*d)
	rows := len(y) / d
	for r := 0; r < rows; r++ {
		yr := y[r*d : (r+1)*d]
		for i, a := range yr {
			if a == 0 {
				continue
			}
			gi := g[i*d : (i+1)*d]
			for j := i; j < d; j++ {
				gi[j] += a * yr[j]
			}
		}
	}
	for i := 0; i < d; i++ {
		for j := 0; j < i; j++ {
			g[i*d+j] = g[j*d+i]
		}
	}
	vals, vecs := eigenSym(g, d)
	out := make([]float64, dim*d)
	for j := 0; j < d; j++ {
		scale := 0.0
		if vals[j] > 1e-12 {
			scale = math.Pow(vals[j], (singularExp-1)/2) // σ² = λ
		}
		for r := 0; r < dim; r++ {
			var s float64
			br := basis[r*d : (r+1)*d]
			for k := 0; k < d; k++ {
				s += br[k] * vecs[k*d+j]
			}
			out[r*d+j] = s * scale
		}
	}
	return out
}

// eigenSym returns the eigenvalues and eigenvectors (columns of the
// row-major n × n result) of the symmetric matrix a, which it overwrites,
// by cyclic Jacobi rotations.
func eigenSym(a []float64, n int) ([]float64, []float64) {
	v := make([]float64, n*n)
	for i := 0; i < n; i++ {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 50; sweep++ {
		var off, diag float64
		for i := 0; i < n; i++ {
			diag += a[i*n+i] * a[i*n+i]
			for j := i + 1; j < n; j++ {
				off += a[i*n+j] * a[i*n+j]
			}
		}
		if off <= 1e-22*diag || off == 0 {
			break
		}
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				apq := a[p*n+q]
				if apq == 0 {
					continue
				}
				theta := (a[q*n+q] - a[p*n+p]) / (2 * apq)
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < n; k++ { // columns p, q
					akp, akq := a[k*n+p], a[k*n+q]
					a[k*n+p], a[k*n+q] = c*akp-s*akq, s*akp+c*akq
				}
				for k := 0; k < n; k++ { // rows p, q
					apk, aqk := a[p*n+k], a[q*n+k]
					a[p*n+k], a[q*n+k] = c*apk-s*aqk, s*apk+c*aqk
				}
				for k := 0; k < n; k++ {
					vkp, vkq := v[k*n+p], v[k*n+q]
					v[k*n+p], v[k*n+q] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = a[i*n+i]
	}
	return vals, v
}

// orthonormalize makes the d columns of the row-major n × d matrix m
// orthonormal (modified Gram-Schmidt); a column that becomes zero is left
// zero.
func orthonormalize(m []float64, n, d int) {
	for j := 0; j < d; j++ {
		for i := 0; i < j; i++ {
			var dot float64
			for r := 0; r < n; r++ {
				dot += m[r*d+i] * m[r*d+j]
			}
			for r := 0; r < n; r++ {
				m[r*d+j] -= dot * m[r*d+i]
			}
		}
		var norm float64
		for r := 0; r < n; r++ {
			norm += m[r*d+j] * m[r*d+j]
		}
		if norm < 1e-20 {
			for r := 0; r < n; r++ {
				m[r*d+j] = 0
			}
			continue
		}
		inv := 1 / math.Sqrt(norm)
		for r := 0; r < n; r++ {
			m[r*d+j] *= inv
		}
	}
}

func normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}

// points is a row-major set of unit vectors of dimension d.
type points struct {
	v []float32
	d int
}

func (p points) n() int             { return len(p.v) / p.d }
func (p points) at(i int) []float32 { return p.v[i*p.d : (i+1)*p.d] }

// nearest returns the index of the point with the largest dot product with
// q (the first of equals).
func (p points) nearest(q []float32) int {
	best, bestDot := 0, float32(math.Inf(-1))
	for i := 0; i < p.n(); i++ {
		if s := dot(p.at(i), q); s > bestDot {
			best, bestDot = i, s
		}
	}
	return best
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// kmeans clusters the unit vectors x (with weights w, nil for 1) into at most
// k classes by spherical k-means with a k-means++ start and returns the unit
// centroids. Fewer than k centroids result when x has fewer distinct points.
func kmeans(ctx context.Context, x points, w []float64, k, iters int, rng *rand.Rand) (points, error) {
	n, d := x.n(), x.d
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	// k-means++: each new centre is drawn with probability proportional to
	// weight × squared distance to the nearest centre so far.
	cent := points{d: d}
	dist := make([]float64, n)
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	next := rng.IntN(n)
	for len(cent.v) < k*d {
		if len(cent.v)%(64*d) == 0 {
			if err := ctx.Err(); err != nil {
				return cent, err
			}
		}
		c := x.at(next)
		cent.v = append(cent.v, c...)
		var total float64
		for i := 0; i < n; i++ {
			dd := float64(2 - 2*dot(x.at(i), c))
			if dd < 1e-9 {
				dd = 0
			}
			dist[i] = min(dist[i], dd)
			total += weight(i) * dist[i]
		}
		if total <= 0 {
			break
		}
		u := rng.Float64() * total
		next = n - 1
		for i := 0; i < n; i++ {
			u -= weight(i) * dist[i]
			if u < 0 && dist[i] > 0 {
				next = i
				break
			}
		}
		for dist[next] == 0 {
			next--
		}
	}
	k = cent.n()
	assign := make([]int, n)
	sum := make([]float64, k*d)
	for it := 0; it < iters; it++ {
		if err := ctx.Err(); err != nil {
			return cent, err
		}
		changed := 0
		for i := 0; i < n; i++ {
			a := cent.nearest(x.at(i))
			if a != assign[i] || it == 0 {
				changed++
			}
			assign[i] = a
		}
		if changed == 0 {
			break
		}
		clear(sum)
		for i := 0; i < n; i++ {
			s, wi := sum[assign[i]*d:(assign[i]+1)*d], weight(i)
			for j, v := range x.at(i) {
				s[j] += wi * float64(v)
			}
		}
		for c := 0; c < k; c++ {
			s := sum[c*d : (c+1)*d]
			var norm float64
			for _, v := range s {
				norm += v * v
			}
			if norm == 0 {
				continue // empty class: keep the old centroid
			}
			inv := 1 / math.Sqrt(norm)
			for j, v := range s {
				cent.v[c*d+j] = float32(v * inv)
			}
		}
	}
	if k == 0 {
		return cent, fmt.Errorf("wordstats: no points to cluster")
	}
	return cent, nil
}
