package model

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/model/internal/swar"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/model/wordstats"
)

// toy is a tiny hand-made training corpus.
var toy = []Sentence{
	sent("Angela/B-PER Merkel/I-PER besucht/O Berlin/B-LOC ./O"),
	sent("Der/O NATO-Generalsekretär/B-ORGpart sprach/O in/O Brüssel/B-LOC ./O"),
	sent("Die/O russischen/B-LOCderiv Truppen/O ziehen/O ab/O ./O"),
	sent("Mark/B-PER Rutte/I-PER traf/O die/O Vertreter/O der/O Europäischen/B-ORG Union/I-ORG ./O"),
	sent("Siemens/B-ORG baut/O in/O München/B-LOC ./O"),
	sent("Er/O las/O „/O Die/B-OTH Blechtrommel/I-OTH “/O ./O"),
}

func sent(s string) Sentence {
	var out Sentence
	for _, f := range strings.Fields(s) {
		i := strings.LastIndexByte(f, '/')
		g, err := ParseTag(f[i+1:])
		if err != nil {
			panic(err)
		}
		out.Words = append(out.Words, f[:i])
		out.Tags = append(out.Tags, g)
	}
	return out
}

func trainToy(t *testing.T, opt TrainOptions) *Model {
	t.Helper()
	if opt.Epochs == 0 {
		opt.Epochs = 5
	}
	m, err := Train(toy, toy, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func encodeModel(t *testing.T, m *Model) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := m.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Fatalf("WriteTo returned %d, wrote %d bytes", n, b.Len())
	}
	return b.Bytes()
}

func TestTrainToyLearnsTrainingData(t *testing.T) {
	for _, o := range []TrainOptions{{Loss: "crf"}, {Loss: "perceptron"}, {Loss: "crf", BIO: true}, {Loss: "perceptron", BIO: true}} {
		o.Epochs = 10
		m := trainToy(t, o)
		for _, s := range toy {
			tags, conf := m.Tag(s.Words)
			if !slices.Equal(tags, s.Tags) {
				t.Errorf("%s BIO=%v: %q: got %v, want %v", o.Loss, o.BIO, s.Words, tags, s.Tags)
			}
			for i, c := range conf {
				if !(c >= 0 && c <= 1) {
					t.Errorf("conf[%d] = %v, not in [0,1]", i, c)
				}
			}
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	m := trainToy(t, TrainOptions{})
	data := encodeModel(t, m)
	m2, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if again := encodeModel(t, m2); !bytes.Equal(data, again) {
		t.Error("writing a loaded model gives different bytes")
	}
	if m2.Info() != m.Info() || m2.NumFeatures() != m.NumFeatures() {
		t.Error("info or feature count changed in the round trip")
	}
	if len(m.lex) == 0 || !maps.Equal(m.lex, m2.lex) {
		t.Errorf("name lexicon %v, after the round trip %v", m.lex, m2.lex)
	}
	for _, s := range toy {
		a, ca := m.Tag(s.Words)
		b, cb := m2.Tag(s.Words)
		if !slices.Equal(a, b) || !slices.Equal(ca, cb) {
			t.Errorf("%q: tags or confidences differ after the round trip", s.Words)
		}
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	data := encodeModel(t, trainToy(t, TrainOptions{}))
	good, bad := filepath.Join(dir, "toy.nmod"), filepath.Join(dir, "bad.nmod")
	if err := os.WriteFile(good, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encodeModel(t, m), data) {
		t.Error("LoadFile gives a different model than the one written")
	}
	if _, err := LoadFile(bad); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), bad) {
		t.Errorf("truncated file: error %v, want ErrFormat naming the path", err)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.nmod")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want fs.ErrNotExist", err)
	}
}

