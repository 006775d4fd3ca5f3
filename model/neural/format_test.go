package neural

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/model"
)

func TestFormatRoundTrip(t *testing.T) {
	m := benchModel(t)
	m.info = "test model"
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	got, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"Die", "Bundeskanzlerin", "Angela", "Merkel", "reist", "nach", "Paris", "."}
	wantTags, wantConf := m.NewTagger().Tag(words)
	gotTags, gotConf := got.NewTagger().Tag(words)
	if diff := cmp.Diff(wantTags, gotTags); diff != "" || !cmp.Equal(wantConf, gotConf) || got.Info() != "test model" {
		t.Errorf("loaded model tags differently: %s %v %v", diff, wantConf, gotConf)
	}
	var again bytes.Buffer
	got.WriteTo(&again)
	if !bytes.Equal(again.Bytes(), data) {
		t.Error("re-encoding gives other bytes")
	}
	// A CRF file is refused with model.ErrArch, and a truncated or
	// corrupt one with model.ErrFormat.
	var crf bytes.Buffer
	model.WritePayload(&crf, []byte{byte(model.ArchCRF), 1})
	if _, err := Load(bytes.NewReader(crf.Bytes())); !errors.Is(err, model.ErrArch) {
		t.Errorf("CRF file: got %v, want ErrArch", err)
	}
	for n := 0; n < len(data); n += 1 + n/4 {
		if _, err := Load(bytes.NewReader(data[:n])); !errors.Is(err, model.ErrFormat) {
			t.Fatalf("truncated to %d bytes: got %v", n, err)
		}
	}
	body := data[33:] // after the envelope's header and the Arch byte
	for _, at := range []int{0, 3, 9, 12, len(body) / 2, len(body) - 2} {
		bad := bytes.Clone(body)
		bad[at] ^= 0x5a
		if _, err := decode(bad); err == nil && at < 12 {
			t.Errorf("byte %d of the body changed: no error", at)
		}
	}
}

// FuzzLoad feeds mutated model bodies to the decoder: it must return a
// model or an error, never panic or allocate beyond the input's sizes.
func FuzzLoad(f *testing.F) {
	m := benchModel(f)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes()[33:])
	f.Add([]byte{1, 100, 10, 5, 8, 8, 0, 16, 49, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		if m, err := decode(body); err == nil {
			m.NewTagger().Tag([]string{"Ein", "Satz", "."})
		}
	})
}
