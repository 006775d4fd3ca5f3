package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/internal/benchtext"
	"github.com/namen-nlp/namen/model"
)

// chunks cuts text with a paragraphs reader of the given cap.
func chunks(t *testing.T, r io.Reader, max int) []string {
	t.Helper()
	p := paragraphs{r: r, max: max}
	var out []string
	for {
		c, err := p.next()
		if len(c) > max {
			t.Fatalf("chunk of %d bytes exceeds the cap %d", len(c), max)
		}
		if len(c) > 0 {
			out = append(out, c)
		}
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestParagraphs(t *testing.T) {
	for _, tc := range []struct {
		text string
		max  int
		want []string
	}{
		{"", 100, nil},
		{"eins", 100, []string{"eins"}},
		{"eins\n\nzwei\n", 100, []string{"eins\n\n", "zwei\n"}},
		{"eins\n \t\n\n\nzwei\n\n", 100, []string{"eins\n \t\n\n\n", "zwei\n\n"}},
		{"eins\r\n\r\nzwei", 100, []string{"eins\r\n\r\n", "zwei"}},
		{"\n\neins", 100, []string{"\n\n", "eins"}},
		// Over-long paragraphs: cut at a line end, else at white space, else at a character boundary.
		{"aaaa\nbbbb\ncccc", 10, []string{"aaaa\nbbbb\n", "cccc"}},
		{"aaaa bbbb cccc", 10, []string{"aaaa bbbb ", "cccc"}},
		{"aaaaaaaaaaaaaaa", 10, []string{"aaaaaaaaaa", "aaaaa"}},
		{"aaaaaaaaaäää", 10, []string{"aaaaaaaaa", "äää"}},
		{"aaaaaaaaa€€", 10, []string{"aaaaaaaaa", "€€"}},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(tc.text)
			if one {
				r = iotest.OneByteReader(r)
			}
			got := chunks(t, r, tc.max)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (max %d, one byte %v) (-want +got):\n%s", tc.text, tc.max, one, diff)
			}
		}
	}
}

// TestParagraphsLinear checks that cutting an input into paragraphs
// searches and moves a bounded number of bytes per input byte, however
// the input is read (one byte at a time, or in large reads holding many
// tiny paragraphs) and whatever its shape.
func TestParagraphsLinear(t *testing.T) {
	const max = 64 << 10
	shapes := map[string]string{
		"spaces after a line end": "a\n" + strings.Repeat(" ", 4*max),
		"blank lines":             "a" + strings.Repeat("\n", 4*max),
		"tiny paragraphs":         strings.Repeat("a\n\n", 4*max/3),
		"no white space":          strings.Repeat("a", 4*max),
		"one line end per window": strings.Repeat("\n"+strings.Repeat("a", max-1), 4),
		"one space per window":    strings.Repeat(" "+strings.Repeat("a", max-1), 4),
	}
	for name, text := range shapes {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(text)
			if one {
				r = iotest.OneByteReader(r)
			}
			p := paragraphs{r: r, max: max}
			var got strings.Builder
			for {
				c, err := p.next()
				got.WriteString(c)
				if err != nil {
					break
				}
			}
			if got.String() != text {
				t.Errorf("%s: chunks do not rebuild the input", name)
			}
			if p.work > 4*len(text) {
				t.Errorf("%s (one byte %v): %d bytes of work for %d bytes of input", name, one, p.work, len(text))
			}
		}
	}
}

func TestParagraphsLossless(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 200_000; i++ {
		b.WriteString("Ein Satz über Russland und ä€𝄞.")
		switch i % 7 {
		case 0:
			b.WriteString("\n\n")
		case 3:
			b.WriteString("\n")
		case 5:
		default:
			b.WriteString(" ")
		}
	}
	text := b.String()
	for _, max := range []int{7, 100, 4096, 1 << 16} {
		got := chunks(t, iotest.HalfReader(strings.NewReader(text)), max)
		if strings.Join(got, "") != text {
			t.Fatalf("max %d: chunks do not rebuild the input", max)
		}
		for _, c := range got {
			if !utf8.ValidString(c) {
				t.Fatalf("max %d: chunk splits a character: %q", max, c)
			}
		}
	}
}