func TestLoadCorrupt(t *testing.T) {
	data := encodeModel(t, trainToy(t, TrainOptions{}))
	withHeader := func(f func(h []byte)) []byte {
		b := slices.Clone(data)
		f(b)
		return b
	}
	cases := map[string][]byte{
		"empty":          nil,
		"short header":   data[:10],
		"truncated":      data[:len(data)-7],
		"trailing data":  append(slices.Clone(data), 0),
		"wrong magic":    withHeader(func(h []byte) { copy(h, "NOTAMODL") }),
		"future version": withHeader(func(h []byte) { binary.LittleEndian.PutUint32(h[8:], 99) }),
		"bit flip":       withHeader(func(h []byte) { h[len(h)/2] ^= 0x10 }),
		"absurd raw size": withHeader(func(h []byte) {
			binary.LittleEndian.PutUint64(h[24:], 1<<40)
		}),
		"absurd compressed size": withHeader(func(h []byte) {
			binary.LittleEndian.PutUint64(h[16:], 1<<40)
		}),
		"wrong raw size": withHeader(func(h []byte) {
			binary.LittleEndian.PutUint64(h[24:], binary.LittleEndian.Uint64(h[24:])+1)
		}),
	}
	for name, b := range cases {
		m, err := Load(bytes.NewReader(b))
		if err == nil || m != nil {
			t.Errorf("%s: Load succeeded", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "model: load: ") {
			t.Errorf("%s: error %q lacks context", name, err)
		}
		var verr *VersionError
		switch isVersion := errors.As(err, &verr); {
		case name == "future version":
			if !isVersion || verr.Got != 99 || verr.Want != formatVersion || errors.Is(err, ErrFormat) {
				t.Errorf("%s: got %v, want a *VersionError{99, %d} only", name, err, formatVersion)
			}
		case isVersion || !errors.Is(err, ErrFormat):
			t.Errorf("%s: error %q does not wrap ErrFormat (or is a VersionError)", name, err)
		}
	}
	// A failing reader is the reader's error, not a format error.
	ioErr := errors.New("disk on fire")
	if _, err := Load(io.MultiReader(bytes.NewReader(data[:40]), iotest.ErrReader(ioErr))); !errors.Is(err, ioErr) || errors.Is(err, ErrFormat) {
		t.Errorf("reader error: got %v, want the reader's error without ErrFormat", err)
	}
}

// TestDecodePayloadCorrupt feeds payloads with hostile counts to the
// decoder directly (past the checksum).
func TestDecodePayloadCorrupt(t *testing.T) {
	m := trainToy(t, TrainOptions{})
	k := m.k
	head := []byte{byte(m.enc), byte(k)}
	head = binary.LittleEndian.AppendUint64(head, m.mask)
	head = binary.LittleEndian.AppendUint32(head, math.Float32bits(1))
	head = binary.LittleEndian.AppendUint32(head, math.Float32bits(1))
	body := slices.Clone(head)
	want, final := m.enc.Constraints()
	for _, v := range append(want, final...) {
		body = binary.LittleEndian.AppendUint32(body, math.Float32bits(v))
	}
	huge := binary.AppendUvarint(slices.Clone(body), 1<<40) // 2^40 rows
	if _, err := decode(huge, formatVersion); err == nil || !strings.Contains(err.Error(), "do not fit") {
		t.Errorf("2^40 rows: got %v", err)
	}
	badScheme := slices.Clone(body)
	badScheme[0] = 9
	if _, err := decode(badScheme, formatVersion); err == nil {
		t.Error("unknown scheme accepted")
	}
	nan := slices.Clone(body)
	binary.LittleEndian.PutUint32(nan[len(head):], math.Float32bits(float32(math.NaN())))
	if _, err := decode(append(nan, 0, 0, 0, 0), formatVersion); err == nil {
		t.Error("NaN transition accepted")
	}
	longRow := append(slices.Clone(body), 1, 5) // one row, hash 5
	longRow = binary.AppendUvarint(longRow, uint64(k+1))
	if _, err := decode(append(longRow, make([]byte, 3*(k+1)+3)...), formatVersion); err == nil || !strings.Contains(err.Error(), "weights for") {
		t.Errorf("row with more weights than labels: got %v", err)
	}
	badLabel := append(slices.Clone(body), 1, 5, 1, byte(k), 2, 0, 0)
	if _, err := decode(badLabel, formatVersion); err == nil {
		t.Error("weight for label k accepted")
	}
	empty := append(slices.Clone(body), 0, 0, 0) // no rows, no info, no stats
	if _, err := decode(empty, 2); err != nil {
		t.Errorf("minimal version 2 payload rejected: %v", err)
	}
	if _, err := decode(empty, formatVersion); err == nil {
		t.Error("version 3 payload without a lexicon accepted")
	}
	lex := func(entries ...byte) []byte { return append(slices.Clone(empty), entries...) }
	if m, err := decode(lex(2, 7, 1, 3, 12), formatVersion); err != nil || len(m.lex) != 2 || m.lex[7] != 1 || m.lex[10] != 12 {
		t.Errorf("lexicon {7: 1, 10: 12}: got %v, %v", m, err)
	}
	for name, p := range map[string][]byte{
		"2^40 entries":      binary.AppendUvarint(slices.Clone(empty), 1<<40),
		"no class bits":     lex(1, 7, 0),
		"unknown class bit": lex(1, 7, 1<<numClasses),
		"repeated hash":     lex(2, 7, 1, 0, 1),
		"truncated":         lex(2, 7, 1, 3),
	} {
		if _, err := decode(p, formatVersion); err == nil {
			t.Errorf("lexicon with %s accepted", name)
		}
	}
}

// TestDecodeAlwaysValid tags random sentences with random weights that
// push hard towards I- tags: the output must still be valid BIO.
func TestDecodeAlwaysValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"Die", "NATO", "in", "Berlin", "-", ".", "Müller", "russischen", "EU-Gipfel", "„", "1990"}
	for _, sch := range []Encoding{BIO, BILOU} {
		m := randomModel(sch, vocab, rng, nil)
		tg := m.NewTagger()
		for range 300 {
			words := make([]string, 1+rng.IntN(12))
			for i := range words {
				words[i] = vocab[rng.IntN(len(vocab))]
			}
			tags, conf := tg.Tag(words)
			if len(tags) != len(words) || len(conf) != len(words) {
				t.Fatalf("%s: %d words, %d tags, %d confidences", sch, len(words), len(tags), len(conf))
			}
			prev := O
			for i, g := range tags {
				if !ValidAfter(prev, g) {
					t.Fatalf("%s: invalid sequence %v for %q", sch, tags, words)
				}
				if !(conf[i] >= 0 && conf[i] <= 1) {
					t.Fatalf("%s: confidence %v", sch, conf[i])
				}
				prev = g
			}
		}
	}
}

