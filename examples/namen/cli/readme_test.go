package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
)

const readme = "../../../README.md"

// TestREADMEExample runs the README's opening command and compares its
// output with the README.
func TestREADMEExample(t *testing.T) {
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```\n\\$ echo '([^']*)' \\| namen extract\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatal("README has no opening example of the form: $ echo '…' | namen extract")
	}
	old := extractStdin
	defer func() { extractStdin = old }()
	extractStdin = strings.NewReader(string(m[1]) + "\n")
	out, stderr, code := runCLI(t, "extract")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if out != string(m[2]) {
		t.Errorf("README shows\n%s\nnamen extract prints\n%s", m[2], out)
	}
}

// TestREADMEVocabulary checks the README's vocabulary table against the
// text forms in Go (String) and JSON (MarshalText).
func TestREADMEVocabulary(t *testing.T) {
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 4 {
			continue
		}
		concept := strings.TrimSpace(cells[1])
		for _, v := range regexp.MustCompile("`([^`]*)`").FindAllStringSubmatch(cells[2], -1) {
			rows[concept] = append(rows[concept], v[1])
		}
	}
	type texter interface {
		String() string
		MarshalText() ([]byte, error)
	}
	check := func(concept string, prefix string, values []texter) {
		t.Helper()
		var want []string
		for key, vs := range rows {
			if strings.HasPrefix(key, prefix) {
				want = vs
			}
		}
		if len(want) < len(values) {
			t.Fatalf("README row %q: %v, want %d values", concept, want, len(values))
		}
		for i, v := range values {
			b, err := v.MarshalText()
			if err != nil || string(b) != v.String() || v.String() != want[i] {
				t.Errorf("%s %d: String %q, JSON %q (%v); README %q", concept, i, v.String(), b, err, want[i])
			}
		}
	}
	check("label", "label", []texter{extract.PER, extract.LOC, extract.ORG, extract.OTH})
	check("model class", "label", []texter{model.PER, model.LOC, model.ORG, model.OTH})
	check("kind", "kind", []texter{extract.Name, extract.Derived, extract.Part})
	check("model kind", "kind", []texter{model.Name, model.Derived, model.Part})
	var types []texter
	for typ := model.Type(0); int(typ) < model.NumTypes; typ++ {
		types = append(types, typ)
	}
	check("type", "type", types)
	var kinds []texter
	for k := lang.Word; k <= lang.Hashtag; k++ {
		kinds = append(kinds, k)
	}
	check("token kind", "token kind", kinds)
	check("offset unit", "offset unit", []texter{extract.Bytes, extract.Runes, extract.UTF16})
	// GermEval's suffix reads as derived.
	if k, err := extract.ParseKind("deriv"); err != nil || k != extract.Derived {
		t.Errorf(`ParseKind("deriv") = %v, %v`, k, err)
	}
}
