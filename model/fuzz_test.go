package model_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/model"
	"github.com/namen-nlp/namen/model/wordstats"
)

// fuzzSentences are tagged by every model that FuzzLoad manages to load.
var fuzzSentences = [][]string{
	{"Angela", "Merkel", "besucht", "Berlin", "."},
	{"NATO-Generalsekretär", "Rutte", "in", "Belek"},
	{"\xff", "", "\x00", "Путин", strings.Repeat("A", 300)},
	{"."},
	{},
}

// fuzzModel trains a tiny model with a word statistics table, so that the
// seed file exercises every section of the format.
func fuzzModel(tb testing.TB) []byte {
	tb.Helper()
	b := wordstats.NewBuilder(wordstats.Options{Classes: [3]int{2, 4, 8}, Contexts: 10, MinClusterFreq: 2, Seed: 1})
	for range 4 {
		for _, line := range []string{"ich wohne in Berlin .", "ich wohne in Paris .", "die Katze schläft .", "die Maus schläft ."} {
			b.Add(line)
		}
	}
	b.AddGazetteer(wordstats.GazPlace, "Berlin")
	stats, err := b.Finish(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	var train []model.Sentence
	for _, s := range []string{"Angela/B-PER Merkel/I-PER wohnt/O in/O Berlin/B-LOC ./O", "die/O russischen/B-LOCderiv Truppen/O", "der/O NATO-Gipfel/B-ORGpart"} {
		var sent model.Sentence
		for _, f := range strings.Fields(s) {
			i := strings.LastIndexByte(f, '/')
			g, err := model.ParseTag(f[i+1:])
			if err != nil {
				tb.Fatal(err)
			}
			sent.Words = append(sent.Words, f[:i])
			sent.Tags = append(sent.Tags, g)
		}
		train = append(train, sent)
	}
	m, err := model.Train(train, train, model.TrainOptions{Epochs: 2, Stats: stats, Info: "fuzz seed"})
	if err != nil {
		tb.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := m.WriteTo(&file); err != nil {
		tb.Fatal(err)
	}
	return file.Bytes()
}

// Header layout of the model format (see format.go): magic, version, crc,
// compressed length, raw length.
const headerSize = 8 + 4 + 4 + 8 + 8

// wrapPayload builds a model file of format version (taken from a file
// WriteTo wrote) with a correct header and checksum around raw, so that
// the fuzzer reaches the payload decoder.
func wrapPayload(version uint32, raw []byte) []byte {
	if version >= 4 {
		return wrapCompressed(version, raw, uint64(len(raw))) // stored as it is
	}
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(raw)
	fw.Close()
	return wrapCompressed(version, comp.Bytes(), uint64(len(raw)))
}

// payloadOf returns the payload of a model file: stored (version 4) or
// inflated (versions 2 and 3).
func payloadOf(file []byte) ([]byte, error) {
	if binary.LittleEndian.Uint32(file[8:]) >= 4 {
		return file[headerSize:], nil
	}
	return io.ReadAll(flate.NewReader(bytes.NewReader(file[headerSize:])))
}

// wrapCompressed puts a header with a valid checksum in front of a
// compressed payload that claims size bytes.
func wrapCompressed(version uint32, comp []byte, size uint64) []byte {
	out := []byte("NAMENMDL")
	out = binary.LittleEndian.AppendUint32(out, version)
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(comp))
	out = binary.LittleEndian.AppendUint64(out, uint64(len(comp)))
	out = binary.LittleEndian.AppendUint64(out, size)
	return append(out, comp...)
}

// FuzzLoad checks that Load of arbitrary bytes returns an error or a model
// that tags sentences with valid tag sequences and confidences in [0,1]
// and writes itself back to a file that loads. Each input is tried as a
// file and as a payload wrapped in a valid header and checksum.
func FuzzLoad(f *testing.F) {
	file := fuzzModel(f)
	raw, err := payloadOf(file)
	if err != nil {
		f.Fatal(err)
	}
	version := binary.LittleEndian.Uint32(file[8:])
	for _, in := range [][]byte{file, wrapPayload(version, raw)} {
		if _, err := model.Load(bytes.NewReader(in)); err != nil {
			f.Fatalf("the seed model does not load: %v", err)
		}
	}
	f.Add(file)
	f.Add(raw)
	f.Add(file[:len(file)/2])
	f.Add([]byte("NAMENMDL"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, in := range [][]byte{data, wrapPayload(version, data)} {
			m, err := model.Load(bytes.NewReader(in))
			if err != nil {
				if m != nil {
					t.Fatalf("Load returned a model and error %v", err)
				}
				if !strings.HasPrefix(err.Error(), "model: load: ") {
					t.Fatalf("error %q lacks context", err)
				}
				continue
			}
			checkModel(t, m)
			var again bytes.Buffer
			if _, err := m.WriteTo(&again); err != nil {
				t.Fatalf("WriteTo of a loaded model: %v", err)
			}
			if _, err := model.Load(&again); err != nil {
				t.Fatalf("a loaded model written again does not load: %v", err)
			}
		}
	})
}

// checkModel tags fuzzSentences with m and checks the output.
func checkModel(t *testing.T, m *model.Model) {
	t.Helper()
	tg := m.NewTagger()
	for _, words := range fuzzSentences {
		tags, conf := m.Tag(words)
		tags2, conf2 := tg.Tag(words)
		if len(tags) != len(words) || len(conf) != len(words) || len(tags2) != len(words) || len(conf2) != len(words) {
			t.Fatalf("%q: %d words, %d/%d tags, %d/%d confidences", words, len(words), len(tags), len(tags2), len(conf), len(conf2))
		}
		prev := model.O
		for i, g := range tags {
			if !model.ValidAfter(prev, g) || g != tags2[i] {
				t.Fatalf("%q: invalid or inconsistent tags %v / %v", words, tags, tags2)
			}
			if !(conf[i] >= 0 && conf[i] <= 1) {
				t.Fatalf("%q: confidence %v", words, conf[i])
			}
			prev = g
		}
	}
}
