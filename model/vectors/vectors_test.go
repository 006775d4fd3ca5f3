package vectors

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/internal/shared"
)

// ngramsByStrings is the reference for forNgrams: it builds every n-gram
// as a string.
func ngramsByStrings(word string, minN, maxN int) []uint64 {
	chars := []string{"<"}
	for _, r := range word {
		chars = append(chars, string(r))
	}
	chars = append(chars, ">")
	var out []uint64
	for a := range chars {
		for n := minN; n <= maxN && a+n <= len(chars); n++ {
			if a == 0 && n == len(chars) {
				continue
			}
			h := fnv.New64a()
			for _, c := range chars[a : a+n] {
				h.Write([]byte(c))
			}
			out = append(out, h.Sum64())
		}
	}
	return out
}

func TestNgrams(t *testing.T) {
	for _, w := range []string{"a", "ab", "Haus", "Müller", "Straße", "NATO-Außenministertreffen", "😀x"} {
		for _, n := range [][2]int{{3, 6}, {1, 2}, {2, 9}} {
			var got []uint64
			forNgrams(w, n[0], n[1], func(h uint64) { got = append(got, h) })
			want := ngramsByStrings(w, n[0], n[1])
			slices.Sort(got)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q, n %v: (-want +got)\n%s", w, n, diff)
			}
		}
	}
	count := 0
	forNgrams("", 1, 6, func(uint64) { count++ })
	if count != 0 {
		t.Errorf("the empty word has %d n-grams", count)
	}
}

// topicCorpus returns sentences in which the words of each group share
// their contexts: cities follow "in", weekdays follow "am".
func topicCorpus(n int) [][]string {
	cities := []string{"Berlin", "Hamburg", "München", "Köln", "Leipzig"}
	days := []string{"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"}
	rng := rand.New(rand.NewPCG(7, 7))
	var out [][]string
	for range n {
		if rng.IntN(2) == 0 {
			out = append(out, []string{"Wir", "wohnen", "seit", "Jahren", "in", cities[rng.IntN(len(cities))], "und", "bleiben", "dort", "."})
		} else {
			out = append(out, []string{"Wir", "treffen", "uns", "wieder", "am", days[rng.IntN(len(days))], "um", "acht", "Uhr", "."})
		}
	}
	return out
}