// randomModel returns a model with random weights for the features of
// random sentences over vocab; with stats, it has every template,
// without, none of the statistics templates.
func randomModel(sch Encoding, vocab []string, rng *rand.Rand, stats *wordstats.Table) *Model {
	x := extractor{mask: allTemplates &^ statsTemplates, stats: stats}
	if stats != nil {
		x.mask = allTemplates
	}
	seen := map[uint64]bool{}
	for range 200 {
		words := make([]string, 1+rng.IntN(6))
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		x.run(words)
		for _, h := range x.feats {
			seen[h] = true
		}
	}
	m := &Model{enc: sch, k: sch.NumLabels(), mask: x.mask, stats: stats, wscale: 0.01, cscale: 1}
	var keys []uint64
	for h := range seen {
		keys = append(keys, h)
	}
	slices.Sort(keys)
	row := make([]int16, m.k)
	for _, h := range keys {
		for l := range row {
			row[l] = int16(rng.IntN(2000) - 1000)
			if sch.Tag(l).IsInside() {
				row[l] = 32000 // adversarial: every token wants an I- tag
			}
		}
		m.addRow(h, row)
	}
	m.trans, m.final = sch.Constraints()
	for i, v := range m.trans {
		if !math.IsInf(float64(v), -1) {
			m.trans[i] = float32(rng.NormFloat64() * 5)
		}
	}
	if err := m.init(); err != nil {
		panic(err)
	}
	return m
}

func TestTrainDeterministic(t *testing.T) {
	for _, loss := range []string{"crf", "perceptron"} {
		a := encodeModel(t, trainToy(t, TrainOptions{Seed: 7, Loss: loss}))
		b := encodeModel(t, trainToy(t, TrainOptions{Seed: 7, Loss: loss}))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two trainings with the same seed give different model files", loss)
		}
	}
}

func TestTaggerEmptyAndNoAllocs(t *testing.T) {
	m := trainToy(t, TrainOptions{})
	tg := m.NewTagger()
	if tags, conf := tg.Tag(nil); len(tags) != 0 || len(conf) != 0 {
		t.Errorf("empty sentence: %v %v", tags, conf)
	}
	words := toy[3].Words
	tg.Tag(words)
	if n := testing.AllocsPerRun(50, func() { tg.Tag(words) }); n != 0 {
		t.Errorf("Tagger.Tag allocates %v times per sentence", n)
	}
}

