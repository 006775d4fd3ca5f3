package neural

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/vectors"
)

var hybridWords = [][]string{
	{"Die", "Bundeskanzlerin", "Angela", "Merkel", "reist", "morgen", "nach", "Paris", "."},
	{"Siemens", "baut", "in", "München", "ein", "Werk", "."},
}

func testHybrid(t *testing.T) (*Hybrid, *model.Model, *Model) {
	t.Helper()
	crf, err := model.Default()
	if err != nil {
		t.Fatal(err)
	}
	nn := benchModel(t)
	var dev []model.Sentence
	for _, ws := range hybridWords {
		tags, _ := crf.Tag(ws) // the CRF's tags as gold: the fit must run, not be right
		dev = append(dev, model.Sentence{Words: ws, Tags: tags})
	}
	h, err := NewHybrid(crf, nn, dev)
	if err != nil {
		t.Fatal(err)
	}
	return h, crf, nn
}

// The product follows the CRF when the network's weight is tiny and the
// network when it is huge.
func TestHybridExperts(t *testing.T) {
	h, crf, nn := testHybrid(t)
	if !strings.Contains(h.Info(), "weight") || h.Weight() <= 0 {
		t.Errorf("info %q, weight %v", h.Info(), h.Weight())
	}
	for _, c := range []struct {
		w    float32
		name string
		want model.SentenceTagger
	}{{1e-6, "CRF", crf.NewTagger()}, {1e6, "network", nn.NewTagger()}} {
		hw, err := newHybrid(crf, nn, c.w, 1, "")
		if err != nil {
			t.Fatal(err)
		}
		ht := hw.NewTagger()
		for _, ws := range hybridWords {
			want, _ := c.want.Tag(ws)
			want = append([]model.Tag(nil), want...)
			got, conf := ht.Tag(ws)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("weight %g: tags differ from the %s's (-want +got):\n%s", c.w, c.name, diff)
			}
			for _, p := range conf {
				if !(p >= 0 && p <= 1) {
					t.Errorf("weight %g: confidence %v", c.w, p)
				}
			}
		}
	}
	if _, err := newHybrid(crf, nn, 0, 1, ""); err == nil {
		t.Error("weight 0: no error")
	}
	bio := trainedCRF(t, true)
	if _, err := NewHybrid(bio, nn, trainedSentences(t)); err == nil || !strings.Contains(err.Error(), "BIO") {
		t.Errorf("a BIO CRF: got %v, want an error naming BIO", err)
	}
}

