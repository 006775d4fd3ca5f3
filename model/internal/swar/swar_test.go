package swar

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// packed returns a table of rows rows of g groups (then Pad groups of
// padding) with random weights, extreme ones included, and the weights.
func packed(r *rand.Rand, rows, g int) ([]Group, [][]int32) {
	table := make([]Group, rows*g+Pad)
	weights := make([][]int32, rows)
	for i := range weights {
		weights[i] = make([]int32, 8*g)
		for l := range weights[i] {
			w := int32(r.IntN(1<<16) - 1<<15)
			switch r.IntN(8) {
			case 0:
				w = math.MaxInt16
			case 1:
				w = math.MinInt16
			case 2:
				w = 0
			}
			weights[i][l] = w
			table[i*g+l/8][l%8/2] |= Lane(w) << (32 * (l % 2))
		}
	}
	for i := rows * g; i < len(table); i++ { // padding: anything
		table[i] = Group{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
	}
	return table, weights
}

// TestAddRows checks both paths against the plain sum of the weights,
// for every row length, on up to MaxRows rows.
func TestAddRows(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for g := 1; g <= MaxGroups; g++ {
		table, weights := packed(r, 50, g)
		for _, n := range []int{0, 1, 2, 7, 64, MaxRows} {
			offs := make([]uint32, n)
			var want [8 * MaxGroups]int32
			for i := range want {
				want[i] = int32(i) - 20
			}
			start := want
			for i := range offs {
				row := r.IntN(50)
				if n == MaxRows {
					row = i % 2 // the extreme rows: every sum reaches its bound
				}
				offs[i] = uint32(row * g)
				for l, w := range weights[row] {
					want[l] += w
				}
			}
			for _, f := range []struct {
				name string
				add  func(*[8 * MaxGroups]int32, []Group, []uint32, int)
			}{{"AddRows", AddRows}, {"AddRowsRef", AddRowsRef}} {
				got := start
				f.add(&got, table, offs, g)
				if d := cmp.Diff(want[:8*g], got[:8*g]); d != "" {
					t.Errorf("%s, g=%d, %d rows (-want +got):\n%s", f.name, g, n, d)
				}
			}
		}
	}
}

func TestAddRowsPanics(t *testing.T) {
	rows := make([]Group, 10)
	for _, c := range []struct {
		offs []uint32
		g    int
	}{{[]uint32{3}, 4}, {[]uint32{0, 1, 2, 3}, 1}, {[]uint32{0}, 0}, {[]uint32{0}, 9}, {[]uint32{1<<32 - 1}, 1}, {make([]uint32, MaxRows+1), 1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AddRows(%d offsets up to %d, g %d) on 10 groups did not panic", len(c.offs), c.offs[len(c.offs)-1], c.g)
				}
			}()
			var acc [8 * MaxGroups]int32
			AddRows(&acc, rows, c.offs, c.g)
		}()
	}
	var acc [8 * MaxGroups]int32
	AddRows(&acc, make([]Group, 0), nil, 1) // no rows: nothing to read
}

func BenchmarkAddRows(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	table, _ := packed(r, 8000, 7)
	offs := make([]uint32, 40)
	for i := range offs {
		offs[i] = uint32(r.IntN(8000)) * 7
	}
	var acc [8 * MaxGroups]int32
	for _, c := range []struct {
		name string
		f    func(*[8 * MaxGroups]int32, []Group, []uint32, int)
	}{{"fast", AddRows}, {"ref", AddRowsRef}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f(&acc, table, offs, 7)
			}
			b.ReportMetric(float64(b.N*len(offs))/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
