package cli

import (
	"strings"
	"testing"

	"github.com/namen-nlp/namen/model"
)

func TestTagCoNLL(t *testing.T) {
	in := writeTemp(t, "in.conll", "Angela X\nMerkel\nbesuchte\nBerlin\n.\n\n\nDie\nNATO\n")
	out, errOut, code := runCLI(t, "tag", "-conll", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "Angela\tB-PER\nMerkel\tI-PER\nbesuchte\tO\nBerlin\tB-LOC\n.\tO\n\n\nDie\tO\nNATO\tB-ORG\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestTagUsage(t *testing.T) {
	if _, _, code := runCLI(t, "tag"); code != 2 {
		t.Errorf("tag without -conll: exit %d, want 2", code)
	}
	if _, errOut, code := runCLI(t, "tag", "-conll", "-model", "/nonexistent.nmod", "x"); code != 1 || !strings.Contains(errOut, "nonexistent") {
		t.Errorf("missing model: exit %d, %q", code, errOut)
	}
}

func TestEvalCoNLL(t *testing.T) {
	gold := writeTemp(t, "gold.conll", "Angela B-PER\nMerkel I-PER\nbesuchte O\nBerlin B-LOC\n. O\n\nDie O\nrussischen B-LOCderiv\nTruppen O\n")
	out, errOut, code := runCLI(t, "eval", "-gold", gold)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"PER ", "LOC ", "LOCderiv", "overall"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, "eval", "-gold", gold, "-scheme", "base4")
	if strings.Contains(out, "LOCderiv") {
		t.Errorf("base4 output scores LOCderiv:\n%s", out)
	}
	if _, _, code := runCLI(t, "eval", "-gold", gold, "-scheme", "nope"); code != 2 {
		t.Errorf("bad scheme: exit %d, want 2", code)
	}
}

// -model names the default and registered models; "accurate" without its
// build says where to get it.
func TestModelNames(t *testing.T) {
	in := writeTemp(t, "in.txt", "Angela\nMerkel\nbesuchte\nBerlin\n.\n")
	want, _, code := runCLI(t, "tag", "-conll", in)
	if code != 0 {
		t.Fatalf("tag: exit %d", code)
	}
	if got, errOut, code := runCLI(t, "tag", "-conll", "-model", "default", in); code != 0 || got != want {
		t.Errorf("-model default: exit %d %s\n%s\nwant\n%s", code, errOut, got, want)
	}
	if _, errOut, code := runCLI(t, "tag", "-conll", "-model", "accurate", in); code != 1 || !strings.Contains(errOut, "go install github.com/namen-nlp/namen/model/accurate/cmd/namen") {
		t.Errorf("-model accurate without its build: exit %d: %s", code, errOut)
	}
	RegisterModel("accurate", func() (model.Labeler, error) { return model.Default() })
	defer delete(models, "accurate")
	if got, errOut, code := runCLI(t, "tag", "-conll", "-model", "accurate", in); code != 0 || got != want {
		t.Errorf("-model accurate registered: exit %d %s\n%s", code, errOut, got)
	}
}
