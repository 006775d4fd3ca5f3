package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrainThenTag(t *testing.T) {
	data := "Angela B-PER\nMerkel I-PER\nbesuchte O\nBerlin B-LOC\n. O\n\n" +
		"Siemens B-ORG\nbaut O\nin O\nMünchen B-LOC\n. O\n\n"
	train := writeTemp(t, "train.conll", data)
	out := filepath.Join(t.TempDir(), "m.nmod")
	_, errOut, code := runCLI(t, "train", "-train", train, "-dev", train, "-out", out, "-epochs", "3")
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "epoch  3") || !strings.Contains(errOut, "dev F1") {
		t.Errorf("no per-epoch progress in:\n%s", errOut)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("model file: %v", err)
	}
	in := writeTemp(t, "in.txt", "Angela\nMerkel\nbesuchte\nBerlin\n.\n")
	got, errOut, code := runCLI(t, "tag", "-conll", "-model", out, in)
	if code != 0 {
		t.Fatalf("tag: exit %d: %s", code, errOut)
	}
	if want := "Angela\tB-PER\nMerkel\tI-PER\nbesuchte\tO\nBerlin\tB-LOC\n.\tO\n"; got != want {
		t.Errorf("tag with the trained model:\n%s\nwant\n%s", got, want)
	}
	if _, _, code := runCLI(t, "train", "-train", train); code != 2 {
		t.Errorf("missing -dev/-out: exit %d, want 2", code)
	}
}

