package lang

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokenJSON(t *testing.T) {
	toks := Tokenize("Die NATO tagt: z.B. in Belek.")
	b, err := json.Marshal(toks[1])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"text":"NATO","start":4,"end":8,"kind":"word"}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	b, err = json.Marshal(toks)
	if err != nil {
		t.Fatal(err)
	}
	var back []Token
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(toks, back); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	if _, err := json.Marshal(Token{Kind: Kind(200)}); err == nil {
		t.Error("invalid kind: want an error")
	}
	var k Kind
	if err := k.UnmarshalText([]byte("Wort")); err == nil {
		t.Error(`UnmarshalText("Wort"): want an error`)
	}
}
