package main

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