func TestTrainBiLSTM(t *testing.T) {
	data := "Angela B-PER\nMerkel I-PER\nbesuchte O\nBerlin B-LOC\n. O\n\n" +
		"Siemens B-ORG\nbaut O\nin O\nMünchen B-LOC\n. O\n\n"
	train := writeTemp(t, "train.conll", data)
	vecs := tinyVectors(t, writeTemp(t, "text.txt", strings.Repeat("Angela Merkel besuchte Berlin .\nSiemens baut in München .\n", 20)))
	out := filepath.Join(t.TempDir(), "m.nmod")
	ckpt := filepath.Join(t.TempDir(), "ckpt")
	_, errOut, code := runCLI(t, "train", "-arch", "bilstm", "-vectors", vecs, "-hidden", "8", "-train", train, "-dev", train, "-out", out, "-epochs", "1", "-checkpoint", ckpt)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, errOut)
	}
	_, errOut, code = runCLI(t, "train", "-arch", "bilstm", "-vectors", vecs, "-hidden", "8", "-train", train, "-dev", train, "-out", out, "-epochs", "2", "-checkpoint", ckpt, "-resume")
	if code != 0 || !strings.Contains(errOut, "resumed after epoch 1") {
		t.Fatalf("train -resume: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "epoch 2: loss") || !strings.Contains(errOut, "wrote "+out) {
		t.Errorf("no per-epoch progress or result line in:\n%s", errOut)
	}
	in := writeTemp(t, "in.txt", "Angela\nMerkel\nbesuchte\nBerlin\n.\n")
	got, errOut, code := runCLI(t, "tag", "-conll", "-model", out, in)
	if code != 0 || strings.Count(got, "\t") != 5 {
		t.Fatalf("tag with the bilstm model: exit %d: %s\n%s", code, errOut, got)
	}
	if got, errOut, code := runCLI(t, "eval", "-gold", train, "-model", out); code != 0 || !strings.Contains(got, "10 tokens") {
		t.Errorf("eval with the bilstm model: exit %d: %s\n%s", code, errOut, got)
	}
	if got, errOut, code := runCLI(t, "extract", "-format", "json", "-model", out, in); code != 0 || !strings.Contains(got, `"entities"`) {
		t.Errorf("extract with a bilstm model: exit %d: %s\n%s", code, errOut, got)
	}

	// A hybrid of the bilstm and a CRF: it tags and extracts; a CRF with
	// BIO labels does not combine with the BILOU network.
	crf := filepath.Join(t.TempDir(), "crf.nmod")
	hybrid := filepath.Join(t.TempDir(), "h.nmod")
	if _, errOut, code := runCLI(t, "train", "-train", train, "-dev", train, "-out", crf, "-epochs", "2"); code != 0 {
		t.Fatalf("train the CRF: exit %d: %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "hybrid", "-crf", crf, "-neural", out, "-dev", train, "-out", hybrid); code != 0 || !strings.Contains(errOut, "weight") {
		t.Fatalf("hybrid: exit %d: %s", code, errOut)
	}
	if got, errOut, code := runCLI(t, "tag", "-conll", "-model", hybrid, in); code != 0 || strings.Count(got, "\t") != 5 {
		t.Errorf("tag with the hybrid: exit %d: %s\n%s", code, errOut, got)
	}
	if got, errOut, code := runCLI(t, "extract", "-format", "json", "-model", hybrid, in); code != 0 || !strings.Contains(got, `"Berlin"`) {
		t.Errorf("extract with the hybrid: exit %d: %s\n%s", code, errOut, got)
	}
	if _, errOut, code := runCLI(t, "train", "-bio", "-train", train, "-dev", train, "-out", crf, "-epochs", "2"); code != 0 {
		t.Fatalf("train the BIO CRF: exit %d: %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "hybrid", "-crf", crf, "-neural", out, "-dev", train, "-out", hybrid); code != 1 || !strings.Contains(errOut, "BIO") {
		t.Errorf("hybrid with a BIO CRF: exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "train", "-arch", "bilstm", "-train", train, "-dev", train, "-out", out); code != 2 {
		t.Errorf("bilstm without -vectors: exit %d, want 2", code)
	}
}

func TestTrainWithLM(t *testing.T) {
	data := "Angela B-PER\nMerkel I-PER\nbesuchte O\nBerlin B-LOC\n. O\n\n"
	train := writeTemp(t, "train.conll", data)
	text := writeTemp(t, "text.txt", strings.Repeat("Angela Merkel besuchte Berlin. Siemens baut in München.\n", 300))
	vecs := tinyVectors(t, text)
	lm := filepath.Join(t.TempDir(), "lm.nmod")
	_, errOut, code := runCLI(t, "lm", "-in", text, "-vectors", vecs, "-out", lm, "-hidden", "8", "-words", "5000")
	if code != 0 || !strings.Contains(errOut, "read "+text+" (600 sentences, 3000 words so far)") || !strings.Contains(errOut, "held-out loss") {
		t.Fatalf("lm: exit %d: %s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "m.nmod")
	if _, errOut, code := runCLI(t, "train", "-arch", "bilstm", "-vectors", vecs, "-lm", lm, "-hidden", "8", "-train", train, "-dev", train, "-out", out, "-epochs", "1"); code != 0 {
		t.Fatalf("train -lm: exit %d: %s", code, errOut)
	}
	in := writeTemp(t, "in.txt", "Angela\nMerkel\nbesuchte\nBerlin\n.\n")
	if got, errOut, code := runCLI(t, "tag", "-conll", "-model", out, in); code != 0 || strings.Count(got, "\t") != 5 {
		t.Fatalf("tag with the model: exit %d: %s\n%s", code, errOut, got)
	}
	// The language model is not a tagger; a tagger is not a language model.
	if _, errOut, code := runCLI(t, "tag", "-conll", "-model", lm, in); code != 1 || !strings.Contains(errOut, "bilm") {
		t.Errorf("tag with the language model: exit %d: %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "train", "-arch", "bilstm", "-vectors", vecs, "-lm", out, "-train", train, "-dev", train, "-out", out); code != 1 || !strings.Contains(errOut, "bilstm") {
		t.Errorf("train -lm with a tagger: exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "train", "-lm", lm, "-train", train, "-dev", train, "-out", out); code != 2 {
		t.Errorf("-lm with the CRF: exit %d, want 2", code)
	}
	if _, _, code := runCLI(t, "lm", "-out", lm); code != 2 {
		t.Errorf("lm without -vectors: exit %d, want 2", code)
	}
}

// tinyVectors learns 8-dimensional word vectors from the text file and
// returns the path of their file.
func tinyVectors(t *testing.T, text string) string {
	t.Helper()
	vecs := filepath.Join(t.TempDir(), "v.vec")
	if _, errOut, code := runCLI(t, "embed", "-in", text, "-tagged", "none", "-out", vecs, "-dims", "8", "-buckets", "64", "-min-count", "1"); code != 0 {
		t.Fatalf("embed: exit %d: %s", code, errOut)
	}
	return vecs
}
