package wordstats

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// testCorpus has two groups of words with identical contexts each: places
// after "wohne in" and animals between "die" and "schläft".
func testCorpus() []string {
	var lines []string
	for i := 0; i < 6; i++ {
		for _, city := range []string{"Berlin", "Paris", "Rom"} {
			lines = append(lines, "ich wohne in "+city+" .")
		}
		for _, animal := range []string{"Hund", "Katze", "Maus"} {
			lines = append(lines, "Die "+animal+" schläft .", "ich sehe die "+animal+" .")
		}
	}
	lines = append(lines, "das Grün ist die Farbe .", "ich bin grün .", "er ist grün .", "sie ist grün .")
	return lines
}

func buildTest(t testing.TB, seed int64) *Table {
	t.Helper()
	b := NewBuilder(Options{Classes: [3]int{2, 4, 16}, Contexts: 20, MinClusterFreq: 5, Seed: seed})
	for _, line := range testCorpus() {
		b.Add(line)
	}
	b.AddGazetteer(GazPlace, "Berlin")
	b.AddGazetteer(GazPlace, "Bad Homburg")
	b.AddGazetteer(GazFirstName, "Rom")
	tab, err := b.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestBuild(t *testing.T) {
	tab := buildTest(t, 1)
	type stats struct {
		Freq       uint32
		LowerRatio float32
		Gaz        uint16
	}
	want := map[string]stats{
		"Berlin":  {6, 0, GazPlace},
		"Rom":     {6, 0, GazFirstName},
		"die":     {19, 1, 0}, // the sentence-initial "Die" does not count
		"Die":     {18, 1, 0},
		"grün":    {3, 0.75, 0},
		"Grün":    {1, 0.75, 0},
		"Bad":     {0, -1, GazPlace << PartShift},
		"Homburg": {0, -1, GazPlace << PartShift},
		"Paris":   {6, 0, 0},
		"Schäfer": {0, -1, 0},
	}
	got := map[string]stats{}
	for w := range want {
		e := tab.Lookup(w)
		got[w] = stats{e.Freq, e.LowerRatio, e.Gaz}
		if g := tab.Gaz(w); g != e.Gaz {
			t.Errorf("Gaz(%s) = %b, Lookup gives %b", w, g, e.Gaz)
		}
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-4)); diff != "" {
		t.Errorf("entries mismatch (-want +got):\n%s", diff)
	}

	cl := func(w string) [3]uint16 { return tab.Lookup(w).Cluster }
	for _, group := range [][]string{{"Berlin", "Paris", "Rom"}, {"Hund", "Katze", "Maus"}} {
		for _, w := range group {
			if cl(w)[2] == 0 {
				t.Errorf("%s has no class", w)
			}
			if cl(w) != cl(group[0]) {
				t.Errorf("%s has classes %v, %s has %v; want the same (identical contexts)", w, cl(w), group[0], cl(group[0]))
			}
		}
	}
	if cl("Berlin")[2] == cl("Hund")[2] {
		t.Errorf("Berlin and Hund share the fine class %d; want different ones", cl("Berlin")[2])
	}
	if c := cl("Grün"); c != [3]uint16{} {
		t.Errorf("Grün (1 occurrence) has classes %v; want none", c)
	}

	// Classes nest and stay within the counts.
	classes := tab.Classes()
	parent := [2]map[uint16]uint16{{}, {}}
	for i := range tab.Len() {
		c := tab.Lookup(tab.Word(i)).Cluster
		for l := 0; l < 3; l++ {
			if int(c[l]) > classes[l] || (c[l] == 0) != (c[2] == 0) {
				t.Fatalf("%s: classes %v out of range %v", tab.Word(i), c, classes)
			}
		}
		for l := 0; l < 2 && c[2] != 0; l++ {
			if p, ok := parent[l][c[l+1]]; ok && p != c[l] {
				t.Errorf("class %d at level %d has parents %d and %d", c[l+1], l+1, p, c[l])
			}
			parent[l][c[l+1]] = c[l]
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	tab := buildTest(t, 1)
	for _, w := range []string{"", "Quatsch", "\xff"} {
		if got, want := tab.Lookup(w), (Entry{LowerRatio: -1}); got != want {
			t.Errorf("Lookup(%q) = %+v, want %+v", w, got, want)
		}
	}
	// An unseen capitalisation falls back to the lower-case form's ratio.
	if got, want := tab.Lookup("ICH"), (Entry{LowerRatio: 1}); got != want {
		t.Errorf("Lookup(ICH) = %+v, want %+v", got, want)
	}
	for _, w := range []string{"", "Quatsch", "\xff", "ICH", "BERLIN"} {
		if g := tab.Gaz(w); g != 0 {
			t.Errorf("Gaz(%q) = %b, want 0", w, g)
		}
	}
	var empty Table
	if got := empty.Lookup("ich"); got.LowerRatio != -1 {
		t.Errorf("empty table: Lookup = %+v", got)
	}
	if g := empty.Gaz("Berlin"); g != 0 {
		t.Errorf("empty table: Gaz = %b", g)
	}
}

func TestLookupAllocs(t *testing.T) {
	tab := buildTest(t, 1)
	for _, w := range []string{"Berlin", "Quatsch", "ICH", strings.Repeat("Ä", 100)} {
		if n := testing.AllocsPerRun(100, func() { tab.Lookup(w) }); n != 0 {
			t.Errorf("Lookup(%q) allocates %v times", w, n)
		}
	}
}

func encode(t testing.TB, tab *Table) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := tab.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo returned %d, wrote %d bytes", n, buf.Len())
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	tab := buildTest(t, 1)
	data := encode(t, tab)
	// Read must stop at the end of the table.
	r := bytes.NewReader(append(bytes.Clone(data), "trailer"...))
	got, err := Read(r)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != len("trailer") {
		t.Errorf("Read left %d bytes, want %d", r.Len(), len("trailer"))
	}
	entries := func(tab *Table) map[string]Entry {
		m := map[string]Entry{}
		for i := range tab.Len() {
			m[tab.Word(i)] = tab.Lookup(tab.Word(i))
		}
		return m
	}
	if diff := cmp.Diff(entries(tab), entries(got)); diff != "" {
		t.Errorf("entries after round trip (-want +got):\n%s", diff)
	}
	if got.Classes() != tab.Classes() {
		t.Errorf("Classes() = %v, want %v", got.Classes(), tab.Classes())
	}
	if !bytes.Equal(encode(t, got), data) {
		t.Error("re-encoding the read table gives different bytes")
	}
}

func TestDeterministic(t *testing.T) {
	a, b := encode(t, buildTest(t, 7)), encode(t, buildTest(t, 7))
	if !bytes.Equal(a, b) {
		t.Error("two builds with the same input and seed differ")
	}
}

// withCRC returns data with its checksum recomputed.
func withCRC(data []byte) []byte {
	data = bytes.Clone(data)
	n := len(data) - 4
	binary.LittleEndian.PutUint32(data[n:], crc32.Checksum(data[:n], crcTable))
	return data
}

func TestReadCorrupt(t *testing.T) {
	data := encode(t, buildTest(t, 1))
	le := binary.LittleEndian
	set32 := func(off int, v uint32) []byte {
		d := bytes.Clone(data)
		le.PutUint32(d[off:], v)
		return d
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "header"},
		{"magic", append([]byte("NAMENWX\x00"), data[8:]...), "bad magic"},
		{"version", set32(8, formatVersion+1), "version 3"},
		{"words", set32(12, 1<<30), "exceeds the limit"},
		{"blob", set32(16, 1<<30), "exceeds the limit"},
		{"body", set32(28, 1<<31), "exceeds the limit"},
		{"short body", set32(28, uint32(len(data))), "truncated"},
		{"checksum", set32(12, le.Uint32(data[12:])+1), "checksum"},
		{"count", withCRC(set32(12, le.Uint32(data[12:])+1)), "declared"},
	}
	for _, tt := range tests {
		_, err := Read(bytes.NewReader(tt.data))
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Read error = %v, want ErrFormat containing %q", tt.name, err, tt.want)
		}
	}
	for n := 0; n < len(data); n++ {
		if _, err := Read(bytes.NewReader(data[:n])); !errors.Is(err, ErrFormat) {
			t.Fatalf("truncated to %d of %d bytes: err = %v, want ErrFormat", n, len(data), err)
		}
	}
	for i := 0; i < len(data); i++ {
		d := bytes.Clone(data)
		d[i] ^= 1 << (i % 8)
		if _, err := Read(bytes.NewReader(d)); !errors.Is(err, ErrFormat) {
			t.Fatalf("bit flipped in byte %d: err = %v, want ErrFormat", i, err)
		}
	}
}

