package cli

import (
	"fmt"
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

	// -seen: Angela Merkel is in the reference corpus, Berlin and russischen
	// are not; the two rows add up to the overall counts.
	seen := writeTemp(t, "seen.conll", "Angela B-PER\nMerkel I-PER\nsprach O\n")
	out, errOut, code = runCLI(t, "eval", "-gold", gold, "-seen", seen)
	if code != 0 {
		t.Fatalf("-seen: exit %d: %s", code, errOut)
	}
	rows := map[string][2]int{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 {
			continue
		}
		var g, p int
		fmt.Sscan(f[len(f)-2]+" "+f[len(f)-1], &g, &p)
		rows[strings.Join(f[:len(f)-5], " ")] = [2]int{g, p}
	}
	if rows["all seen"][0] != 1 || rows["unseen"][0] != 2 {
		t.Errorf("-seen: gold spans seen %d, unseen %d; want 1, 2:\n%s", rows["all seen"][0], rows["unseen"][0], out)
	}
	if rows["all seen"][1]+rows["unseen"][1] != rows["overall"][1] {
		t.Errorf("-seen: predicted spans %d + %d, overall %d:\n%s", rows["all seen"][1], rows["unseen"][1], rows["overall"][1], out)
	}
	if _, _, code := runCLI(t, "eval", "-gold", gold, "-seen", seen+".missing"); code != 1 {
		t.Errorf("-seen of a missing file: exit %d, want 1", code)
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