// TestTaggerDropsHugeBuffers checks that a Tagger lets go of the buffers
// of a huge sentence at its next, shorter one, and tags it as before.
func TestTaggerDropsHugeBuffers(t *testing.T) {
	m := trainToy(t, TrainOptions{})
	tg := m.NewTagger()
	words := toy[3].Words
	tags, conf := tg.Tag(words)
	want := [2]any{slices.Clone(tags), slices.Clone(conf)}
	huge := make([]string, 0, 4*keepWords)
	for len(huge) < 4*keepWords {
		huge = append(huge, words...)
	}
	tg.Tag(huge)
	if cap(tg.emit) < len(huge) {
		t.Fatalf("buffers did not grow for %d words", len(huge))
	}
	tags, conf = tg.Tag(words)
	if cap(tg.emit) > 2*keepWords*m.k || cap(tg.dec.tags) > 2*keepWords {
		t.Errorf("after %d words and %d words, buffers hold %d emissions and %d tags", len(huge), len(words), cap(tg.emit), cap(tg.dec.tags))
	}
	if diff := cmp.Diff(want, [2]any{tags, conf}); diff != "" {
		t.Errorf("tags after the huge sentence (-before +after):\n%s", diff)
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, toy, TrainOptions{}); err == nil {
		t.Error("no training data accepted")
	}
	if _, err := Train(toy, nil, TrainOptions{}); err == nil {
		t.Error("no dev data accepted")
	}
	bad := []Sentence{{Words: []string{"a", "b"}, Tags: []Tag{O}}}
	if _, err := Train(bad, toy, TrainOptions{}); err == nil {
		t.Error("words/tags length mismatch accepted")
	}
	withEmpty := append([]Sentence{{}}, toy...)
	if _, err := Train(withEmpty, withEmpty, TrainOptions{Epochs: 1}); err != nil {
		t.Errorf("empty sentence: %v", err)
	}
	if _, err := Train(toy, toy, TrainOptions{Disable: []string{"nope"}}); err == nil {
		t.Error("unknown feature group accepted")
	}
	if _, err := Train(toy, toy, TrainOptions{Loss: "svm"}); err == nil {
		t.Error("unknown loss accepted")
	}
	for _, w := range []float32{-1, float32(math.NaN()), float32(math.Inf(1))} {
		weighted := append([]Sentence{{Words: []string{"a"}, Tags: []Tag{O}, Weight: w}}, toy...)
		if _, err := Train(weighted, toy, TrainOptions{Epochs: 1}); err == nil {
			t.Errorf("weight %v accepted", w)
		}
	}
}

// TestTrainWeight checks that Sentence.Weight decides between gold and
// contradicting sentences: five sentences that call Siemens a person
// outvote the one that calls it an organisation at weight 1, not at 0.01.
func TestTrainWeight(t *testing.T) {
	dev := toy[:4] // without Siemens, so that dev does not pick a side
	for _, loss := range []string{"crf", "perceptron"} {
		for _, c := range []struct {
			weight float32
			want   Tag
		}{{1, mustTag("B-PER")}, {0.01, mustTag("B-ORG")}} {
			train := slices.Clone(toy)
			for range 5 {
				s := sent("Siemens/B-PER sagt/O das/O ./O")
				s.Weight = c.weight
				train = append(train, s)
			}
			m, err := Train(train, dev, TrainOptions{Loss: loss, Epochs: 5})
			if err != nil {
				t.Fatal(err)
			}
			if tags, _ := m.Tag(toy[4].Words); tags[0] != c.want {
				t.Errorf("%s, weight %v: Siemens tagged %v, want %v", loss, c.weight, tags[0], c.want)
			}
		}
	}
}

func mustTag(s string) Tag {
	g, err := ParseTag(s)
	if err != nil {
		panic(err)
	}
	return g
}