func TestStreamMatchesExtract(t *testing.T) {
	x := newFake(t)
	text := "Wladimir Putin kam nach Belek.\n\nDer NATO-Generalsekretär Mark Rutte sprach.\n" +
		"Russlands Delegation schwieg.\n\n\n   \nPutins Berater und die russische Seite.\n\nEnde"
	want, err := x.Entities(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	var got []Entity
	for e, err := range x.Stream(context.Background(), iotest.OneByteReader(strings.NewReader(text))) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	// Bases are supported per paragraph in Stream: compare the rest.
	strip := func(ents []Entity) []Entity {
		out := append([]Entity(nil), ents...)
		for i := range out {
			out[i].Base = ""
		}
		return out
	}
	if diff := cmp.Diff(strip(want), strip(got)); diff != "" {
		t.Errorf("Stream vs Extract (-want +got):\n%s", diff)
	}
	checkEntities(t, text, got)
	if len(got) != 7 {
		t.Errorf("%d entities, want 7", len(got))
	}
}

func TestStreamLargeParagraph(t *testing.T) {
	x := newFake(t)
	// No blank line anywhere: Stream must cut and keep offsets right.
	text := strings.Repeat("Putin traf Rutte in Belek. ", 10_000)
	n := 0
	for e, err := range x.Stream(context.Background(), strings.NewReader(text)) {
		if err != nil {
			t.Fatal(err)
		}
		if text[e.Start:e.End] != e.Text {
			t.Fatalf("entity %+v does not match the text at its offsets", e)
		}
		n++
	}
	if n != 30_000 {
		t.Errorf("%d entities, want 30000", n)
	}
}

type failReader struct{ n int }

func (r *failReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		r.n--
		return copy(p, "Putin kam.\n\n"), nil
	}
	return 0, errors.New("disk on fire")
}

// TestStreamErrors checks read errors, cancellation and stopping early,
// with one worker and with several reading ahead.
func TestStreamErrors(t *testing.T) {
	for _, workers := range []int{1, 3} {
		x := newFake(t, WithWorkers(workers))
		var ents int
		var last error
		for e, err := range x.Stream(context.Background(), &failReader{n: 3}) {
			if err != nil {
				last = err
				continue
			}
			if e.Text != "Putin" {
				t.Errorf("entity %+v", e)
			}
			ents++
		}
		if ents != 3 || last == nil || !strings.Contains(last.Error(), "disk on fire") {
			t.Errorf("got %d entities and error %v", ents, last)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, err := range x.Stream(ctx, strings.NewReader("Putin kam.")) {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled stream yielded err %v", err)
			}
		}
		// Stopping early must not read further.
		r := bytes.NewReader([]byte(strings.Repeat("Putin kam.\n\n", 100_000)))
		for range x.Stream(context.Background(), r) {
			break
		}
		if r.Len() == 0 {
			t.Error("Stream read the whole input although the loop stopped at once")
		}

		// Nothing reads the input after Stream has returned.
		cr := &countingReader{r: strings.NewReader(strings.Repeat("Putin kam.\n\n", 100_000))}
		for range x.Stream(context.Background(), cr) {
			break
		}
		n := cr.reads.Load()
		time.Sleep(20 * time.Millisecond)
		if cr.reads.Load() != n {
			t.Errorf("%d workers: the input was read after Stream returned", workers)
		}
	}
}

// countingReader counts the calls of Read.
type countingReader struct {
	r     io.Reader
	reads atomic.Int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	c.reads.Add(1)
	return c.r.Read(b)
}