func train(t testing.TB, o Options, sents [][]string) *Table {
	t.Helper()
	b := NewBuilder(o)
	for _, s := range sents {
		b.AddWords(s)
	}
	tab, err := b.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func smallOptions(workers int) Options {
	return Options{Dims: 16, Buckets: 1 << 10, Epochs: 3, Workers: workers, Chunk: 200, Sample: 1, Seed: 3}
}

func TestTrainLearnsContexts(t *testing.T) {
	tab := train(t, smallOptions(2), topicCorpus(3000))
	for _, tc := range []struct{ word, same, other string }{
		{"Berlin", "Hamburg", "Montag"},
		{"Dienstag", "Freitag", "Köln"},
	} {
		near := tab.Nearest(tc.word, 4, 0)
		var words []string
		for _, n := range near {
			words = append(words, n.Word)
		}
		if !slices.Contains(words, tc.same) || slices.Contains(words, tc.other) {
			t.Errorf("neighbours of %s: %v, want %s among them and not %s", tc.word, words, tc.same, tc.other)
		}
	}
}

func TestVectorUnknownWord(t *testing.T) {
	tab := train(t, smallOptions(1), topicCorpus(500))
	v := make([]float32, tab.Dims())
	if tab.ID("Hamburgs") >= 0 {
		t.Fatal("Hamburgs is in the vocabulary")
	}
	if !tab.Vector(v, "Hamburgs") || slices.Equal(v, make([]float32, len(v))) {
		t.Error("an unknown word got no vector from its n-grams")
	}
	if tab.Vector(v, "") {
		t.Error("the empty word has a vector")
	}
}

func TestTrainDeterministic(t *testing.T) {
	sents := topicCorpus(1000)
	a := train(t, smallOptions(2), sents)
	b := train(t, smallOptions(2), sents)
	if !slices.Equal(a.rows, b.rows) {
		t.Error("two trainings with the same data, options and workers differ")
	}
}

func TestTrainEmpty(t *testing.T) {
	b := NewBuilder(Options{})
	b.AddWords([]string{"selten"})
	if _, err := b.Train(context.Background()); err == nil {
		t.Error("no error for a corpus without a frequent word")
	}
	b = NewBuilder(Options{MinN: 5, MaxN: 3})
	if _, err := b.Train(context.Background()); err == nil {
		t.Error("no error for MinN > MaxN")
	}
}

func TestTrainCancelled(t *testing.T) {
	b := NewBuilder(smallOptions(2))
	for _, s := range topicCorpus(100) {
		b.AddWords(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Train(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func encode(t testing.TB, tab *Table) []byte {
	var buf bytes.Buffer
	n, err := tab.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo: %d, %v; wrote %d", n, err, buf.Len())
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	tab := train(t, smallOptions(1), topicCorpus(300))
	data := encode(t, tab)
	got, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tab, got, cmp.AllowUnexported(Table{})); diff != "" {
		t.Errorf("(-written +read)\n%s", diff)
	}
	if again := encode(t, got); !bytes.Equal(again, data) {
		t.Error("re-encoding gives other bytes")
	}
}

func TestReadCorrupt(t *testing.T) {
	data := encode(t, train(t, smallOptions(1), topicCorpus(300)))
	for n := 0; n < len(data); n += 1 + n/8 {
		if _, err := Read(bytes.NewReader(data[:n])); !errors.Is(err, ErrFormat) {
			t.Fatalf("truncated to %d bytes: got %v, want ErrFormat", n, err)
		}
	}
	for _, at := range []int{9, 13, 21, headerLen + 2, len(data) / 2, len(data) - 5} {
		bad := bytes.Clone(data)
		bad[at] ^= 0x40
		if _, err := Read(bytes.NewReader(bad)); !errors.Is(err, ErrFormat) {
			t.Errorf("byte %d flipped: got %v, want ErrFormat", at, err)
		}
	}
	// A header declaring more than the limits is refused before
	// anything is allocated.
	huge := bytes.Clone(data[:headerLen])
	copy(huge[20:], []byte{0xff, 0xff, 0xff, 0x7f})
	if _, err := Read(bytes.NewReader(huge)); !errors.Is(err, ErrFormat) {
		t.Errorf("huge vocabulary: got %v", err)
	}
}

// TestCourtsNeighbours learns vectors from the court decisions of the
// shared data (2.1M tokens) and checks neighbours a lawyer would expect.
func TestCourtsNeighbours(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 2M tokens")
	}
	path := shared.ForTest(t, "unlabelled", "ler_courts_sentences.txt.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(Options{Dims: 50, Epochs: 1, Workers: 2, Seed: 1})
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		b.Add(sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	tab, err := b.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word string
		any  []string // at least one of these among the 5 nearest
	}{
		{"Landgericht", []string{"Amtsgericht", "Oberlandesgericht", "Landgerichts"}},
		{"Oktober", []string{"September", "November", "Dezember", "Januar"}},
		{"Klägerin", []string{"Kläger", "Beklagte", "Antragstellerin"}},
		{"Bundesfinanzhofs", []string{"Bundesfinanzhof", "Bundesgerichtshofs", "Bundessozialgerichts"}}, // ends in -s
	} {
		near := tab.Nearest(tc.word, 5, 20000)
		var words []string
		for _, n := range near {
			words = append(words, n.Word)
		}
		if !slices.ContainsFunc(words, func(w string) bool { return slices.Contains(tc.any, w) }) {
			t.Errorf("neighbours of %s: %v, want one of %v", tc.word, words, tc.any)
		}
		t.Log(tc.word, fmt.Sprint(words))
	}
}

func TestCompact(t *testing.T) {
	tab := train(t, smallOptions(1), topicCorpus(300))
	c := tab.Compact(5)
	if c.Len() != 5 || !c.Quantized() || tab.Quantized() {
		t.Fatalf("Compact(5): %d words, quantised %v", c.Len(), c.Quantized())
	}
	// Vectors stay close: the rows lose under 1/254 of their largest value.
	v, w := make([]float32, tab.Dims()), make([]float32, tab.Dims())
	for _, word := range []string{tab.Word(0), tab.Word(4), "Hamburgs", tab.Word(tab.Len() - 1)} {
		tab.Vector(v, word)
		c.Vector(w, word)
		if word == tab.Word(tab.Len()-1) {
			continue // left out of the vocabulary: n-grams only
		}
		for k := range v {
			if d := v[k] - w[k]; d > 0.01 || d < -0.01 {
				t.Errorf("%s[%d]: %v compacted to %v", word, k, v[k], w[k])
			}
		}
	}
	data := encode(t, c)
	got, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, got, cmp.AllowUnexported(Table{})); diff != "" {
		t.Errorf("(-written +read)\n%s", diff)
	}
	if len(data) >= len(encode(t, tab)) {
		t.Error("the compact file is not smaller")
	}
	for n := 0; n < len(data); n += 1 + n/8 {
		if _, err := Read(bytes.NewReader(data[:n])); !errors.Is(err, ErrFormat) {
			t.Fatalf("truncated to %d bytes: got %v", n, err)
		}
	}
}

// FuzzRead feeds mutated files to Read: it must return a table or an
// error, never panic.
func FuzzRead(f *testing.F) {
	tab := &Table{dims: 4, minN: 3, maxN: 4, words: []string{"Berlin", "in", "Köln"}, buckets: 8, rows: make([]float32, 11*4)}
	for i := range tab.rows {
		tab.rows[i] = float32(i%7) - 3
	}
	tab.index()
	f.Add(encode(f, tab))
	f.Add(encode(f, tab.Compact(3)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if tab, err := Read(bytes.NewReader(data)); err == nil {
			tab.Vector(make([]float32, tab.Dims()), "Berlin")
		}
	})
}
