package benchtext

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDetokenize(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{nil, ""},
		{[]string{"Er", "kam", "."}, "Er kam."},
		{[]string{"„", "Ja", "“", ",", "sagte", "sie", "(", "leise", ")", "."}, "„Ja“, sagte sie (leise)."},
		{[]string{"Der", "\"", "Spiegel", "\"", "schrieb", "\"", "Nein", "\""}, "Der \"Spiegel\" schrieb \"Nein\""},
		{[]string{"»", "Gut", "«", "!"}, "»Gut«!"},
	} {
		if diff := cmp.Diff(tc.want, Detokenize(tc.words)); diff != "" {
			t.Errorf("Detokenize(%q) (-want +got):\n%s", tc.words, diff)
		}
	}
}

func TestDefault(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) == 0 || !strings.Contains(c.Docs[0], "Rutte") {
		t.Fatalf("first document is not the seed article: %.80q", c.Docs)
	}
	for i, d := range c.Docs {
		if strings.TrimSpace(d) == "" {
			t.Errorf("document %d is empty", i)
		}
	}
	t.Logf("%d documents: %s", len(c.Docs), c.Source)
}