// TestStreamWorkers checks that Stream with several workers gives the
// entities one worker gives, in order.
func TestStreamWorkers(t *testing.T) {
	c, err := benchtext.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(c.Docs, "\n\n")
	collect := func(x *Extractor) []Entity {
		var out []Entity
		for e, err := range x.Stream(context.Background(), iotest.HalfReader(strings.NewReader(text))) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, e)
		}
		return out
	}
	one, err := New()
	if err != nil {
		t.Fatal(err)
	}
	three, err := New(WithWorkers(3))
	if err != nil {
		t.Fatal(err)
	}
	want, got := collect(one), collect(three)
	if len(want) < 100 {
		t.Fatalf("%d entities", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("3 workers (-one +three):\n%.2000s", diff)
	}
}

func TestStreamRemembers(t *testing.T) {
	x := newFake(t)
	var bases []string
	for e, err := range x.Stream(context.Background(), strings.NewReader("Putin kam.\n\nPutins Berater schwieg.")) {
		if err != nil {
			t.Fatal(err)
		}
		bases = append(bases, e.Base)
	}
	if diff := cmp.Diff([]string{"Putin", "Putin"}, bases); diff != "" {
		t.Errorf("bases (-want +got):\n%s", diff)
	}
	// Propagation: Mark Rutte in the first paragraph makes Rutte and
	// Ruttes in the second entities.
	x, err := New(withFakeConf(map[string]string{"Mark Rutte": "PER"}, 0.95))
	if err != nil {
		t.Fatal(err)
	}
	var got []brief
	for e, err := range x.Stream(context.Background(), strings.NewReader("Mark Rutte kam.\n\nRutte und Ruttes Team.")) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, brief{e.Text, e.Type().String(), e.Base})
	}
	want := []brief{{"Mark Rutte", "PER", "Mark Rutte"}, {"Rutte", "PER", "Rutte"}, {"Ruttes", "PER", "Rutte"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("propagation across paragraphs (-want +got):\n%s", diff)
	}
}

// capsTagger tags every capitalised word as a person, sure of it.
type capsTagger struct {
	tags []model.Tag
	conf []float32
}

func (c *capsTagger) Tag(words []string) ([]model.Tag, []float32) {
	c.tags, c.conf = c.tags[:0], c.conf[:0]
	for i, w := range words {
		t := model.O
		if nameLike(w) {
			t = model.Begin(model.MakeType(model.PER, model.Name))
			if i > 0 && nameLike(words[i-1]) {
				t = model.Inside(model.MakeType(model.PER, model.Name))
			}
		}
		c.tags, c.conf = append(c.tags, t), append(c.conf, 0.95)
	}
	return c.tags, c.conf
}

// TestStreamMemoryBounded streams 400 paragraphs of 60 KB, each with a
// distinct name (and so a distinct form to propagate and name to support
// base names), from a reader that makes them on the fly: what Stream
// remembers of them is bounded in count and bytes and does not keep the
// paragraphs alive, so the heap stays small.
func TestStreamMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 24 MB; skipped with -short")
	}
	x, err := New(func(c *config) error { c.newTagger = func() tagger { return &capsTagger{} }; return nil })
	if err != nil {
		t.Fatal(err)
	}
	const paragraphs = 400
	filler := strings.Repeat("und ", 15_000)
	r := &generated{n: paragraphs, next: func(i int) string { return fmt.Sprintf("Name%d sagte %s.\n\n", i, filler) }}
	heapNow := func() int64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	before, heap := heapNow(), int64(0)
	n := 0
	for _, err := range x.Stream(context.Background(), r) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == paragraphs-1 {
			heap = heapNow() - before
		}
	}
	if n != paragraphs {
		t.Fatalf("%d entities, want %d", n, paragraphs)
	}
	if heap > 16<<20 {
		t.Errorf("heap grew by %d MB while streaming %d paragraphs of %d KB, want at most 16 MB", heap>>20, paragraphs, len(filler)>>10)
	}
}

// generated reads as the concatenation of next(0) … next(n-1).
type generated struct {
	n, i int
	next func(int) string
	buf  string
}

func (g *generated) Read(p []byte) (int, error) {
	for g.buf == "" {
		if g.i == g.n {
			return 0, io.EOF
		}
		g.buf = g.next(g.i)
		g.i++
	}
	k := copy(p, g.buf)
	g.buf = g.buf[k:]
	return k, nil
}