// BenchmarkLoad decodes the embedded default model file as Default does
// and reports the heap a loaded model keeps (MB-heap).
func BenchmarkLoad(b *testing.B) {
	b.SetBytes(int64(len(defaultModel)))
	var before, after runtime.MemStats
	var m *Model
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		m = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		var err error
		if m, err = decodeDefault(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB-heap")
	runtime.KeepAlive(m)
}

// TestTaggerCacheMatchesReference checks the emission scores of the
// Tagger (with its word cache, including slot collisions within a
// sentence) against a plain sum over all features.
func TestTaggerCacheMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("W%dx-%d", i, i%7)
	}
	// Words of the statistics table, so that classes, ratios and
	// gazetteer bits vary between neighbours, and the empty word, which a
	// new cache slot must not pass for.
	common := append(strings.Fields("ich wohne in Berlin Paris die Katze Maus schläft . Berlins"), "")
	copy(vocab, common)
	for _, stats := range []*wordstats.Table{nil, tinyStats(t)} {
		m := randomModel(BILOU, vocab[:300], rng, stats)
		tg := m.NewTagger()
		x := extractor{mask: m.mask, stats: stats}
		for range 200 {
			words := make([]string, 1+rng.IntN(80))
			for i := range words {
				if rng.IntN(2) == 0 {
					words[i] = vocab[rng.IntN(len(common))]
				} else {
					words[i] = vocab[rng.IntN(len(vocab))]
				}
			}
			tg.emitWords(words)
			x.run(words)
			for i := range words {
				acc := make([]int32, m.k)
				tg.sum(acc, x.feats[x.offs[i]:x.offs[i+1]])
				for l, a := range acc {
					if want := float32(a) * m.wscale; tg.emit[i*m.k+l] != want {
						t.Fatalf("stats %v, token %d label %d: emission %v, want %v", stats != nil, i, l, tg.emit[i*m.k+l], want)
					}
				}
			}
		}
	}
}