// TestReadInvalid checks that content with a valid checksum but broken
// invariants is rejected.
func TestReadInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Table)
		want   string
	}{
		{"unsorted", func(t *Table) { t.blob = "ba" }, "increasing order"},
		{"duplicate", func(t *Table) { t.blob = "aa" }, "increasing order"},
		{"empty word", func(t *Table) { t.offs[1] = 0 }, "empty"},
		{"class", func(t *Table) { t.cluster[1][0] = 9 }, "exceeds"},
	}
	for _, tt := range tests {
		tab := &Table{n: 2, blob: "ab", offs: []uint32{0, 1, 2}, freq: []uint32{1, 2}, lower: []uint16{0, noLower},
			gaz: []uint16{0, 0}, classes: [3]uint16{1, 2, 3}}
		for l := range tab.cluster {
			tab.cluster[l] = []uint16{1, 0}
		}
		tt.change(tab)
		_, err := Read(bytes.NewReader(encode(t, tab)))
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Read error = %v, want ErrFormat containing %q", tt.name, err, tt.want)
		}
	}
}

func TestFinishCancelled(t *testing.T) {
	b := NewBuilder(Options{})
	for _, line := range testCorpus() {
		b.Add(line)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Finish(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Finish with a cancelled context: err = %v, want context.Canceled", err)
	}
}

func ExampleTable_Lookup() {
	b := NewBuilder(Options{Seed: 1})
	for i := 0; i < 5; i++ {
		b.Add("Heute tagt der Bundestag in Berlin.")
		b.Add("Wir fahren morgen nach Berlin und heute nach Bonn.")
	}
	b.AddGazetteer(GazPlace, "Bonn")
	tab, err := b.Finish(context.Background())
	if err != nil {
		panic(err)
	}
	for _, w := range []string{"Berlin", "Bonn", "Heute", "heute", "Paris"} {
		e := tab.Lookup(w)
		fmt.Printf("%s: freq %d, lower %.2f, place %t\n", w, e.Freq, e.LowerRatio, e.Gaz&GazPlace != 0)
	}
	// Output:
	// Berlin: freq 10, lower 0.00, place false
	// Bonn: freq 5, lower 0.00, place true
	// Heute: freq 5, lower 1.00, place false
	// heute: freq 5, lower 1.00, place false
	// Paris: freq 0, lower -1.00, place false
}

func TestEigenSym(t *testing.T) {
	const n = 5
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			v := float64((i*7+j*3)%11) - 5
			a[i*n+j], a[j*n+i] = v, v
		}
	}
	orig := slices.Clone(a)
	vals, vecs := eigenSym(a, n)
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			var av float64
			for j := 0; j < n; j++ {
				av += orig[i*n+j] * vecs[j*n+k]
			}
			if math.Abs(av-vals[k]*vecs[i*n+k]) > 1e-9 {
				t.Fatalf("eigenpair %d: (A·v)[%d] = %g, λ·v[%d] = %g", k, i, av, i, vals[k]*vecs[i*n+k])
			}
		}
	}
}
