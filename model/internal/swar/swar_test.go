package swar

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func randomRows(r *rand.Rand, n int) []Group {
	rows := make([]Group, n)
	for i := range rows {
		for j := range rows[i] {
			rows[i][j] = r.Uint64()
		}
	}
	return rows
}

// TestSum checks the fast path against the reference for every row
// length, on rows that wrap around (only the words of acc below g count).
func TestSum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	rows := randomRows(r, 200+Pad)
	for g := 1; g <= MaxGroups; g++ {
		for _, n := range []int{0, 1, 2, 7, 64} {
			offs := make([]uint32, n)
			for i := range offs {
				offs[i] = uint32(r.IntN(200 + 1))
			}
			var want, got [MaxGroups]Group
			want[0][0], got[0][0] = 5, 5
			SumRef(&want, rows, offs, g)
			Sum(&got, rows, offs, g)
			if d := cmp.Diff(want[:g], got[:g]); d != "" {
				t.Errorf("g=%d n=%d (-ref +fast):\n%s", g, n, d)
			}
		}
	}
}

// TestSumLanes checks the use the package is for: biased 32-bit lanes sum
// to the biased sum of the values.
func TestSumLanes(t *testing.T) {
	const bias = 1 << 15
	vals := [][16]int32{{1, -2, 3, 32767, -32768}, {-7, 8, 0, 1, 1}, {100, -100, 5, 0, -32768}}
	rows := make([]Group, 2*len(vals)+Pad)
	for i, v := range vals {
		for l, x := range v {
			rows[2*i+l/8][l%8/2] |= uint64(uint32(x+bias)) << (32 * (l % 2))
		}
	}
	var acc [MaxGroups]Group
	Sum(&acc, rows, []uint32{0, 2, 4, 2}, 2)
	for l := range 16 {
		want := vals[0][l] + 2*vals[1][l] + vals[2][l]
		got := int32(uint32(acc[l/8][l%8/2]>>(32*(l%2))) - 4*bias)
		if got != want {
			t.Errorf("lane %d: %d, want %d", l, got, want)
		}
	}
}

func TestSumPanics(t *testing.T) {
	rows := make([]Group, 10)
	for _, c := range []struct {
		offs []uint32
		g    int
	}{{[]uint32{3}, 4}, {[]uint32{0}, 0}, {[]uint32{0}, 9}, {[]uint32{1<<32 - 1}, 1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Sum(offs %v, g %d) on 10 groups did not panic", c.offs, c.g)
				}
			}()
			var acc [MaxGroups]Group
			Sum(&acc, rows, c.offs, c.g)
		}()
	}
}

func BenchmarkSum(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	rows := randomRows(r, 8000*4+Pad)
	offs := make([]uint32, 40)
	for i := range offs {
		offs[i] = uint32(r.IntN(8000)) * 4
	}
	var acc [MaxGroups]Group
	for _, c := range []struct {
		name string
		f    func(*[MaxGroups]Group, []Group, []uint32, int)
	}{{"fast", Sum}, {"ref", SumRef}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f(&acc, rows, offs, 4)
			}
			b.ReportMetric(float64(b.N*len(offs))/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