// TestTrainDeterministicGermEval trains twice on a slice of GermEval
// train with the embedded model's word statistics and the same seed and
// expects byte-identical model files.
func TestTrainDeterministicGermEval(t *testing.T) {
	path := shared.ForTest(t, "germeval2014", "NER-de-train.tsv")
	raw, err := corpus.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sents []Sentence
	for _, s := range raw[:400] {
		var tags []Tag
		for _, x := range s.Tags {
			g, err := ParseTag(x)
			if err != nil {
				t.Fatal(err)
			}
			tags = append(tags, g)
		}
		sents = append(sents, Sentence{Words: s.Words, Tags: tags})
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	train := func() []byte {
		m, err := Train(sents[:300], sents[300:], TrainOptions{Epochs: 3, Runs: 2, Seed: 5, MinCount: 2, Stats: def.stats})
		if err != nil {
			t.Fatal(err)
		}
		return encodeModel(t, m)
	}
	if a, b := train(), train(); !bytes.Equal(a, b) {
		t.Error("two trainings with the same data and seed give different model files")
	}
}

// TestSchemeTwin checks that twin pairs each internal label with the
// other label of the same BIO tag, or with itself when there is none.
func TestSchemeTwin(t *testing.T) {
	for _, sch := range []Encoding{BIO, BILOU} {
		for l := range sch.NumLabels() {
			want := l
			for o := range sch.NumLabels() {
				if o != l && sch.Tag(o) == sch.Tag(l) {
					want = o
				}
			}
			if got := sch.twin(l); got != want {
				t.Errorf("%s: twin(%d) = %d, want %d", sch, l, got, want)
			}
		}
	}
}

func TestArch(t *testing.T) {
	m := trainToy(t, TrainOptions{})
	crf := encodeModel(t, m)
	if got, err := ReadPayload(bytes.NewReader(crf), ArchCRF); err != nil || Arch(crf[headerSize]) != ArchCRF || !bytes.Equal(got, crf[headerSize+1:]) {
		t.Errorf("ReadPayload of a CRF file: %v", err)
	}
	if _, err := ReadPayload(bytes.NewReader(crf), ArchBiLSTM); !errors.Is(err, ErrArch) {
		t.Errorf("a CRF file read as bilstm: got %v, want ErrArch", err)
	}
	var other bytes.Buffer
	if _, err := WritePayload(&other, []byte{byte(ArchBiLSTM), 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadPayload(bytes.NewReader(other.Bytes()), ArchBiLSTM); err != nil || !bytes.Equal(got, []byte{1, 2, 3}) {
		t.Errorf("ReadPayload: %v, %v", got, err)
	}
	// Payload gives the same bytes in place; the same errors.
	data := other.Bytes()
	if got, err := Payload(data, ArchBiLSTM); err != nil || !bytes.Equal(got, []byte{1, 2, 3}) || &got[0] != &data[headerSize+1] {
		t.Errorf("Payload: %v, %v (not in place?)", got, err)
	}
	if _, err := Payload(crf, ArchBiLSTM); !errors.Is(err, ErrArch) {
		t.Errorf("Payload of a CRF file as bilstm: got %v, want ErrArch", err)
	}
	for _, bad := range [][]byte{nil, data[:headerSize], data[:len(data)-1], append(bytes.Clone(data), 0)} {
		if _, err := Payload(bad, ArchBiLSTM); !errors.Is(err, ErrFormat) {
			t.Errorf("Payload of %d bytes: got %v, want ErrFormat", len(bad), err)
		}
	}
	if _, err := Load(bytes.NewReader(other.Bytes())); !errors.Is(err, ErrArch) || errors.Is(err, ErrFormat) {
		t.Errorf("Load of a bilstm file: got %v, want ErrArch", err)
	}
	var empty bytes.Buffer
	WritePayload(&empty, nil)
	if _, err := Load(bytes.NewReader(empty.Bytes())); !errors.Is(err, ErrFormat) {
		t.Errorf("empty payload: got %v, want ErrFormat", err)
	}
	// Version 4: the same without the Arch byte.
	body := crf[headerSize+1:]
	v4 := append([]byte(magic), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(v4[8:], 4)
	v4 = binary.LittleEndian.AppendUint32(v4, crc32.ChecksumIEEE(body))
	v4 = binary.LittleEndian.AppendUint64(v4, uint64(len(body)))
	v4 = binary.LittleEndian.AppendUint64(v4, uint64(len(body)))
	if old, err := Load(bytes.NewReader(append(v4, body...))); err != nil || !bytes.Equal(encodeModel(t, old), crf) {
		t.Errorf("version 4 file: %v", err)
	}
	if ArchCRF.String() != "crf" || ArchBiLSTM.String() != "bilstm" || Arch(9).String() != "Arch(9)" {
		t.Error("Arch names")
	}
}

// TestAddRowsMatchesEntries checks the summing of weight rows (rows with
// many weights as dense rows through package swar, the others entry by
// entry) against a plain sum of their non-zero entries: for the default
// model, and for models of both encodings whose rows have every number of
// weights, extreme weights included, on row lists longer than one batch
// of dense rows.
func TestAddRowsMatchesEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	models := []*Model{def}
	for _, enc := range []Encoding{BIO, BILOU} {
		m := &Model{enc: enc, k: enc.NumLabels(), wscale: 1, cscale: 1}
		row := make([]int16, m.k)
		for r := range 500 {
			clear(row)
			for range r % (m.k + 1) {
				v := int16(rng.IntN(1<<16) - 1<<15)
				if r%3 == 0 {
					v = []int16{math.MaxInt16, math.MinInt16}[rng.IntN(2)]
				}
				row[rng.IntN(m.k)] = v
			}
			m.addRow(uint64(r+1)<<40|uint64(r), row)
		}
		m.trans, m.final = enc.Constraints()
		if err := m.init(); err != nil {
			t.Fatal(err)
		}
		models = append(models, m)
	}
	for _, m := range models {
		if len(m.dense) <= swar.Pad {
			t.Fatalf("%s model: no dense rows", m.enc)
		}
		for range 200 {
			rows := make([]uint32, rng.IntN(300))
			want := make([]int32, maxLabels)
			for i := range rows {
				r := rng.IntN(len(m.fkeys))
				rows[i] = m.row(m.fkeys[r])
				for _, e := range m.ents[m.rowOff[r]:m.rowOff[r+1]] {
					want[e>>16] += int32(int16(e))
				}
			}
			var got [maxLabels]int32
			m.addRows(&got, rows)
			if d := cmp.Diff(want[:m.k], got[:m.k]); d != "" {
				t.Fatalf("%s model, %d rows (-entries +addRows):\n%s", m.enc, len(rows), d)
			}
		}
	}
}