func TestHybridFormat(t *testing.T) {
	h, crf, nn := testHybrid(t)
	var buf bytes.Buffer
	if _, err := h.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	got, err := LoadHybrid(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got.Info() != h.Info() || got.Weight() != h.Weight() {
		t.Errorf("loaded: info %q weight %v, want %q %v", got.Info(), got.Weight(), h.Info(), h.Weight())
	}
	for _, ws := range hybridWords {
		wantTags, wantConf := h.NewTagger().Tag(ws)
		gotTags, gotConf := got.NewTagger().Tag(ws)
		if !cmp.Equal(wantTags, gotTags) || !cmp.Equal(wantConf, gotConf) {
			t.Errorf("%v: loaded hybrid tags %v %v, want %v %v", ws, gotTags, gotConf, wantTags, wantConf)
		}
	}
	var again bytes.Buffer
	got.WriteTo(&again)
	if !bytes.Equal(again.Bytes(), data) {
		t.Error("re-encoding gives other bytes")
	}
	// Read in place, the file can be overwritten afterwards.
	mem := bytes.Clone(data)
	inPlace, err := LoadHybridBytes(mem)
	if err != nil {
		t.Fatal(err)
	}
	clear(mem)
	for _, ws := range hybridWords {
		wantTags, wantConf := h.NewTagger().Tag(ws)
		gotTags, gotConf := inPlace.NewTagger().Tag(ws)
		if !cmp.Equal(wantTags, gotTags) || !cmp.Equal(wantConf, gotConf) {
			t.Errorf("%v: hybrid read in place tags %v %v, want %v %v", ws, gotTags, gotConf, wantTags, wantConf)
		}
	}
	if _, err := LoadHybridBytes(data[:len(data)-1]); !errors.Is(err, model.ErrFormat) {
		t.Errorf("LoadHybridBytes of a truncated file: got %v", err)
	}
	if _, err := Load(bytes.NewReader(data)); !errors.Is(err, model.ErrArch) {
		t.Errorf("Load of a hybrid: got %v, want ErrArch", err)
	}
	for n := 0; n < len(data); n += 1 + n/3 {
		if _, err := LoadHybrid(bytes.NewReader(data[:n])); !errors.Is(err, model.ErrFormat) {
			t.Fatalf("truncated to %d bytes: got %v", n, err)
		}
	}
	// A changed version, a negative weight or temperature (the sign bits)
	// or a wrong info length is an error.
	body := data[33:]
	for _, at := range []int{0, 4, 8, 9} {
		bad := bytes.Clone(body)
		bad[at] ^= 0x80
		if _, err := decodeHybrid(bad); err == nil {
			t.Errorf("byte %d of the body changed: no error", at)
		}
	}

	// The default CRF is stored as its checksum; another checksum is an
	// error. Another CRF is stored whole.
	sum := model.DefaultSHA256()
	at := bytes.Index(body, sum[:])
	if at < 0 || bytes.Count(body, sum[:]) != 1 {
		t.Fatal("the default CRF's checksum is not in the body once")
	}
	bad := bytes.Clone(body)
	bad[at] ^= 1
	if _, err := decodeHybrid(bad); err == nil || !strings.Contains(err.Error(), "default CRF") {
		t.Errorf("another default's checksum: got %v", err)
	}
	own := trainedCRF(t, false)
	ho, err := newHybrid(own, nn, 1.5, 1, "own CRF")
	if err != nil {
		t.Fatal(err)
	}
	var ob bytes.Buffer
	if _, err := ho.WriteTo(&ob); err != nil {
		t.Fatal(err)
	}
	hl, err := LoadHybrid(bytes.NewReader(ob.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, ws := range hybridWords {
		want, _ := ho.NewTagger().Tag(ws)
		want = append([]model.Tag(nil), want...)
		if got, _ := hl.NewTagger().Tag(ws); !cmp.Equal(want, got) {
			t.Errorf("hybrid with its own CRF, loaded: %v, want %v", got, want)
		}
	}

	// LoadAny reads each architecture and names the path in errors.
	dir := t.TempDir()
	for name, m := range map[string]interface {
		model.Labeler
		io.WriterTo
	}{"crf": crf, "bilstm": nn, "hybrid": h} {
		var b bytes.Buffer
		if _, err := m.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name+".nmod")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := LoadAny(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if gotType, wantType := fmt.Sprintf("%T", got), fmt.Sprintf("%T", m); gotType != wantType {
			t.Errorf("%s: loaded a %s, want %s", name, gotType, wantType)
		}
		os.WriteFile(path, b.Bytes()[:b.Len()/2], 0o644)
		if _, err := LoadAny(path); !errors.Is(err, model.ErrFormat) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s truncated: got %v, want ErrFormat naming the path", name, err)
		}
	}
	if _, err := LoadAny(filepath.Join(dir, "missing.nmod")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v", err)
	}
}

func trainedSentences(t testing.TB) []model.Sentence {
	t.Helper()
	loc, err := model.ParseTag("B-LOC")
	if err != nil {
		t.Fatal(err)
	}
	return []model.Sentence{{Words: []string{"nach", "Berlin"}, Tags: []model.Tag{model.O, loc}}}
}

// trainedCRF returns a tiny CRF with BILOU labels, or BIO ones.
func trainedCRF(t testing.TB, bio bool) *model.Model {
	t.Helper()
	s := trainedSentences(t)
	m, err := model.Train(s, s, model.TrainOptions{BIO: bio, Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func tinyVectors(t testing.TB) *vectors.Table {
	t.Helper()
	b := vectors.NewBuilder(vectors.Options{Dims: 8, Buckets: 64, Epochs: 1, MinCount: 1})
	for range 20 {
		b.AddWords([]string{"nach", "Berlin", "und", "Paris"})
	}
	vt, err := b.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return vt
}

// A training stopped after 2 epochs and resumed from its checkpoint ends
// with the model of one run of 4 epochs.
func TestTrainResume(t *testing.T) {
	train := trainedSentences(t)
	train = append(train, model.Sentence{Words: []string{"Paris", "und", "Berlin"}, Tags: []model.Tag{train[0].Tags[1], model.O, train[0].Tags[1]}})
	opt := TrainOptions{Vectors: tinyVectors(t), Hidden: 8, Epochs: 4, Patience: 10, Seed: 5, Batch: 1}
	straight, err := Train(context.Background(), train, train, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Checkpoint = filepath.Join(t.TempDir(), "ckpt")
	opt.Epochs = 2
	if _, err := Train(context.Background(), train, train, opt); err != nil {
		t.Fatal(err)
	}
	opt.Epochs, opt.Resume = 4, true
	var lines []string
	opt.Progress = func(msg string) { lines = append(lines, msg) }
	resumed, err := Train(context.Background(), train, train, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(straight.params, resumed.params) {
		t.Error("the resumed training ends with other parameters")
	}
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "resumed after epoch 2") {
		t.Errorf("progress of the resumed training: %q", lines)
	}
	// Other options than the checkpoint's, or no checkpoint: an error.
	opt.Seed = 6
	if _, err := Train(context.Background(), train, train, opt); err == nil || !strings.Contains(err.Error(), "another training") {
		t.Errorf("resume with another seed: got %v", err)
	}
	opt.Seed, opt.Checkpoint = 5, filepath.Join(t.TempDir(), "missing")
	if _, err := Train(context.Background(), train, train, opt); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("resume without a checkpoint: got %v", err)
	}
}

// FuzzLoadHybrid feeds mutated hybrid bodies to the decoder: it must
// return a hybrid that tags, or an error; never panic. The seeds hold a
// tiny CRF of their own and the default CRF's checksum.
func FuzzLoadHybrid(f *testing.F) {
	// A tiny untrained network keeps the seeds small.
	vt := tinyVectors(f)
	rd := reader{dims: vt.Dims(), vecs: vt, chars: charIDs([][]string{{"Angela", "Berlin"}}, 1)}
	cfg := config{Dims: rd.dims, Chars: len(rd.chars) + 2, CharDim: 4, Filters: 4, ShapeDim: 2, Hidden: 4, Labels: encoding.NumLabels()}
	params := newArena(paramCount(cfg))
	newNet(params, cfg).initParams(rand.New(rand.NewPCG(1, 1)))
	nn, err := newModel(cfg, params.all, rd, 1)
	if err != nil {
		f.Fatal(err)
	}
	def, err := model.Default()
	if err != nil {
		f.Fatal(err)
	}
	for _, crf := range []*model.Model{trainedCRF(f, false), def} {
		h, err := newHybrid(crf, nn, 1.5, 0.5, "fuzz seed")
		if err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := h.WriteTo(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes()[33:]) // after the envelope's header and the Arch byte
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if h, err := decodeHybrid(body); err == nil {
			tags, conf := h.NewTagger().Tag([]string{"Angela", "Merkel", "besuchte", "Berlin", "."})
			if len(tags) != 5 || len(conf) != 5 {
				t.Fatalf("%d tags, %d confidences for 5 words", len(tags), len(conf))
			}
		}
	})
}
